import { RefDecimal } from "./black-scholes-ref";
import { DEC_ONE, decFromString, decToFloat, decToString } from "./fixed";
import { chooseVol, ewmaUpdate, type EwmaParams, NS_PER_YEAR, volFromVariance, type VolParams } from "./volatility";

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
