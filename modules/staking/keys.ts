import { addressKeyPart } from "../../app/address";
import { key, lengthPrefixed, u64 } from "../../app/keys";

// Every address in a key is length-prefixed (SDK address.MustLengthPrefix), so a key names one tuple only.
const lp = (address: Uint8Array) => lengthPrefixed(addressKeyPart(address));

// staking/v/<lp operator> → cosmos.staking.v1beta1.Validator
export const VALIDATOR_PREFIX = key("staking/v/");
export const validatorKey = (operator: Uint8Array) => key(VALIDATOR_PREFIX, lp(operator));
// staking/cons/<lp consensus address> → operator address bytes
export const consensusIndexKey = (consensusAddress: Uint8Array) => key("staking/cons/", lp(consensusAddress));
// staking/removed_cons/<lp consensus address> → ed25519 consensus key of a validator removed in the last block,
// cleared at the next BeginBlock (see StakingKeeper.removedConsensusKey)
export const REMOVED_CONSENSUS_PREFIX = key("staking/removed_cons/");
export const removedConsensusKeyKey = (consensusAddress: Uint8Array) => key(REMOVED_CONSENSUS_PREFIX, lp(consensusAddress));
// staking/power/<u64 consensus power><lp inverted operator> → empty: unjailed validators with power, read from
// the top; the operator's bytes are inverted so that on equal power the lower address ranks first (as in the SDK)
export const POWER_INDEX_PREFIX = key("staking/power/");
export const invertBytes = (bytes: Uint8Array) => Uint8Array.from(bytes, (b) => 255 - b);
export const powerIndexKey = (power: bigint, operator: Uint8Array) => key(POWER_INDEX_PREFIX, u64(power), lp(invertBytes(operator)));
// staking/last_power/<lp operator> → u64 power: the bonded set as CometBFT was last told it
export const LAST_POWER_PREFIX = key("staking/last_power/");
export const lastPowerKey = (operator: Uint8Array) => key(LAST_POWER_PREFIX, lp(operator));
// staking/set_dirty → empty: a validator's power, jail or the params changed; end-block re-ranks the set
export const SET_DIRTY_KEY = key("staking/set_dirty");

// staking/d/<lp delegator><lp operator> → cosmos.staking.v1beta1.Delegation
export const DELEGATION_PREFIX = key("staking/d/");
export const delegatorDelegationsPrefix = (delegator: Uint8Array) => key(DELEGATION_PREFIX, lp(delegator));
export const delegationKey = (delegator: Uint8Array, operator: Uint8Array) => key(DELEGATION_PREFIX, lp(delegator), lp(operator));
// staking/d_by_v/<lp operator><lp delegator> → empty: a validator's delegations, for queries
export const validatorDelegationsPrefix = (operator: Uint8Array) => key("staking/d_by_v/", lp(operator));
export const delegationByValidatorKey = (operator: Uint8Array, delegator: Uint8Array) => key(validatorDelegationsPrefix(operator), lp(delegator));

// staking/ubd/<lp delegator><lp operator> → cosmos.staking.v1beta1.UnbondingDelegation
export const UBD_PREFIX = key("staking/ubd/");
export const delegatorUbdsPrefix = (delegator: Uint8Array) => key(UBD_PREFIX, lp(delegator));
export const ubdKey = (delegator: Uint8Array, operator: Uint8Array) => key(UBD_PREFIX, lp(delegator), lp(operator));
// staking/ubd_by_v/<lp operator><lp delegator> → empty: what slashing a validator reaches
export const validatorUbdsPrefix = (operator: Uint8Array) => key("staking/ubd_by_v/", lp(operator));
export const ubdByValidatorKey = (operator: Uint8Array, delegator: Uint8Array) => key(validatorUbdsPrefix(operator), lp(delegator));

// staking/red/<lp delegator><lp src><lp dst> → cosmos.staking.v1beta1.Redelegation
export const RED_PREFIX = key("staking/red/");
export const delegatorRedsPrefix = (delegator: Uint8Array) => key(RED_PREFIX, lp(delegator));
export const redKey = (delegator: Uint8Array, src: Uint8Array, dst: Uint8Array) => key(RED_PREFIX, lp(delegator), lp(src), lp(dst));
// staking/red_by_src/<lp src><lp delegator><lp dst> → empty: what slashing the source validator reaches
export const redsBySrcPrefix = (src: Uint8Array) => key("staking/red_by_src/", lp(src));
export const redBySrcKey = (src: Uint8Array, delegator: Uint8Array, dst: Uint8Array) => key(redsBySrcPrefix(src), lp(delegator), lp(dst));
// staking/red_by_dst/<lp dst><lp delegator><lp src> → empty: a redelegation still maturing into dst (transitive check)
export const redsByDstDelegatorPrefix = (dst: Uint8Array, delegator: Uint8Array) => key("staking/red_by_dst/", lp(dst), lp(delegator));
export const redByDstKey = (dst: Uint8Array, delegator: Uint8Array, src: Uint8Array) => key(redsByDstDelegatorPrefix(dst, delegator), lp(src));

// staking/q/ubd/<u64 completion ns><lp delegator><lp operator> → empty: unbonding entries by maturity
export const UBD_QUEUE_PREFIX = key("staking/q/ubd/");
export const ubdQueueKey = (timeNs: bigint, delegator: Uint8Array, operator: Uint8Array) => key(UBD_QUEUE_PREFIX, u64(timeNs), lp(delegator), lp(operator));
// staking/q/red/<u64 completion ns><lp delegator><lp src><lp dst> → empty: redelegation entries by maturity
export const RED_QUEUE_PREFIX = key("staking/q/red/");
export const redQueueKey = (timeNs: bigint, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array) => key(RED_QUEUE_PREFIX, u64(timeNs), lp(delegator), lp(src), lp(dst));
// staking/q/val/<u64 completion ns><lp operator> → empty: validators leaving the bonded set, by maturity
export const VAL_QUEUE_PREFIX = key("staking/q/val/");
export const valQueueKey = (timeNs: bigint, operator: Uint8Array) => key(VAL_QUEUE_PREFIX, u64(timeNs), lp(operator));

// staking/params → JSON StakingParams
export const PARAMS_KEY = key("staking/params");

/** The addresses of a key from byte `offset` on: a run of length-prefixed parts. */
export function addressesAfter(storeKey: Uint8Array, offset: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let at = offset;
  while (at < storeKey.length) {
    const length = storeKey[at];
    parts.push(storeKey.subarray(at + 1, at + 1 + length));
    at += 1 + length;
  }
  return parts;
}
