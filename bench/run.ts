/**
 * `npm run bench [section...]`: figures for the issues' targets, written to bench/results.json, each with the
 * commit, time and machine it was measured on (see bench/README.md). Not a test: nothing here passes or fails.
 */
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { devGenesis, initChain, openApp, runBlock } from "../test/helpers/inprocess";
import { startTestnet } from "../test/helpers/chain";
import { httpJson, rpcGet } from "../localnet/network";
import { presignTransfers } from "./signed-txs";
import { liquidationBlock, marginTenThousandPositions, ordersPerSecond } from "./options";
import { oracleTally } from "./oracle";
import { runSteadyLoad } from "../test/helpers/steady-load";
import { carriedOver, printTable, provenance, repeat, type Results, type Samples, summarise } from "./record";

const RESULTS = path.join(__dirname, "results.json");
const BATCH = 50;
const CHECK_TX_RUNS = 3;

async function checkTxPerSecond(): Promise<Samples> {
  // signing costs more than what is measured: sign once, measure on a fresh app each run
  const txs = (await presignTransfers(10, 500)).flat();
  return repeat(CHECK_TX_RUNS, async () => {
    const { app, close } = openApp();
    try {
      initChain(app, await devGenesis(10));
      runBlock(app, 1, []);
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
      return { check_tx_per_s: Math.round(txs.length / seconds), finalize_block_tx_per_s: Math.round(txs.length / blockSeconds) };
    } finally {
      close();
    }
  });
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

/** Each section and how many times it runs: the expensive chain runs are single samples. */
const SECTIONS: Record<string, () => Promise<Samples>> = {
  check_tx: checkTxPerSecond,
  tx_per_s: () => repeat(1, committedTxPerSecond),
  localnet4: () => repeat(1, localnet4Load),
  margin: async () => marginTenThousandPositions(),
  liquidation: () => repeat(1, liquidationBlock),
  orders: () => repeat(1, ordersPerSecond),
  oracle_tally: async () => oracleTally(),
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
    figures,
  };
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");
  printTable(results);
  console.log(`written to ${path.relative(process.cwd(), RESULTS)}; not re-measured in this run: ${results.not_remeasured.join(", ") || "none"}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
