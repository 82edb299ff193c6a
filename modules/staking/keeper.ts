import type { Event, ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import type { Any } from "cosmjs-types/google/protobuf/any";
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import { BinaryReader } from "cosmjs-types/binary";
import {
  BondStatus,
  Delegation,
  Redelegation,
  type RedelegationEntry,
  UnbondingDelegation,
  type UnbondingDelegationEntry,
  Validator,
} from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { ADDRESS_BYTES, consensusAddress, moduleAddress, sameAddress, toAccAddress, toValoper } from "../../app/address";
import { readParams, writeJson } from "../../app/json-state";
import { type Page, type PageRequestLike, paginate } from "../../app/pagination";
import { byteString } from "../../app/store/bytes";
import type { KVReader, KVStore } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromInt, decToString, maxBig, minBig, mulDiv, mulIntByDec } from "../../lib/fixed";
import * as events from "./events";
import {
  ErrBadSharesAmount,
  ErrInvalidAmount,
  ErrInvalidExchangeRate,
  ErrMaxEntries,
  ErrNoDelegation,
  ErrNoUnbondingDelegation,
  ErrNoUnbondingEntry,
  ErrNoValidator,
  ErrSelfRedelegation,
  ErrTransitiveRedelegation,
  ErrValidatorJailed,
} from "./errors";
import type { StakingHooks, TokenBurner, TokenMover } from "./expected";
import {
  LAST_POWER_PREFIX,
  PARAMS_KEY,
  POWER_INDEX_PREFIX,
  RED_QUEUE_PREFIX,
  REMOVED_CONSENSUS_PREFIX,
  SET_DIRTY_KEY,
  UBD_QUEUE_PREFIX,
  VALIDATOR_PREFIX,
  VAL_QUEUE_PREFIX,
  addressesAfter,
  invertBytes,
  consensusIndexKey,
  delegationByValidatorKey,
  delegationKey,
  delegatorDelegationsPrefix,
  lastPowerKey,
  powerIndexKey,
  redByDstKey,
  redBySrcKey,
  redKey,
  redQueueKey,
  redsByDstDelegatorPrefix,
  redsBySrcPrefix,
  removedConsensusKeyKey,
  ubdByValidatorKey,
  ubdKey,
  ubdQueueKey,
  valQueueKey,
  validatorKey,
  validatorUbdsPrefix,
} from "./keys";
import { DEFAULT_PARAMS, type StakingParams, validateParams } from "./params";

export const BONDED_POOL = "bonded_tokens_pool";
export const BONDED_POOL_ADDRESS = moduleAddress(BONDED_POOL);
export const NOT_BONDED_POOL = "not_bonded_tokens_pool";
export const NOT_BONDED_POOL_ADDRESS = moduleAddress(NOT_BONDED_POOL);

export const ED25519_PUBKEY_TYPE_URL = "/cosmos.crypto.ed25519.PubKey";
const NS_PER_SECOND = 1_000_000_000n;

/**
 * A validator as the other modules read it. Decimals (shares, rates) are the SDK's LegacyDec string form
 * with 18 places; the stored record is the SDK's own protobuf Validator, where they are integer atomics.
 */
export interface ValidatorRecord {
  operator_address: string;
  moniker: string;
  /** base64 ed25519 public key */
  consensus_pubkey: string;
  tokens: string;
  delegator_shares: string;
  jailed: boolean;
  status: BondStatus;
  commission_rate: string;
  min_self_delegation: string;
}

export interface DelegationView {
  delegator: Uint8Array;
  operator: Uint8Array;
  shares: string;
}

/** A fault to slash for: where it happened, the power CometBFT saw then, and the share of that stake to burn. */
export interface Infraction {
  height: bigint;
  power: bigint;
  fraction: Dec;
}

/** What a block-time operation needs to know about where it runs. */
export interface StakingContext {
  store: KVStore;
  events: Event[];
  height: bigint;
  timeNs: bigint;
}

const NO_HOOKS: StakingHooks = {
  afterValidatorCreated() {},
  beforeDelegationCreated() {},
  beforeDelegationSharesModified() {},
  afterDelegationModified() {},
  beforeValidatorSlashed() {},
  afterValidatorRemoved() {},
};

export function timestampFromNs(ns: bigint): Timestamp {
  return { seconds: ns / NS_PER_SECOND, nanos: Number(ns % NS_PER_SECOND) };
}

export function nsFromTimestamp(time: Timestamp | undefined): bigint {
  return time ? time.seconds * NS_PER_SECOND + BigInt(time.nanos) : 0n;
}

export function consensusPubkeyAny(key: Uint8Array): Any {
  return { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Ed25519PubKey.encode({ key }).finish() };
}

/** The 32 ed25519 bytes of a stored validator (only such keys are ever stored). */
export function consensusKeyOf(validator: Validator): Uint8Array {
  return Ed25519PubKey.decode(validator.consensusPubkey?.value ?? new Uint8Array()).key;
}

const atomics = (text: string): bigint => (text === "" ? 0n : BigInt(text));

export function validatorView(validator: Validator): ValidatorRecord {
  return {
    operator_address: validator.operatorAddress,
    moniker: validator.description.moniker,
    consensus_pubkey: Buffer.from(consensusKeyOf(validator)).toString("base64"),
    tokens: validator.tokens,
    delegator_shares: decToString(atomics(validator.delegatorShares)),
    jailed: validator.jailed,
    status: validator.status,
    commission_rate: decToString(atomics(validator.commission.commissionRates.rate)),
    min_self_delegation: validator.minSelfDelegation,
  };
}

