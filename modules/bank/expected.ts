import type { KVStore } from "../../app/store/types";

/** What bank needs from auth: an account to exist before it holds funds. */
export interface AccountKeeper {
  ensureAccount(store: KVStore, address: Uint8Array): unknown;
}
