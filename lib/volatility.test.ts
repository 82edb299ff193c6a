import { RefDecimal } from "./black-scholes-ref";
import fc from "fast-check";
import { DEC_ONE, decFromString, decToFloat, decToString, maxBig } from "./fixed";
import {
  advanceRegime,
  chooseVol,
  currentRealisedVol,
  ewmaUpdate,
  type EwmaParams,
  NS_PER_HOUR,
  NS_PER_YEAR,
  type RegimeParams,
  type RegimeState,
  volFromVariance,
  type VolParams,
} from "./volatility";

const DAY = 86_400_000_000_000n;
const dec = decFromString;
const params: EwmaParams = { lambda: dec("0.94"), minIntervalNs: 60_000_000_000n, initialVariance: dec("0.25") };

describe("ewmaUpdate", () => {
  test("the first price only starts the series; the variance is the calm one until a return arrives", () => {
    const state = ewmaUpdate(undefined, [{ price: dec("100"), timeNs: DAY }], params);
    expect(state).toEqual({ variance: dec("0.25"), lastPrice: dec("100"), lastTimeNs: DAY, samples: 0 });
    expect(ewmaUpdate(undefined, [], params)).toBeUndefined();
  });

  test("one return matches λ·var + (1 − λ)·ln(p₁/p₀)²/Δt computed in decimal.js, rounded up", () => {
    const start = ewmaUpdate(undefined, [{ price: dec("100"), timeNs: DAY }], params)!;
    const next = ewmaUpdate(start, [{ price: dec("110"), timeNs: 2n * DAY }], params)!;
    const years = new RefDecimal(DAY.toString()).div(NS_PER_YEAR.toString());
    const logReturn = new RefDecimal("1.1").ln();
    const expected = new RefDecimal("0.94").mul("0.25").add(new RefDecimal("0.06").mul(logReturn.pow(2)).div(years));
    const got = new RefDecimal(decToString(next.variance));
    expect(got.sub(expected).div(expected).abs().toNumber()).toBeLessThan(1e-14);
    expect(next).toMatchObject({ lastPrice: dec("110"), lastTimeNs: 2n * DAY, samples: 1 });
  });

  test("flat prices decay the variance by λ per sample", () => {
    let state = ewmaUpdate(undefined, [{ price: dec("50"), timeNs: 0n }], params);
    for (let i = 1; i <= 10; i++) state = ewmaUpdate(state, [{ price: dec("50"), timeNs: BigInt(i) * DAY }], params);
    expect(decToFloat(state!.variance)).toBeCloseTo(0.25 * 0.94 ** 10, 12);
    expect(state!.samples).toBe(10);
  });

  test("points too close to the last sample, out of order or non-positive are skipped", () => {
    const start = ewmaUpdate(undefined, [{ price: dec("100"), timeNs: DAY }], params)!;
    const same = ewmaUpdate(
      start,
      [
        { price: dec("120"), timeNs: DAY + 1_000_000_000n },
        { price: dec("90"), timeNs: DAY - 1n },
        { price: 0n, timeNs: 3n * DAY },
      ],
      params,
    );
    expect(same).toEqual(start);
  });

  test("a crash raises realised vol far above calm", () => {
    let state = ewmaUpdate(undefined, [{ price: dec("60000"), timeNs: 0n }], params);
    const hour = DAY / 24n;
    const crash = ["57000", "54000", "50000", "46000", "42000", "38000", "36000"];
    crash.forEach((price, i) => (state = ewmaUpdate(state, [{ price: dec(price), timeNs: BigInt(i + 1) * hour }], params)));
    expect(decToFloat(volFromVariance(state!.variance))).toBeGreaterThan(2);
  });
});

describe("chooseVol", () => {
  const volParams: VolParams = { calmVol: dec("0.6"), volFloor: dec("0.3"), maxRegime: dec("3") };
  test.each([
    ["implied when fresh", { implied: dec("0.5"), realised: dec("0.4") }, { source: "implied", markVol: "0.5", marginVol: "0.5", regime: "1" }],
    ["realised when implied is missing", { realised: dec("0.45") }, { source: "realised", markVol: "0.45", marginVol: "0.45", regime: "1" }],
    ["calm when neither exists", {}, { source: "calm", markVol: "0.6", marginVol: "0.6", regime: "1" }],
    ["the floor under a quiet market", { implied: dec("0.1") }, { source: "implied", markVol: "0.3", marginVol: "0.3", regime: "1" }],
    ["implied stress widens the regime", { implied: dec("1.2") }, { source: "implied", markVol: "1.2", marginVol: "1.2", regime: "2" }],
    // realised running ahead of stale-looking quotes: marks stay on implied, the margin floor rises with the regime
    ["realised stress lifts the margin floor", { implied: dec("0.6"), realised: dec("1.5") }, { source: "implied", markVol: "0.6", marginVol: "0.75", regime: "2.5" }],
    ["the regime is capped", { implied: dec("5") }, { source: "implied", markVol: "5", marginVol: "5", regime: "3" }],
  ] as const)("%s", (_name, inputs, expected) => {
    const choice = chooseVol(inputs, volParams);
    expect({
      source: choice.source,
      markVol: decToString(choice.markVol, { trimZeros: true }),
      marginVol: decToString(choice.marginVol, { trimZeros: true }),
      regime: decToString(choice.regime, { trimZeros: true }),
    }).toEqual(expected);
  });

  test("the regime rounds up", () => {
    expect(chooseVol({ implied: dec("0.7") }, volParams).regime).toBe(DEC_ONE + dec("0.166666666666666667"));
  });
});

