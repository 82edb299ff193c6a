// The oracle reward pool (Terra-style): a share of each block's fees, and optionally minted coins, paid every
// reward period to the validators whose votes were in band, by power × in-band votes.
import { moduleAddress, toAccAddress } from "../../app/address";
import { type Coin, formatCoins } from "../../app/coins";
import type { Context } from "../../app/context";
import { onBranch } from "../../app/module";
import { readJson, writeJson } from "../../app/json-state";
import { utf8 } from "../../app/keys";
import type { KVReader, KVStore } from "../../app/store/types";
import { DEC_ONE, decFromString, mulDiv } from "../../lib/fixed";
import * as events from "./events";
import type { RewardAllocator, RewardBank } from "./expected";
import { REWARD_PREFIX, REWARD_TOTALS_KEY, REWARD_WEIGHTS_KEY, rewardKey } from "./keys";
import type { OracleParams } from "./params";
import { type OperatorRow, addRewardWeight, decodeRewardWeight, encodeRewardWeight, operatorRow, readOperatorRows, updateOperatorRows, writeOperatorRows } from "./codec";

export const ORACLE_REWARD_POOL = "oracle_reward_pool";
export const ORACLE_REWARD_POOL_ADDRESS = moduleAddress(ORACLE_REWARD_POOL);

/** Amounts as decimal strings, denoms in order. */
export interface StoredCoin {
  denom: string;
  amount: string;
}

export interface StoredValidatorReward {
  /** Everything the pool ever paid the validator. */
  rewards: StoredCoin[];
}

export interface StoredRewardWeight {
  /** Σ over the tallies since the last payout of the validator's power × its in-band votes in that tally. */
  weight: string;
  in_band: number;
}

/** The pool's books: the pool account holds exactly funded − paid, per denom (oracleRewardInvariants). */
export interface StoredRewardTotals {
  funded: StoredCoin[];
  paid: StoredCoin[];
}

/** Where the pool's coins come from and go to; without it (unit tests of the tally) weights are kept, nothing moves. */
export interface RewardFunds {
  bank: RewardBank;
  allocator: RewardAllocator;
  /** The account the ante pays fees into. */
  feeCollector: Uint8Array;
}

export interface Voter {
  operator: Uint8Array;
  validator: string;
  power: bigint;
}

export class RewardKeeper {
  constructor(private readonly funds?: RewardFunds) {}

  reward(state: KVReader, operator: Uint8Array): StoredValidatorReward {
    return readJson<StoredValidatorReward>(state, rewardKey(operator)) ?? { rewards: [] };
  }

  setReward(store: KVStore, operator: Uint8Array, reward: StoredValidatorReward): void {
    writeJson(store, rewardKey(operator), { rewards: stored(reward.rewards) });
  }

