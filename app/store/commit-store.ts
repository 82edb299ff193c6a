// The committed, versioned, Merkleised state, persisted in one lmdb environment with five sub-databases:
//
//   state    key → value                                  latest committed values
//   leaves   sha256(k) → leaf hash (32) ‖ k                the tree's input, grouped by bucket (2-byte prefix)
//   history  uint32be(len k) ‖ k ‖ uint64be(h) → flag ‖ v  every version (flag 1 = present, 0 = deleted);
//                                                          the length prefix keeps k's versions contiguous
//                                                          even when k is a prefix of another key
//   changed  uint64be(h) → (uint32be(len k) ‖ k)*          keys whose value changed at h, for pruning
//   meta     "height" | "appHash" | "earliest"             what the data above is the state of
//
// A commit writes all five in one synchronous lmdb transaction, so after a crash at any point the files hold
// either the previous height or the new one, with a matching app hash. The inner tree nodes are not stored:
// they are rebuilt from `leaves` on open and checked against the stored app hash.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { open } from "lmdb";
import type { Database, RootDatabase } from "lmdb";
import { byteString, bytesEqual, compareBytes, prefixEnd, readUint64be, toHex, uint32be, uint64be } from "./bytes";
import { BUCKET_COUNT, HASH_LENGTH, bucketHash, bucketOf, leafHash, sha256 } from "./merkle";
import type { BucketEntry } from "./merkle";
import { EMPTY_ROOT, encodeProof } from "./proof";
import { BucketTree } from "./tree";
import type { Overlay } from "./tree";
import { assertIterateOptions, assertKey, assertValue, isStorableKey } from "./validate";
import type { Bytes, IterateOptions, KVReader } from "./types";

export interface CommitStoreOptions {
  /** Versions to keep for getAt; 0 = keep all (the default). */
  keepRecent?: number;
}

type Db = Database<Bytes, Bytes>;
type Change = [key: Bytes, value: Bytes | undefined];

const META_HEIGHT = Buffer.from("height");
const META_APP_HASH = Buffer.from("appHash");
const META_EARLIEST = Buffer.from("earliest");
const PRESENT = 1;
/** CommitStore.latest's bound: far above the distinct keys a block's txs read, at a few MB. */
const LATEST_READS_KEPT = 100_000;
const DELETED = 0;

/** A change that alters the state; changes that rewrite the same value or delete an absent key are dropped. */
interface Effective {
  key: Bytes;
  keyHash: Bytes;
  /** undefined = delete. */
  put: { value: Bytes; leaf: Bytes } | undefined;
}

/** The outcome of applying one change set to the committed state, kept from computeRoot for commit. */
interface Prepared {
  baseHeight: number;
  changes: Change[];
  effective: Effective[];
  overlay: Overlay;
  root: Bytes;
}

export class CommitStore implements KVReader {
  private height: number;
  private appHash: Bytes;
  private earliest: number;
  private pending: Prepared | undefined;
  /**
   * The latest committed value of each key read since the last commit (null: absent). Every tx of a block reads
   * the same keys that no tx writes (params, the fee collector's account, breakers), each read an lmdb lookup and
   * a copy. The state changes only in persist, which empties this, so an entry always equals what lmdb holds and
   * cannot change an answer. Emptied when full, so it stays bounded however many keys a block reads.
   */
  private readonly latest = new Map<string, Bytes | null>();

  private constructor(
    private readonly env: RootDatabase,
    private readonly state: Db,
    private readonly leaves: Db,
    private readonly history: Db,
    private readonly changed: Db,
    private readonly meta: Db,
    private readonly tree: BucketTree,
    private readonly keepRecent: number,
  ) {
    this.height = readHeight(meta, META_HEIGHT) ?? 0;
    this.appHash = meta.get(META_APP_HASH) ?? Buffer.from(EMPTY_ROOT);
    this.earliest = readHeight(meta, META_EARLIEST) ?? 0;
  }

  static open(dir: string, opts: CommitStoreOptions = {}): CommitStore {
    const keepRecent = opts.keepRecent ?? 0;
    if (!Number.isSafeInteger(keepRecent) || keepRecent < 0) {
      throw new RangeError(`keepRecent must be a non-negative integer, got ${keepRecent}`);
    }
    mkdirSync(dir, { recursive: true });
    // Default sync settings: a transactionSync is durable once it returns.
    const env = open({ path: join(dir, "store.mdb") });
    try {
      const db = (name: string): Db => env.openDB<Bytes, Bytes>(name, { keyEncoding: "binary", encoding: "binary" });
      const leaves = db("leaves");
      const store = new CommitStore(
        env,
        db("state"),
        leaves,
        db("history"),
        db("changed"),
        db("meta"),
        BucketTree.build(readBucketHashes(leaves)),
        keepRecent,
      );
      const rebuilt = store.tree.root();
      if (!bytesEqual(rebuilt, store.appHash)) {
        throw new Error(
          `store at ${dir} is inconsistent: leaves give root ${toHex(rebuilt)} but height ${store.height} ` +
            `committed ${toHex(store.appHash)}`,
        );
      }
      return store;
    } catch (e) {
      void env.close();
      throw e;
    }
  }

