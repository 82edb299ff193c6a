// Portfolio margin for option accounts: marks, Greeks, a scenario grid of spot × vol shocks (after Derive's
// PMRM) with Deribit's extended crash/rally table at a weight, a contingency and a standard-margin minimum
// per net short strike in every portfolio, a cap at the max loss of a fully defined-risk portfolio, and the
// volatility regime that widens the shocks. Pure and deterministic: Black–Scholes in float64 (black-scholes.ts),
// every money figure a bigint rounded against the account (requirements up, credits down).
//
// Units: spot and strike are Dec uusdc per 1 unit of the underlying (the oracle's convention); contract size
// is a Dec number of underlying units per contract; marks and losses are uusdc per contract.

import { blackScholesGreeks, type OptionKind } from "./black-scholes";
import { detExp, detLn } from "./detmath";
import { type Dec, DEC_ONE, decFromFloat, decFromString, decMul, decQuo, decToFloat, decToInt, maxBig, minBig } from "./fixed";
import { type Smile, smileCurve, smileKey, smileMultipleAt } from "./smile";
import { NS_PER_YEAR } from "./volatility";

export interface OptionSeries {
  id: bigint;
  underlying: string;
  kind: OptionKind;
  strike: Dec;
  contractSize: Dec;
  expiryNs: bigint;
}

/** What the market says about one underlying at the time margin is computed. */
export interface UnderlyingRisk {
  spot: Dec;
  markVol: Dec;
  marginVol: Dec;
  /** ≥ 1; spot shocks are multiplied by it. */
  regime: Dec;
  /** The voted smile around markVol and marginVol; absent when none is fresh, and every strike is priced flat. */
  smile?: Smile;
}

export interface MarginParams {
  /** IM = MM × imFactor. */
  imFactor: Dec;
  /** Spot moves of ±k·step for k = 0..steps, each with vol up, unchanged and down. */
  spotShockStep: Dec;
  spotShockSteps: number;
  /** Two more scenarios at ±extreme with vol up. */
  extremeSpotShock: Dec;
  /** Bound of |spot move| after the regime widened it (a move of −100 % would price nothing). */
  maxSpotShock: Dec;
  /** Vol shocks: up = 1 + volUpCoeff·m, down = 1 − volDownCoeff·m, m = (30 d / max(T, 1 d))^p. */
  volUpCoeff: Dec;
  volDownCoeff: Dec;
  /** p for T ≤ 30 days, and beyond. */
  shortExpiryPower: Dec;
  longExpiryPower: Dec;
  /** Added to MM per underlying unit short in each series, as a fraction of spot (capped by a covering long). */
  contingencyRate: Dec;
  /**
   * Minimum margin of every short, in any portfolio (capped by a covering long): IM rate
   * max(stdImRate − OTM, stdImMinRate)·S, MM rate stdMmRate·S.
   */
  stdImRate: Dec;
  stdImMinRate: Dec;
  stdMmRate: Dec;
  /** Deribit's extended table: signed spot moves beyond the grid (> −1), each with vol up, widened by the regime. */
  extendedSpotShocks: Dec[];
  /** The grid's loss is max(worst grid loss, extendedWeight × worst extended loss). */
  extendedWeight: Dec;
}

