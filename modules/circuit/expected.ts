import type { Context } from "../../app/context";
import type { KVReader } from "../../app/store/types";

/** A tallied oracle price, as the oracle's PriceReader returns it (price: Dec, uusdc per unit of the asset). */
export interface OraclePrice {
  asset: string;
  price: bigint;
  height: bigint;
  timeNs: bigint;
}

/**
 * What the automatic breakers need from the oracle: the tallied prices it keeps, newest first and read only as far
 * as the caller goes (the breaker runs every block and needs the last few), the oldest one, and its
 * time-weighted average (with its coverage and staleness rules) over prices derived from them.
 */
export interface PriceHistory {
  newestHistory(state: KVReader, asset: string): Iterable<OraclePrice>;
  oldestHistory(state: KVReader, asset: string): OraclePrice | undefined;
  twapOf(state: KVReader, asset: string, history: readonly OraclePrice[], fromNs: bigint, toNs: bigint): bigint;
}

/** What a guardian veto needs from governance. */
export interface ProposalVetoer {
  /** Throws a registered error unless the proposal passed and its timelock has not ended at `nowNs`. */
  assertVetoable(state: KVReader, proposalId: bigint, nowNs: bigint): void;
  veto(ctx: Context, proposalId: bigint, guardianProposalId: bigint): void;
}

/** One key the block wrote, with its value at the start of the block; undefined = absent / deleted. */
export interface BlockWrite {
  key: Uint8Array;
  before: Uint8Array | undefined;
  after: Uint8Array | undefined;
}

/**
 * An invariant a module owns (as in the SDK's crisis module), describing each violation it finds. `full` reads
 * the whole state; `incremental` looks only at what the block wrote under its own key prefixes, cheap enough
 * for every block. An invariant over records that grow with accounts gives `paged` instead of being run in
 * full: the circuit then walks its records a page per block (CircuitKeeper.checkInvariants) and never calls
 * `full` in a block.
 */
export interface Invariant {
  readonly name: string;
  full(state: KVReader): string[];
  readonly incremental?: {
    readonly prefixes: readonly Uint8Array[];
    check(state: KVReader, writes: readonly BlockWrite[]): string[];
  };
  readonly paged?: PagedInvariant;
}

/**
 * `full` split into what one record contributes and a comparison made once every record has been summed. The
 * sums are named (a denom, a series side): the circuit adds them up over a pass and keeps them in state.
 */
export interface PagedInvariant {
  /** The records a pass walks, in key order. */
  readonly prefix: Uint8Array;
  /** What one record adds to each named sum, and what is wrong with the record by itself. Never throws. */
  tally(key: Uint8Array, value: Uint8Array): { sums: ReadonlyArray<[string, bigint]>; violations: string[] };
  /** At the end of a pass: `sums` are every record's, as the state is now; compared with what the module records. */
  compare(state: KVReader, sums: ReadonlyMap<string, bigint>): string[];
}

/** What the options invariants need from the options keeper. */
export interface OptionsBook {
  /** Conservation: per denom, the module account's bank balance equals every margin account plus the insurance fund. */
  invariantViolations(state: KVReader): string[];
  /** Every open position; qty > 0 long, < 0 short. */
  everyPosition(state: KVReader): Array<{ seriesId: bigint; qty: bigint }>;
  /** The open interest the module keeps per series (open long contracts); series with none are absent. */
  openInterests(state: KVReader): Array<{ seriesId: bigint; contracts: bigint }>;
  /** Where margin accounts' balances are kept, and one such record read: what the paged check walks. */
  readonly collateralPrefix: Uint8Array;
  collateralRecord(key: Uint8Array, value: Uint8Array): { denom: string; amount: bigint };
  /** Where positions are kept, and one read. */
  readonly positionPrefix: Uint8Array;
  positionRecord(key: Uint8Array, value: Uint8Array): { seriesId: bigint; qty: bigint };
  /** `invariantViolations` given every margin account's balance summed per denom. */
  collateralViolations(state: KVReader, sums: ReadonlyMap<string, bigint>): string[];
}
