import { blackScholesGreeks, blackScholesPrice, BlackScholesInput, OptionKind, OptionValuation } from "./black-scholes";
import { refBlackScholesGreeks, refFromFloat, RefDecimal } from "./black-scholes-ref";
import { detExp } from "./detmath";

const KINDS: OptionKind[] = ["call", "put"];
const GREEKS = ["price", "delta", "gamma", "vega", "theta"] as const;

function input(spot: number, strike: number, timeYears: number, vol: number, rate = 0, dividendYield = 0): BlackScholesInput {
  return { spot, strike, timeYears, vol, rate, dividendYield };
}

describe("textbook values", () => {
  test.each([
    // Hull, Options, Futures and Other Derivatives: S=100, K=100, T=1, r=5 %, σ=20 %.
    ["call", input(100, 100, 1, 0.2, 0.05), 10.4506],
    ["put", input(100, 100, 1, 0.2, 0.05), 5.5735],
    // Hull example 15.6: S=42, K=40, T=0.5, r=10 %, σ=20 %.
    ["call", input(42, 40, 0.5, 0.2, 0.1), 4.7594],
    ["put", input(42, 40, 0.5, 0.2, 0.1), 0.8086],
  ] as const)("%s %p ≈ %p", (kind, parameters, expected) => {
    expect(blackScholesPrice(kind, parameters)).toBeCloseTo(expected, 4);
  });

  test("all Greeks of the Hull case, against mpmath at 50 digits", () => {
    const expected: Record<OptionKind, OptionValuation> = {
      call: {
        price: 10.450583572185567,
        delta: 0.636830651175619,
        gamma: 0.018762017345846895,
        vega: 37.52403469169379,
        theta: -6.414027546438196,
      },
      put: {
        price: 5.573526022256968,
        delta: -0.363169348824381,
        gamma: 0.018762017345846895,
        vega: 37.52403469169379,
        theta: -1.6578804239346258,
      },
    };
    for (const kind of KINDS) {
      const valuation = blackScholesGreeks(kind, input(100, 100, 1, 0.2, 0.05));
      for (const greek of GREEKS) {
        expect(Math.abs(valuation[greek] / expected[kind][greek] - 1)).toBeLessThan(1e-14);
      }
    }
  });
});

describe("against the decimal.js reference", () => {
  // A value at or below the floor is compared in absolute terms: a 1e-200 price has no money in it, and
  // S·N(d₁) − K·N(d₂) loses relative digits there to cancellation (measured 6.5e-10 at a 2e-257 price).
  function floorFor(greek: (typeof GREEKS)[number], spot: number): number {
    if (greek === "delta") return 1e-12;
    if (greek === "gamma") return 1e-12 / spot;
    return 1e-12 * spot;
  }

  test("price and Greeks agree within 1e-10 relative over a grid of spot, expiry, vol, rate and carry", () => {
    let worst = { error: 0, case: "" };
    for (const spot of [60, 95, 100, 105, 150])
      for (const timeYears of [1 / 8760, 7 / 365, 0.25, 2])
        for (const vol of [0.05, 0.3, 1.5])
          for (const [rate, dividendYield] of [[0, 0], [0.05, 0.03]])
            for (const kind of KINDS) {
              const parameters = input(spot, 100, timeYears, vol, rate, dividendYield);
              const valuation = blackScholesGreeks(kind, parameters);
              const reference = refBlackScholesGreeks(kind, parameters);
              for (const greek of GREEKS) {
                const error = refFromFloat(valuation[greek])
                  .minus(reference[greek])
                  .abs()
                  .div(RefDecimal.max(reference[greek].abs(), floorFor(greek, spot)))
                  .toNumber();
                if (error > worst.error) worst = { error, case: `${kind} ${greek} ${JSON.stringify(parameters)}` };
              }
            }
    expect({ ...worst, below: worst.error < 1e-10 }).toMatchObject({ below: true });
  });
});

describe("put–call parity", () => {
  test("C − P = S·e^(−qT) − K·e^(−rT)", () => {
    for (const spot of [50, 90, 100, 110, 300])
      for (const timeYears of [1 / 365, 0.5, 3])
        for (const vol of [0.1, 0.6, 2])
          for (const [rate, dividendYield] of [[0, 0], [0.05, 0], [0.03, 0.07], [-0.01, 0]]) {
            const parameters = input(spot, 100, timeYears, vol, rate, dividendYield);
            const call = blackScholesGreeks("call", parameters);
            const put = blackScholesGreeks("put", parameters);
            const forwardValue = spot * detExp(-dividendYield * timeYears) - 100 * detExp(-rate * timeYears);
            expect(Math.abs(call.price - put.price - forwardValue)).toBeLessThan(1e-12 * spot);
            expect(Math.abs(call.delta - put.delta - detExp(-dividendYield * timeYears))).toBeLessThan(1e-14);
            expect(call.gamma).toBe(put.gamma);
            expect(call.vega).toBe(put.vega);
          }
  });
});