  get lastHeight(): number {
    return this.height;
  }

  get lastAppHash(): Bytes {
    return Buffer.from(this.appHash);
  }

  /** Oldest height getAt still answers. */
  get earliestHeight(): number {
    return this.earliest;
  }

  get(key: Bytes): Bytes | undefined {
    return this.read(byteString(key), key);
  }

  /** get, for a Branch above that has already made the key's id (byteString). */
  read(id: string, key: Bytes): Bytes | undefined {
    const known = this.latest.get(id);
    if (known !== undefined) return known ?? undefined;
    if (!isStorableKey(key)) return undefined;
    const value = this.state.get(key);
    if (this.latest.size >= LATEST_READS_KEPT) this.latest.clear();
    this.latest.set(id, value ?? null);
    return value;
  }

  has(key: Bytes): boolean {
    const known = this.latest.get(byteString(key));
    if (known !== undefined) return known !== null;
    return isStorableKey(key) && this.state.doesExist(key);
  }

  iterate(prefix: Bytes, opts?: IterateOptions): Array<[Bytes, Bytes]> {
    assertIterateOptions(opts);
    if (opts?.limit === 0) return [];
    const end = prefixEnd(prefix);
    const first = prefix.length > 0 ? Buffer.from(prefix) : undefined;
    const from = opts?.start?.length ? opts.start : undefined;
    // lmdb ranges include start and exclude end, in the direction of travel, hence the flags when reversed.
    const limit = opts?.limit;
    let range;
    if (opts?.reverse) {
      if (from !== undefined && compareBytes(from, prefix) < 0) return [];
      const fromInside = from !== undefined && (end === undefined || compareBytes(from, end) < 0);
      range = fromInside
        ? this.state.getRange({ start: Buffer.from(from), end: first, reverse: true, inclusiveEnd: true, limit })
        : this.state.getRange({ start: end, end: first, reverse: true, exclusiveStart: true, inclusiveEnd: true, limit });
    } else {
      if (from !== undefined && end !== undefined && compareBytes(from, end) >= 0) return [];
      const lo = from !== undefined && compareBytes(from, prefix) > 0 ? Buffer.from(from) : first;
      range = this.state.getRange({ start: lo, end, limit });
    }
    return Array.from(range, ({ key, value }): [Bytes, Bytes] => [key, value]);
  }

  /** The value of key as of the end of height. */
  getAt(key: Bytes, height: number): Bytes | undefined {
    if (!Number.isSafeInteger(height) || height < 0) {
      throw new RangeError(`height must be a non-negative integer, got ${height}`);
    }
    if (height > this.height) throw new Error(`height ${height} is not committed yet (last committed ${this.height})`);
    if (height < this.earliest) throw new Error(`height ${height} is pruned (earliest available ${this.earliest})`);
    if (!isStorableKey(key)) return undefined;
    const prefix = historyPrefix(key);
    // The newest version at or below height: a reverse scan from (key, height) down to, not into, other keys.
    const start = Buffer.concat([prefix, uint64be(height)]);
    const [latest] = this.history.getRange({ start, end: prefix, reverse: true, limit: 1 });
    return latest?.value[0] === PRESENT ? latest.value.subarray(1) : undefined;
  }

  /**
   * The root after applying changes (in order; a later change to a key wins) to the latest committed state.
   * Persists nothing; the work is kept for a commit of the same changes.
   */
  computeRoot(changes: Array<[Bytes, Bytes | undefined]>): Bytes {
    this.pending = this.prepare(changes);
    return Buffer.from(this.pending.root);
  }

  /** Persist changes as height (which must be lastHeight + 1) atomically with the new root, then prune. */
  commit(height: number, changes: Array<[Bytes, Bytes | undefined]>): Bytes {
    if (height !== this.height + 1) {
      throw new Error(`commit height ${height} does not follow last committed height ${this.height}`);
    }
    return this.persist(height, this.prepare(changes), undefined);
  }

