import { event } from "../../app/context";

export const powerChanged = (operator: string, power: bigint) => event("validator_power_changed", { validator: operator, power: power.toString() });
