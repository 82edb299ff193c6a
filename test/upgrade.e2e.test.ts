// Issue 12, done-when step 7 on a real single-validator chain: a software-upgrade proposal passes, the node
// stops at the plan's height writing upgrade-info.json where cosmovisor looks, and the same home started with
// a binary that has the plan's handler (test/fixtures/optd-upgraded.ts) migrates and goes on past the height.
// The 4-validator scenario is test/chaos/upgrade.test.ts, cosmovisor's is test/upgrade.cosmovisor.e2e.test.ts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { VoteOption } from "../client/governance";
import { upgradeInfoPath } from "../modules/upgrade/info";
import { startTestnet } from "./helpers/chain";
import { UPGRADE_GOV_PARAMS, passUpgrade, startUpgradedApp, stoppedAtPlan, upgradeQueries, upgradedLogPath } from "./helpers/upgrade";

jest.setTimeout(400_000);

test("a passed upgrade stops the chain at its height and the upgraded binary continues it", async () => {
  const chain = await startTestnet(1, { voteExtensionsEnableHeight: 0, appState: { gov: { params: UPGRADE_GOV_PARAMS } } });
  const { net } = chain;
  const home = net.nodes[0].home;
  let failure: unknown;
  try {
    const { height: upgradeHeight } = await passUpgrade(net, 1, { name: "v2", info: "" }, [[0, VoteOption.VOTE_OPTION_YES]], 15);

    // The app stops itself at the height: no block upgradeHeight is ever committed by this binary.
    await stoppedAtPlan(net, [0], upgradeHeight);
    expect(readFileSync(path.join(home, "app.log"), "utf8")).toContain(`UPGRADE NEEDED: v2 at height ${upgradeHeight}`);
    expect(JSON.parse(readFileSync(upgradeInfoPath(home), "utf8"))).toEqual({ name: "v2", time: "0001-01-01T00:00:00Z", height: upgradeHeight, info: "" });
    await net.killComet(0, "SIGTERM");

    // The upgraded binary on the same home: CometBFT reconnects and the chain goes on.
    await startUpgradedApp(net, 0, "v2");
    net.startComet(0);
    await net.waitForHeight(upgradeHeight + 2, [0], 90_000);
    const upgradedLog = readFileSync(upgradedLogPath(home), "utf8");
    expect(upgradedLog.match(/migrating for v2 at height (\d+)/)?.[1]).toBe(String(upgradeHeight));
    expect(upgradedLog.match(/migrating for v2/g)).toHaveLength(1);
    const queries = await upgradeQueries(net.rpc(0));
    expect(await queries.appliedPlanHeight("v2")).toBe(upgradeHeight);
    queries.disconnect();
    expect(existsSync(upgradeInfoPath(home))).toBe(true);
  } catch (err) {
    failure = err;
  } finally {
    await chain.stop().catch((err) => (failure ??= err));
  }
  if (failure !== undefined) throw failure;
});
