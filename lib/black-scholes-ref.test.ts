// The reference must itself be right to 34 digits before it can judge anything: checked here against values
// computed independently with mpmath at 50 digits (mp.ncdf, mp.npdf, and the Black–Scholes formulas).

import {
  REF_PRECISION,
  refBlackScholesGreeks,
  refExp,
  refFromFloat,
  refLn,
  refNormCdf,
  refNormPdf,
  RefDecimal,
} from "./black-scholes-ref";

function expectDigits(actual: RefDecimal, expected: string, digits: number): void {
  const error = actual.minus(expected).abs().div(new RefDecimal(expected).abs());
  expect({ actual: actual.toString(), expected, withinTolerance: error.lt(`1e-${digits}`) }).toMatchObject({
    withinTolerance: true,
  });
}

describe("refFromFloat", () => {
  test.each([
    [0.1, "0.1000000000000000055511151231257827"],
    [-2.5, "-2.5"],
    [1e300, "1.00000000000000005250476025520442e+300"],
    [5e-324, "4.940656458412465441765687928682214e-324"],
    [0, "0"],
  ])("%p is exactly %s (to 34 digits)", (x, expected) => {
    expect(refFromFloat(x).toString()).toBe(expected);
  });

  test("rejects non-finite input", () => {
    expect(() => refFromFloat(NaN)).toThrow(RangeError);
  });
});

describe("elementary functions", () => {
  test("precision is decimal128's", () => {
    expect(REF_PRECISION).toBe(34);
    expect(refExp(1).toString()).toBe("2.718281828459045235360287471352662");
    expect(refLn(10).toString()).toBe("2.302585092994045684017991454684364");
  });
});

describe("refNormCdf", () => {
  test.each([
    ["-40", "3.655893540915029703748985802688283665054e-350"],
    ["-20", "2.753624118606233695075622780857465332807e-89"],
    ["-14.5", "6.057494764415220779633449785512872750343e-48"],
    ["-13.9", "3.167068268130794800086969503416537796175e-44"],
    ["-10", "7.619853024160526065973343251599308363504e-24"],
    ["-5", "2.866515718791939116737523328746453538544e-7"],
    ["-1", "0.1586552539314570514147674543679620775221"],
    ["0", "0.5"],
    ["0.5", "0.6914624612740131036377046106083377398836"],
    ["3", "0.9986501019683699054733481852324050226222"],
    ["8", "0.9999999999999993779039425728215876484005"],
    ["20", "1"],
  ])("Φ(%s) = %s", (x, expected) => {
    expectDigits(refNormCdf(x), expected, 33);
  });
});

describe("refNormPdf", () => {
  test.each([
    ["1", "0.2419707245191433497978301929355606548287"],
    ["-37", "2.120006551524605626852045477107199373242e-298"],
  ])("φ(%s) = %s", (x, expected) => {
    expectDigits(refNormPdf(x), expected, 33);
  });
});

describe("refBlackScholesGreeks", () => {
  // S=100, K=100, T=1, σ=0.2, r=0.05, and 0.25 years at 80 % vol with 3 % carry. The floats 0.2, 0.05 and
  // 0.03 are not those decimals exactly, so agreement is only to ~1e-15 where the input differs.
  test.each([
    [
      "call",
      { spot: 100, strike: 100, timeYears: 1, vol: 0.2, rate: 0.05 },
      ["10.45058357218556734600152079922051", "0.6368306511756190733062623170053145", "0.01876201734584689284075477020389504", "37.52403469169378776451190498536899", "-6.414027546438196131732479175386717"],
    ],
    [
      "put",
      { spot: 100, strike: 100, timeYears: 1, vol: 0.2, rate: 0.05 },
      ["5.573526022256967991124850581778302", "-0.3631693488243809266937376829946855", "0.01876201734584689284075477020389504", "37.52403469169378776451190498536899", "-1.657880423934625835457110490851405"],
    ],
    [
      "call",
      { spot: 100, strike: 100, timeYears: 0.25, vol: 0.8, rate: 0.05, dividendYield: 0.03 },
      ["15.94298402544937779180125035437824", "0.5797768377602196526793306987357122", "0.009678037727747395633819796877970442", "19.35607545549479126763959375594088", "-31.33212520303963644399194888925793"],
    ],
  ] as const)("%s %p", (kind, input, [price, delta, gamma, vega, theta]) => {
    const valuation = refBlackScholesGreeks(kind, input);
    expectDigits(valuation.price, price, 14);
    expectDigits(valuation.delta, delta, 14);
    expectDigits(valuation.gamma, gamma, 14);
    expectDigits(valuation.vega, vega, 14);
    expectDigits(valuation.theta, theta, 14);
  });

  test("exactly representable inputs agree to 33 digits", () => {
    // S=42, K=40, T=0.5, σ=0.25, r=0.125 are exact in binary; mpmath: call price and delta.
    const valuation = refBlackScholesGreeks("call", { spot: 42, strike: 40, timeYears: 0.5, vol: 0.25, rate: 0.125 });
    expectDigits(valuation.price, PRICE_42_40, 33);
    expectDigits(valuation.delta, DELTA_42_40, 33);
  });

  test("degenerate inputs take the same limits as the float implementation", () => {
    const expiry = refBlackScholesGreeks("put", { spot: 80, strike: 100, timeYears: 0, vol: 0.5, rate: 0.05 });
    expect([expiry.price.toNumber(), expiry.delta.toNumber()]).toEqual([20, -1]);
    const flat = refBlackScholesGreeks("call", { spot: 100, strike: 100, timeYears: 4, vol: 0, rate: 0 });
    expect(flat.delta.toNumber()).toBe(0.5);
    expectDigits(flat.vega, "79.78845608028653558798921198687637369517", 33);
  });
});

const PRICE_42_40 = "5.549717049036478457865545259123988940026";
const DELTA_42_40 = "0.7636030391306953536703108467160352265477";
