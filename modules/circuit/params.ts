import { AddressSet, accAddressBytes } from "../../app/address";
import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface PriceBreakerAsset {
  /** Oracle asset name, which is also the options underlying it guards (BTC, ETH). */
  name: string;
  /** Decimal fraction: a tally further than this from the last confirmed price (or the TWAP) trips the breaker. */
  max_price_jump: string;
}

export interface CircuitParams {
  /** Accounts that may propose and approve guardian actions. Changed only by governance. */
  guardians: string[];
  /** Approvals an action needs (M of N); at least 2, so that no single key acts alone. 0 with no guardians. */
  guardian_threshold: number;
  /** Blocks a guardian proposal stays open for approvals. */
  guardian_proposal_ttl_blocks: number;
  /** Underlyings watched by the automatic price-jump and stale-price breakers. */
  price_breaker_assets: PriceBreakerAsset[];
  /** Blocks an underlying stays frozen after a price jump. */
  cooldown_blocks: number;
  /** Further tallies a jumped price must hold (within max_price_jump of itself) before liquidations use it. */
  confirmations: number;
  /** Window of the TWAP a new tally is also compared with; 0 compares with the last confirmed price only. */
  twap_window_seconds: number;
  /** An underlying whose last tally is older than this (block time) is frozen until a fresh one arrives. */
  max_price_age_seconds: number;
  /**
   * Blocks during which newly under-margined accounts are not liquidated (Aave v3.1), after users could not
   * close: a guardian breaker on MsgPlaceOrder reset, or a halt resumed. A freeze, which lets them close, gives none.
   */
  grace_period_blocks: number;
  /**
   * Invariants over few records are checked over the whole state every this many blocks; the block's writes
   * every block.
   */
  invariant_check_period: number;
  /**
   * Invariants over records that grow with accounts (balances, margin accounts, positions) read this many of
   * their records per block, each its own; a whole pass over R records takes floor(R / this) + 1 blocks.
   */
  invariant_keys_per_block: number;
}

export const DEFAULT_PARAMS: CircuitParams = {
  guardians: [],
  guardian_threshold: 0,
  guardian_proposal_ttl_blocks: 14_400,
  price_breaker_assets: [
    { name: "BTC", max_price_jump: "0.1" },
    { name: "ETH", max_price_jump: "0.1" },
    // options collateral: priced by the validators who hold it, so a pump counts only once confirmed
    { name: "uopt", max_price_jump: "0.1" },
    // implied vols move far more than spot (a crash can lift them by half within minutes); a larger move in
    // one tally is a bad feed until it holds (a percentage voted as a fraction is 100 times off)
    { name: "BTC-IV", max_price_jump: "0.5" },
    { name: "ETH-IV", max_price_jump: "0.5" },
    // the smile's wing multiples (about 1.1–1.5) move less than the vol itself; half again in one tally is a bad feed
    { name: "BTC-SMILE-PUT", max_price_jump: "0.5" },
    { name: "BTC-SMILE-CALL", max_price_jump: "0.5" },
    { name: "ETH-SMILE-PUT", max_price_jump: "0.5" },
    { name: "ETH-SMILE-CALL", max_price_jump: "0.5" },
  ],
  cooldown_blocks: 50,
  confirmations: 2,
  twap_window_seconds: 600,
  max_price_age_seconds: 120,
  grace_period_blocks: 50,
  invariant_check_period: 100,
  // 4 paged invariants × 256 records is about what the full check cost per block, amortized, at 10k accounts;
  // a pass over 100k accounts' balances takes a few hundred blocks
  invariant_keys_per_block: 256,
};

const ASSET_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const MAX_GUARDIANS = 20;
const MAX_ASSETS = 100;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
const ONE_YEAR_BLOCKS = 10_000_000;
/** Governance may trade a longer pass for cheaper blocks, not a block's time for an unbounded read. */
const MAX_INVARIANT_KEYS_PER_BLOCK = 10_000;

const { integerIn, fraction, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: CircuitParams): void {
  exactShape(params, DEFAULT_PARAMS, { guardians: "" });
  if (!Array.isArray(params.guardians) || params.guardians.length > MAX_GUARDIANS) {
    throw ErrInvalidParams.wrap(`guardians must list at most ${MAX_GUARDIANS} accounts`);
  }
  const seen = new AddressSet();
  for (const guardian of params.guardians) {
    if (typeof guardian !== "string") throw ErrInvalidParams.wrap(`guardian ${JSON.stringify(guardian)} is not an address`);
    const address = accAddressBytes(guardian);
    if (seen.has(address)) throw ErrInvalidParams.wrap(`guardian ${guardian} listed twice`);
    seen.add(address);
  }
  if (params.guardians.length === 0) {
    integerIn(params.guardian_threshold, "guardian_threshold (no guardians)", 0, 0);
  } else {
    integerIn(params.guardian_threshold, "guardian_threshold", 2, params.guardians.length);
  }
  integerIn(params.guardian_proposal_ttl_blocks, "guardian_proposal_ttl_blocks", 1, ONE_YEAR_BLOCKS);
  if (!Array.isArray(params.price_breaker_assets) || params.price_breaker_assets.length > MAX_ASSETS) {
    throw ErrInvalidParams.wrap(`price_breaker_assets must list at most ${MAX_ASSETS} assets`);
  }
  const names = new Set<string>();
  for (const asset of params.price_breaker_assets) {
    if (typeof asset?.name !== "string" || !ASSET_NAME.test(asset.name)) throw ErrInvalidParams.wrap(`asset name ${JSON.stringify(asset?.name)} is not valid`);
    if (names.has(asset.name)) throw ErrInvalidParams.wrap(`asset ${asset.name} listed twice`);
    names.add(asset.name);
    const jump = fraction(asset.max_price_jump, `max_price_jump of ${asset.name}`);
    if (jump === 0n) throw ErrInvalidParams.wrap(`max_price_jump of ${asset.name} must be above 0`);
  }
  integerIn(params.cooldown_blocks, "cooldown_blocks", 1, ONE_YEAR_BLOCKS);
  integerIn(params.confirmations, "confirmations", 0, 1000);
  integerIn(params.twap_window_seconds, "twap_window_seconds", 0, ONE_YEAR_SECONDS);
  integerIn(params.max_price_age_seconds, "max_price_age_seconds", 1, ONE_YEAR_SECONDS);
  integerIn(params.grace_period_blocks, "grace_period_blocks", 0, ONE_YEAR_BLOCKS);
  integerIn(params.invariant_check_period, "invariant_check_period", 1, ONE_YEAR_BLOCKS);
  integerIn(params.invariant_keys_per_block, "invariant_keys_per_block", 1, MAX_INVARIANT_KEYS_PER_BLOCK);
}
