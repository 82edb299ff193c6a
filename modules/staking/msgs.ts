import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { BondStatus, type Description } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import {
  MsgBeginRedelegate,
  MsgBeginRedelegateResponse,
  MsgCancelUnbondingDelegation,
  MsgCancelUnbondingDelegationResponse,
  MsgCreateValidator,
  MsgCreateValidatorResponse,
  MsgDelegate,
  MsgDelegateResponse,
  MsgEditValidator,
  MsgEditValidatorResponse,
  MsgUndelegate,
  MsgUndelegateResponse,
} from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { accAddressBytes, consensusAddress, sameAddress, toAccAddress, valoperBytes } from "../../app/address";
import { parseAmount } from "../../app/coins";
import type { Context } from "../../app/context";
import type { MsgHandler } from "../../app/module";
import { DEC_ONE, type Dec, absBig, decFromString, decToString } from "../../lib/fixed";
import {
  ErrBadDenom,
  ErrCommissionChangeTooLarge,
  ErrCommissionChangeTooSoon,
  ErrConsensusKeyExists,
  ErrInvalidAmount,
  ErrInvalidCommission,
  ErrInvalidDescription,
  ErrInvalidPubKey,
  ErrMinSelfDelegationDecreased,
  ErrNoValidator,
  ErrSelfDelegationBelowMinimum,
  ErrSignerMismatch,
  ErrValidatorExists,
  ErrValidatorJailed,
} from "./errors";
import type { TokenMover } from "./expected";
import { ED25519_PUBKEY_TYPE_URL, type StakingKeeper, consensusPubkeyAny, nsFromTimestamp, timestampFromNs } from "./keeper";
import { consensusIndexKey } from "./keys";
import * as events from "./events";

/** The SDK's description bounds (x/staking/types: MaxMonikerLength and the rest). */
const DESCRIPTION_LIMITS: Record<keyof Description, number> = { moniker: 70, identity: 3000, website: 140, securityContact: 140, details: 280 };
/** MsgEditValidator leaves a description field as it is when it carries this (the SDK's DoNotModifyDesc). */
const DO_NOT_MODIFY = "[do-not-modify]";
const DAY_NS = 24n * 3600n * 1_000_000_000n;

function checkDescription(description: Description, editing: boolean): void {
  for (const field of Object.keys(DESCRIPTION_LIMITS) as Array<keyof Description>) {
    const value = description[field] ?? "";
    if (editing && value === DO_NOT_MODIFY) continue;
    if (value.length > DESCRIPTION_LIMITS[field]) throw ErrInvalidDescription.wrap(`${field} is longer than ${DESCRIPTION_LIMITS[field]} characters`);
  }
  if (!editing && (description.moniker ?? "").trim() === "") throw ErrInvalidDescription.wrap("moniker is required");
}

/** A LegacyDec as the SDK puts it on the wire: the integer of its 18-decimal atomics. */
function wireDec(text: string, field: string): Dec {
  if (!/^(0|[1-9][0-9]{0,35})$/.test(text)) throw ErrInvalidCommission.wrap(`${field} must be a decimal in 18-decimal atomics, got ${JSON.stringify(text)}`);
  return BigInt(text);
}

function positiveAmount(text: string, what: string): bigint {
  let amount: bigint;
  try {
    amount = parseAmount(text, what);
  } catch {
    throw ErrInvalidAmount.wrap(`${what} must be a positive integer, got ${JSON.stringify(text)}`);
  }
  if (amount <= 0n) throw ErrInvalidAmount.wrap(`${what} must be positive`);
  return amount;
}

/** The stateless checks every delegator's message shares: the addresses parse, the amount is positive. */
function checkDelegatorMsg(delegator: string, validators: string[], amount: string): void {
  accAddressBytes(delegator);
  for (const validator of validators) valoperBytes(validator);
  positiveAmount(amount, "amount");
}

function checkBondDenom(ctx: Context, keeper: StakingKeeper, denom: string): void {
  const bondDenom = keeper.params(ctx.store).bond_denom;
  if (denom !== bondDenom) throw ErrBadDenom.wrap(`got ${JSON.stringify(denom)}, expected ${bondDenom}`);
}

