import { accAddressBytes, toAccAddress, toValoper, valoperBytes } from "../../app/address";
import type { AppModule } from "../../app/module";
import { type Dec, decFromString, decToString } from "../../lib/fixed";
import * as dec from "./deccoins";
import type { DecCoin } from "./deccoins";
import { ErrInvalidGenesis } from "./errors";
import type { DistributionBank } from "./expected";
import type { DistributionKeeper } from "./keeper";
import { DEFAULT_PARAMS, type DistributionParams } from "./params";
import { distributionQueries } from "./queries";
import { holdingsViolations } from "./invariants";
import { withdrawAddrKey } from "./keys";
import { msgFundCommunityPoolHandler, msgSetWithdrawAddressHandler, msgWithdrawDelegatorRewardHandler, msgWithdrawValidatorCommissionHandler } from "./msgs";

type JsonDecCoin = { denom: string; amount: string };

/** The SDK's distribution genesis, field for field, in snake_case JSON with amounts as decimal strings. */
export interface DistributionGenesis {
  params: DistributionParams;
  fee_pool: { community_pool: JsonDecCoin[] };
  delegator_withdraw_infos: Array<{ delegator_address: string; withdraw_address: string }>;
  outstanding_rewards: Array<{ validator_address: string; outstanding_rewards: JsonDecCoin[] }>;
  validator_accumulated_commissions: Array<{ validator_address: string; accumulated: JsonDecCoin[] }>;
  validator_historical_rewards: Array<{ validator_address: string; period: string; cumulative_reward_ratio: JsonDecCoin[]; reference_count: number }>;
  validator_current_rewards: Array<{ validator_address: string; period: string; rewards: JsonDecCoin[] }>;
  delegator_starting_infos: Array<{ delegator_address: string; validator_address: string; previous_period: string; stake: string; height: string }>;
  validator_slash_events: Array<{ validator_address: string; height: string; period: string; fraction: string }>;
}

const toJson = (coins: readonly DecCoin[]): JsonDecCoin[] => coins.map((c) => ({ denom: c.denom, amount: decToString(c.amount) }));

function fromJson(coins: readonly JsonDecCoin[] | undefined, what: string): DecCoin[] {
  const parsed = (coins ?? []).map((c) => ({ denom: c.denom, amount: nonNegative(c.amount, `${what} ${c.denom}`) }));
  try {
    return dec.fromProto(dec.toProto(parsed));
  } catch (err) {
    throw ErrInvalidGenesis.wrap(`${what}: ${(err as Error).message}`);
  }
}

function nonNegative(text: string, what: string): Dec {
  let value: Dec;
  try {
    value = decFromString(text);
  } catch {
    throw ErrInvalidGenesis.wrap(`${what}: ${JSON.stringify(text)} is not a decimal`);
  }
  if (value < 0n) throw ErrInvalidGenesis.wrap(`${what} is negative`);
  return value;
}

function uint(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) throw ErrInvalidGenesis.wrap(`${what}: ${JSON.stringify(text)} is not an unsigned integer`);
  return BigInt(text);
}