/**
 * What Validator.decode gives for the fields that decide voting power, with every other field skipped
 * unread (its description, commission and times are most of a record): the same reader, the same rule
 * (the last occurrence of a field wins).
 */
export function votingFields(bytes: Uint8Array): Readonly<VotingFields> {
  // keyed on the record's whole bytes: the answer depends on nothing else
  const id = byteString(bytes);
  let fields = votingFieldsRead.get(id);
  if (fields === undefined) {
    fields = Object.freeze(readVotingFields(bytes));
    if (votingFieldsRead.size >= VOTING_FIELDS_CACHED) votingFieldsRead.clear();
    votingFieldsRead.set(id, fields);
  }
  return fields;
}

interface VotingFields {
  operatorAddress: string;
  jailed: boolean;
  status: BondStatus;
  tokens: string;
}

/**
 * The oracle reads every validator's record every block, and a record's bytes change only when the validator
 * does (tokens, status, jailing, an edit): decoding the same bytes again was ~6 % of the oracle's block in the
 * profile. Bounded: emptied when full.
 */
const votingFieldsRead = new Map<string, Readonly<VotingFields>>();
const VOTING_FIELDS_CACHED = 4096;

function readVotingFields(bytes: Uint8Array): VotingFields {
  const reader = new BinaryReader(bytes);
  const out = { operatorAddress: "", jailed: false, status: 0 as BondStatus, tokens: "" };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        out.operatorAddress = reader.string();
        break;
      case 3:
        out.jailed = reader.bool();
        break;
      case 4:
        out.status = reader.int32() as BondStatus;
        break;
      case 5:
        out.tokens = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return out;
}

/** StakingKeeper.power's rule, with power_reduction read once by the caller: none while jailed or not bonded. */
function powerAt(record: { tokens: string; jailed: boolean; status?: BondStatus }, reduction: bigint): bigint {
  if (record.jailed) return 0n;
  if (record.status !== undefined && record.status !== BondStatus.BOND_STATUS_BONDED) return 0n;
  return BigInt(record.tokens) / reduction;
}

const decode = <T>(codec: { decode(bytes: Uint8Array): T }, bytes: Uint8Array | undefined): T | undefined => (bytes === undefined ? undefined : codec.decode(bytes));

export class StakingKeeper {
  private hooks: StakingHooks = NO_HOOKS;

  /** Distribution's hooks; set once by the app. */
  setHooks(hooks: StakingHooks): void {
    if (this.hooks !== NO_HOOKS) throw new Error("staking hooks are set once");
    this.hooks = hooks;
  }

  params(state: KVReader): StakingParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  bondDenom(state: KVReader): string {
    return this.params(state).bond_denom;
  }

  setParams(store: KVStore, params: StakingParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
    // max_validators may have changed: end-block ranks the set again.
    store.set(SET_DIRTY_KEY, new Uint8Array());
  }

  // ---- validators ----

  getValidator(state: KVReader, operator: Uint8Array): Validator | undefined {
    return decode(Validator, state.get(validatorKey(operator)));
  }

  mustGetValidator(state: KVReader, operator: Uint8Array): Validator {
    const validator = this.getValidator(state, operator);
    if (!validator) throw ErrNoValidator.wrap(`no validator ${toValoper(operator)}`);
    return validator;
  }

  validator(state: KVReader, operator: Uint8Array): ValidatorRecord | undefined {
    const validator = this.getValidator(state, operator);
    return validator && validatorView(validator);
  }

  mustValidator(state: KVReader, operator: Uint8Array): ValidatorRecord {
    return validatorView(this.mustGetValidator(state, operator));
  }

  /** Validators in operator-address order: the canonical order of every loop over them. */
  validators(state: KVReader): Array<{ operator: Uint8Array; record: ValidatorRecord }> {
    return state.iterate(VALIDATOR_PREFIX).map(([storeKey, value]) => ({
      operator: addressesAfter(storeKey, VALIDATOR_PREFIX.length)[0],
      record: validatorView(Validator.decode(value)),
    }));
  }

  /**
   * Validators with CometBFT voting power now (power() > 0), in operator order, with that power: the oracle's
   * voters, read every block. Only the fields power() looks at are read from each record (votingFields).
   */
  poweredValidators(state: KVReader): Array<{ operator: Uint8Array; operatorAddress: string; power: bigint }> {
    const reduction = BigInt(this.params(state).power_reduction);
    const out: Array<{ operator: Uint8Array; operatorAddress: string; power: bigint }> = [];
    for (const [storeKey, value] of state.iterate(VALIDATOR_PREFIX)) {
      const record = votingFields(value);
      const power = powerAt(record, reduction);
      if (power > 0n) out.push({ operator: addressesAfter(storeKey, VALIDATOR_PREFIX.length)[0], operatorAddress: record.operatorAddress, power });
    }
    return out;
  }

