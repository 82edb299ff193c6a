import { refExp, refFromFloat, refLn, refNormCdf, refNormPdf, RefDecimal } from "./black-scholes-ref";
import { detExp, detLn, normCdf, normPdf } from "./detmath";

const SMALLEST_NORMAL = 2.2250738585072014e-308;
const SMALLEST_SUBNORMAL = 5e-324;
const ULP_OF_ONE = 2.220446049250313e-16;

function relativeError(actual: number, reference: RefDecimal): number {
  return refFromFloat(actual).minus(reference).abs().div(reference.abs()).toNumber();
}

/** The worst relative error of `actual` against `reference` over the points, with where it happened. */
function worstRelativeError(
  points: readonly number[],
  actual: (x: number) => number,
  reference: (x: RefDecimal) => RefDecimal,
): { error: number; at: number } {
  let worst = { error: 0, at: NaN };
  for (const x of points) {
    const error = relativeError(actual(x), reference(refFromFloat(x)));
    if (error > worst.error) worst = { error, at: x };
  }
  return worst;
}

function grid(from: number, to: number, count: number): number[] {
  const step = (to - from) / (count - 1);
  return Array.from({ length: count }, (_, i) => from + i * step);
}

// Tolerances: fdlibm claims < 1 ulp for exp and ln, i.e. a relative error below 2.2e-16 (measured ≈1.2e-16
// and ≈1.4e-16); the project's budget is 1e-12. Cody's Φ measures ≈7e-16.
describe("detExp", () => {
  test("within 1 ulp of decimal.js over the normal range", () => {
    // An irrational-ish step so the points do not fall on multiples of ln 2.
    const points = [...grid(-708, 709.7, 2001), ...grid(-1.1, 1.1, 301)];
    for (let k = 1; k <= 20; k++) points.push(3.3 * 10 ** -k, -3.3 * 10 ** -k);
    const { error, at } = worstRelativeError(points, detExp, (x) => refExp(x));
    expect({ error, at, withinOneUlp: error < ULP_OF_ONE }).toMatchObject({ withinOneUlp: true });
  });

  test("subnormal results are within one subnormal step", () => {
    for (const x of grid(-745.1, -708.5, 97)) {
      const difference = refFromFloat(detExp(x)).minus(refExp(refFromFloat(x))).abs();
      expect(difference.lte(SMALLEST_SUBNORMAL)).toBe(true);
    }
  });

  test.each([
    [0, 1],
    [-0, 1],
    [1e-300, 1],
    [709.79, Infinity],
    [Infinity, Infinity],
    [-745.2, 0],
    [-Infinity, 0],
  ])("detExp(%p) = %p", (x, expected) => {
    expect(detExp(x)).toBe(expected);
  });

  test("NaN in, NaN out", () => {
    expect(detExp(NaN)).toBeNaN();
  });

  test("matches fdlibm bit for bit where its output is known (Java's StrictMath.exp(1))", () => {
    expect(detExp(1)).toBe(2.7182818284590455);
  });
});

describe("detLn", () => {
  test("within 1 ulp of decimal.js from subnormals to the largest floats", () => {
    const points = grid(-1070, 1023, 2001).map((e) => 1.2345 * 2 ** e);
    points.push(...grid(0.5, 2, 601), SMALLEST_SUBNORMAL, SMALLEST_NORMAL, Number.MAX_VALUE);
    for (let k = 1; k <= 15; k++) points.push(1 + 1.7 * 10 ** -k, 1 - 1.7 * 10 ** -k);
    const { error, at } = worstRelativeError(points, detLn, (x) => refLn(x));
    expect({ error, at, withinOneUlp: error < ULP_OF_ONE }).toMatchObject({ withinOneUlp: true });
  });

  test.each([
    [1, 0],
    [0, -Infinity],
    [Infinity, Infinity],
  ])("detLn(%p) = %p", (x, expected) => {
    expect(detLn(x)).toBe(expected);
  });

  test.each([-1, -Infinity, NaN])("detLn(%p) is NaN", (x) => {
    expect(detLn(x)).toBeNaN();
  });

  test("inverts detExp", () => {
    for (const x of grid(-700, 700, 141)) expect(Math.abs(detLn(detExp(x)) - x)).toBeLessThanOrEqual(1e-13);
  });
});

describe("normCdf", () => {
  test("relative error below 2e-15 across its whole normal-valued range", () => {
    const points = [...grid(-10, 8.3, 1001), ...grid(-37.3, -10, 60)];
    const { error, at } = worstRelativeError(points, normCdf, (x) => refNormCdf(x));
    expect({ error, at, below: error < 2e-15 }).toMatchObject({ below: true });
  });

  test("saturates to 0 and 1 where float64 cannot tell", () => {
    expect(normCdf(-38)).toBe(0);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(8.3)).toBe(1);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
  });

  test("Φ(0) = ½ exactly, and Φ(x) + Φ(−x) = 1", () => {
    expect(normCdf(0)).toBe(0.5);
    for (const x of grid(0, 8, 161)) expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThanOrEqual(ULP_OF_ONE);
  });

  test("never decreases, across the joins of Cody's three ranges too", () => {
    const points = [...grid(-38, 9, 4701), -5.657, -5.6568542494923806, -5.6568542494923797, -0.67448975, 0.67448975];
    points.sort((a, b) => a - b);
    for (let i = 1; i < points.length; i++) expect(normCdf(points[i])).toBeGreaterThanOrEqual(normCdf(points[i - 1]));
  });
});

describe("normPdf", () => {
  test("relative error below 1e-15 while the density is a normal float", () => {
    const points = grid(-37.5, 37.5, 1201);
    const { error, at } = worstRelativeError(points, normPdf, (x) => refNormPdf(x));
    expect({ error, at, below: error < 1e-15 }).toMatchObject({ below: true });
  });

  test("vanishes in the far tails and at infinity", () => {
    for (const x of [39, -39.5, 1e300, Infinity, -Infinity]) expect(normPdf(x)).toBe(0);
    expect(normPdf(NaN)).toBeNaN();
  });

  test("is symmetric and peaks at 1/√(2π)", () => {
    expect(normPdf(0)).toBe(0.3989422804014327);
    for (const x of grid(0, 10, 101)) expect(normPdf(-x)).toBe(normPdf(x));
  });
});
