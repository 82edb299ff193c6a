// The README's cosmovisor layout on a real node: cosmovisor runs `optd start` (app and CometBFT) from
// genesis/bin, the chain passes an upgrade, the node stops at the height writing data/upgrade-info.json, and
// cosmovisor switches to upgrades/<name>/bin (the upgraded binary, test/fixtures/optd-upgraded.ts) on that file
// alone and restarts it, which migrates and goes on. cosmovisor comes from scripts/install-cosmovisor.sh (npm test).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { VoteOption } from "../client/governance";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { Localnet } from "../localnet/network";
import { decFromString } from "../lib/fixed";
import { upgradeInfoPath } from "../modules/upgrade/info";
import { UPGRADED_COMMUNITY_TAX } from "./fixtures/optd-upgraded";
import { UPGRADE_GOV_PARAMS, UPGRADED_OPTD, exited, passUpgrade, upgradeQueries } from "./helpers/upgrade";

jest.setTimeout(400_000);

const COSMOVISOR = process.env.COSMOVISOR_BIN ?? path.join(PROJECT_ROOT, ".bin", "cosmovisor");
const NAME = "v2";

/** A release's `optd` as an operator installs it: a script running that checkout's CLI with the arguments given. */
function installBinary(file: string, entry: string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const quoted = [process.execPath, "--import", "tsx", ...entry].map((arg) => `'${arg}'`).join(" ");
  writeFileSync(file, `#!/bin/sh\ncd '${PROJECT_ROOT}' && exec ${quoted} "$@"\n`);
  chmodSync(file, 0o755);
}

/** The wrapper scripts exec optd, so the node cosmovisor runs is its child. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split("\n").filter((line) => line.trim() !== "").map(Number);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

test("cosmovisor switches optd to the upgraded binary on the upgrade-info.json the chain writes", async () => {
  if (!existsSync(COSMOVISOR)) throw new Error(`no cosmovisor at ${COSMOVISOR}: run bash scripts/install-cosmovisor.sh (npm test does)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-cosmovisor-"));
  const net = await Localnet.create({ dir, validators: 1, timeoutCommitMs: 100, voteExtensionsEnableHeight: 0, appState: { gov: { params: UPGRADE_GOV_PARAMS } } });
  const home = net.nodes[0].home;
  installBinary(path.join(home, "cosmovisor", "genesis", "bin", "optd"), [path.join(PROJECT_ROOT, "cli", "optd.ts")]);
  installBinary(path.join(home, "cosmovisor", "upgrades", NAME, "bin", "optd"), [UPGRADED_OPTD, "--upgrade", NAME]);
  const logFile = path.join(home, "cosmovisor.log");
  // cosmovisor watches $DAEMON_HOME/data and refuses to start without it.
  mkdirSync(path.join(home, "data"), { recursive: true });
  const log = openSync(logFile, "a");
  let cosmovisor: ChildProcess | undefined;
  let failure: unknown;
  try {
    cosmovisor = spawn(COSMOVISOR, ["run", "start", "--home", home], {
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        DAEMON_NAME: "optd",
        DAEMON_HOME: home,
        DAEMON_RESTART_AFTER_UPGRADE: "true",
        // The node stops CometBFT before it exits: SIGINT and a grace period, not cosmovisor's default SIGKILL.
        DAEMON_SHUTDOWN_GRACE: "20s",
        // The node stops itself at the height and cosmovisor finds the file on that exit. A poll in flight as the
        // node exits makes cosmovisor v1.5.0 give up on the upgrade (README says so), so it is made rare.
        DAEMON_POLL_INTERVAL: "1h",
        UNSAFE_SKIP_BACKUP: "true",
      },
    });
    const gone = once(cosmovisor, "exit").then(([code]) => Promise.reject(new Error(`cosmovisor exited with ${code}`)));
    const running = <T>(wait: Promise<T>) => Promise.race([wait, gone]);
    await running(net.waitForHeight(3, [0], 120_000));
    const queries = await upgradeQueries(net.rpc(0));
    const taxBefore = await queries.communityTax();
    queries.disconnect();
    const { height } = await running(passUpgrade(net, 0, { name: NAME, info: "" }, [[0, VoteOption.VOTE_OPTION_YES]], 15));

    await running(net.waitForHeight(height + 3, [0], 150_000));
    const output = readFileSync(logFile, "utf8");
    expect(output).toContain(`UPGRADE NEEDED: ${NAME} at height ${height}`);
    expect(output.match(new RegExp(`migrating for ${NAME} at height (\\d+)`, "g"))).toEqual([`migrating for ${NAME} at height ${height}`]);
    expect(JSON.parse(readFileSync(upgradeInfoPath(home), "utf8"))).toMatchObject({ name: NAME, height });
    // cosmovisor's own record of the switch: current → upgrades/<name>.
    expect(path.basename(readlinkSync(path.join(home, "cosmovisor", "current")))).toBe(NAME);
    const after = await upgradeQueries(net.rpc(0));
    expect(await after.appliedPlanHeight(NAME)).toBe(height);
    expect(taxBefore).not.toBe(await after.communityTax());
    expect(await after.communityTax()).toBe(decFromString(UPGRADED_COMMUNITY_TAX).toString());
    after.disconnect();
  } catch (err) {
    failure = err;
  } finally {
    closeSync(log);
    if (cosmovisor && cosmovisor.exitCode === null) {
      // cosmovisor v1.5.0 hands a SIGTERM to the binary it started first, even after relaunching another (and then
      // exits, leaving the node running): the node it runs now is stopped instead (optd stops its CometBFT, then
      // itself), and cosmovisor ends with it.
      const nodes = childrenOf(cosmovisor.pid!);
      if (nodes.length === 0) cosmovisor.kill("SIGTERM");
      for (const pid of nodes) process.kill(pid, "SIGTERM");
      await exited(cosmovisor, "cosmovisor", 30_000).catch((err) => (failure ??= err));
    }
    if (failure !== undefined) console.error(readFileSync(logFile, "utf8").slice(-4000));
    if (!process.env.KEEP_TEST_CHAIN) rmSync(dir, { recursive: true, force: true });
  }
  if (failure !== undefined) throw failure;
});
