// F1 fee distribution (Ojha, "F1 Fee Distribution"; the Cosmos SDK's x/distribution): per validator a period
// counter and a cumulative reward ratio per unit of stake; a delegation remembers the period it started in, so
// its rewards are stake × (ratio now − ratio then), corrected for slashes in between, and no block ever loops
// over delegators. Records are the SDK's own protobuf messages (cosmjs-types), amounts in its LegacyDec wire form.
import {
  DelegatorStartingInfo,
  FeePool,
  ValidatorAccumulatedCommission,
  ValidatorCurrentRewards,
  ValidatorHistoricalRewards,
  ValidatorOutstandingRewards,
  ValidatorSlashEvent,
} from "cosmjs-types/cosmos/distribution/v1beta1/distribution";
import type { Event, VoteInfo } from "cosmjs-types/tendermint/abci/types";
import { type AddressSet, moduleAddress, toAccAddress, toValoper } from "../../app/address";
import type { Coin } from "../../app/coins";
import type { Context } from "../../app/context";
import { readParams, writeJson } from "../../app/json-state";
import { u64 } from "../../app/keys";
import type { KVReader, KVStore } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromString, mulDiv } from "../../lib/fixed";
import * as dec from "./deccoins";
import type { DecCoin, DecCoins } from "./deccoins";
import * as events from "./events";
import { ErrBlockedWithdrawAddress, ErrEmptyDelegationDistInfo, ErrInvalidState, ErrNoDelegationExists, ErrNoValidatorCommission, ErrNoValidatorExists, ErrSetWithdrawAddrDisabled } from "./errors";
import type { DistributionBank, HookScope, StakingView } from "./expected";
import {
  COMMISSION_PREFIX,
  CURRENT_PREFIX,
  FEE_POOL_KEY,
  HEIGHT_KEY,
  HISTORICAL_PREFIX,
  OUTSTANDING_PREFIX,
  PARAMS_KEY,
  SLASH_PREFIX,
  STARTING_PREFIX,
  type ReferenceRecordKey,
  WITHDRAW_PREFIX,
  commissionKey,
  currentKey,
  historicalKey,
  historicalOf,
  outstandingKey,
  parseReferenceRecordKey,
  slashKey,
  slashesOf,
  startingKey,
  startingOf,
  withdrawAddrKey,
} from "./keys";
import { DEFAULT_PARAMS, type DistributionParams, validateParams } from "./params";

export const DISTRIBUTION_MODULE = "distribution";
export const DISTRIBUTION_MODULE_ADDRESS = moduleAddress(DISTRIBUTION_MODULE);

export interface Historical {
  ratio: DecCoin[];
  referenceCount: number;
}
export interface StartingInfo {
  previousPeriod: bigint;
  stake: Dec;
  height: bigint;
}
/** A validator's numbers as F1 uses them. */
export interface Stake {
  tokens: bigint;
  delegatorShares: Dec;
  commissionRate: Dec;
}

export interface SlashEvent {
  height: bigint;
  period: bigint;
  fraction: Dec;
}

/** Where a block-time or tx-time change writes, and what it reports. */
export interface Scope {
  store: KVStore;
  events: Event[];
  height: bigint;
}

export interface DistributionDeps {
  staking: StakingView;
  bank: DistributionBank;
  /** Module accounts: they may not be a withdraw address, as in the SDK (blockedAddrs). */
  blocked: AddressSet;
  /** The account the ante pays fees into. */
  feeCollector: Uint8Array;
}

const decode = <T>(codec: { decode(bytes: Uint8Array): T }, bytes: Uint8Array | undefined): T | undefined => (bytes === undefined ? undefined : codec.decode(bytes));

export class DistributionKeeper {
  constructor(private readonly deps: DistributionDeps) {}

  params(state: KVReader): DistributionParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: DistributionParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  // ---- records -------------------------------------------------------------------------------------------