  operatorByConsensusAddress(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined {
    // CometBFT's commit and evidence name these: another length names no validator, and must not throw in a block hook.
    if (consAddress.length !== ADDRESS_BYTES) return undefined;
    return state.get(consensusIndexKey(consAddress));
  }

  /**
   * The consensus key of a validator removed in the last block. CometBFT applies a set update two heights after
   * the app returns it, so a validator whose unbonding matured within a block of leaving the set (unbonding_time
   * may be 1 s) still precommitted the block it was removed in: ProcessProposal of the next height must verify
   * that vote's extension, or it rejects every proposal and the chain halts. A validator is removed at least one
   * block after it left the set (its unbonding completes after the block that began it), so the next height is
   * the last whose commit can hold it; the keys are cleared at that height's BeginBlock.
   */
  removedConsensusKey(state: KVReader, consAddress: Uint8Array): Uint8Array | undefined {
    if (consAddress.length !== ADDRESS_BYTES) return undefined;
    return state.get(removedConsensusKeyKey(consAddress));
  }

  /** Bounded by the last block's removals: completions are capped by max_completions_per_block, undelegations paid with gas. */
  forgetRemovedConsensusKeys(store: KVStore): void {
    for (const [storeKey] of store.iterate(REMOVED_CONSENSUS_PREFIX)) store.delete(storeKey);
  }

  /** Voting power of an amount of tokens, bonded or not. */
  tokensPower(state: KVReader, tokens: bigint): bigint {
    return tokens / BigInt(this.params(state).power_reduction);
  }

  /** CometBFT voting power: zero while jailed or outside the bonded set. */
  power(state: KVReader, record: { tokens: string; jailed: boolean; status?: BondStatus }): bigint {
    return powerAt(record, BigInt(this.params(state).power_reduction));
  }

  /** In the power index: may be ranked into the bonded set. */
  private rankable(state: KVReader, validator: Validator): bigint | undefined {
    if (validator.jailed) return undefined;
    const power = this.tokensPower(state, atomics(validator.tokens));
    return power > 0n ? power : undefined;
  }

  /** Writes a validator, keeping the power index and the consensus-key index; a rank change marks the set dirty. */
  writeValidator(store: KVStore, operator: Uint8Array, validator: Validator): void {
    const before = this.getValidator(store, operator);
    const powerBefore = before && this.rankable(store, before);
    const powerAfter = this.rankable(store, validator);
    store.set(validatorKey(operator), Validator.encode(validator).finish());
    if (!before) store.set(consensusIndexKey(consensusAddress(consensusKeyOf(validator))), operator);
    if (powerBefore === powerAfter) return;
    if (powerBefore !== undefined) store.delete(powerIndexKey(powerBefore, operator));
    if (powerAfter !== undefined) store.set(powerIndexKey(powerAfter, operator), new Uint8Array());
    store.set(SET_DIRTY_KEY, new Uint8Array());
  }

  private removeValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, validator: Validator): void {
    const power = this.rankable(store, validator);
    if (power !== undefined) store.delete(powerIndexKey(power, operator));
    store.delete(validatorKey(operator));
    store.delete(consensusIndexKey(consensusAddress(consensusKeyOf(validator))));
    store.set(removedConsensusKeyKey(consensusAddress(consensusKeyOf(validator))), consensusKeyOf(validator));
    this.hooks.afterValidatorRemoved({ store, events: eventsOut }, operator);
  }

