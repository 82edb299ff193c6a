import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { KVReader, KVStore } from "../../app/store/types";

/** What staking needs from bank: to check the bonded pool holds the validators' tokens. */
export interface BalanceReader {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
}

/** What slashing needs from bank through staking: burning slashed stake from the bonded pool. */
export interface TokenBurner {
  burn(store: KVStore, eventsOut: Event[], from: Uint8Array, coins: Array<{ denom: string; amount: bigint }>): void;
}
