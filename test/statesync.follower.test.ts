// The follower home a state-sync joiner starts from (localnet/statesync.ts initFollowerHome) against the homes of a
// real 4-validator localnet, built but not started. The join chaos scenario (test/chaos/join.test.ts) found why it
// matters: once bonded, a joiner that heard the network through node 0 alone and gossiped on CometBFT's default
// 100 ms sent its precommits after the others' 300 ms timeout_commit had ended, and CometBFT dropped them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { cometbft } from "../localnet/cometbft";
import { cometConfigPath, cometHome } from "../localnet/genesis";
import { Localnet } from "../localnet/network";
import { freePorts } from "../localnet/ports";
import { initFollowerHome } from "../localnet/statesync";

jest.setTimeout(120_000);

let dir: string;
let net: Localnet;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "optchain-follower-"));
  net = await Localnet.create({ dir, validators: 4, timeoutCommitMs: 300 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (home: string) => parse(readFileSync(cometConfigPath(home), "utf8")) as Record<string, Record<string, unknown>>;
const nodeId = (home: string) => cometbft(["show-node-id", "--home", cometHome(home)]).trim();

test("a follower peers with every validator and runs consensus on the same settings as the node it follows", async () => {
  const home = path.join(dir, "joiner");
  const [ports] = await freePorts(1);
  initFollowerHome(home, net.nodes[0].home, nodeId(net.nodes[0].home), ports);
  const follower = config(home);
  const peers = String(follower.p2p.persistent_peers).split(",");
  expect(peers.map((peer) => peer.split("@")[0]).sort()).toEqual(net.nodes.map((node) => nodeId(node.home)).sort());
  expect(peers).toContain(`${nodeId(net.nodes[0].home)}@127.0.0.1:${net.nodes[0].ports.p2p}`);
  expect(follower.consensus).toEqual(config(net.nodes[0].home).consensus);
  expect(follower.consensus.peer_gossip_sleep_duration).toBe("20ms");
});
