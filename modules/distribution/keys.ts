import { ADDRESS_BYTES, addressKeyPart } from "../../app/address";
import { key, u64 } from "../../app/keys";
import { startsWith } from "../../app/store/bytes";

// every distribution record: what the paged reference-count check walks
export const RECORDS_PREFIX = key("distribution/");
// distribution/params → JSON DistributionParams
export const PARAMS_KEY = key("distribution/params");
// distribution/height → u64 height of the block being finalized, for the records staking's hooks write (their
// calls carry only the store)
export const HEIGHT_KEY = key("distribution/height");
// distribution/fee_pool → cosmos.distribution.v1beta1.FeePool (the community pool)
export const FEE_POOL_KEY = key("distribution/fee_pool");
// distribution/withdraw/<delegator> → withdraw address bytes; absent means the delegator itself
export const WITHDRAW_PREFIX = key("distribution/withdraw/");
export const withdrawAddrKey = (delegator: Uint8Array) => key(WITHDRAW_PREFIX, addressKeyPart(delegator));
// distribution/outstanding/<validator> → ValidatorOutstandingRewards (delegators' rewards and commission not yet paid)
export const OUTSTANDING_PREFIX = key("distribution/outstanding/");
export const outstandingKey = (operator: Uint8Array) => key(OUTSTANDING_PREFIX, addressKeyPart(operator));
// distribution/commission/<validator> → ValidatorAccumulatedCommission
export const COMMISSION_PREFIX = key("distribution/commission/");
export const commissionKey = (operator: Uint8Array) => key(COMMISSION_PREFIX, addressKeyPart(operator));
// distribution/current/<validator> → ValidatorCurrentRewards (the open period)
export const CURRENT_PREFIX = key("distribution/current/");
export const currentKey = (operator: Uint8Array) => key(CURRENT_PREFIX, addressKeyPart(operator));
// distribution/hist/<validator><period u64> → ValidatorHistoricalRewards (cumulative ratio at the end of a period)
export const HISTORICAL_PREFIX = key("distribution/hist/");
export const historicalOf = (operator: Uint8Array) => key(HISTORICAL_PREFIX, addressKeyPart(operator));
export const historicalKey = (operator: Uint8Array, period: bigint) => key(historicalOf(operator), u64(period));
// distribution/start/<delegator><validator> → DelegatorStartingInfo; delegator first, so its delegations list by prefix
export const STARTING_PREFIX = key("distribution/start/");
export const startingOf = (delegator: Uint8Array) => key(STARTING_PREFIX, addressKeyPart(delegator));
export const startingKey = (delegator: Uint8Array, operator: Uint8Array) => key(startingOf(delegator), addressKeyPart(operator));
// distribution/slash/<validator><height u64><period u64> → ValidatorSlashEvent
export const SLASH_PREFIX = key("distribution/slash/");
export const slashesOf = (operator: Uint8Array) => key(SLASH_PREFIX, addressKeyPart(operator));
export const slashKey = (operator: Uint8Array, height: bigint, period: bigint) => key(slashesOf(operator), u64(height), u64(period));

/** The parts of a reference-holding record's key; the keeper's listings and the paged invariant both read keys here. */
export type ReferenceRecordKey =
  | { kind: "current"; operator: Uint8Array }
  | { kind: "historical"; operator: Uint8Array; period: bigint }
  | { kind: "starting"; delegator: Uint8Array; operator: Uint8Array }
  | { kind: "slash"; operator: Uint8Array; height: bigint; period: bigint };

/** A distribution store key read as one of the layouts above, or undefined for any other record. */
export function parseReferenceRecordKey(storeKey: Uint8Array): ReferenceRecordKey | undefined {
  const record = Buffer.from(storeKey.buffer, storeKey.byteOffset, storeKey.byteLength);
  const after = (prefix: Uint8Array, length: number) => (record.length === prefix.length + length && startsWith(record, prefix) ? record.subarray(prefix.length) : undefined);
  let rest = after(CURRENT_PREFIX, ADDRESS_BYTES);
  if (rest) return { kind: "current", operator: rest };
  rest = after(HISTORICAL_PREFIX, ADDRESS_BYTES + 8);
  if (rest) return { kind: "historical", operator: rest.subarray(0, ADDRESS_BYTES), period: rest.readBigUInt64BE(ADDRESS_BYTES) };
  rest = after(STARTING_PREFIX, 2 * ADDRESS_BYTES);
  if (rest) return { kind: "starting", delegator: rest.subarray(0, ADDRESS_BYTES), operator: rest.subarray(ADDRESS_BYTES) };
  rest = after(SLASH_PREFIX, ADDRESS_BYTES + 16);
  if (rest) return { kind: "slash", operator: rest.subarray(0, ADDRESS_BYTES), height: rest.readBigUInt64BE(ADDRESS_BYTES), period: rest.readBigUInt64BE(ADDRESS_BYTES + 8) };
  return undefined;
}
