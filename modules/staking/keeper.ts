import type { ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import { ADDRESS_BYTES, consensusAddress, moduleAddress, toValoper } from "../../app/address";
import { readJson, readParams, writeJson } from "../../app/json-state";
import type { KVReader, KVStore } from "../../app/store/types";
import * as events from "./events";
import { ErrNoValidator } from "./errors";
import { PARAMS_KEY, PENDING_UPDATE_PREFIX, VALIDATOR_PREFIX, consensusIndexKey, pendingUpdateKey, validatorKey } from "./keys";
import { DEFAULT_PARAMS, type StakingParams, validateParams } from "./params";
import type { TokenBurner } from "./expected";
import { type Dec, mulIntByDec } from "../../lib/fixed";

export const BONDED_POOL = "bonded_tokens_pool";
export const BONDED_POOL_ADDRESS = moduleAddress(BONDED_POOL);

export interface ValidatorRecord {
  operator_address: string;
  moniker: string;
  /** base64 ed25519 public key */
  consensus_pubkey: string;
  tokens: string;
  jailed: boolean;
}

export class StakingKeeper {
  params(state: KVReader): StakingParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: StakingParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  validator(state: KVReader, operator: Uint8Array): ValidatorRecord | undefined {
    return readJson<ValidatorRecord>(state, validatorKey(operator));
  }

  mustValidator(state: KVReader, operator: Uint8Array): ValidatorRecord {
    const record = this.validator(state, operator);
    if (!record) throw ErrNoValidator.wrap(`no validator ${toValoper(operator)}`);
    return record;
  }

  /** Validators in operator-address order: the canonical order of every loop over them. */
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorRecord }> {
    return state.iterate(VALIDATOR_PREFIX).map(([storeKey, value]) => ({
      operator: storeKey.subarray(VALIDATOR_PREFIX.length),
      record: JSON.parse(Buffer.from(value).toString("utf8")) as ValidatorRecord,
    }));
  }

  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined {
    // CometBFT's commit and evidence name these: another length names no validator, and must not throw in a block hook.
    if (consAddress.length !== ADDRESS_BYTES) return undefined;
    return state.get(consensusIndexKey(consAddress));
  }

  /** CometBFT voting power: zero while jailed. */
  power(state: KVReader, record: ValidatorRecord): bigint {
    if (record.jailed) return 0n;
    return BigInt(record.tokens) / BigInt(this.params(state).power_reduction);
  }

  /** Writes a validator and queues its power for this block's validator_updates. */
  setValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, record: ValidatorRecord): void {
    const before = this.validator(store, operator);
    writeJson(store, validatorKey(operator), record);
    store.set(consensusIndexKey(consensusAddress(Buffer.from(record.consensus_pubkey, "base64"))), operator);
    const beforePower = before ? this.power(store, before) : 0n;
    const afterPower = this.power(store, record);
    if (beforePower !== afterPower) {
      store.set(pendingUpdateKey(operator), new Uint8Array());
      eventsOut.push(events.powerChanged(record.operator_address, afterPower));
    }
  }

  /**
   * Burns `fraction` of a validator's tokens from the bonded pool, so supply and stake stay equal; rounded
   * down, as the SDK does. Returns the amount burned.
   */
  slash(store: KVStore, eventsOut: Event[], burner: TokenBurner, operator: Uint8Array, fraction: Dec): bigint {
    const record = this.mustValidator(store, operator);
    const burned = mulIntByDec(BigInt(record.tokens), fraction, "down");
    if (burned === 0n) return 0n;
    burner.burn(store, eventsOut, BONDED_POOL_ADDRESS, [{ denom: this.params(store).bond_denom, amount: burned }]);
    this.setValidator(store, eventsOut, operator, { ...record, tokens: (BigInt(record.tokens) - burned).toString() });
    return burned;
  }

  /** A jailed validator has power 0, so jailing reaches CometBFT through this block's validator_updates. */
  setJailed(store: KVStore, eventsOut: Event[], operator: Uint8Array, jailed: boolean): void {
    const record = this.mustValidator(store, operator);
    if (record.jailed !== jailed) this.setValidator(store, eventsOut, operator, { ...record, jailed });
  }

  /** The whole active set, for InitChain. */
  validatorSet(state: KVReader): ValidatorUpdate[] {
    return this.validators(state)
      .map(({ record }) => this.update(state, record))
      .filter((update) => update.power > 0n);
  }

  /** Updates queued during the block, each once, in operator order; clears the queue. */
  takePendingUpdates(store: KVStore): ValidatorUpdate[] {
    const updates: ValidatorUpdate[] = [];
    for (const [storeKey] of store.iterate(PENDING_UPDATE_PREFIX)) {
      const operator = storeKey.subarray(PENDING_UPDATE_PREFIX.length);
      updates.push(this.update(store, this.mustValidator(store, operator)));
      store.delete(storeKey);
    }
    return updates;
  }

  totalPower(state: KVReader): bigint {
    return this.validators(state).reduce((sum, { record }) => sum + this.power(state, record), 0n);
  }

  private update(state: KVReader, record: ValidatorRecord): ValidatorUpdate {
    return { pubKey: { ed25519: Buffer.from(record.consensus_pubkey, "base64") }, power: this.power(state, record) };
  }
}
