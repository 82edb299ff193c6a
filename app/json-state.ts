import { byteString } from "./store/bytes";
import type { KVReader, KVStore } from "./store/types";

/**
 * Small records (params, validators) stored as JSON. Determinism holds because every object written is
 * built by our own code with a fixed field order, and bigints are written as decimal strings.
 */
export function readJson<T>(state: KVReader, storeKey: Uint8Array): T | undefined {
  const bytes = state.get(storeKey);
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as T);
}

export function writeJson(store: KVStore, storeKey: Uint8Array, value: unknown): void {
  store.set(storeKey, Buffer.from(JSON.stringify(value), "utf8"));
}

const parsedParams = new Map<string, { raw: Buffer; value: unknown }>();

/**
 * Params are read by every tx but change only through governance: parse once per distinct stored value.
 * The cache is keyed by the exact bytes read, so it can never serve a value the state does not hold.
 */
export function readParams<T>(state: KVReader, storeKey: Uint8Array, defaults: T): Readonly<T> {
  const bytes = state.get(storeKey);
  if (bytes === undefined) return defaults;
  const id = byteString(storeKey);
  const cached = parsedParams.get(id);
  if (cached && cached.raw.equals(bytes)) return cached.value as T;
  const value = Object.freeze(JSON.parse(Buffer.from(bytes).toString("utf8"))) as T;
  parsedParams.set(id, { raw: Buffer.from(bytes), value });
  return value;
}
