import { toAccAddress, valoperBytes } from "../../app/address";
import { LAST_BLOCK_TIME_KEY, u64, utf8 } from "../../app/keys";
import type { QueryHandler } from "../../app/module";
import { pageResponse, paginate, paginateList } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { optchain } from "../../proto/gen/optchain";
import { ErrPriceNotFound, ErrUnknownAsset } from "./errors";
import type { AssetMissCount } from "./codec";
import type { OracleKeeper, StoredMissCounter, StoredPrice } from "./keeper";
import { PRICE_PREFIX, TALLY_PREFIX, assetOfKey } from "./keys";
import { decToString } from "../../lib/fixed";
import type { OracleParams } from "./params";

const pb = optchain.oracle.v1;

/** Staleness as of the latest committed block: queries judge by the same clock CheckTx does. */
function lastBlockTimeNs(state: KVReader): bigint {
  const bytes = state.get(LAST_BLOCK_TIME_KEY);
  return bytes === undefined ? 0n : BigInt(utf8(bytes));
}

export function paramsToProto(params: OracleParams) {
  return pb.Params.create({
    votePeriod: params.vote_period,
    voteQuorum: params.vote_quorum,
    assets: params.assets.map((asset) => ({ name: asset.name, voteThreshold: asset.vote_threshold })),
    quoteDenom: params.quote_denom,
    rewardBand: params.reward_band,
    slashFraction: params.slash_fraction,
    slashWindow: params.slash_window,
    minValidPerWindow: params.min_valid_per_window,
    jailDurationSeconds: params.jail_duration_seconds,
    maxPriceAgeSeconds: params.max_price_age_seconds,
    historyLength: params.history_length,
    rewardFeeShare: params.reward_fee_share,
    rewardInflationPerBlock: params.reward_inflation_per_block,
    rewardInflationDenom: params.reward_inflation_denom,
    rewardPeriodBlocks: params.reward_period_blocks,
    rewardDistributionWindow: params.reward_distribution_window,
    maxRewardDenoms: params.max_reward_denoms,
  });
}

function priceToProto(asset: string, price: StoredPrice, stale: boolean) {
  return pb.Price.create({ asset, price: price.price, height: price.height, timeUnixNanos: price.time_ns, stale });
}

function tallyToProto({ tally, votes, absent }: NonNullable<ReturnType<OracleKeeper["lastTallyView"]>>) {
  return pb.Tally.create({
    asset: tally.asset,
    height: tally.height,
    timeUnixNanos: tally.time_ns,
    passed: tally.passed,
    median: tally.median,
    standardDeviation: tally.standard_deviation,
    band: tally.band,
    votedPower: Number(tally.voted_power),
    totalPower: Number(tally.total_power),
    voteThreshold: tally.vote_threshold,
    votes: votes.map((vote) => ({ validator: vote.validator, price: decToString(vote.price, { trimZeros: true }), power: Number(vote.power), inBand: vote.inBand })),
    absent,
  });
}

/** `assets`: the per-asset counts to show (all of them, or MissCounter's page); `windowBallots`: keeper.windowBallots. */
const missToProto = (validator: string, counter: StoredMissCounter, assets: readonly AssetMissCount[], windowBallots: number) =>
  pb.MissCounter.create({ validator, misses: counter.misses, ballots: counter.ballots, assets: assets.map(({ asset, misses, ballots }) => ({ asset, misses, ballots })), windowBallots });

const coinsToProto = (coins: ReadonlyArray<{ denom: string; amount: string | bigint }>) => coins.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() }));

function rewardToProto(keeper: OracleKeeper, state: KVReader, operator: Uint8Array, validator: string) {
  const { weight, in_band } = keeper.rewards.weight(state, operator);
  const { misses, ballots } = keeper.missCounter(state, operator);
  return pb.ValidatorReward.create({ validator, rewards: coinsToProto(keeper.rewards.reward(state, operator).rewards), weight, inBandVotes: in_band, misses, ballots });
}