describe("shape", () => {
  test("price never decreases with vol, and increases wherever vega is material", () => {
    for (const kind of KINDS)
      for (const spot of [70, 100, 130]) {
        let previous = -1;
        for (let vol = 0.01; vol <= 3; vol += 0.01) {
          const { price, vega } = blackScholesGreeks(kind, input(spot, 100, 0.5, vol, 0.03));
          // Deep in the money at low vol the time value is below the rounding of S·N(d₁) − K·N(d₂): there the
          // price may jitter by a few ulps.
          if (vega > 1e-6) expect(price).toBeGreaterThan(previous);
          else expect(price).toBeGreaterThanOrEqual(previous - 4 * Number.EPSILON * previous);
          previous = price;
        }
      }
  });

  test("Greeks match central finite differences of the price", () => {
    const base = input(105, 100, 0.4, 0.55, 0.04, 0.01);
    for (const kind of KINDS) {
      const valuation = blackScholesGreeks(kind, base);
      const price = (changes: Partial<BlackScholesInput>) => blackScholesPrice(kind, { ...base, ...changes });
      const h = 1e-4;
      const delta = (price({ spot: base.spot + h }) - price({ spot: base.spot - h })) / (2 * h);
      const gamma = (price({ spot: base.spot + h }) - 2 * price({}) + price({ spot: base.spot - h })) / (h * h);
      const vega = (price({ vol: base.vol + h }) - price({ vol: base.vol - h })) / (2 * h);
      const theta = -(price({ timeYears: base.timeYears + h }) - price({ timeYears: base.timeYears - h })) / (2 * h);
      expect(valuation.delta).toBeCloseTo(delta, 8);
      expect(valuation.gamma).toBeCloseTo(gamma, 5);
      expect(valuation.vega).toBeCloseTo(vega, 7);
      expect(valuation.theta).toBeCloseTo(theta, 5);
    }
  });
});

/** Field by field, so that −0 (a put's zero delta is −1 × 0) equals 0. */
function expectValuation(actual: OptionValuation, expected: OptionValuation): void {
  for (const greek of GREEKS) expect(actual[greek]).toBeCloseTo(expected[greek], 12);
}

