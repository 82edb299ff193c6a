import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Coin } from "../../app/coins";
import type { MsgHandler } from "../../app/module";
import type { KVReader, KVStore } from "../../app/store/types";

/** What gov needs from bank: holding deposits in the gov account, refunding and burning them. */
export interface DepositBank {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  allBalances(state: KVReader, address: Uint8Array): Coin[];
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
  burn(store: KVStore, eventsOut: Event[], from: Uint8Array, coins: Coin[]): void;
}

export interface ValidatorView {
  operator_address: string;
  tokens: string;
  jailed: boolean;
}

/** What gov needs from staking: who votes, with how much stake. */
export interface ValidatorSet {
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorView }>;
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
}

/** The app's message router: gov executes a passed proposal's messages through the same handlers as txs. */
export interface MessageRouter {
  handler(typeUrl: string): MsgHandler<unknown>;
}

/** A module's params as governance changes them; setParams runs the module's validateParams. */
export interface ParamsStore {
  params(state: KVReader): object;
  setParams(store: KVStore, params: object): void;
}
