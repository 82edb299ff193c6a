import { event } from "../../app/context";

export const powerChanged = (operator: string, power: bigint) => event("validator_power_changed", { validator: operator, power: power.toString() });
export const completeUnbonding = (delegator: string, validator: string, amount: bigint) =>
  event("complete_unbonding", { delegator, validator, amount: amount.toString() });
