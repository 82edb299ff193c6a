// Joining by state sync, as an SDK node does: the app serves snapshots every `snapshot-interval` blocks, and a
// new node's CometBFT fetches one from its peers, verifies the app hash it claims with a light client started
// from a trusted height and hash (checked against two RPC servers), and has the app restore it.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { type NodeConfig, type NodePorts, cometConfigDir, cometConfigPath, initHome, nodeConfigPath, readNodeConfig } from "./genesis";
import { rpcGet } from "./network";
import { setToml } from "./toml";
import type { SnapshotOptions } from "../app/abci/snapshots";

/** As the SDK: snapshots are off unless asked for, and two are kept. */
export const DEFAULT_SNAPSHOT_KEEP_RECENT = 2;

/** `optd start`'s state sync flags; each absent one leaves the home's setting as it is. */
export interface StateSyncFlags {
  /** --state-sync.snapshot-interval: take a snapshot every N blocks (0: none) */
  snapshotInterval?: string;
  /** --state-sync.snapshot-keep-recent: snapshots kept (0: all) */
  snapshotKeepRecent?: string;
  /** --state-sync: join from a snapshot instead of replaying from genesis */
  stateSync?: boolean;
  /** --rpc-servers A,B: where the light client reads headers (two, which may repeat) */
  rpcServers?: string;
  /** --trust-height / --trust-hash: a header the operator trusts; both, or neither to take one from the first RPC server */
  trustHeight?: string;
  trustHash?: string;
}

/** Where the app keeps its snapshots, as the SDK's <home>/data/snapshots. */
export function snapshotOptions(home: string, config: NodeConfig): SnapshotOptions {
  return {
    dir: path.join(home, "data", "snapshots"),
    interval: config.snapshot_interval ?? 0,
    keepRecent: config.snapshot_keep_recent ?? DEFAULT_SNAPSHOT_KEEP_RECENT,
  };
}

/** A trusted header for the light client, as the SDK docs fetch it: the block `back` below the latest. */
export async function fetchTrust(rpc: string, back = 0): Promise<{ height: number; hash: string }> {
  const latest = Number((await rpcGet(rpc, "block")).block.header.height);
  const height = Math.max(1, latest - back);
  const block = await rpcGet(rpc, `block?height=${height}`);
  return { height, hash: String(block.block_id.hash) };
}

const RPC_SERVER = /^https?:\/\/[^\s/,]+:[0-9]{1,5}$/;
const COUNT = /^(0|[1-9][0-9]{0,9})$/;

/**
 * Saves the state sync flags before CometBFT starts: the snapshot settings into optd.json (the app reads them),
 * the join settings into config.toml's [statesync]. Every value is checked first, so nothing is saved on a typo.
 * Returns what it did, for the operator's log.
 */
