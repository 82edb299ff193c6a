// Fixed-point money arithmetic on bigint.
//
// Rounding convention (every function that divides takes it explicitly):
//   "down" = toward −∞ (floor), "up" = toward +∞ (ceiling), for negative values too.
// Requirements (margin, fees owed) round "up"; credits (payouts, interest earned) round "down", so the
// protocol never gives away the rounding remainder. Truncation toward zero is deliberately not offered:
// it rounds credits up for negative values.

export type Rounding = "up" | "down";
/** "half-even" (banker's rounding) is for displaying or re-scaling values, never for money owed. */
export type RoundingMode = Rounding | "half-even";

/** n / d rounded as asked; exact for any signs of n and d. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError("divRound: division by zero");
  const truncated = n / d;
  const remainder = n % d;
  if (remainder === 0n) return truncated;
  // With a remainder, the exact quotient lies strictly between truncated and its neighbour away from zero.
  const exactIsNegative = remainder < 0n !== d < 0n;
  const floor = exactIsNegative ? truncated - 1n : truncated;
  switch (mode) {
    case "down":
      return floor;
    case "up":
      return floor + 1n;
    case "half-even": {
      const twiceRemainder = 2n * absBig(remainder);
      const divisor = absBig(d);
      if (twiceRemainder < divisor) return exactIsNegative ? floor + 1n : floor;
      if (twiceRemainder > divisor) return exactIsNegative ? floor : floor + 1n;
      return floor % 2n === 0n ? floor : floor + 1n;
    }
  }
}

/** x × n / d with a single rounding of the exact product, so no precision is lost in between. */
export function mulDiv(x: bigint, n: bigint, d: bigint, rounding: Rounding): bigint {
  return divRound(x * n, d, rounding);
}

export function minBig(first: bigint, ...rest: bigint[]): bigint {
  let min = first;
  for (const value of rest) if (value < min) min = value;
  return min;
}

export function maxBig(first: bigint, ...rest: bigint[]): bigint {
  let max = first;
  for (const value of rest) if (value > max) max = value;
  return max;
}