/** Delegating to a jailed validator only helps its operator back above its minimum; others are refused. */
function checkDelegationTarget(ctx: Context, keeper: StakingKeeper, delegator: Uint8Array, operator: Uint8Array, address: string): void {
  const validator = keeper.getValidator(ctx.store, operator);
  if (!validator) throw ErrNoValidator.wrap(`validator ${address}`);
  if (validator.jailed && !sameAddress(delegator, operator)) throw ErrValidatorJailed.wrap(`validator ${address}`);
}

const block = (ctx: Context) => ({ store: ctx.store, events: ctx.events, height: ctx.height, timeNs: ctx.timeNs });

const operatorAccount = (validatorAddress: string) => toAccAddress(valoperBytes(validatorAddress));

function ed25519Key(msg: MsgCreateValidator): Uint8Array {
  if (msg.pubkey?.typeUrl !== ED25519_PUBKEY_TYPE_URL) throw ErrInvalidPubKey.wrap(`got ${JSON.stringify(msg.pubkey?.typeUrl ?? "")}`);
  let key: Uint8Array;
  try {
    key = Ed25519PubKey.decode(msg.pubkey.value).key;
  } catch (err) {
    throw ErrInvalidPubKey.wrap((err as Error).message);
  }
  if (key.length !== 32) throw ErrInvalidPubKey.wrap(`got ${key.length} bytes`);
  return key;
}

export function msgCreateValidatorHandler(keeper: StakingKeeper, bank: TokenMover): MsgHandler<MsgCreateValidator> {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgCreateValidatorResponse",
    codec: MsgCreateValidator,
    // The operator's own account signs (the SDK's signer is validator_address since v0.50).
    signers: (msg) => [operatorAccount(msg.validatorAddress)],
    checkStateless(msg) {
      const operator = valoperBytes(msg.validatorAddress);
      if (msg.delegatorAddress !== "" && !sameAddress(accAddressBytes(msg.delegatorAddress), operator)) {
        throw ErrSignerMismatch.wrap(`${msg.delegatorAddress} is not the account of ${msg.validatorAddress}`);
      }
      ed25519Key(msg);
      checkDescription(msg.description, false);
      const rate = wireDec(msg.commission.rate, "commission rate");
      const maxRate = wireDec(msg.commission.maxRate, "commission max_rate");
      const maxChangeRate = wireDec(msg.commission.maxChangeRate, "commission max_change_rate");
      if (maxRate > DEC_ONE) throw ErrInvalidCommission.wrap("max_rate cannot exceed 1");
      if (rate > maxRate) throw ErrInvalidCommission.wrap("rate cannot exceed max_rate");
      if (maxChangeRate > maxRate) throw ErrInvalidCommission.wrap("max_change_rate cannot exceed max_rate");
      const minSelf = positiveAmount(msg.minSelfDelegation, "min_self_delegation");
      const value = positiveAmount(msg.value.amount, "value");
      if (value < minSelf) throw ErrSelfDelegationBelowMinimum.wrap(`value ${value} is below min_self_delegation ${minSelf}`);
    },
    checkStateful(ctx, msg) {
      const operator = valoperBytes(msg.validatorAddress);
      if (keeper.getValidator(ctx.store, operator)) throw ErrValidatorExists.wrap(msg.validatorAddress);
      if (ctx.store.has(consensusIndexKey(consensusAddress(ed25519Key(msg))))) throw ErrConsensusKeyExists.wrap("the key is another validator's");
      checkBondDenom(ctx, keeper, msg.value.denom);
      const min = decFromString(keeper.params(ctx.store).min_commission_rate);
      if (BigInt(msg.commission.rate) < min) throw ErrInvalidCommission.wrap(`rate is below the chain's min_commission_rate ${decToString(min, { trimZeros: true })}`);
    },
    execute(ctx, msg) {
      const operator = valoperBytes(msg.validatorAddress);
      keeper.createValidator(ctx.store, ctx.events, operator, {
        operatorAddress: msg.validatorAddress,
        consensusPubkey: consensusPubkeyAny(ed25519Key(msg)),
        jailed: false,
        status: BondStatus.BOND_STATUS_UNBONDED,
        tokens: "0",
        delegatorShares: "0",
        description: { ...msg.description },
        unbondingHeight: 0n,
        unbondingTime: timestampFromNs(0n),
        commission: { commissionRates: { ...msg.commission }, updateTime: timestampFromNs(ctx.timeNs) },
        minSelfDelegation: msg.minSelfDelegation,
        unbondingOnHoldRefCount: 0n,
        unbondingIds: [],
      });
      keeper.delegate(ctx.store, ctx.events, bank, operator, operator, BigInt(msg.value.amount), "account");
      ctx.events.push(events.createValidator(msg.validatorAddress, `${msg.value.amount}${msg.value.denom}`));
      return MsgCreateValidatorResponse.encode({}).finish();
    },
  };
}

