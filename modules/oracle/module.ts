import { accAddressBytes, toAccAddress, toValoper, valoperBytes } from "../../app/address";
import { validateDenom } from "../../app/coins";
import type { AppModule } from "../../app/module";
import { toHex } from "../../app/store/bytes";
import { decFromString } from "../../lib/fixed";
import { ErrInvalidGenesis } from "./errors";
import type { ValidatorSet, VoteExtensionSchedule } from "./expected";
import { type Ballot, type OracleKeeper, type StoredMissCounter, type StoredBallotEntry, type StoredPrevote, type StoredPrice, type StoredTally, type StoredVote } from "./keeper";
import { msgAggregatePricePrevoteHandler, msgAggregatePriceVoteHandler, msgDelegateFeedConsentHandler } from "./msgs";
import { DEFAULT_PARAMS, type OracleParams } from "./params";
import { ORACLE_CONSENSUS_VERSION } from "./migrations";
import { oracleQueries } from "./queries";
import type { StoredCoin, StoredRewardTotals, StoredRewardWeight, StoredValidatorReward } from "./rewards";
import { assetPositions, priceRows } from "./codec";
import { ballotOfVote, decodeInjectedVotes } from "./ve";

export interface OracleGenesis {
  params: OracleParams;
  feeder_delegations: Array<{ validator: string; feeder: string }>;
  prices: Array<{ asset: string } & StoredPrice>;
  /** Per asset: how many prices were ever pushed, and the kept ones oldest first. */
  price_history: Array<{ asset: string; count: string; prices: StoredPrice[] }>;
  prevotes: Array<{ validator: string } & StoredPrevote>;
  votes: Array<{ validator: string } & StoredVote>;
  tallies: StoredTally[];
  /** Validators active at the last tally, with their power and reveal then. */
  last_ballot: Array<{ validator: string } & StoredBallotEntry>;
  miss_counters: Array<{ validator: string } & StoredMissCounter>;
  /** Ballots counted this slash window (OracleKeeper.windowBallots); absent in older exports. */
  window_ballots?: number;
  /** The reward pool's books; its coins are in bank's genesis, on the pool account. */
  reward_totals: StoredRewardTotals;
  validator_rewards: Array<{ validator: string } & StoredValidatorReward>;
  /** Weights earned since the last payout. */
  reward_weights: Array<{ validator: string } & StoredRewardWeight>;
}

/**
 * `schedule`: from the block after vote_extensions_enable_height on, prices come from the extensions in tx 0
 * and are tallied in begin-block, so this block's txs and end-blockers (options, the circuit) already see them.
 */
