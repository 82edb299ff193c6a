import { refBlackScholesGreeks, refFromFloat, RefDecimal } from "./black-scholes-ref";
import { blackScholesPrice } from "./black-scholes";
import { DEC_ONE, decFromString, decToFloat, decToString } from "./fixed";
import {
  type Holding,
  type MarginParams,
  MissingMarketError,
  type OptionSeries,
  REFERENCE_MARGIN_PARAMS,
  RiskEngine,
  scenarioGrid,
  scenarioLabel,
  type UnderlyingRisk,
  volShockFactors,
  volShockScale,
} from "./margin";
import { chooseVol, NS_PER_YEAR } from "./volatility";

const dec = decFromString;
const DAY = 86_400_000_000_000n;
const NOW = 1_800_000_000_000_000_000n;
const P = REFERENCE_MARGIN_PARAMS;
/** uusdc per BTC */
const BTC = dec("60000000000");

let nextId = 1n;
function series(kind: "call" | "put", strikeUsd: number, days: number, size = "1", underlying = "BTC"): OptionSeries {
  return { id: nextId++, underlying, kind, strike: dec(String(strikeUsd * 1_000_000)), contractSize: dec(size), expiryNs: NOW + BigInt(days) * DAY };
}

function calm(spot = BTC, vol = "0.6"): UnderlyingRisk {
  return { spot, markVol: dec(vol), marginVol: dec(vol), regime: DEC_ONE };
}

function engine(markets: Record<string, UnderlyingRisk> = { BTC: calm() }, params: MarginParams = P) {
  return new RiskEngine(params, NOW, (underlying) => markets[underlying]);
}

/**
 * The worst scenario loss (the grid's, or the extended table's at its weight) plus contingency of one
 * underlying's holdings, in decimal.js at 34 digits. The contingency is charged on every short unit, strike by
 * strike: right while no long of the same kind and expiry covers a short within 2 % of spot.
 */
function referenceMm(holdings: Holding[], market: UnderlyingRisk, params: MarginParams = P): RefDecimal {
  const spot = refFromFloat(decToFloat(market.spot));
  let worst = new RefDecimal(0);
  for (const scenario of scenarioGrid(params, market.regime)) {
    const weight = scenario.extended ? new RefDecimal(decToString(params.extendedWeight)) : new RefDecimal(1);
    let pnl = new RefDecimal(0);
    for (const { series: s, qty } of holdings) {
      const remaining = s.expiryNs - NOW;
      const timeYears = Number(remaining) / Number(NS_PER_YEAR);
      const input = { spot: decToFloat(market.spot), strike: decToFloat(s.strike), timeYears, vol: decToFloat(market.markVol), rate: 0 };
      const mark = refBlackScholesGreeks(s.kind, input).price;
      const shockedSpot = spot.mul(new RefDecimal(decToString(DEC_ONE + scenario.spotMove)));
      const vol = decToFloat(market.marginVol) * volShockFactors(params, remaining)[scenario.vol];
      const shocked = refBlackScholesGreeks(s.kind, { ...input, spot: shockedSpot.toNumber(), vol }).price;
      pnl = pnl.add(shocked.sub(mark).mul(decToString(s.contractSize)).mul(qty.toString()));
    }
    if (pnl.neg().mul(weight).gt(worst)) worst = pnl.neg().mul(weight);
  }
  let short = 0;
  for (const { series: s, qty } of holdings) if (qty < 0n) short -= Number(qty) * decToFloat(s.contractSize);
  return worst.add(spot.mul(decToString(params.contingencyRate)).mul(short));
}