describe("edge cases", () => {
  test.each([
    ["call", 120, { price: 20, delta: 1 }],
    ["call", 80, { price: 0, delta: 0 }],
    ["call", 100, { price: 0, delta: 0.5 }],
    ["put", 80, { price: 20, delta: -1 }],
    ["put", 120, { price: 0, delta: 0 }],
    ["put", 100, { price: 0, delta: -0.5 }],
  ] as const)("at expiry a %s with spot %p is worth its intrinsic value", (kind, spot, expected) => {
    expectValuation(blackScholesGreeks(kind, input(spot, 100, 0, 0.8, 0.05)), { ...expected, gamma: 0, vega: 0, theta: 0 });
  });

  test("a second before expiry is within a hair of intrinsic value", () => {
    const oneSecond = 1 / (365 * 86400);
    for (const spot of [90, 110]) {
      const call = blackScholesGreeks("call", input(spot, 100, oneSecond, 0.8));
      expect(call.price).toBeCloseTo(Math.max(spot - 100, 0), 10);
      expect(call.delta).toBe(spot > 100 ? 1 : 0);
    }
  });

  test("zero vol: the discounted forward payoff, with the step at the forward", () => {
    const rate = 0.05;
    const discountedStrike = 100 * detExp(-rate);
    const itm = blackScholesGreeks("call", input(100, 100, 1, 0, rate));
    expectValuation(itm, { price: 100 - discountedStrike, delta: 1, gamma: 0, vega: 0, theta: -rate * discountedStrike });
    const otm = blackScholesGreeks("put", input(100, 100, 1, 0, rate));
    expectValuation(otm, { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
  });

  test("zero vol exactly at the forward takes the σ → 0 limits", () => {
    const call = blackScholesGreeks("call", input(100, 100, 4, 0));
    expect(call.price).toBe(0);
    expect(call.delta).toBe(0.5);
    expect(call.vega).toBeCloseTo((100 * 2) / Math.sqrt(2 * Math.PI), 12);
    // The limit agrees with a tiny but positive vol.
    const tinyVol = blackScholesGreeks("call", input(100, 100, 4, 1e-9));
    expect(tinyVol.delta).toBeCloseTo(call.delta, 8);
    expect(tinyVol.vega).toBeCloseTo(call.vega, 6);
  });

  test("tiny vol converges to the zero-vol branch", () => {
    for (const kind of KINDS) {
      const zero = blackScholesGreeks(kind, input(90, 100, 1, 0, 0.05, 0.01));
      const tiny = blackScholesGreeks(kind, input(90, 100, 1, 1e-6, 0.05, 0.01));
      expect(tiny.price).toBeCloseTo(zero.price, 12);
      expect(tiny.delta).toBeCloseTo(zero.delta, 12);
      expect(tiny.theta).toBeCloseTo(zero.theta, 12);
    }
  });

  test("deep in the money: forward value, delta e^(−qT)", () => {
    const call = blackScholesGreeks("call", input(1e6, 100, 1, 0.5, 0.05, 0.02));
    expect(call.price / (1e6 * detExp(-0.02) - 100 * detExp(-0.05)) - 1).toBeCloseTo(0, 15);
    expect(call.delta).toBe(detExp(-0.02));
    expect(call.gamma).toBeLessThan(1e-50);
  });

  test("deep out of the money: zero, never negative or NaN", () => {
    for (const kind of KINDS) {
      const farStrike = kind === "call" ? 1e6 : 1e-6;
      const valuation = blackScholesGreeks(kind, input(100, farStrike, 1, 0.5, 0.05));
      for (const greek of GREEKS) expect(Number.isNaN(valuation[greek])).toBe(false);
      expect(valuation.price).toBeGreaterThanOrEqual(0);
      expect(valuation.price).toBeLessThan(1e-60);
      expect(Math.abs(valuation.delta)).toBeLessThan(1e-60);
    }
  });

  test("moneyness beyond float range (ln(S/K) = ±∞) still gives finite limits", () => {
    const call = blackScholesGreeks("call", input(1e300, 1e-300, 1, 0.5));
    expectValuation(call, { price: 1e300, delta: 1, gamma: 0, vega: 0, theta: 0 });
    const put = blackScholesGreeks("put", input(1e-300, 1e300, 1, 0.5));
    expect(put.price).toBe(1e300);
    expect(put.delta).toBe(-1);
    for (const greek of GREEKS) expect(Number.isFinite(put[greek])).toBe(true);
  });

  test("huge vol: the call tends to the discounted spot, the put to the discounted strike", () => {
    expect(blackScholesPrice("call", input(100, 100, 10, 10, 0.01))).toBeCloseTo(100, 6);
    expect(blackScholesPrice("put", input(100, 100, 10, 10, 0.01))).toBeCloseTo(100 * detExp(-0.1), 6);
  });

  test.each([
    ["spot", input(0, 100, 1, 0.5)],
    ["spot", input(-1, 100, 1, 0.5)],
    ["strike", input(100, 0, 1, 0.5)],
    ["timeYears", input(100, 100, -1e-9, 0.5)],
    ["vol", input(100, 100, 1, -0.1)],
    ["spot", input(NaN, 100, 1, 0.5)],
    ["vol", input(100, 100, 1, Infinity)],
    ["rate", input(100, 100, 1, 0.5, NaN)],
    ["dividendYield", input(100, 100, 1, 0.5, 0, Infinity)],
  ])("rejects a bad %s", (field, parameters) => {
    expect(() => blackScholesGreeks("call", parameters)).toThrow(new RegExp(field));
  });
});

describe("determinism", () => {
  // The exact bits are part of consensus: every validator must compute these. A change here is a
  // consensus-breaking change and needs a coordinated upgrade.
  test("golden bits", () => {
    expect(blackScholesGreeks("call", input(100, 100, 1, 0.2, 0.05))).toEqual(GOLDEN_CALL);
    expect(blackScholesGreeks("put", input(64250.5, 70000, 23 / 365, 0.73, 0.041, 0.002))).toEqual(GOLDEN_PUT);
  });
});

const GOLDEN_CALL: OptionValuation = {
  price: 10.450583572185565,
  delta: 0.6368306511756191,
  gamma: 0.018762017345846895,
  vega: 37.52403469169379,
  theta: -6.414027546438197,
};
const GOLDEN_PUT: OptionValuation = {
  price: 8176.681346699406,
  delta: -0.6414923851775166,
  gamma: 0.00003172324803993254,
  vega: 6024.0490865692245,
  theta: -32950.973557533274,
};