export function oracleModule(keeper: OracleKeeper, staking: ValidatorSet, schedule: VoteExtensionSchedule = { carriesExtensions: () => false }): AppModule {
  return {
    name: "oracle",
    consensusVersion: ORACLE_CONSENSUS_VERSION,
    msgs: [msgDelegateFeedConsentHandler(keeper, staking), msgAggregatePricePrevoteHandler(keeper, staking), msgAggregatePriceVoteHandler(keeper, staking)],
    queries: oracleQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<OracleGenesis>;
      const params = { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) };
      keeper.setParams(ctx.store, params);
      const listed = (asset: string, where: string) => {
        if (!params.assets.some((entry) => entry.name === asset)) throw ErrInvalidGenesis.wrap(`${where}: asset ${asset} is not whitelisted`);
      };
      for (const { validator, feeder } of genesis.feeder_delegations ?? []) keeper.setFeeder(ctx.store, valoperBytes(validator), accAddressBytes(feeder));
      for (const { asset, ...price } of genesis.prices ?? []) {
        listed(asset, "prices");
        checkPrice(price, `price of ${asset}`);
        keeper.setStoredPrice(ctx.store, asset, price);
      }
      for (const { asset, count, prices } of genesis.price_history ?? []) {
        listed(asset, "price_history");
        const total = BigInt(count);
        if (prices.length > params.history_length || BigInt(prices.length) > total || total >= 1n << 64n) {
          throw ErrInvalidGenesis.wrap(`price_history of ${asset}: ${prices.length} prices for count ${count} and history_length ${params.history_length}`);
        }
        // The same ring slots the prices had when exported, so the next push overwrites the oldest.
        prices.forEach((price, i) => {
          checkPrice(price, `price_history of ${asset}`);
          // oldest first, as tallies are pushed: the ring slots follow push order, and TWAPs assume time moves on
          if (i > 0 && (price.height <= prices[i - 1].height || BigInt(price.time_ns) < BigInt(prices[i - 1].time_ns))) {
            throw ErrInvalidGenesis.wrap(`price_history of ${asset}: height ${price.height} at ${price.time_ns} ns after height ${prices[i - 1].height} at ${prices[i - 1].time_ns} ns`);
          }
          const pushed = total - BigInt(prices.length) + BigInt(i);
          keeper.setHistorySlot(ctx.store, asset, pushed % BigInt(params.history_length), price);
        });
        keeper.setHistoryCount(ctx.store, asset, total);
      }
      for (const { validator, ...prevote } of genesis.prevotes ?? []) keeper.setPrevote(ctx.store, valoperBytes(validator), prevote);
      for (const { validator, ...vote } of genesis.votes ?? []) keeper.setVote(ctx.store, valoperBytes(validator), vote);
      for (const tally of genesis.tallies ?? []) {
        listed(tally.asset, "tallies");
        checkTally(tally);
        keeper.setTally(ctx.store, tally);
      }
      for (const { validator, ...entry } of genesis.last_ballot ?? []) keeper.setBallotEntry(ctx.store, valoperBytes(validator), entry);
      for (const { validator, ...counter } of genesis.miss_counters ?? []) {
        for (const { asset } of counter.assets ?? []) listed(asset, `miss_counters of ${validator}`);
        keeper.setMissCounter(ctx.store, valoperBytes(validator), counter);
      }
      if (genesis.window_ballots === undefined) keeper.restoreWindowBallots(ctx.store);
      else if (!Number.isSafeInteger(genesis.window_ballots) || genesis.window_ballots < 0) throw ErrInvalidGenesis.wrap(`window_ballots ${genesis.window_ballots}: needs a count`);
      else if (genesis.window_ballots > 0) keeper.setWindowBallots(ctx.store, genesis.window_ballots);
      const totals = genesis.reward_totals ?? { funded: [], paid: [] };
      keeper.rewards.setTotals(ctx.store, { funded: checkCoins(totals.funded, "reward_totals.funded"), paid: checkCoins(totals.paid, "reward_totals.paid") });
      for (const { validator, rewards } of genesis.validator_rewards ?? []) {
        keeper.rewards.setReward(ctx.store, valoperBytes(validator), { rewards: checkCoins(rewards, `validator_rewards of ${validator}`) });
      }
      for (const { validator, weight, in_band } of genesis.reward_weights ?? []) {
        if (!/^[0-9]{1,40}$/.test(weight) || !Number.isSafeInteger(in_band) || in_band < 0) throw ErrInvalidGenesis.wrap(`reward_weights of ${validator}: needs an integer weight and in_band count`);
        keeper.rewards.setWeight(ctx.store, valoperBytes(validator), { weight, in_band });
      }
    },

    exportGenesis(state): OracleGenesis {
      return {
        params: keeper.params(state),
        feeder_delegations: keeper.feederDelegations(state).map(({ operator, feeder }) => ({ validator: toValoper(operator), feeder: toAccAddress(feeder) })),
        prices: keeper.storedPrices(state).map(({ asset, price }) => ({ asset, ...price })),
        price_history: keeper.historyEntries(state).map(({ asset, count, prices }) => ({ asset, count: count.toString(), prices })),
        prevotes: keeper.prevotes(state).map(({ operator, prevote }) => ({ validator: toValoper(operator), ...prevote })),
        votes: keeper.votes(state).map(({ operator, vote }) => ({ validator: toValoper(operator), ...vote })),
        tallies: keeper.tallies(state),
        last_ballot: keeper.lastBallot(state).map(({ operator, entry }) => ({ validator: toValoper(operator), ...entry })),
        miss_counters: keeper.missCounters(state).map(({ operator, counter }) => ({ validator: toValoper(operator), ...counter })),
        window_ballots: keeper.windowBallots(state),
        reward_totals: keeper.rewards.totals(state),
        validator_rewards: keeper.rewards.rewards(state).map(({ operator, reward }) => ({ validator: toValoper(operator), ...reward })),
        reward_weights: keeper.rewards.weights(state).map(({ operator, weight }) => ({ validator: toValoper(operator), ...weight })),
      };
    },

    beginBlock(ctx, block) {
      if (!schedule.carriesExtensions(ctx.height)) return;
      const info = block.txs.length > 0 ? decodeInjectedVotes(block.txs[0]) : undefined;
      // Only CometBFT's set at the previous height could sign these: a validator bonded since (it enters that set
      // two blocks after its bonding block) has had no precommit to extend and must not be counted absent.
      // Each vote's operator is looked up once, for both the set and its ballot.
      let inCommit: Set<string> | undefined;
      const byOperator = new Map<string, Ballot>();
      if (info) {
        inCommit = new Set();
        const whitelist = assetPositions(keeper.params(ctx.store).assets.map((asset) => asset.name));
        const newRow = priceRows(info.votes.length, whitelist.count);
        for (const vote of info.votes) {
          const operator = vote.validator ? staking.operatorByConsensusAddress(ctx.store, vote.validator.address) : undefined;
          if (!operator) continue;
          const hex = toHex(operator);
          inCommit.add(hex);
          const ballot = ballotOfVote(vote, whitelist, newRow);
          if (ballot) byOperator.set(hex, ballot);
        }
      }
      keeper.tallyExtensions(ctx, byOperator, inCommit);
    },

    endBlock(ctx) {
      keeper.endBlock(ctx, schedule.carriesExtensions(ctx.height));
    },
  };
}