/** Derive's PMRM and standard-margin figures (DESIGN.md, "Options margin"), with ±95 % as the widest move. */
export const REFERENCE_MARGIN_PARAMS: MarginParams = {
  imFactor: decFromString("1.25"),
  spotShockStep: decFromString("0.05"),
  spotShockSteps: 3,
  extremeSpotShock: decFromString("0.2"),
  maxSpotShock: decFromString("0.95"),
  volUpCoeff: decFromString("0.6"),
  volDownCoeff: decFromString("0.3"),
  shortExpiryPower: decFromString("0.3"),
  longExpiryPower: decFromString("0.13"),
  contingencyRate: decFromString("0.02"),
  stdImRate: decFromString("0.15"),
  stdImMinRate: decFromString("0.13"),
  stdMmRate: decFromString("0.09"),
  // Deribit's PM extended table (−66 %, −33 %, +50 % … +500 %, vol up only, "only a fraction of simulated
  // P&L"); Derive's PMRM has none. Weight 0.5, the top of the usual 0.3–0.5, because with IM = 1.25 × (0.5 ×
  // loss at −66 % + contingency) short puts from far out up to the money, margined at IM, stay solvent through
  // a −40 % day at the vol-up shock (at the money that needs about 0.42; 0.3 covers strikes up to about 80 %
  // of spot): lib/margin.test.ts "tail risk" and the property in lib/margin.property.test.ts.
  // Rallies stop at +100 %: at this weight +200 % and +500 % would ask 1–2.5 × spot of every naked call, and
  // far-OTM shorts, which those moves are for at Deribit, already carry the per-strike standard minimum here.
  extendedSpotShocks: ["-0.66", "-0.5", "-0.33", "0.5", "1"].map(decFromString),
  extendedWeight: decFromString("0.5"),
};

export type VolShock = "up" | "none" | "down";

export interface Scenario {
  index: number;
  /** Signed relative spot move after the regime widened it, e.g. −0.15. */
  spotMove: Dec;
  vol: VolShock;
  /** From the extended table: its loss counts at extendedWeight. */
  extended: boolean;
}

export function scenarioLabel(scenario: Scenario): string {
  const percent = Number((scenario.spotMove * 10_000n) / DEC_ONE) / 100;
  return `spot ${percent >= 0 ? "+" : ""}${percent}% vol ${scenario.vol}`;
}

/** Thrown when an underlying has no usable market data (no fresh oracle price). */
export class MissingMarketError extends Error {
  constructor(readonly underlying: string, detail: string) {
    super(`no market data for ${underlying}: ${detail}`);
  }
}

const DAY_NS = 86_400_000_000_000n;
const THIRTY_DAYS_NS = 30n * DAY_NS;

/**
 * The scenario grid for one regime: spot moves widen with the regime, capped at maxSpotShock; then the
 * extended table, widened alike (tails grow with volatility too), where only falls are capped: a rally has no
 * price at which it stops pricing.
 */
export function scenarioGrid(params: MarginParams, regime: Dec): Scenario[] {
  const clamp = (move: Dec) => maxBig(-params.maxSpotShock, minBig(params.maxSpotShock, move));
  const widened = (move: Dec) => clamp(decMul(move, regime, move < 0n ? "down" : "up"));
  const scenarios: Scenario[] = [];
  for (let k = -params.spotShockSteps; k <= params.spotShockSteps; k++) {
    const move = widened(params.spotShockStep * BigInt(k));
    for (const vol of ["up", "none", "down"] as const) scenarios.push({ index: scenarios.length, spotMove: move, vol, extended: false });
  }
  scenarios.push({ index: scenarios.length, spotMove: widened(params.extremeSpotShock), vol: "up", extended: false });
  scenarios.push({ index: scenarios.length, spotMove: widened(-params.extremeSpotShock), vol: "up", extended: false });
  for (const move of params.extendedSpotShocks) {
    const spotMove = move < 0n ? widened(move) : decMul(move, regime, "up");
    scenarios.push({ index: scenarios.length, spotMove, vol: "up", extended: true });
  }
  return scenarios;
}

/** Derive's vol-shock scale m = (30 d / max(T, 1 d))^p: short expiries get much larger vol shocks. */
export function volShockScale(params: MarginParams, timeToExpiryNs: bigint): number {
  const clamped = timeToExpiryNs < DAY_NS ? DAY_NS : timeToExpiryNs;
  const power = clamped <= THIRTY_DAYS_NS ? params.shortExpiryPower : params.longExpiryPower;
  return detExp(decToFloat(power) * detLn(Number(THIRTY_DAYS_NS) / Number(clamped)));
}

export function volShockFactors(params: MarginParams, timeToExpiryNs: bigint): Record<VolShock, number> {
  const m = volShockScale(params, timeToExpiryNs);
  return { up: 1 + decToFloat(params.volUpCoeff) * m, none: 1, down: 1 - decToFloat(params.volDownCoeff) * m };
}

