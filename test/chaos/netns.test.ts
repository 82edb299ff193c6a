// A validator host that drops off the network (its link to the bridge goes down, as a cable pulled or a
// datacenter partitioned): the other three keep the chain going, and it catches up once the link is back. The
// wait is CometBFT's own: the peers notice a silent connection only at its pong timeout, then redial.
import { execFileSync } from "node:child_process";
import { describeWithNetns, startNetnsChain } from "../helpers/netns-chain";

jest.setTimeout(300_000);

const VALIDATORS = 4;

describeWithNetns("test/chaos/netns.test.ts")("a validator host cut off from the network", () => {
  let chain: Awaited<ReturnType<typeof startNetnsChain>>;

  beforeAll(async () => {
    chain = await startNetnsChain(VALIDATORS);
    await chain.localnet.waitForHeight(4, undefined, 120_000);
  });

  afterAll(async () => {
    await chain?.stop();
  });

  test("a node cut off from the bridge drops behind while the other three go on, and catches up when its link is back", async () => {
    const cutOff = VALIDATORS - 1;
    const { localnet, hosts } = chain;
    const link = `${hosts.bridge.slice(0, -"br".length)}v${cutOff}`; // the host's end of its veth pair
    execFileSync("ip", ["link", "set", link, "down"]);
    try {
      const before = await localnet.height(0);
      await localnet.waitForHeight(before + 5, [0], 60_000); // three of four hold more than 2/3 of the power
      await expect(localnet.height(cutOff)).rejects.toThrow(/EHOSTUNREACH|ETIMEDOUT|ECONNREFUSED|fetch failed/); // unreachable, as a host off the network
    } finally {
      execFileSync("ip", ["link", "set", link, "up"]);
    }
    const target = await localnet.height(0);
    const cutAt = Date.now();
    await localnet.waitForHeight(target, [cutOff], 90_000);
    console.log(`node ${cutOff} caught up to ${target} ${Date.now() - cutAt} ms after its link came back`);
  });
});