  /**
   * Fills an empty store with a state sync snapshot: entries (the whole state at height) are committed as that
   * height only if their root is appHash, the hash a light client verified; otherwise nothing is written.
   */
  restore(height: number, entries: Array<[Bytes, Bytes]>, appHash: Bytes): void {
    if (!Number.isSafeInteger(height) || height < 1) throw new RangeError(`restore height must be a positive integer, got ${height}`);
    if (this.height !== 0 || this.state.getKeysCount() > 0) throw new Error(`restore needs an empty store, this one is at height ${this.height}`);
    const p = this.prepare(entries);
    if (!bytesEqual(p.root, appHash)) throw new Error(`snapshot entries give root ${toHex(p.root)}, not the trusted app hash ${toHex(appHash)}`);
    // Versions before the snapshot were never here: queries below it answer "pruned".
    this.persist(height, p, height);
  }

  /**
   * A consistent view of the last committed state for a snapshot taken while blocks keep committing: one lmdb
   * read transaction holds height, app hash and every entry as they were, whatever commits meanwhile. done()
   * must be called, or lmdb cannot reuse the pages later commits free.
   */
  exportView(): { height: number; appHash: Bytes; entries: Iterable<[Bytes, Bytes]>; done: () => void } {
    const transaction = this.env.useReadTransaction();
    const height = this.meta.get(META_HEIGHT, { transaction });
    const appHash = this.meta.get(META_APP_HASH, { transaction });
    const range = this.state.getRange({ transaction });
    return {
      height: height === undefined ? 0 : readUint64be(height),
      appHash: appHash === undefined ? Buffer.from(EMPTY_ROOT) : Buffer.from(appHash),
      entries: range.map(({ key, value }): [Bytes, Bytes] => [key, value]),
      done: () => transaction.done(),
    };
  }

  /** Writes a prepared change set as height; earliest is the new oldest readable height, or undefined to prune as configured. */
  private persist(height: number, p: Prepared, restoredEarliest: number | undefined): Bytes {
    let earliest = this.earliest;
    this.env.transactionSync(() => {
      const keyList: Bytes[] = [];
      for (const e of p.effective) {
        if (e.put === undefined) {
          this.state.removeSync(e.key);
          this.leaves.removeSync(e.keyHash);
          this.history.putSync(historyKey(e.key, height), Buffer.of(DELETED));
        } else {
          this.state.putSync(e.key, e.put.value);
          this.leaves.putSync(e.keyHash, Buffer.concat([e.put.leaf, e.key]));
          this.history.putSync(historyKey(e.key, height), Buffer.concat([Buffer.of(PRESENT), e.put.value]));
        }
        keyList.push(uint32be(e.key.length), e.key);
      }
      if (keyList.length > 0) this.changed.putSync(uint64be(height), Buffer.concat(keyList));
      earliest = restoredEarliest ?? this.prune(height);
      this.meta.putSync(META_HEIGHT, uint64be(height));
      this.meta.putSync(META_APP_HASH, p.root);
      this.meta.putSync(META_EARLIEST, uint64be(earliest));
    });
    this.latest.clear();
    this.tree.apply(p.overlay);
    this.height = height;
    this.appHash = p.root;
    this.earliest = earliest;
    this.pending = undefined;
    return Buffer.from(p.root);
  }

  /** Proof of key's presence (with its value) or absence against lastAppHash; see proof.ts for the layout. */
  prove(key: Bytes): { value: Bytes | undefined; proof: Bytes } {
    const keyHash = sha256(key);
    const bucket = bucketOf(keyHash);
    return {
      value: this.get(key),
      proof: encodeProof({ entries: this.bucketEntries(bucket), siblings: this.tree.siblings(bucket) }),
    };
  }

  close(): void {
    this.pending = undefined;
    void this.env.close();
  }

  /** Reuses computeRoot's work when it was for the same changes on the same committed state. */
  private prepare(changes: Array<[Bytes, Bytes | undefined]>): Prepared {
    const normal = normalize(changes);
    const cached = this.pending;
    if (cached !== undefined && cached.baseHeight === this.height && sameChanges(cached.changes, normal)) return cached;

    const byBucket = new Map<number, Array<{ key: Bytes; value: Bytes | undefined; keyHash: Bytes }>>();
    for (const [key, value] of normal) {
      const keyHash = sha256(key);
      const bucket = bucketOf(keyHash);
      let list = byBucket.get(bucket);
      if (list === undefined) byBucket.set(bucket, (list = []));
      list.push({ key, value, keyHash });
    }

    const effective: Effective[] = [];
    const bucketHashes: Array<[number, Bytes]> = [];
    for (const bucket of [...byBucket.keys()].sort((a, b) => a - b)) {
      const entries = new Map<string, BucketEntry>();
      for (const e of this.bucketEntries(bucket)) entries.set(byteString(e.keyHash), e);
      let touched = false;
      for (const c of byBucket.get(bucket) ?? []) {
        const id = byteString(c.keyHash);
        const before = entries.get(id)?.leaf;
        const put = c.value === undefined ? undefined : { value: c.value, leaf: leafHash(c.key, c.value) };
        if (put === undefined ? before === undefined : before !== undefined && bytesEqual(before, put.leaf)) continue;
        if (put === undefined) entries.delete(id);
        else entries.set(id, { keyHash: c.keyHash, leaf: put.leaf });
        effective.push({ key: c.key, keyHash: c.keyHash, put });
        touched = true;
      }
      if (!touched) continue;
      const sorted = [...entries.values()].sort((x, y) => compareBytes(x.keyHash, y.keyHash));
      bucketHashes.push([bucket, bucketHash(sorted)]);
    }
    // The loop above ran in bucket order; key order makes the state and history inserts sequential in lmdb.
    effective.sort((a, b) => compareBytes(a.key, b.key));
    const { root, overlay } = this.tree.withBuckets(bucketHashes);
    return { baseHeight: this.height, changes: normal, effective, overlay, root };
  }