/** Everything about one series that does not depend on who holds it: computed once per engine. */
export interface SeriesRisk {
  series: OptionSeries;
  /** Mark per contract, rounded each way so longs are credited down and shorts charged up. */
  markDown: Dec;
  markUp: Dec;
  /** Per contract: delta in underlying units, gamma per uusdc of spot, vega per 1.00 of vol, theta per year. */
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  /** Per scenario: value − mark per contract, float for ranking and Dec both ways for the exact figure. */
  changeFloat: Float64Array;
  changeDown: Dec[];
  changeUp: Dec[];
  maxAbsChange: number;
  /** Standard margin per short contract beyond its mark. */
  standardIm: Dec;
  standardMm: Dec;
  /** Naked-short contingency per short contract. */
  contingency: Dec;
  /** Per underlying unit (÷ contract size), for pairing series of different sizes: marks and standard margin. */
  unitMarkDown: Dec;
  unitMarkUp: Dec;
  unitStandardIm: Dec;
  unitStandardMm: Dec;
}

export interface Holding {
  series: OptionSeries;
  /** Contracts: positive long, negative short. */
  qty: bigint;
}

export interface UnderlyingMargin {
  underlying: string;
  spot: Dec;
  /** The scenario that set worstLoss (an extended one at its weight), or undefined when no scenario loses. */
  worstScenario?: Scenario;
  /** max(worst grid loss, extendedWeight × worst extended loss). */
  worstLoss: bigint;
  contingency: bigint;
  /** This underlying's share of the account's requirements. */
  mm: bigint;
  im: bigint;
  /** True when the per-strike minimum set MM or IM here. */
  standardApplied: boolean;
  /** True when every short is covered by a long, so MM and IM are capped at the portfolio's max loss. */
  definedRisk: boolean;
}

export interface PositionRisk {
  series: OptionSeries;
  qty: bigint;
  /** Mark per contract (Dec, uusdc). */
  mark: Dec;
  /** qty × mark rounded against the holder. */
  value: bigint;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

export interface AccountMargin {
  /** Σ qty × mark: longs rounded down, shorts up (more negative). */
  positionValue: bigint;
  mm: bigint;
  im: bigint;
  perUnderlying: UnderlyingMargin[];
  /** True when the per-strike minimum of some underlying was higher than its portfolio margin and set a requirement. */
  standardApplied: boolean;
  /** Only with `detail`. */
  positions?: PositionRisk[];
}

/**
 * Valuations shared between engines: a series' marks and scenario values are a pure function of the inputs in
 * the key, so the txs of one block (each with its own engine) price a series once. Sharing cannot change a
 * result, only skip recomputing it; the cache is bounded and keyed per params object.
 */
const valuationsByParams = new WeakMap<MarginParams, Map<string, SeriesRisk>>();
const SHARED_VALUATIONS_LIMIT = 20_000;

function sharedValuations(params: MarginParams): Map<string, SeriesRisk> {
  let shared = valuationsByParams.get(params);
  if (!shared) {
    shared = new Map();
    valuationsByParams.set(params, shared);
  }
  return shared;
}

/**
 * One engine per point in time (a block, a tx, a query): it caches the market of each underlying and the
 * valuation of each series in every scenario, so an account costs only its positions × scenarios in
 * arithmetic. Not for reuse across blocks: the market and the clock are fixed at construction.
 */
export class RiskEngine {
  private readonly markets = new Map<string, UnderlyingRisk>();
  private readonly grids = new Map<string, Scenario[]>();
  private readonly seriesCache = new Map<bigint, SeriesRisk>();
  private readonly extendedWeightFloat: number;

  constructor(
    readonly params: MarginParams,
    readonly nowNs: bigint,
    private readonly loadMarket: (underlying: string) => UnderlyingRisk,
  ) {
    this.extendedWeightFloat = decToFloat(params.extendedWeight);
  }

