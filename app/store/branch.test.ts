import { Branch } from "./branch";
import { rng } from "./test-helpers";
import { MAX_KEY_LENGTH } from "./types";
import type { Bytes, KVReader } from "./types";

const b = (s: string): Bytes => Buffer.from(s);
const str = (x: Bytes | undefined): string | undefined => (x === undefined ? undefined : Buffer.from(x).toString());
const entries = (list: Array<[Bytes, Bytes]>): string[] => list.map(([k, v]) => `${str(k)}=${str(v)}`);

const EMPTY: KVReader = { get: () => undefined, has: () => false, iterate: () => [] };

/** A base with a fixed content, built through a Branch so these tests also cover writing into a branch. */
function base(content: Record<string, string>): Branch {
  const br = new Branch(EMPTY);
  for (const k of Object.keys(content).sort()) br.set(b(k), b(content[k]));
  return br;
}

describe("Branch reads", () => {
  const parent = base({ a: "1", ab: "2", b: "3", bb: "4", c: "5" });
  const child = new Branch(parent);
  child.set(b("ab"), b("20"));
  child.delete(b("b"));
  child.set(b("ba"), b("new"));
  child.set(b("e"), new Uint8Array(0));
  child.delete(b("zz"));

  it.each([
    ["a", "1"],
    ["ab", "20"],
    ["b", undefined],
    ["ba", "new"],
    ["c", "5"],
    ["e", ""],
    ["zz", undefined],
    ["missing", undefined],
  ])("get(%s) = %s", (key, want) => {
    expect(str(child.get(b(key)))).toBe(want);
    expect(child.has(b(key))).toBe(want !== undefined);
  });

  it("leaves the parent untouched", () => {
    expect(str(parent.get(b("ab")))).toBe("2");
    expect(parent.has(b("b"))).toBe(true);
    expect(parent.has(b("ba"))).toBe(false);
  });

  it.each<[string, { reverse?: boolean; limit?: number }, string[]]>([
    ["", {}, ["a=1", "ab=20", "ba=new", "bb=4", "c=5", "e="]],
    ["", { reverse: true }, ["e=", "c=5", "bb=4", "ba=new", "ab=20", "a=1"]],
    ["a", {}, ["a=1", "ab=20"]],
    ["b", {}, ["ba=new", "bb=4"]],
    ["b", { reverse: true }, ["bb=4", "ba=new"]],
    ["", { limit: 2 }, ["a=1", "ab=20"]],
    ["", { limit: 3, reverse: true }, ["e=", "c=5", "bb=4"]],
    ["b", { limit: 1 }, ["ba=new"]],
    ["", { limit: 0 }, []],
    ["x", {}, []],
    ["ab", {}, ["ab=20"]],
  ])("iterate(%j, %j)", (prefix, opts, want) => {
    expect(entries(child.iterate(b(prefix), opts))).toEqual(want);
  });

  it("counts and lists its own writes in key order, deletes as undefined", () => {
    expect(child.size).toBe(5);
    expect(child.changes().map(([k, v]) => [str(k), str(v)])).toEqual([
      ["ab", "20"],
      ["b", undefined],
      ["ba", "new"],
      ["e", ""],
      ["zz", undefined],
    ]);
  });
});

