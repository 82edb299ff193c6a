import fc from "fast-check";
import { Branch } from "./branch";
import type { Bytes, KVReader } from "./types";

const EMPTY: KVReader = { get: () => undefined, has: () => false, iterate: () => [] };
const hex = (bytes: Bytes) => Buffer.from(bytes).toString("hex");

type Op = { kind: "set"; key: Uint8Array; value: Uint8Array } | { kind: "delete"; key: Uint8Array } | { kind: "write" } | { kind: "drop" };

/**
 * A tx's branch stacked on a block's branch, as the pipeline stacks them: whatever sequence of writes, deletes,
 * write()s into the parent and dropped branches, every read and iteration through the stack, and the parent's
 * changes(), equal a plain map's that applies only what was written down.
 */
describe("Branch written into a Branch", () => {
  it("reads and changes as a map model of the written-down operations", () => {
    const key = fc.uint8Array({ minLength: 1, maxLength: 3, max: 3 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), key, value: fc.uint8Array({ maxLength: 3 }) }),
      fc.record({ kind: fc.constant("delete" as const), key }),
      fc.constant({ kind: "write" as const }),
      fc.constant({ kind: "drop" as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(key, { maxLength: 8 }), (ops, probes) => {
        const parent = new Branch(EMPTY);
        let child = new Branch(parent);
        const committed = new Map<string, Uint8Array | undefined>();
        let staged = new Map<string, Uint8Array | undefined>();
        for (const step of ops) {
          if (step.kind === "set") {
            const value = Uint8Array.from(step.value);
            child.set(step.key, value);
            value.fill(9); // the caller's buffer is not what the branch keeps
            staged.set(hex(step.key), Uint8Array.from(step.value));
          } else if (step.kind === "delete") {
            child.delete(step.key);
            staged.set(hex(step.key), undefined);
          } else if (step.kind === "write") {
            child.write();
            for (const [id, value] of staged) committed.set(id, value);
            staged = new Map();
          } else {
            child = new Branch(parent);
            staged = new Map();
          }
          const view = new Map([...committed, ...staged]);
          for (const probe of probes) {
            const expected = view.get(hex(probe));
            expect(child.get(probe) === undefined ? undefined : hex(child.get(probe)!)).toBe(expected === undefined ? undefined : hex(expected));
            expect(child.has(probe)).toBe(expected !== undefined);
          }
          const live = [...view].filter(([, v]) => v !== undefined).sort(([a], [b]) => Buffer.compare(Buffer.from(a, "hex"), Buffer.from(b, "hex")));
          expect(child.iterate(new Uint8Array()).map(([k, v]) => [hex(k), hex(v)])).toEqual(live.map(([k, v]) => [k, hex(v!)]));
        }
        const changes = [...committed].sort(([a], [b]) => Buffer.compare(Buffer.from(a, "hex"), Buffer.from(b, "hex")));
        expect(parent.changes().map(([k, v]) => [hex(k), v === undefined ? undefined : hex(v)])).toEqual(changes.map(([k, v]) => [k, v === undefined ? undefined : hex(v)]));
      }),
      { numRuns: 500 },
    );
  });
});