  market(underlying: string): UnderlyingRisk {
    let market = this.markets.get(underlying);
    if (!market) {
      market = this.loadMarket(underlying);
      this.markets.set(underlying, market);
    }
    return market;
  }

  scenarios(underlying: string): Scenario[] {
    let grid = this.grids.get(underlying);
    if (!grid) {
      grid = scenarioGrid(this.params, this.market(underlying).regime);
      this.grids.set(underlying, grid);
    }
    return grid;
  }

  seriesRisk(series: OptionSeries): SeriesRisk {
    let risk = this.seriesCache.get(series.id);
    if (!risk) {
      const market = this.market(series.underlying);
      const shared = sharedValuations(this.params);
      const id = [series.id, series.underlying, series.kind, series.strike, series.contractSize, series.expiryNs, this.nowNs, market.spot, market.markVol, market.marginVol, market.regime, smileKey(market.smile)].join("|");
      risk = shared.get(id);
      if (!risk) {
        risk = this.valueSeries(series);
        if (shared.size >= SHARED_VALUATIONS_LIMIT) shared.clear();
        shared.set(id, risk);
      }
      this.seriesCache.set(series.id, risk);
    }
    return risk;
  }

  /** MM, IM and position value of a portfolio; `detail` adds per-position marks and Greeks. */
  margin(holdings: readonly Holding[], options: { detail?: boolean } = {}): AccountMargin {
    const byUnderlying = new Map<string, Array<{ holding: Holding; risk: SeriesRisk }>>();
    let positionValue = 0n;
    const positions: PositionRisk[] = [];
    for (const holding of holdings) {
      if (holding.qty === 0n) continue;
      const risk = this.seriesRisk(holding.series);
      const value = holding.qty * (holding.qty > 0n ? risk.markDown : risk.markUp);
      positionValue += value;
      const group = byUnderlying.get(holding.series.underlying);
      if (group) group.push({ holding, risk });
      else byUnderlying.set(holding.series.underlying, [{ holding, risk }]);
      if (options.detail) {
        const qty = Number(holding.qty);
        positions.push({
          series: holding.series,
          qty: holding.qty,
          mark: holding.qty > 0n ? risk.markDown : risk.markUp,
          value: decToInt(value, "down"),
          delta: qty * risk.delta,
          gamma: qty * risk.gamma,
          vega: qty * risk.vega,
          theta: qty * risk.theta,
        });
      }
    }
    const perUnderlying: UnderlyingMargin[] = [];
    let mm = 0n;
    let im = 0n;
    let standardApplied = false;
    for (const underlying of [...byUnderlying.keys()].sort()) {
      const result = this.underlyingMargin(underlying, byUnderlying.get(underlying)!);
      perUnderlying.push(result);
      mm += result.mm;
      im += result.im;
      standardApplied ||= result.standardApplied;
    }
    return {
      positionValue: decToInt(positionValue, "down"),
      mm,
      im,
      perUnderlying,
      standardApplied,
      positions: options.detail ? positions : undefined,
    };
  }

