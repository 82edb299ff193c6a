// DecCoins as the SDK keeps rewards: per denom an 18-decimal fixed-point amount (lib/fixed's Dec), sorted by
// denom, never a zero entry. Every division rounds down, so the chain never owes more than it holds; what a
// rounding drops stays in the validator's outstanding rewards or goes to the community pool.
import type { DecCoin as ProtoDecCoin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import type { Coin } from "../../app/coins";
import { DEC_ONE, type Dec, decFromInt, mulDiv } from "../../lib/fixed";

export interface DecCoin {
  denom: string;
  amount: Dec;
}
export type DecCoins = readonly DecCoin[];

const SCALED = /^(0|[1-9][0-9]{0,95})$/;

function merge(a: DecCoins, b: DecCoins, combine: (x: Dec, y: Dec) => Dec): DecCoin[] {
  const denoms = [...new Set([...a.map((c) => c.denom), ...b.map((c) => c.denom)])].sort();
  const out: DecCoin[] = [];
  for (const denom of denoms) {
    const amount = combine(amountOf(a, denom), amountOf(b, denom));
    if (amount !== 0n) out.push({ denom, amount });
  }
  return out;
}

export function amountOf(coins: DecCoins, denom: string): Dec {
  return coins.find((c) => c.denom === denom)?.amount ?? 0n;
}

export const add = (a: DecCoins, b: DecCoins): DecCoin[] => merge(a, b, (x, y) => x + y);

/** a − b; a negative result is a broken books invariant, never a user's fault, so it throws. */
export function sub(a: DecCoins, b: DecCoins): DecCoin[] {
  const out = merge(a, b, (x, y) => x - y);
  const negative = out.find((c) => c.amount < 0n);
  if (negative) throw new Error(`distribution: ${negative.denom} would go negative (${negative.amount})`);
  return out;
}

/** Per denom the smaller of the two: a payout never exceeds what the validator still holds. */
export const intersect = (a: DecCoins, b: DecCoins): DecCoin[] => merge(a, b, (x, y) => (x < y ? x : y));

export const mulDecDown = (coins: DecCoins, rate: Dec): DecCoin[] =>
  coins.map((c) => ({ denom: c.denom, amount: mulDiv(c.amount, rate, DEC_ONE, "down") })).filter((c) => c.amount !== 0n);

export const quoDecDown = (coins: DecCoins, divisor: Dec): DecCoin[] =>
  coins.map((c) => ({ denom: c.denom, amount: mulDiv(c.amount, DEC_ONE, divisor, "down") })).filter((c) => c.amount !== 0n);

export const fromCoins = (coins: readonly Coin[]): DecCoin[] =>
  [...coins].filter((c) => c.amount !== 0n).sort((x, y) => (x.denom < y.denom ? -1 : 1)).map((c) => ({ denom: c.denom, amount: decFromInt(c.amount) }));

/** Whole coins (rounded down) and the fractions left over. */
export function truncate(coins: DecCoins): { coins: Coin[]; change: DecCoin[] } {
  const whole: Coin[] = [];
  const change: DecCoin[] = [];
  for (const c of coins) {
    const units = c.amount / DEC_ONE;
    const rest = c.amount - units * DEC_ONE;
    if (units > 0n) whole.push({ denom: c.denom, amount: units });
    if (rest > 0n) change.push({ denom: c.denom, amount: rest });
  }
  return { coins: whole, change };
}

export const isZero = (coins: DecCoins) => coins.length === 0;

/** The SDK's wire form of a LegacyDec: the scaled integer, no decimal point (what CosmJS decodes). */
export const toProto = (coins: DecCoins): ProtoDecCoin[] => coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));

export function fromProto(coins: readonly ProtoDecCoin[]): DecCoin[] {
  const out = coins.map((c) => {
    if (!SCALED.test(c.amount)) throw new Error(`distribution: stored amount ${JSON.stringify(c.amount)} of ${c.denom} is not a scaled decimal`);
    return { denom: c.denom, amount: BigInt(c.amount) };
  });
  for (let i = 1; i < out.length; i++) if (out[i - 1].denom >= out[i].denom) throw new Error("distribution: dec coins out of order");
  return out.filter((c) => c.amount !== 0n);
}
