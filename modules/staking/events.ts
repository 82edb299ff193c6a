import { event } from "../../app/context";

export const powerChanged = (operator: string, power: bigint) => event("validator_power_changed", { validator: operator, power: power.toString() });
export const completeUnbonding = (delegator: string, validator: string, amount: bigint) =>
  event("complete_unbonding", { delegator, validator, amount: amount.toString() });

/** RFC 3339 of a block-time in nanoseconds, as the SDK writes completion_time. */
const rfc3339 = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

// The SDK's x/staking event types and attribute names, which explorers index.
export const createValidator = (validator: string, amount: string) => event("create_validator", { validator, amount });
export const editValidator = (commissionRate: string, minSelfDelegation: string) => event("edit_validator", { commission_rate: commissionRate, min_self_delegation: minSelfDelegation });
export const delegate = (validator: string, delegator: string, amount: string, newShares: string) => event("delegate", { validator, delegator, amount, new_shares: newShares });
export const unbond = (validator: string, delegator: string, amount: string, completionNs: bigint) =>
  event("unbond", { validator, delegator, amount, completion_time: rfc3339(completionNs) });
export const redelegate = (source: string, destination: string, delegator: string, amount: string, completionNs: bigint) =>
  event("redelegate", { source_validator: source, destination_validator: destination, delegator, amount, completion_time: rfc3339(completionNs) });
export const cancelUnbonding = (validator: string, delegator: string, amount: string, creationHeight: bigint) =>
  event("cancel_unbonding_delegation", { validator, delegator, amount, creation_height: creationHeight.toString() });
