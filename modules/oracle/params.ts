import { DEC_ONE } from "../../lib/fixed";
import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface OracleAsset {
  name: string;
  /**
   * Decimal fraction of the bonded power that must vote (strictly more) for the asset to get a price. It can
   * only ask more than vote_quorum, which every ballot needs as well.
   */
  vote_threshold: string;
}

export interface OracleParams {
  vote_period: number;
  /**
   * Decimal fraction of the total bonded power (not of those voting) that must vote for any asset's ballot to
   * pass. Below it the last price stays and ages into the stale-price breaker.
   */
  vote_quorum: string;
  assets: OracleAsset[];
  /** Prices are this denom per one unit of the asset as named (uusdc per 1 BTC, per 1 uopt); -IV assets are fractions. */
  quote_denom: string;
  reward_band: string;
  slash_fraction: string;
  slash_window: number;
  min_valid_per_window: string;
  jail_duration_seconds: number;
  max_price_age_seconds: number;
  history_length: number;
  /**
   * Decimal fraction of what the fee collector holds at the oracle's end-block that moves into the oracle
   * reward pool. Distribution empties the fee collector in its begin-block, so this is a share of the block's fees.
   */
  reward_fee_share: string;
  /** Integer amount of reward_inflation_denom minted into the reward pool every block; "0" mints nothing. */
  reward_inflation_per_block: string;
  reward_inflation_denom: string;
  /**
   * Blocks between payouts of the pool; a payout runs after the block's tally and pays for the tallies since
   * the last one, so it need not line up with vote_period (with vote extensions every block tallies).
   */
  reward_period_blocks: number;
  /**
   * Each payout spends pool × reward_period_blocks / reward_distribution_window (Terra's
   * RewardDistributionWindow): a burst of fees is paid out over the window, not to whoever is in band at once.
   */
  reward_distribution_window: number;
  /** Denoms taken from the fee collector and paid from the pool per block, in denom order: bounds the work. */
  max_reward_denoms: number;
}

/**
 * Terra's x/oracle defaults (DESIGN.md §4), with a jail time and price age suited to 6-second blocks, a 2/3
 * quorum, and slashing raised above the 0.01 % and 5 % that Terra, Umee and Ojo ship (Nibiru ships 0.5 % and
 * 69 %). At 5 % a validator could run its feeder one hour in twenty, and lose a hundredth of a percent if it
 * ran less. Now it must be valid (voted, and in band) in half the window's ballots, the bar CometBFT signing
 * has (the SDK's min_signed_per_window), and falling under it burns 0.1 %: ten times Terra's, a tenth of the
 * SDK's downtime slash. A validator copying the last price stays in band while the market is calm and is out
 * at every move larger than the band, which is when prices matter; and under the quorum a third of the stake
 * not voting stops every price, so absence has to cost.
 */
export const DEFAULT_PARAMS: OracleParams = {
  vote_period: 5,
  // 2/3 rounded up in the last decimal, so exactly 2/3 is not enough: CometBFT too commits only with more than 2/3
  vote_quorum: "0.666666666666666667",
  assets: [
    { name: "uopt", vote_threshold: "0.5" },
    { name: "BTC", vote_threshold: "0.5" },
    { name: "ETH", vote_threshold: "0.5" },
  ],
  quote_denom: "uusdc",
  reward_band: "0.02",
  slash_fraction: "0.001",
  slash_window: 100_800,
  min_valid_per_window: "0.5",
  jail_duration_seconds: 600,
  max_price_age_seconds: 120,
  // A tally per block with vote extensions: settlement's TWAP (options settlement_window_s, 1,800 s) and the
  // minutes settlement may run after expiry must stay inside the ring: 500 blocks, 50 min at 6-s blocks. Every
  // reader of history loads the whole ring (the circuit's breakers, per watched asset per block): no longer than that.
  history_length: 500,
  // A tenth of fees: staking keeps nine tenths as the security budget, and a validator whose feeder is absent or
  // out of band gives up a share of fees about as large as a typical commission, on top of the slashing risk.
  reward_fee_share: "0.1",
  reward_inflation_per_block: "0",
  reward_inflation_denom: "uopt",
  // Terra pays every vote period (5 blocks)
  reward_period_blocks: 5,
  // one day of 6-second blocks: smooth enough that timing votes around a fee burst gains nothing, short enough
  // that a new chain's validators see their fees within a day
  reward_distribution_window: 14_400,
  max_reward_denoms: 8,
};

