import { once } from "node:events";
import { startTestnet } from "./helpers/chain";
import { startTransfers } from "./helpers/load";
import { replayChain } from "./helpers/replay";
import { devWallet } from "../client";
import { readFileSync } from "node:fs";
import path from "node:path";

jest.setTimeout(300_000);

/** CometBFT exits by itself when its app's connection drops; give it a moment, then make sure. */
async function awaitCometExit(chain: Awaited<ReturnType<typeof startTestnet>>) {
  const comet = chain.net.nodes[0].comet!;
  if (comet.exitCode === null && comet.signalCode === null) {
    const timer = setTimeout(() => comet.kill("SIGKILL"), 15_000);
    await once(comet, "exit");
    clearTimeout(timer);
  }
}

test("SIGKILLed app (also between FinalizeBlock and Commit) recovers through the handshake with the same app hashes as a run never killed", async () => {
  const chain = await startTestnet(1);
  const net = chain.net;
  const [, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  const load = await startTransfers(() => net.rpc(0), 0, bob);
  try {
    for (let round = 0; round < 3; round++) {
      await net.waitForHeight((await net.height(0)) + 3 + round);
      await net.killApp(0, "SIGKILL");
      await awaitCometExit(chain);
      await net.startNode(0);
      await net.waitForHeight((await net.height(0)) + 2);
    }

    // A crash exactly after FinalizeBlock was answered and before anything was persisted.
    await net.stopNode(0);
    await net.startApp(0);
    net.startComet(0);
    await net.waitForRpc(0);
    const committed = await net.height(0);
    await net.stopNode(0);
    const crashAt = committed + 3;
    await net.startApp(0, { OPTCHAIN_UNSAFE_TEST_FAULTS: "1", OPTCHAIN_TEST_CRASH_BEFORE_COMMIT: String(crashAt) });
    const app = net.nodes[0].app!;
    net.startComet(0);
    if (app.exitCode === null && app.signalCode === null) await once(app, "exit");
    expect(app.signalCode).toBe("SIGKILL");
    await awaitCometExit(chain);
    await net.startNode(0);
    await net.waitForHeight(crashAt + 3);
  } finally {
    await load.stop();
  }

  const last = (await net.height(0)) - 1;
  expect(load.accepted.length).toBeGreaterThan(10);
  const replay = await replayChain(net.rpc(0), last);
  const mismatches = replay.filter((r) => r.replayed !== r.recorded);
  expect(mismatches).toEqual([]);
  expect(replay.length).toBe(last);
  const cometLog = readFileSync(path.join(net.nodes[0].home, "cometbft.log"), "utf8");
  expect(cometLog).not.toMatch(/wrong Block.Header.AppHash|app hash mismatch/i);
  await chain.stop();
});