  private bucketEntries(bucket: number): BucketEntry[] {
    const start = Buffer.of(bucket >> 8, bucket & 0xff);
    const end = bucket + 1 < BUCKET_COUNT ? Buffer.of((bucket + 1) >> 8, (bucket + 1) & 0xff) : undefined;
    return Array.from(
      this.leaves.getRange({ start, end }),
      ({ key, value }): BucketEntry => ({ keyHash: key, leaf: value.subarray(0, HASH_LENGTH) }),
    );
  }

  /**
   * Drop what getAt no longer needs once heights ≤ height − keepRecent are out of reach. For each key changed
   * at a pruned height p, the version at p stays (it answers reads at later heights until the key changes
   * again) but every older version goes, and so does p itself if it is a deletion, which reads the same as
   * no version. Runs inside the commit's transaction; returns the new earliest height.
   */
  private prune(height: number): number {
    if (this.keepRecent === 0 || height - this.keepRecent < this.earliest) return this.earliest;
    const newEarliest = height - this.keepRecent + 1;
    const pruned = Array.from(this.changed.getRange({ end: uint64be(newEarliest) }));
    for (const { key: heightKey, value: keyList } of pruned) {
      const p = readUint64be(heightKey);
      for (const key of decodeKeyList(keyList)) {
        const prefix = historyPrefix(key);
        const at = Buffer.concat([prefix, uint64be(p)]);
        const older = Array.from(this.history.getKeys({ start: prefix, end: at }));
        for (const k of older) this.history.removeSync(k);
        if (this.history.get(at)?.[0] === DELETED) this.history.removeSync(at);
      }
      this.changed.removeSync(heightKey);
    }
    return newEarliest;
  }
}

function readHeight(meta: Db, key: Bytes): number | undefined {
  const v = meta.get(key);
  return v === undefined ? undefined : readUint64be(v);
}

/** Non-empty buckets and their hashes, from one ordered scan (sha256(k) order groups keys by bucket). */
function* readBucketHashes(leaves: Db): Generator<[number, Bytes]> {
  let bucket = -1;
  let entries: BucketEntry[] = [];
  for (const { key, value } of leaves.getRange({})) {
    const b = bucketOf(key);
    if (b !== bucket) {
      if (entries.length > 0) yield [bucket, bucketHash(entries)];
      bucket = b;
      entries = [];
    }
    entries.push({ keyHash: key, leaf: value.subarray(0, HASH_LENGTH) });
  }
  if (entries.length > 0) yield [bucket, bucketHash(entries)];
}

/** Sorted, one change per key (the last given), keys and values copied so later caller writes cannot leak in. */
function normalize(changes: Array<[Bytes, Bytes | undefined]>): Change[] {
  const byKey = new Map<string, Change>();
  for (const [key, value] of changes) {
    assertKey(key);
    if (value !== undefined) assertValue(value);
    const k = Buffer.from(key);
    byKey.set(byteString(k), [k, value === undefined ? undefined : Buffer.from(value)]);
  }
  return [...byKey.values()].sort((a, b) => compareBytes(a[0], b[0]));
}

function sameChanges(a: Change[], b: Change[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [ka, va] = a[i];
    const [kb, vb] = b[i];
    if (!bytesEqual(ka, kb)) return false;
    if (va === undefined || vb === undefined ? va !== vb : !bytesEqual(va, vb)) return false;
  }
  return true;
}

function historyPrefix(key: Bytes): Buffer {
  return Buffer.concat([uint32be(key.length), key]);
}

function historyKey(key: Bytes, height: number): Buffer {
  return Buffer.concat([uint32be(key.length), key, uint64be(height)]);
}

function decodeKeyList(list: Bytes): Bytes[] {
  const view = Buffer.from(list.buffer, list.byteOffset, list.byteLength);
  const keys: Bytes[] = [];
  for (let at = 0; at < view.length; ) {
    const len = view.readUInt32BE(at);
    keys.push(view.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return keys;
}
