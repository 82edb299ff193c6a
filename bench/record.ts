// How bench/results.json records a figure: the spread of its samples and where and when they were taken, so a
// figure kept from an earlier run can never pass for one measured now.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

/** Each figure's samples in one run: one value per repetition (a single-element list for single runs). */
export type Samples = Record<string, number[]>;

export interface Machine {
  cpus: number;
  cpu_model: string | undefined;
  memory_gib: number;
  node: string;
  platform: string;
}

export interface Provenance {
  measured_at: string;
  commit: string;
  /** tracked files differed from `commit` when measured: the code measured is not exactly that commit */
  dirty: boolean;
  machine: Machine;
  /** the machine's 1-minute load average when measured: other work on a shared machine skews every figure */
  load_avg_1m: number;
}

export interface Figure extends Provenance {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** false when this run of the bench did not measure it and kept it from the results file */
  remeasured: boolean;
  /** what the issues ask of it, when they set a goal */
  goal?: string;
  /** throughput figures: the median of the consensus engine's own ceiling and of the ratio, both measured in the same runs */
  ceiling?: { figure: string; median: number };
  ratio?: { figure: string; median: number };
}

export interface Results {
  written_at: string;
  sections_run: string[];
  not_remeasured: string[];
  figures: Record<string, Figure | LegacyFigure>;
}

/** A figure from a results file written before figures carried their provenance: where it came from is unknown. */
export interface LegacyFigure {
  value: number;
  measured_at: null;
  commit: null;
  remeasured: false;
}

const ROOT = path.resolve(__dirname, "..");

export function provenance(): Provenance {
  const git = (args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  return {
    measured_at: new Date().toISOString(),
    commit: git(["rev-parse", "HEAD"]),
    dirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      memory_gib: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    load_avg_1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

export function summarise(samples: number[], at: Provenance): Figure {
  if (samples.length === 0) throw new Error("a figure without samples");
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length, ...at, remeasured: true };
}

/** Runs `measure` `times` times and gathers each figure's values across the runs. */
export async function repeat(times: number, measure: () => Promise<Record<string, number>> | Record<string, number>): Promise<Samples> {
  const samples: Samples = {};
  for (let i = 0; i < times; i++) {
    for (const [name, value] of Object.entries(await measure())) (samples[name] ??= []).push(value);
  }
  return samples;
}

/** Figures of the previous file marked as not re-measured; a pre-provenance file's bare numbers become LegacyFigures. */
export function carriedOver(previous: unknown): Record<string, Figure | LegacyFigure> {
  const figures = ((previous as { figures?: Record<string, unknown> } | undefined)?.figures ?? {}) as Record<string, unknown>;
  const out: Record<string, Figure | LegacyFigure> = {};
  for (const [name, figure] of Object.entries(figures)) {
    out[name] = typeof figure === "number" ? { value: figure, measured_at: null, commit: null, remeasured: false } : { ...(figure as Figure), remeasured: false };
  }
  return out;
}

/** Goals the issues set (issue 11: the oracle; issue 14: throughput, latency, crash losses). */
export const GOALS: Record<string, string> = {
  tx_per_s: "ratio >= 0.5",
  tx_per_s_vs_kvstore: ">= 0.5",
  localnet4_tx_per_s: "ratio >= 0.5",
  localnet4_tx_per_s_vs_kvstore4: ">= 0.5",
  localnet4_p99_ms: "< 2000",
  oracle_tally_ms: "< 5",
  ve_block_ms: "< 5",
  price_latency_blocks: "1-2",
  crash_sim_bad_debt_uusdc: "0",
};

/**
 * Throughput figures, the consensus engine's ceiling measured under the same load in the same runs, and the
 * figure holding their ratio (the median of each run's ratio, not the ratio of the medians).
 */
export const CEILINGS: Record<string, { ceiling: string; ratio: string }> = {
  tx_per_s: { ceiling: "kvstore_tx_per_s", ratio: "tx_per_s_vs_kvstore" },
  localnet4_tx_per_s: { ceiling: "kvstore4_tx_per_s", ratio: "localnet4_tx_per_s_vs_kvstore4" },
};

/** Each figure with its goal and, for throughput, its ceiling and ratio, as results.json and the table show them. */
export function withGoals(figures: Record<string, Figure | LegacyFigure>): Record<string, Figure | LegacyFigure> {
  const median = (name: string) => {
    const f = figures[name];
    return f === undefined || "value" in f ? undefined : f.median;
  };
  const out: Record<string, Figure | LegacyFigure> = {};
  for (const [name, figure] of Object.entries(figures)) {
    if ("value" in figure) {
      out[name] = figure;
      continue;
    }
    const related = CEILINGS[name];
    const ceiling = related && median(related.ceiling);
    const ratio = related && median(related.ratio);
    // set afresh each run (undefined is left out of the JSON), so a figure never keeps a stale ceiling
    out[name] = {
      ...figure,
      goal: GOALS[name],
      ceiling: ceiling === undefined ? undefined : { figure: related.ceiling, median: ceiling },
      ratio: ratio === undefined ? undefined : { figure: related.ratio, median: ratio },
    };
  }
  return out;
}

/** One table: each figure's median, min and max, its goal, for throughput its ceiling and ratio, and where it was measured. */
export function printTable(results: Results): void {
  const rows = Object.entries(results.figures).map(([name, f]) =>
    "value" in f
      ? { figure: name, median: f.value, min: "", max: "", runs: "", goal: GOALS[name] ?? "", ceiling: "", ratio: "", load: "", measured_at: "unknown", commit: "unknown", remeasured: false }
      : {
          figure: name,
          median: f.median,
          min: f.min,
          max: f.max,
          runs: f.runs,
          goal: f.goal ?? "",
          ceiling: f.ceiling?.median ?? "",
          ratio: f.ratio?.median ?? "",
          load: f.load_avg_1m,
          measured_at: f.measured_at.slice(0, 16).replace("T", " "),
          commit: f.commit.slice(0, 8) + (f.dirty ? "+dirty" : ""),
          remeasured: f.remeasured,
        },
  );
  console.table(rows);
}
