// What a volatile collateral (a token the chain's own validators price, as Mango's MNGO was) counts for in
// margin: its realised volatility from the oracle's tallies, a haircut that widens with it, and the amount
// caps leave counting. Integers and 18-decimal Decs only, rounded against the depositor.

import { type Dec, DEC_ONE, decMul, isqrt, maxBig, minBig, mulDiv } from "./fixed";
import { NS_PER_YEAR, type PricePoint } from "./volatility";

/**
 * Annualised realised volatility of prices oldest first: √(Σ r² / elapsed years), r the simple return between
 * consecutive tallies. Simple returns need no logarithm and weigh a pump (r = 4 for 5×) far more than ln
 * would; every step rounds up. 0 with fewer than two prices or no time between the first and the last.
 */
export function realisedVol(points: readonly PricePoint[]): Dec {
  let sumSquares = 0n; // 36 decimals: small returns keep their precision through the square
  let first: PricePoint | undefined;
  let previous: PricePoint | undefined;
  for (const point of points) {
    if (point.price <= 0n) continue;
    if (previous) {
      const move = point.price - previous.price;
      sumSquares += mulDiv(move * move, DEC_ONE * DEC_ONE, previous.price * previous.price, "up");
    } else {
      first = point;
    }
    previous = point;
  }
  if (!first || !previous || previous.timeNs <= first.timeNs) return 0n;
  // The variance stays at 36 decimals up to the root: cut to 18 first, a small variance kept too few digits.
  return sqrtUp(mulDiv(sumSquares, NS_PER_YEAR, previous.timeNs - first.timeNs, "up"));
}

/** √x rounded up, for x at 36 decimals: the root is a Dec. */
function sqrtUp(x: bigint): Dec {
  const root = isqrt(x);
  return root * root === x ? root : root + 1n;
}

export interface VolHaircut {
  /** Realised vol at or below which the base haircut stands. */
  calmVol: Dec;
  /** Haircut taken off per unit of realised vol above calm. */
  slope: Dec;
}

/** base − slope × max(0, vol − calm), floored at 0: the wilder the price, the less it counts. */
export function effectiveHaircut(base: Dec, vol: Dec, rule: VolHaircut): Dec {
  const excess = maxBig(0n, vol - rule.calmVol);
  return maxBig(0n, base - decMul(rule.slope, excess, "up"));
}

export interface CollateralCaps {
  /** Most of the denom one account's margin counts (and it may deposit). */
  perAccount: bigint;
  /** Most of the denom all accounts together may hold. */
  total: bigint;
}

/**
 * How much of an account's holding counts: none past the per-account cap, and when every account together
 * holds more than the global cap (it was lowered after deposits), each counts its share of the cap only.
 */
export function countedAmount(amount: bigint, total: bigint, caps: CollateralCaps): bigint {
  const counted = minBig(amount, caps.perAccount);
  return total > caps.total ? mulDiv(counted, caps.total, total, "down") : counted;
}
