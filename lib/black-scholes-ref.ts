// Reference implementations in decimal.js at 34 significant digits (IEEE-754 decimal128's precision), used
// by tests to measure detmath.ts and black-scholes.ts. Slow (several ms per valuation) and not for consensus
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
  // Extra working digits so that the 34-digit result is rounded once, not once per step.
  const D = workingDecimal(REF_PRECISION + 20);
  const magnitude = toReferencePrecision(new D(mantissa).times(new D(2).pow(exponent)));
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
  return toReferencePrecision(density(new D(x)));
}

/**
 * Φ(x) to 34 significant digits for any x.
 * From x = −14 up, the everywhere-convergent series Φ(x) = ½ + φ(x)·Σₙ x^(2n+1) / (1·3·5···(2n+1)). For
 * negative x the sum cancels against ½ and loses about x²/2·log₁₀(e) digits, so the working precision grows
 * by that much.
 * Below −14, the asymptotic series Φ(x) = φ(x)/|x| · Σₙ (−1)ⁿ (2n−1)!! / x^(2n). It alternates, so its error
 * is below the first omitted term; summed up to its smallest term (about e^(−x²/2) < 1e-42 relative), that
 * is far below 34 digits. Above 14, 1 − Φ(−x) is exact to 34 digits, and the series would need ~x² terms.
 */
export function refNormCdf(x: Decimal.Value): RefDecimal {
  const probe = new RefDecimal(x);
  if (probe.lt(-14)) return toReferencePrecision(lowerTailAsymptotic(probe));
  if (probe.gt(14)) return toReferencePrecision(lowerTailAsymptotic(probe.negated()).negated().plus(1));
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
  return toReferencePrecision(density(value).times(sum).plus(0.5));
}

function lowerTailAsymptotic(x: RefDecimal): Decimal {
  const D = workingDecimal(REF_PRECISION + 10);
  const value = new D(x);
  const square = value.times(value);
  const negligible = new D(10).pow(-(D.precision + 5));
  let term = new D(1);
  let sum = term;
  // Terms shrink while (2n − 1) < x², then grow: stop at the smallest or once negligible.
  for (let n = 1; term.abs().gt(negligible) && square.gt(2 * n - 1); n++) {
    term = term.times(-(2 * n - 1)).div(square);
    sum = sum.plus(term);
  }
  return density(value).times(sum).div(value.abs());
}

function density(x: Decimal): Decimal {
  const D = x.constructor as typeof Decimal;
  return D.exp(x.times(x).div(-2)).div(sqrtTwoPi(D));
}

const sqrtTwoPiByContext = new Map<typeof Decimal, Decimal>();
function sqrtTwoPi(D: typeof Decimal): Decimal {
  let value = sqrtTwoPiByContext.get(D);
  if (value === undefined) {
    value = D.acos(-1).times(2).sqrt();
    sqrtTwoPiByContext.set(D, value);
  }
  return value;
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
