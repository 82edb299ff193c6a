import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Coin } from "../../app/coins";
import type { KVReader, KVStore } from "../../app/store/types";

/** A validator as staking shows it: stake backing its shares, and the commission it takes. */
export interface ValidatorView {
  /** Integer amount of the bond denom. */
  tokens: string;
  /** Shares issued to its delegators, a decimal with up to 18 places. */
  delegator_shares: string;
  /** A decimal in [0, 1]. */
  commission_rate: string;
}

/** What distribution reads from staking. */
export interface StakingView {
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
  /** A delegation's shares (a decimal with up to 18 places), or undefined when there is none. */
  delegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array): { shares: string } | undefined;
  /** The staking denom: a payout of nothing is reported as zero of it, as the SDK reports its base denom. */
  bondDenom(state: KVReader): string;
  /** The operator behind a CometBFT consensus address, as the last commit names validators. */
  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined;
}

/** What distribution needs from bank: its module account's coins, and paying out of it. */
export interface DistributionBank {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  allBalances(state: KVReader, address: Uint8Array): Coin[];
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
}

/** What staking's hooks hand distribution: the change's store branch, and the events it reports with. */
export interface HookScope {
  store: KVStore;
  events: Event[];
}
