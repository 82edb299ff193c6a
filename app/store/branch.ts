import { byteString, compareBytes, startsWith } from "./bytes";
import { CommitStore } from "./commit-store";
import { assertIterateOptions, assertKey, assertValue } from "./validate";
import type { Bytes, IterateOptions, KVReader, KVStore } from "./types";

/** undefined value = deleted in this branch. */
type Write = [key: Bytes, value: Bytes | undefined];
/** New keys kept out of the sorted order (and filtered linearly) before they are merged into it. */
const PENDING_LIMIT = 256;

function isKVStore(r: KVReader): r is KVStore {
  const s = r as Partial<KVStore>;
  return typeof s.set === "function" && typeof s.delete === "function";
}

/**
 * A cache layer over a reader: reads fall through to the parent, writes stay here until write() or until
 * the branch is dropped (which discards them). Keys and values are copied on the way in, so a caller
 * reusing its buffers cannot change what was written.
 */
export class Branch implements KVStore {
  private readonly writes = new Map<string, Write>();
  /**
   * Writes in key order, plus keys first written since that order was last brought up to date. A block's
   * branch takes thousands of writes interleaved with its txs' iterations; re-sorting everything after each
   * write made that quadratic. An overwrite updates its entry in place, so only new keys wait in `pending`.
   */
  private sorted: Write[] = [];
  private pending: Write[] = [];

  constructor(private readonly parent: KVReader) {}

  get(key: Bytes): Bytes | undefined {
    return this.lookup(byteString(key), key);
  }

  has(key: Bytes): boolean {
    return this.present(byteString(key), key);
  }

  /** A read falls through a stack of branches (a tx's over the block's) with the map id made once, at the top. */
  private lookup(id: string, key: Bytes): Bytes | undefined {
    const w = this.writes.get(id);
    if (w !== undefined) return w[1];
    if (this.parent instanceof Branch) return this.parent.lookup(id, key);
    return this.parent instanceof CommitStore ? this.parent.read(id, key) : this.parent.get(key);
  }

  private present(id: string, key: Bytes): boolean {
    const w = this.writes.get(id);
    if (w !== undefined) return w[1] !== undefined;
    return this.parent instanceof Branch ? this.parent.present(id, key) : this.parent.has(key);
  }

  set(key: Bytes, value: Bytes): void {
    assertKey(key);
    assertValue(value);
    this.put(byteString(key), key, Buffer.from(value), false);
  }

  delete(key: Bytes): void {
    assertKey(key);
    this.put(byteString(key), key, undefined, false);
  }

  iterate(prefix: Bytes, opts?: IterateOptions): Array<[Bytes, Bytes]> {
    assertIterateOptions(opts);
    const reverse = opts?.reverse ?? false;
    const limit = opts?.limit;
    const start = opts?.start?.length ? opts.start : undefined;
    let own = this.ownRange(prefix);
    if (start !== undefined) own = own.filter(([key]) => (reverse ? compareBytes(key, start) <= 0 : compareBytes(key, start) >= 0));
    if (reverse) own.reverse();
    // Each own write hides or replaces at most one parent entry, so this many parent entries always suffice.
    const parentLimit = limit === undefined ? undefined : limit + own.length;
    const inherited = this.parent.iterate(prefix, { reverse, limit: parentLimit, start });

    const out: Array<[Bytes, Bytes]> = [];
    const direction = reverse ? -1 : 1;
    let i = 0;
    let j = 0;
    while ((limit === undefined || out.length < limit) && (i < own.length || j < inherited.length)) {
      const order =
        i === own.length ? 1 : j === inherited.length ? -1 : direction * compareBytes(own[i][0], inherited[j][0]);
      if (order > 0) {
        out.push(inherited[j++]);
        continue;
      }
      const [key, value] = own[i++];
      if (order === 0) j++;
      if (value !== undefined) out.push([key, value]);
    }
    return out;
  }

  /** Push this branch's writes into its parent (which must be a KVStore) and start empty again. */
  write(): void {
    const parent = this.parent;
    if (parent instanceof Branch) {
      // A tx's branches are written into the block's or the mempool's several times per tx: the keys and values
      // here are this branch's own checked copies, and it forgets them now, so the parent takes them as they are.
      for (const [id, [key, value]] of this.writes) parent.put(id, key, value, true);
    } else {
      if (!isKVStore(parent)) throw new Error("Branch.write: the parent is read-only; commit changes() instead");
      for (const [key, value] of this.changes()) {
        if (value === undefined) parent.delete(key);
        else parent.set(key, value);
      }
    }
    this.writes.clear();
    this.sorted = [];
    this.pending = [];
  }

  /** This branch's own writes in bytewise key order; value undefined = delete. */
  changes(): Array<[Bytes, Bytes | undefined]> {
    return this.sortedWrites().map(([k, v]) => [k, v]);
  }

  get size(): number {
    return this.writes.size;
  }

  /** `id` is byteString(key); an `owned` key is a copy no caller holds, kept without copying again. */
  private put(id: string, key: Bytes, value: Bytes | undefined, owned: boolean): void {
    const existing = this.writes.get(id);
    if (existing) {
      existing[1] = value;
      return;
    }
    const write: Write = [owned ? key : Buffer.from(key), value];
    this.writes.set(id, write);
    this.pending.push(write);
  }

  private sortedWrites(): Write[] {
    if (this.pending.length > 0) {
      const fresh = this.pending.sort((a, b) => compareBytes(a[0], b[0]));
      const merged: Write[] = [];
      let i = 0;
      let j = 0;
      while (i < this.sorted.length || j < fresh.length) {
        if (j === fresh.length || (i < this.sorted.length && compareBytes(this.sorted[i][0], fresh[j][0]) < 0)) merged.push(this.sorted[i++]);
        else merged.push(fresh[j++]);
      }
      this.sorted = merged;
      this.pending = [];
    }
    return this.sorted;
  }

  /**
   * Own writes under prefix, ascending; a binary search finds the first so a small prefix stays cheap. New keys
   * are merged into the order only once there are many of them: until then they are filtered by prefix.
   */
  private ownRange(prefix: Bytes): Write[] {
    const recent = this.pending.length <= PENDING_LIMIT ? this.pending.filter((w) => startsWith(w[0], prefix)) : undefined;
    const all = recent === undefined ? this.sortedWrites() : this.sorted;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(all[mid][0], prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: Write[] = [];
    for (let i = lo; i < all.length && startsWith(all[i][0], prefix); i++) out.push(all[i]);
    if (recent === undefined || recent.length === 0) return out;
    return [...out, ...recent].sort((a, b) => compareBytes(a[0], b[0]));
  }
}
