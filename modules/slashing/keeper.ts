import type { Misbehavior, VoteInfo } from "cosmjs-types/tendermint/abci/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { EvidenceParams } from "cosmjs-types/tendermint/types/params";
import { sameAddress, toValoper, valoperBytes } from "../../app/address";
import type { Context } from "../../app/context";
import { readJson, readParams, writeJson } from "../../app/json-state";
import { u64, utf8 } from "../../app/keys";
import type { KVReader, KVStore } from "../../app/store/types";
import { type Dec, decFromString, decToString, mulIntByDec } from "../../lib/fixed";
import * as events from "./events";
import type { SlashableValidators, TokenBurner } from "./expected";
import {
  EVIDENCE_MAX_AGE_KEY,
  JAIL_QUEUE_PREFIX,
  MISSED_PREFIX,
  NEXT_JAIL_ID_KEY,
  NEXT_SLASH_ID_KEY,
  PARAMS_KEY,
  SIGNING_INFO_PREFIX,
  SLASH_PREFIX,
  jailQueueKey,
  missedKey,
  queuedKey,
  signingInfoKey,
  slashKey,
} from "./keys";
import { DEFAULT_PARAMS, type SlashingParams, validateParams } from "./params";

const NS_PER_SECOND = 1_000_000_000n;
/** Tombstoned validators stay jailed until 9999-12-31T23:59:59Z, as in the Cosmos SDK. */
export const JAILED_FOREVER_NS = 253_402_300_799n * NS_PER_SECOND;

/** Blocks between an end-block's validator updates and the first block they sign (the SDK's ValidatorUpdateDelay). */
const VALIDATOR_UPDATE_DELAY = 1n;

export type SlashReason = "oracle" | "downtime" | "double_sign";

export interface Penalty {
  reason: SlashReason;
  fraction: Dec;
  jailSeconds: number;
  /** Double signing: jailed for good, never unjailed. */
  tombstone?: boolean;
  /** Where the fault happened: stake that left the validator since then is slashed too. This block when unset. */
  infractionHeight?: bigint;
  /** The validator's power CometBFT saw at the fault; the power it was last told when unset. */
  power?: bigint;
}

export interface StoredSigningInfo {
  start_height: number;
  index_offset: number;
  missed_blocks_counter: number;
  jailed_until_ns: string;
  tombstoned: boolean;
}

export interface StoredSlash {
  id: number;
  validator: string;
  reason: SlashReason;
  height: number;
  time_ns: string;
  fraction: string;
  burned: string;
  jail_seconds: number;
  tombstoned: boolean;
}

export interface StoredPendingJail {
  id: number;
  validator: string;
  reason: SlashReason;
  queued_height: number;
  jail_seconds: number;
  tombstoned: boolean;
}

/** CometBFT's evidence age limits, in the units the SDK compares them in. */
export interface StoredEvidenceMaxAge {
  max_age_num_blocks: string;
  max_age_duration_ns: string;
}

export class SlashingKeeper {
  constructor(private readonly staking: SlashableValidators, private readonly bank: TokenBurner) {}

  params(state: KVReader): SlashingParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: SlashingParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  /**
   * InitChain's consensus_params.evidence. CometBFT already keeps stale evidence out of blocks; the app checks
   * again as the SDK's x/evidence does. Without them (an InitChain that sends none) no age limit applies.
   */
  setEvidenceMaxAge(store: KVStore, params: EvidenceParams | undefined): void {
    if (!params) return;
    const durationNs = params.maxAgeDuration.seconds * NS_PER_SECOND + BigInt(params.maxAgeDuration.nanos);
    writeJson(store, EVIDENCE_MAX_AGE_KEY, { max_age_num_blocks: params.maxAgeNumBlocks.toString(), max_age_duration_ns: durationNs.toString() });
  }

  evidenceMaxAge(state: KVReader): StoredEvidenceMaxAge | undefined {
    return readJson<StoredEvidenceMaxAge>(state, EVIDENCE_MAX_AGE_KEY);
  }

  signingInfo(state: KVReader, operator: Uint8Array): StoredSigningInfo | undefined {
    return readJson<StoredSigningInfo>(state, signingInfoKey(operator));
  }

  setSigningInfo(store: KVStore, operator: Uint8Array, info: StoredSigningInfo): void {
    writeJson(store, signingInfoKey(operator), {
      start_height: info.start_height,
      index_offset: info.index_offset,
      missed_blocks_counter: info.missed_blocks_counter,
      jailed_until_ns: info.jailed_until_ns,
      tombstoned: info.tombstoned,
    });
  }