  communityPool(state: KVReader): DecCoin[] {
    const pool = decode(FeePool, state.get(FEE_POOL_KEY));
    return pool ? dec.fromProto(pool.communityPool) : [];
  }

  setCommunityPool(store: KVStore, pool: DecCoins): void {
    store.set(FEE_POOL_KEY, FeePool.encode({ communityPool: dec.toProto(pool) }).finish());
  }

  withdrawAddress(state: KVReader, delegator: Uint8Array): Uint8Array {
    return state.get(withdrawAddrKey(delegator)) ?? delegator;
  }

  withdrawAddresses(state: KVReader): Array<{ delegator: Uint8Array; withdraw: Uint8Array }> {
    return state.iterate(WITHDRAW_PREFIX).map(([k, v]) => ({ delegator: k.subarray(WITHDRAW_PREFIX.length), withdraw: v }));
  }

  outstanding(state: KVReader, operator: Uint8Array): DecCoin[] {
    const record = decode(ValidatorOutstandingRewards, state.get(outstandingKey(operator)));
    return record ? dec.fromProto(record.rewards) : [];
  }

  setOutstanding(store: KVStore, operator: Uint8Array, rewards: DecCoins): void {
    store.set(outstandingKey(operator), ValidatorOutstandingRewards.encode({ rewards: dec.toProto(rewards) }).finish());
  }

  commission(state: KVReader, operator: Uint8Array): DecCoin[] {
    const record = decode(ValidatorAccumulatedCommission, state.get(commissionKey(operator)));
    return record ? dec.fromProto(record.commission) : [];
  }

  setCommission(store: KVStore, operator: Uint8Array, commission: DecCoins): void {
    store.set(commissionKey(operator), ValidatorAccumulatedCommission.encode({ commission: dec.toProto(commission) }).finish());
  }

  current(state: KVReader, operator: Uint8Array): { rewards: DecCoin[]; period: bigint } | undefined {
    const record = decode(ValidatorCurrentRewards, state.get(currentKey(operator)));
    return record ? { rewards: dec.fromProto(record.rewards), period: record.period } : undefined;
  }

  setCurrent(store: KVStore, operator: Uint8Array, rewards: DecCoins, period: bigint): void {
    store.set(currentKey(operator), ValidatorCurrentRewards.encode({ rewards: dec.toProto(rewards), period }).finish());
  }

  historical(state: KVReader, operator: Uint8Array, period: bigint): Historical {
    const record = decode(ValidatorHistoricalRewards, state.get(historicalKey(operator, period)));
    // A period a delegation or slash still refers to is never deleted; its absence is corrupted state.
    if (!record) throw new Error(`distribution: no historical rewards for ${toValoper(operator)} period ${period}`);
    return { ratio: dec.fromProto(record.cumulativeRewardRatio), referenceCount: record.referenceCount };
  }

  setHistorical(store: KVStore, operator: Uint8Array, period: bigint, record: Historical): void {
    store.set(historicalKey(operator, period), ValidatorHistoricalRewards.encode({ cumulativeRewardRatio: dec.toProto(record.ratio), referenceCount: record.referenceCount }).finish());
  }

  historicals(state: KVReader): Array<{ operator: Uint8Array; period: bigint; record: Historical }> {
    return state.iterate(HISTORICAL_PREFIX).map(([k, v]) => {
      const { operator, period } = recordKeyOf(k, "historical");
      const record = ValidatorHistoricalRewards.decode(v);
      return { operator, period, record: { ratio: dec.fromProto(record.cumulativeRewardRatio), referenceCount: record.referenceCount } };
    });
  }

  startingInfo(state: KVReader, delegator: Uint8Array, operator: Uint8Array): StartingInfo | undefined {
    const record = decode(DelegatorStartingInfo, state.get(startingKey(delegator, operator)));
    return record ? { previousPeriod: record.previousPeriod, stake: BigInt(record.stake), height: record.height } : undefined;
  }

