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

/** Keys are checked where they are written, so a bad key fails in the transaction that made it, not at commit. */
export function assertKey(key: Bytes): void {
  if (!(key instanceof Uint8Array)) throw new TypeError("store key must be a Uint8Array");
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`store key length ${key.length} is outside 1..${MAX_KEY_LENGTH}`);
  }
}

export function assertValue(value: Bytes): void {
  if (!(value instanceof Uint8Array)) throw new TypeError("store value must be a Uint8Array");
}

/** A key that could never have been written is simply absent; reads use this instead of throwing. */
export function isStorableKey(key: Bytes): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH;
}

export function assertIterateOptions(opts: IterateOptions | undefined): void {
  const limit = opts?.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`iterate limit must be a non-negative integer, got ${limit}`);
  }
}