describe("scenario grid", () => {
  test("Derive's 21 spot × vol scenarios plus two extremes with vol up, then the extended table with vol up", () => {
    const grid = scenarioGrid(P, DEC_ONE);
    expect(grid).toHaveLength(28);
    expect(grid.map(scenarioLabel).slice(0, 3)).toEqual(["spot -15% vol up", "spot -15% vol none", "spot -15% vol down"]);
    expect(grid.map(scenarioLabel).slice(21, 23)).toEqual(["spot +20% vol up", "spot -20% vol up"]);
    expect(grid.slice(0, 23).every((s) => !s.extended)).toBe(true);
    expect(new Set(grid.slice(0, 23).map((s) => s.spotMove))).toEqual(new Set(["-0.15", "-0.1", "-0.05", "0", "0.05", "0.1", "0.15", "0.2", "-0.2"].map(dec)));
    expect(grid.slice(23).map(scenarioLabel)).toEqual(["spot -66% vol up", "spot -50% vol up", "spot -33% vol up", "spot +50% vol up", "spot +100% vol up"]);
    expect(grid.slice(23).every((s) => s.extended)).toBe(true);
  });

  test("the regime widens every spot move, up to the cap; extended rallies are not capped", () => {
    const moves = (regime: string) => scenarioGrid(P, dec(regime)).map((s) => decToString(s.spotMove, { trimZeros: true }));
    expect(moves("2").slice(0, 1)).toEqual(["-0.3"]);
    expect(moves("2").slice(21, 23)).toEqual(["0.4", "-0.4"]);
    expect(moves("2").slice(23)).toEqual(["-0.95", "-0.95", "-0.66", "1", "2"]);
    expect(moves("10").slice(21, 23)).toEqual(["0.95", "-0.95"]);
    expect(moves("10").slice(-2)).toEqual(["5", "10"]);
  });

  test.each([
    [1, 30 ** 0.3],
    [0.25, 30 ** 0.3], // below one day the scale stops growing
    [30, 1],
    [7, (30 / 7) ** 0.3],
    [365, (30 / 365) ** 0.13],
  ])("vol shock scale at %p days = %p", (days, expected) => {
    expect(volShockScale(P, BigInt(Math.round(days * 86_400)) * 1_000_000_000n)).toBeCloseTo(expected, 13);
  });

  test("vol shocks: up 1 + 0.6·m, down 1 − 0.3·m, always positive", () => {
    const factors = volShockFactors(P, 30n * DAY);
    expect(factors.up).toBeCloseTo(1.6, 14);
    expect(factors.down).toBeCloseTo(0.7, 14);
    expect(volShockFactors(P, 0n).down).toBeGreaterThan(0.1);
  });
});

describe("marks and Greeks", () => {
  test("put–call parity holds between the engine's marks (r = 0): C − P = (S − K)·size", () => {
    const e = engine();
    for (const strike of [40_000, 60_000, 90_000]) {
      const call = e.seriesRisk(series("call", strike, 10, "0.1"));
      const put = e.seriesRisk(series("put", strike, 10, "0.1"));
      const parity = (60_000 - strike) * 1e6 * 0.1;
      expect(Math.abs(decToFloat(call.markDown - put.markDown) - parity)).toBeLessThan(1e-6 * 6e9);
    }
  });

  test.each([
    ["deep ITM call ≈ intrinsic", series("call", 20_000, 7), 40_000e6],
    ["deep OTM put ≈ 0", series("put", 10_000, 7), 0],
    ["one minute to expiry ≈ intrinsic", { ...series("call", 59_000, 0), expiryNs: NOW + 60_000_000_000n }, 1_000e6],
    ["expired (awaiting settlement) = intrinsic", { ...series("put", 61_000, 0), expiryNs: NOW - DAY }, 1_000e6],
  ])("%s", (_name, s, expected) => {
    const mark = decToFloat(engine().seriesRisk(s).markDown);
    expect(Math.abs(mark - expected)).toBeLessThan(2e6);
  });

  test("marks agree with the decimal.js reference at extreme vol and short expiry", () => {
    for (const [vol, days] of [["5", 1], ["0.05", 365], ["1.5", 2]] as const) {
      const s = series("call", 65_000, days);
      const mark = engine({ BTC: calm(BTC, vol) }).seriesRisk(s).markUp;
      const reference = refBlackScholesGreeks("call", { spot: 6e10, strike: 6.5e10, timeYears: Number(s.expiryNs - NOW) / Number(NS_PER_YEAR), vol: Number(vol), rate: 0 }).price;
      expect(new RefDecimal(decToString(mark)).sub(reference).abs().toNumber()).toBeLessThan(1e-9 * 6e10);
    }
  });

  test("position Greeks scale with quantity and contract size; shorts have negative gamma and vega", () => {
    const s = series("call", 60_000, 30, "0.5");
    const detail = engine().margin([{ series: s, qty: -4n }], { detail: true }).positions!;
    const single = engine().seriesRisk(s);
    expect(detail[0].delta).toBeCloseTo(-4 * single.delta, 12);
    expect(single.delta).toBeCloseTo(0.5 * 0.5, 1);
    expect(detail[0].gamma).toBeLessThan(0);
    expect(detail[0].vega).toBeLessThan(0);
    expect(detail[0].theta).toBeGreaterThan(0);
  });
});

