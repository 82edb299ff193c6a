/**
 * `npm run bench -- scale`: what 1k, 10k and 100k accounts with open option positions cost the app per block,
 * in memory, on disk and at start. Each size runs in its own Node process, and the store is opened again and
 * the RSS read in another, which never built the state, so no build's heap, caches or garbage count in it.
 *
 * The state is exposedAccountsChain's (bench/options.ts): every account holds one BTC call (half short, half
 * long), options collateral, an auth account and a uusdc balance, written through the keepers into the app's
 * real LMDB/Merkle store; blocks are the app's own FinalizeBlock + Commit with the oracle fed every block.
 * Nobody is under maintenance, so the liquidation phase is its scan alone; the invariants over balances, margin
 * accounts and positions read a page of their records every block (circuit invariant_keys_per_block), the others
 * run in full every INVARIANT_CHECK_PERIOD blocks; the two series expire at EXPIRY_HEIGHT and then settle
 * SETTLEMENT_ITEMS positions a block.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OptchainApp } from "../app/app";
import { quietLogger, runBlock } from "../test/helpers/inprocess";
import { events, OptionsChain, USDC } from "../test/helpers/options";
import { appBlockTimer, exposedAccountsChain } from "./options";
import type { Samples } from "./record";

export const SCALE_ACCOUNTS = [1_000, 10_000, 100_000];
const REOPENS = 5;
/** Low enough that 5 full checks (of the invariants that are not paged) fall among the ordinary blocks measured. */
const INVARIANT_CHECK_PERIOD = 5;
const ORDINARY_BLOCKS = 25;
/** Past the setup's 8 blocks, the reopened ones and the ordinary blocks, so every one of them has open positions. */
const EXPIRY_HEIGHT = 55;
/** 1,000 accounts hold 1,000 positions: 5 blocks of settlement at every size, each paying as many. */
const SETTLEMENT_ITEMS = 200;
const SETTLEMENT_BLOCKS = 5;
const RESULT_MARKER = "scale-samples ";

const round1 = (x: number) => Math.round(x * 10) / 10;
const mib = (bytes: number) => round1(bytes / 2 ** 20);

/** Allocated bytes under `dir`, as `du` counts them (LMDB's map file is sparse until written). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(full) : statSync(full).blocks * 512;
  }
  return total;
}

/**
 * Wall and process CPU time of the named modules' end-block hooks in the last block, beside appBlockTimer's whole
 * block: at a load of 10 on 2 cores the wall time is mostly waiting for a core.
 */
function endBlockTimer(app: OptchainApp, names: string[]) {
  const last = new Map<string, { ms: number; cpuMs: number }>();
  for (const module of app.modules) {
    const endBlock = module.endBlock;
    if (!names.includes(module.name) || !endBlock) continue;
    module.endBlock = (ctx) => {
      const started = process.hrtime.bigint();
      const startedCpu = process.cpuUsage();
      try {
        return endBlock.call(module, ctx);
      } finally {
        const cpu = process.cpuUsage(startedCpu);
        last.set(module.name, { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (cpu.user + cpu.system) / 1e3 });
      }
    };
  }
  return (name: string) => last.get(name)!;
}

function instrument(app: OptchainApp) {
  return { block: appBlockTimer(app), endBlock: endBlockTimer(app, ["options", "circuit"]) };
}