  private underlyingMargin(underlying: string, group: Array<{ holding: Holding; risk: SeriesRisk }>): UnderlyingMargin {
    const scenarios = this.scenarios(underlying);
    const count = scenarios.length;
    // Rank scenarios in float, then compute the exact bigint loss of every scenario within float error of
    // the worst; the exact maximum is among them, so the result is the exact worst loss.
    const pnl = new Float64Array(count);
    let scale = 0;
    let value = 0n;
    for (const { holding, risk } of group) {
      const qty = Number(holding.qty);
      for (let s = 0; s < count; s++) pnl[s] += qty * risk.changeFloat[s];
      scale += Math.abs(qty) * risk.maxAbsChange;
      value += holding.qty * (holding.qty > 0n ? risk.markDown : risk.markUp);
    }
    const worst = worstLosses(group, scenarios, pnl, scale * 1e-9 + 1, this.extendedWeightFloat);
    const weightedExtended = decMul(worst.extendedLoss, this.params.extendedWeight, "up");
    const [worstLossDec, worstScenario] = weightedExtended > worst.gridLoss ? [weightedExtended, worst.extendedScenario] : [worst.gridLoss, worst.gridScenario];
    const worstLoss = decToInt(worstLossDec, "up");

    const market = this.market(underlying);
    const minimums = perStrikeMinimums(group, this.contingencyPerUnit(market.spot));
    const contingency = decToInt(minimums.contingency, "up");
    const portfolioMm = worstLoss + contingency;
    const portfolioIm = decToInt(portfolioMm * this.params.imFactor, "up");
    const floorMm = decToInt(minimums.floorMm, "up");
    const floorIm = decToInt(minimums.floorIm, "up");
    let mm = maxBig(portfolioMm, floorMm);
    let im = maxBig(portfolioIm, floorIm, mm);
    if (minimums.definedRisk) {
      // Every short is paired with a long of its kind and expiry, so the book is worth at least −Σ width at
      // any spot and vol: the most it can lose from here is its value plus the widths, and no more is asked.
      // Rounded down, as equity counts position value: rounded up, a long with no cash sat 1 uusdc under MM.
      const maxLoss = maxBig(0n, decToInt(value + minimums.width, "down"));
      mm = minBig(mm, maxLoss);
      im = minBig(im, maxLoss);
    }
    return {
      underlying,
      spot: market.spot,
      worstScenario,
      worstLoss,
      contingency,
      mm,
      im,
      standardApplied: floorMm > portfolioMm || floorIm > portfolioIm,
      definedRisk: minimums.definedRisk,
    };
  }

  private contingencyPerUnit(spot: Dec): Dec {
    return decMul(this.params.contingencyRate, spot, "up");
  }

