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