export function msgEditValidatorHandler(keeper: StakingKeeper): MsgHandler<MsgEditValidator> {
  const edited = (ctx: Context, msg: MsgEditValidator) => {
    const operator = valoperBytes(msg.validatorAddress);
    const validator = keeper.getValidator(ctx.store, operator);
    if (!validator) throw ErrNoValidator.wrap(`validator ${msg.validatorAddress}`);
    const description = { ...validator.description };
    for (const field of Object.keys(DESCRIPTION_LIMITS) as Array<keyof Description>) {
      if (msg.description[field] !== DO_NOT_MODIFY) description[field] = msg.description[field];
    }
    let commission = validator.commission;
    if (msg.commissionRate !== "") {
      const rate = BigInt(msg.commissionRate);
      const rates = validator.commission.commissionRates;
      if (ctx.timeNs - nsFromTimestamp(validator.commission.updateTime) < DAY_NS) throw ErrCommissionChangeTooSoon.wrap(`last change at ${nsFromTimestamp(validator.commission.updateTime)} ns`);
      if (rate > BigInt(rates.maxRate)) throw ErrInvalidCommission.wrap("rate cannot exceed max_rate");
      if (absBig(rate - BigInt(rates.rate)) > BigInt(rates.maxChangeRate)) throw ErrCommissionChangeTooLarge.wrap(`max_change_rate is ${decToString(BigInt(rates.maxChangeRate), { trimZeros: true })}`);
      if (rate < decFromString(keeper.params(ctx.store).min_commission_rate)) throw ErrInvalidCommission.wrap("rate is below the chain's min_commission_rate");
      commission = { commissionRates: { ...rates, rate: msg.commissionRate }, updateTime: timestampFromNs(ctx.timeNs) };
    }
    let minSelfDelegation = validator.minSelfDelegation;
    if (msg.minSelfDelegation !== "") {
      const next = BigInt(msg.minSelfDelegation);
      if (next <= BigInt(validator.minSelfDelegation)) throw ErrMinSelfDelegationDecreased.wrap(`${next} is not above ${validator.minSelfDelegation}`);
      if (next > BigInt(validator.tokens)) throw ErrSelfDelegationBelowMinimum.wrap(`${next} is above the validator's tokens ${validator.tokens}`);
      minSelfDelegation = msg.minSelfDelegation;
    }
    return { operator, validator: { ...validator, description, commission, minSelfDelegation } };
  };
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgEditValidator",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgEditValidatorResponse",
    codec: MsgEditValidator,
    signers: (msg) => [operatorAccount(msg.validatorAddress)],
    checkStateless(msg) {
      valoperBytes(msg.validatorAddress);
      checkDescription(msg.description, true);
      if (msg.commissionRate !== "" && wireDec(msg.commissionRate, "commission rate") > DEC_ONE) throw ErrInvalidCommission.wrap("rate cannot exceed 1");
      if (msg.minSelfDelegation !== "") positiveAmount(msg.minSelfDelegation, "min_self_delegation");
    },
    checkStateful(ctx, msg) {
      edited(ctx, msg);
    },
    execute(ctx, msg) {
      const { operator, validator } = edited(ctx, msg);
      keeper.writeValidator(ctx.store, operator, validator);
      ctx.events.push(events.editValidator(decToString(BigInt(validator.commission.commissionRates.rate)), validator.minSelfDelegation));
      return MsgEditValidatorResponse.encode({}).finish();
    },
  };
}

export function msgDelegateHandler(keeper: StakingKeeper, bank: TokenMover): MsgHandler<MsgDelegate> {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgDelegate",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgDelegateResponse",
    codec: MsgDelegate,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      checkDelegatorMsg(msg.delegatorAddress, [msg.validatorAddress], msg.amount.amount);
    },
    checkStateful(ctx, msg) {
      checkBondDenom(ctx, keeper, msg.amount.denom);
      checkDelegationTarget(ctx, keeper, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress), msg.validatorAddress);
    },
    execute(ctx, msg) {
      const shares = keeper.delegate(ctx.store, ctx.events, bank, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress), BigInt(msg.amount.amount), "account");
      ctx.events.push(events.delegate(msg.validatorAddress, msg.delegatorAddress, `${msg.amount.amount}${msg.amount.denom}`, decToString(shares)));
      return MsgDelegateResponse.encode({}).finish();
    },
  };
}

