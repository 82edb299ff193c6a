import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Coin } from "../../app/coins";
import type { KVReader, KVStore } from "../../app/store/types";
import type { Dec } from "../../lib/fixed";

/** A validator as distribution sees it: stake backing its shares, and the commission it takes. */
export interface ValidatorView {
  tokens: bigint;
  /** Shares issued to its delegators, 18-decimal fixed point. */
  delegatorShares: Dec;
  commissionRate: Dec;
}

/** What distribution reads from staking. */
export interface StakingView {
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
  /** A delegation's shares, or undefined when there is none. */
  delegationShares(state: KVReader, delegator: Uint8Array, operator: Uint8Array): Dec | undefined;
  /** The operator behind a CometBFT consensus address, as the last commit names validators. */
  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined;
}

/** What distribution needs from bank: its module account's coins, and paying out of it. */
export interface DistributionBank {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  allBalances(state: KVReader, address: Uint8Array): Coin[];
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
}