export async function saveStateSyncFlags(home: string, flags: StateSyncFlags): Promise<string[]> {
  const done: string[] = [];
  const count = (value: string | undefined, name: string) => {
    if (value !== undefined && !COUNT.test(value)) throw new Error(`--${name} needs a whole number, got "${value}"`);
    return value === undefined ? undefined : Number(value);
  };
  const interval = count(flags.snapshotInterval, "state-sync.snapshot-interval");
  const keepRecent = count(flags.snapshotKeepRecent, "state-sync.snapshot-keep-recent");
  let join: Array<[string, string | number | boolean]> | undefined;
  if (flags.stateSync) {
    const servers = (flags.rpcServers ?? "").split(",").filter((s) => s !== "");
    if (servers.length < 2 || !servers.every((s) => RPC_SERVER.test(s))) {
      throw new Error(`--state-sync needs --rpc-servers http://HOST:PORT,http://HOST:PORT (two, the same one twice if you trust it alone), got "${flags.rpcServers ?? ""}"`);
    }
    if ((flags.trustHeight === undefined) !== (flags.trustHash === undefined)) throw new Error("--trust-height and --trust-hash go together (or leave both out to take them from the first RPC server)");
    let trust: { height: number; hash: string };
    if (flags.trustHeight !== undefined && flags.trustHash !== undefined) {
      if (!/^[1-9][0-9]{0,15}$/.test(flags.trustHeight)) throw new Error(`--trust-height needs a block height, got "${flags.trustHeight}"`);
      if (!/^[0-9a-fA-F]{64}$/.test(flags.trustHash)) throw new Error(`--trust-hash needs a block hash of 64 hex digits, got "${flags.trustHash}"`);
      trust = { height: Number(flags.trustHeight), hash: flags.trustHash.toUpperCase() };
    } else {
      trust = await fetchTrust(servers[0]);
      done.push(`trusting block ${trust.height} (${trust.hash}) as ${servers[0]} reports it`);
    }
    join = [
      ["enable", true],
      ["rpc_servers", servers.join(",")],
      ["trust_height", trust.height],
      ["trust_hash", trust.hash],
    ];
  } else if (flags.rpcServers !== undefined || flags.trustHeight !== undefined || flags.trustHash !== undefined) {
    throw new Error("--rpc-servers, --trust-height and --trust-hash are for --state-sync");
  }

  if (interval !== undefined || keepRecent !== undefined) {
    const config = readNodeConfig(home);
    if (interval !== undefined) config.snapshot_interval = interval;
    if (keepRecent !== undefined) config.snapshot_keep_recent = keepRecent;
    writeFileSync(nodeConfigPath(home), JSON.stringify(config, null, 2));
    const { interval: every, keepRecent: keep } = snapshotOptions(home, config);
    done.push(every === 0 ? "taking no snapshots" : `a snapshot every ${every} blocks, keeping ${keep === 0 ? "all" : `the last ${keep}`}`);
  }
  if (join) {
    let toml = readFileSync(cometConfigPath(home), "utf8");
    for (const [key, value] of join) toml = setToml(toml, "statesync", key, value);
    writeFileSync(cometConfigPath(home), toml);
    done.push(`state sync on: CometBFT restores a peer's snapshot if this node has no state yet`);
  }
  return done;
}

/**
 * A non-validator home on this machine that follows the node at `peerHome`: its genesis and loopback p2p
 * settings, that node and that node's own persistent peers as its persistent peers, and that node's
 * [consensus] settings. For tests and local experiments; an operator elsewhere runs `optd init` and
 * `optd start --genesis … --p2p.persistent-peers …` instead.
 *
 * Once bonded it must vote on the network's clock: a precommit that reaches the others after their
 * timeout_commit is dropped ("precommit vote came in after commit timeout and has been ignored") and counts as
 * a missed block. With the localnet's 300 ms timeout_commit, a joiner given node 0 as its only persistent peer
 * and CometBFT's default 100 ms gossip sleep (the localnet's nodes use 20 ms) was often that late (in one run, 11
 * of its first 24 blocks under load), which a downtime window asking for half its blocks can jail.
 */
export function initFollowerHome(home: string, peerHome: string, peerId: string, ports: NodePorts): void {
  const peer = readNodeConfig(peerHome);
  initHome(home, { moniker: "follower", chainId: peer.chain_id, ports });
  copyFileSync(path.join(cometConfigDir(peerHome), "genesis.json"), path.join(cometConfigDir(home), "genesis.json"));
  const peerConfig = parse(readFileSync(cometConfigPath(peerHome), "utf8"));
  const peerP2p = peerConfig.p2p as Record<string, unknown>;
  const peers = [`${peerId}@127.0.0.1:${peer.ports.p2p}`, ...String(peerP2p.persistent_peers ?? "").split(",").filter((p) => p !== "")];
  let toml = readFileSync(cometConfigPath(home), "utf8");
  const settings: Array<[string, string, string | number | boolean]> = [
    ["p2p", "laddr", `tcp://127.0.0.1:${ports.p2p}`],
    ["p2p", "persistent_peers", peers.join(",")],
    ["p2p", "addr_book_strict", false],
    ["p2p", "allow_duplicate_ip", true],
    // How long it gathers snapshots before choosing one (CometBFT's least); the localnet's peers answer at once.
    ["statesync", "discovery_time", "5s"],
    ...Object.entries(peerConfig.consensus as Record<string, string | number | boolean>).map(([key, value]): [string, string, string | number | boolean] => ["consensus", key, value]),
  ];
  for (const [section, key, value] of settings) toml = setToml(toml, section, key, value);
  writeFileSync(cometConfigPath(home), toml);
}
