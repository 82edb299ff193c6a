// Validators on separate hosts: four validators, each app and CometBFT pair in its own Linux network namespace
// with its own address on a bridge this test makes and removes. Nothing listens on loopback, so the chain only
// runs if p2p, persistent peers and external addresses work between hosts as on real machines. (The chaos suite's
// test/chaos/netns.test.ts cuts one host off the network.)
import net from "node:net";
import { rpcGet } from "../localnet/network";
import { describeWithNetns, startNetnsChain } from "./helpers/netns-chain";

jest.setTimeout(240_000);

const VALIDATORS = 4;

const refused = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

describeWithNetns("test/netns.e2e.test.ts")("validators in their own network namespaces", () => {
  let chain: Awaited<ReturnType<typeof startNetnsChain>>;

  beforeAll(async () => {
    chain = await startNetnsChain(VALIDATORS);
  });

  afterAll(async () => {
    await chain?.stop();
  });

  test("the chain runs over the bridge: every node commits, peers by bridge address, and nothing is on loopback", async () => {
    const { localnet, hosts } = chain;
    await localnet.waitForHeight(6, undefined, 120_000);
    for (let i = 0; i < VALIDATORS; i++) {
      const info = await rpcGet(localnet.rpc(i), "net_info");
      const peerAddresses = (info.peers as Array<{ remote_ip: string }>).map((peer) => peer.remote_ip).sort();
      expect(peerAddresses).toEqual(hosts.hosts.filter((_, j) => j !== i).sort());
      const status = await rpcGet(localnet.rpc(i), "status");
      expect(status.node_info.listen_addr).toBe(`${hosts.hosts[i]}:${localnet.nodes[i].ports.p2p}`); // the external address peers are told
      // The node's RPC is not on the host's loopback: the namespace has its own.
      expect(await refused("127.0.0.1", localnet.nodes[i].ports.rpc)).toBe(true);
    }
    // One app hash at one height on every host
    const height = Math.min(...(await Promise.all(localnet.nodes.map((_, i) => localnet.height(i))))) - 1;
    const hashes = await Promise.all(localnet.nodes.map(async (_, i) => (await rpcGet(localnet.rpc(i), `block?height=${height}`)).block.header.app_hash));
    expect(new Set(hashes).size).toBe(1);
  });

});
