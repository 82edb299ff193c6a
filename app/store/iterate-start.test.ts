// The `start` bound of iterate, in both directions, on the committed store and on branches over it: the same
// entries as filtering the whole prefix, so a page read from `start` never skips or repeats an entry.
import fc from "fast-check";
import { Branch } from "./branch";
import { compareBytes, startsWith } from "./bytes";
import { CommitStore } from "./commit-store";
import { makeTempDir } from "./test-helpers";
import type { Bytes, KVReader } from "./types";

const shortKey = fc.uint8Array({ minLength: 1, maxLength: 4, max: 3 }).map((k) => Buffer.from(k));
const prefixes = [Buffer.from([1]), Buffer.from([1, 2]), Buffer.from([3, 255]), Buffer.from([255]), Buffer.alloc(0)];

function reference(state: Map<string, Bytes>, prefix: Bytes, start: Bytes | undefined, reverse: boolean, limit: number | undefined): string[] {
  const keys = [...state.keys()]
    .map((k) => Buffer.from(k, "hex"))
    .filter((k) => startsWith(k, prefix))
    .filter((k) => start === undefined || start.length === 0 || (reverse ? compareBytes(k, start) <= 0 : compareBytes(k, start) >= 0))
    .sort(compareBytes);
  if (reverse) keys.reverse();
  return keys.slice(0, limit).map((k) => k.toString("hex"));
}

const listed = (reader: KVReader, prefix: Bytes, start: Bytes | undefined, reverse: boolean, limit: number | undefined) =>
  reader.iterate(prefix, { start, reverse, limit }).map(([k]) => Buffer.from(k).toString("hex"));

test("iterate from start returns exactly the prefix's entries at or past start, committed and branched", () => {
  const { dir, cleanup } = makeTempDir();
  const store = CommitStore.open(dir);
  let height = 0;
  try {
    fc.assert(
      fc.property(
        fc.array(shortKey, { maxLength: 25 }),
        fc.array(fc.tuple(shortKey, fc.boolean()), { maxLength: 15 }),
        fc.constantFrom(...prefixes),
        fc.option(fc.uint8Array({ maxLength: 5 }).map((k) => Buffer.from(k)), { nil: undefined }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        (committed, overlay, prefix, start, reverse, limit) => {
          const model = new Map<string, Bytes>();
          const changes: Array<[Bytes, Bytes | undefined]> = store.iterate(new Uint8Array()).map(([k]) => [k, undefined]);
          for (const k of committed) changes.push([k, Buffer.from("c")]);
          for (const k of committed) model.set(k.toString("hex"), Buffer.from("c"));
          height += 1;
          store.commit(height, changes);
          expect(listed(store, prefix, start, reverse, limit)).toEqual(reference(model, prefix, start, reverse, limit));
          const branch = new Branch(store);
          for (const [k, keep] of overlay) {
            if (keep) {
              branch.set(k, Buffer.from("b"));
              model.set(k.toString("hex"), Buffer.from("b"));
            } else {
              branch.delete(k);
              model.delete(k.toString("hex"));
            }
          }
          expect(listed(branch, prefix, start, reverse, limit)).toEqual(reference(model, prefix, start, reverse, limit));
          expect(listed(new Branch(branch), prefix, start, reverse, limit)).toEqual(reference(model, prefix, start, reverse, limit));
        },
      ),
      { numRuns: 200 },
    );
  } finally {
    store.close();
    cleanup();
  }
});
