import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";

/** Where cosmovisor watches for the plan that stopped the node: $DAEMON_HOME/data/upgrade-info.json. */
export const upgradeInfoPath = (home: string) => path.join(home, "data", "upgrade-info.json");

/** The file as the SDK's x/upgrade writes it (Plan as JSON, height a number, zero time), which cosmovisor parses. */
export function writeUpgradeInfo(home: string, plan: Plan): string {
  const file = upgradeInfoPath(home);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ name: plan.name, time: "0001-01-01T00:00:00Z", height: Number(plan.height), info: plan.info }));
  return file;
}
