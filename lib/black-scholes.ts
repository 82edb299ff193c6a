// Black–Scholes–Merton prices and Greeks for European options, deterministic across platforms (only
// detmath.ts functions and IEEE basic operations). Inputs are float64 derived at the call site from the
// fixed-point state (decToFloat); results go back through decFromFloat with the rounding the use needs.
//
// Conventions:
//   rate, dividendYield: continuously compounded, per year (dividendYield defaults to 0; for crypto it is
//     the carry of the underlying, if any).
//   vega: change in price per 1.00 of volatility (divide by 100 for "per vol point").
//   theta: change in price per year of calendar time passing, −∂V/∂T (divide by 365 for per day).
//   delta, gamma: with respect to spot.

import { detExp, detLn, normCdf, normPdf } from "./detmath";

export type OptionKind = "call" | "put";

export interface BlackScholesInput {
  spot: number;
  strike: number;
  /** Time to expiry in years; 0 means at expiry. */
  timeYears: number;
  /** Annualised volatility, e.g. 0.8 for 80 %. */
  vol: number;
  rate: number;
  dividendYield?: number;
}

export interface OptionValuation {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

export function blackScholesPrice(kind: OptionKind, input: BlackScholesInput): number {
  return blackScholesGreeks(kind, input).price;
}

/**
 * Price and Greeks. Degenerate inputs take their limits instead of producing NaN:
 *   timeYears = 0: intrinsic value; delta steps from 0 to ±1 at the strike (±0.5 exactly at it);
 *     gamma, vega and theta 0.
 *   vol·√T = 0 (vol = 0): the discounted forward payoff max(S·e^(−qT) − K·e^(−rT), 0); delta
 *     steps at the forward; gamma 0; vega and theta are the σ → 0 limits (vega is non-zero only exactly
 *     at the forward, where the price grows like S·e^(−qT)·σ√T/√(2π)).
 * Throws RangeError on non-finite inputs, non-positive spot or strike, negative time or volatility.
 */
export function blackScholesGreeks(kind: OptionKind, input: BlackScholesInput): OptionValuation {
  const { spot, strike, timeYears, vol, rate } = input;
  const dividendYield = input.dividendYield ?? 0;
  assertValidInput(spot, strike, timeYears, vol, rate, dividendYield);
  const sign = kind === "call" ? 1 : -1;

  if (timeYears === 0) {
    const moneyness = sign * (spot - strike);
    return {
      price: moneyness > 0 ? moneyness : 0,
      delta: sign * exerciseProbability(kind, spot, strike),
      gamma: 0,
      vega: 0,
      theta: 0,
    };
  }

  const dividendDiscount = detExp(-dividendYield * timeYears);
  const rateDiscount = detExp(-rate * timeYears);
  const discountedSpot = spot * dividendDiscount;
  const discountedStrike = strike * rateDiscount;
  const sqrtT = Math.sqrt(timeYears);
  const stdDev = vol * sqrtT;

  if (stdDev === 0) {
    const moneyness = sign * (discountedSpot - discountedStrike);
    // Exercise is certain on the side that pays, so the value decays at the two carry rates.
    const exercised = exerciseProbability(kind, discountedSpot, discountedStrike);
    const atTheForward = discountedSpot === discountedStrike;
    return {
      price: moneyness > 0 ? moneyness : 0,
      delta: sign * dividendDiscount * exercised,
      gamma: 0,
      vega: atTheForward ? discountedSpot * sqrtT * normPdf(0) : 0,
      theta: sign * exercised * (dividendYield * discountedSpot - rate * discountedStrike),
    };
  }

  const d1 = (detLn(spot / strike) + (rate - dividendYield + 0.5 * vol * vol) * timeYears) / stdDev;
  const d2 = d1 - stdDev;
  // N(sign·d) evaluates the put's tail directly rather than as 1 − N(d), which would lose its digits.
  const nd1 = normCdf(sign * d1);
  const nd2 = normCdf(sign * d2);
  const density = normPdf(d1);
  const price = sign * (discountedSpot * nd1 - discountedStrike * nd2);
  const timeDecay = -(discountedSpot * density * vol) / (2 * sqrtT);
  return {
    // Deep out of the money the two terms nearly cancel; never report a rounding residue as a negative price.
    price: price > 0 ? price : 0,
    delta: sign * dividendDiscount * nd1,
    gamma: (dividendDiscount * density) / (spot * stdDev),
    vega: discountedSpot * density * sqrtT,
    theta: timeDecay + sign * (dividendYield * discountedSpot * nd1 - rate * discountedStrike * nd2),
  };
}

/** 1 when the option pays, 0 when it does not, ½ exactly at the strike: the limit of N(±d₁) as σ√T → 0. */
function exerciseProbability(kind: OptionKind, underlying: number, strike: number): number {
  if (underlying === strike) return 0.5;
  return underlying > strike === (kind === "call") ? 1 : 0;
}

function assertValidInput(
  spot: number,
  strike: number,
  timeYears: number,
  vol: number,
  rate: number,
  dividendYield: number,
): void {
  assertFinite("spot", spot);
  assertFinite("strike", strike);
  assertFinite("timeYears", timeYears);
  assertFinite("vol", vol);
  assertFinite("rate", rate);
  assertFinite("dividendYield", dividendYield);
  if (spot <= 0) throw new RangeError(`blackScholes: spot must be positive, got ${spot}`);
  if (strike <= 0) throw new RangeError(`blackScholes: strike must be positive, got ${strike}`);
  if (timeYears < 0) throw new RangeError(`blackScholes: timeYears must be non-negative, got ${timeYears}`);
  if (vol < 0) throw new RangeError(`blackScholes: vol must be non-negative, got ${vol}`);
}

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`blackScholes: ${name} must be finite, got ${value}`);
}
