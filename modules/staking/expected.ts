import type { KVReader } from "../../app/store/types";

/** What staking needs from bank: to check the bonded pool holds the validators' tokens. */
export interface BalanceReader {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
}