  setStartingInfo(store: KVStore, delegator: Uint8Array, operator: Uint8Array, info: StartingInfo): void {
    store.set(startingKey(delegator, operator), DelegatorStartingInfo.encode({ previousPeriod: info.previousPeriod, stake: info.stake.toString(), height: info.height }).finish());
  }

  /** The validators a delegator has a delegation with, in operator order. */
  delegatorValidators(state: KVReader, delegator: Uint8Array): Uint8Array[] {
    const prefix = startingOf(delegator);
    return state.iterate(prefix).map(([k]) => k.subarray(prefix.length));
  }

  startingInfos(state: KVReader): Array<{ delegator: Uint8Array; operator: Uint8Array; info: StartingInfo }> {
    return state.iterate(STARTING_PREFIX).map(([k, v]) => {
      const { delegator, operator } = recordKeyOf(k, "starting");
      const record = DelegatorStartingInfo.decode(v);
      return { delegator, operator, info: { previousPeriod: record.previousPeriod, stake: BigInt(record.stake), height: record.height } };
    });
  }

  setSlashEvent(store: KVStore, operator: Uint8Array, event: SlashEvent): void {
    store.set(slashKey(operator, event.height, event.period), ValidatorSlashEvent.encode({ validatorPeriod: event.period, fraction: event.fraction.toString() }).finish());
  }

  /** A validator's slashes at or after a height, in (height, period) order. */
  slashEvents(state: KVReader, operator: Uint8Array, fromHeight = 0n): SlashEvent[] {
    return state.iterate(slashesOf(operator), { start: slashKey(operator, fromHeight, 0n) }).map(([k, v]) => decodeSlash(recordKeyOf(k, "slash").height, v));
  }

  allSlashEvents(state: KVReader): Array<{ operator: Uint8Array; event: SlashEvent }> {
    return state.iterate(SLASH_PREFIX).map(([k, v]) => {
      const { operator, height } = recordKeyOf(k, "slash");
      return { operator, event: decodeSlash(height, v) };
    });
  }

  /** Every validator distribution keeps books for, in operator order. */
  validatorsWithRecords(state: KVReader): Uint8Array[] {
    return state.iterate(CURRENT_PREFIX).map(([k]) => k.subarray(CURRENT_PREFIX.length));
  }

  everyOutstanding(state: KVReader): Array<{ operator: Uint8Array; rewards: DecCoin[] }> {
    return state.iterate(OUTSTANDING_PREFIX).map(([k, v]) => ({ operator: k.subarray(OUTSTANDING_PREFIX.length), rewards: dec.fromProto(ValidatorOutstandingRewards.decode(v).rewards) }));
  }

  everyCommission(state: KVReader): Array<{ operator: Uint8Array; commission: DecCoin[] }> {
    return state.iterate(COMMISSION_PREFIX).map(([k, v]) => ({ operator: k.subarray(COMMISSION_PREFIX.length), commission: dec.fromProto(ValidatorAccumulatedCommission.decode(v).commission) }));
  }

  // ---- F1 ------------------------------------------------------------------------------------------------

  /** A new validator: period 0 with a zero ratio (held once, by the open period 1), nothing owed yet. */
  initializeValidator(store: KVStore, operator: Uint8Array): void {
    this.setHistorical(store, operator, 0n, { ratio: [], referenceCount: 1 });
    this.setCurrent(store, operator, [], 1n);
    this.setCommission(store, operator, []);
    this.setOutstanding(store, operator, []);
  }

