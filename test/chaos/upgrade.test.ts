import { readFileSync } from "node:fs";
import path from "node:path";
import { VoteOption } from "../../client/governance";
import { decFromString } from "../../lib/fixed";
import { upgradeInfoPath } from "../../modules/upgrade/info";
import { startTestnet } from "../helpers/chain";
import { VALIDATOR_TOKENS } from "../helpers/validators";
import { until } from "../helpers/live";
import { UPGRADE_GOV_PARAMS, passUpgrade, restartOldBinary, startUpgradedApp, upgradeEachAsItStops, upgradeQueries, upgradedLogPath } from "../helpers/upgrade";
import { UPGRADED_COMMUNITY_TAX } from "../fixtures/optd-upgraded";
import { expectAgreement } from "./checks";

jest.setTimeout(600_000);

const NAME = "v2";
// Block time from the proposal to the plan: its voting and timelock (7 s) must end first, with room for a slow
// machine's pace changing.
const PLAN_AHEAD_SECONDS = 20;
const ALL = [0, 1, 2, 3];

/**
 * Issue 12, done-when step 7 on 4 validators of equal stake: validators 0-2 pass a software upgrade over 3's "no";
 * every app stops itself at the plan's height (one lagging validator only once upgraded peers give it the last block),
 * the old binary refuses to go on, and the upgraded binary on all four homes migrates in block h and continues the
 * chain with one app hash per height.
 */
test("4 validators: a passed software upgrade halts every node at its height, and the upgraded binary continues the chain", async () => {
  const chain = await startTestnet(4, { appState: { gov: { params: UPGRADE_GOV_PARAMS } } });
  const { net } = chain;
  const queries = await Promise.all(ALL.map((i) => upgradeQueries(net.rpc(i))));
  let failure: unknown;
  try {
    const taxBefore = await queries[0].communityTax();
    expect(taxBefore).not.toBe(decFromString(UPGRADED_COMMUNITY_TAX).toString());
    const info = '{"binaries":{}}';
    const { height, proposal } = await passUpgrade(net, 0, { name: NAME, info }, [
      [0, VoteOption.VOTE_OPTION_YES],
      [1, VoteOption.VOTE_OPTION_YES],
      [2, VoteOption.VOTE_OPTION_YES],
      [3, VoteOption.VOTE_OPTION_NO],
    ], PLAN_AHEAD_SECONDS);
    // Tallied by stake: three validators' tokens for, one against.
    expect(proposal.tally).toMatchObject({ yes: (3n * VALIDATOR_TOKENS).toString(), no: VALIDATOR_TOKENS.toString(), totalPower: (4n * VALIDATOR_TOKENS).toString() });
    expect(proposal.executedHeight).toBeLessThan(height);
    // Each node, once it has committed the proposal's execution, reports the plan.
    for (const query of queries) expect(await until("the plan on every node", () => query.currentPlan())).toMatchObject({ name: NAME, height: BigInt(height), info });

    // Node 3 falls behind before height-1 (its CometBFT frozen) and comes back only after the other three stopped:
    // nobody running the old binary can give it height-1 any more, as for any validator that lags when its peers stop.
    const lagging = await net.height(3);
    expect(lagging).toBeLessThan(height - 1);
    net.stallComet(3, true);
    const stopped = new Set<number>();
    // As cosmovisor on each host: every app stops itself right after committing height-1, writing the plan where
    // cosmovisor looks, and its home then runs the upgraded binary. Node 3 learns height-1 from upgraded peers.
    await upgradeEachAsItStops(net, height, NAME, async (i) => {
      const home = net.nodes[i].home;
      expect(readFileSync(path.join(home, "app.log"), "utf8")).toContain(`UPGRADE NEEDED: ${NAME} at height ${height}`);
      expect(JSON.parse(readFileSync(upgradeInfoPath(home), "utf8"))).toEqual({ name: NAME, time: "0001-01-01T00:00:00Z", height, info });
      stopped.add(i);
      if (i !== 3 && [0, 1, 2].every((k) => stopped.has(k))) {
        expect(stopped.has(3)).toBe(false);
        net.stallComet(3, false);
      }
      if (i === 0) {
        // The old binary, restarted as it is, refuses: it has no handler for the plan due next.
        await net.killComet(0, "SIGTERM");
        expect(await restartOldBinary(net, 0)).toBe(1);
        expect(readFileSync(path.join(home, "app.log"), "utf8")).toContain(`this binary cannot go past height ${height - 1}`);
      }
    });

    // Block `height` ran the upgraded binary's migration first on every home, then the chain went on.
    await net.waitForHeight(height + 5, ALL, 120_000);
    for (const i of ALL) {
      const log = readFileSync(upgradedLogPath(net.nodes[i].home), "utf8");
      expect(log).toContain(`committed height ${height - 1}`);
      expect(log.match(new RegExp(`migrating for ${NAME} at height (\\d+)`, "g"))).toEqual([`migrating for ${NAME} at height ${height}`]);
    }
    for (const query of queries) {
      expect(await query.appliedPlanHeight(NAME)).toBe(height);
      expect(await query.currentPlan()).toBeUndefined();
      expect(await query.communityTax()).toBe(decFromString(UPGRADED_COMMUNITY_TAX).toString());
      const versions = await query.moduleVersions();
      expect([...versions.keys()]).toEqual(expect.arrayContaining(["upgrade", "bank", "staking", "distribution", "gov"]));
      for (const version of versions.values()) expect(version).toBeGreaterThanOrEqual(1);
    }
    // The migration's write is consensus: one block and app hash per height on all four, before the plan and after.
    expect(await expectAgreement(net, ALL)).toBeGreaterThanOrEqual(height + 5);

    // Past the upgrade, the old binary refuses to start on an upgraded home; the other three go on without it.
    await net.stopNode(3);
    expect(await restartOldBinary(net, 3)).toBe(1);
    expect(readFileSync(path.join(net.nodes[3].home, "app.log"), "utf8")).toContain(`this binary has no handler for upgrade ${NAME}, applied at height ${height}`);
    const without3 = await net.height(0);
    await net.waitForHeight(without3 + 3, [0, 1, 2]);
    await startUpgradedApp(net, 3, NAME);
    net.startComet(3);
    await net.waitForHeight(without3 + 6, ALL, 120_000);
    await expectAgreement(net, ALL, height - 2);
  } catch (err) {
    failure = err;
  } finally {
    for (const query of queries) query.disconnect();
    await chain.stop().catch((err) => (failure ??= err));
  }
  if (failure !== undefined) throw failure;
});