  signingInfos(state: KVReader): Array<{ operator: Uint8Array; info: StoredSigningInfo }> {
    return state.iterate(SIGNING_INFO_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(SIGNING_INFO_PREFIX.length), info: parse(value) }));
  }

  missedBitmap(state: KVReader, operator: Uint8Array): Uint8Array | undefined {
    return state.get(missedKey(operator));
  }

  setMissedBitmap(store: KVStore, operator: Uint8Array, bitmap: Uint8Array): void {
    store.set(missedKey(operator), bitmap);
  }

  missedBitmaps(state: KVReader): Array<{ operator: Uint8Array; bitmap: Uint8Array }> {
    return state.iterate(MISSED_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(MISSED_PREFIX.length), bitmap: value }));
  }

  /** Every slash, oldest first (genesis export; the query pages the prefix itself). */
  slashHistory(state: KVReader): StoredSlash[] {
    return state.iterate(SLASH_PREFIX).map(([, value]) => parse<StoredSlash>(value));
  }

  addSlashRecord(store: KVStore, record: StoredSlash): void {
    writeJson(store, slashKey(BigInt(record.id)), record);
  }

  nextId(state: KVReader, counterKey: Uint8Array): number {
    const bytes = state.get(counterKey);
    return bytes === undefined ? 1 : Number(utf8(bytes));
  }

  setNextId(store: KVStore, counterKey: Uint8Array, id: number): void {
    store.set(counterKey, Buffer.from(id.toString(), "utf8"));
  }

  jailQueue(state: KVReader): StoredPendingJail[] {
    return state.iterate(JAIL_QUEUE_PREFIX).map(([, value]) => parse<StoredPendingJail>(value));
  }

  enqueueJail(store: KVStore, operator: Uint8Array, entry: StoredPendingJail): void {
    writeJson(store, jailQueueKey(BigInt(entry.id)), entry);
    store.set(queuedKey(operator), u64(entry.id));
  }

  private dequeueJail(store: KVStore, operator: Uint8Array, id: number): void {
    store.delete(jailQueueKey(BigInt(id)));
    store.delete(queuedKey(operator));
  }

  isJailPending(state: KVReader, operator: Uint8Array): boolean {
    return state.has(queuedKey(operator));
  }

  /**
   * Slashes now and queues the jail (applied in this block's end-block, within the per-block power cap).
   * Only a bonded, unjailed validator not already waiting for its jail is punished again (Terra issue 341);
   * double signing is punished whatever the state, once: it tombstones.
   */
  punish(ctx: Context, operator: Uint8Array, penalty: Penalty): boolean {
    const record = this.staking.validator(ctx.store, operator);
    if (!record) return false;
    const info = this.signingInfo(ctx.store, operator) ?? freshSigningInfo(ctx.height);
    if (info.tombstoned) return false;
    const pending = this.isJailPending(ctx.store, operator);
    if (!penalty.tombstone && (record.jailed || pending || this.staking.power(ctx.store, record) === 0n)) return false;

    const burned = this.staking.slash(ctx, this.bank, operator, {
      height: penalty.infractionHeight ?? ctx.height,
      power: penalty.power ?? this.staking.lastPower(ctx.store, operator),
      fraction: penalty.fraction,
    });
    const slashId = this.nextId(ctx.store, NEXT_SLASH_ID_KEY);
    const tombstoned = penalty.tombstone ?? false;
    this.addSlashRecord(ctx.store, {
      id: slashId,
      validator: record.operator_address,
      reason: penalty.reason,
      height: Number(ctx.height),
      time_ns: ctx.timeNs.toString(),
      fraction: decToString(penalty.fraction, { trimZeros: true }),
      burned: burned.toString(),
      jail_seconds: penalty.jailSeconds,
      tombstoned,
    });
    this.setNextId(ctx.store, NEXT_SLASH_ID_KEY, slashId + 1);
    ctx.events.push(events.slash(record.operator_address, penalty.reason, decToString(penalty.fraction, { trimZeros: true }), burned, tombstoned));

    if (tombstoned) {
      this.setSigningInfo(ctx.store, operator, { ...info, tombstoned: true, jailed_until_ns: JAILED_FOREVER_NS.toString() });
      if (record.jailed) return true;
      if (pending) {
        const queued = this.jailQueue(ctx.store).find((entry) => sameAddress(valoperBytes(entry.validator), operator));
        if (queued) this.enqueueJail(ctx.store, operator, { ...queued, reason: penalty.reason, tombstoned: true, jail_seconds: 0 });
        return true;
      }
    }
    const jailId = this.nextId(ctx.store, NEXT_JAIL_ID_KEY);
    this.enqueueJail(ctx.store, operator, {
      id: jailId,
      validator: record.operator_address,
      reason: penalty.reason,
      queued_height: Number(ctx.height),
      jail_seconds: penalty.jailSeconds,
      tombstoned,
    });
    this.setNextId(ctx.store, NEXT_JAIL_ID_KEY, jailId + 1);
    return true;
  }

  /**
   * Liveness from the commit of the previous block (CometBFT's decided_last_commit): a validator that missed
   * more than (1 − min_signed_per_window) of the last signed_blocks_window blocks is slashed and jailed.
   * A vote for nil counts as signed, as in the SDK; only an absent signature is a miss.
   */
  handleCommit(ctx: Context, votes: readonly VoteInfo[]): void {
    const params = this.params(ctx.store);
    for (const vote of votes) {
      if (!vote.validator) continue;
      const operator = this.staking.operatorByConsensusAddress(ctx.store, vote.validator.address);
      if (!operator) continue;
      const record = this.staking.validator(ctx.store, operator);
      if (!record || record.jailed || this.isJailPending(ctx.store, operator)) continue;
      this.handleSignature(ctx, params, operator, record.operator_address, vote.validator.power, vote.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_ABSENT);
    }
  }

  private handleSignature(ctx: Context, params: SlashingParams, operator: Uint8Array, validator: string, power: bigint, missed: boolean): void {
    const window = params.signed_blocks_window;
    const info = this.signingInfo(ctx.store, operator) ?? freshSigningInfo(ctx.height);
    let bitmap = this.missedBitmap(ctx.store, operator);
    // A changed window invalidates the old bitmap: start counting afresh rather than misread it.
    if (!bitmap || bitmap.length !== bitmapBytes(window)) {
      bitmap = new Uint8Array(bitmapBytes(window));
      info.missed_blocks_counter = 0;
    } else {
      bitmap = Uint8Array.from(bitmap);
    }
    const index = info.index_offset % window;
    const wasMissed = (bitmap[index >> 3] & (1 << (index & 7))) !== 0;
    if (missed && !wasMissed) {
      bitmap[index >> 3] |= 1 << (index & 7);
      info.missed_blocks_counter++;
    } else if (!missed && wasMissed) {
      bitmap[index >> 3] &= ~(1 << (index & 7));
      info.missed_blocks_counter--;
    }
    info.index_offset++;
    if (missed) ctx.events.push(events.liveness(validator, info.missed_blocks_counter, ctx.height));

    const minSigned = mulIntByDec(BigInt(window), decFromString(params.min_signed_per_window), "down");
    const maxMissed = BigInt(window) - minSigned;
    const minHeight = BigInt(info.start_height) + BigInt(window);
    if (ctx.height > minHeight && BigInt(info.missed_blocks_counter) > maxMissed) {
      info.missed_blocks_counter = 0;
      info.index_offset = 0;
      bitmap = new Uint8Array(bitmapBytes(window));
      this.setSigningInfo(ctx.store, operator, info);
      this.setMissedBitmap(ctx.store, operator, bitmap);
      // The last commit was signed by the set of two blocks before it (CometBFT applies updates one block late): the
      // SDK's distributionHeight, height − ValidatorUpdateDelay − 1, with the power that commit carried.
      this.punish(ctx, operator, {
        reason: "downtime",
        fraction: decFromString(params.slash_fraction_downtime),
        jailSeconds: params.downtime_jail_duration_seconds,
        infractionHeight: ctx.height - VALIDATOR_UPDATE_DELAY - 1n,
        power,
      });
      return;
    }
    this.setSigningInfo(ctx.store, operator, info);
    this.setMissedBitmap(ctx.store, operator, bitmap);
  }

  /**
   * Double signs CometBFT reports (duplicate votes and light-client attacks): slash, jail and tombstone. As the
   * SDK's x/evidence, evidence older than both of CometBFT's age limits is stale, and a validator that is gone
   * or has finished unbonding is not punished: its stake left after unbonding_time and owes nothing more.
   */
  handleMisbehavior(ctx: Context, misbehavior: readonly Misbehavior[]): void {
    const params = this.params(ctx.store);
    const maxAge = this.evidenceMaxAge(ctx.store);
    for (const evidence of misbehavior) {
      if (!evidence.validator) continue;
      if (maxAge && evidenceExpired(ctx, evidence, maxAge)) continue;
      const operator = this.staking.operatorByConsensusAddress(ctx.store, evidence.validator.address);
      if (!operator) continue;
      const record = this.staking.validator(ctx.store, operator);
      if (!record || record.status === BondStatus.BOND_STATUS_UNBONDED) continue;
      // The stake that signed at the evidence's height was bonded one block earlier (the SDK's distributionHeight).
      this.punish(ctx, operator, {
        reason: "double_sign",
        fraction: decFromString(params.slash_fraction_double_sign),
        jailSeconds: 0,
        tombstone: true,
        infractionHeight: evidence.height - VALIDATOR_UPDATE_DELAY,
        power: evidence.validator.power,
      });
    }
  }

  /**
   * Jails queued validators, oldest punishment first, while the power jailed in this block stays within
   * max_jailed_power_per_block of the bonded power; the rest wait for the next blocks. The first jail of a
   * block always goes ahead (a validator larger than the cap could otherwise never be jailed), with an event
   * when it exceeds the cap. The last validator with power is never jailed: the chain would stop.
   */
  processJailQueue(ctx: Context): void {
    const queue = this.jailQueue(ctx.store);
    if (queue.length === 0) return;
    const params = this.params(ctx.store);
    const validators = this.staking.validators(ctx.store);
    let totalPower = 0n;
    let activeCount = 0;
    for (const { record } of validators) {
      const power = this.staking.power(ctx.store, record);
      totalPower += power;
      if (power > 0n) activeCount++;
    }
    const cap = mulIntByDec(totalPower, decFromString(params.max_jailed_power_per_block), "down");
    let jailedPower = 0n;
    let jailedCount = 0;
    for (const entry of queue) {
      const operator = valoperBytes(entry.validator);
      const record = this.staking.validator(ctx.store, operator);
      if (!record) {
        this.dequeueJail(ctx.store, operator, entry.id);
        continue;
      }
      const info = this.signingInfo(ctx.store, operator) ?? freshSigningInfo(ctx.height);
      const until = entry.tombstoned ? JAILED_FOREVER_NS : ctx.timeNs + BigInt(entry.jail_seconds) * NS_PER_SECOND;
      if (record.jailed) {
        // Jailed meanwhile for another cause: the longer sentence stands.
        if (until > BigInt(info.jailed_until_ns)) this.setSigningInfo(ctx.store, operator, { ...info, jailed_until_ns: until.toString() });
        this.dequeueJail(ctx.store, operator, entry.id);
        continue;
      }
      const power = this.staking.power(ctx.store, record);
      if (power > 0n && activeCount - jailedCount <= 1) {
        ctx.events.push(events.jailDeferred(entry.validator, entry.reason, "last_active_validator"));
        continue;
      }
      if (jailedCount > 0 && jailedPower + power > cap) {
        ctx.events.push(events.jailDeferred(entry.validator, entry.reason, "power_cap"));
        continue;
      }
      if (power > cap) ctx.events.push(events.jailPowerCapExceeded(entry.validator, power, cap, totalPower));
      this.staking.setJailed(ctx.store, ctx.events, operator, true);
      this.setSigningInfo(ctx.store, operator, { ...info, jailed_until_ns: until.toString() });
      this.dequeueJail(ctx.store, operator, entry.id);
      ctx.events.push(events.jail(entry.validator, entry.reason, until.toString(), power));
      if (power > 0n) {
        jailedPower += power;
        jailedCount++;
      }
    }
  }

  /** After MsgUnjail: power back, and a fresh liveness window so old misses do not jail it again at once. */
  unjail(ctx: Context, operator: Uint8Array): void {
    this.staking.setJailed(ctx.store, ctx.events, operator, false);
    const info = this.signingInfo(ctx.store, operator) ?? freshSigningInfo(ctx.height);
    this.setSigningInfo(ctx.store, operator, { ...info, start_height: Number(ctx.height), index_offset: 0, missed_blocks_counter: 0 });
    ctx.store.delete(missedKey(operator));
    ctx.events.push(events.unjail(toValoper(operator)));
  }
}

/** The SDK's rule: stale only when older than both max_age_num_blocks and max_age_duration. */
function evidenceExpired(ctx: Pick<Context, "height" | "timeNs">, evidence: Pick<Misbehavior, "height" | "time">, maxAge: StoredEvidenceMaxAge): boolean {
  const ageBlocks = ctx.height - evidence.height;
  const ageNs = ctx.timeNs - (evidence.time ? evidence.time.seconds * NS_PER_SECOND + BigInt(evidence.time.nanos) : 0n);
  return ageNs > BigInt(maxAge.max_age_duration_ns) && ageBlocks > BigInt(maxAge.max_age_num_blocks);
}

export function freshSigningInfo(height: bigint): StoredSigningInfo {
  return { start_height: Number(height), index_offset: 0, missed_blocks_counter: 0, jailed_until_ns: "0", tombstoned: false };
}

const bitmapBytes = (window: number) => Math.ceil(window / 8);

function parse<T = StoredSigningInfo>(bytes: Uint8Array): T {
  return JSON.parse(utf8(bytes)) as T;
}