  /**
   * Closes the open period: its rewards per unit of stake are added to the cumulative ratio, and a new period
   * opens. Returns the period just closed. With no stake behind it the period's rewards belong to nobody and
   * go to the community pool, as in the SDK.
   */
  incrementValidatorPeriod(store: KVStore, operator: Uint8Array): bigint {
    const validator = this.mustValidator(store, operator);
    const current = this.current(store, operator);
    if (!current) throw new Error(`distribution: no current rewards for ${toValoper(operator)}`);
    let added: DecCoin[];
    if (validator.tokens === 0n) {
      this.setCommunityPool(store, dec.add(this.communityPool(store), current.rewards));
      this.setOutstanding(store, operator, dec.sub(this.outstanding(store, operator), current.rewards));
      added = [];
    } else {
      added = dec.quoDecDown(current.rewards, validator.tokens * DEC_ONE);
    }
    const previous = this.historical(store, operator, current.period - 1n);
    this.decrementReferenceCount(store, operator, current.period - 1n);
    this.setHistorical(store, operator, current.period, { ratio: dec.add(previous.ratio, added), referenceCount: 1 });
    this.setCurrent(store, operator, [], current.period + 1n);
    return current.period;
  }

  private incrementReferenceCount(store: KVStore, operator: Uint8Array, period: bigint): void {
    const record = this.historical(store, operator, period);
    this.setHistorical(store, operator, period, { ...record, referenceCount: record.referenceCount + 1 });
  }

  /** A period nobody refers to any more is deleted, so history stays as long as the live delegations need. */
  private decrementReferenceCount(store: KVStore, operator: Uint8Array, period: bigint): void {
    const record = this.historical(store, operator, period);
    if (record.referenceCount === 0) throw new Error(`distribution: reference count of ${toValoper(operator)} period ${period} would go negative`);
    if (record.referenceCount === 1) store.delete(historicalKey(operator, period));
    else this.setHistorical(store, operator, period, { ...record, referenceCount: record.referenceCount - 1 });
  }

  /** A delegation starts at the period just closed, with the stake its shares are worth now (rounded down). */
  initializeDelegation(scope: Scope, operator: Uint8Array, delegator: Uint8Array): void {
    const validator = this.mustValidator(scope.store, operator);
    const shares = this.delegationShares(scope.store, delegator, operator);
    if (shares === undefined) throw new Error(`distribution: no delegation of ${toAccAddress(delegator)} to ${toValoper(operator)}`);
    const current = this.current(scope.store, operator);
    if (!current) throw new Error(`distribution: no current rewards for ${toValoper(operator)}`);
    const previousPeriod = current.period - 1n;
    this.incrementReferenceCount(scope.store, operator, previousPeriod);
    this.setStartingInfo(scope.store, delegator, operator, { previousPeriod, stake: tokensFromSharesDown(validator, shares), height: scope.height });
  }

  private rewardsBetween(state: KVReader, operator: Uint8Array, startingPeriod: bigint, endingPeriod: bigint, stake: Dec): DecCoin[] {
    if (startingPeriod > endingPeriod) throw new Error(`distribution: periods out of order (${startingPeriod} > ${endingPeriod})`);
    if (stake < 0n) throw new Error("distribution: negative stake");
    const difference = dec.sub(this.historical(state, operator, endingPeriod).ratio, this.historical(state, operator, startingPeriod).ratio);
    return dec.mulDecDown(difference, stake);
  }

  /**
   * What a delegation earned from its starting period to `endingPeriod` (already closed). Each slash in between
   * ends a stretch: the stake after it is cut by its fraction. The result never exceeds the stake its shares
   * are worth now, so a rounding in staking can cost the delegator dust but never overpay them.
   */
  calculateDelegationRewards(state: KVReader, operator: Uint8Array, delegator: Uint8Array, endingPeriod: bigint): DecCoin[] {
    const starting = this.startingInfo(state, delegator, operator);
    if (!starting) throw ErrEmptyDelegationDistInfo.wrap(`${toAccAddress(delegator)} has no rewards record with ${toValoper(operator)}`);
    const validator = this.mustValidator(state, operator);
    const shares = this.delegationShares(state, delegator, operator);
    if (shares === undefined) throw ErrNoDelegationExists.wrap(`${toAccAddress(delegator)} has no delegation with ${toValoper(operator)}`);
    let rewards: DecCoin[] = [];
    let startingPeriod = starting.previousPeriod;
    let stake = starting.stake;
    // Only slashes from the delegation's start height on are read, so a withdrawal's work (and gas) does not
    // grow with the validator's older history; within that height, periods order them against the delegation.
    for (const slash of this.slashEvents(state, operator, starting.height)) {
      if (slash.period <= startingPeriod || slash.period > endingPeriod) continue;
      rewards = dec.add(rewards, this.rewardsBetween(state, operator, startingPeriod, slash.period, stake));
      stake = mulDiv(stake, DEC_ONE - slash.fraction, DEC_ONE, "down");
      startingPeriod = slash.period;
    }
    const currentStake = tokensFromShares(validator, shares);
    if (stake > currentStake) stake = currentStake;
    return dec.add(rewards, this.rewardsBetween(state, operator, startingPeriod, endingPeriod, stake));
  }

