// State migrations of the circuit module, for a release's upgrade handler (modules/upgrade runs handlers per plan,
// with the consensus versions the state was written by).
import type { KVStore } from "../../app/store/types";
import type { CircuitKeeper } from "./keeper";
import { type CircuitParams, DEFAULT_PARAMS } from "./params";

/** The circuit's state layout: 2 checks the invariants over balances, margin accounts and positions a page per block. */
export const CIRCUIT_CONSENSUS_VERSION = 2;

/** Brings circuit state written by consensus version `from` to CIRCUIT_CONSENSUS_VERSION. */
export function migrateCircuit(store: KVStore, keeper: CircuitKeeper, from: number): void {
  if (from < 2) migrateV1ToV2(store, keeper);
}

/**
 * Version 1's params have no invariant_keys_per_block: it is added at its default. No cursor is written: with none
 * the paged check starts each pass at the first record, in the first block after the upgrade, as after genesis.
 * Cursors need no migration either: one stored without the height of the block that wrote it is read as none.
 */
function migrateV1ToV2(store: KVStore, keeper: CircuitKeeper): void {
  const v1 = keeper.params(store) as Omit<CircuitParams, "invariant_keys_per_block">;
  keeper.setParams(store, { ...v1, invariant_keys_per_block: DEFAULT_PARAMS.invariant_keys_per_block });
}