  private valueSeries(series: OptionSeries): SeriesRisk {
    const market = this.market(series.underlying);
    const spot = decToFloat(market.spot);
    const strike = decToFloat(series.strike);
    const size = decToFloat(series.contractSize);
    const remainingNs = series.expiryNs > this.nowNs ? series.expiryNs - this.nowNs : 0n;
    const timeYears = Number(remainingNs) / Number(NS_PER_YEAR);
    const sqrtYears = Math.sqrt(timeYears);
    const smile = market.smile && smileCurve(market.smile);
    const markVol = decToFloat(market.markVol) * smileMultipleAt(smile, strike, spot, sqrtYears);
    const valuation = blackScholesGreeks(series.kind, { spot, strike, timeYears, vol: markVol, rate: 0 });
    const mark = valuation.price * size;
    const factors = volShockFactors(this.params, remainingNs);
    const marginVol = decToFloat(market.marginVol);
    const scenarios = this.scenarios(series.underlying);
    const changeFloat = new Float64Array(scenarios.length);
    const changeDown: Dec[] = [];
    const changeUp: Dec[] = [];
    let maxAbsChange = 0;
    for (const scenario of scenarios) {
      const shockedSpot = spot * (1 + decToFloat(scenario.spotMove));
      // sticky moneyness: the smile moves with the shocked spot, so a crash puts a put's strike nearer the money
      const vol = marginVol * factors[scenario.vol] * smileMultipleAt(smile, strike, shockedSpot, sqrtYears);
      const shocked = blackScholesGreeks(series.kind, { spot: shockedSpot, strike, timeYears, vol, rate: 0 });
      const change = shocked.price * size - mark;
      changeFloat[scenario.index] = change;
      changeDown.push(decFromFloat(change, "down"));
      changeUp.push(decFromFloat(change, "up"));
      if (Math.abs(change) > maxAbsChange) maxAbsChange = Math.abs(change);
    }
    const markDown = decFromFloat(mark, "down");
    const markUp = decFromFloat(mark, "up");
    const standard = standardMargin(this.params, series, market.spot, markUp);
    const contractSize = series.contractSize;
    return {
      series,
      markDown,
      markUp,
      delta: valuation.delta * size,
      gamma: valuation.gamma * size,
      vega: valuation.vega * size,
      theta: valuation.theta * size,
      changeFloat,
      changeDown,
      changeUp,
      maxAbsChange,
      ...standard,
      contingency: decMul(this.contingencyPerUnit(market.spot), contractSize, "up"),
      unitMarkDown: decQuo(markDown, contractSize, "down"),
      unitMarkUp: decQuo(markUp, contractSize, "up"),
      unitStandardIm: decQuo(standard.standardIm, contractSize, "up"),
      unitStandardMm: decQuo(standard.standardMm, contractSize, "up"),
    };
  }
}

/**
 * Derive's standard margin for one short contract, beyond its mark (the account's equity already carries the
 * −mark): IM = max(stdImRate − OTM, stdImMinRate)·S, MM = stdMmRate·S for calls and stdMmRate·max(S, mark)
 * for puts; a put's requirement never exceeds its strike, the most it can lose.
 */
export function standardMargin(params: MarginParams, series: OptionSeries, spot: Dec, markPerContract: Dec): { standardIm: Dec; standardMm: Dec } {
  const notional = decMul(spot, series.contractSize, "up");
  const outOfTheMoney = series.kind === "call" ? series.strike - spot : spot - series.strike;
  const otm = outOfTheMoney > 0n ? decQuo(outOfTheMoney, spot, "down") : 0n;
  const imRate = maxBig(params.stdImRate - otm, params.stdImMinRate);
  let standardIm = decMul(imRate, notional, "up");
  let standardMm = decMul(params.stdMmRate, notional, "up");
  if (series.kind === "put") {
    standardMm = maxBig(standardMm, decMul(params.stdMmRate, markPerContract, "up"));
    const strikeNotional = decMul(series.strike, series.contractSize, "up");
    standardIm = minBig(standardIm, strikeNotional);
    standardMm = minBig(standardMm, strikeNotional);
  }
  return { standardIm, standardMm };
}

type Entry = { holding: Holding; risk: SeriesRisk };

/**
 * The exact worst losses (Dec, ≥ 0) over the grid and over the extended table. Scenarios are ranked in float;
 * every one within float error of the worst of its set is then summed exactly, so the exact maximum is among
 * them. A set whose worst, weighted, is below the other's by more than twice the float error cannot set the
 * requirement and is left at 0.
 */
function worstLosses(group: readonly Entry[], scenarios: readonly Scenario[], pnl: Float64Array, tolerance: number, extendedWeight: number) {
  let gridFloat = 0;
  let extendedFloat = 0;
  for (let s = 0; s < scenarios.length; s++) {
    if (scenarios[s].extended) extendedFloat = Math.min(extendedFloat, pnl[s]);
    else gridFloat = Math.min(gridFloat, pnl[s]);
  }
  const skipGrid = -gridFloat + 2 * tolerance < -extendedFloat * extendedWeight;
  const skipExtended = -extendedFloat * extendedWeight + 2 * tolerance < -gridFloat;
  const result: { gridLoss: Dec; gridScenario?: Scenario; extendedLoss: Dec; extendedScenario?: Scenario } = { gridLoss: 0n, extendedLoss: 0n };
  for (let s = 0; s < scenarios.length; s++) {
    const extended = scenarios[s].extended;
    if (extended ? skipExtended : skipGrid) continue;
    if (pnl[s] > (extended ? extendedFloat : gridFloat) + tolerance) continue;
    let exact = 0n;
    for (const { holding, risk } of group) exact += holding.qty * (holding.qty > 0n ? risk.changeDown[s] : risk.changeUp[s]);
    if (extended && -exact > result.extendedLoss) {
      result.extendedLoss = -exact;
      result.extendedScenario = scenarios[s];
    } else if (!extended && -exact > result.gridLoss) {
      result.gridLoss = -exact;
      result.gridScenario = scenarios[s];
    }
  }
  return result;
}

/** Kind, expiry, then strike from the riskiest short (and best cover) on: a call's lowest, a put's highest. */
function coverOrder(a: Entry, b: Entry): number {
  const x = a.holding.series;
  const y = b.holding.series;
  if (x.kind !== y.kind) return x.kind < y.kind ? -1 : 1;
  if (x.expiryNs !== y.expiryNs) return x.expiryNs < y.expiryNs ? -1 : 1;
  if (x.strike !== y.strike) return x.strike < y.strike === (x.kind === "call") ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

interface Minimums {
  floorMm: Dec;
  floorIm: Dec;
  contingency: Dec;
  /** Σ paired units × (strike gap where the long is the worse strike). */
  width: Dec;
  definedRisk: boolean;
}

/** `units` of a short, each needing its standard minimum and contingency, or `bound` if that is less. */
function charge(minimums: Minimums, short: SeriesRisk, units: Dec, bound: Dec, contingencyPerUnit: Dec): void {
  minimums.floorMm += decMul(units, minBig(short.unitStandardMm, bound), "up");
  minimums.floorIm += decMul(units, minBig(short.unitStandardIm, bound), "up");
  minimums.contingency += decMul(units, minBig(contingencyPerUnit, bound), "up");
}

/**
 * The minimum margin and contingency of every short, strike by strike (Deribit charges its contingency "per
 * strike", so a far-away long cannot net it away). A short is covered only by a long of the same kind and
 * expiry, unit for unit, and then needs no more than that pair can lose: the width between the strikes (if
 * the long is the worse strike) plus the long's mark less the short's. A long of another expiry covers nothing:
 * that it is worth at least the short relies on a vol surface free of calendar arbitrage, which nothing
 * enforces; a call never covers a put. Shorts and longs are paired in strike order, riskiest short with best
 * long first, which minimises Σ width; any pairing bounds the loss, so the order only spares collateral.
 * The same series long and short pairs at width 0, i.e. nets first.
 */
function perStrikeMinimums(group: readonly Entry[], contingencyPerUnit: Dec): Minimums {
  const minimums: Minimums = { floorMm: 0n, floorIm: 0n, contingency: 0n, width: 0n, definedRisk: true };
  if (!group.some((entry) => entry.holding.qty < 0n)) return minimums;
  const legs = group.length > 1 ? [...group].sort(coverOrder) : group;
  for (let start = 0; start < legs.length; ) {
    const { kind, expiryNs } = legs[start].holding.series;
    let end = start + 1;
    while (end < legs.length && legs[end].holding.series.kind === kind && legs[end].holding.series.expiryNs === expiryNs) end++;
    let long = start;
    while (long < end && legs[long].holding.qty < 0n) long++;
    let longLeft = long < end ? legs[long].holding.qty * legs[long].holding.series.contractSize : 0n;
    for (let s = start; s < end; s++) {
      const { holding, risk } = legs[s];
      if (holding.qty > 0n) continue;
      if (long >= end) {
        // nothing left to cover it: whole contracts, no division
        const contracts = -holding.qty;
        minimums.floorMm += contracts * risk.standardMm;
        minimums.floorIm += contracts * risk.standardIm;
        minimums.contingency += contracts * risk.contingency;
        minimums.definedRisk = false;
        continue;
      }
      let left = -holding.qty * holding.series.contractSize;
      while (left > 0n && long < end) {
        const cover = legs[long].risk;
        const paired = minBig(left, longLeft);
        const gap = kind === "call" ? cover.series.strike - holding.series.strike : holding.series.strike - cover.series.strike;
        const width = gap > 0n ? gap : 0n;
        charge(minimums, risk, paired, maxBig(0n, width + cover.unitMarkDown - risk.unitMarkUp), contingencyPerUnit);
        minimums.width += decMul(paired, width, "up");
        left -= paired;
        longLeft -= paired;
        if (longLeft === 0n) {
          long++;
          while (long < end && legs[long].holding.qty < 0n) long++;
          if (long < end) longLeft = legs[long].holding.qty * legs[long].holding.series.contractSize;
        }
      }
      if (left > 0n) {
        minimums.floorMm += decMul(left, risk.unitStandardMm, "up");
        minimums.floorIm += decMul(left, risk.unitStandardIm, "up");
        minimums.contingency += decMul(left, contingencyPerUnit, "up");
        minimums.definedRisk = false;
      }
    }
    start = end;
  }
  return minimums;
}