  /**
   * Pays a delegation's rewards to its withdraw address and ends its record (the caller starts a new one if
   * the delegation goes on). Fractions of a coin go to the community pool; what the validator cannot cover is
   * not paid.
   */
  withdrawDelegationRewards(scope: Scope, operator: Uint8Array, delegator: Uint8Array): Coin[] {
    const starting = this.startingInfo(scope.store, delegator, operator);
    if (!starting) throw ErrEmptyDelegationDistInfo.wrap(`${toAccAddress(delegator)} has no rewards record with ${toValoper(operator)}`);
    const endingPeriod = this.incrementValidatorPeriod(scope.store, operator);
    const owed = this.calculateDelegationRewards(scope.store, operator, delegator, endingPeriod);
    const outstanding = this.outstanding(scope.store, operator);
    const rewards = dec.intersect(owed, outstanding);
    const { coins, change } = dec.truncate(rewards);
    if (coins.length > 0) this.deps.bank.send(scope.store, scope.events, DISTRIBUTION_MODULE_ADDRESS, this.withdrawAddress(scope.store, delegator), coins);
    this.setOutstanding(scope.store, operator, dec.sub(outstanding, rewards));
    this.setCommunityPool(scope.store, dec.add(this.communityPool(scope.store), change));
    this.decrementReferenceCount(scope.store, operator, starting.previousPeriod);
    scope.store.delete(startingKey(delegator, operator));
    // Nothing paid still says what: the SDK reports (and answers) a zero coin of its base denom, not an empty amount.
    const paid = coins.length > 0 ? coins : [{ denom: this.deps.staking.bondDenom(scope.store), amount: 0n }];
    scope.events.push(events.withdrawRewards(toValoper(operator), toAccAddress(delegator), paid));
    return paid;
  }

  mustHaveDelegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array): void {
    if (!this.deps.staking.validator(state, operator)) throw ErrNoValidatorExists.wrap(toValoper(operator));
    if (this.delegationShares(state, delegator, operator) === undefined) {
      throw ErrNoDelegationExists.wrap(`${toAccAddress(delegator)} has no delegation with ${toValoper(operator)}`);
    }
  }

  /** MsgWithdrawDelegatorReward: pay, then start a new record for the same delegation. */
  withdrawAndRestart(scope: Scope, operator: Uint8Array, delegator: Uint8Array): Coin[] {
    this.mustHaveDelegation(scope.store, delegator, operator);
    const coins = this.withdrawDelegationRewards(scope, operator, delegator);
    this.initializeDelegation(scope, operator, delegator);
    return coins;
  }

  /** Pays the whole coins of a validator's commission to its operator's withdraw address; fractions stay. */
  withdrawValidatorCommission(scope: Scope, operator: Uint8Array): Coin[] {
    const accumulated = this.commission(scope.store, operator);
    if (dec.isZero(accumulated)) throw ErrNoValidatorCommission.wrap(toValoper(operator));
    const { coins, change } = dec.truncate(accumulated);
    this.setCommission(scope.store, operator, change);
    this.setOutstanding(scope.store, operator, dec.sub(this.outstanding(scope.store, operator), dec.fromCoins(coins)));
    if (coins.length > 0) this.deps.bank.send(scope.store, scope.events, DISTRIBUTION_MODULE_ADDRESS, this.withdrawAddress(scope.store, operator), coins);
    scope.events.push(events.withdrawCommission(toValoper(operator), coins));
    return coins;
  }

  /** Module accounts move coins only through their modules, so none may collect someone's rewards. */
  checkWithdrawAddress(withdraw: Uint8Array): void {
    if (this.deps.blocked.has(withdraw)) throw ErrBlockedWithdrawAddress.wrap(`${toAccAddress(withdraw)} is not allowed to receive funds`);
  }

  checkWithdrawAddressEnabled(state: KVReader): void {
    if (!this.params(state).withdraw_addr_enabled) throw ErrSetWithdrawAddrDisabled.wrap("withdraw addresses are switched off by params");
  }

  setWithdrawAddress(scope: Scope, delegator: Uint8Array, withdraw: Uint8Array): void {
    this.checkWithdrawAddress(withdraw);
    this.checkWithdrawAddressEnabled(scope.store);
    scope.store.set(withdrawAddrKey(delegator), withdraw);
    scope.events.push(events.setWithdrawAddress(toAccAddress(delegator), toAccAddress(withdraw)));
  }

  fundCommunityPool(scope: Scope, depositor: Uint8Array, coins: Coin[]): void {
    this.deps.bank.send(scope.store, scope.events, depositor, DISTRIBUTION_MODULE_ADDRESS, coins);
    this.setCommunityPool(scope.store, dec.add(this.communityPool(scope.store), dec.fromCoins(coins)));
    scope.events.push(events.fundCommunityPool(toAccAddress(depositor), coins));
  }

  // ---- allocation ----------------------------------------------------------------------------------------

  /**
   * BeginBlock: the fee collector's coins (the previous block's fees) move to this module; the community tax
   * and whatever cannot be attributed go to the community pool, the rest to the validators of the last commit
   * by their share of its power (every vote counts, as in SDK v0.50: downtime is slashing's business).
   */
  allocateTokens(ctx: Context, votes: readonly VoteInfo[]): void {
    const collected = this.deps.bank.allBalances(ctx.store, this.deps.feeCollector).filter((c) => c.amount > 0n);
    if (collected.length === 0) return;
    this.deps.bank.send(ctx.store, ctx.events, this.deps.feeCollector, DISTRIBUTION_MODULE_ADDRESS, collected);
    const fees = dec.fromCoins(collected);
    const totalPower = votes.reduce((sum, vote) => sum + (vote.validator?.power ?? 0n), 0n);
    let remaining: DecCoin[] = fees;
    if (totalPower > 0n) {
      const forValidators = dec.mulDecDown(fees, DEC_ONE - decFromString(this.params(ctx.store).community_tax));
      for (const vote of votes) {
        const power = vote.validator?.power ?? 0n;
        if (power <= 0n) continue;
        const operator = this.deps.staking.operatorByConsensusAddress(ctx.store, vote.validator!.address);
        if (!operator || !this.current(ctx.store, operator) || !this.deps.staking.validator(ctx.store, operator)) continue;
        const reward = forValidators.map((c) => ({ denom: c.denom, amount: mulDiv(c.amount, power, totalPower, "down") })).filter((c) => c.amount > 0n);
        this.allocateToValidator(ctx.store, ctx.events, operator, reward);
        remaining = dec.sub(remaining, reward);
      }
    }
    this.setCommunityPool(ctx.store, dec.add(this.communityPool(ctx.store), remaining));
  }

  /** Books rewards the module already holds: the commission to the operator, the rest to the open period. */
  allocateToValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, tokens: DecCoins): void {
    if (dec.isZero(tokens)) return;
    const validator = this.mustValidator(store, operator);
    const commission = dec.mulDecDown(tokens, validator.commissionRate);
    const shared = dec.sub(tokens, commission);
    const current = this.current(store, operator);
    if (!current) throw new Error(`distribution: no current rewards for ${toValoper(operator)}`);
    this.setCommission(store, operator, dec.add(this.commission(store, operator), commission));
    this.setCurrent(store, operator, dec.add(current.rewards, shared), current.period);
    this.setOutstanding(store, operator, dec.add(this.outstanding(store, operator), tokens));
    const valoper = toValoper(operator);
    eventsOut.push(events.commission(valoper, commission), events.rewards(valoper, shared));
  }

  /**
   * Rewards paid from another module's account (the oracle's reward pool): the coins move into this module and
   * are shared like fees, commission included. Refused for an address with no distribution records.
   */
  allocateTokensToValidator(store: KVStore, eventsOut: Event[], operator: Uint8Array, coins: Coin[], from: Uint8Array): void {
    const paid = coins.filter((c) => c.amount > 0n);
    if (paid.length === 0) return;
    if (!this.current(store, operator) || !this.deps.staking.validator(store, operator)) throw ErrNoValidatorExists.wrap(toValoper(operator));
    this.deps.bank.send(store, eventsOut, from, DISTRIBUTION_MODULE_ADDRESS, paid);
    this.allocateToValidator(store, eventsOut, operator, dec.fromCoins(paid));
  }

  // ---- staking hooks -------------------------------------------------------------------------------------

  /**
   * Begin-block: note the height for the hooks, then share out the previous block's fees; the first block has
   * no previous one (as in the SDK, which allocates from height 2).
   */
  beginBlock(ctx: Context, votes: readonly VoteInfo[]): void {
    ctx.store.set(HEIGHT_KEY, u64(ctx.height));
    if (ctx.height > 1n) this.allocateTokens(ctx, votes);
  }

  /**
   * Staking's hooks: the height comes from begin-block's note (0 at genesis); a payout a hook makes (a
   * delegation change pays the delegator's rewards) reports its bank and withdraw_rewards events with the
   * message's, as in the SDK, so explorers see it.
   */
  stakingHooks() {
    const scope = ({ store, events }: HookScope): Scope => {
      const height = store.get(HEIGHT_KEY);
      return { store, events, height: height === undefined ? 0n : Buffer.from(height).readBigUInt64BE(0) };
    };
    return {
      afterValidatorCreated: (at: HookScope, operator: Uint8Array) => this.afterValidatorCreated(scope(at), operator),
      beforeDelegationCreated: (at: HookScope, _delegator: Uint8Array, operator: Uint8Array) => this.beforeDelegationCreated(scope(at), operator),
      beforeDelegationSharesModified: (at: HookScope, delegator: Uint8Array, operator: Uint8Array) => this.beforeDelegationSharesModified(scope(at), delegator, operator),
      afterDelegationModified: (at: HookScope, delegator: Uint8Array, operator: Uint8Array) => this.afterDelegationModified(scope(at), delegator, operator),
      beforeValidatorSlashed: (at: HookScope, operator: Uint8Array, fraction: Dec) => this.beforeValidatorSlashed(scope(at), operator, fraction),
      afterValidatorRemoved: (at: HookScope, operator: Uint8Array) => this.afterValidatorRemoved(scope(at), operator),
    };
  }

  afterValidatorCreated(scope: Scope, operator: Uint8Array): void {
    this.initializeValidator(scope.store, operator);
  }

  beforeDelegationCreated(scope: Scope, operator: Uint8Array): void {
    this.incrementValidatorPeriod(scope.store, operator);
  }

  beforeDelegationSharesModified(scope: Scope, delegator: Uint8Array, operator: Uint8Array): void {
    this.withdrawDelegationRewards(scope, operator, delegator);
  }

  afterDelegationModified(scope: Scope, delegator: Uint8Array, operator: Uint8Array): void {
    this.initializeDelegation(scope, operator, delegator);
  }

  /** A slash ends the open period and records the fraction, so each delegation's stake is cut from then on. */
  beforeValidatorSlashed(scope: Scope, operator: Uint8Array, fraction: Dec): void {
    if (fraction <= 0n) return;
    if (fraction > DEC_ONE) throw new Error(`distribution: slash fraction ${fraction} above 1`);
    const period = this.incrementValidatorPeriod(scope.store, operator);
    this.incrementReferenceCount(scope.store, operator, period);
    this.setSlashEvent(scope.store, operator, { height: scope.height, period, fraction });
  }

  /**
   * A validator with no delegations left: the whole coins of its commission are paid out; everything else it
   * still holds (fractions of commission included) nobody can claim, so it goes to the community pool.
   */
  afterValidatorRemoved(scope: Scope, operator: Uint8Array): void {
    let outstanding = this.outstanding(scope.store, operator);
    const { coins } = dec.truncate(this.commission(scope.store, operator));
    if (coins.length > 0) {
      this.deps.bank.send(scope.store, scope.events, DISTRIBUTION_MODULE_ADDRESS, this.withdrawAddress(scope.store, operator), coins);
      outstanding = dec.sub(outstanding, dec.fromCoins(coins));
    }
    this.setCommunityPool(scope.store, dec.add(this.communityPool(scope.store), outstanding));
    scope.store.delete(outstandingKey(operator));
    scope.store.delete(commissionKey(operator));
    scope.store.delete(currentKey(operator));
    for (const [k] of scope.store.iterate(historicalOf(operator))) scope.store.delete(k);
    for (const [k] of scope.store.iterate(slashesOf(operator))) scope.store.delete(k);
  }

  private mustValidator(state: KVReader, operator: Uint8Array): Stake {
    const validator = this.deps.staking.validator(state, operator);
    if (!validator) throw ErrNoValidatorExists.wrap(toValoper(operator));
    return { tokens: BigInt(validator.tokens), delegatorShares: decFromString(validator.delegator_shares), commissionRate: decFromString(validator.commission_rate) };
  }

  private delegationShares(state: KVReader, delegator: Uint8Array, operator: Uint8Array): Dec | undefined {
    const delegation = this.deps.staking.delegation(state, delegator, operator);
    return delegation && decFromString(delegation.shares);
  }
}

