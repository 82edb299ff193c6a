import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { KVReader, KVStore } from "../../app/store/types";
import type { Dec } from "../../lib/fixed";

/** What staking needs from bank: to check the pools at genesis, and to move delegated tokens. */
export interface BalanceReader {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
}

/** Token moves between delegators and the bonded and not-bonded pools. */
export interface TokenMover extends BalanceReader {
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Array<{ denom: string; amount: bigint }>): void;
}

/** What slashing needs from bank through staking: burning slashed stake from the pool that holds it. */
export interface TokenBurner {
  burn(store: KVStore, eventsOut: Event[], from: Uint8Array, coins: Array<{ denom: string; amount: bigint }>): void;
}

/**
 * Called where the Cosmos SDK's x/staking calls its hooks, so distribution can keep F1 periods without a
 * per-block loop over delegators. Each runs inside the same store branch as the staking change.
 */
export interface StakingHooks {
  afterValidatorCreated(store: KVStore, operator: Uint8Array): void;
  beforeDelegationCreated(store: KVStore, delegator: Uint8Array, operator: Uint8Array): void;
  beforeDelegationSharesModified(store: KVStore, delegator: Uint8Array, operator: Uint8Array): void;
  afterDelegationModified(store: KVStore, delegator: Uint8Array, operator: Uint8Array): void;
  beforeValidatorSlashed(store: KVStore, operator: Uint8Array, fraction: Dec): void;
  afterValidatorRemoved(store: KVStore, operator: Uint8Array): void;
}
