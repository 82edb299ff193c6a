import fc from "fast-check";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { ResponseApplySnapshotChunk_Result as Apply, ResponseOfferSnapshot_Result as Offer } from "cosmjs-types/tendermint/abci/types";
import type { Snapshot } from "cosmjs-types/tendermint/abci/types";
import { SnapshotManager } from "../abci/snapshots";
import { CommitStore } from "./commit-store";
import { sha256 } from "./merkle";
import { ChunkWriter, MAX_CHUNKS, SNAPSHOT_FORMAT, encodeMetadata } from "./snapshot";
import { makeTempDir, referenceRoot } from "./test-helpers";
import type { Bytes } from "./types";

const quiet = { info: () => undefined, error: () => undefined };
const b = (s: string) => Buffer.from(s);

interface Node {
  store: CommitStore;
  snapshots: SnapshotManager;
  restored: number;
  close(): void;
}

const dirs: Array<() => void> = [];
const open: Node[] = [];
afterEach(() => {
  open.splice(0).forEach((n) => n.close());
  dirs.splice(0).forEach((cleanup) => cleanup());
});

function node(opts: { interval?: number; keepRecent?: number; chunkSize?: number } = {}, dir?: string): Node {
  let base = dir;
  if (base === undefined) {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    base = tmp.dir;
  }
  const store = CommitStore.open(path.join(base, "app"));
  let closed = false;
  const n: Node = {
    store,
    restored: 0,
    snapshots: undefined as unknown as SnapshotManager,
    close: () => {
      if (closed) return;
      closed = true;
      n.snapshots.close();
      store.close();
    },
  };
  open.push(n);
  n.snapshots = new SnapshotManager(
    store,
    { dir: path.join(base, "snapshots"), interval: opts.interval ?? 1, keepRecent: opts.keepRecent ?? 0, chunkSize: opts.chunkSize ?? 64 },
    quiet,
    () => n.restored++,
  );
  return n;
}

/** Commits each change set as the next height, a snapshot after each as the node would take it. */
async function commitAll(n: Node, blocks: Array<Array<[Bytes, Bytes | undefined]>>): Promise<void> {
  for (const changes of blocks) {
    n.store.commit(n.store.lastHeight + 1, changes);
    n.snapshots.afterCommit(n.store.lastHeight);
    await n.snapshots.inProgress;
  }
}

function chunksOf(n: Node, snapshot: Snapshot): Buffer[] {
  return Array.from({ length: snapshot.chunks }, (_, i) =>
    Buffer.from(n.snapshots.loadSnapshotChunk({ height: snapshot.height, format: snapshot.format, chunk: i }).chunk),
  );
}

/** A node's latest snapshot, its chunks and the app hash a light client would trust for it. */
async function served(blocks: Array<Array<[Bytes, Bytes | undefined]>>, chunkSize = 64) {
  const source = node({ chunkSize });
  await commitAll(source, blocks);
  const snapshot = source.snapshots.listSnapshots().snapshots.at(-1)!;
  return { source, snapshot, chunks: chunksOf(source, snapshot), appHash: source.store.lastAppHash };
}

function expectEmpty(n: Node): void {
  expect(n.store.lastHeight).toBe(0);
  expect(n.store.iterate(new Uint8Array())).toEqual([]);
  expect(n.restored).toBe(0);
}

const state = (count: number): Array<[Bytes, Bytes]> =>
  Array.from({ length: count }, (_, i): [Bytes, Bytes] => [b(`key/${String(i).padStart(4, "0")}`), b(`value ${i} `.repeat(1 + (i % 5)))]);

function applyAll(target: Node, chunks: Buffer[], sender = "peer") {
  return chunks.map((chunk, index) => target.snapshots.applySnapshotChunk({ index, chunk, sender }).result);
}

