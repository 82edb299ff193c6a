// Cosmos-style pagination (cosmos.base.query.v1beta1.PageRequest) over one store prefix, for every list query.
// Key-based: next_key is the store key (without the prefix) of the first entry of the next page, read with the
// store's `start` bound so a page reads only itself. Offset-based: skips `offset` matching entries. Reads go in
// chunks, so neither a page nor a count ever holds the whole prefix in memory.
import { ErrInvalidRequest } from "./errors";
import { type Bytes, type KVReader, MAX_KEY_LENGTH } from "./store/types";

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
/** Offsets walk the prefix entry by entry; beyond this a client must page by key. */
export const MAX_PAGE_OFFSET = 100_000;
/** A filtered page stops after reading this many entries and hands back a next_key to go on from. */
export const MAX_PAGE_SCAN = 10_000;

/** Both cosmjs-types' PageRequest (bigint) and protobufjs's (number) fit. */
export interface PageRequestLike {
  key?: Uint8Array | null;
  offset?: number | bigint | null;
  limit?: number | bigint | null;
  countTotal?: boolean | null;
  reverse?: boolean | null;
}

export interface Page<T> {
  items: T[];
  /** Empty when there is nothing after this page. */
  nextKey: Uint8Array;
  /** Matching entries in the whole prefix when count_total was asked (offset paging only, as in the SDK); else 0. */
  total: number;
}

/** Returns the item for an entry, or undefined to leave the entry out (a filter). */
export type PageDecoder<T> = (keyAfterPrefix: Bytes, value: Bytes) => T | undefined;

function bounded(value: number | bigint | null | undefined, name: string, max: number): number {
  const n = value === null || value === undefined ? 0n : BigInt(value);
  if (n < 0n) throw ErrInvalidRequest.wrap(`pagination ${name} must not be negative`);
  return n > BigInt(max) ? max : Number(n);
}

export function paginate<T>(state: KVReader, prefix: Bytes, request: PageRequestLike | null | undefined, decode: PageDecoder<T>): Page<T> {
  const key = request?.key ?? new Uint8Array();
  const reverse = request?.reverse === true;
  const limit = bounded(request?.limit, "limit", MAX_PAGE_LIMIT) || DEFAULT_PAGE_LIMIT;
  const rawOffset = request?.offset === null || request?.offset === undefined ? 0n : BigInt(request.offset);
  if (rawOffset > BigInt(MAX_PAGE_OFFSET)) throw ErrInvalidRequest.wrap(`pagination offset ${rawOffset} is above ${MAX_PAGE_OFFSET}: page by next_key`);
  const offset = bounded(rawOffset, "offset", MAX_PAGE_OFFSET);
  if (key.length > 0 && offset > 0) throw ErrInvalidRequest.wrap("pagination takes either offset or key, not both");

  const items: T[] = [];
  let start: Bytes | undefined = key.length > 0 ? Buffer.concat([prefix, key]) : undefined;
  let skipped = 0;
  let scanned = 0;
  const chunk = limit + 1;
  for (;;) {
    const entries = state.iterate(prefix, { reverse, limit: chunk, start });
    for (let i = 0; i < entries.length; i++) {
      const [entryKey, value] = entries[i];
      const suffix = entryKey.subarray(prefix.length);
      if (items.length === limit || scanned === MAX_PAGE_SCAN + offset) return { items, nextKey: Uint8Array.from(suffix), total: countTotal() };
      scanned += 1;
      const item = decode(suffix, value);
      if (item === undefined) continue;
      if (skipped < offset) skipped += 1;
      else items.push(item);
    }
    if (entries.length < chunk) return { items, nextKey: new Uint8Array(), total: countTotal() };
    start = successor(entries[entries.length - 1][0], reverse);
    if (start === undefined) return { items, nextKey: new Uint8Array(), total: countTotal() };
  }

  function countTotal(): number {
    if (request?.countTotal !== true || key.length > 0) return 0;
    let total = 0;
    let from: Bytes | undefined;
    for (;;) {
      const entries = state.iterate(prefix, { limit: MAX_PAGE_LIMIT, start: from });
      for (const [entryKey, value] of entries) if (decode(entryKey.subarray(prefix.length), value) !== undefined) total += 1;
      if (entries.length < MAX_PAGE_LIMIT) return total;
      from = successor(entries[entries.length - 1][0], false);
      if (from === undefined) return total;
    }
  }
}

/**
 * The nearest key after `key` in the direction of travel: key ‖ 0x00 going up; going down, the key with its
 * last byte decremented and padded with 0xff up to the longest key, which sorts just below `key`.
 */
export function successor(key: Bytes, reverse: boolean): Bytes | undefined {
  if (!reverse) return Buffer.concat([key, Uint8Array.of(0)]);
  if (key.length === 0) return undefined;
  const last = key[key.length - 1];
  if (last === 0) return Uint8Array.from(key.subarray(0, key.length - 1));
  const out = Buffer.alloc(MAX_KEY_LENGTH, 0xff);
  Buffer.from(key).copy(out);
  out[key.length - 1] = last - 1;
  return out;
}

/** The PageResponse fields of a page, for optchain's generated (protobufjs) PageResponse. */
export const pageResponse = (page: Page<unknown>) => ({ nextKey: page.nextKey, total: page.total });

/** The same for cosmjs-types' PageResponse, whose total is a bigint. */
export const cosmosPageResponse = (page: Page<unknown>) => ({ nextKey: page.nextKey, total: BigInt(page.total) });

/**
 * Pages a list built in memory (a list bounded by params, or derived from several stores), sorted by `keyOf`,
 * with the same key semantics as `paginate`.
 */
export function paginateList<T>(items: T[], keyOf: (item: T) => Bytes, request: PageRequestLike | null | undefined): Page<T> {
  const byKey = new Map<string, T>();
  const entries: Array<[Bytes, Bytes]> = [];
  for (const item of items) {
    const itemKey = keyOf(item);
    byKey.set(Buffer.from(itemKey).toString("latin1"), item);
    entries.push([itemKey, new Uint8Array()]);
  }
  entries.sort(([a], [b]) => Buffer.compare(a, b));
  const reader: KVReader = {
    get: () => undefined,
    has: () => false,
    iterate: (_prefix, opts) => {
      const ordered = opts?.reverse ? [...entries].reverse() : entries;
      const from = opts?.start;
      const after = from === undefined ? ordered : ordered.filter(([k]) => (opts?.reverse ? Buffer.compare(k, from) <= 0 : Buffer.compare(k, from) >= 0));
      return opts?.limit === undefined ? after : after.slice(0, opts.limit);
    },
  };
  return paginate(reader, new Uint8Array(), request, (itemKey) => byKey.get(Buffer.from(itemKey).toString("latin1")));
}
