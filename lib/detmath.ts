// Deterministic float64 elementary functions for consensus code.
//
// Math.exp/log/pow may differ in the last bits between V8 versions and CPUs; a margin call must not.
// Everything here uses only IEEE-754 basic operations (+ − × ÷ and Math.sqrt, each correctly rounded,
// and JavaScript never fuses them), exact operations (Math.abs, Math.trunc, comparisons) and exact reads
// and writes of a float's bits through a DataView. So every platform computes the same bits.
//
// detExp and detLn are ports of fdlibm's e_exp.c and e_log.c (Sun Microsystems, 1993; error < 1 ulp).
// normCdf is W. J. Cody's rational Chebyshev approximation (ACM TOMS 715, the algorithm of R's pnorm).
// detmath.test.ts measures them against decimal.js at 34 digits.

const bits = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  bits.setFloat64(0, x);
  return bits.getInt32(0);
}

function replaceHighWord(x: number, high: number): number {
  bits.setFloat64(0, x);
  bits.setInt32(0, high);
  return bits.getFloat64(0);
}

/** 2^k for k in [−1022, 1023], built from its bits (exact). */
function powerOfTwo(k: number): number {
  bits.setInt32(0, (k + 1023) << 20);
  bits.setInt32(4, 0);
  return bits.getFloat64(0);
}

/** y × 2^k for the y ∈ [0.5, 2] that exp produces, with a single rounding even when the result is subnormal. */
function scaleByPowerOfTwo(y: number, k: number): number {
  if (k > 1023) return y * 2 * powerOfTwo(k - 1);
  if (k < -1021) return y * powerOfTwo(k + 1000) * powerOfTwo(-1000);
  return y * powerOfTwo(k);
}

// Cody–Waite split of ln 2: LN2_HI has trailing zero bits, so k × LN2_HI is exact for |k| < 2^11.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;

const EXP_P1 = 1.66666666666666019037e-1;
const EXP_P2 = -2.77777777770155933842e-3;
const EXP_P3 = 6.61375632143793436117e-5;
const EXP_P4 = -1.65339022054652515390e-6;
const EXP_P5 = 4.13813679705723846039e-8;
const EXP_OVERFLOW = 7.09782712893383973096e2;
const EXP_UNDERFLOW = -7.45133219101941108420e2;
const HALF_LN2 = 3.46573590279972654709e-1;
const THREE_HALVES_LN2 = 1.03972077083991796413e0;
const TWO_POW_MINUS_28 = 3.7252902984619140625e-9;

