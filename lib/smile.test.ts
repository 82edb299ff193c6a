// The smile's shape (never below the ATM vol, rising with |x| on each side, capped) and what it does to the
// risk engine's marks and scenario values: they stay within the no-arbitrage bounds of a single option and never
// fall below the flat marks, for any votes.
import fc from "fast-check";
import { blackScholesPrice } from "./black-scholes";
import { detLn } from "./detmath";
import { DEC_ONE, type Dec, decFromString, decToFloat } from "./fixed";
import { type OptionSeries, REFERENCE_MARGIN_PARAMS, RiskEngine, type SeriesRisk, type UnderlyingRisk } from "./margin";
import { DEFAULT_MAX_SMILE_MULTIPLE, type Smile, smileCurve, smileFromVotes, smileMultiple, smileMultipleAt } from "./smile";
import { NS_PER_YEAR } from "./volatility";

const dec = decFromString;
const DAY = 86_400_000_000_000n;
const NOW = 1_800_000_000_000_000_000n;

describe("votes", () => {
  test.each([
    ["both flat or below 1: no smile", { put: dec("1"), call: dec("0.7") }, undefined],
    ["nothing fresh: no smile", {}, undefined],
    ["a put side alone", { put: dec("1.3") }, { putWing: dec("0.3"), callWing: 0n, maxMultiple: DEFAULT_MAX_SMILE_MULTIPLE }],
    ["both sides", { put: dec("1.3"), call: dec("1.05") }, { putWing: dec("0.3"), callWing: dec("0.05"), maxMultiple: DEFAULT_MAX_SMILE_MULTIPLE }],
  ])("%s", (_, votes, expected) => {
    expect(smileFromVotes(votes, DEFAULT_MAX_SMILE_MULTIPLE)).toEqual(expected);
  });

  test("a cap below 1 would lower wing vols: it counts as 1 (flat)", () => {
    const smile = smileFromVotes({ put: dec("2") }, dec("0.5"))!;
    expect(smileMultiple(smileCurve(smile), -3)).toBe(1);
  });
});

describe("shape", () => {
  const curve = smileCurve({ putWing: dec("0.3"), callWing: dec("0.1"), maxMultiple: dec("2.5") });

  test("the 30-day 80 %-spot strike on a 1.3 put vote: x = ln 0.8 / √(30/365), vol multiple 1 + 0.3·|x|", () => {
    const sqrtYears = Math.sqrt(30 / 365);
    const x = detLn(0.8) / sqrtYears;
    expect(x).toBeCloseTo(-0.7783, 4);
    expect(smileMultipleAt(curve, 48_000, 60_000, sqrtYears)).toBeCloseTo(1 + 0.3 * 0.7783, 4);
    // the same strike above the money takes the call wing
    expect(smileMultipleAt(curve, 75_000, 60_000, sqrtYears)).toBeCloseTo(1 + 0.1 * (detLn(1.25) / sqrtYears), 12);
  });

  test("at the money, at expiry and without a smile: the ATM vol", () => {
    expect(smileMultiple(curve, 0)).toBe(1);
    expect(smileMultipleAt(curve, 48_000, 60_000, 0)).toBe(1);
    expect(smileMultipleAt(undefined, 48_000, 60_000, 0.3)).toBe(1);
  });

  test("far wings and a NaN x stop at the cap", () => {
    expect(smileMultiple(curve, -1e6)).toBe(2.5);
    expect(smileMultiple(curve, 1e300)).toBe(2.5);
    expect(smileMultiple(curve, NaN)).toBe(2.5);
  });

  const smiles: fc.Arbitrary<Smile> = fc
    .record({ put: fc.integer({ min: 0, max: 5_000 }), call: fc.integer({ min: 0, max: 5_000 }), cap: fc.integer({ min: 1_000, max: 5_000 }) })
    .map(({ put, call, cap }) => ({ putWing: (BigInt(put) * DEC_ONE) / 1_000n, callWing: (BigInt(call) * DEC_ONE) / 1_000n, maxMultiple: (BigInt(cap) * DEC_ONE) / 1_000n }));
  const moneyness = fc.double({ min: 0, max: 50, noNaN: true });

  test("property: never below the ATM vol, never above the cap, and rising with |x| on each side", () => {
    fc.assert(
      fc.property(smiles, moneyness, moneyness, fc.boolean(), (smile, a, b, below) => {
        const c = smileCurve(smile);
        const [near, far] = a <= b ? [a, b] : [b, a];
        const sign = below ? -1 : 1;
        const [m1, m2] = [smileMultiple(c, sign * near), smileMultiple(c, sign * far)];
        expect(m1).toBeGreaterThanOrEqual(1);
        expect(m2).toBeLessThanOrEqual(c.cap);
        expect(m2).toBeGreaterThanOrEqual(m1);
      }),
    );
  });
});

