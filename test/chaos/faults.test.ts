import { readFileSync } from "node:fs";
import path from "node:path";
import { sleep } from "../../localnet/network";
import { freePorts } from "../../localnet/ports";
import { devWallet } from "../../client";
import { startTestnet } from "../helpers/chain";
import { startTransfers } from "../helpers/load";
import { CuttableProxy } from "../helpers/proxy";
import { expectAgreement, expectTakesEffectOnce, expectSupplyConsistent, minIncluded } from "./checks";

jest.setTimeout(600_000);

test("4. a validator whose app computes a different result is caught by CometBFT on that node; the others go on", async () => {
  const chain = await startTestnet(4, { timeoutCommitMs: 150 });
  const recipient = (await (await devWallet(10)).getAccounts())[9].address;
  try {
    const net = chain.net;
    // transfers through the honest nodes all along, so the faulty node has real state changes to differ on
    const loads = await Promise.all([0, 1, 2].map((node) => startTransfers(net.rpc(node), node, recipient)));
    await net.stopNode(3);
    const faultFrom = (await net.height(0)) + 3;
    await net.startNode(3, { OPTCHAIN_UNSAFE_TEST_FAULTS: "1", OPTCHAIN_TEST_WRONG_APP_HASH_FROM: String(faultFrom) });
    await net.waitForHeight(faultFrom + 10, [0, 1, 2], 90_000);
    const seconds = Math.max(...(await Promise.all(loads.map((l) => l.stop()))));
    await net.waitForHeight((await net.height(0)) + 4, [0, 1, 2]);
    const cometLog = readFileSync(path.join(net.nodes[3].home, "cometbft.log"), "utf8");
    // The expected failure mode: the faulty node refuses the honest majority's blocks, never the reverse.
    expect(cometLog).toMatch(/wrong Block\.Header\.AppHash/);
    expect(await net.height(3)).toBeLessThanOrEqual(faultFrom + 1);
    const top = await expectAgreement(net, [0, 1, 2]);
    const accepted = loads.flatMap((l) => l.accepted.map((a) => a.hash));
    await expectTakesEffectOnce(net.rpc(0), accepted, top);
    expect(accepted.length).toBeGreaterThanOrEqual(minIncluded(seconds));
    for (const honest of [0, 1, 2]) {
      expect(readFileSync(path.join(net.nodes[honest].home, "cometbft.log"), "utf8")).not.toMatch(/wrong Block\.Header\.AppHash/);
    }
    await expectSupplyConsistent(net.rpc(0));
  } finally {
    await chain.stop();
  }
});

test("5. a partitioned validator: the other three continue; healed, it catches up and agrees", async () => {
  // Every link to and from node 3 goes through a relay that the test cuts: a partition on loopback.
  const ports = await freePorts(4);
  const relays = new Map<string, CuttableProxy>();
  for (let from = 0; from < 4; from++) {
    for (let to = 0; to < 4; to++) {
      if (from !== to && (from === 3 || to === 3)) relays.set(`${from}>${to}`, await CuttableProxy.listen(ports[to].p2p));
    }
  }
  const chain = await startTestnet(4, {
    timeoutCommitMs: 150,
    ports,
    peerPort: (from, to) => relays.get(`${from}>${to}`)?.port ?? ports[to].p2p,
  });
  const net = chain.net;
  const recipient = (await (await devWallet(10)).getAccounts())[9].address;
  try {
    const loads = await Promise.all([0, 1, 2].map((node) => startTransfers(net.rpc(node), node, recipient)));
    await net.waitForHeight((await net.height(0)) + 3);
    for (const relay of relays.values()) relay.setCut(true);
    await sleep(1500);
    const isolatedAt = await net.height(3);
    const majorityAt = await net.height(0);
    await net.waitForHeight(majorityAt + 10, [0, 1, 2], 90_000);
    expect(await net.height(3)).toBeLessThanOrEqual(isolatedAt + 1);
    for (const relay of relays.values()) relay.setCut(false);
    const seconds = Math.max(...(await Promise.all(loads.map((l) => l.stop()))));
    await net.waitForHeight((await net.height(0)) + 2, [0, 1, 2, 3], 180_000);
    const top = await expectAgreement(net, [0, 1, 2, 3]);
    const accepted = loads.flatMap((l) => l.accepted.map((a) => a.hash));
    await expectTakesEffectOnce(net.rpc(0), accepted, top);
    expect(accepted.length).toBeGreaterThanOrEqual(minIncluded(seconds));
    await expectSupplyConsistent(net.rpc(3));
  } finally {
    await chain.stop();
    await Promise.all([...relays.values()].map((relay) => relay.close()));
  }
});
