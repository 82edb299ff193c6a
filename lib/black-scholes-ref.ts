// Reference implementations in decimal.js at 34 significant digits (IEEE-754 decimal128's precision), used
// by tests to measure detmath.ts and black-scholes.ts. Slow (~1 ms per valuation) and not for consensus
// code paths; the determinism lint skips *-ref.ts files because decimal.js's exp/ln are exact-rounded and
// platform-independent already.

import Decimal from "decimal.js";
import type { BlackScholesInput, OptionKind } from "./black-scholes";

export const REF_PRECISION = 34;
export const RefDecimal = Decimal.clone({ precision: REF_PRECISION, rounding: Decimal.ROUND_HALF_EVEN });
export type RefDecimal = InstanceType<typeof RefDecimal>;

/**
 * The exact value of a float64 (every finite double is m × 2^e), not its shortest decimal string: tests must
 * give the reference the same input the float code saw.
 */
export function refFromFloat(x: number): RefDecimal {
  if (!Number.isFinite(x)) throw new RangeError(`refFromFloat: ${x} is not finite`);
  if (x === 0) return new RefDecimal(0);
  let exponent = 0;
  let mantissa = Math.abs(x);
  // Doubling or halving is exact, so this walks to an integer mantissa without touching its bits.
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    exponent -= 1;
  }
  while (mantissa > Number.MAX_SAFE_INTEGER) {
    mantissa /= 2;
    exponent += 1;
  }
  const magnitude = new RefDecimal(mantissa).times(new RefDecimal(2).pow(exponent));
  return x < 0 ? magnitude.negated() : magnitude;
}

export function refExp(x: Decimal.Value): RefDecimal {
  return RefDecimal.exp(x);
}

export function refLn(x: Decimal.Value): RefDecimal {
  return RefDecimal.ln(x);
}

const workingContexts = new Map<number, typeof Decimal>();
function workingDecimal(precision: number): typeof Decimal {
  let context = workingContexts.get(precision);
  if (context === undefined) {
    context = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN });
    workingContexts.set(precision, context);
  }
  return context;
}

/** φ(x) = e^(−x²/2) / √(2π). */
export function refNormPdf(x: Decimal.Value): RefDecimal {
  const D = workingDecimal(REF_PRECISION + 10);
  const value = new D(x);
  const twoPi = D.acos(-1).times(2);
  return toReferencePrecision(D.exp(value.times(value).div(-2)).div(twoPi.sqrt()));
}

/**
 * Φ(x) from the everywhere-convergent series Φ(x) = ½ + φ(x)·Σₙ x^(2n+1) / (1·3·5···(2n+1)).
 * For negative x the sum cancels against ½ and loses about x²/2·log₁₀(e) digits, so the working precision
 * grows by that much: the result keeps 34 correct digits even at Φ(−37) ≈ 6e-300.
 */
export function refNormCdf(x: Decimal.Value): RefDecimal {
  const probe = new RefDecimal(x);
  const lostDigits = probe.isNegative() ? Math.ceil(probe.toNumber() * probe.toNumber() * 0.2172) : 0;
  const D = workingDecimal(REF_PRECISION + lostDigits + 10);
  const value = new D(x);
  const square = value.times(value);
  const negligible = new D(10).pow(-(D.precision + 5));
  let term = value;
  let sum = value;
  for (let n = 1; term.abs().gt(sum.abs().times(negligible)); n++) {
    term = term.times(square).div(2 * n + 1);
    sum = sum.plus(term);
  }
  const twoPi = D.acos(-1).times(2);
  const density = D.exp(square.div(-2)).div(twoPi.sqrt());
  return toReferencePrecision(density.times(sum).plus(0.5));
}

/** A new Decimal keeps all digits of its argument; a working-precision value must be rounded explicitly. */
function toReferencePrecision(value: Decimal): RefDecimal {
  return new RefDecimal(value).toSignificantDigits(REF_PRECISION);
}

export interface RefValuation {
  price: RefDecimal;
  delta: RefDecimal;
  gamma: RefDecimal;
  vega: RefDecimal;
  theta: RefDecimal;
}

/** The same formulas, edge cases and conventions as blackScholesGreeks, evaluated at 34 digits. */
export function refBlackScholesGreeks(kind: OptionKind, input: BlackScholesInput): RefValuation {
  const spot = refFromFloat(input.spot);
  const strike = refFromFloat(input.strike);
  const timeYears = refFromFloat(input.timeYears);
  const vol = refFromFloat(input.vol);
  const rate = refFromFloat(input.rate);
  const dividendYield = refFromFloat(input.dividendYield ?? 0);
  const sign = kind === "call" ? 1 : -1;
  const zero = new RefDecimal(0);

  if (timeYears.isZero()) {
    const moneyness = spot.minus(strike).times(sign);
    return {
      price: RefDecimal.max(moneyness, 0),
      delta: exerciseProbability(kind, spot, strike).times(sign),
      gamma: zero,
      vega: zero,
      theta: zero,
    };
  }

  const dividendDiscount = RefDecimal.exp(dividendYield.times(timeYears).negated());
  const rateDiscount = RefDecimal.exp(rate.times(timeYears).negated());
  const discountedSpot = spot.times(dividendDiscount);
  const discountedStrike = strike.times(rateDiscount);
  const sqrtT = timeYears.sqrt();
  const stdDev = vol.times(sqrtT);

  if (stdDev.isZero()) {
    const exercised = exerciseProbability(kind, discountedSpot, discountedStrike);
    return {
      price: RefDecimal.max(discountedSpot.minus(discountedStrike).times(sign), 0),
      delta: dividendDiscount.times(exercised).times(sign),
      gamma: zero,
      vega: discountedSpot.eq(discountedStrike) ? discountedSpot.times(sqrtT).times(refNormPdf(0)) : zero,
      theta: exercised.times(sign).times(dividendYield.times(discountedSpot).minus(rate.times(discountedStrike))),
    };
  }

  const drift = rate.minus(dividendYield).plus(vol.times(vol).div(2)).times(timeYears);
  const d1 = RefDecimal.ln(spot.div(strike)).plus(drift).div(stdDev);
  const d2 = d1.minus(stdDev);
  const nd1 = refNormCdf(d1.times(sign));
  const nd2 = refNormCdf(d2.times(sign));
  const density = refNormPdf(d1);
  const timeDecay = discountedSpot.times(density).times(vol).div(sqrtT.times(2)).negated();
  return {
    price: RefDecimal.max(discountedSpot.times(nd1).minus(discountedStrike.times(nd2)).times(sign), 0),
    delta: dividendDiscount.times(nd1).times(sign),
    gamma: dividendDiscount.times(density).div(spot.times(stdDev)),
    vega: discountedSpot.times(density).times(sqrtT),
    theta: timeDecay.plus(
      dividendYield.times(discountedSpot).times(nd1).minus(rate.times(discountedStrike).times(nd2)).times(sign),
    ),
  };
}

function exerciseProbability(kind: OptionKind, underlying: RefDecimal, strike: RefDecimal): RefDecimal {
  if (underlying.eq(strike)) return new RefDecimal(0.5);
  return new RefDecimal(underlying.gt(strike) === (kind === "call") ? 1 : 0);
}
