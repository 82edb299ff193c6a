import type { Context } from "../../app/context";
import type { KVReader } from "../../app/store/types";
import type { Dec } from "../../lib/fixed";

export interface ValidatorView {
  operator_address: string;
  tokens: string;
  jailed: boolean;
}

/** What the oracle needs from staking: who may vote, and with what weight. */
export interface ValidatorSet {
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorView }>;
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
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