function checkPrice(price: StoredPrice, where: string): void {
  let value: bigint;
  try {
    value = decFromString(price.price);
  } catch {
    throw ErrInvalidGenesis.wrap(`${where}: "${price.price}" is not a decimal`);
  }
  if (value <= 0n || !Number.isSafeInteger(price.height) || !/^[0-9]{1,20}$/.test(price.time_ns)) {
    throw ErrInvalidGenesis.wrap(`${where}: needs a positive price, a height and time_ns`);
  }
}

/**
 * A tally as its binary record can hold it (codec.ts): integer heights and period, a time and powers in decimal
 * digits, each of the median, standard deviation and band either empty (no passed ballot) or a non-negative decimal.
 */
function checkTally(tally: StoredTally): void {
  const where = `tally of ${tally.asset}`;
  const decimal = (text: unknown) => {
    if (text === "") return true;
    try {
      return typeof text === "string" && decFromString(text) >= 0n;
    } catch {
      return false;
    }
  };
  const digits = (text: unknown, max: number) => typeof text === "string" && new RegExp(`^[0-9]{1,${max}}$`).test(text);
  if (
    typeof tally.passed !== "boolean" ||
    !Number.isSafeInteger(tally.height) ||
    !Number.isSafeInteger(tally.period) ||
    !digits(tally.time_ns, 20) ||
    !digits(tally.voted_power, 78) ||
    !digits(tally.total_power, 78) ||
    typeof tally.vote_threshold !== "string" ||
    ![tally.median, tally.standard_deviation, tally.band].every(decimal)
  ) {
    throw ErrInvalidGenesis.wrap(`${where}: needs passed, integer height and period, time_ns and powers in digits, and empty or non-negative decimals`);
  }
}

/** Coins of the reward books: valid denoms, positive integer amounts, denoms in order without repeats. */
function checkCoins(coins: StoredCoin[], where: string): StoredCoin[] {
  if (!Array.isArray(coins)) throw ErrInvalidGenesis.wrap(`${where}: must be a list of coins`);
  coins.forEach((coin, i) => {
    if (typeof coin?.denom !== "string" || typeof coin.amount !== "string" || !/^[1-9][0-9]{0,77}$/.test(coin.amount) || (i > 0 && coins[i - 1].denom >= coin.denom)) {
      throw ErrInvalidGenesis.wrap(`${where}: coins need positive integer amounts, denoms sorted without repeats`);
    }
    validateDenom(coin.denom);
  });
  return coins;
}
