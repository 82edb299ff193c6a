import { key, lengthPrefixed, u64 } from "../../app/keys";

const text = (value: string) => lengthPrefixed(Buffer.from(value, "utf8"));

// circuit/params → JSON CircuitParams
export const PARAMS_KEY = key("circuit/params");
// circuit/next_proposal_id → decimal id of the next guardian proposal
export const NEXT_PROPOSAL_ID_KEY = key("circuit/next_proposal_id");
// circuit/proposal/<id u64> → JSON StoredGuardianProposal
export const PROPOSAL_PREFIX = key("circuit/proposal/");
export const proposalKey = (id: bigint) => key(PROPOSAL_PREFIX, u64(id));
// circuit/breaker/<len><type url><scope> → JSON StoredBreaker; scope = 0x00 everywhere | 0x01 <series u64> | 0x02 <len><underlying>
export const BREAKER_PREFIX = key("circuit/breaker/");
export const breakerKey = (typeUrl: string, seriesId: bigint, underlying: string) =>
  key(BREAKER_PREFIX, text(typeUrl), seriesId > 0n ? key(Uint8Array.of(1), u64(seriesId)) : underlying !== "" ? key(Uint8Array.of(2), text(underlying)) : Uint8Array.of(0));
// circuit/freeze/<len><underlying><kind> → JSON StoredFreeze; underlying "" (length 0) = the whole market
export const FREEZE_PREFIX = key("circuit/freeze/");
export const freezesOf = (underlying: string) => key(FREEZE_PREFIX, text(underlying));
export const freezeKey = (underlying: string, kind: string) => key(freezesOf(underlying), kind);
// circuit/grace/<len><underlying> → decimal last height of the grace period after the underlying's freezes ended
export const GRACE_PREFIX = key("circuit/grace/");
export const graceKey = (underlying: string) => key(GRACE_PREFIX, text(underlying));
// circuit/price/<len><asset> → JSON PriceTracker of the automatic price breaker
export const TRACKER_PREFIX = key("circuit/price/");
export const trackerKey = (asset: string) => key(TRACKER_PREFIX, text(asset));
// circuit/confirmed/<len><asset><height u64> → JSON StoredConfirmedPoint: the price the breaker had confirmed once
// it assessed that height's tally, kept as long as the oracle keeps the tally (settlement averages them)
export const CONFIRMED_PREFIX = key("circuit/confirmed/");
export const confirmedOf = (asset: string) => key(CONFIRMED_PREFIX, text(asset));
export const confirmedKey = (asset: string, height: bigint) => key(confirmedOf(asset), u64(height));
// circuit/halt → JSON StoredHalt (scheduled or reached); circuit/last_halt → the last one the chain resumed from
export const HALT_KEY = key("circuit/halt");
export const LAST_HALT_KEY = key("circuit/last_halt");
// circuit/invariants/{last,last_full,last_breach} → JSON StoredInvariantCheck
export const LAST_CHECK_KEY = key("circuit/invariants/last");
export const LAST_FULL_CHECK_KEY = key("circuit/invariants/last_full");
export const LAST_BREACH_KEY = key("circuit/invariants/last_breach");
// circuit/invariant_cursor/<len><invariant name> → JSON StoredInvariantCursor: where the paged check of that
// invariant stands in its pass, and the sums of the records it has passed
export const INVARIANT_CURSOR_PREFIX = key("circuit/invariant_cursor/");
export const invariantCursorKey = (name: string) => key(INVARIANT_CURSOR_PREFIX, text(name));

/** The text after a length prefix at `offset` of a key, and where it ends. */
export function readText(storeKey: Uint8Array, offset: number): { value: string; end: number } {
  const length = storeKey[offset];
  return { value: Buffer.from(storeKey.subarray(offset + 1, offset + 1 + length)).toString("utf8"), end: offset + 1 + length };
}
