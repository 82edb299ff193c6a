import { once } from "node:events";
import { devWallet } from "../../client";
import { sleep } from "../../localnet/network";
import { startTestnet } from "../helpers/chain";
import { assertNoBrokenInvariants } from "../helpers/broken-events";
import { type TransferLoad, startTransfers } from "../helpers/load";
import { expectAgreement, expectTakesEffectOnce, expectSupplyConsistent, minIncluded, slashedUopt } from "./checks";

jest.setTimeout(600_000);

/**
 * Fault-tolerance scenarios 1–3 of issue 3 on one 4-validator localnet with equal power, CosmJS transfers
 * flowing throughout. Each scenario ends with the suite's checks on every live node.
 */
describe("4 validators: crashes", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let recipient: string;
  let supplyAtStart: Map<string, bigint>;

  beforeAll(async () => {
    chain = await startTestnet(4, { timeoutCommitMs: 150 });
    recipient = (await (await devWallet(10)).getAccounts())[9].address;
    supplyAtStart = await expectSupplyConsistent(chain.net.rpc(0));
  });
  afterAll(async () => chain?.stop());

  async function loads(nodes: number[]): Promise<TransferLoad[]> {
    return Promise.all(nodes.map((node, k) => startTransfers(chain.net.rpc(node), k, recipient)));
  }

  async function checksAfter(live: number[], load: { accepted: string[]; seconds: number }) {
    const top = await expectAgreement(chain.net, live);
    await expectTakesEffectOnce(chain.net.rpc(live[0]), load.accepted, top);
    // every accepted tx was just found to take effect exactly once, so this counts the txs the scenario carried
    expect(load.accepted.length).toBeGreaterThanOrEqual(minIncluded(load.seconds));
    // Transfers and fees only move coins: supply is what genesis minted, less what slashing burned (a validator
    // down long enough misses its oracle votes).
    const burned = await slashedUopt(chain.net.rpc(live[0]));
    const expected = new Map([...supplyAtStart].map(([denom, amount]) => [denom, denom === "uopt" ? amount - burned : amount]));
    expect(await expectSupplyConsistent(chain.net.rpc(live[0]))).toEqual(expected);
    await assertNoBrokenInvariants(chain.net);
  }

  async function settle(live: number[], loadsRunning: TransferLoad[]): Promise<{ accepted: string[]; seconds: number }> {
    const seconds = Math.max(...(await Promise.all(loadsRunning.map((l) => l.stop()))));
    // let the mempools drain into blocks
    await chain.net.waitForHeight((await chain.net.height(live[0])) + 4, live);
    return { accepted: loadsRunning.flatMap((l) => l.accepted.map((a) => a.hash)), seconds };
  }

  test("1. one validator SIGKILLed: blocks keep coming, it catches up with the same app hashes", async () => {
    const running = await loads([0, 1, 2]);
    await chain.net.waitForHeight((await chain.net.height(0)) + 3);
    await chain.net.killComet(3, "SIGKILL");
    await chain.net.killApp(3, "SIGKILL");
    const atKill = await chain.net.height(0);
    await chain.net.waitForHeight(atKill + 8, [0, 1, 2], 60_000);
    const load = await settle([0, 1, 2], running);
    await chain.net.startNode(3);
    await chain.net.waitForHeight(await chain.net.height(0), [3], 120_000);
    await checksAfter([0, 1, 2, 3], load);
  });

  test("2. two validators down: the chain stops without forking, resumes with one back, loses no accepted tx", async () => {
    const running = await loads([0, 1]);
    await chain.net.waitForHeight((await chain.net.height(0)) + 3);
    await Promise.all([chain.net.stopNode(2, "SIGKILL"), chain.net.stopNode(3, "SIGKILL")]);
    await sleep(3000); // a block in flight may still commit with the votes already cast
    const stalled = await chain.net.height(0);
    await sleep(4000);
    expect(await chain.net.height(0)).toBe(stalled);
    expect(await chain.net.height(1)).toBe(stalled);
    await expectAgreement(chain.net, [0, 1]);
    await chain.net.startNode(2);
    await chain.net.waitForHeight(stalled + 5, [0, 1, 2], 120_000);
    const load = await settle([0, 1, 2], running);
    await chain.net.startNode(3);
    await chain.net.waitForHeight(await chain.net.height(0), [3], 120_000);
    await checksAfter([0, 1, 2, 3], load);
  });

  test("3. the app alone SIGKILLed at random points ten times: it replays through the handshake and agrees", async () => {
    const running = await loads([0, 1, 2]);
    let seed = 7;
    const nextRandom = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 10; round++) {
      await sleep(200 + Math.floor(nextRandom() * 1500));
      await chain.net.killApp(3, "SIGKILL");
      const comet = chain.net.nodes[3].comet!;
      // CometBFT stops itself when its app's connection drops; make sure before restarting the pair
      if (comet.exitCode === null && comet.signalCode === null) {
        const timer = setTimeout(() => comet.kill("SIGKILL"), 15_000);
        await once(comet, "exit");
        clearTimeout(timer);
      }
      await chain.net.startNode(3);
      await chain.net.waitForHeight((await chain.net.height(0)) + 1, [3], 60_000);
    }
    const load = await settle([0, 1, 2, 3], running);
    await checksAfter([0, 1, 2, 3], load);
  });
});