describe("portfolio margin", () => {
  test("a naked short call: MM is the decimal.js worst scenario plus 2 % contingency, rounded up", () => {
    const holdings = [{ series: series("call", 66_000, 14), qty: -3n }];
    const result = engine().margin(holdings);
    const reference = referenceMm(holdings, calm());
    expect(result.mm).toBe(BigInt(reference.toDecimalPlaces(0, RefDecimal.ROUND_CEIL).toFixed()));
    expect(result.im).toBe(BigInt(new RefDecimal(result.mm.toString()).mul("1.25").toDecimalPlaces(0, RefDecimal.ROUND_CEIL).toFixed()));
    expect(result.perUnderlying[0].contingency).toBe(3_600_000_000n); // 0.02 × 60,000 USDC × 3 BTC
    expect(scenarioLabel(result.perUnderlying[0].worstScenario!)).toBe("spot +100% vol up"); // extended, at weight 0.5
  });

  test("a mixed book on two underlyings sums each underlying's worst case; holding order does not matter", () => {
    const eth = dec("3000000000");
    const markets = { BTC: calm(), ETH: calm(eth, "0.8") };
    const btc = [
      { series: series("put", 55_000, 7), qty: -5n },
      { series: series("put", 50_000, 7), qty: 5n },
      { series: series("call", 70_000, 40), qty: -2n },
    ];
    const ethHoldings = [
      { series: series("call", 3_200, 3, "1", "ETH"), qty: 10n },
      { series: series("put", 2_800, 3, "1", "ETH"), qty: -7n },
    ];
    const result = engine(markets).margin([...btc, ...ethHoldings]);
    const expected = referenceMm(btc, markets.BTC).add(referenceMm(ethHoldings, markets.ETH));
    expect(new RefDecimal(result.mm.toString()).sub(expected).toNumber()).toBeGreaterThanOrEqual(0);
    expect(new RefDecimal(result.mm.toString()).sub(expected).toNumber()).toBeLessThan(3);
    expect(result.perUnderlying.map((u) => u.underlying)).toEqual(["BTC", "ETH"]);
    const reversed = engine(markets).margin([...ethHoldings, ...btc].reverse());
    expect(reversed).toEqual(result);
  });

  test("a call spread needs far less than the naked short and never more than its width", () => {
    const short = series("call", 62_000, 7);
    const long = series("call", 64_000, 7);
    const naked = engine().margin([{ series: short, qty: -1n }]);
    const spread = engine().margin([
      { series: short, qty: -1n },
      { series: long, qty: 1n },
    ]);
    expect(spread.mm).toBeLessThan(naked.mm / 3n);
    expect(spread.mm).toBeLessThanOrEqual(2_000_000_000n); // (64,000 − 62,000) USDC × 1 BTC
    // per strike: the long caps the short's contingency at what the pair can lose, here above 2 % of spot
    expect(spread.perUnderlying[0].contingency).toBe(1_200_000_000n);
    expect(spread.perUnderlying[0].definedRisk).toBe(true);
  });

  test("longs lose at most what they are worth", () => {
    const holdings = [
      { series: series("call", 60_000, 2), qty: 3n },
      { series: series("put", 58_000, 2), qty: 2n },
    ];
    const result = engine().margin(holdings);
    expect(result.mm).toBeGreaterThan(0n);
    expect(result.mm).toBeLessThanOrEqual(result.positionValue + 1n);
    expect(result.perUnderlying[0].contingency).toBe(0n);
  });

  test("rounding goes against the account: longs valued down, shorts charged up", () => {
    const s = series("call", 61_234, 9, "0.37");
    const e = engine();
    const markFloat = decToFloat(e.seriesRisk(s).markDown);
    expect(markFloat % 1).not.toBe(0);
    expect(e.margin([{ series: s, qty: 1n }]).positionValue).toBe(BigInt(Math.floor(markFloat)));
    expect(e.margin([{ series: s, qty: -1n }]).positionValue).toBe(-BigInt(Math.ceil(markFloat)));
    expect(e.seriesRisk(s).markUp - e.seriesRisk(s).markDown).toBeLessThanOrEqual(1n);
    const loss = e.margin([{ series: s, qty: -1n }]);
    expect(loss.im).toBeGreaterThanOrEqual(loss.mm);
  });

  test("a short far out of the money is floored by the standard margin in any portfolio; a covering long caps it at the pair's loss", () => {
    const far = series("call", 120_000, 3);
    const lone = engine().margin([{ series: far, qty: -1n }]);
    expect(lone.standardApplied).toBe(true);
    expect(lone.im).toBe(7_800_000_000n); // max(0.15 − 1.0, 0.13) × 60,000 USDC
    expect(lone.mm).toBe(5_400_000_000n); // 0.09 × 60,000 USDC
    // before issue 10 a second position dropped the floor (here MM to 0.3 % of spot); a long 10,000 USDC
    // higher can lose up to that width with the short, more than the floor, so the floor stays
    const wide = engine().margin([
      { series: far, qty: -1n },
      { series: series("call", 130_000, 3), qty: 1n },
    ]);
    expect([wide.standardApplied, wide.mm, wide.im]).toEqual([true, lone.mm, lone.im]);
    // a long 1,000 USDC higher: the pair can lose no more than the width (plus the long's mark, less the short's)
    const narrow = engine().margin([
      { series: far, qty: -1n },
      { series: series("call", 121_000, 3), qty: 1n },
    ]);
    expect(narrow.im).toBeLessThanOrEqual(1_000_000_000n + narrow.positionValue + 1n);
    expect(narrow.perUnderlying[0].definedRisk).toBe(true);
  });

  test("a lone short put's standard margin never exceeds its strike", () => {
    const cheap = { ...series("put", 1, 3), strike: dec("1000000") }; // strike 1 USDC
    const result = engine().margin([{ series: cheap, qty: -1n }]);
    expect(result.im).toBeLessThanOrEqual(1_000_000n + result.perUnderlying[0].contingency * 2n);
  });

  test("an underlying without market data is reported, not priced", () => {
    const noPrices = new RiskEngine(P, NOW, (underlying) => {
      throw new MissingMarketError(underlying, "stale price");
    });
    expect(() => noPrices.margin([{ series: series("call", 60_000, 7), qty: 1n }])).toThrow(new MissingMarketError("BTC", "stale price"));
  });

  test("10,000 positions over 1,000 accounts are margined in well under a second", () => {
    const book: OptionSeries[] = [];
    for (const days of [1, 7, 30, 90, 180]) for (const strike of [50_000, 55_000, 60_000, 65_000, 70_000]) {
      book.push(series("call", strike, days, "0.1"), series("put", strike, days, "0.1"));
    }
    const e = engine();
    const started = process.hrtime.bigint();
    for (let account = 0; account < 1000; account++) {
      const holdings = Array.from({ length: 10 }, (_, k) => ({ series: book[(account * 7 + k * 13) % book.length], qty: BigInt(((account + k) % 9) - 4 || 1) }));
      e.margin(holdings);
    }
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe("volatility feedback", () => {
  const volParams = { calmVol: dec("0.6"), volFloor: dec("0.3"), maxRegime: dec("3") };
  const market = (implied: string): UnderlyingRisk => ({ spot: BTC, ...chooseVol({ implied: dec(implied) }, volParams) });
  const book = () => [
    { series: series("put", 54_000, 7), qty: -10n },
    { series: series("call", 66_000, 7), qty: -10n },
  ];

  test("the same short strangle needs much more initial margin when implied vol doubles, before spot moves", () => {
    const holdings = book();
    const calmMargin = engine({ BTC: market("0.6") }).margin(holdings);
    const stressed = engine({ BTC: market("1.2") }).margin(holdings);
    // 2× before issue 10; the extended table now sets both, and its weighted intrinsic loss grows a little
    // less than twofold with the regime
    expect(stressed.im).toBeGreaterThan((19n * calmMargin.im) / 10n);
    // widened shocks: the worst move is the extended +100 % widened to +200 % at regime 2
    expect(scenarioLabel(calmMargin.perUnderlying[0].worstScenario!)).toBe("spot +100% vol up");
    expect(scenarioLabel(stressed.perUnderlying[0].worstScenario!)).toBe("spot +200% vol up");

    // an account funded 50 % above its calm IM is under maintenance once vol is stressed: a margin call
    const collateral = (calmMargin.im * 3n) / 2n;
    expect(collateral + calmMargin.positionValue).toBeGreaterThan(calmMargin.im);
    expect(collateral + stressed.positionValue).toBeLessThan(stressed.mm);
  });

  test("float pricing and its reference agree on the scenario that sets the margin", () => {
    const holdings = book();
    const m = market("0.9");
    const result = engine({ BTC: m }).margin(holdings);
    const reference = referenceMm(holdings, m);
    expect(Math.abs(Number(result.mm) - reference.toNumber())).toBeLessThan(2);
    expect(blackScholesPrice("put", { spot: 6e10, strike: 5.4e10, timeYears: 7 / 365, vol: 0.9, rate: 0 })).toBeGreaterThan(0);
  });
});

describe("tail risk (issue 10, weakness 2)", () => {
  // 100 short 7-day puts struck at 70 % of spot: the standard floor asks 13 % of spot each on its own
  const shortPuts = () => ({ series: series("put", 42_000, 7), qty: -100n });
  const worthlessLongs = () => [series("put", 20_000, 7), series("call", 120_000, 7), series("put", 10_000, 30)];

  test("one worthless long no longer drops 100 short 70 %-spot puts from 13 % to 3.5 % of spot", () => {
    for (const long of worthlessLongs()) {
      const hedged = engine().margin([shortPuts(), { series: long, qty: 1n }]);
      expect(hedged.im).toBeGreaterThanOrEqual(100n * 7_800_000_000n); // 13 % × 60,000 USDC
      expect(hedged.mm).toBeGreaterThanOrEqual(100n * 5_400_000_000n); // 9 %
    }
  });

  test.each([
    ["alone", [] as OptionSeries[]],
    ["with a worthless long put", [series("put", 20_000, 7)]],
    ["with a worthless long call", [series("call", 120_000, 7)]],
  ])("short 70 %%-spot puts %s, margined at IM, stay solvent through a −40 %% day at the vol-up shock", (_name, longs) => {
    const holdings = [shortPuts(), ...longs.map((s) => ({ series: s, qty: 1n }))];
    const before = engine().margin(holdings);
    const collateral = before.im - before.positionValue;
    const volUp = volShockFactors(P, 7n * DAY).up;
    const crashed = engine({ BTC: calm(dec("36000000000"), String(0.6 * volUp)) }).margin(holdings);
    expect(collateral + crashed.positionValue).toBeGreaterThanOrEqual(0n);
  });

  test("the naked-short contingency is charged per strike: a far lower long does not net it away", () => {
    const holdings = [
      { series: series("put", 42_000, 7), qty: -10n },
      { series: series("put", 10_000, 7), qty: 10n },
    ];
    expect(engine().margin(holdings).perUnderlying[0].contingency).toBe(10n * 1_200_000_000n); // 2 % × 60,000 USDC × 10
  });
});
