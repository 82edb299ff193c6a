import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { KVReader, KVStore } from "../../app/store/types";
import type { Dec } from "../../lib/fixed";

export interface ValidatorView {
  operator_address: string;
  consensus_pubkey: string;
  tokens: string;
  jailed: boolean;
  status: BondStatus;
}

/** Staking's part in slashing: tokens burned from the bonded pool, power zeroed while jailed. */
export interface SlashableValidators {
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorView }>;
  validator(state: KVReader, operator: Uint8Array): ValidatorView | undefined;
  /** Zero while jailed or (when the record says) outside the bonded set; from the tokens alone without a status. */
  power(state: KVReader, record: Pick<ValidatorView, "tokens" | "jailed">): bigint;
  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined;
  /**
   * Burns `fraction` of the stake behind `power` at `height` (the SDK's Slash): unbonding and redelegation
   * entries created since pay first, the validator's tokens the rest. Returns the amount burned.
   */
  slash(ctx: { store: KVStore; events: Event[]; height: bigint; timeNs: bigint }, burner: TokenBurner, operator: Uint8Array, infraction: { height: bigint; power: bigint; fraction: Dec }): bigint;
  /** The power CometBFT was last told (0 outside the bonded set). */
  lastPower(state: KVReader, operator: Uint8Array): bigint;
  setJailed(store: KVStore, eventsOut: Event[], operator: Uint8Array, jailed: boolean): void;
  /** Unjailing needs the operator's own stake at or above its minimum. */
  selfDelegationBelowMin(state: KVReader, operator: Uint8Array): boolean;
}

export interface TokenBurner {
  burn(store: KVStore, eventsOut: Event[], from: Uint8Array, coins: Array<{ denom: string; amount: bigint }>): void;
}