/** eˣ, within 1 ulp. */
export function detExp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  const absX = Math.abs(x);
  if (absX < TWO_POW_MINUS_28) return 1 + x;
  // x = k·ln2 + r with |r| ≤ ln2/2; r is carried as hi − lo to keep the bits k·ln2 would cancel.
  let k = 0;
  let hi = x;
  let lo = 0;
  if (absX > HALF_LN2) {
    if (absX < THREE_HALVES_LN2) k = x > 0 ? 1 : -1;
    else k = Math.trunc(INV_LN2 * x + (x > 0 ? 0.5 : -0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  }
  const r = hi - lo;
  // e^r = 1 + 2r / (R(r²) − r), with R a minimax rational fitted on [0, (ln2/2)²]; c is r − r²·P(r²).
  const t = r * r;
  const c = r - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  return scaleByPowerOfTwo(y, k);
}

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const TWO_POW_54 = 1.8014398509481984e16;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** ln x, within 1 ulp; NaN below zero, −∞ at zero. */
export function detLn(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  let k = 0;
  if (x < SMALLEST_NORMAL) {
    k -= 54;
    x *= TWO_POW_54;
  }
  // x = 2^k · m with m in [√2/2, √2), read from the exponent and mantissa bits.
  let high = highWord(x);
  k += (high >> 20) - 1023;
  high &= 0x000fffff;
  const mantissaAboveSqrt2 = (high + 0x95f64) & 0x100000;
  const m = replaceHighWord(x, high | (mantissaAboveSqrt2 ^ 0x3ff00000));
  k += mantissaAboveSqrt2 >> 20;
  const f = m - 1;
  if ((0x000fffff & (2 + high)) < 3) {
    // |f| < 2^-20: two terms of the series suffice.
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const series = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - series : k * LN2_HI - ((series - k * LN2_LO) - f);
  }
  // ln(1+f) = 2s + s·R(s²) with s = f / (2+f); R is fdlibm's minimax polynomial.
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const oddTerms = w * (LG2 + w * (LG4 + w * LG6));
  const evenTerms = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = evenTerms + oddTerms;
  // For m in about [1.38, 1.42] the f²/2 split below loses less to rounding; fdlibm selects it by the bits.
  if (((high - 0x6147a) | (0x6b851 - high)) > 0) {
    const halfFSquared = 0.5 * f * f;
    if (k === 0) return f - (halfFSquared - s * (halfFSquared + R));
    return k * LN2_HI - ((halfFSquared - (s * (halfFSquared + R) + k * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - R);
  return k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f);
}

const INV_SQRT_2PI = 0.398942280401432677939946059934;

/**
 * e^(−x²/2) without the rounding error of x² itself: x = a + b with a a multiple of 1/16, so a² is exact
 * and (x − a)(x + a) = x² − a² is small and its rounding negligible (Cody's device). Without it the relative
 * error in the tails grows like x² ulp.
 */
function expMinusHalfSquare(x: number): number {
  // Past |x| ≈ 38.6 the result is below the smallest subnormal; returning early also keeps ±∞ out of ∞ − ∞.
  if (Math.abs(x) > 39) return 0;
  const a = Math.trunc(x * 16) / 16;
  const rest = (x - a) * (x + a);
  return detExp(-a * a * 0.5) * detExp(-rest * 0.5);
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * expMinusHalfSquare(x);
}

const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const QUARTILE = 0.67448975; // Φ⁻¹(3/4): the end of the central approximation
const SQRT_32 = 5.656854249492380195206754896838;
// Beyond these, Φ is 0 or 1 in float64 (below −37.5193 it would be subnormal; Cody stops there too).
const LOWER_CUTOFF = -37.5193;
const UPPER_CUTOFF = 8.2924;

/**
 * Standard normal CDF Φ(x), with small relative error in both tails: the lower tail is computed directly,
 * never as 1 − Φ(−x), so Φ(−30) ≈ 4.9e-198 keeps its digits. Use normCdf(−x) for 1 − Φ(x).
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  if (y <= QUARTILE) {
    const xsq = x * x;
    let numerator = CODY_A[4] * xsq;
    let denominator = xsq;
    for (let i = 0; i < 3; i++) {
      numerator = (numerator + CODY_A[i]) * xsq;
      denominator = (denominator + CODY_B[i]) * xsq;
    }
    return 0.5 + (x * (numerator + CODY_A[3])) / (denominator + CODY_B[3]);
  }
  let lowerTail: number; // Φ(−y)
  if (y <= SQRT_32) {
    let numerator = CODY_C[8] * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + CODY_C[i]) * y;
      denominator = (denominator + CODY_D[i]) * y;
    }
    lowerTail = expMinusHalfSquare(y) * ((numerator + CODY_C[7]) / (denominator + CODY_D[7]));
  } else if (x > LOWER_CUTOFF && x < UPPER_CUTOFF) {
    const inverseSquare = 1 / (x * x);
    let numerator = CODY_P[5] * inverseSquare;
    let denominator = inverseSquare;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + CODY_P[i]) * inverseSquare;
      denominator = (denominator + CODY_Q[i]) * inverseSquare;
    }
    const correction = (inverseSquare * (numerator + CODY_P[4])) / (denominator + CODY_Q[4]);
    lowerTail = expMinusHalfSquare(y) * ((INV_SQRT_2PI - correction) / y);
  } else {
    lowerTail = 0;
  }
  return x > 0 ? 1 - lowerTail : lowerTail;
}