function decodeSlash(height: bigint, value: Uint8Array): SlashEvent {
  const event = ValidatorSlashEvent.decode(value);
  return { height, period: event.validatorPeriod, fraction: BigInt(event.fraction) };
}

/** A listed record's key, which the keeper itself wrote under that kind's prefix: any other shape is corrupt state. */
function recordKeyOf<K extends ReferenceRecordKey["kind"]>(storeKey: Uint8Array, kind: K): Extract<ReferenceRecordKey, { kind: K }> {
  const parsed = parseReferenceRecordKey(storeKey);
  if (parsed?.kind !== kind) throw ErrInvalidState.wrap(`${kind} record under a malformed key ${Buffer.from(storeKey).toString("hex")}`);
  return parsed as Extract<ReferenceRecordKey, { kind: K }>;
}

/** Tokens a number of shares is worth, rounded down (the SDK's TokensFromSharesTruncated). */
export function tokensFromSharesDown(validator: Stake, shares: Dec): Dec {
  if (validator.delegatorShares === 0n) return 0n;
  return mulDiv(shares, validator.tokens * DEC_ONE, validator.delegatorShares, "down");
}

/** The SDK's TokensFromShares, which rounds to nearest: used only as an upper bound on a slashed stake. */
function tokensFromShares(validator: Stake, shares: Dec): Dec {
  if (validator.delegatorShares === 0n) return 0n;
  return mulDiv(shares, validator.tokens * DEC_ONE, validator.delegatorShares, "up");
}
