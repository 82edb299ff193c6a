export type Bytes = Uint8Array;

export interface KVReader {
  get(key: Bytes): Bytes | undefined;
  has(key: Bytes): boolean;
  /**
   * Entries whose key starts with prefix, in ascending bytewise key order (descending when reverse).
   * The result is a snapshot: callers collect first, then write to a Branch over this reader.
   */
  iterate(prefix: Bytes, opts?: IterateOptions): Array<[Bytes, Bytes]>;
}

export interface IterateOptions {
  reverse?: boolean;
  /** At most this many entries; a non-negative integer. */
  limit?: number;
  /**
   * First key to return, inclusive, in the direction of travel (keys ≥ start ascending, ≤ start when
   * reverse), so a page of a large prefix reads only that page. Keys outside prefix are never returned; an
   * empty start is no bound.
   */
  start?: Bytes;
}

export interface KVStore extends KVReader {
  /** An empty value (length 0) is a present value, distinct from a deleted key. */
  set(key: Bytes, value: Bytes): void;
  delete(key: Bytes): void;
}

/**
 * Longest key the store accepts. lmdb caps keys at 1978 bytes and the history index adds 12 bytes of
 * framing; 1024 leaves room and is far beyond any key a module builds.
 */
export const MAX_KEY_LENGTH = 1024;