  rewards(state: KVReader): Array<{ operator: Uint8Array; reward: StoredValidatorReward }> {
    return state.iterate(REWARD_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(REWARD_PREFIX.length), reward: parse<StoredValidatorReward>(value) }));
  }

  weight(state: KVReader, operator: Uint8Array): StoredRewardWeight {
    return weightView(operatorRow(this.weightRows(state), operator));
  }

  /** Stored in binary (codec.ts): every tally rewrites the weight of every validator in band. */
  setWeight(store: KVStore, operator: Uint8Array, weight: StoredRewardWeight): void {
    const bytes = encodeRewardWeight(BigInt(weight.weight), weight.in_band);
    this.setWeightRows(store, updateOperatorRows(this.weightRows(store), [operator], () => bytes));
  }

  weights(state: KVReader): Array<{ operator: Uint8Array; weight: StoredRewardWeight }> {
    return this.weightRows(state).map(({ operator, value }) => ({ operator, weight: weightView(value) }));
  }

  /** Every validator's weight in encodeRewardWeight's form, in operator order (one table since consensus version 5). */
  private weightRows(state: KVReader): OperatorRow[] {
    return readOperatorRows(state, REWARD_WEIGHTS_KEY, "reward weights");
  }

  private setWeightRows(store: KVStore, rows: readonly OperatorRow[]): void {
    writeOperatorRows(store, REWARD_WEIGHTS_KEY, "reward weights", rows);
  }

  totals(state: KVReader): StoredRewardTotals {
    return readJson<StoredRewardTotals>(state, REWARD_TOTALS_KEY) ?? { funded: [], paid: [] };
  }

  setTotals(store: KVStore, totals: StoredRewardTotals): void {
    writeJson(store, REWARD_TOTALS_KEY, { funded: stored(totals.funded), paid: stored(totals.paid) });
  }

  /** The pool's balance; empty when no bank is wired. */
  pool(state: KVReader): Coin[] {
    return this.funds ? this.funds.bank.allBalances(state, ORACLE_REWARD_POOL_ADDRESS) : [];
  }

  /**
   * One tally's contribution to the weights: each active voter gains its power × the number of its votes in
   * band (`inBand`, by position in `active`). Only a passed ballot classifies votes, so a dropped ballot earns nobody anything; the absent and the
   * out-of-band gain nothing. The same tally feeds this from commit-reveal and from vote extensions.
   */
  recordTally(store: KVStore, active: readonly Voter[], inBand: ArrayLike<number>): void {
    let changed = false;
    const rows = updateOperatorRows(
      this.weightRows(store),
      active.map(({ operator }) => operator),
      (i, bytes) => {
        const count = inBand[i];
        if (count === 0) return bytes;
        changed = true;
        const power = active[i].power;
        const added = addRewardWeight(bytes, Number(power) * count, count);
        if (added) return added;
        const before = storedWeight(bytes);
        return encodeRewardWeight(before.weight + power * BigInt(count), before.inBand + count);
      },
    );
    if (changed) this.setWeightRows(store, rows);
  }

  /**
   * Moves reward_fee_share of what the fee collector holds (the first max_reward_denoms denoms, in denom
   * order, rounded down: the dust stays for distribution) into the pool, and mints the inflation into it.
   */
  fund(ctx: Context, params: OracleParams): void {
    if (!this.funds) return;
    const { bank, feeCollector } = this.funds;
    const share = decFromString(params.reward_fee_share);
    const fees = bank
      .allBalances(ctx.store, feeCollector)
      .slice(0, params.max_reward_denoms)
      .map((coin) => ({ denom: coin.denom, amount: mulDiv(coin.amount, share, DEC_ONE, "down") }))
      .filter((coin) => coin.amount > 0n);
    if (fees.length > 0) bank.send(ctx.store, ctx.events, feeCollector, ORACLE_REWARD_POOL_ADDRESS, fees);
    const inflation = BigInt(params.reward_inflation_per_block);
    const minted = inflation > 0n ? [{ denom: params.reward_inflation_denom, amount: inflation }] : [];
    if (minted.length > 0) bank.mint(ctx.store, ctx.events, ORACLE_REWARD_POOL_ADDRESS, minted);
    if (fees.length === 0 && minted.length === 0) return;
    const totals = this.totals(ctx.store);
    this.setTotals(ctx.store, { funded: addCoins(addCoins(totals.funded, fees), minted), paid: totals.paid });
    ctx.events.push(events.rewardFunded(formatCoins(fees), formatCoins(minted)));
  }

  /**
   * The payout: of each of the pool's first max_reward_denoms denoms, budget = ⌊pool × reward_period_blocks /
   * reward_distribution_window⌋, and each active validator v gets ⌊budget × w_v / W⌋, where w_v is its weight
   * since the last payout and W the sum over active validators. A validator no longer active (jailed,
   * unbonded) forfeits its weight to the pool. Rounding leaves the dust in the pool. Weights restart.
   * Work: the active validators (the bonded set) × the denoms bound; nothing per delegator.
   * Each validator's payment lands on its own branch: an allocator that refuses one (distribution's refuses a
   * validator it has no records for) leaves that share in the pool and keeps the tally and the others' pay.
   */
  pay(ctx: Context, params: OracleParams, active: readonly Voter[]): void {
    const funds = this.funds;
    if (!funds) return;
    const rows = this.weightRows(ctx.store);
    const weighted = active.map((voter) => ({ voter, weight: storedWeight(operatorRow(rows, voter.operator)).weight })).filter((entry) => entry.weight > 0n);
    const total = weighted.reduce((sum, entry) => sum + entry.weight, 0n);
    const budget = this.pool(ctx.store)
      .slice(0, params.max_reward_denoms)
      .map((coin) => ({ denom: coin.denom, amount: mulDiv(coin.amount, BigInt(params.reward_period_blocks), BigInt(params.reward_distribution_window), "down") }))
      .filter((coin) => coin.amount > 0n);
    let paid: StoredCoin[] = [];
    if (total > 0n && budget.length > 0) {
      for (const { voter, weight } of weighted) {
        const coins = budget.map((coin) => ({ denom: coin.denom, amount: mulDiv(coin.amount, weight, total, "down") })).filter((coin) => coin.amount > 0n);
        if (coins.length === 0) continue;
        const allocation = onBranch(ctx, (branch) => {
          funds.allocator.allocateToValidator(branch.store, branch.events, voter.operator, coins);
          this.setReward(branch.store, voter.operator, { rewards: addCoins(this.reward(branch.store, voter.operator).rewards, coins) });
        });
        if (!allocation.ok) {
          ctx.events.push(events.rewardRefused(voter.validator, formatCoins(coins), allocation.error));
          continue;
        }
        paid = addCoins(paid, coins);
        ctx.events.push(events.reward(voter.validator, formatCoins(coins), weight, total));
      }
    }
    if (paid.length > 0) {
      const totals = this.totals(ctx.store);
      this.setTotals(ctx.store, { funded: totals.funded, paid: addCoins(totals.paid, paid) });
    }
    this.setWeightRows(ctx.store, []);
  }
}