export function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** floor(√n), exact for any size. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt: negative input ${n}`);
  if (n < 2n) return n;
  // Newton's iteration decreases monotonically to floor(√n) when it starts above it; 2^⌈bits/2⌉ does.
  const bits = BigInt(n.toString(2).length);
  let x = 1n << ((bits + 1n) / 2n);
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

export function pow10(exponent: number): bigint {
  assertDecimals(exponent);
  return 10n ** BigInt(exponent); // nondeterminism-ok: bigint exponentiation is exact integer arithmetic
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string ("1.25", "-0.5", "42") into an integer scaled by 10^decimals.
 * Rejects anything else rather than guessing: signs other than a leading "-", exponents, whitespace,
 * "1." / ".5", and more fractional digits than `decimals` (that would need a rounding the caller did not
 * choose).
 */
export function parseDec(text: string, decimals: number): bigint {
  assertDecimals(decimals);
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) throw new SyntaxError(`parseDec: ${JSON.stringify(text)} is not a plain decimal number`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > decimals) {
    throw new RangeError(`parseDec: ${JSON.stringify(text)} has more than ${decimals} fractional digits`);
  }
  const magnitude = BigInt(whole + fraction.padEnd(decimals, "0"));
  return sign === "-" ? -magnitude : magnitude;
}

/**
 * Formats an integer scaled by 10^decimals. By default every fractional digit is written
 * ("1.250000000000000000"), as Cosmos writes sdk.Dec; `trimZeros` gives the shortest form ("1.25", "2").
 * parseDec(formatDec(v, d), d) === v either way.
 */
export function formatDec(value: bigint, decimals: number, options: { trimZeros?: boolean } = {}): string {
  assertDecimals(decimals);
  const sign = value < 0n ? "-" : "";
  const digits = absBig(value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  if (options.trimZeros) fraction = fraction.replace(/0+$/, "");
  return fraction === "" ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

function assertDecimals(decimals: number): void {
  if (!Number.isSafeInteger(decimals) || decimals < 0) {
    throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dec: 18-decimal fixed point, the representation of Cosmos sdk.Dec (value × 10^18 as an integer).
// Adding and subtracting Decs, and multiplying a Dec by an integer, are plain bigint operators (exact);
// everything that divides is a function below with an explicit rounding.

/** A bigint holding value × 10^18. The alias documents intent; it is not a distinct type. */
export type Dec = bigint;

export const DEC_DECIMALS = 18;
export const DEC_ONE: Dec = pow10(DEC_DECIMALS);

export function decFromInt(n: bigint): Dec {
  return n * DEC_ONE;
}

export function decFromRatio(numerator: bigint, denominator: bigint, rounding: Rounding): Dec {
  return mulDiv(numerator, DEC_ONE, denominator, rounding);
}

export function decFromString(text: string): Dec {
  return parseDec(text, DEC_DECIMALS);
}

export function decToString(value: Dec, options: { trimZeros?: boolean } = {}): string {
  return formatDec(value, DEC_DECIMALS, options);
}

/** Dec × Dec → Dec. */
export function decMul(a: Dec, b: Dec, rounding: Rounding): Dec {
  return mulDiv(a, b, DEC_ONE, rounding);
}

/** Dec ÷ Dec → Dec. */
export function decQuo(a: Dec, b: Dec, rounding: Rounding): Dec {
  return mulDiv(a, DEC_ONE, b, rounding);
}

/** Dec ÷ integer → Dec. */
export function decQuoInt(a: Dec, n: bigint, rounding: Rounding): Dec {
  return divRound(a, n, rounding);
}

/** Integer amount × Dec rate → integer amount: fees, haircuts, margin ratios applied to balances. */
export function mulIntByDec(amount: bigint, rate: Dec, rounding: Rounding): bigint {
  return mulDiv(amount, rate, DEC_ONE, rounding);
}

/** Dec → integer. */
export function decToInt(value: Dec, rounding: Rounding): bigint {
  return divRound(value, DEC_ONE, rounding);
}

// Float bridge for the risk math in black-scholes.ts: state stays fixed point, only the pricing runs in
// float64. Both directions are deterministic (correctly rounded conversions, exact bit decomposition).

/** The float64 nearest the Dec's value (round half to even). */
export function decToFloat(value: Dec): number {
  const magnitude = absBig(value);
  // Number(value) / 1e18 would round twice and can land one ulp off. Instead take the quotient with at least
  // 55 significant bits, fold any remainder into its lowest bit ("round to odd", which makes the one
  // rounding in Number() exact-equivalent), then undo the power-of-two scaling, which is exact.
  const bitLength = magnitude.toString(2).length;
  const shift = Math.max(0, 55 + 60 - bitLength); // 10^18 < 2^60
  const scaled = magnitude << BigInt(shift);
  let quotient = scaled / DEC_ONE;
  if (quotient * DEC_ONE !== scaled) quotient |= 1n;
  const result = Number(quotient) / Number(1n << BigInt(shift));
  return value < 0n ? -result : result;
}

const floatBits = new DataView(new ArrayBuffer(8));

/** The exact value of a finite float64, rounded once to 18 decimals. */
export function decFromFloat(x: number, rounding: Rounding): Dec {
  if (!Number.isFinite(x)) throw new RangeError(`decFromFloat: ${x} is not finite`);
  floatBits.setFloat64(0, x);
  const bits = floatBits.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & 0xfffffffffffffn;
  // x = ±mantissa × 2^exponent exactly; subnormals have no implicit leading bit and a fixed exponent.
  const mantissa = biasedExponent === 0 ? fractionBits : fractionBits | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  const signedScaled = (negative ? -mantissa : mantissa) * DEC_ONE;
  if (exponent >= 0) return signedScaled << BigInt(exponent);
  return divRound(signedScaled, 1n << BigInt(-exponent), rounding);
}
