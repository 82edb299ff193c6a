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
}

/** What the oracle needs from slashing: to punish a validator whose votes were too few or too far off. */
export interface OraclePunisher {
  punish(ctx: Context, operator: Uint8Array, penalty: { reason: "oracle"; fraction: Dec; jailSeconds: number }): void;
}
