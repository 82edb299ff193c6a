// Properties of the risk engine over random portfolios and markets: requirements are never negative and IM
// is never below MM, nothing depends on the order positions are listed in, adding short exposure never makes
// an account look safer, and a covered vertical spread never asks for more than it can lose.
import fc from "fast-check";
import { DEC_ONE, type Dec, decFromFloat, decFromString, decMul, decToFloat, decToInt } from "./fixed";
import { type Holding, type OptionSeries, REFERENCE_MARGIN_PARAMS, RiskEngine, type UnderlyingRisk, volShockFactors } from "./margin";

const DAY = 86_400_000_000_000n;
const NOW = 1_800_000_000_000_000_000n;
const dec = decFromString;
const SIZES = ["0.01", "0.1", "1"].map(dec);

/** Spot in uusdc per unit (BTC-like to cheap tokens), vols from calm to panic, regime 1 to 3. */
const market: fc.Arbitrary<UnderlyingRisk> = fc
  .record({
    spotUsd: fc.integer({ min: 1, max: 100_000 }),
    markVol: fc.integer({ min: 10, max: 200 }),
    marginVol: fc.integer({ min: 10, max: 250 }),
    regimeTenths: fc.integer({ min: 10, max: 30 }),
  })
  .map(({ spotUsd, markVol, marginVol, regimeTenths }) => ({
    spot: BigInt(spotUsd) * 1_000_000n * DEC_ONE,
    markVol: (BigInt(markVol) * DEC_ONE) / 100n,
    marginVol: (BigInt(Math.max(markVol, marginVol)) * DEC_ONE) / 100n,
    regime: (BigInt(regimeTenths) * DEC_ONE) / 10n,
  }));

interface SeriesShape {
  kind: "call" | "put";
  /** Strike as a percentage of spot. */
  moneyness: number;
  days: number;
  size: Dec;
}

const seriesShape: fc.Arbitrary<SeriesShape> = fc.record({
  kind: fc.constantFrom("call" as const, "put" as const),
  moneyness: fc.integer({ min: 30, max: 200 }),
  days: fc.integer({ min: 0, max: 400 }),
  size: fc.constantFrom(...SIZES),
});

function makeSeries(id: number, shape: SeriesShape, spot: Dec, underlying = "BTC"): OptionSeries {
  // strike rounded to a whole uusdc: listings are whole numbers
  const strike = ((spot * BigInt(shape.moneyness)) / 100n / DEC_ONE) * DEC_ONE;
  return { id: BigInt(id), underlying, kind: shape.kind, strike: strike > 0n ? strike : DEC_ONE, contractSize: shape.size, expiryNs: NOW + BigInt(shape.days) * DAY + 1n };
}

const engineFor = (markets: Record<string, UnderlyingRisk>) => new RiskEngine(REFERENCE_MARGIN_PARAMS, NOW, (underlying) => markets[underlying]);

const qty = fc.bigInt({ min: -50n, max: 50n });