export function distributionModule(keeper: DistributionKeeper, bank: Pick<DistributionBank, "allBalances">): AppModule {
  return {
    name: "distribution",
    msgs: [msgWithdrawDelegatorRewardHandler(keeper), msgWithdrawValidatorCommissionHandler(keeper), msgSetWithdrawAddressHandler(keeper), msgFundCommunityPoolHandler(keeper)],
    queries: distributionQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<DistributionGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      keeper.setCommunityPool(ctx.store, fromJson(genesis.fee_pool?.community_pool, "community pool"));
      for (const { delegator_address, withdraw_address } of genesis.delegator_withdraw_infos ?? []) {
        const withdraw = accAddressBytes(withdraw_address);
        keeper.checkWithdrawAddress(withdraw);
        ctx.store.set(withdrawAddrKey(accAddressBytes(delegator_address)), withdraw);
      }
      for (const entry of genesis.outstanding_rewards ?? []) keeper.setOutstanding(ctx.store, valoperBytes(entry.validator_address), fromJson(entry.outstanding_rewards, "outstanding rewards"));
      for (const entry of genesis.validator_accumulated_commissions ?? []) keeper.setCommission(ctx.store, valoperBytes(entry.validator_address), fromJson(entry.accumulated, "commission"));
      for (const entry of genesis.validator_historical_rewards ?? []) {
        if (!Number.isSafeInteger(entry.reference_count) || entry.reference_count < 0 || entry.reference_count > 2) throw ErrInvalidGenesis.wrap(`reference count ${entry.reference_count} of ${entry.validator_address}`);
        keeper.setHistorical(ctx.store, valoperBytes(entry.validator_address), uint(entry.period, "period"), { ratio: fromJson(entry.cumulative_reward_ratio, "ratio"), referenceCount: entry.reference_count });
      }
      for (const entry of genesis.validator_current_rewards ?? []) keeper.setCurrent(ctx.store, valoperBytes(entry.validator_address), fromJson(entry.rewards, "current rewards"), uint(entry.period, "period"));
      for (const entry of genesis.delegator_starting_infos ?? []) {
        keeper.setStartingInfo(ctx.store, accAddressBytes(entry.delegator_address), valoperBytes(entry.validator_address), {
          previousPeriod: uint(entry.previous_period, "previous period"),
          stake: nonNegative(entry.stake, "stake"),
          height: uint(entry.height, "height"),
        });
      }
      for (const entry of genesis.validator_slash_events ?? []) {
        const fraction = nonNegative(entry.fraction, "slash fraction");
        if (fraction > decFromString("1")) throw ErrInvalidGenesis.wrap(`slash fraction ${entry.fraction} above 1`);
        keeper.setSlashEvent(ctx.store, valoperBytes(entry.validator_address), { height: uint(entry.height, "height"), period: uint(entry.period, "period"), fraction });
      }
      const broken = holdingsViolations(keeper, bank, ctx.store);
      if (broken.length > 0) throw ErrInvalidGenesis.wrap(broken.join("; "));
    },

    exportGenesis(state): DistributionGenesis {
      return {
        params: keeper.params(state),
        fee_pool: { community_pool: toJson(keeper.communityPool(state)) },
        delegator_withdraw_infos: keeper.withdrawAddresses(state).map(({ delegator, withdraw }) => ({ delegator_address: toAccAddress(delegator), withdraw_address: toAccAddress(withdraw) })),
        outstanding_rewards: keeper.everyOutstanding(state).map(({ operator, rewards }) => ({ validator_address: toValoper(operator), outstanding_rewards: toJson(rewards) })),
        validator_accumulated_commissions: keeper.everyCommission(state).map(({ operator, commission }) => ({ validator_address: toValoper(operator), accumulated: toJson(commission) })),
        validator_historical_rewards: keeper.historicals(state).map(({ operator, period, record }) => ({
          validator_address: toValoper(operator),
          period: period.toString(),
          cumulative_reward_ratio: toJson(record.ratio),
          reference_count: record.referenceCount,
        })),
        validator_current_rewards: keeper.validatorsWithRecords(state).map((operator) => {
          const current = keeper.current(state, operator)!;
          return { validator_address: toValoper(operator), period: current.period.toString(), rewards: toJson(current.rewards) };
        }),
        delegator_starting_infos: keeper.startingInfos(state).map(({ delegator, operator, info }) => ({
          delegator_address: toAccAddress(delegator),
          validator_address: toValoper(operator),
          previous_period: info.previousPeriod.toString(),
          stake: decToString(info.stake),
          height: info.height.toString(),
        })),
        validator_slash_events: keeper.allSlashEvents(state).map(({ operator, event }) => ({
          validator_address: toValoper(operator),
          height: event.height.toString(),
          period: event.period.toString(),
          fraction: decToString(event.fraction),
        })),
      };
    },

    beginBlock(ctx, block) {
      keeper.beginBlock(ctx, block.decidedLastCommit?.votes ?? []);
    },
  };
}