export function oracleQueries(keeper: OracleKeeper): Record<string, QueryHandler> {
  const knownAsset = (state: KVReader, asset: string) => {
    if (!keeper.isWhitelisted(state, asset)) throw ErrUnknownAsset.wrap(`asset ${JSON.stringify(asset)}`);
  };
  return {
    "/optchain.oracle.v1.Query/Params": (state) => pb.QueryParamsResponse.encode({ params: paramsToProto(keeper.params(state)) }).finish(),

    "/optchain.oracle.v1.Query/Prices": (state, request) => {
      const { pagination } = pb.QueryPricesRequest.decode(request);
      const now = lastBlockTimeNs(state);
      const page = paginate(state, PRICE_PREFIX, pagination, (assetKey) => {
        const asset = assetOfKey(assetKey, new Uint8Array());
        const price = keeper.storedPrice(state, asset)!;
        return priceToProto(asset, price, keeper.isStale(state, price, now));
      });
      return pb.QueryPricesResponse.encode({ prices: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.oracle.v1.Query/Price": (state, request) => {
      const { asset } = pb.QueryPriceRequest.decode(request);
      knownAsset(state, asset);
      const price = keeper.storedPrice(state, asset);
      if (!price) throw ErrPriceNotFound.wrap(`asset ${asset}`);
      return pb.QueryPriceResponse.encode({ price: priceToProto(asset, price, keeper.isStale(state, price, lastBlockTimeNs(state))) }).finish();
    },

    // A ring of history_length slots, in slot order on disk: sorted by height in memory (bounded by that param).
    "/optchain.oracle.v1.Query/PriceHistory": (state, request) => {
      const { asset, pagination } = pb.QueryPriceHistoryRequest.decode(request);
      knownAsset(state, asset);
      const page = paginateList(keeper.history(state, asset), (entry) => u64(entry.height), pagination);
      const prices = page.items.map((entry) =>
        pb.Price.create({ asset, price: decToString(entry.price, { trimZeros: true }), height: Number(entry.height), timeUnixNanos: entry.timeNs.toString() }),
      );
      return pb.QueryPriceHistoryResponse.encode({ prices, pagination: pageResponse(page) }).finish();
    },

    "/optchain.oracle.v1.Query/LastTally": (state, request) => {
      const { asset } = pb.QueryLastTallyRequest.decode(request);
      knownAsset(state, asset);
      const view = keeper.lastTallyView(state, asset);
      if (!view) throw ErrPriceNotFound.wrap(`no ballot of ${asset} tallied yet`);
      return pb.QueryLastTallyResponse.encode({ tally: tallyToProto(view) }).finish();
    },

    "/optchain.oracle.v1.Query/LastTallies": (state, request) => {
      const { pagination } = pb.QueryLastTalliesRequest.decode(request);
      const page = paginate(state, TALLY_PREFIX, pagination, (assetKey) => {
        const view = keeper.lastTallyView(state, assetOfKey(assetKey, new Uint8Array()));
        return view ? tallyToProto(view) : undefined;
      });
      return pb.QueryLastTalliesResponse.encode({ tallies: page.items, pagination: pageResponse(page) }).finish();
    },

    // The per-asset counts are kept in one counter per validator (at most the whitelist's 100): paged in memory by name.
    "/optchain.oracle.v1.Query/MissCounter": (state, request) => {
      const { validator, pagination } = pb.QueryMissCounterRequest.decode(request);
      const operator = valoperBytes(validator);
      const page = paginateList(keeper.assetMissCounts(state, operator), ({ asset }) => Buffer.from(asset, "utf8"), pagination);
      const missCounter = missToProto(validator, keeper.missCounter(state, operator), page.items, keeper.windowBallots(state));
      return pb.QueryMissCounterResponse.encode({ missCounter, pagination: pageResponse(page) }).finish();
    },

    // Voters are the bonded validators, a list staking owns: paged in memory by operator bytes, each with all its
    // per-asset counts (bounded by the whitelist).
    "/optchain.oracle.v1.Query/MissCounters": (state, request) => {
      const { pagination } = pb.QueryMissCountersRequest.decode(request);
      const page = paginateList(keeper.activeVoters(state), ({ operator }) => operator, pagination);
      const windowBallots = keeper.windowBallots(state);
      const missCounters = page.items.map(({ operator, validator }) => missToProto(validator, keeper.missCounter(state, operator), keeper.assetMissCounts(state, operator), windowBallots));
      return pb.QueryMissCountersResponse.encode({ missCounters, pagination: pageResponse(page) }).finish();
    },

    "/optchain.oracle.v1.Query/RewardPool": (state) => {
      const { funded, paid } = keeper.rewards.totals(state);
      return pb.QueryRewardPoolResponse.encode({ pool: coinsToProto(keeper.rewards.pool(state)), funded: coinsToProto(funded), paid: coinsToProto(paid) }).finish();
    },

    "/optchain.oracle.v1.Query/ValidatorReward": (state, request) => {
      const { validator } = pb.QueryValidatorRewardRequest.decode(request);
      return pb.QueryValidatorRewardResponse.encode({ reward: rewardToProto(keeper, state, valoperBytes(validator), validator) }).finish();
    },

    // Like MissCounters: the bonded validators, paged in memory by operator bytes.
    "/optchain.oracle.v1.Query/ValidatorRewards": (state, request) => {
      const { pagination } = pb.QueryValidatorRewardsRequest.decode(request);
      const page = paginateList(keeper.activeVoters(state), ({ operator }) => operator, pagination);
      const rewards = page.items.map(({ operator, validator }) => rewardToProto(keeper, state, operator, validator));
      return pb.QueryValidatorRewardsResponse.encode({ rewards, pagination: pageResponse(page) }).finish();
    },

    "/optchain.oracle.v1.Query/FeederDelegation": (state, request) => {
      const { validator } = pb.QueryFeederDelegationRequest.decode(request);
      return pb.QueryFeederDelegationResponse.encode({ feeder: toAccAddress(keeper.feeder(state, valoperBytes(validator))) }).finish();
    },

    "/optchain.oracle.v1.Query/AggregatePrevote": (state, request) => {
      const { validator } = pb.QueryAggregatePrevoteRequest.decode(request);
      const prevote = keeper.prevote(state, valoperBytes(validator));
      return pb.QueryAggregatePrevoteResponse.encode({
        prevote: prevote ? { validator, hash: prevote.hash, period: prevote.period, submitHeight: prevote.submit_height } : undefined,
      }).finish();
    },

    "/optchain.oracle.v1.Query/AggregateVote": (state, request) => {
      const { validator } = pb.QueryAggregateVoteRequest.decode(request);
      const vote = keeper.vote(state, valoperBytes(validator));
      return pb.QueryAggregateVoteResponse.encode({ vote: vote ? { validator, prices: vote.prices, period: vote.period } : undefined }).finish();
    },
  };
}
