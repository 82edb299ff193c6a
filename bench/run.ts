/**
 * `npm run bench [section...]`: figures for the issues' targets, written to bench/results.json, each with the
 * commit, time and machine it was measured on (see bench/README.md). Not a test: nothing here passes or fails.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import type { StdFee } from "@cosmjs/stargate";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devGenesis, initChain, openApp, runBlock } from "../test/helpers/inprocess";
import { startTestnet } from "../test/helpers/chain";
import { cometbftBinary } from "../localnet/cometbft";
import { BLOCK_MAX_GAS, cometHome } from "../localnet/genesis";
import { httpJson } from "../app/api/http-json";
import { BECH32_PREFIX, DEFAULT_CHAIN_ID, DEFAULT_MIN_GAS_PRICE } from "../app/config";
import { Localnet, rpcGet } from "../localnet/network";
import { autoTransferFee, presignTransfers, walletAutoTransferFee } from "./signed-txs";
import { liquidationAtScale, liquidationBlock, marginTenThousandPositions, orderSigner, ordersPerSecond } from "./options";
import { oracleTally } from "./oracle";
import { breakerBlock } from "./breaker";
import { priceLatencyBlocks, veBlock } from "./ve";
import { crashSim } from "./crash-sim";
import { scaleSection } from "./scale";
import { carriedOver, printTable, provenance, repeat, type Results, type Samples, summarise, withGoals } from "./record";

const RESULTS = path.join(__dirname, "results.json");
const BATCH = 50;
/** Runs of the sections that start chains (tx_per_s, localnet4, orders): BENCH_CHAIN_RUNS=1 for a quick look. */
const CHAIN_RUNS = Number(process.env.BENCH_CHAIN_RUNS ?? 5);
const CHECK_TX_RUNS = 5;