  /** Creates a validator (MsgCreateValidator's has no tokens yet: it self-delegates next). */
  createValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, validator: Validator, hooks = true): void {
    this.writeValidator(store, operator, validator);
    if (hooks) this.hooks.afterValidatorCreated({ store, events: eventsOut }, operator);
  }

  /** Genesis: a delegation as written, with the creation hooks when the genesis is not an export. */
  importDelegation(store: KVStore, eventsOut: Event[], delegator: Uint8Array, operator: Uint8Array, shares: Dec, hooks: boolean): void {
    if (hooks) this.hooks.beforeDelegationCreated({ store, events: eventsOut }, delegator, operator);
    this.setDelegation(store, delegator, operator, shares);
    if (hooks) this.hooks.afterDelegationModified({ store, events: eventsOut }, delegator, operator);
  }

  importUnbonding(store: KVStore, delegator: Uint8Array, operator: Uint8Array, entries: UnbondingDelegationEntry[]): void {
    this.setUnbondingDelegation(store, delegator, operator, entries);
  }

  importRedelegation(store: KVStore, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array, entries: RedelegationEntry[]): void {
    this.setRedelegation(store, delegator, src, dst, entries);
  }

  /** A jailed validator leaves the power index, so jailing reaches CometBFT through the end-block set update. */
  setJailed(store: KVStore, _eventsOut: Event[], operator: Uint8Array, jailed: boolean): void {
    const validator = this.mustGetValidator(store, operator);
    if (validator.jailed !== jailed) this.writeValidator(store, operator, { ...validator, jailed });
  }

  /** The operator's own stake is below its min_self_delegation: it may not be unjailed (as in the SDK). */
  selfDelegationBelowMin(state: KVReader, operator: Uint8Array): boolean {
    const validator = this.getValidator(state, operator);
    if (!validator) return true;
    const own = this.getDelegation(state, operator, operator);
    return this.tokensFromShares(validator, atomics(own?.shares ?? "")) < atomics(validator.minSelfDelegation);
  }

  poolOf(validator: Validator): Uint8Array {
    return validator.status === BondStatus.BOND_STATUS_BONDED ? BONDED_POOL_ADDRESS : NOT_BONDED_POOL_ADDRESS;
  }

  // ---- delegations ----

  getDelegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array): Delegation | undefined {
    return decode(Delegation, state.get(delegationKey(delegator, operator)));
  }

  delegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array): { shares: string } | undefined {
    const delegation = this.getDelegation(state, delegator, operator);
    return delegation && { shares: decToString(atomics(delegation.shares)) };
  }

  delegatorDelegations(state: KVReader, delegator: Uint8Array, page?: PageRequestLike): Page<DelegationView> {
    return paginate(state, delegatorDelegationsPrefix(delegator), page, (keyAfterPrefix, value) => {
      const delegation = Delegation.decode(value);
      return { delegator, operator: addressesAfter(keyAfterPrefix, 0)[0], shares: decToString(atomics(delegation.shares)) };
    });
  }

  private setDelegation(store: KVStore, delegator: Uint8Array, operator: Uint8Array, shares: Dec): void {
    store.set(
      delegationKey(delegator, operator),
      Delegation.encode({ delegatorAddress: toAccAddress(delegator), validatorAddress: toValoper(operator), shares: shares.toString() }).finish(),
    );
    store.set(delegationByValidatorKey(operator, delegator), new Uint8Array());
  }

  /** Tokens a number of shares is worth now, rounded down. */
  tokensFromShares(validator: Validator, shares: Dec): bigint {
    const total = atomics(validator.delegatorShares);
    return total === 0n ? 0n : mulDiv(shares, atomics(validator.tokens), total, "down");
  }

  /**
   * Bonds `amount` to a validator for a delegator, from the delegator's account or from a pool (a
   * redelegation, a cancelled unbonding). Returns the shares issued.
   */
  delegate(store: KVStore, eventsOut: Event[], bank: TokenMover, delegator: Uint8Array, operator: Uint8Array, amount: bigint, source: "account" | Uint8Array): Dec {
    const validator = this.mustGetValidator(store, operator);
    const tokens = atomics(validator.tokens);
    const totalShares = atomics(validator.delegatorShares);
    // Shares with nothing behind them (slashed to zero) would be worth nothing: new tokens would be given away.
    if (tokens === 0n && totalShares > 0n) throw ErrInvalidExchangeRate.wrap(`validator ${validator.operatorAddress}`);
    const existing = this.getDelegation(store, delegator, operator);
    if (existing) this.hooks.beforeDelegationSharesModified({ store, events: eventsOut }, delegator, operator);
    else this.hooks.beforeDelegationCreated({ store, events: eventsOut }, delegator, operator);
    const denom = this.params(store).bond_denom;
    const pool = this.poolOf(validator);
    if (source === "account") bank.send(store, eventsOut, delegator, pool, [{ denom, amount }]);
    else if (!sameAddress(source, pool)) bank.send(store, eventsOut, source, pool, [{ denom, amount }]);
    // The first delegation sets the rate at one share per token; later ones get shares at the current rate, rounded down.
    const issued = totalShares === 0n ? decFromInt(amount) : mulDiv(amount, totalShares, tokens, "down");
    this.writeValidator(store, operator, { ...validator, tokens: (tokens + amount).toString(), delegatorShares: (totalShares + issued).toString() });
    this.setDelegation(store, delegator, operator, atomics(existing?.shares ?? "") + issued);
    this.hooks.afterDelegationModified({ store, events: eventsOut }, delegator, operator);
    return issued;
  }

  /** Shares worth `amount` tokens for an undelegation: rounded up, capped at the delegation (the SDK's ValidateUnbondAmount). */
  sharesForAmount(state: KVReader, delegator: Uint8Array, operator: Uint8Array, amount: bigint): Dec {
    const validator = this.mustGetValidator(state, operator);
    const delegation = this.getDelegation(state, delegator, operator);
    if (!delegation) throw ErrNoDelegation.wrap(`${toAccAddress(delegator)} has no delegation to ${validator.operatorAddress}`);
    const tokens = atomics(validator.tokens);
    if (tokens === 0n) throw ErrInvalidExchangeRate.wrap(`validator ${validator.operatorAddress}`);
    const held = atomics(delegation.shares);
    const totalShares = atomics(validator.delegatorShares);
    if (mulDiv(amount, totalShares, tokens, "down") > held) {
      throw ErrBadSharesAmount.wrap(`${amount} is more than the delegation is worth (${this.tokensFromShares(validator, held)})`);
    }
    return minBig(mulDiv(amount, totalShares, tokens, "up"), held);
  }

  /**
   * Removes shares from a delegation and the tokens they are worth from the validator; returns the tokens,
   * which stay in the validator's pool for the caller to move. An operator whose own stake falls below its
   * min_self_delegation is jailed, as in the SDK.
   */
  unbond(store: KVStore, eventsOut: Event[], delegator: Uint8Array, operator: Uint8Array, shares: Dec): bigint {
    const delegation = this.getDelegation(store, delegator, operator);
    if (!delegation) throw ErrNoDelegation.wrap(`${toAccAddress(delegator)} has no delegation to ${toValoper(operator)}`);
    const held = atomics(delegation.shares);
    if (shares <= 0n || shares > held) throw ErrBadSharesAmount.wrap(`${decToString(shares)} shares of ${decToString(held)}`);
    this.hooks.beforeDelegationSharesModified({ store, events: eventsOut }, delegator, operator);
    let validator = this.mustGetValidator(store, operator);
    const remaining = held - shares;
    if (remaining === 0n) {
      store.delete(delegationKey(delegator, operator));
      store.delete(delegationByValidatorKey(operator, delegator));
    } else {
      this.setDelegation(store, delegator, operator, remaining);
      this.hooks.afterDelegationModified({ store, events: eventsOut }, delegator, operator);
    }
    if (sameAddress(delegator, operator) && !validator.jailed && this.tokensFromShares(validator, remaining) < atomics(validator.minSelfDelegation)) {
      validator = { ...validator, jailed: true };
    }
    const totalShares = atomics(validator.delegatorShares);
    const tokens = atomics(validator.tokens);
    const removed = totalShares - shares === 0n ? tokens : mulDiv(shares, tokens, totalShares, "down");
    const after: Validator = { ...validator, tokens: (tokens - removed).toString(), delegatorShares: (totalShares - shares).toString() };
    if (totalShares - shares === 0n && after.status === BondStatus.BOND_STATUS_UNBONDED) {
      this.writeValidator(store, operator, after);
      this.removeValidator(store, eventsOut, operator, after);
    } else {
      this.writeValidator(store, operator, after);
    }
    return removed;
  }

  // ---- unbonding delegations ----

  getUnbondingDelegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array): UnbondingDelegation | undefined {
    return decode(UnbondingDelegation, state.get(ubdKey(delegator, operator)));
  }

  private setUnbondingDelegation(store: KVStore, delegator: Uint8Array, operator: Uint8Array, entries: UnbondingDelegationEntry[]): void {
    if (entries.length === 0) {
      store.delete(ubdKey(delegator, operator));
      store.delete(ubdByValidatorKey(operator, delegator));
      return;
    }
    store.set(
      ubdKey(delegator, operator),
      UnbondingDelegation.encode({ delegatorAddress: toAccAddress(delegator), validatorAddress: toValoper(operator), entries }).finish(),
    );
    store.set(ubdByValidatorKey(operator, delegator), new Uint8Array());
  }

  /** MsgUndelegate: the tokens wait in the not-bonded pool until block time passes the completion time. */
  undelegate(ctx: StakingContext, bank: TokenMover, delegator: Uint8Array, operator: Uint8Array, amount: bigint): { completionNs: bigint; amount: bigint } {
    const params = this.params(ctx.store);
    const ubd = this.getUnbondingDelegation(ctx.store, delegator, operator);
    const completionNs = ctx.timeNs + BigInt(params.unbonding_time) * NS_PER_SECOND;
    const entries = ubd?.entries ?? [];
    const merges = entries.findIndex((e) => e.creationHeight === ctx.height && nsFromTimestamp(e.completionTime) === completionNs);
    if (merges < 0 && entries.length >= params.max_entries) throw ErrMaxEntries.wrap(`${entries.length} unbonding entries already`);
    const validator = this.mustGetValidator(ctx.store, operator);
    const shares = this.sharesForAmount(ctx.store, delegator, operator, amount);
    const returned = this.unbond(ctx.store, ctx.events, delegator, operator, shares);
    if (returned === 0n) throw ErrInvalidAmount.wrap("the shares are worth no tokens");
    if (validator.status === BondStatus.BOND_STATUS_BONDED) {
      bank.send(ctx.store, ctx.events, BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, [{ denom: params.bond_denom, amount: returned }]);
    }
    const next = [...entries];
    if (merges >= 0) {
      const entry = next[merges];
      next[merges] = { ...entry, initialBalance: (atomics(entry.initialBalance) + returned).toString(), balance: (atomics(entry.balance) + returned).toString() };
    } else {
      next.push({
        creationHeight: ctx.height,
        completionTime: timestampFromNs(completionNs),
        initialBalance: returned.toString(),
        balance: returned.toString(),
        unbondingId: 0n,
        unbondingOnHoldRefCount: 0n,
      });
    }
    this.setUnbondingDelegation(ctx.store, delegator, operator, next);
    ctx.store.set(ubdQueueKey(completionNs, delegator, operator), new Uint8Array());
    return { completionNs, amount: returned };
  }

  /** MsgCancelUnbondingDelegation: part or all of one entry goes back to the validator. */
  cancelUnbonding(ctx: StakingContext, bank: TokenMover, delegator: Uint8Array, operator: Uint8Array, amount: bigint, creationHeight: bigint): void {
    const validator = this.mustGetValidator(ctx.store, operator);
    if (validator.jailed) throw ErrValidatorJailed.wrap(`validator ${validator.operatorAddress}`);
    const ubd = this.getUnbondingDelegation(ctx.store, delegator, operator);
    if (!ubd) throw ErrNoUnbondingDelegation.wrap(`${toAccAddress(delegator)} is not unbonding from ${validator.operatorAddress}`);
    const index = ubd.entries.findIndex((e) => e.creationHeight === creationHeight && nsFromTimestamp(e.completionTime) > ctx.timeNs);
    if (index < 0) throw ErrNoUnbondingEntry.wrap(`no pending entry created at height ${creationHeight}`);
    const entry = ubd.entries[index];
    const balance = atomics(entry.balance);
    if (amount > balance) throw ErrInvalidAmount.wrap(`${amount} is more than the entry's balance ${balance}`);
    this.delegate(ctx.store, ctx.events, bank, delegator, operator, amount, NOT_BONDED_POOL_ADDRESS);
    const entries = [...ubd.entries];
    if (amount === balance) entries.splice(index, 1);
    else entries[index] = { ...entry, balance: (balance - amount).toString(), initialBalance: (atomics(entry.initialBalance) - amount).toString() };
    this.setUnbondingDelegation(ctx.store, delegator, operator, entries);
  }

  /** Pays out every matured entry of one unbonding delegation. */
  private completeUnbonding(ctx: StakingContext, bank: TokenMover, delegator: Uint8Array, operator: Uint8Array): void {
    const ubd = this.getUnbondingDelegation(ctx.store, delegator, operator);
    if (!ubd) return;
    let paid = 0n;
    const kept = ubd.entries.filter((entry) => {
      if (nsFromTimestamp(entry.completionTime) > ctx.timeNs) return true;
      paid += atomics(entry.balance);
      return false;
    });
    this.setUnbondingDelegation(ctx.store, delegator, operator, kept);
    if (paid > 0n) bank.send(ctx.store, ctx.events, NOT_BONDED_POOL_ADDRESS, delegator, [{ denom: this.params(ctx.store).bond_denom, amount: paid }]);
    ctx.events.push(events.completeUnbonding(toAccAddress(delegator), toValoper(operator), paid));
  }

  // ---- redelegations ----

  getRedelegation(state: KVReader, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): Redelegation | undefined {
    return decode(Redelegation, state.get(redKey(delegator, src, dst)));
  }

  private setRedelegation(store: KVStore, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array, entries: RedelegationEntry[]): void {
    if (entries.length === 0) {
      store.delete(redKey(delegator, src, dst));
      store.delete(redBySrcKey(src, delegator, dst));
      store.delete(redByDstKey(dst, delegator, src));
      return;
    }
    store.set(
      redKey(delegator, src, dst),
      Redelegation.encode({ delegatorAddress: toAccAddress(delegator), validatorSrcAddress: toValoper(src), validatorDstAddress: toValoper(dst), entries }).finish(),
    );
    store.set(redBySrcKey(src, delegator, dst), new Uint8Array());
    store.set(redByDstKey(dst, delegator, src), new Uint8Array());
  }

  /** MsgBeginRedelegate; returns the completion time (block time when nothing needs to wait). */
  beginRedelegation(ctx: StakingContext, bank: TokenMover, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array, amount: bigint): bigint {
    if (sameAddress(src, dst)) throw ErrSelfRedelegation.wrap(toValoper(src));
    const source = this.mustGetValidator(ctx.store, src);
    const destination = this.mustGetValidator(ctx.store, dst);
    if (destination.jailed && !sameAddress(delegator, dst)) throw ErrValidatorJailed.wrap(`validator ${destination.operatorAddress}`);
    // Stake still maturing into src could escape a slash for an infraction of its previous validator.
    if (ctx.store.iterate(redsByDstDelegatorPrefix(src, delegator), { limit: 1 }).length > 0) {
      throw ErrTransitiveRedelegation.wrap(`${toAccAddress(delegator)} is still redelegating into ${source.operatorAddress}`);
    }
    const params = this.params(ctx.store);
    const red = this.getRedelegation(ctx.store, delegator, src, dst);
    if ((red?.entries.length ?? 0) >= params.max_entries) throw ErrMaxEntries.wrap(`${red?.entries.length} redelegation entries already`);
    const shares = this.sharesForAmount(ctx.store, delegator, src, amount);
    const returned = this.unbond(ctx.store, ctx.events, delegator, src, shares);
    if (returned === 0n) throw ErrInvalidAmount.wrap("the shares are worth no tokens");
    const sharesDst = this.delegate(ctx.store, ctx.events, bank, delegator, dst, returned, this.poolOf(source));
    // Stake leaving an unbonded validator was not at stake: nothing to slash later, so no entry (as in the SDK).
    let completionNs: bigint;
    if (source.status === BondStatus.BOND_STATUS_BONDED) completionNs = ctx.timeNs + BigInt(params.unbonding_time) * NS_PER_SECOND;
    else if (source.status === BondStatus.BOND_STATUS_UNBONDING) completionNs = nsFromTimestamp(source.unbondingTime);
    else return ctx.timeNs;
    if (completionNs <= ctx.timeNs) return ctx.timeNs;
    const entries = [...(red?.entries ?? [])];
    entries.push({
      creationHeight: ctx.height,
      completionTime: timestampFromNs(completionNs),
      initialBalance: returned.toString(),
      sharesDst: sharesDst.toString(),
      unbondingId: 0n,
      unbondingOnHoldRefCount: 0n,
    });
    this.setRedelegation(ctx.store, delegator, src, dst, entries);
    ctx.store.set(redQueueKey(completionNs, delegator, src, dst), new Uint8Array());
    return completionNs;
  }

  private completeRedelegation(ctx: StakingContext, delegator: Uint8Array, src: Uint8Array, dst: Uint8Array): void {
    const red = this.getRedelegation(ctx.store, delegator, src, dst);
    if (!red) return;
    this.setRedelegation(
      ctx.store,
      delegator,
      src,
      dst,
      red.entries.filter((entry) => nsFromTimestamp(entry.completionTime) > ctx.timeNs),
    );
  }

  // ---- slashing ----

  /** The power CometBFT was last told for a validator (0 outside the bonded set). */
  lastPower(state: KVReader, operator: Uint8Array): bigint {
    const bytes = state.get(lastPowerKey(operator));
    return bytes === undefined ? 0n : Buffer.from(bytes).readBigUInt64BE();
  }

  /**
   * The Cosmos SDK's x/staking Slash: the amount is `fraction` of the stake behind `infraction.power` (the
   * power CometBFT saw at the infraction), not of what the validator holds now, so stake bonded after the
   * fault pays only through the exchange rate. Unbonding and redelegation entries created at or after the
   * infraction height, and not yet matured, pay first (`fraction` of their initial balance, capped by what is
   * left); what they would have paid comes off the amount, and the rest is burned from the validator's
   * tokens, capped at what it has. Unlike the SDK, entries are scanned even for an infraction at this height:
   * stake that left earlier in this block was behind the power CometBFT saw. Returns the amount burned.
   */
  slash(ctx: StakingContext, burner: TokenBurner, operator: Uint8Array, infraction: Infraction): bigint {
    const { store, events: eventsOut } = ctx;
    const { fraction } = infraction;
    if (fraction <= 0n || !this.getValidator(store, operator)) return 0n;
    const params = this.params(store);
    const denom = params.bond_denom;
    const slashable = (entry: { creationHeight: bigint; completionTime?: Timestamp }) =>
      entry.creationHeight >= infraction.height && nsFromTimestamp(entry.completionTime) > ctx.timeNs;
    let remaining = mulIntByDec(infraction.power * BigInt(params.power_reduction), fraction, "down");
    let burned = 0n;
    const ubdsOfValidator = validatorUbdsPrefix(operator);
    for (const [storeKey] of store.iterate(ubdsOfValidator)) {
      const [delegator] = addressesAfter(storeKey, ubdsOfValidator.length);
      const ubd = this.getUnbondingDelegation(store, delegator, operator);
      if (!ubd) continue;
      let fromUbd = 0n;
      const entries = ubd.entries.map((entry) => {
        if (!slashable(entry)) return entry;
        const owed = mulIntByDec(atomics(entry.initialBalance), fraction, "down");
        remaining -= owed;
        const balance = atomics(entry.balance);
        const cut = minBig(owed, balance);
        fromUbd += cut;
        return { ...entry, balance: (balance - cut).toString() };
      });
      if (fromUbd === 0n) continue;
      this.setUnbondingDelegation(store, delegator, operator, entries);
      burner.burn(store, eventsOut, NOT_BONDED_POOL_ADDRESS, [{ denom, amount: fromUbd }]);
      burned += fromUbd;
    }
    const redsOfValidator = redsBySrcPrefix(operator);
    for (const [storeKey] of store.iterate(redsOfValidator)) {
      const [delegator, dst] = addressesAfter(storeKey, redsOfValidator.length);
      const red = this.getRedelegation(store, delegator, operator, dst);
      if (!red) continue;
      for (const entry of red.entries) {
        if (!slashable(entry)) continue;
        remaining -= mulIntByDec(atomics(entry.initialBalance), fraction, "down");
        const delegation = this.getDelegation(store, delegator, dst);
        if (!delegation) continue;
        const slashedShares = minBig(mulIntByDec(atomics(entry.sharesDst), fraction, "down"), atomics(delegation.shares));
        const destination = this.mustGetValidator(store, dst);
        const worth = this.tokensFromShares(destination, slashedShares);
        if (worth === 0n) continue;
        // Only the shares worth the whole tokens burned go (the SDK removes them all): the under-a-token rest,
        // removed with no token burned, would pass to the destination's other delegators.
        const shares = minBig(mulDiv(worth, atomics(destination.delegatorShares), atomics(destination.tokens), "up"), slashedShares);
        const cut = this.unbond(store, eventsOut, delegator, dst, shares);
        if (cut > 0n) burner.burn(store, eventsOut, this.poolOf(destination), [{ denom, amount: cut }]);
        burned += cut;
      }
    }
    const validator = this.getValidator(store, operator);
    if (!validator) return burned;
    const tokens = atomics(validator.tokens);
    const cut = maxBig(minBig(remaining, tokens), 0n);
    if (cut === 0n) return burned;
    // The fraction of its tokens this is, rounded up as the SDK does, so F1 never counts a stake above what is left.
    this.hooks.beforeValidatorSlashed({ store, events: eventsOut }, operator, mulDiv(cut, DEC_ONE, tokens, "up"));
    burner.burn(store, eventsOut, this.poolOf(validator), [{ denom, amount: cut }]);
    this.writeValidator(store, operator, { ...validator, tokens: (tokens - cut).toString() });
    return burned + cut;
  }

  // ---- end-block ----

  /**
   * Ranks the bonded set again when something changed its ranking: the top max_validators of the power index
   * are bonded, the ones that fell out start unbonding. Reads at most max_validators index entries plus the
   * previous set, whatever the number of validators. Returns CometBFT's updates in operator order.
   */
  applySetUpdates(ctx: StakingContext, bank: TokenMover): ValidatorUpdate[] {
    if (!ctx.store.has(SET_DIRTY_KEY)) return [];
    ctx.store.delete(SET_DIRTY_KEY);
    const params = this.params(ctx.store);
    const last = new Map<string, { operator: Uint8Array; power: bigint }>();
    for (const [storeKey, value] of ctx.store.iterate(LAST_POWER_PREFIX)) {
      const operator = addressesAfter(storeKey, LAST_POWER_PREFIX.length)[0];
      last.set(Buffer.from(operator).toString("hex"), { operator, power: Buffer.from(value).readBigUInt64BE() });
    }
    const top = ctx.store.iterate(POWER_INDEX_PREFIX, { reverse: true, limit: params.max_validators });
    if (top.length === 0 && last.size > 0) {
      // CometBFT halts on an empty set: keep the last one until someone can be bonded (slashing never jails the last).
      ctx.store.set(SET_DIRTY_KEY, new Uint8Array());
      return [];
    }
    const changed: Array<{ operator: Uint8Array; power: bigint }> = [];
    const kept = new Set<string>();
    for (const [storeKey] of top) {
      const power = Buffer.from(storeKey.subarray(POWER_INDEX_PREFIX.length, POWER_INDEX_PREFIX.length + 8)).readBigUInt64BE();
      const operator = invertBytes(addressesAfter(storeKey, POWER_INDEX_PREFIX.length + 8)[0]);
      const id = Buffer.from(operator).toString("hex");
      kept.add(id);
      const validator = this.mustGetValidator(ctx.store, operator);
      if (validator.status !== BondStatus.BOND_STATUS_BONDED) {
        if (validator.status === BondStatus.BOND_STATUS_UNBONDING) ctx.store.delete(valQueueKey(nsFromTimestamp(validator.unbondingTime), operator));
        this.movePool(ctx, bank, NOT_BONDED_POOL_ADDRESS, BONDED_POOL_ADDRESS, atomics(validator.tokens));
        this.writeValidator(ctx.store, operator, { ...validator, status: BondStatus.BOND_STATUS_BONDED, unbondingHeight: 0n, unbondingTime: timestampFromNs(0n) });
      }
      if (last.get(id)?.power !== power) {
        ctx.store.set(lastPowerKey(operator), u64Bytes(power));
        changed.push({ operator, power });
      }
    }
    for (const [id, { operator }] of last) {
      if (kept.has(id)) continue;
      ctx.store.delete(lastPowerKey(operator));
      changed.push({ operator, power: 0n });
      const validator = this.getValidator(ctx.store, operator);
      if (!validator || validator.status !== BondStatus.BOND_STATUS_BONDED) continue;
      const completionNs = ctx.timeNs + BigInt(params.unbonding_time) * NS_PER_SECOND;
      this.movePool(ctx, bank, BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, atomics(validator.tokens));
      this.writeValidator(ctx.store, operator, {
        ...validator,
        status: BondStatus.BOND_STATUS_UNBONDING,
        unbondingHeight: ctx.height,
        unbondingTime: timestampFromNs(completionNs),
      });
      ctx.store.set(valQueueKey(completionNs, operator), new Uint8Array());
    }
    changed.sort((a, b) => Buffer.compare(a.operator, b.operator));
    return changed.map(({ operator, power }) => {
      const validator = this.mustGetValidator(ctx.store, operator);
      ctx.events.push(events.powerChanged(validator.operatorAddress, power));
      return { pubKey: { ed25519: consensusKeyOf(validator) }, power };
    });
  }

  private movePool(ctx: StakingContext, bank: TokenMover, from: Uint8Array, to: Uint8Array, amount: bigint): void {
    if (amount > 0n) bank.send(ctx.store, ctx.events, from, to, [{ denom: this.params(ctx.store).bond_denom, amount }]);
  }

  /**
   * Completes matured unbonding delegations, redelegations and unbonding validators, oldest first, at most
   * max_completions_per_block in all; the rest stay queued for the next blocks.
   */
  completeMatured(ctx: StakingContext, bank: TokenMover): void {
    let budget = this.params(ctx.store).max_completions_per_block;
    const due = (prefix: Uint8Array): Uint8Array[][] => {
      if (budget <= 0) return [];
      const out: Uint8Array[][] = [];
      for (const [storeKey] of ctx.store.iterate(prefix, { limit: budget })) {
        if (Buffer.from(storeKey.subarray(prefix.length, prefix.length + 8)).readBigUInt64BE() > ctx.timeNs) break;
        ctx.store.delete(storeKey);
        out.push(addressesAfter(storeKey, prefix.length + 8));
      }
      budget -= out.length;
      return out;
    };
    for (const [operator] of due(VAL_QUEUE_PREFIX)) {
      const validator = this.getValidator(ctx.store, operator);
      if (!validator || validator.status !== BondStatus.BOND_STATUS_UNBONDING || nsFromTimestamp(validator.unbondingTime) > ctx.timeNs) continue;
      const unbonded: Validator = { ...validator, status: BondStatus.BOND_STATUS_UNBONDED };
      this.writeValidator(ctx.store, operator, unbonded);
      if (atomics(unbonded.delegatorShares) === 0n) this.removeValidator(ctx.store, ctx.events, operator, unbonded);
    }
    for (const [delegator, operator] of due(UBD_QUEUE_PREFIX)) this.completeUnbonding(ctx, bank, delegator, operator);
    for (const [delegator, src, dst] of due(RED_QUEUE_PREFIX)) this.completeRedelegation(ctx, delegator, src, dst);
  }

  /** The bonded set as CometBFT was last told it, for InitChain. */
  validatorSet(state: KVReader): ValidatorUpdate[] {
    return state.iterate(LAST_POWER_PREFIX).map(([storeKey, value]) => {
      const validator = this.mustGetValidator(state, addressesAfter(storeKey, LAST_POWER_PREFIX.length)[0]);
      return { pubKey: { ed25519: consensusKeyOf(validator) }, power: Buffer.from(value).readBigUInt64BE() };
    });
  }

  totalPower(state: KVReader): bigint {
    return state.iterate(LAST_POWER_PREFIX).reduce((sum, [, value]) => sum + Buffer.from(value).readBigUInt64BE(), 0n);
  }
}

function u64Bytes(value: bigint): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value);
  return out;
}