describe("marks and scenarios on a smile", () => {
  /** Spot, ATM vol, expiry and strike drawn wide; votes up to 4× ATM at |x| = 1, under the default cap. */
  interface Case {
    spotUsd: number;
    volPercent: number;
    regimeTenths: number;
    moneyness: number;
    minutes: number;
    kind: "call" | "put";
    putVote: number;
    callVote: number;
  }
  const cases: fc.Arbitrary<Case> = fc.record({
    spotUsd: fc.integer({ min: 1, max: 100_000 }),
    volPercent: fc.integer({ min: 10, max: 200 }),
    regimeTenths: fc.integer({ min: 10, max: 30 }),
    moneyness: fc.integer({ min: 20, max: 400 }),
    minutes: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 60, max: 2 * 365 * 1440 })),
    kind: fc.constantFrom("call" as const, "put" as const),
    putVote: fc.integer({ min: 500, max: 4_000 }),
    callVote: fc.integer({ min: 500, max: 4_000 }),
  });

  function build(c: Case, smiled: boolean) {
    const spot = BigInt(c.spotUsd) * 1_000_000n * DEC_ONE;
    const vol = (BigInt(c.volPercent) * DEC_ONE) / 100n;
    const market: UnderlyingRisk = {
      spot,
      markVol: vol,
      marginVol: vol,
      regime: (BigInt(c.regimeTenths) * DEC_ONE) / 10n,
      smile: smiled ? smileFromVotes({ put: (BigInt(c.putVote) * DEC_ONE) / 1_000n, call: (BigInt(c.callVote) * DEC_ONE) / 1_000n }, DEFAULT_MAX_SMILE_MULTIPLE) : undefined,
    };
    const strike = ((spot * BigInt(c.moneyness)) / 100n / DEC_ONE) * DEC_ONE;
    const series: OptionSeries = { id: 1n, underlying: "BTC", kind: c.kind, strike, contractSize: dec("0.1"), expiryNs: NOW + (BigInt(c.minutes) * DAY) / 1440n };
    const engine = new RiskEngine(REFERENCE_MARGIN_PARAMS, NOW, () => market);
    return { engine, series, risk: engine.seriesRisk(series) };
  }

  /** Per contract at a spot: value ≥ intrinsic, call ≤ spot, put ≤ strike (with float rounding's room). */
  function expectWithinBounds(series: OptionSeries, spot: number, low: number, high: number) {
    const size = decToFloat(series.contractSize);
    const strike = decToFloat(series.strike);
    const slack = (spot + strike) * size * 1e-9;
    const intrinsic = Math.max(0, series.kind === "call" ? spot - strike : strike - spot) * size;
    expect(low).toBeGreaterThanOrEqual(intrinsic - slack);
    expect(high).toBeLessThanOrEqual((series.kind === "call" ? spot : strike) * size + slack);
  }

  const float = (x: Dec) => decToFloat(x);

  test("property: marks and every scenario's value stay within the no-arbitrage bounds, at or above the flat mark", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { engine, series, risk } = build(c, true);
        const spot = c.spotUsd * 1e6;
        expectWithinBounds(series, spot, float(risk.markDown), float(risk.markUp));
        engine.scenarios("BTC").forEach((scenario, s) => {
          const shockedSpot = spot * (1 + decToFloat(scenario.spotMove));
          expectWithinBounds(series, shockedSpot, float(risk.markDown + risk.changeDown[s]), float(risk.markUp + risk.changeUp[s]));
        });
        const flat: SeriesRisk = build(c, false).risk;
        expect(risk.markUp).toBeGreaterThanOrEqual(flat.markUp);
      }),
      { numRuns: 150 },
    );
  });

  test("the mark is Black–Scholes at the smile's vol for its strike", () => {
    const c = { spotUsd: 60_000, volPercent: 60, regimeTenths: 10, moneyness: 80, minutes: 30 * 1440, kind: "put" as const, putVote: 1_300, callVote: 1_000 };
    const { risk } = build(c, true);
    const years = Number(30n * DAY) / Number(NS_PER_YEAR);
    const vol = 0.6 * (1 + 0.3 * Math.abs(detLn(0.8) / Math.sqrt(years)));
    const expected = blackScholesPrice("put", { spot: 60_000e6, strike: 48_000e6, timeYears: years, vol, rate: 0 }) * 0.1;
    expect(float(risk.markUp)).toBeCloseTo(expected, 3);
    expect(float(risk.markUp) / 6_000e6).toBeGreaterThan(0.012);
  });
});
