import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { cometConfigPath, initHome, nodeConfigPath, readNodeConfig } from "../localnet/genesis";
import { saveStateSyncFlags, snapshotOptions } from "../localnet/statesync";
import { freePorts } from "../localnet/ports";
import { saveStartFlags } from "../localnet/node";

jest.setTimeout(60_000);

const HASH = "AB".repeat(32);
let home: string;
beforeAll(async () => {
  home = path.join(mkdtempSync(path.join(os.tmpdir(), "optchain-ssflags-")), "node");
  const [ports] = await freePorts(1);
  initHome(home, { moniker: "joiner", chainId: "sync-1", ports });
});
afterAll(() => rmSync(path.dirname(home), { recursive: true, force: true }));

const files = () => [readFileSync(cometConfigPath(home), "utf8"), readFileSync(nodeConfigPath(home), "utf8")];
const statesync = () => parse(readFileSync(cometConfigPath(home), "utf8")).statesync as Record<string, unknown>;

test("refuses bad state sync flags with the flag's name and saves nothing", async () => {
  const before = files();
  const rpc = "http://127.0.0.1:26657";
  const cases: Array<[Parameters<typeof saveStateSyncFlags>[1], RegExp]> = [
    [{ stateSync: true, rpcServers: rpc, trustHeight: "5", trustHash: HASH }, /two/],
    [{ stateSync: true, trustHeight: "5", trustHash: HASH }, /--rpc-servers/],
    [{ stateSync: true, rpcServers: `${rpc},127.0.0.1:26657`, trustHeight: "5", trustHash: HASH }, /--rpc-servers/],
    [{ stateSync: true, rpcServers: `${rpc},${rpc}`, trustHeight: "5" }, /go together/],
    [{ stateSync: true, rpcServers: `${rpc},${rpc}`, trustHeight: "0", trustHash: HASH }, /--trust-height/],
    [{ stateSync: true, rpcServers: `${rpc},${rpc}`, trustHeight: "5", trustHash: "abc" }, /--trust-hash/],
    [{ stateSync: true, rpcServers: `${rpc},${rpc}`, trustHeight: "5", trustHash: `${HASH}" \n[evil]` }, /--trust-hash/],
    [{ rpcServers: `${rpc},${rpc}` }, /for --state-sync/],
    [{ snapshotInterval: "-1" }, /snapshot-interval/],
    [{ snapshotInterval: "10", snapshotKeepRecent: "two" }, /snapshot-keep-recent/],
  ];
  for (const [flags, message] of cases) {
    await expect(saveStateSyncFlags(home, flags)).rejects.toThrow(message);
    expect(files()).toEqual(before);
  }
});

test("writes [statesync] and the snapshot settings, and later starts keep them", async () => {
  expect(snapshotOptions(home, readNodeConfig(home))).toEqual({ dir: path.join(home, "data", "snapshots"), interval: 0, keepRecent: 2 });
  const rpcs = "http://10.0.0.1:26657,http://10.0.0.2:26657";
  const done = await saveStateSyncFlags(home, {
    stateSync: true,
    rpcServers: rpcs,
    trustHeight: "1234",
    trustHash: HASH.toLowerCase(),
    snapshotInterval: "100",
    snapshotKeepRecent: "0",
  });
  expect(done.join("\n")).toMatch(/every 100 blocks, keeping all/);
  expect(statesync()).toMatchObject({ enable: true, rpc_servers: rpcs, trust_height: 1234, trust_hash: HASH, trust_period: "168h0m0s" });
  expect(snapshotOptions(home, readNodeConfig(home))).toMatchObject({ interval: 100, keepRecent: 0 });
  expect(await saveStateSyncFlags(home, {})).toEqual([]);
  expect(statesync()).toMatchObject({ enable: true, trust_height: 1234 });
});

test("--pruning sets the app state versions kept, as the SDK's strategies, and refuses anything else unsaved", () => {
  const keepRecent = () => readNodeConfig(home).keep_recent;
  for (const [value, kept] of [["keep-recent=100", 100], ["everything", 2], ["default", 362_880], ["nothing", 0]] as const) {
    saveStartFlags(home, { pruning: value });
    expect(keepRecent()).toBe(kept);
  }
  saveStartFlags(home, { pruning: "keep-recent=7" });
  const before = files();
  for (const bad of ["keep-recent=0", "keep-recent=-1", "keep-recent=", "custom", "KEEP-RECENT=5", "keep-recent=5,nothing"]) {
    expect(() => saveStartFlags(home, { pruning: bad, minRetainBlocks: 9 })).toThrow(/--pruning/);
    expect(files()).toEqual(before);
  }
  expect(keepRecent()).toBe(7);
});