/** A weight record (undefined: none, a weight of 0) decoded. */
function storedWeight(bytes: Uint8Array | undefined): { weight: bigint; inBand: number } {
  return bytes === undefined ? { weight: 0n, inBand: 0 } : decodeRewardWeight(bytes);
}

function weightView(bytes: Uint8Array | undefined): StoredRewardWeight {
  const { weight, inBand } = storedWeight(bytes);
  return { weight: weight.toString(), in_band: inBand };
}

/** The pool account holds what was funded and not yet paid, denom by denom. */
export function oracleRewardInvariants(rewards: RewardKeeper, bank: Pick<RewardBank, "balance">) {
  return [
    {
      name: "oracle/reward-pool",
      full(state: KVReader): string[] {
        const { funded, paid } = rewards.totals(state);
        const owed = new Map<string, bigint>();
        for (const coin of funded) owed.set(coin.denom, BigInt(coin.amount));
        for (const coin of paid) owed.set(coin.denom, (owed.get(coin.denom) ?? 0n) - BigInt(coin.amount));
        return [...owed.keys()]
          .sort()
          .filter((denom) => bank.balance(state, ORACLE_REWARD_POOL_ADDRESS, denom) !== owed.get(denom))
          .map((denom) => `${toAccAddress(ORACLE_REWARD_POOL_ADDRESS)} holds ${bank.balance(state, ORACLE_REWARD_POOL_ADDRESS, denom)}${denom} but funded − paid is ${owed.get(denom)}${denom}`);
      },
    },
  ];
}

/** A sum of coin lists, denoms in order. */
export function addCoins(a: ReadonlyArray<StoredCoin | Coin>, b: ReadonlyArray<StoredCoin | Coin>): StoredCoin[] {
  const sums = new Map<string, bigint>();
  for (const coin of [...a, ...b]) sums.set(coin.denom, (sums.get(coin.denom) ?? 0n) + BigInt(coin.amount));
  return [...sums.keys()].sort().map((denom) => ({ denom, amount: (sums.get(denom) ?? 0n).toString() }));
}

export const toCoin = (coin: StoredCoin): Coin => ({ denom: coin.denom, amount: BigInt(coin.amount) });

function stored(coins: ReadonlyArray<StoredCoin>): StoredCoin[] {
  return coins.map((coin) => ({ denom: coin.denom, amount: coin.amount }));
}

function parse<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8(bytes)) as T;
}
