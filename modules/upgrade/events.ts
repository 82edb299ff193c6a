import { event } from "../../app/context";

export const upgradeScheduled = (name: string, height: bigint) => event("upgrade_scheduled", { name, height: height.toString() });
export const upgradeCancelled = (name: string) => event("upgrade_cancelled", { name });
export const upgradeApplied = (name: string, height: bigint) => event("upgrade_applied", { name, height: height.toString() });
