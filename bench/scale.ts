/**
 * `npm run bench -- scale`: what 1k, 10k and 100k accounts with open option positions cost the app per block,
 * in memory, on disk and at start. Each size runs in its own Node process, so one size's heap, caches and
 * garbage never count in another's RSS.
 *
 * The state is exposedAccountsChain's (bench/options.ts): every account holds one BTC call (half short, half
 * long), options collateral, an auth account and a uusdc balance, written through the keepers into the app's
 * real LMDB/Merkle store; blocks are the app's own FinalizeBlock + Commit with the oracle fed every block.
 * Nobody is under maintenance, so the liquidation phase is its scan alone; the full invariant check runs every
 * INVARIANT_CHECK_PERIOD blocks; the two series expire at EXPIRY_HEIGHT and then settle SETTLEMENT_ITEMS
 * positions a block.
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OptchainApp } from "../app/app";
import { events, OptionsChain, USDC } from "../test/helpers/options";
import { appBlockTimer, exposedAccountsChain } from "./options";
import type { Samples } from "./record";

export const SCALE_ACCOUNTS = [1_000, 10_000, 100_000];
const REOPENS = 5;
/** Low enough that 5 full checks fall among the ordinary blocks measured. */
const INVARIANT_CHECK_PERIOD = 5;
const ORDINARY_BLOCKS = 25;
/** Past the setup's 8 blocks, the reopens and the ordinary blocks, so every one of them has open positions. */
const EXPIRY_HEIGHT = 45;
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

    // a node restarting on this state: close and open the store, then the first block on cold caches
    for (let i = 0; i < REOPENS; i++) {
      const started = process.hrtime.bigint();
      chain.restart();
      add("store_open", "ms", round1(Number(process.hrtime.bigint() - started) / 1e6));
      const timer = instrument(chain.app);
      await chain.block();
      add("replay_block", "ms", round1(timer.block.lastMs()));
    }

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

    gc();
    const memory = process.memoryUsage();
    add("app_rss", "mib", mib(memory.rss));
    // what of the RSS is the JS heap V8 keeps (used or not) and what is native: lmdb's mapped pages and buffers
    add("heap_used", "mib", mib(memory.heapUsed));
    add("heap_total", "mib", mib(memory.heapTotal));
    add("external", "mib", mib(memory.external));
    // the build's high-water mark too: what running this bench at this size needs
    add("peak_rss", "mib", mib(process.resourceUsage().maxRSS * 1024));
    add("disk", "mib", mib(disk));
    add("disk", "bytes_per_account", Math.round(disk / accounts));
    add("build", "s", round1(buildSeconds));
    return samples;
  } finally {
    chain.close();
  }
}

function childScale(accounts: number): Promise<Samples> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", __filename, String(accounts)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) reject(new Error(`scale bench at ${accounts} accounts exited ${code}: ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as Samples);
    });
  });
}

/** Every size, each in a fresh process; then each figure's median at the largest size over its median at the smallest. */
export async function scaleSection(sizes = SCALE_ACCOUNTS): Promise<Samples> {
  const all: Samples = {};
  for (const accounts of sizes) Object.assign(all, await childScale(accounts));
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
  measureScale(Number(process.argv[2]))
    .then((samples) => console.log(RESULT_MARKER + JSON.stringify(samples)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
