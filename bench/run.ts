/**
 * `npm run bench`: figures for the issues' targets, written to bench/results.json with the machine they ran on.
 * Not a test: nothing here passes or fails, it measures.
 */
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devGenesis, initChain, openApp, runBlock } from "../test/helpers/inprocess";
import { startTestnet } from "../test/helpers/chain";
import { httpJson, rpcGet } from "../localnet/network";
import { presignTransfers } from "./signed-txs";
import { liquidationBlock, marginTenThousandPositions, ordersPerSecond } from "./options";
import { oracleTally } from "./oracle";
import { runSteadyLoad } from "../test/helpers/steady-load";

const RESULTS = path.join(__dirname, "results.json");
const BATCH = 50;

async function checkTxPerSecond(): Promise<Record<string, number>> {
  const { app, close } = openApp();
  initChain(app, await devGenesis(10));
  runBlock(app, 1, []);
  const txs = (await presignTransfers(10, 500)).flat();
  // interleave accounts as a mempool would see them; each account's own order is kept
  const started = process.hrtime.bigint();
  let ok = 0;
  for (const tx of txs) if (app.checkTx({ tx, type: 0 }).code === 0) ok++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (ok !== txs.length) throw new Error(`only ${ok} of ${txs.length} passed CheckTx`);

  // the same txs again through FinalizeBlock, where the CheckTx verdict spares the signature check
  const blockStarted = process.hrtime.bigint();
  const response = runBlock(app, 2, txs);
  const blockSeconds = Number(process.hrtime.bigint() - blockStarted) / 1e9;
  if (response.txResults.some((r) => r.code !== 0)) throw new Error("a benchmark tx failed in FinalizeBlock");
  close();
  return { check_tx_per_s: Math.round(txs.length / seconds), finalize_block_tx_per_s: Math.round(txs.length / blockSeconds) };
}

async function committedTxPerSecond(total = 6000, accounts = 10): Promise<Record<string, number>> {
  const chain = await startTestnet(1, { timeoutCommitMs: 200 });
  try {
    const rpc = chain.net.rpc(0);
    const perAccount = Math.ceil(total / accounts);
    const txs = await presignTransfers(accounts, perAccount);
    const startHeight = await chain.net.height(0);
    const cpuBefore = processCpuSeconds(chain.net.nodes[0]);
    const clientBefore = process.cpuUsage();
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
    const broadcastMs = Date.now() - started;
    const expected = perAccount * accounts;
    let included = 0;
    let height = startHeight;
    while (included < expected) {
      const latest = await chain.net.height(0);
      while (height < latest) {
        height++;
        const results = await retry(() => rpcGet(rpc, `block_results?height=${height}`));
        const txResults = (results.txs_results ?? []) as Array<{ code: number; log: string }>;
        const failed = txResults.find((r) => r.code !== 0);
        if (failed) throw new Error(`a benchmark tx failed at height ${height}: ${failed.log}`);
        included += txResults.length;
      }
      if (Date.now() - started > 300_000) throw new Error(`only ${included}/${expected} included after 300 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const cpuAfter = processCpuSeconds(chain.net.nodes[0]);
    return {
      tx_per_s: Math.round(expected / seconds),
      tx_count: expected,
      broadcast_tx_per_s: Math.round(expected / (broadcastMs / 1000)),
      // where the time goes: CPU seconds per 1,000 txs in each process
      app_cpu_ms_per_tx: round3(((cpuAfter.app - cpuBefore.app) * 1000) / expected),
      cometbft_cpu_ms_per_tx: round3(((cpuAfter.comet - cpuBefore.comet) * 1000) / expected),
      bench_client_cpu_ms_per_tx: round3((Number(process.cpuUsage(clientBefore).user + process.cpuUsage(clientBefore).system) / 1000) / expected),
    };
  } finally {
    await chain.stop();
  }
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

/** Scenario 6 of the fault-tolerance suite as a measurement: 60 s of closed-loop CosmJS senders on 4 validators. */
async function localnet4Load(): Promise<Record<string, number>> {
  const chain = await startTestnet(4, { timeoutCommitMs: 150 });
  try {
    const report = await runSteadyLoad(chain.net, 60);
    return {
      localnet4_tx_per_s: report.tx_per_s,
      localnet4_p50_ms: report.p50_ms,
      localnet4_p99_ms: report.p99_ms,
      localnet4_app_rss_mib_max_end: Math.max(...report.app_rss_mib_end),
    };
  } finally {
    await chain.stop();
  }
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

async function main(): Promise<void> {
  const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : {};
  const only = process.argv.slice(2);
  const run = (name: string) => only.length === 0 || only.includes(name);
  const figures: Record<string, number> = { ...(previous.figures ?? {}) };
  if (run("check_tx")) Object.assign(figures, await checkTxPerSecond());
  if (run("tx_per_s")) Object.assign(figures, await committedTxPerSecond());
  if (run("localnet4")) Object.assign(figures, await localnet4Load());
  if (run("margin")) Object.assign(figures, marginTenThousandPositions());
  if (run("liquidation")) Object.assign(figures, await liquidationBlock());
  if (run("orders")) Object.assign(figures, await ordersPerSecond());
  if (run("oracle_tally")) Object.assign(figures, oracleTally());
  const machine = { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` };
  const result = { measured_at: new Date().toISOString(), machine, figures };
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