/** One size, in this process: the samples of every figure, named for `accounts`. */
async function measureScale(accounts: number): Promise<Samples> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc: RSS is read after a full collection");
  const buildStarted = process.hrtime.bigint();
  const chain = await exposedAccountsChain(accounts, {
    underMaintenanceEvery: 0,
    walletUusdc: 1_000n * USDC,
    expiryUnix: OptionsChain.timeOf(EXPIRY_HEIGHT),
    circuit: { invariant_check_period: INVARIANT_CHECK_PERIOD },
    options: { max_settlement_items_per_block: SETTLEMENT_ITEMS },
  });
  try {
    const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
    const disk = diskBytes(chain.dir);
    const samples: Samples = {};
    const at = `${accounts / 1000}k_accounts`;
    const add = (figure: string, unit: string, value: number) => (samples[[`scale_${figure}_${at}`, unit].filter(Boolean).join("_")] ??= []).push(value);

    // a node starting on this state, in a process that never built it: the build's garbage and allocator
    // high-water mark would count in this one's RSS
    chain.app.close();
    for (const [name, values] of Object.entries(await runChild(["--reopen", chain.dir]))) {
      const [, figure, unit] = /^(.*)_(ms|mib)$/.exec(name)!;
      for (const value of values) add(figure, unit, value);
    }
    chain.app = new OptchainApp({ dataDir: chain.dir, logger: quietLogger });
    chain.height = chain.app.store.lastHeight;
    // the feeder's last commit was never revealed: start its round again, as after the setup
    await chain.block([], false);
    await chain.settlePrices();

    const timer = instrument(chain.app);
    const timed = async (prefix: string) => {
      const block = await chain.block();
      // beside the times it stretches: the box is shared and its load moves within a run
      add("load_avg_1m", "", round1(os.loadavg()[0]));
      add(prefix, "ms", round1(timer.block.lastMs()));
      add(prefix, "cpu_ms", round1(timer.block.lastCpuMs()));
      for (const module of ["options", "circuit"]) {
        const { ms, cpuMs } = timer.endBlock(module);
        add(`${prefix}_${module}_end_block`, "ms", round1(ms));
        add(`${prefix}_${module}_end_block`, "cpu_ms", round1(cpuMs));
      }
      return block;
    };
    for (let b = 0; b < ORDINARY_BLOCKS || chain.height + 1 < EXPIRY_HEIGHT; b++) {
      const full = (chain.height + 1) % INVARIANT_CHECK_PERIOD === 0;
      const block = await timed(full ? "full_invariant_block" : "block");
      if (events(block, "liquidation").length > 0 || events(block, "position_settled").length > 0) throw new Error("a scale block before expiry liquidated or settled: its figures would not be the scan alone");
    }

    let settling = 0;
    for (let b = 0; settling < SETTLEMENT_BLOCKS; b++) {
      if (b > 3 * SETTLEMENT_BLOCKS) throw new Error(`only ${settling} settlement blocks in ${b} blocks after expiry`);
      // a full check would add its own cost to the settlement block: measured above, on its own
      if ((chain.height + 1) % INVARIANT_CHECK_PERIOD === 0) {
        await chain.block();
        continue;
      }
      const block = await timed("settlement_block");
      const settled = events(block, "position_settled").length;
      if (settled === 0) throw new Error(`a block after expiry settled nothing: ${[...new Set(block.events.map((e) => e.type))].join(", ")}`);
      add("positions_settled_per_block", "", settled);
      settling++;
    }

    // what running this bench at this size needs, the build included
    add("bench_peak_rss", "mib", mib(process.resourceUsage().maxRSS * 1024));
    add("disk", "mib", mib(disk));
    add("disk", "bytes_per_account", Math.round(disk / accounts));
    add("build", "s", round1(buildSeconds));
    return samples;
  } finally {
    chain.close();
  }
}

/** kB fields of /proc/self/status (Linux), in MiB. */
function statusMiB(field: string): number {
  const line = readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  if (!line) throw new Error(`no ${field} in /proc/self/status`);
  return round1(Number(line[1]) / 1024);
}

/**
 * In a fresh process: open the app on the store at `dir` REOPENS times, each followed by one block (no txs:
 * the oracle's feeder is the parent's), timed as the first block on cold caches, as a node replaying the block
 * it had not committed; then its RSS. Figure names without the size, which the parent adds.
 */
function reopened(dir: string): Samples {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc: RSS is read after a full collection");
  const samples: Samples = {};
  const add = (name: string, value: number) => (samples[name] ??= []).push(value);
  let app: OptchainApp | undefined;
  for (let i = 0; i < REOPENS; i++) {
    app?.close();
    const started = process.hrtime.bigint();
    app = new OptchainApp({ dataDir: dir, logger: quietLogger });
    add("store_open_ms", round1(Number(process.hrtime.bigint() - started) / 1e6));
    // the full check is a figure of its own, measured on the running chain
    if ((app.store.lastHeight + 1) % INVARIANT_CHECK_PERIOD === 0) runBlock(app, app.store.lastHeight + 1, []);
    const timer = appBlockTimer(app);
    runBlock(app, app.store.lastHeight + 1, []);
    add("replay_block_ms", round1(timer.lastMs()));
  }
  gc();
  const memory = process.memoryUsage();
  add("app_rss_mib", mib(memory.rss));
  // what of the RSS is lmdb's mapped file, the JS heap V8 keeps (used or not) and buffers outside it
  add("app_rss_file_mib", statusMiB("RssFile"));
  add("app_rss_anon_mib", statusMiB("RssAnon"));
  add("app_heap_used_mib", mib(memory.heapUsed));
  add("app_heap_total_mib", mib(memory.heapTotal));
  add("app_external_mib", mib(memory.external));
  app!.close();
  return samples;
}

function runChild(args: string[]): Promise<Samples> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", __filename, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) reject(new Error(`scale bench ${args.join(" ")} exited ${code}: ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as Samples);
    });
  });
}

/** Every size, each in a fresh process; then each figure's median at the largest size over its median at the smallest. */
export async function scaleSection(sizes = SCALE_ACCOUNTS): Promise<Samples> {
  const all: Samples = {};
  for (const accounts of sizes) Object.assign(all, await runChild([String(accounts)]));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const [smallest, largest] = [sizes[0] / 1000, sizes[sizes.length - 1] / 1000];
  for (const name of Object.keys(all)) {
    if (!name.includes(`_${smallest}k_accounts`)) continue;
    const large = all[name.replace(`_${smallest}k_accounts`, `_${largest}k_accounts`)];
    const small = median(all[name]);
    if (large && small > 0) all[name.replace(`_${smallest}k_accounts`, `_${largest}k_over_${smallest}k`)] = [Math.round((median(large) / small) * 100) / 100];
  }
  return all;
}

if (require.main === module) {
  (process.argv[2] === "--reopen" ? Promise.resolve(reopened(process.argv[3])) : measureScale(Number(process.argv[2])))
    .then((samples) => console.log(RESULT_MARKER + JSON.stringify(samples)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