describe("currentRealisedVol", () => {
  const hourly: EwmaParams = { lambda: dec("0.94"), minIntervalNs: NS_PER_HOUR, initialVariance: dec("0.36") };
  const start = ewmaUpdate(undefined, [{ price: dec("60000"), timeNs: 0n }], hourly)!;

  test("a move inside the horizon counts as that horizon's return, at once", () => {
    const oneMinute = 60_000_000_000n;
    const vol = decToFloat(currentRealisedVol(start, { price: dec("59400"), timeNs: oneMinute }, hourly)!);
    const hourYears = 1 / (365 * 24);
    expect(vol).toBeCloseTo(Math.sqrt(0.94 * 0.36 + (0.06 * Math.log(0.99) ** 2) / hourYears), 9);
    // annualised over one minute instead, the same tick read as a vol of ~2.4 (60× the variance)
    expect(vol).toBeLessThan(0.7);
  });

  test("a tick that reverted before the sample leaves the EWMA where it was", () => {
    const back = { price: dec("60000"), timeNs: NS_PER_HOUR };
    const sampled = ewmaUpdate(start, [back], hourly)!;
    expect(decToFloat(volFromVariance(sampled.variance))).toBeLessThan(0.6);
    expect(currentRealisedVol(sampled, back, hourly)).toBe(volFromVariance(sampled.variance));
  });

  test("without a newer price it is the sampled vol, or nothing before the first sample", () => {
    expect(currentRealisedVol(start, undefined, hourly)).toBeUndefined();
    expect(currentRealisedVol(undefined, { price: dec("1"), timeNs: 1n }, hourly)).toBeUndefined();
  });
});

describe("advanceRegime", () => {
  const params: RegimeParams = { maxRisePerHour: dec("1"), mmLagNs: 900n * 1_000_000_000n };
  const s = (seconds: number) => BigInt(seconds) * 1_000_000_000n;

  test("starts at the observed regime; a rise lifts IM by the budget at once and MM only after the lag", () => {
    let state = advanceRegime(undefined, DEC_ONE, 0n, params);
    expect(state).toMatchObject({ im: DEC_ONE, mm: DEC_ONE, budget: dec("1") });
    state = advanceRegime(state, dec("3"), s(1), params);
    expect(state).toMatchObject({ im: dec("2"), mm: DEC_ONE, budget: 0n });
    state = advanceRegime(state, dec("3"), s(900), params);
    expect(state.mm).toBe(DEC_ONE); // 899 s held: not yet
    expect(state.im).toBe(dec("2") + (dec("1") * s(899)) / NS_PER_HOUR);
    state = advanceRegime(state, dec("3"), s(901), params);
    expect(state.mm).toBe(dec("2")); // the level held since second 1
    state = advanceRegime(state, dec("3"), s(3602), params); // refills round down, a wei per step
    expect(state.im).toBe(dec("3"));
  });

  test("a rise that falls back within the lag never reaches MM, and a fall is immediate for both", () => {
    let state = advanceRegime(undefined, dec("1.5"), 0n, params);
    state = advanceRegime(state, dec("2.5"), s(1), params);
    state = advanceRegime(state, dec("1.5"), s(600), params);
    state = advanceRegime(state, dec("1.5"), s(1200), params);
    expect(state).toMatchObject({ im: dec("1.5"), mm: dec("1.5"), held: 0n });
    state = advanceRegime(state, DEC_ONE, s(1201), params);
    expect(state).toMatchObject({ im: DEC_ONE, mm: DEC_ONE });
  });

  test("property: MM ≤ IM ≤ max(target, …); IM rises at most 2 × the hourly cap in any hour; MM rises only to a level IM held for the lag", () => {
    const step = fc.record({ target: fc.integer({ min: 100, max: 300 }), dt: fc.integer({ min: 0, max: 2000 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 1800 }), fc.integer({ min: 1, max: 200 }), (steps, lagS, capCents) => {
        const p: RegimeParams = { maxRisePerHour: (DEC_ONE * BigInt(capCents)) / 100n, mmLagNs: s(lagS) };
        const history: Array<{ t: bigint; im: bigint; mm: bigint }> = [];
        let state: RegimeState | undefined;
        let t = 0n;
        for (const { target, dt } of steps) {
          t += s(dt);
          const before = state;
          state = advanceRegime(state, (DEC_ONE * BigInt(target)) / 100n, t, p);
          expect(state.mm).toBeLessThanOrEqual(state.im);
          expect(state.im).toBeLessThanOrEqual(maxBig((DEC_ONE * BigInt(target)) / 100n, before?.im ?? 0n));
          if (before && state.im > before.im) expect(state.im - before.im).toBeLessThanOrEqual(p.maxRisePerHour);
          if (before && state.mm > before.mm) {
            // some earlier step at least the lag ago from which IM stayed at or above the new MM
            const held = history.some((h, j) => t - h.t >= p.mmLagNs && history.slice(j).every((x) => x.im >= state!.mm) && state!.im >= state!.mm);
            expect(held || p.mmLagNs === 0n).toBe(true);
          }
          history.push({ t, im: state.im, mm: state.mm });
        }
        for (const [i, a] of history.entries()) {
          const inHour = history.slice(i).filter((b) => b.t - a.t <= NS_PER_HOUR);
          const peak = inHour.reduce((m, b) => maxBig(m, b.im), a.im);
          expect(peak - a.im).toBeLessThanOrEqual(2n * p.maxRisePerHour);
        }
      }),
      { numRuns: 300 },
    );
  });
});