export function msgUndelegateHandler(keeper: StakingKeeper, bank: TokenMover): MsgHandler<MsgUndelegate> {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgUndelegateResponse",
    codec: MsgUndelegate,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      checkDelegatorMsg(msg.delegatorAddress, [msg.validatorAddress], msg.amount.amount);
    },
    checkStateful(ctx, msg) {
      checkBondDenom(ctx, keeper, msg.amount.denom);
      keeper.sharesForAmount(ctx.store, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress), BigInt(msg.amount.amount));
    },
    execute(ctx, msg) {
      const { completionNs, amount } = keeper.undelegate(block(ctx), bank, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress), BigInt(msg.amount.amount));
      ctx.events.push(events.unbond(msg.validatorAddress, msg.delegatorAddress, `${amount}${msg.amount.denom}`, completionNs));
      return MsgUndelegateResponse.encode({ completionTime: timestampFromNs(completionNs), amount: { denom: msg.amount.denom, amount: amount.toString() } }).finish();
    },
  };
}

export function msgBeginRedelegateHandler(keeper: StakingKeeper, bank: TokenMover): MsgHandler<MsgBeginRedelegate> {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgBeginRedelegate",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgBeginRedelegateResponse",
    codec: MsgBeginRedelegate,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      checkDelegatorMsg(msg.delegatorAddress, [msg.validatorSrcAddress, msg.validatorDstAddress], msg.amount.amount);
    },
    checkStateful(ctx, msg) {
      checkBondDenom(ctx, keeper, msg.amount.denom);
      const delegator = accAddressBytes(msg.delegatorAddress);
      checkDelegationTarget(ctx, keeper, delegator, valoperBytes(msg.validatorDstAddress), msg.validatorDstAddress);
      keeper.sharesForAmount(ctx.store, delegator, valoperBytes(msg.validatorSrcAddress), BigInt(msg.amount.amount));
    },
    execute(ctx, msg) {
      const completionNs = keeper.beginRedelegation(
        block(ctx),
        bank,
        accAddressBytes(msg.delegatorAddress),
        valoperBytes(msg.validatorSrcAddress),
        valoperBytes(msg.validatorDstAddress),
        BigInt(msg.amount.amount),
      );
      ctx.events.push(events.redelegate(msg.validatorSrcAddress, msg.validatorDstAddress, msg.delegatorAddress, `${msg.amount.amount}${msg.amount.denom}`, completionNs));
      return MsgBeginRedelegateResponse.encode({ completionTime: timestampFromNs(completionNs) }).finish();
    },
  };
}

export function msgCancelUnbondingDelegationHandler(keeper: StakingKeeper, bank: TokenMover): MsgHandler<MsgCancelUnbondingDelegation> {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation",
    responseTypeUrl: "/cosmos.staking.v1beta1.MsgCancelUnbondingDelegationResponse",
    codec: MsgCancelUnbondingDelegation,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      checkDelegatorMsg(msg.delegatorAddress, [msg.validatorAddress], msg.amount.amount);
      if (msg.creationHeight <= 0n) throw ErrInvalidAmount.wrap("creation_height must be positive");
    },
    checkStateful(ctx, msg) {
      checkBondDenom(ctx, keeper, msg.amount.denom);
    },
    execute(ctx, msg) {
      keeper.cancelUnbonding(block(ctx), bank, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress), BigInt(msg.amount.amount), msg.creationHeight);
      ctx.events.push(events.cancelUnbonding(msg.validatorAddress, msg.delegatorAddress, `${msg.amount.amount}${msg.amount.denom}`, msg.creationHeight));
      return MsgCancelUnbondingDelegationResponse.encode({}).finish();
    },
  };
}

export function stakingMsgs(keeper: StakingKeeper, bank: TokenMover): MsgHandler<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [
    msgCreateValidatorHandler(keeper, bank),
    msgEditValidatorHandler(keeper),
    msgDelegateHandler(keeper, bank),
    msgUndelegateHandler(keeper, bank),
    msgBeginRedelegateHandler(keeper, bank),
    msgCancelUnbondingDelegationHandler(keeper, bank),
  ];
}
