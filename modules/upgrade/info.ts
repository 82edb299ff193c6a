import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";

/**
 * The node's exit status when it stops for an upgrade it has no handler for, as the SDK's node exits on its
 * "UPGRADE NEEDED" panic: cosmovisor reads upgrade-info.json again only after an exit that is not 0, so a node that
 * stopped cleanly before cosmovisor's next poll would leave it thinking the node was done.
 */
export const UPGRADE_NEEDED_EXIT_CODE = 2;

/** Where cosmovisor watches for the plan that stopped the node: $DAEMON_HOME/data/upgrade-info.json. */
export const upgradeInfoPath = (home: string) => path.join(home, "data", "upgrade-info.json");

/** The file as the SDK's x/upgrade writes it (Plan as JSON, height a number, zero time), which cosmovisor parses. */
export function writeUpgradeInfo(home: string, plan: Plan): string {
  const file = upgradeInfoPath(home);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ name: plan.name, time: "0001-01-01T00:00:00Z", height: Number(plan.height), info: plan.info }));
  return file;
}
