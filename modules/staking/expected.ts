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

/** Where a hook writes, and where it reports what it did (a payout's bank and withdraw_rewards events). */
export interface HookScope {
  store: KVStore;
  events: Event[];
}

/**
 * Called where the Cosmos SDK's x/staking calls its hooks, so distribution can keep F1 periods without a
 * per-block loop over delegators. Each runs inside the same store branch as the staking change, and its
 * events join the message's or block's, as the SDK's hooks share the caller's event manager.
 */
export interface StakingHooks {
  afterValidatorCreated(at: HookScope, operator: Uint8Array): void;
  beforeDelegationCreated(at: HookScope, delegator: Uint8Array, operator: Uint8Array): void;
  beforeDelegationSharesModified(at: HookScope, delegator: Uint8Array, operator: Uint8Array): void;
  afterDelegationModified(at: HookScope, delegator: Uint8Array, operator: Uint8Array): void;
  beforeValidatorSlashed(at: HookScope, operator: Uint8Array, fraction: Dec): void;
  afterValidatorRemoved(at: HookScope, operator: Uint8Array): void;
}
