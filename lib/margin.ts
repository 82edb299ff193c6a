// Portfolio margin for option accounts: marks, Greeks, a scenario grid of spot × vol shocks (after Derive's
// PMRM), contingency for naked shorts, a standard-margin floor for a lone short, and the volatility regime
// that widens the shocks. Pure and deterministic: Black–Scholes in float64 (black-scholes.ts), every money
// figure a bigint rounded against the account (requirements up, credits down).
//
// Units: spot and strike are Dec uusdc per 1 unit of the underlying (the oracle's convention); contract size
// is a Dec number of underlying units per contract; marks and losses are uusdc per contract.

import { blackScholesGreeks, type OptionKind } from "./black-scholes";
import { detExp, detLn } from "./detmath";
import { type Dec, DEC_ONE, absBig, decFromFloat, decFromString, decMul, decQuo, decToFloat, decToInt, maxBig, minBig } from "./fixed";
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
  /** Added to MM per unit of net naked short exposure, as a fraction of spot. */
  contingencyRate: Dec;
  /** Standard margin of a lone short: IM rate max(stdImRate − OTM, stdImMinRate)·S, MM rate stdMmRate·S. */
  stdImRate: Dec;
  stdImMinRate: Dec;
  stdMmRate: Dec;
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
};

export type VolShock = "up" | "none" | "down";

export interface Scenario {
  index: number;
  /** Signed relative spot move after the regime widened it, e.g. −0.15. */
  spotMove: Dec;
  vol: VolShock;
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

/** The scenario grid for one regime: spot moves widen with the regime, capped at maxSpotShock. */
export function scenarioGrid(params: MarginParams, regime: Dec): Scenario[] {
  const clamp = (move: Dec) => maxBig(-params.maxSpotShock, minBig(params.maxSpotShock, move));
  const widened = (move: Dec) => clamp(decMul(move, regime, move < 0n ? "down" : "up"));
  const scenarios: Scenario[] = [];
  for (let k = -params.spotShockSteps; k <= params.spotShockSteps; k++) {
    const move = widened(params.spotShockStep * BigInt(k));
    for (const vol of ["up", "none", "down"] as const) scenarios.push({ index: scenarios.length, spotMove: move, vol });
  }
  scenarios.push({ index: scenarios.length, spotMove: widened(params.extremeSpotShock), vol: "up" });
  scenarios.push({ index: scenarios.length, spotMove: widened(-params.extremeSpotShock), vol: "up" });
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
}

export interface Holding {
  series: OptionSeries;
  /** Contracts: positive long, negative short. */
  qty: bigint;
}

export interface UnderlyingMargin {
  underlying: string;
  spot: Dec;
  /** The scenario with the largest loss, or undefined when no scenario loses. */
  worstScenario?: Scenario;
  worstLoss: bigint;
  contingency: bigint;
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
  /** True when the lone-short standard margin was higher than the portfolio margin and set the requirement. */
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

  constructor(
    readonly params: MarginParams,
    readonly nowNs: bigint,
    private readonly loadMarket: (underlying: string) => UnderlyingRisk,
  ) {}

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
      const id = [series.id, series.underlying, series.kind, series.strike, series.contractSize, series.expiryNs, this.nowNs, market.spot, market.markVol, market.marginVol, market.regime].join("|");
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
    let portfolioMm = 0n;
    for (const underlying of [...byUnderlying.keys()].sort()) {
      const result = this.underlyingMargin(underlying, byUnderlying.get(underlying)!);
      perUnderlying.push(result);
      portfolioMm += result.worstLoss + result.contingency;
    }
    let mm = portfolioMm;
    let im = decToInt(portfolioMm * this.params.imFactor, "up");
    let standardApplied = false;
    const open = holdings.filter((h) => h.qty !== 0n);
    if (open.length === 1 && open[0].qty < 0n) {
      const risk = this.seriesRisk(open[0].series);
      const contracts = -open[0].qty;
      const standardMm = decToInt(risk.standardMm * contracts, "up");
      const standardIm = decToInt(risk.standardIm * contracts, "up");
      if (standardMm > mm || standardIm > im) standardApplied = true;
      mm = maxBig(mm, standardMm);
      im = maxBig(im, standardIm);
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
    for (const { holding, risk } of group) {
      const qty = Number(holding.qty);
      for (let s = 0; s < count; s++) pnl[s] += qty * risk.changeFloat[s];
      scale += Math.abs(qty) * risk.maxAbsChange;
    }
    let worstFloat = 0;
    for (let s = 0; s < count; s++) if (pnl[s] < worstFloat) worstFloat = pnl[s];
    const tolerance = scale * 1e-9 + 1;
    let worstLossDec = 0n;
    let worstScenario: Scenario | undefined;
    if (worstFloat < tolerance) {
      for (let s = 0; s < count; s++) {
        if (pnl[s] > worstFloat + tolerance) continue;
        let exact = 0n;
        for (const { holding, risk } of group) exact += holding.qty * (holding.qty > 0n ? risk.changeDown[s] : risk.changeUp[s]);
        if (-exact > worstLossDec) {
          worstLossDec = -exact;
          worstScenario = scenarios[s];
        }
      }
    }
    const market = this.market(underlying);
    return {
      underlying,
      spot: market.spot,
      worstScenario,
      worstLoss: decToInt(worstLossDec, "up"),
      contingency: decToInt(decMul(nakedShortUnits(group), decMul(this.params.contingencyRate, market.spot, "up"), "up"), "up"),
    };
  }

  private valueSeries(series: OptionSeries): SeriesRisk {
    const market = this.market(series.underlying);
    const spot = decToFloat(market.spot);
    const strike = decToFloat(series.strike);
    const size = decToFloat(series.contractSize);
    const remainingNs = series.expiryNs > this.nowNs ? series.expiryNs - this.nowNs : 0n;
    const timeYears = Number(remainingNs) / Number(NS_PER_YEAR);
    const valuation = blackScholesGreeks(series.kind, { spot, strike, timeYears, vol: decToFloat(market.markVol), rate: 0 });
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
      const shocked = blackScholesGreeks(series.kind, { spot: shockedSpot, strike, timeYears, vol: marginVol * factors[scenario.vol], rate: 0 });
      const change = shocked.price * size - mark;
      changeFloat[scenario.index] = change;
      changeDown.push(decFromFloat(change, "down"));
      changeUp.push(decFromFloat(change, "up"));
      if (Math.abs(change) > maxAbsChange) maxAbsChange = Math.abs(change);
    }
    const markDown = decFromFloat(mark, "down");
    const markUp = decFromFloat(mark, "up");
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
      ...standardMargin(this.params, series, market.spot, markUp),
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

/** Underlying units short in calls beyond long calls, plus the same for puts (Dec). */
function nakedShortUnits(group: Array<{ holding: Holding }>): Dec {
  const units = { call: { long: 0n, short: 0n }, put: { long: 0n, short: 0n } };
  for (const { holding } of group) {
    const amount = absBig(holding.qty) * holding.series.contractSize;
    units[holding.series.kind][holding.qty > 0n ? "long" : "short"] += amount;
  }
  return maxBig(0n, units.call.short - units.call.long) + maxBig(0n, units.put.short - units.put.long);
}
