import type { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Coin } from "../../app/coins";
import type { Context } from "../../app/context";
import type { KVReader, KVStore } from "../../app/store/types";
import type { Dec } from "../../lib/fixed";

export interface ValidatorView {
  operator_address: string;
  tokens: string;
  jailed: boolean;
  /** Unbonded: out of the set for good until it bonds again (the oracle drops its carried miss counter). */
  status?: BondStatus;
}

/** What the oracle needs from staking: who may vote, and with what weight. */
export interface ValidatorSet {
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorView }>;
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
  /** Validators with voting power > 0 (power()), in operator order, with that power. */
  poweredValidators(state: KVReader): Array<{ operator: Uint8Array; operatorAddress: string; power: bigint }>;
  /** CometBFT voting power; zero while jailed. */
  power(state: KVReader, record: ValidatorView): bigint;
  /** The operator behind a 20-byte consensus address: who signed a vote extension. */
  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined;
}

/** Whether the block at a height carries the previous height's vote extensions (the app knows the consensus param). */
export interface VoteExtensionSchedule {
  carriesExtensions(height: bigint): boolean;
}

/** What the oracle needs from slashing: to punish a validator whose votes were too few or too far off. */
export interface OraclePunisher {
  punish(ctx: Context, operator: Uint8Array, penalty: { reason: "oracle"; fraction: Dec; jailSeconds: number }): void;
}

/** What the oracle needs from bank to fill its reward pool: it holds coins in a module account like any other. */
export interface RewardBank {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  allBalances(state: KVReader, address: Uint8Array): Coin[];
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
  mint(store: KVStore, eventsOut: Event[], to: Uint8Array, coins: Coin[]): void;
}

/**
 * Where a validator's share of the oracle reward pool goes, sent out of the pool account. Kept to one call so
 * distribution can take it over (F1: commission to the operator, the rest to delegators) without the oracle
 * knowing how rewards are split.
 */
export interface RewardAllocator {
  allocateToValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, coins: Coin[]): void;
}
