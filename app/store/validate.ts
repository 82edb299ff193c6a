import { MAX_KEY_LENGTH } from "./types";
import type { Bytes, IterateOptions } from "./types";

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
  if (opts?.start !== undefined && !(opts.start instanceof Uint8Array)) throw new TypeError("iterate start must be a Uint8Array");
}