/** Asset names become store keys and appear in "ASSET:PRICE" lists, so ':', ',' and '/' are excluded. */
export const ASSET_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const MAX_ASSETS = 100;
/** Each payout sends to every bonded validator in each of these denoms. */
const MAX_REWARD_DENOMS = 32;
const MINT_AMOUNT = /^(0|[1-9][0-9]{0,29})$/;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
/** Above 1/3 so that a ballot passing needs at least one honest validator's power under BFT assumptions. */
const ONE_THIRD_NUMERATOR = 1n;
const ONE_THIRD_DENOMINATOR = 3n;
/**
 * Setting a price when honest turnout is low costs half the quorum: the liars' votes must outweigh the least
 * honest power that completes it. Below a quorum of 1/2 that would be less than a quarter of the stake.
 */
const MIN_QUORUM = DEC_ONE / 2n;

const { integerIn, fraction, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: OracleParams): void {
  exactShape(params, DEFAULT_PARAMS);
  integerIn(params.vote_period, "vote_period", 1, 100_000);
  if (fraction(params.vote_quorum, "vote_quorum") < MIN_QUORUM) throw ErrInvalidParams.wrap(`vote_quorum must be at least 1/2, got ${params.vote_quorum}`);
  if (!Array.isArray(params.assets) || params.assets.length < 1 || params.assets.length > MAX_ASSETS) {
    throw ErrInvalidParams.wrap(`assets must list 1 to ${MAX_ASSETS} assets`);
  }
  const names = new Set<string>();
  for (const asset of params.assets) {
    if (typeof asset?.name !== "string" || !ASSET_NAME.test(asset.name)) throw ErrInvalidParams.wrap(`asset name ${JSON.stringify(asset?.name)} is not valid`);
    if (names.has(asset.name)) throw ErrInvalidParams.wrap(`asset ${asset.name} listed twice`);
    names.add(asset.name);
    const threshold = fraction(asset.vote_threshold, `vote_threshold of ${asset.name}`);
    if (threshold * ONE_THIRD_DENOMINATOR <= ONE_THIRD_NUMERATOR * DEC_ONE) {
      throw ErrInvalidParams.wrap(`vote_threshold of ${asset.name} must be above 1/3, got ${asset.vote_threshold}`);
    }
  }
  if (typeof params.quote_denom !== "string" || !DENOM.test(params.quote_denom)) throw ErrInvalidParams.wrap(`quote_denom ${JSON.stringify(params.quote_denom)} is not a denom`);
  fraction(params.reward_band, "reward_band");
  fraction(params.slash_fraction, "slash_fraction");
  integerIn(params.slash_window, "slash_window", params.vote_period, 100_000_000);
  if (params.slash_window % params.vote_period !== 0) {
    throw ErrInvalidParams.wrap(`slash_window ${params.slash_window} must be a multiple of vote_period ${params.vote_period}`);
  }
  fraction(params.min_valid_per_window, "min_valid_per_window");
  integerIn(params.jail_duration_seconds, "jail_duration_seconds", 0, ONE_YEAR_SECONDS);
  integerIn(params.max_price_age_seconds, "max_price_age_seconds", 1, ONE_YEAR_SECONDS);
  integerIn(params.history_length, "history_length", 1, 10_000);
  fraction(params.reward_fee_share, "reward_fee_share");
  if (typeof params.reward_inflation_per_block !== "string" || !MINT_AMOUNT.test(params.reward_inflation_per_block)) {
    throw ErrInvalidParams.wrap(`reward_inflation_per_block must be an integer string below 10^30, got ${JSON.stringify(params.reward_inflation_per_block)}`);
  }
  if (typeof params.reward_inflation_denom !== "string" || !DENOM.test(params.reward_inflation_denom)) {
    throw ErrInvalidParams.wrap(`reward_inflation_denom ${JSON.stringify(params.reward_inflation_denom)} is not a denom`);
  }
  integerIn(params.reward_period_blocks, "reward_period_blocks", 1, 100_000_000);
  integerIn(params.reward_distribution_window, "reward_distribution_window", params.reward_period_blocks, 1_000_000_000);
  integerIn(params.max_reward_denoms, "max_reward_denoms", 1, MAX_REWARD_DENOMS);
}

