import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { cometbft, PROJECT_ROOT } from "../localnet/cometbft";
import { cometHome } from "../localnet/genesis";
import { rpcGet, sleep } from "../localnet/network";
import { freePorts } from "../localnet/ports";
import { fetchTrust, initFollowerHome } from "../localnet/statesync";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(180_000);

test("a new node joins a running chain by state sync: no replay from height 1, caught up within a minute, same app hash", async () => {
  // A snapshot lives for two intervals (the validator keeps two): 10 blocks of ~0.6 s leave a joiner time to fetch it.
  const chain = await startTestnet(1, { snapshotInterval: 10, timeoutCommitMs: 500 });
  let follower: ChildProcess | undefined;
  try {
    const rpc = chain.net.rpc(0);
    await chain.net.waitForHeight(12, undefined, 90_000);
    const validator = chain.net.nodes[0];
    const home = path.join(chain.dir, "follower");
    const [ports] = await freePorts(1);
    initFollowerHome(home, validator.home, cometbft(["show-node-id", "--home", cometHome(validator.home)]).trim(), ports);
    // As the SDK docs: trust a recent header of the chain, read from its RPC.
    const trust = await fetchTrust(rpc);

    const started = Date.now();
    const log = openSync(path.join(home, "optd.log"), "a");
    follower = spawn(
      process.execPath,
      ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "start", "--home", home, "--state-sync", "--rpc-servers", `${rpc},${rpc}`,
        "--trust-height", String(trust.height), "--trust-hash", trust.hash, "--api.enable=false"],
      { stdio: ["ignore", log, log], cwd: PROJECT_ROOT, env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid) } },
    );
    closeSync(log);
    const followerRpc = `http://127.0.0.1:${ports.rpc}`;
    let status;
    for (;;) {
      if (follower.exitCode !== null) throw new Error(`the follower exited; see ${home}/optd.log and cometbft.log`);
      status = await rpcGet(followerRpc, "status").catch(() => undefined);
      const tip = await chain.net.height(0);
      if (status && !status.sync_info.catching_up && Number(status.sync_info.latest_block_height) >= tip - 1) break;
      if (Date.now() - started > 60_000) throw new Error(`not caught up within a minute: ${JSON.stringify(status?.sync_info)}; see ${home}`);
      await sleep(500);
    }
    // Restored from a snapshot, not replayed: its block store begins past genesis.
    expect(Number(status.sync_info.earliest_block_height)).toBeGreaterThan(1);
    expect(readFileSync(path.join(home, "optd.log"), "utf8")).toMatch(/restored height \d+ from a snapshot/);

    // The app's own state: what it reports for its last height is what the validator committed there.
    const info = (await rpcGet(followerRpc, "abci_info")).response;
    const height = Number(info.last_block_height);
    await chain.net.waitForHeight(height + 1);
    expect(Buffer.from(info.last_block_app_hash, "base64").toString("hex").toUpperCase()).toBe(await chain.net.appHashAfter(0, height));
  } finally {
    if (follower && follower.exitCode === null) {
      follower.kill("SIGTERM");
      await once(follower, "exit");
    }
    await chain.stop();
  }
});
