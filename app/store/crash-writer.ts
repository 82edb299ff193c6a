// Child process of commit-store.crash.test.ts: commits large deterministic batches until it is killed.
//
//   node --import tsx app/store/crash-writer.ts <dir> <batchSize> [dieAfterPuts]
//
// Prints "commit <h>" just before each commit and "done <h>" after it, so the test can aim its SIGKILL
// inside a transaction. With dieAfterPuts it SIGKILLs itself at that lmdb put (only commits put), which lands
// inside the transaction without depending on timing.
import { CommitStore } from "./commit-store";
import type { Bytes } from "./types";

/** Every key is touched at every height, so the state after height h is a function of h alone. */
export function crashBatch(height: number, size: number): Array<[Bytes, Bytes | undefined]> {
  const out: Array<[Bytes, Bytes | undefined]> = [];
  for (let i = 0; i < size; i++) {
    const key = Buffer.from(`k/${i}`);
    out.push([key, (i + height) % 3 === 0 ? undefined : Buffer.from(`h${height}/${i}/`.padEnd(100, "."))]);
  }
  return out;
}

type PutSync = (...args: unknown[]) => boolean;

function dieInsideFirstCommit(store: CommitStore, afterPuts: number): void {
  // Test-only reach into the store's lmdb handle: its class is private to the lmdb environment, and every
  // sub-database of the environment shares it, so this counts the puts of the whole commit.
  const handle = (store as unknown as { state: object }).state;
  const proto = Object.getPrototypeOf(handle) as { putSync: PutSync };
  const original = proto.putSync;
  let puts = 0;
  proto.putSync = function (this: unknown, ...args: unknown[]): boolean {
    if (++puts === afterPuts) process.kill(process.pid, "SIGKILL");
    return original.apply(this, args);
  };
}

function main(): void {
  const [dir, size, dieAfterPuts] = process.argv.slice(2);
  const store = CommitStore.open(dir);
  const batchSize = Number(size);
  if (dieAfterPuts !== undefined) dieInsideFirstCommit(store, Number(dieAfterPuts));
  for (;;) {
    const height = store.lastHeight + 1;
    const changes = crashBatch(height, batchSize);
    store.computeRoot(changes);
    process.stdout.write(`commit ${height}\n`);
    store.commit(height, changes);
    process.stdout.write(`done ${height}\n`);
  }
}

if (require.main === module) main();