/** A portfolio on two underlyings, positions of any sign; ids are unique per series. */
const portfolio = fc
  .record({
    btc: market,
    eth: market,
    positions: fc.array(fc.record({ shape: seriesShape, qty, eth: fc.boolean() }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ btc, eth, positions }) => {
    const markets = { BTC: btc, ETH: eth };
    const holdings: Holding[] = positions.map((p, i) => {
      const underlying = p.eth ? "ETH" : "BTC";
      return { series: makeSeries(i + 1, p.shape, markets[underlying].spot, underlying), qty: p.qty };
    });
    return { markets, holdings };
  });

describe("margin properties", () => {
  test("IM ≥ MM ≥ 0 for any portfolio", () => {
    fc.assert(
      fc.property(portfolio, ({ markets, holdings }) => {
        const margin = engineFor(markets).margin(holdings);
        expect(margin.mm).toBeGreaterThanOrEqual(0n);
        expect(margin.im).toBeGreaterThanOrEqual(margin.mm);
      }),
      { numRuns: 400 },
    );
  });

  test("a book of longs never asks more than the value it adds to equity: with no cash it is never under MM", () => {
    fc.assert(
      fc.property(portfolio, ({ markets, holdings }) => {
        const longs = holdings.map((h) => ({ ...h, qty: h.qty < 0n ? -h.qty : h.qty }));
        const margin = engineFor(markets).margin(longs);
        // equity of an account holding only these = positionValue: MM above it would liquidate a book that cannot lose more than it is worth
        expect(margin.mm).toBeLessThanOrEqual(margin.positionValue);
      }),
      { numRuns: 400 },
    );
  });

  test("independent of the order holdings are listed in, and of a fresh engine", () => {
    fc.assert(
      fc.property(
        portfolio.chain((p) => fc.tuple(fc.constant(p), fc.shuffledSubarray(p.holdings, { minLength: p.holdings.length, maxLength: p.holdings.length }))),
        ([{ markets, holdings }, shuffled]) => {
          const a = engineFor(markets).margin(holdings);
          const b = engineFor(markets).margin(shuffled);
          expect([b.mm, b.im, b.positionValue]).toEqual([a.mm, a.im, a.positionValue]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("more short in a lone short position never lowers MM or IM", () => {
    fc.assert(
      fc.property(market, seriesShape, fc.bigInt({ min: 1n, max: 100n }), fc.bigInt({ min: 1n, max: 100n }), (btc, shape, short, more) => {
        const engine = engineFor({ BTC: btc });
        const series = makeSeries(1, shape, btc.spot);
        const before = engine.margin([{ series, qty: -short }]);
        const after = engine.margin([{ series, qty: -short - more }]);
        expect(after.mm).toBeGreaterThanOrEqual(before.mm);
        expect(after.im).toBeGreaterThanOrEqual(before.im);
      }),
      { numRuns: 400 },
    );
  });

  test("adding a short of the same kind to a book of shorts in two or more series never lowers MM", () => {
    // every call gains in the spot-up, vol-up extreme and every put in the spot-down one, so a book of short
    // calls (or puts) on one underlying loses most there, and one more short can only add to that loss
    fc.assert(
      fc.property(
        market,
        fc.constantFrom("call" as const, "put" as const),
        fc.array(fc.record({ shape: seriesShape, short: fc.bigInt({ min: 1n, max: 50n }) }), { minLength: 2, maxLength: 5 }),
        seriesShape,
        fc.bigInt({ min: 1n, max: 50n }),
        (btc, kind, book, extra, more) => {
          const engine = engineFor({ BTC: btc });
          const holdings = book.map((h, i) => ({ series: makeSeries(i + 1, { ...h.shape, kind }, btc.spot), qty: -h.short }));
          const added = [...holdings, { series: makeSeries(holdings.length + 1, { ...extra, kind }, btc.spot), qty: -more }];
          const before = engine.margin(holdings);
          const after = engine.margin(added);
          expect(after.mm).toBeGreaterThanOrEqual(before.mm);
        },
      ),
      { numRuns: 400 },
    );
  });

  // Found by the property above when the book may hold a single short: the standard margin was a floor only
  // while the account held exactly one position, so any second short (here one contract of a put $1,000
  // further out) lowered MM by 27 % and IM by 37 %. Since issue 10 the floor applies per strike in every book.
  test("adding a second short never lowers the requirement of a lone short (standard-margin floor)", () => {
    const btc: UnderlyingRisk = { spot: dec("60000000000"), markVol: dec("0.6"), marginVol: dec("0.6"), regime: DEC_ONE };
    const put = (id: number, strikeUsd: number): OptionSeries => ({ id: BigInt(id), underlying: "BTC", kind: "put", strike: dec(String(strikeUsd * 1_000_000)), contractSize: DEC_ONE, expiryNs: NOW + 30n * DAY });
    const lone = engineFor({ BTC: btc }).margin([{ series: put(1, 42_000), qty: -10n }]);
    const added = engineFor({ BTC: btc }).margin([
      { series: put(1, 42_000), qty: -10n },
      { series: put(2, 41_000), qty: -1n },
    ]);
    // lone MM 54,000 USDC / IM 78,000; with the extra short, before issue 10, MM 39,596 / IM 49,495
    expect(added.mm).toBeGreaterThanOrEqual(lone.mm);
    expect(added.im).toBeGreaterThanOrEqual(lone.im);
  });

  test("a vertical spread whose long leg covers the short never needs more than its width × qty beyond its mark, at MM or IM", () => {
    // bear call spread: short call K1, long call K2 > K1; bull put spread: short put K2, long put K1 < K2;
    // same expiry and size, so the most the pair can lose at any spot is (K2 − K1) × size × qty
    fc.assert(
      fc.property(
        market,
        fc.constantFrom("call" as const, "put" as const),
        fc.integer({ min: 30, max: 200 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(...SIZES),
        fc.bigInt({ min: 1n, max: 50n }),
        (btc, kind, lowPercent, widthPercent, days, size, q) => {
          const low = makeSeries(1, { kind, moneyness: lowPercent, days, size }, btc.spot);
          const high = makeSeries(2, { kind, moneyness: lowPercent + widthPercent, days, size }, btc.spot);
          const [short, long] = kind === "call" ? [low, high] : [high, low];
          const margin = engineFor({ BTC: btc }).margin([
            { series: short, qty: -q },
            { series: long, qty: q },
          ]);
          const maxLoss = decToInt(decMul(high.strike - low.strike, size, "up"), "up") * q;
          // MM and the (negative) mark together are what the account must hold against the pair; one uusdc
          // per leg and contract of rounding against the account is allowed
          const slack = 2n * q;
          expect(margin.mm - margin.positionValue).toBeLessThanOrEqual(maxLoss + slack);
          expect(margin.im - margin.positionValue).toBeLessThanOrEqual(maxLoss + slack);
        },
      ),
      { numRuns: 400 },
    );
  });

  // Found by the property above with IM in place of MM: IM = 1.25 × MM was not capped at the spread's width,
  // so this $61k/$62k call spread 7 days out needed 1,151 USDC beyond its mark, width 1,000. Since issue 10 a
  // book whose every short is covered is capped at its max loss; the requirement rounds up and the credited
  // value down, which may cost the account one uusdc.
  test("a covered vertical spread's IM beyond its mark never exceeds its width × qty", () => {
    const btc: UnderlyingRisk = { spot: dec("60000000000"), markVol: dec("0.6"), marginVol: dec("0.6"), regime: DEC_ONE };
    const call = (id: number, strikeUsd: number): OptionSeries => ({ id: BigInt(id), underlying: "BTC", kind: "call", strike: dec(String(strikeUsd * 1_000_000)), contractSize: DEC_ONE, expiryNs: NOW + 7n * DAY });
    const margin = engineFor({ BTC: btc }).margin([
      { series: call(1, 61_000), qty: -1n },
      { series: call(2, 62_000), qty: 1n },
    ]);
    const width = 1_000n * 1_000_000n;
    expect(margin.mm - margin.positionValue).toBeLessThanOrEqual(width + 1n);
    expect(margin.im - margin.positionValue).toBeLessThanOrEqual(width + 1n);
  });

  test("a book of short OTM puts (with or without a worthless long) margined at IM stays solvent through a −40 % day at the vol-up shock", () => {
    // one expiry per book, so the crash can be priced at that expiry's vol-up factor; regime 1 (calm): the
    // day starts with the smallest grid
    fc.assert(
      fc.property(
        market.map((m) => ({ ...m, marginVol: m.markVol, regime: DEC_ONE })),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.record({ moneyness: fc.integer({ min: 50, max: 95 }), size: fc.constantFrom(...SIZES), short: fc.bigInt({ min: 1n, max: 100n }) }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.record({ shape: seriesShape, days: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
        (btc, days, shorts, long) => {
          const holdings: Holding[] = shorts.map((p, i) => ({ series: makeSeries(i + 1, { kind: "put", moneyness: p.moneyness, days, size: p.size }, btc.spot), qty: -p.short }));
          // one long contract of the smallest size, worthless today and in every crash scenario (a put struck at
          // 30 % or less of spot is out of the money even at −66 %), as in the example. A long sized to
          // pay in the extended crashes (say 10× the shorts' units struck at 40 %) hedges those points but not
          // a −40 % day between them: at weight 0.5 the table is a charge on the tail, not a guarantee for any book
          if (long) {
            const moneyness = long.shape.kind === "put" ? Math.min(long.shape.moneyness, 30) : Math.max(long.shape.moneyness, 180);
            holdings.push({ series: makeSeries(100, { ...long.shape, moneyness, days: long.days, size: SIZES[0] }, btc.spot), qty: 1n });
          }
          const before = engineFor({ BTC: btc }).margin(holdings);
          const collateral = before.im - before.positionValue;
          const up = volShockFactors(REFERENCE_MARGIN_PARAMS, BigInt(days) * DAY).up;
          const crashed = engineFor({ BTC: { spot: (btc.spot * 6n) / 10n, markVol: decFromFloat(decToFloat(btc.markVol) * up, "up"), marginVol: btc.marginVol, regime: DEC_ONE } }).margin(holdings);
          expect(collateral + crashed.positionValue).toBeGreaterThanOrEqual(0n);
        },
      ),
      { numRuns: 300 },
    );
  });
});
