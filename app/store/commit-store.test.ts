import { createHash } from "node:crypto";
import fc from "fast-check";
import { join } from "node:path";
import { open } from "lmdb";
import { Branch } from "./branch";
import { CommitStore } from "./commit-store";
import { EMPTY_ROOT, verifyProof } from "./proof";
import { makeTempDir, referenceRoot, rng } from "./test-helpers";
import { MAX_KEY_LENGTH } from "./types";
import type { Bytes } from "./types";

type Changes = Array<[Bytes, Bytes | undefined]>;

const b = (s: string): Buffer => Buffer.from(s, "latin1");
const str = (x: Bytes | undefined): string | undefined =>
  x === undefined ? undefined : Buffer.from(x).toString("latin1");
const hex = (x: Bytes): string => Buffer.from(x).toString("hex");
const set = (k: string, v: string): [Bytes, Bytes] => [b(k), b(v)];
const del = (k: string): [Bytes, undefined] => [b(k), undefined];

/** The expected state, as latin1 key → value, applied the way the store applies changes. */
class Model {
  readonly map = new Map<string, Buffer>();
  apply(changes: Changes): void {
    for (const [k, v] of changes) {
      if (v === undefined) this.map.delete(str(k) as string);
      else this.map.set(str(k) as string, Buffer.from(v));
    }
  }
  root(): Buffer {
    return referenceRoot([...this.map].map(([k, v]): [Bytes, Bytes] => [b(k), v]));
  }
}

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function tempDir(): string {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function openStore(dir: string, keepRecent?: number): CommitStore {
  const s = CommitStore.open(dir, { keepRecent });
  let closed = false;
  const close = s.close.bind(s);
  s.close = () => {
    closed = true;
    close();
  };
  // Registered after the directory's cleanup, so it runs first.
  cleanups.push(() => {
    if (!closed) close();
  });
  return s;
}

function randomChanges(next: () => number, n: number, keySpace: number): Changes {
  const out: Changes = [];
  for (let i = 0; i < n; i++) {
    const k = b(`key/${next() % keySpace}`);
    out.push(next() % 4 === 0 ? [k, undefined] : [k, b(`v${next() % 1000}`.repeat(next() % 3))]);
  }
  return out;
}

describe("CommitStore basics", () => {
  it("starts empty at height 0 with the empty root", () => {
    const s = openStore(tempDir());
    expect(s.lastHeight).toBe(0);
    expect(hex(s.lastAppHash)).toBe(hex(EMPTY_ROOT));
    expect(hex(EMPTY_ROOT)).toBe(hex(referenceRoot([])));
    expect(s.get(b("a"))).toBeUndefined();
    expect(s.iterate(new Uint8Array(0))).toEqual([]);
    expect(s.getAt(b("a"), 0)).toBeUndefined();
  });

  it("pins the hash format with a golden root", () => {
    const s = openStore(tempDir());
    const root = s.commit(1, [set("a", "1"), set("b", "")]);
    expect(hex(root)).toBe(hex(referenceRoot([set("a", "1"), set("b", "")])));
    expect(hex(root)).toBe("40c7d2fdebdb260b315fc08bcfa68ed6e8933696954ec75f220b24c807b42223");
  });

  it("commits, reads back, and reopens with the same height, root and values", () => {
    const dir = tempDir();
    const s = openStore(dir);
    const model = new Model();
    const next = rng(1);
    for (let h = 1; h <= 5; h++) {
      const changes = randomChanges(next, 300, 400);
      model.apply(changes);
      const root = s.commit(h, changes);
      expect(hex(root)).toBe(hex(model.root()));
      expect(hex(s.lastAppHash)).toBe(hex(root));
      expect(s.lastHeight).toBe(h);
    }
    const before = s.iterate(new Uint8Array(0));
    expect(before.map(([k, v]) => `${str(k)}=${str(v)}`)).toEqual(
      [...model.map].sort(([x], [y]) => Buffer.compare(b(x), b(y))).map(([k, v]) => `${k}=${str(v)}`),
    );
    s.close();
    const again = openStore(dir);
    expect(again.lastHeight).toBe(5);
    expect(hex(again.lastAppHash)).toBe(hex(model.root()));
    expect(again.iterate(new Uint8Array(0))).toEqual(before);
  });

  it("rejects a height other than lastHeight + 1 and keeps its state", () => {
    const s = openStore(tempDir());
    s.commit(1, [set("a", "1")]);
    const root = s.lastAppHash;
    for (const h of [0, 1, 3, 1.5]) {
      expect(() => s.commit(h, [set("a", "2")])).toThrow(/does not follow/);
    }
    expect(s.lastHeight).toBe(1);
    expect(hex(s.lastAppHash)).toBe(hex(root));
    expect(str(s.get(b("a")))).toBe("1");
  });

  it.each([
    ["empty", new Uint8Array(0)],
    ["over-long", new Uint8Array(MAX_KEY_LENGTH + 1)],
  ])("rejects an %s key in computeRoot and commit, and reads it as absent", (_, key) => {
    const s = openStore(tempDir());
    expect(() => s.computeRoot([[key, b("v")]])).toThrow(RangeError);
    expect(() => s.commit(1, [[key, undefined]])).toThrow(RangeError);
    expect(s.lastHeight).toBe(0);
    expect(s.get(key)).toBeUndefined();
    expect(s.has(key)).toBe(false);
  });

  it("accepts a key of the maximum length", () => {
    const s = openStore(tempDir());
    const key = new Uint8Array(MAX_KEY_LENGTH).fill(7);
    s.commit(1, [[key, b("v")]]);
    s.commit(2, [[key, b("w")]]);
    expect(str(s.getAt(key, 1))).toBe("v");
    expect(str(s.get(key))).toBe("w");
  });

  it("refuses to open a store whose leaves do not give the committed root", () => {
    const dir = tempDir();
    const s = openStore(dir);
    s.commit(1, [set("a", "1")]);
    s.close();
    const env = open({ path: join(dir, "store.mdb") });
    env.openDB("meta", { keyEncoding: "binary", encoding: "binary" }).putSync(b("appHash"), Buffer.alloc(32, 1));
    void env.close();
    expect(() => CommitStore.open(dir)).toThrow(/inconsistent/);
  });

  it("rejects a bad keepRecent", () => {
    expect(() => CommitStore.open(tempDir(), { keepRecent: -1 })).toThrow(RangeError);
  });
});

describe("CommitStore roots", () => {
  it("computeRoot equals the commit result and persists nothing", () => {
    const dir = tempDir();
    const s = openStore(dir);
    s.commit(1, [set("a", "1"), set("b", "2")]);
    const changes: Changes = [set("c", "3"), del("a")];
    const predicted = s.computeRoot(changes);
    expect(s.lastHeight).toBe(1);
    expect(str(s.get(b("a")))).toBe("1");
    expect(s.get(b("c"))).toBeUndefined();
    s.close();

    const reopened = openStore(dir);
    expect(reopened.lastHeight).toBe(1);
    expect(hex(reopened.computeRoot(changes))).toBe(hex(predicted));
    expect(hex(reopened.commit(2, changes))).toBe(hex(predicted));
    expect(hex(predicted)).toBe(hex(referenceRoot([set("b", "2"), set("c", "3")])));
  });

  it("commits what it is given when that differs from the last computeRoot", () => {
    const s = openStore(tempDir());
    s.computeRoot([set("a", "1")]);
    const root = s.commit(1, [set("a", "2")]);
    expect(hex(root)).toBe(hex(referenceRoot([set("a", "2")])));
    expect(str(s.get(b("a")))).toBe("2");
  });

  it("is not fooled by the caller changing a value buffer between computeRoot and commit", () => {
    const s = openStore(tempDir());
    const value = b("1");
    s.computeRoot([[b("a"), value]]);
    value[0] = 0x32;
    const root = s.commit(1, [[b("a"), value]]);
    expect(hex(root)).toBe(hex(referenceRoot([set("a", "2")])));
    expect(str(s.get(b("a")))).toBe("2");
  });

  it("does not reuse a computeRoot made before a commit", () => {
    const s = openStore(tempDir());
    const changes: Changes = [set("a", "1")];
    s.computeRoot(changes);
    s.commit(1, [set("b", "1")]);
    expect(hex(s.commit(2, changes))).toBe(hex(referenceRoot([set("a", "1"), set("b", "1")])));
  });

  it("gives the same root for the same final state whatever the history, batching or order", () => {
    const next = rng(42);
    const final = new Model();
    const histories: Changes[][] = [];
    // History A: everything at once, in shuffled order.
    const bulk: Changes = [];
    for (let i = 0; i < 500; i++) bulk.push(set(`k${i}`, `value ${i}`));
    final.apply(bulk);
    const shuffled = [...bulk];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    histories.push([shuffled]);
    // History B: small batches with detours (overwrites, deletes, re-creations, no-op deletes).
    const batches: Changes[] = [];
    for (let i = 0; i < 500; i += 37) {
      const batch: Changes = [];
      for (let j = i; j < Math.min(i + 37, 500); j++) batch.push(set(`k${j}`, "temporary"), set(`gone${j}`, "x"));
      batches.push(batch);
    }
    batches.push(Array.from({ length: 500 }, (_, j) => del(`gone${j}`)));
    batches.push(Array.from({ length: 500 }, (_, j) => del(`k${j}`)));
    batches.push([del("never-existed"), ...bulk.slice().reverse()]);
    histories.push(batches);
    // History C: every change twice in one batch; the last one counts.
    histories.push([[...bulk.map(([k]): [Bytes, Bytes] => [k, b("first")]), ...bulk]]);

    const roots = histories.map((history) => {
      const s = openStore(tempDir());
      history.forEach((changes, i) => s.commit(i + 1, changes));
      return hex(s.lastAppHash);
    });
    expect(new Set(roots).size).toBe(1);
    expect(roots[0]).toBe(hex(final.root()));
  });

  it("deletes: absent afterwards, a no-op when the key is absent, and re-creatable", () => {
    const s = openStore(tempDir());
    s.commit(1, [set("a", "1"), set("b", "2")]);
    const root1 = s.lastAppHash;
    expect(hex(s.commit(2, [del("zzz")]))).toBe(hex(root1));
    s.commit(3, [del("a")]);
    expect(s.get(b("a"))).toBeUndefined();
    expect(s.has(b("a"))).toBe(false);
    expect(s.iterate(new Uint8Array(0)).map(([k]) => str(k))).toEqual(["b"]);
    expect(hex(s.lastAppHash)).toBe(hex(referenceRoot([set("b", "2")])));
    s.commit(4, [del("b")]);
    expect(hex(s.lastAppHash)).toBe(hex(EMPTY_ROOT));
    s.commit(5, [set("a", "1"), set("b", "2")]);
    expect(hex(s.lastAppHash)).toBe(hex(root1));
  });

  it("treats an empty value as present", () => {
    const s = openStore(tempDir());
    s.commit(1, [set("e", "")]);
    expect(s.has(b("e"))).toBe(true);
    expect(s.get(b("e"))?.length).toBe(0);
    expect(s.getAt(b("e"), 1)?.length).toBe(0);
    expect(s.iterate(b("e")).map(([k, v]) => [str(k), v.length])).toEqual([["e", 0]]);
    expect(hex(s.lastAppHash)).not.toBe(hex(EMPTY_ROOT));
    s.commit(2, [del("e")]);
    expect(s.getAt(b("e"), 2)).toBeUndefined();
    expect(s.getAt(b("e"), 1)?.length).toBe(0);
  });
});

describe("CommitStore iterate", () => {
  const keys = ["a", "ab", "abc", "b", "b\x00", "b\xff", "\xff", "\xff\xff", "\xff\xff\x01"];

  it.each<[string, { reverse?: boolean; limit?: number }]>([
    ["", {}],
    ["", { reverse: true }],
    ["a", {}],
    ["a", { reverse: true }],
    ["ab", { reverse: true, limit: 1 }],
    ["b", {}],
    ["b", { reverse: true }],
    ["\xff", {}],
    ["\xff", { reverse: true }],
    ["\xff\xff", { reverse: true }],
    ["", { limit: 3 }],
    ["", { limit: 0 }],
    ["c", {}],
  ])("prefix %j %j matches a sorted filter", (prefix, opts) => {
    const s = openStore(tempDir());
    s.commit(1, keys.map((k) => set(k, `v:${k}`)));
    let want = keys.filter((k) => k.startsWith(prefix)).sort((x, y) => Buffer.compare(b(x), b(y)));
    if (opts.reverse) want.reverse();
    if (opts.limit !== undefined) want = want.slice(0, opts.limit);
    expect(s.iterate(b(prefix), opts).map(([k, v]) => `${str(k)}=${str(v)}`)).toEqual(want.map((k) => `${k}=v:${k}`));
  });

  it("backs a Branch, whose writes stay out of the store until committed", () => {
    const s = openStore(tempDir());
    s.commit(1, [set("a", "1"), set("b", "2")]);
    const br = new Branch(s);
    br.delete(b("a"));
    br.set(b("c"), b("3"));
    expect(br.iterate(new Uint8Array(0), { reverse: true }).map(([k]) => str(k))).toEqual(["c", "b"]);
    expect(() => br.write()).toThrow(/read-only/);
    s.commit(2, br.changes());
    expect(s.iterate(new Uint8Array(0)).map(([k]) => str(k))).toEqual(["b", "c"]);
  });
});

/**
 * The store keeps the values it read since the last commit (CommitStore.latest): whatever the reads and commits,
 * get, has and a Branch above it answer what the committed state holds, never a value from before a commit.
 */
describe("CommitStore reads across commits", () => {
  it("answers the latest committed value after every commit, for a key read before it", () => {
    const s = openStore(tempDir());
    expect(s.get(b("k"))).toBeUndefined();
    expect(s.has(b("k"))).toBe(false);
    s.commit(1, [set("k", "1")]);
    expect(str(s.get(b("k")))).toBe("1");
    expect(s.has(b("k"))).toBe(true);
    expect(str(new Branch(s).get(b("k")))).toBe("1");
    s.commit(2, [set("k", "2")]);
    expect(str(new Branch(new Branch(s)).get(b("k")))).toBe("2");
    s.commit(3, [del("k")]);
    expect(s.get(b("k"))).toBeUndefined();
    expect(s.has(b("k"))).toBe(false);
    expect(new Branch(s).has(b("k"))).toBe(false);
  });

  it("matches a model of the committed state under any interleaving of reads and commits", () => {
    const key = fc.integer({ min: 0, max: 5 }).map((n) => `k${n}`);
    const step = fc.oneof(
      fc.record({ read: key, via: fc.constantFrom("get", "has", "branch") }),
      fc.record({ commit: fc.array(fc.tuple(key, fc.option(fc.string({ maxLength: 3 }), { nil: undefined })), { maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const dir = tempDir();
        const s = openStore(dir);
        const model = new Map<string, string>();
        let height = 0;
        for (const st of steps) {
          if ("commit" in st) {
            s.commit(++height, st.commit.map(([k, v]) => (v === undefined ? del(k) : set(k, v))));
            for (const [k, v] of st.commit) v === undefined ? model.delete(k) : model.set(k, v);
          } else if (st.via === "has") {
            expect(s.has(b(st.read))).toBe(model.has(st.read));
          } else {
            expect(str((st.via === "get" ? s : new Branch(s)).get(b(st.read)))).toBe(model.get(st.read));
          }
        }
        s.close();
      }),
      { numRuns: 60 },
    );
  });
});

describe("CommitStore versions", () => {
  it("answers getAt for every kept height, including keys that are prefixes of others", () => {
    const s = openStore(tempDir());
    const models: Array<Map<string, Buffer>> = [new Map()];
    const next = rng(9);
    const keySpace = ["a", "ab", "a\x00", "b", "abc"];
    for (let h = 1; h <= 12; h++) {
      const changes: Changes = [];
      for (let i = 0; i < 3; i++) {
        const k = keySpace[next() % keySpace.length];
        changes.push(next() % 3 === 0 ? del(k) : set(k, `${k}@${h}`));
      }
      const model = new Model();
      for (const [k, v] of models[h - 1]) model.map.set(k, v);
      model.apply(changes);
      models.push(model.map);
      s.commit(h, changes);
    }
    for (let h = 0; h <= 12; h++) {
      for (const k of keySpace) expect([h, k, str(s.getAt(b(k), h))]).toEqual([h, k, str(models[h].get(k))]);
    }
    expect(() => s.getAt(b("a"), 13)).toThrow(/not committed yet/);
    expect(() => s.getAt(b("a"), -1)).toThrow(RangeError);
  });

  it("prunes with keepRecent: getAt answers the last N heights and throws for older ones", () => {
    const dir = tempDir();
    const keep = 3;
    let s = openStore(dir, keep);
    const models: Array<Map<string, Buffer>> = [new Map()];
    const schedule = (h: number): Changes => {
      // "static" is written once and must stay readable at every kept height; "flip" alternates with deletes.
      const changes: Changes = [set("counter", String(h)), h % 2 === 0 ? del("flip") : set("flip", `f${h}`)];
      if (h === 1) changes.push(set("static", "s"), set("doomed", "d"));
      if (h === 2) changes.push(del("doomed"));
      return changes;
    };
    for (let h = 1; h <= 10; h++) {
      const model = new Model();
      for (const [k, v] of models[h - 1]) model.map.set(k, v);
      model.apply(schedule(h));
      models.push(model.map);
      s.commit(h, schedule(h));
      const earliest = Math.max(0, h - keep + 1);
      expect(s.earliestHeight).toBe(earliest);
      if (h === 6) {
        s.close();
        s = openStore(dir, keep);
      }
    }
    expect(s.earliestHeight).toBe(8);
    for (let h = 8; h <= 10; h++) {
      for (const k of ["counter", "flip", "static", "doomed"]) {
        expect([h, k, str(s.getAt(b(k), h))]).toEqual([h, k, str(models[h].get(k))]);
      }
    }
    for (const h of [0, 1, 7]) {
      expect(() => s.getAt(b("counter"), h)).toThrow(`height ${h} is pruned (earliest available 8)`);
    }
    s.close();

    // Only the versions a kept height can reach remain: the newest ≤ 8 per key, and everything after.
    const env = open({ path: join(dir, "store.mdb") });
    const history = env.openDB<Buffer, Buffer>("history", { keyEncoding: "binary", encoding: "binary" });
    const versions = Array.from(history.getKeys({}), (k: Buffer) => {
      const len = k.readUInt32BE(0);
      return `${k.subarray(4, 4 + len).toString("latin1")}@${Number(k.readBigUInt64BE(4 + len))}`;
    });
    const changed = env.openDB<Buffer, Buffer>("changed", { keyEncoding: "binary", encoding: "binary" });
    const changedHeights = Array.from(changed.getKeys({}), (k: Buffer) => Number(k.readBigUInt64BE(0)));
    void env.close();
    expect(versions.sort()).toEqual(
      ["counter@7", "counter@8", "counter@9", "counter@10", "flip@7", "flip@8", "flip@9", "flip@10", "static@1"].sort(),
    );
    expect(changedHeights).toEqual([8, 9, 10]);
  });

  it("keeps every version with keepRecent 0", () => {
    const s = openStore(tempDir(), 0);
    for (let h = 1; h <= 20; h++) s.commit(h, [set("k", String(h))]);
    expect(s.earliestHeight).toBe(0);
    for (let h = 1; h <= 20; h++) expect(str(s.getAt(b("k"), h))).toBe(String(h));
  });
});

describe("CommitStore proofs", () => {
  const ABSENT_IN_SHARED_BUCKET = "absent/16";
  function storeWith(n: number): CommitStore {
    const s = openStore(tempDir());
    const changes: Changes = [];
    for (let i = 0; i < n; i++) changes.push(set(`key/${i}`, `value ${i}`));
    changes.push(set("empty", ""));
    s.commit(1, changes);
    return s;
  }

  it.each([
    ["present", "key/17", "value 17"],
    ["present, empty value", "empty", ""],
    ["absent, empty bucket", "key/none", undefined],
    // Found by search: the first absent/i whose bucket also holds some key/j of storeWith(2000).
    ["absent, bucket shared with present keys", ABSENT_IN_SHARED_BUCKET, undefined],
    ["absent, never storable", "", undefined],
  ])("%s: verifies, and fails once tampered", (_, key, value) => {
    const s = storeWith(2000);
    const entryCount = Buffer.from(s.prove(b(key)).proof).readUInt32BE(1);
    expect(entryCount > 0).toBe(key !== "key/none" && key !== "");
    const root = s.lastAppHash;
    const { value: got, proof } = s.prove(b(key));
    expect(str(got)).toBe(value);
    const v = value === undefined ? undefined : b(value);
    expect(verifyProof(root, b(key), v, proof)).toBe(true);

    const flipped = (x: Bytes, at: number): Buffer => {
      const y = Buffer.from(x);
      y[at] ^= 1;
      return y;
    };
    expect(verifyProof(flipped(root, 31), b(key), v, proof)).toBe(false);
    expect(verifyProof(root, b(key), v === undefined ? b("x") : undefined, proof)).toBe(false);
    if (v !== undefined) expect(verifyProof(root, b(key), b(`${value}!`), proof)).toBe(false);
    expect(verifyProof(root, b(`${key}/other`), v, proof)).toBe(false);
    for (let sibling = 0; sibling < 16; sibling++) {
      expect(verifyProof(root, b(key), v, flipped(proof, proof.length - 32 * (16 - sibling)))).toBe(false);
    }
    for (let at = 0; at < proof.length - 512; at++) {
      expect(verifyProof(root, b(key), v, flipped(proof, at))).toBe(false);
    }
    expect(verifyProof(root, b(key), v, proof.subarray(0, proof.length - 1))).toBe(false);
    expect(verifyProof(root, b(key), v, Buffer.concat([proof, Buffer.alloc(1)]))).toBe(false);
    expect(verifyProof(root.subarray(1), b(key), v, proof)).toBe(false);
  });

  it("rejects a present key's entry relabelled to claim absence", () => {
    const s = storeWith(2000);
    const { proof } = s.prove(b("key/17"));
    const relabelled = Buffer.from(proof);
    const n = relabelled.readUInt32BE(1);
    const own = Array.from({ length: n }, (_, i) => 5 + 64 * i).find((at) =>
      relabelled.subarray(at, at + 32).equals(createHash("sha256").update("key/17").digest()),
    ) as number;
    // Change the last byte only, so the entry keeps its bucket and, almost surely, its place in the order.
    relabelled[own + 31] ^= 1;
    expect(verifyProof(s.lastAppHash, b("key/17"), undefined, relabelled)).toBe(false);
  });

  it("proves every key of a random state and its absence after deletion", () => {
    const s = openStore(tempDir());
    const next = rng(3);
    const model = new Model();
    for (let h = 1; h <= 3; h++) {
      const changes = randomChanges(next, 200, 300);
      model.apply(changes);
      s.commit(h, changes);
    }
    const root = s.lastAppHash;
    for (let i = 0; i < 300; i++) {
      const key = b(`key/${i}`);
      const { value, proof } = s.prove(key);
      expect(str(value)).toBe(str(model.map.get(`key/${i}`)));
      expect(verifyProof(root, key, value, proof)).toBe(true);
    }
  });

  it("proves absence in the empty store", () => {
    const s = openStore(tempDir());
    const { value, proof } = s.prove(b("k"));
    expect(value).toBeUndefined();
    expect(proof.length).toBe(5 + 16 * 32);
    expect(verifyProof(EMPTY_ROOT, b("k"), undefined, proof)).toBe(true);
    expect(verifyProof(EMPTY_ROOT, b("k"), b(""), proof)).toBe(false);
  });

  it("lays the proof out as documented: format, count, bucket entries, 16 siblings", () => {
    const s = storeWith(5000);
    const { proof } = s.prove(b("key/5"));
    const view = Buffer.from(proof);
    const n = view.readUInt32BE(1);
    expect(view[0]).toBe(1);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(proof.length).toBe(5 + 64 * n + 512);
  });
});
