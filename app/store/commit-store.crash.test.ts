import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { CommitStore } from "./commit-store";
import { crashBatch } from "./crash-writer";
import { makeTempDir, referenceRoot } from "./test-helpers";
import type { Bytes } from "./types";

const REPO = resolve(__dirname, "../..");
const WRITER = join(__dirname, "crash-writer.ts");
// Large enough that a commit's transaction takes a couple of hundred milliseconds on the 2-core dev machine.
const BATCH = 15_000;
// A commit of BATCH changes makes about 3 × BATCH lmdb puts; this one is in the middle of the transaction.
const MIDDLE_PUT = Math.floor(1.5 * BATCH);

jest.setTimeout(120_000);

interface Run {
  /** The last height the writer reported done, and the height it was committing when it died. */
  lastDone: number;
  inFlight: number | undefined;
}

/**
 * Runs the writer until it has finished `finishFirst` commits, then SIGKILLs it `fraction` of the way into the
 * next one (going by the last commit's duration); with dieAfterPuts the writer kills itself instead.
 */
type WriterEnd = { finishFirst: number; fraction: number } | { dieAfterPuts: number };

function runWriter(dir: string, opts: WriterEnd): Promise<Run> {
  const args = ["--import", "tsx", WRITER, dir, String(BATCH)];
  if ("dieAfterPuts" in opts) args.push(String(opts.dieAfterPuts));
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  const run: Run = { lastDone: -1, inFlight: undefined };
  let finished = 0;
  let commitStarted = 0;
  let lastMs = 0;
  let stderr = "";
  let pending = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const [what, h] = line.split(" ");
      if (what === "commit") {
        commitStarted = performance.now();
        run.inFlight = Number(h);
        if ("finishFirst" in opts && finished >= opts.finishFirst) {
          setTimeout(() => child.kill("SIGKILL"), Math.round(lastMs * opts.fraction));
        }
      } else if (what === "done") {
        run.lastDone = Number(h);
        run.inFlight = undefined;
        lastMs = performance.now() - commitStarted;
        finished++;
      }
    }
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    // "close" rather than "exit": it waits for the pipes to drain, so every line the writer wrote is counted.
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL") done(run);
      else fail(new Error(`writer exited with code ${code} before it was killed:\n${stderr}`));
    });
  });
}

/** Reopens the store and checks that it holds exactly the state after its height, with the matching root. */
function checkConsistent(dir: string): number {
  const store = CommitStore.open(dir);
  try {
    const h = store.lastHeight;
    const expected = h === 0 ? [] : crashBatch(h, BATCH).filter((c): c is [Bytes, Bytes] => c[1] !== undefined);
    const actual = store.iterate(Buffer.from("k/"));
    expect(actual.length).toBe(expected.length);
    const byKey = new Map(actual.map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString()]));
    for (const [k, v] of expected) expect(byKey.get(Buffer.from(k).toString())).toBe(Buffer.from(v).toString());
    expect(Buffer.from(store.lastAppHash).toString("hex")).toBe(referenceRoot(expected).toString("hex"));
    if (h > 1) {
      const probe = Buffer.from("k/1");
      expect(store.getAt(probe, h - 1)).toEqual(crashBatch(h - 1, 2)[1][1]);
    }
    return h;
  } finally {
    store.close();
  }
}

describe("CommitStore after SIGKILL", () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it("a kill inside the transaction leaves exactly the previous height", async () => {
    const first = await runWriter(temp.dir, { finishFirst: 1, fraction: 0.5 });
    const base = checkConsistent(temp.dir);
    expect(base).toBeGreaterThanOrEqual(1);
    expect(base).toBeGreaterThanOrEqual(first.lastDone);

    const run = await runWriter(temp.dir, { dieAfterPuts: MIDDLE_PUT });
    expect(run.lastDone).toBe(-1);
    expect(run.inFlight).toBe(base + 1);
    expect(checkConsistent(temp.dir)).toBe(base);
  });

  it.each([0.1, 0.5, 1.5])("a kill %p × a commit's duration in leaves the old or new height", async (fraction) => {
    const run = await runWriter(temp.dir, { finishFirst: 1, fraction });
    const h = checkConsistent(temp.dir);
    // A commit that finished faster than the last one may have completed before the kill: then inFlight is unset.
    expect(run.inFlight === undefined ? [run.lastDone] : [run.lastDone, run.inFlight]).toContain(h);
  });
});