describe("state sync snapshots: serving", () => {
  test("a snapshot restores into an empty store with the same root and entries", async () => {
    const { source, snapshot, chunks, appHash } = await served([state(40), [[b("key/0003"), undefined], [b("extra"), b("")]]]);
    expect(snapshot.height).toBe(2n);
    expect(snapshot.format).toBe(SNAPSHOT_FORMAT);
    expect(snapshot.chunks).toBeGreaterThan(3);
    const target = node({ interval: 0 });
    expect(target.snapshots.offerSnapshot({ snapshot, appHash }).result).toBe(Offer.ACCEPT);
    expect(applyAll(target, chunks)).toEqual(chunks.map(() => Apply.ACCEPT));
    expect(target.store.lastHeight).toBe(2);
    expect(Buffer.from(target.store.lastAppHash)).toEqual(Buffer.from(appHash));
    expect(target.store.iterate(new Uint8Array())).toEqual(source.store.iterate(new Uint8Array()));
    expect(target.store.get(b("extra"))).toEqual(Buffer.alloc(0));
    expect(target.restored).toBe(1);
    // A restored node starts its history at the snapshot.
    expect(target.store.earliestHeight).toBe(2);
    expect(() => target.store.getAt(b("key/0001"), 1)).toThrow(/pruned/);
    // It continues like the source: the next block gives both the same root.
    const next: Array<[Bytes, Bytes | undefined]> = [[b("key/0010"), b("changed")]];
    expect(Buffer.from(target.store.commit(3, next))).toEqual(Buffer.from(source.store.commit(3, next)));
  });

  test("written from the committed height even while later blocks commit during it", async () => {
    const source = node({ chunkSize: 512 });
    source.store.commit(1, state(1500));
    const atOne = source.store.lastAppHash;
    const entriesAtOne = source.store.iterate(new Uint8Array());
    source.snapshots.afterCommit(1);
    const writing = source.snapshots.inProgress;
    expect(writing).toBeDefined();
    // The snapshot yields to the event loop between batches: commits land in the middle of it.
    for (let h = 2; h <= 4; h++) {
      await new Promise((resolve) => setImmediate(resolve));
      source.store.commit(h, [[b("key/0000"), b(`at ${h}`)], [b(`late/${h}`), b("x")], [b("key/1499"), undefined]]);
    }
    let finished = false;
    void writing?.then(() => (finished = true));
    await Promise.resolve();
    expect(finished).toBe(false);
    await writing;
    const [snapshot] = source.snapshots.listSnapshots().snapshots;
    expect(snapshot.height).toBe(1n);
    const target = node({ interval: 0 });
    expect(target.snapshots.offerSnapshot({ snapshot, appHash: atOne }).result).toBe(Offer.ACCEPT);
    expect(applyAll(target, chunksOf(source, snapshot)).every((r) => r === Apply.ACCEPT)).toBe(true);
    const hex = (entries: Array<[Bytes, Bytes]>) => entries.map(([k, v]) => `${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
    expect(hex(target.store.iterate(new Uint8Array()))).toEqual(hex(entriesAtOne));
  });

  test("keeps the last K, and a restart lists them and drops an interrupted one", async () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const source = node({ interval: 2, keepRecent: 2 }, tmp.dir);
    await commitAll(source, Array.from({ length: 9 }, (_, i) => [[b(`k${i}`), b(`v${i}`)]]));
    expect(source.snapshots.listSnapshots().snapshots.map((s) => s.height)).toEqual([6n, 8n]);
    expect(readdirSync(path.join(tmp.dir, "snapshots")).sort()).toEqual(["6", "8"]);
    const listed = source.snapshots.listSnapshots();
    source.close();
    mkdirSync(path.join(tmp.dir, "snapshots", "tmp-10"));
    mkdirSync(path.join(tmp.dir, "snapshots", "12"));
    const again = node({ interval: 2, keepRecent: 2 }, tmp.dir);
    expect(again.snapshots.listSnapshots()).toEqual(listed);
    expect(existsSync(path.join(tmp.dir, "snapshots", "tmp-10"))).toBe(false);
    expect(existsSync(path.join(tmp.dir, "snapshots", "12"))).toBe(false);
    again.close();
  });

  test("interval 0 takes none; unknown heights, formats and chunks load as empty", async () => {
    const off = node({ interval: 0 });
    await commitAll(off, [state(3)]);
    expect(off.snapshots.listSnapshots().snapshots).toEqual([]);
    const { source, snapshot } = await served([state(3)]);
    for (const req of [
      { height: 2n, format: 1, chunk: 0 },
      { height: 1n, format: 2, chunk: 0 },
      { height: 1n, format: 1, chunk: snapshot.chunks },
    ]) {
      expect(source.snapshots.loadSnapshotChunk(req).chunk).toHaveLength(0);
    }
  });
});

describe("state sync snapshots: attacks on a restoring node (each refused, nothing written)", () => {
  test("a chunk with a flipped byte is refetched from another peer and its sender rejected", async () => {
    const { snapshot, chunks, appHash } = await served([state(30)]);
    const target = node({ interval: 0 });
    target.snapshots.offerSnapshot({ snapshot, appHash });
    expect(target.snapshots.applySnapshotChunk({ index: 0, chunk: chunks[0], sender: "good" }).result).toBe(Apply.ACCEPT);
    const flipped = Buffer.from(chunks[1]);
    flipped[5] ^= 0x01;
    expect(target.snapshots.applySnapshotChunk({ index: 1, chunk: flipped, sender: "liar" })).toEqual({
      result: Apply.RETRY,
      refetchChunks: [1],
      rejectSenders: ["liar"],
    });
    expectEmpty(target);
    // The genuine chunk from another peer goes on from there.
    for (let i = 1; i < chunks.length; i++) expect(target.snapshots.applySnapshotChunk({ index: i, chunk: chunks[i], sender: "good" }).result).toBe(Apply.ACCEPT);
    expect(Buffer.from(target.store.lastAppHash)).toEqual(Buffer.from(appHash));
  });

  test("a flipped byte in the last chunk, and an oversized chunk, write nothing", async () => {
    const { snapshot, chunks, appHash } = await served([state(30)]);
    const target = node({ interval: 0 });
    target.snapshots.offerSnapshot({ snapshot, appHash });
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) target.snapshots.applySnapshotChunk({ index: i, chunk: chunks[i], sender: "p" });
    const flipped = Buffer.from(chunks[last]);
    flipped[flipped.length - 1] ^= 0x80;
    expect(target.snapshots.applySnapshotChunk({ index: last, chunk: flipped, sender: "p" }).result).toBe(Apply.RETRY);
    expect(target.snapshots.applySnapshotChunk({ index: last, chunk: Buffer.alloc(17_000_000), sender: "p" }).result).toBe(Apply.RETRY);
    expectEmpty(target);
  });

  test("chunks out of order or swapped are refused; a repeated verified chunk is not read twice", async () => {
    const { snapshot, chunks, appHash } = await served([state(30)]);
    const target = node({ interval: 0 });
    target.snapshots.offerSnapshot({ snapshot, appHash });
    // Chunk 0's bytes sent as chunk 1: its hash is not chunk 1's.
    target.snapshots.applySnapshotChunk({ index: 0, chunk: chunks[0], sender: "p" });
    expect(target.snapshots.applySnapshotChunk({ index: 1, chunk: chunks[0], sender: "p" }).result).toBe(Apply.RETRY);
    // The same chunk 0 again (a refetch) is accepted once more but not appended again.
    expect(target.snapshots.applySnapshotChunk({ index: 0, chunk: chunks[0], sender: "p" }).result).toBe(Apply.ACCEPT);
    // A genuine chunk 2 before chunk 1: the snapshot restarts from the offer.
    expect(target.snapshots.applySnapshotChunk({ index: 2, chunk: chunks[2], sender: "p" }).result).toBe(Apply.RETRY_SNAPSHOT);
    expect(target.snapshots.applySnapshotChunk({ index: 1, chunk: chunks[1], sender: "p" }).result).toBe(Apply.ABORT);
    expectEmpty(target);
    // Offered again, in order, it restores.
    target.snapshots.offerSnapshot({ snapshot, appHash });
    expect(applyAll(target, chunks).every((r) => r === Apply.ACCEPT)).toBe(true);
    expect(Buffer.from(target.store.lastAppHash)).toEqual(Buffer.from(appHash));
  });

  test("a snapshot whose content is not the trusted app hash is rejected after its last chunk", async () => {
    const { snapshot, chunks } = await served([state(30)]);
    const other = await served([state(31)]);
    const target = node({ interval: 0 });
    // Self-consistent chunks and metadata, but another state than the one the light client verified.
    expect(target.snapshots.offerSnapshot({ snapshot, appHash: other.appHash }).result).toBe(Offer.ACCEPT);
    const results = applyAll(target, chunks);
    expect(results.slice(0, -1).every((r) => r === Apply.ACCEPT)).toBe(true);
    expect(results.at(-1)).toBe(Apply.REJECT_SNAPSHOT);
    expectEmpty(target);
    // A forged state (one value changed) with its own valid metadata: same outcome.
    const forged = forge([...state(30)].map(([k, v], i): [Bytes, Bytes] => [k, i === 7 ? b("stolen") : v]), snapshot.height);
    const real = await served([state(30)]);
    target.snapshots.offerSnapshot({ snapshot: forged.snapshot, appHash: real.appHash });
    expect(applyAll(target, forged.chunks).at(-1)).toBe(Apply.REJECT_SNAPSHOT);
    expectEmpty(target);
  });

  test("streams format 1 cannot produce (repeated or unordered entries, truncated entries, bad key lengths) are rejected", async () => {
    const target = node({ interval: 0 });
    const entries = state(4);
    const cases: Buffer[] = [
      stream([entries[0], entries[1], entries[1], entries[2]]),
      stream([entries[1], entries[0]]),
      stream(entries).subarray(0, -3),
      Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])]),
      Buffer.concat([Buffer.from([0, 0, 0x10, 0]), Buffer.alloc(4096)]),
    ];
    for (const bytes of cases) {
      const chunks = [bytes.subarray(0, 20), bytes.subarray(20)].filter((c) => c.length > 0);
      const hashes = chunks.map((c) => sha256(c));
      const metadata = encodeMetadata(hashes);
      const snapshot = { height: 5n, format: 1, chunks: chunks.length, hash: sha256(metadata), metadata };
      expect(target.snapshots.offerSnapshot({ snapshot, appHash: referenceRoot(entries) }).result).toBe(Offer.ACCEPT);
      expect(applyAll(target, chunks)).toContain(Apply.REJECT_SNAPSHOT);
      expectEmpty(target);
    }
  });

  test("malformed, oversized or unknown-format offers and huge chunk counts are refused before anything is fetched", async () => {
    const { snapshot, appHash } = await served([state(10)]);
    const target = node({ interval: 0 });
    const offer = (patch: Partial<Snapshot>, hash: Bytes = appHash) => target.snapshots.offerSnapshot({ snapshot: { ...snapshot, ...patch }, appHash: hash }).result;
    expect(offer({ format: 2 })).toBe(Offer.REJECT_FORMAT);
    expect(offer({ format: 0 })).toBe(Offer.REJECT_FORMAT);
    expect(offer({ height: 0n })).toBe(Offer.REJECT);
    expect(offer({ height: 1n << 60n })).toBe(Offer.REJECT);
    expect(offer({ chunks: 0, metadata: Buffer.alloc(0), hash: sha256(Buffer.alloc(0)) })).toBe(Offer.REJECT);
    expect(offer({ metadata: Buffer.concat([snapshot.metadata, Buffer.alloc(1)]) })).toBe(Offer.REJECT);
    expect(offer({ hash: Buffer.alloc(32) })).toBe(Offer.REJECT);
    const big = Buffer.alloc(10_000_000, 7);
    expect(offer({ metadata: big, hash: sha256(big) })).toBe(Offer.REJECT);
    const huge = Buffer.alloc((MAX_CHUNKS + 1) * 32, 1);
    expect(offer({ chunks: MAX_CHUNKS + 1, metadata: huge, hash: sha256(huge) })).toBe(Offer.REJECT);
    expect(offer({ chunks: 0xffffffff })).toBe(Offer.REJECT);
    expect(offer({}, appHash.subarray(0, 31))).toBe(Offer.REJECT);
    expect(target.snapshots.offerSnapshot({ appHash }).result).toBe(Offer.REJECT);
    // Nothing offered (every offer above was refused): chunks are not taken.
    expect(target.snapshots.applySnapshotChunk({ index: 0, chunk: Buffer.alloc(1), sender: "p" }).result).toBe(Apply.ABORT);
    expectEmpty(target);
  });

  test("a node that already has state refuses every offer", async () => {
    const { snapshot, appHash } = await served([state(10)]);
    const full = node({ interval: 0 });
    await commitAll(full, [[[b("mine"), b("1")]]]);
    expect(full.snapshots.offerSnapshot({ snapshot, appHash }).result).toBe(Offer.ABORT);
    expect(full.store.iterate(new Uint8Array())).toEqual([[b("mine"), b("1")]]);
  });
});

describe("state sync snapshots: property", () => {
  const key = fc.uint8Array({ minLength: 1, maxLength: 40 });
  const value = fc.uint8Array({ minLength: 0, maxLength: 120 });
  const block = fc.array(fc.tuple(key, fc.option(value, { nil: undefined, freq: 4 })), { maxLength: 30 });

  test("random histories: snapshot then restore into a fresh store gives the same app hash and entries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 300 }), async (blocks, chunkSize) => {
        const source = node({ chunkSize });
        const target = node({ interval: 0 });
        try {
          await commitAll(source, blocks as Array<Array<[Bytes, Bytes | undefined]>>);
          const snapshot = source.snapshots.listSnapshots().snapshots.at(-1)!;
          const entries = source.store.iterate(new Uint8Array());
          expect(Buffer.from(source.store.lastAppHash)).toEqual(referenceRoot(entries));
          expect(target.snapshots.offerSnapshot({ snapshot, appHash: source.store.lastAppHash }).result).toBe(Offer.ACCEPT);
          expect(applyAll(target, chunksOf(source, snapshot)).every((r) => r === Apply.ACCEPT)).toBe(true);
          expect(target.store.lastHeight).toBe(blocks.length);
          expect(Buffer.from(target.store.lastAppHash)).toEqual(Buffer.from(source.store.lastAppHash));
          expect(target.store.iterate(new Uint8Array())).toEqual(entries);
        } finally {
          source.close();
          target.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});

/** The format-1 stream of entries (already in key order or deliberately not). */
function stream(entries: Array<[Bytes, Bytes]>): Buffer {
  return Buffer.concat(
    entries.flatMap(([k, v]) => {
      const kl = Buffer.alloc(4);
      kl.writeUInt32BE(k.length);
      const vl = Buffer.alloc(4);
      vl.writeUInt32BE(v.length);
      return [kl, Buffer.from(k), vl, Buffer.from(v)];
    }),
  );
}

/** An attacker's own snapshot of a state of its choosing, with metadata that matches its chunks. */
function forge(entries: Array<[Bytes, Bytes]>, height: bigint): { snapshot: Snapshot; chunks: Buffer[] } {
  const writer = new ChunkWriter(64);
  const chunks = [...entries.sort(([x], [y]) => Buffer.compare(x, y)).flatMap(([k, v]) => writer.push(k, v)), ...writer.finish()];
  const metadata = encodeMetadata(chunks.map((c) => sha256(c)));
  return { snapshot: { height, format: SNAPSHOT_FORMAT, chunks: chunks.length, hash: sha256(metadata), metadata }, chunks };
}