async function checkTxPerSecond(): Promise<Samples> {
  // signing costs more than what is measured: sign once, measure on fresh apps each run
  const perAccount = await presignTransfers(10, 500);
  // round-robin over accounts as a mempool sees concurrent senders; each account's own order is kept
  const txs = perAccount[0].flatMap((_, seq) => perAccount.map((list) => list[seq]));
  const freshApp = async () => {
    const opened = openApp();
    initChain(opened.app, await devGenesis(10));
    runBlock(opened.app, 1, []);
    return opened;
  };
  const timedBlock = (app: ReturnType<typeof openApp>["app"]) => {
    const started = process.hrtime.bigint();
    const response = runBlock(app, 2, txs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (response.txResults.some((r) => r.code !== 0)) throw new Error("a benchmark tx failed in FinalizeBlock");
    return Math.round(txs.length / seconds);
  };
  return repeat(CHECK_TX_RUNS, async () => {
    const checked = await freshApp();
    const unchecked = await freshApp();
    try {
      const started = process.hrtime.bigint();
      let ok = 0;
      for (const tx of txs) if (checked.app.checkTx({ tx, type: 0 }).code === 0) ok++;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (ok !== txs.length) throw new Error(`only ${ok} of ${txs.length} passed CheckTx`);
      return {
        check_tx_per_s: Math.round(txs.length / seconds),
        // after CheckTx, whose verdict spares FinalizeBlock the signature checks, as on a validator's own mempool
        finalize_block_tx_per_s: timedBlock(checked.app),
        // txs this node never checked, as in a block another validator proposed
        finalize_block_cold_tx_per_s: timedBlock(unchecked.app),
      };
    } finally {
      checked.close();
      unchecked.close();
    }
  });
}

const TX_PER_S_TOTAL = 6000;
const TX_PER_S_STREAMS = 10;
/** CometBFT's `blockchain` RPC answers at most 20 block metas a call. */
const BLOCKCHAIN_PAGE = 20;

/** The last height the app behind `rpc` has committed (abci_info): CometBFT's block store runs ahead of it. */
async function appCommittedHeight(rpc: string): Promise<number> {
  return Number((await rpcGet(rpc, "abci_info")).response.last_block_height ?? 0);
}

/**
 * The load of both throughput benches: one stream per account, each sending its txs in JSON-RPC batches of
 * broadcast_tx_async, timed from the first broadcast until the app has committed the block holding the last tx;
 * every tx's code is then checked to be 0.
 */
async function committedLoad<T>(rpc: string, txs: Uint8Array[][], atCommit: () => T): Promise<{ sent: number; seconds: number; broadcastSeconds: number; sampleResult: unknown; committed: T }> {
  const height = async () => Number((await rpcGet(rpc, "status")).sync_info.latest_block_height);
  // Every load starts just after a block: a load of ~0.3 s that started at a random point of timeout_commit's
  // 200 ms either caught the next block early or just missed it, so kvstore's time took two values ~2 x apart.
  const before = await height();
  let startHeight = before;
  while (startHeight === before) {
    await new Promise((r) => setTimeout(r, 5));
    startHeight = await height();
  }
  const started = Date.now();
  // broadcast_tx_async hands the tx to the mempool in request order without waiting for CheckTx, so one
  // account's txs keep their sequence order; sync would wait for CometBFT's ABCI flush per tx.
  // JSON-RPC batches (handled in order by CometBFT) keep the client's own HTTP cost from being the ceiling.
  await Promise.all(
    txs.map(async (list) => {
      for (let i = 0; i < list.length; i += BATCH) {
        const batch = list.slice(i, i + BATCH).map((tx, k) => ({
          jsonrpc: "2.0",
          id: i + k,
          method: "broadcast_tx_async",
          params: { tx: Buffer.from(tx).toString("base64") },
        }));
        const answers = (await httpJson(rpc, batch)) as Array<{ error?: unknown }> | { error?: unknown };
        if (!Array.isArray(answers)) throw new Error(`broadcast batch refused: ${JSON.stringify(answers).slice(0, 300)}`);
        const failed = answers.find((a) => a.error);
        if (failed) throw new Error(`broadcast failed: ${JSON.stringify(failed.error)}`);
      }
    }),
  );
  const broadcastSeconds = (Date.now() - started) / 1000;
  const sent = txs.reduce((sum, list) => sum + list.length, 0);
  // The clock stops when the app has committed the block holding the last tx, found through the block metas'
  // num_txs (a few hundred bytes a block). Reading block_results inside the timed span measured CometBFT writing their
  // JSON (~2 KB a transfer: 1 s for a 6,000-tx block) rather than the chain.
  let included = 0;
  let seen = startHeight;
  while (included < sent) {
    const latest = await height();
    for (let from = seen + 1; from <= latest; from += BLOCKCHAIN_PAGE) {
      const to = Math.min(latest, from + BLOCKCHAIN_PAGE - 1);
      const metas = (await rpcGet(rpc, `blockchain?minHeight=${from}&maxHeight=${to}`)).block_metas as Array<{ num_txs: string }>;
      for (const meta of metas) included += Number(meta.num_txs);
    }
    seen = latest;
    if (Date.now() - started > 300_000) throw new Error(`only ${included}/${sent} included after 300 s`);
    if (included < sent) await new Promise((r) => setTimeout(r, 50));
  }
  // the block store holds a block before the app has run it: wait until the app says it committed it
  while ((await appCommittedHeight(rpc)) < seen) {
    if (Date.now() - started > 300_000) throw new Error(`the app has not committed height ${seen} after 300 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = (Date.now() - started) / 1000;
  const committed = atCommit();
  let sampleResult: unknown;
  let results = 0;
  for (let h = startHeight + 1; h <= seen; h++) {
    const txResults = ((await retry(() => rpcGet(rpc, `block_results?height=${h}`))).txs_results ?? []) as Array<{ code: number; log: string }>;
    const failed = txResults.find((r) => r.code !== 0);
    if (failed) throw new Error(`a benchmark tx failed at height ${h}: ${failed.log}`);
    sampleResult ??= txResults[0];
    results += txResults.length;
  }
  if (results !== sent) throw new Error(`${results} tx results in blocks ${startHeight + 1}-${seen}, ${sent} txs sent`);
  return { sent, seconds, broadcastSeconds, sampleResult, committed };
}

async function committedTxPerSecond(txs: Uint8Array[][]): Promise<{ figures: Record<string, number>; sampleResult: unknown }> {
  // commit-reveal, as kvstore's run: the proposer's injected votes would count here as a benchmark tx
  const chain = await startTestnet(1, { timeoutCommitMs: 200, voteExtensionsEnableHeight: 0 });
  try {
    const cpuBefore = processCpuSeconds(chain.net.nodes[0]);
    const clientBefore = process.cpuUsage();
    const {
      sent,
      seconds,
      broadcastSeconds,
      sampleResult,
      committed: { cpuAfter, client },
    } = await committedLoad(chain.net.rpc(0), txs, () => ({ cpuAfter: processCpuSeconds(chain.net.nodes[0]), client: process.cpuUsage(clientBefore) }));
    const figures = {
      tx_per_s: Math.round(sent / seconds),
      tx_count: sent,
      broadcast_tx_per_s: Math.round(sent / broadcastSeconds),
      // where the time goes: CPU milliseconds per tx in each process
      app_cpu_ms_per_tx: round3(((cpuAfter.app - cpuBefore.app) * 1000) / sent),
      cometbft_cpu_ms_per_tx: round3(((cpuAfter.comet - cpuBefore.comet) * 1000) / sent),
      bench_client_cpu_ms_per_tx: round3((client.user + client.system) / 1000 / sent),
    };
    return { figures, sampleResult };
  } finally {
    await chain.stop();
  }
}

/**
 * A chain of the localnet's CometBFT binary and config.toml (written by Localnet.create) on `validators` nodes, with
 * CometBFT's built-in kvstore app in place of optchain, or the app `app` starts on each node's ABCI port (its state
 * belongs under the node's home, which `stop` removes). `maxGas` replaces the genesis's consensus max_gas.
 */
async function startCometChain(validators: number, options: { app?: (node: Localnet["nodes"][number]) => ChildProcess; maxGas?: bigint } = {}): Promise<{ net: Localnet; stop: () => Promise<void> }> {
  const { app, maxGas } = options;
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-comet-"));
  const net = await Localnet.create({ dir, validators, timeoutCommitMs: 200, voteExtensionsEnableHeight: 0, blockMaxGas: maxGas });
  const stop = async () => {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const node of net.nodes) {
      const log = openSync(path.join(node.home, "cometbft.log"), "a");
      // with an app of its own, CometBFT dials the proxy_app address config.toml gives (node.ports.abci)
      if (app) node.app = app(node);
      node.comet = spawn(cometbftBinary(), ["start", "--home", cometHome(node.home), ...(app ? [] : ["--proxy_app", "kvstore"])], { stdio: ["ignore", log, log] });
      closeSync(log);
    }
    for (let i = 0; i < validators; i++) await net.waitForRpc(i);
    await net.waitForHeight(2, undefined, 90_000);
    return { net, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** kvstore's txs: `key=value` bytes as long as the optchain txs they stand for. */
function kvstoreTxsLike(like: Uint8Array[][]): Uint8Array[][] {
  return like.map((list, s) =>
    list.map((tx, i) => {
      const key = `bench-${s}-${i}=`;
      return Buffer.from(key + "v".repeat(Math.max(1, tx.length - key.length)));
    }),
  );
}

/** kvstore on one node under the load of tx_per_s. */
async function kvstoreTxPerSecond(like: Uint8Array[][]): Promise<Record<string, number>> {
  const { net, stop } = await startCometChain(1);
  try {
    const node = net.nodes[0];
    const txs = kvstoreTxsLike(like);
    const cpuBefore = cpuSeconds(node.comet?.pid);
    const { sent, seconds, committed: cpuAfter } = await committedLoad(net.rpc(0), txs, () => cpuSeconds(node.comet?.pid));
    return {
      kvstore_tx_per_s: Math.round(sent / seconds),
      // CometBFT and the kvstore app share this one process
      kvstore_cometbft_cpu_ms_per_tx: round3(((cpuAfter - cpuBefore) * 1000) / sent),
    };
  } finally {
    await stop();
  }
}

const SOCKET_CEILING_DIR = path.join(__dirname, "socket-ceiling");
const SOCKET_CEILING_BINARY = path.join(__dirname, "..", ".bin", "socket-ceiling");
const SDK_BANK_DIR = path.join(__dirname, "sdk-bank");
const SDK_BANK_BINARY = path.join(__dirname, "..", ".bin", "sdk-bank");

/** Builds the Go program in `dir` (against the pinned CometBFT's module) into `binary`. */
function goBuild(dir: string, binary: string): void {
  const built = spawnSync("go", ["build", "-o", binary, "."], { cwd: dir, stdio: "inherit", env: { ...process.env, GOFLAGS: "-mod=mod" } });
  if (built.status !== 0) throw new Error(`go build of ${path.relative(path.join(__dirname, ".."), dir)} failed (status ${built.status})`);
}

/** tx/s and each process's CPU per tx of `name`'s 1-node chain under the load `txs`. */
async function outOfProcessTxPerSecond(name: string, chain: { net: Localnet; stop: () => Promise<void> }, txs: Uint8Array[][]): Promise<Record<string, number>> {
  try {
    const node = chain.net.nodes[0];
    const cpuBefore = processCpuSeconds(node);
    const { sent, seconds, committed: cpuAfter } = await committedLoad(chain.net.rpc(0), txs, () => processCpuSeconds(node));
    return {
      [`${name}_tx_per_s`]: Math.round(sent / seconds),
      [`${name}_app_cpu_ms_per_tx`]: round3(((cpuAfter.app - cpuBefore.app) * 1000) / sent),
      [`${name}_cometbft_cpu_ms_per_tx`]: round3(((cpuAfter.comet - cpuBefore.comet) * 1000) / sent),
    };
  } finally {
    await chain.stop();
  }
}

/**
 * The ceiling of an app out of CometBFT's process: bench/socket-ceiling does no work and answers every tx with
 * `result` (one of optchain's own tx results from the same run: its events, data and gas), over the same socket
 * as optchain, under the same txs and load. `events: false` answers with the gas alone, to part the socket's cost
 * from the events'.
 */
async function socketCeilingTxPerSecond(txs: Uint8Array[][], result: unknown, events: boolean): Promise<Record<string, number>> {
  const resultFile = path.join(mkdtempSync(path.join(os.tmpdir(), "optchain-ceiling-")), "result.json");
  const recorded = result as { events?: unknown[] };
  writeFileSync(resultFile, JSON.stringify(events ? recorded : { ...recorded, events: [], data: "" }));
  try {
    const chain = await startCometChain(1, { app: (node) => spawn(SOCKET_CEILING_BINARY, ["--address", `tcp://127.0.0.1:${node.ports.abci}`, "--result", resultFile], { stdio: "ignore" }) });
    return await outOfProcessTxPerSecond(events ? "socket_ceiling" : "socket_ceiling_no_events", chain, txs);
  } finally {
    rmSync(path.dirname(resultFile), { recursive: true, force: true });
  }
}

/**
 * A minimal stock Cosmos SDK v0.50 app (bench/sdk-bank: the SDK's auth, bank and ante handler, IAVL on LevelDB,
 * signatures verified in CheckTx and again in FinalizeBlock as the SDK does), served over the same socket as optchain.
 * Its genesis numbers optchain's dev accounts as optchain does, so the same wallets sign its load.
 */
async function startSdkBankChain(validators: number, maxGas?: bigint): Promise<{ net: Localnet; stop: () => Promise<void> }> {
  return startCometChain(validators, {
    maxGas,
    app: (node) => {
      const home = path.join(node.home, "sdk-bank");
      mkdirSync(home);
      const log = openSync(path.join(home, "sdk-bank.log"), "a");
      const flags = ["--address", `tcp://127.0.0.1:${node.ports.abci}`, "--home", home, "--chain-id", DEFAULT_CHAIN_ID, "--prefix", BECH32_PREFIX, "--minimum-gas-prices", DEFAULT_MIN_GAS_PRICE];
      const app = spawn(SDK_BANK_BINARY, flags, { stdio: ["ignore", log, log] });
      closeSync(log);
      return app;
    },
  });
}

/** An SDK chain's load: its transfers and the max_gas that packs them into blocks as optchain's are packed. */
interface SdkBankLoad {
  txs: Uint8Array[][];
  maxGas: bigint;
}

/**
 * The load `streams` × `perStream` as a CosmJS wallet signs it for bench/sdk-bank's chain, with fee "auto" simulated
 * there. The SDK asks more gas per transfer than optchain (`optchainFee`), so under the localnet's max_gas its
 * blocks would hold fewer transfers and the load would take more blocks; its max_gas is scaled by the two gases so
 * that a block holds as many of its transfers as of optchain's, and the comparison is of the apps' work.
 */
async function sdkBankLoad(streams: number, perStream: number, optchainFee: StdFee): Promise<SdkBankLoad> {
  const chain = await startSdkBankChain(1);
  let fee: StdFee;
  try {
    fee = await autoTransferFee(chain.net.rpc(0), streams);
  } finally {
    await chain.stop();
  }
  console.log(`sdk-bank's transfers signed with fee "auto": ${describeFee(fee)}`);
  const maxGas = (BLOCK_MAX_GAS * BigInt(fee.gas)) / BigInt(optchainFee.gas);
  return { txs: await presignTransfers(streams, perStream, undefined, undefined, fee), maxGas };
}

/**
 * kvstore's ceiling, optchain, the Cosmos SDK's bank and the socket ceiling (with optchain's events, then without)
 * back to back, so their ratios share the machine's state: the SDK right after optchain, the closest in time.
 */
async function txPerSecondVsKvstore(txs: Uint8Array[][], sdkBankLoad: SdkBankLoad): Promise<Record<string, number>> {
  const kvstore = await kvstoreTxPerSecond(txs);
  const { figures: optchain, sampleResult } = await committedTxPerSecond(txs);
  const sdkBank = await outOfProcessTxPerSecond("sdk_bank", await startSdkBankChain(1, sdkBankLoad.maxGas), sdkBankLoad.txs);
  const ceiling = await socketCeilingTxPerSecond(txs, sampleResult, true);
  const ceilingNoEvents = await socketCeilingTxPerSecond(txs, sampleResult, false);
  return {
    ...optchain,
    ...kvstore,
    ...sdkBank,
    ...ceiling,
    ...ceilingNoEvents,
    tx_per_s_vs_kvstore: round3(optchain.tx_per_s / kvstore.kvstore_tx_per_s),
    sdk_bank_tx_per_s_vs_kvstore: round3(sdkBank.sdk_bank_tx_per_s / kvstore.kvstore_tx_per_s),
    tx_per_s_vs_sdk_bank: round3(optchain.tx_per_s / sdkBank.sdk_bank_tx_per_s),
    socket_ceiling_tx_per_s_vs_kvstore: round3(ceiling.socket_ceiling_tx_per_s / kvstore.kvstore_tx_per_s),
    socket_ceiling_no_events_tx_per_s_vs_kvstore: round3(ceilingNoEvents.socket_ceiling_no_events_tx_per_s / kvstore.kvstore_tx_per_s),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** utime + stime of a child process from /proc, in seconds (Linux clock ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function processCpuSeconds(node: { app?: { pid?: number }; comet?: { pid?: number } }) {
  return { app: cpuSeconds(node.app?.pid), comet: cpuSeconds(node.comet?.pid) };
}

const LOCALNET4_STREAMS = 8;
const LOCALNET4_PER_STREAM = 750;
const LOCALNET4_BATCHES_IN_FLIGHT = 2;

interface WindowedLoadReport {
  committed: number;
  failed: number;
  tx_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** CPU ms per committed tx over the load, summed over the chain's nodes: their apps, and their CometBFTs. */
  app_cpu_ms_per_tx: number;
  cometbft_cpu_ms_per_tx: number;
  /** The machine's busy share of all its cores over the load (/proc/stat): 1 means no core was ever idle. */
  machine_busy: number;
}

/** The machine's CPU time since boot, busy and in all, in clock ticks (/proc/stat's first line). */
function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** The apps' and CometBFTs' CPU seconds of all `nodes`, and the machine's ticks, at one moment. */
function chainCpu(nodes: Localnet["nodes"]) {
  const perNode = nodes.map((node) => processCpuSeconds(node));
  return { app: perNode.reduce((sum, cpu) => sum + cpu.app, 0), comet: perNode.reduce((sum, cpu) => sum + cpu.comet, 0), machine: machineTicks() };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Stream k sends its txs to node k mod n in JSON-RPC batches of broadcast_tx_async and keeps at most
 * `batchesInFlight` of its batches not yet seen in a block: a closed loop, so the chain, not the client, sets the
 * pace, and latency is what a tx waits behind a bounded backlog (streams × batchesInFlight × BATCH txs).
 * A poller reads every block node 0's app has committed and matches each tx by hash to when its batch was sent,
 * however many blocks one poll sees; after the load, the blocks' results say which txs count (code 0 only).
 * Throughput is committed txs over first broadcast → last inclusion seen.
 */
async function windowedLoad(net: Localnet, txs: Uint8Array[][], batchesInFlight: number): Promise<WindowedLoadReport> {
  const rpcs = net.nodes.map((_, i) => net.rpc(i));
  const cpuBefore = chainCpu(net.nodes);
  const hashOf = (tx: Uint8Array | Buffer) => createHash("sha256").update(tx).digest("hex");
  const waiting = new Map<string, { sentAt: number; included: () => void }>();
  let firstSent = Infinity;
  let height = Number((await rpcGet(rpcs[0], "status")).sync_info.latest_block_height);
  let sending = true;
  // A tx counts as included when node 0's app has committed its block (its store height and its app's
  // last_block_height both reach it); results are read after the load, so that the JSON of its events
  // (~2 KB a transfer) is not written by node 0 while the load runs.
  const included: Array<{ height: number; index: number; latency: number; seenAt: number }> = [];
  const poll = async () => {
    const started = Date.now();
    while (sending || waiting.size > 0) {
      const [status, appHeight] = await Promise.all([rpcGet(rpcs[0], "status"), appCommittedHeight(rpcs[0])]);
      const committed = Math.min(Number(status.sync_info.latest_block_height), appHeight);
      while (height < committed) {
        const block = await rpcGet(rpcs[0], `block?height=${height + 1}`);
        height++;
        const seenAt = Date.now();
        ((block.block.data.txs ?? []) as string[]).forEach((tx, index) => {
          const hash = hashOf(Buffer.from(tx, "base64"));
          const ours = waiting.get(hash);
          // the proposer's injected votes and any tx not sent by this load
          if (!ours) return;
          waiting.delete(hash);
          included.push({ height, index, latency: seenAt - ours.sentAt, seenAt });
          ours.included();
        });
      }
      if (Date.now() - started > 300_000) throw new Error(`${waiting.size} txs not included after 300 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const polling = poll();
  const stream = async (list: Uint8Array[], rpc: string) => {
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < list.length; i += BATCH) {
      if (inFlight.length >= batchesInFlight) await inFlight.shift();
      const batch = list.slice(i, i + BATCH);
      const sentAt = Date.now();
      firstSent = Math.min(firstSent, sentAt);
      inFlight.push(Promise.all(batch.map((tx) => new Promise<void>((included) => waiting.set(hashOf(tx), { sentAt, included })))));
      const request = batch.map((tx, k) => ({ jsonrpc: "2.0", id: i + k, method: "broadcast_tx_async", params: { tx: Buffer.from(tx).toString("base64") } }));
      const answers = (await httpJson(rpc, request)) as Array<{ error?: unknown }> | { error?: unknown };
      const refused = (Array.isArray(answers) ? answers : [answers]).find((a) => a.error);
      if (refused) throw new Error(`broadcast failed: ${JSON.stringify(refused.error)}`);
    }
    await Promise.all(inFlight);
  };
  try {
    await Promise.race([Promise.all(txs.map((list, k) => stream(list, rpcs[k % rpcs.length]))), polling]);
  } finally {
    sending = false;
  }
  await polling;
  // before the results are read: that JSON is the bench's, not the load's
  const cpuAfter = chainCpu(net.nodes);
  const codes = new Map<number, number[]>();
  for (const height of new Set(included.map((tx) => tx.height))) {
    const results = await retry(() => rpcGet(rpcs[0], `block_results?height=${height}`));
    codes.set(height, ((results.txs_results ?? []) as Array<{ code: number }>).map((r) => r.code));
  }
  const succeeded = included.filter((tx) => codes.get(tx.height)?.[tx.index] === 0);
  const latencies = succeeded.map((tx) => tx.latency).sort((x, y) => x - y);
  const lastIncluded = Math.max(...succeeded.map((tx) => tx.seenAt));
  return {
    committed: succeeded.length,
    failed: included.length - succeeded.length,
    tx_per_s: Math.round(succeeded.length / ((lastIncluded - firstSent) / 1000)),
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    app_cpu_ms_per_tx: round3(((cpuAfter.app - cpuBefore.app) * 1000) / succeeded.length),
    cometbft_cpu_ms_per_tx: round3(((cpuAfter.comet - cpuBefore.comet) * 1000) / succeeded.length),
    machine_busy: round3((cpuAfter.machine.busy - cpuBefore.machine.busy) / (cpuAfter.machine.total - cpuBefore.machine.total)),
  };
}

/** `windowedLoad` of `txs` on `chain`, which is stopped after it. */
async function windowedLoadOn(chain: { net: Localnet; stop: () => Promise<void> }, txs: Uint8Array[][]): Promise<WindowedLoadReport> {
  try {
    return await windowedLoad(chain.net, txs, LOCALNET4_BATCHES_IN_FLIGHT);
  } finally {
    await chain.stop();
  }
}

/**
 * kvstore on 4 CometBFT nodes, then optchain's 4-validator localnet (vote extensions and price sidecars, as
 * `optd localnet` runs it), then the Cosmos SDK's bank on 4 nodes (no vote extensions: it has no oracle), each
 * under the same windowed load of the same number of txs, back to back so their ratios share the machine's state.
 */
async function localnet4VsKvstore4(txs: Uint8Array[][], sdkBankLoad: SdkBankLoad): Promise<Record<string, number>> {
  const kv = await windowedLoadOn(await startCometChain(4), kvstoreTxsLike(txs));
  const opt = await windowedLoadOn(await startTestnet(4, { timeoutCommitMs: 200 }), txs);
  const sdk = await windowedLoadOn(await startSdkBankChain(4, sdkBankLoad.maxGas), sdkBankLoad.txs);
  return {
    localnet4_tx_per_s: opt.tx_per_s,
    kvstore4_tx_per_s: kv.tx_per_s,
    localnet4_tx_per_s_vs_kvstore4: round3(opt.tx_per_s / kv.tx_per_s),
    localnet4_p50_ms: opt.p50_ms,
    localnet4_p99_ms: opt.p99_ms,
    kvstore4_p50_ms: kv.p50_ms,
    kvstore4_p99_ms: kv.p99_ms,
    localnet4_committed_txs: opt.committed,
    localnet4_failed_txs: opt.failed,
    kvstore4_failed_txs: kv.failed,
    sdk_bank4_tx_per_s: sdk.tx_per_s,
    sdk_bank4_tx_per_s_vs_kvstore4: round3(sdk.tx_per_s / kv.tx_per_s),
    localnet4_tx_per_s_vs_sdk_bank4: round3(opt.tx_per_s / sdk.tx_per_s),
    sdk_bank4_p50_ms: sdk.p50_ms,
    sdk_bank4_p99_ms: sdk.p99_ms,
    sdk_bank4_committed_txs: sdk.committed,
    sdk_bank4_failed_txs: sdk.failed,
    localnet4_app_cpu_ms_per_tx: opt.app_cpu_ms_per_tx,
    localnet4_cometbft_cpu_ms_per_tx: opt.cometbft_cpu_ms_per_tx,
    localnet4_machine_busy: opt.machine_busy,
    kvstore4_cometbft_cpu_ms_per_tx: kv.cometbft_cpu_ms_per_tx,
    kvstore4_machine_busy: kv.machine_busy,
    sdk_bank4_app_cpu_ms_per_tx: sdk.app_cpu_ms_per_tx,
    sdk_bank4_cometbft_cpu_ms_per_tx: sdk.cometbft_cpu_ms_per_tx,
    sdk_bank4_machine_busy: sdk.machine_busy,
  };
}

/** /status counts a block once stored, before it has executed: its results can lag by the execution time. */
async function retry<T>(call: () => Promise<T>, attempts = 600): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The load's transfers are signed as a wallet signs them with fee "auto" (see bench/README, seventh round). */
async function loadFee(recipientIndex: number): Promise<StdFee> {
  const fee = await walletAutoTransferFee(recipientIndex);
  console.log(`load transfers signed with fee "auto": ${describeFee(fee)}`);
  return fee;
}

const describeFee = (fee: StdFee) => `gas ${fee.gas}, ${fee.amount.map((c) => c.amount + c.denom).join(", ")}`;

/** Each section and how many times it runs. */
const SECTIONS: Record<string, () => Promise<Samples>> = {
  check_tx: checkTxPerSecond,
  tx_per_s: async () => {
    goBuild(SOCKET_CEILING_DIR, SOCKET_CEILING_BINARY);
    goBuild(SDK_BANK_DIR, SDK_BANK_BINARY);
    const perStream = Math.ceil(TX_PER_S_TOTAL / TX_PER_S_STREAMS);
    const fee = await loadFee(TX_PER_S_STREAMS);
    const txs = await presignTransfers(TX_PER_S_STREAMS, perStream, undefined, undefined, fee);
    const sdkBank = await sdkBankLoad(TX_PER_S_STREAMS, perStream, fee);
    return repeat(CHAIN_RUNS, () => txPerSecondVsKvstore(txs, sdkBank));
  },
  localnet4: async () => {
    goBuild(SDK_BANK_DIR, SDK_BANK_BINARY);
    const fee = await loadFee(LOCALNET4_STREAMS);
    const txs = await presignTransfers(LOCALNET4_STREAMS, LOCALNET4_PER_STREAM, undefined, undefined, fee);
    const sdkBank = await sdkBankLoad(LOCALNET4_STREAMS, LOCALNET4_PER_STREAM, fee);
    return repeat(CHAIN_RUNS, () => localnet4VsKvstore4(txs, sdkBank));
  },
  margin: async () => marginTenThousandPositions(),
  liquidation: async () => ({ ...(await repeat(5, liquidationBlock)), ...(await liquidationAtScale(10_000)), ...(await liquidationAtScale(100_000)) }),
  orders: async () => {
    const signOrders = orderSigner();
    return repeat(CHAIN_RUNS, () => ordersPerSecond(signOrders));
  },
  oracle_tally: async () => oracleTally(),
  ve_block: async () => veBlock(),
  breaker_block: async () => breakerBlock(),
  price_latency: priceLatencyBlocks,
  crash_sim: () => repeat(3, crashSim),
  scale: () => scaleSection(),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`);
  const sections = only.length === 0 ? Object.keys(SECTIONS) : only;
  const figures = carriedOver(existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : undefined);
  for (const section of sections) {
    const samples = await SECTIONS[section]();
    // taken when the section ends, so a figure's time is never earlier than its samples
    const at = provenance();
    for (const [name, values] of Object.entries(samples)) figures[name] = summarise(values, at);
  }
  const results: Results = {
    written_at: new Date().toISOString(),
    sections_run: sections,
    not_remeasured: Object.keys(figures).filter((name) => !figures[name].remeasured),
    figures: withGoals(figures),
  };
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");
  printTable(results);
  console.log(`written to ${path.relative(process.cwd(), RESULTS)}; not re-measured in this run: ${results.not_remeasured.join(", ") || "none"}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