describe("Branch writes", () => {
  it("write() pushes into the parent and empties the branch", () => {
    const parent = base({ a: "1", b: "2" });
    const child = new Branch(parent);
    child.set(b("a"), b("10"));
    child.delete(b("b"));
    child.set(b("c"), b("3"));
    child.write();
    expect(child.size).toBe(0);
    expect(entries(parent.iterate(new Uint8Array(0)))).toEqual(["a=10", "c=3"]);
    expect(entries(child.iterate(new Uint8Array(0)))).toEqual(["a=10", "c=3"]);
  });

  it("dropping a branch discards its writes", () => {
    const parent = base({ a: "1" });
    {
      const child = new Branch(parent);
      child.set(b("a"), b("2"));
      child.set(b("x"), b("y"));
    }
    expect(entries(parent.iterate(new Uint8Array(0)))).toEqual(["a=1"]);
  });

  it("nested branches see through two levels and write back one level at a time", () => {
    const root = base({ a: "1", b: "2", c: "3" });
    const mid = new Branch(root);
    mid.delete(b("b"));
    const leaf = new Branch(mid);
    leaf.set(b("b"), b("back"));
    leaf.delete(b("c"));
    expect(entries(leaf.iterate(new Uint8Array(0)))).toEqual(["a=1", "b=back"]);
    expect(entries(mid.iterate(new Uint8Array(0)))).toEqual(["a=1", "c=3"]);
    leaf.write();
    expect(entries(mid.iterate(new Uint8Array(0)))).toEqual(["a=1", "b=back"]);
    expect(entries(root.iterate(new Uint8Array(0)))).toEqual(["a=1", "b=2", "c=3"]);
    mid.write();
    expect(entries(root.iterate(new Uint8Array(0)))).toEqual(["a=1", "b=back"]);
  });

  it("write() into a read-only parent throws", () => {
    const child = new Branch(EMPTY);
    child.set(b("a"), b("1"));
    expect(() => child.write()).toThrow(/read-only/);
  });

  it("copies keys and values, so a caller reusing its buffers changes nothing", () => {
    const key = Buffer.from("k");
    const value = Buffer.from("v");
    const br = new Branch(EMPTY);
    br.set(key, value);
    key[0] = 0x78;
    value[0] = 0x78;
    expect(str(br.get(b("k")))).toBe("v");
    expect(br.has(b("x"))).toBe(false);
  });

  it.each([
    ["empty key", new Uint8Array(0)],
    ["over-long key", new Uint8Array(MAX_KEY_LENGTH + 1)],
  ])("rejects an %s", (_, key) => {
    const br = new Branch(EMPTY);
    expect(() => br.set(key, b("v"))).toThrow(RangeError);
    expect(() => br.delete(key)).toThrow(RangeError);
  });

  it("rejects a bad limit", () => {
    expect(() => new Branch(EMPTY).iterate(new Uint8Array(0), { limit: -1 })).toThrow(RangeError);
  });
});

describe("Branch against a model", () => {
  it("matches a plain sorted map for random writes over three levels", () => {
    const next = rng(7);
    const alphabet = ["a", "b", "\u00ff", "ab", "ba", "aa", "\u00ffa", "b\u00ff"];
    const pick = (): string => alphabet[next() % alphabet.length];
    const key = (): Buffer => Buffer.from(pick() + pick(), "latin1");
    const models: Array<Map<string, string>> = [new Map()];
    const levels: Branch[] = [new Branch(EMPTY)];
    for (let level = 1; level < 3; level++) {
      levels.push(new Branch(levels[level - 1]));
      models.push(new Map(models[level - 1]));
    }
    for (let step = 0; step < 600; step++) {
      const level = next() % 3;
      const k = key();
      const id = k.toString("latin1");
      const v = next() % 3 === 0 ? undefined : String(step);
      if (v === undefined) levels[level].delete(k);
      else levels[level].set(k, Buffer.from(v));
      // The write shows through the levels above until one of them has its own write of the key.
      for (let l = level; l < 3 && (l === level || !ownWrite(levels, l, k)); l++) {
        if (v === undefined) models[l].delete(id);
        else models[l].set(id, v);
      }
      const l = next() % 3;
      const prefix = Buffer.from(alphabet[next() % alphabet.length].slice(0, next() % 2), "latin1");
      const reverse = next() % 2 === 0;
      const limit = next() % 4 === 0 ? undefined : next() % 6;
      const want = [...models[l].entries()]
        .filter(([k2]) => k2.startsWith(prefix.toString("latin1")))
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k2, v]) => `${k2}=${v}`);
      if (reverse) want.reverse();
      const got = levels[l]
        .iterate(prefix, { reverse, limit })
        .map(([k2, v]) => `${Buffer.from(k2).toString("latin1")}=${str(v)}`);
      expect(got).toEqual(limit === undefined ? want : want.slice(0, limit));
    }
  });

  it("keeps key order when hundreds of new keys arrive between iterations (the merged and the filtered path)", () => {
    const next = rng(11);
    const branch = new Branch(EMPTY);
    const model = new Map<string, string>();
    for (let step = 0; step < 3000; step++) {
      const id = `k${(next() % 2000).toString().padStart(4, "0")}`;
      if (next() % 5 === 0) {
        branch.delete(Buffer.from(id));
        model.delete(id);
      } else {
        branch.set(Buffer.from(id), Buffer.from(String(step)));
        model.set(id, String(step));
      }
      // short gaps keep new keys below the merge limit (filtered), long ones exceed it (merged)
      if (![50, 100, 500, 520, 1400, 1401, 2999].includes(step)) continue;
      const prefix = `k${next() % 2}`;
      const want = [...model.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`);
      expect(branch.iterate(Buffer.from(prefix)).map(([k, v]) => `${Buffer.from(k).toString()}=${str(v)}`)).toEqual(want);
    }
  });

  /** Whether level l has its own write of k, which shadows anything written below it. */
  function ownWrite(levels: Branch[], l: number, k: Buffer): boolean {
    return levels[l].changes().some(([k2]) => Buffer.compare(k2, k) === 0);
  }
});
