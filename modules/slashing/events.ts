import { event } from "../../app/context";

export const slash = (validator: string, reason: string, fraction: string, burned: bigint, tombstoned: boolean) =>
  event("slash", { validator, reason, fraction, burned: burned.toString(), tombstoned: String(tombstoned) });
export const jail = (validator: string, reason: string, jailedUntilNs: string, power: bigint) =>
  event("jail", { validator, reason, jailed_until_unix_nanos: jailedUntilNs, power: power.toString() });
/** The jail waits for a later block: "power_cap" (this block's cap is used up) or "last_active_validator". */
export const jailDeferred = (validator: string, reason: string, cause: "power_cap" | "last_active_validator") =>
  event("jail_deferred", { validator, reason, cause });
/** One validator alone holds more than the per-block cap: it is jailed anyway, alone in its block, and said so. */
export const jailPowerCapExceeded = (validator: string, power: bigint, cap: bigint, totalPower: bigint) =>
  event("jail_power_cap_exceeded", { validator, power: power.toString(), cap: cap.toString(), total_power: totalPower.toString() });
export const unjail = (validator: string) => event("unjail", { validator });
export const liveness = (validator: string, missedBlocks: number, height: bigint) =>
  event("liveness", { validator, missed_blocks: missedBlocks.toString(), height: height.toString() });
