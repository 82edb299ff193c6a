// Volatility inputs of the risk engine: realised volatility as an EWMA of log returns of confirmed prices
// over a fixed horizon, the choice between implied and realised volatility with a floor that rises with the
// volatility regime, and the regime's own state: a capped rise for IM and a lagged one for MM. Deterministic: float64 only through detmath.ts and IEEE basic operations; state and
// results are 18-decimal Dec values.

import { detLn } from "./detmath";
import { type Dec, DEC_ONE, decFromFloat, decMul, decQuo, decToFloat, maxBig, minBig } from "./fixed";

export const NS_PER_YEAR = 365n * 86_400n * 1_000_000_000n;
const NS_PER_YEAR_FLOAT = Number(NS_PER_YEAR);

export interface PricePoint {
  price: Dec;
  timeNs: bigint;
}

/** EWMA of annualised squared log returns; `samples` counts the returns folded in so far. */
export interface EwmaState {
  variance: Dec;
  lastPrice: Dec;
  lastTimeNs: bigint;
  samples: number;
  /** The regimes margin uses, advanced every block; absent before the first block that saw the asset. */
  regime?: RegimeState;
}

export interface EwmaParams {
  /** Weight of the previous variance per sample (RiskMetrics uses 0.94). */
  lambda: Dec;
  /**
   * The return horizon: prices closer than this to the last sample are skipped, so a tick that reverts within
   * it never enters the variance, and quote noise between votes is not annualised.
   */
  minIntervalNs: bigint;
  /** Variance before the first return: the calm volatility squared. */
  initialVariance: Dec;
}

/**
 * Folds newer prices into the EWMA: var ← λ·var + (1 − λ)·r²/Δt with r = ln(p₁/p₀) and Δt in years, so
 * returns over uneven intervals are weighed on one annual scale. Points not after the last sample, or
 * closer to it than minIntervalNs, are skipped. Variance rounds up (the conservative side for margin).
 */
export function ewmaUpdate(state: EwmaState | undefined, points: readonly PricePoint[], params: EwmaParams): EwmaState | undefined {
  let current = state;
  const lambda = decToFloat(params.lambda);
  for (const point of points) {
    if (point.price <= 0n) continue;
    if (!current) {
      current = { variance: params.initialVariance, lastPrice: point.price, lastTimeNs: point.timeNs, samples: 0 };
      continue;
    }
    const elapsed = point.timeNs - current.lastTimeNs;
    if (elapsed <= 0n || elapsed < params.minIntervalNs) continue;
    const variance = foldReturn(lambda, current, point.price, elapsed);
    current = { ...current, variance: decFromFloat(variance, "up"), lastPrice: point.price, lastTimeNs: point.timeNs, samples: current.samples + 1 };
  }
  return current;
}

/** λ·var + (1 − λ)·ln(p/p₀)²/Δt, Δt in years. */
function foldReturn(lambda: number, state: EwmaState, price: Dec, elapsedNs: bigint): number {
  const logReturn = detLn(decToFloat(price) / decToFloat(state.lastPrice));
  const years = Number(elapsedNs) / NS_PER_YEAR_FLOAT;
  return lambda * decToFloat(state.variance) + (1 - lambda) * ((logReturn * logReturn) / years);
}

/**
 * Realised vol as the regime should see it now: the EWMA as if the latest price were folded in, its return
 * annualised over at least the horizon (a move inside the hour counts as that hour's return, not as a faster
 * one), and never below the EWMA itself. So a confirmed move lifts the regime at once rather than at the next
 * sample, while a tick that reverts before the sample leaves nothing behind. undefined before any price.
 */
export function currentRealisedVol(state: EwmaState | undefined, latest: PricePoint | undefined, params: EwmaParams): Dec | undefined {
  if (!state) return undefined;
  const sampled = state.samples > 0 ? volFromVariance(state.variance) : undefined;
  if (!latest || latest.price <= 0n || latest.timeNs <= state.lastTimeNs) return sampled;
  const elapsed = latest.timeNs - state.lastTimeNs;
  const pending = decFromFloat(Math.sqrt(foldReturn(decToFloat(params.lambda), state, latest.price, elapsed > params.minIntervalNs ? elapsed : params.minIntervalNs)), "up");
  return sampled === undefined ? pending : maxBig(sampled, pending);
}

/** √variance as a Dec volatility, rounded up. */
export function volFromVariance(variance: Dec): Dec {
  return decFromFloat(Math.sqrt(decToFloat(variance)), "up");
}

export type VolSource = "implied" | "realised" | "calm";

export interface VolInputs {
  /** The oracle's implied vol, only when fresh. */
  implied?: Dec;
  /** Realised vol from the EWMA, only once it has folded in at least one return. */
  realised?: Dec;
}

export interface VolParams {
  /** The volatility regarded as normal; regime = max(implied, realised) / calmVol, never below 1. */
  calmVol: Dec;
  /** No mark or margin uses a lower volatility than this (times the regime for margin). */
  volFloor: Dec;
  /** Upper bound of the regime multiplier, so one absurd vote cannot demand unbounded margin. */
  maxRegime: Dec;
}

export interface VolChoice {
  /** Volatility marks are priced with: implied when fresh, else realised, else calm; never below the floor. */
  markVol: Dec;
  /** Volatility margin scenarios start from: the mark vol, or the floor scaled by the regime if higher. */
  marginVol: Dec;
  /** ≥ 1: how far the market is above calm; spot shocks widen by this factor. */
  regime: Dec;
  source: VolSource;
}

/**
 * The volatility feedback: when either implied or realised vol rises above calm, the regime rises with it,
 * which widens the spot shocks and lifts the margin vol floor, so requirements grow before prices break.
 * Realised vol counts in the regime even while implied vol is fresh: a market moving faster than its quotes
 * is exactly the case the feedback exists for.
 */
export function chooseVol(inputs: VolInputs, params: VolParams): VolChoice {
  const source: VolSource = inputs.implied !== undefined ? "implied" : inputs.realised !== undefined ? "realised" : "calm";
  const base = inputs.implied ?? inputs.realised ?? params.calmVol;
  const markVol = maxBig(base, params.volFloor);
  const observed = maxBig(inputs.implied ?? 0n, inputs.realised ?? 0n);
  const regime = minBig(params.maxRegime, maxBig(DEC_ONE, decQuo(observed, params.calmVol, "up")));
  return { markVol, marginVol: marginVolAt(markVol, regime, params), regime, source };
}

/** The volatility margin scenarios start from under a regime: the mark vol, or the floor scaled by the regime. */
export function marginVolAt(markVol: Dec, regime: Dec, params: VolParams): Dec {
  return maxBig(markVol, decMul(params.volFloor, regime, "up"));
}

export const NS_PER_HOUR = 3_600_000_000_000n;

/**
 * The regimes margin uses, as they stand after the last block. IM's follows the observed regime down at once
 * and up within a rise budget; MM's rises only to a level IM's has held for the lag, so a rise is a margin
 * call (IM) before it can be a liquidation (MM). Always 1 ≤ mm ≤ im.
 */
export interface RegimeState {
  im: Dec;
  mm: Dec;
  /** Rise IM's regime may still take at once; refills at maxRisePerHour per hour, up to maxRisePerHour. */
  budget: Dec;
  /** Lowest IM regime since heldSinceNs while it stood above MM's; 0 while it does not. */
  held: Dec;
  heldSinceNs: bigint;
  updatedNs: bigint;
}

export interface RegimeParams {
  /** The most IM's regime rises in one step, and the rate its budget refills at per hour. */
  maxRisePerHour: Dec;
  /** How long IM's regime must have stood at a level before MM's follows it up. */
  mmLagNs: bigint;
}

/**
 * One block's step towards the observed regime `target`. The first step starts at the target (what margin
 * used before there was any state), with a full budget. Exact bigint arithmetic throughout.
 */
export function advanceRegime(state: RegimeState | undefined, target: Dec, nowNs: bigint, params: RegimeParams): RegimeState {
  if (!state) return { im: target, mm: target, budget: params.maxRisePerHour, held: 0n, heldSinceNs: 0n, updatedNs: nowNs };
  // Block times only rise, except across a genesis import whose chain starts earlier: time never runs back here.
  if (nowNs < state.updatedNs) nowNs = state.updatedNs;
  const elapsed = nowNs - state.updatedNs;
  let budget = minBig(params.maxRisePerHour, state.budget + (params.maxRisePerHour * elapsed) / NS_PER_HOUR);
  let im = target;
  if (target > state.im) {
    const rise = minBig(target - state.im, budget);
    im = state.im + rise;
    budget -= rise;
  }
  let mm = state.mm;
  let held = 0n;
  let heldSinceNs = 0n;
  if (im <= mm) {
    mm = im;
  } else {
    [held, heldSinceNs] = state.held === 0n ? [im, nowNs] : [minBig(state.held, im), state.heldSinceNs];
    if (nowNs - heldSinceNs >= params.mmLagNs) {
      mm = held;
      [held, heldSinceNs] = im > mm ? [im, nowNs] : [0n, 0n];
    }
  }
  return { im, mm, budget, held, heldSinceNs, updatedNs: nowNs };
}

/** The stored (JSON) form of a regime state: decimal strings. */
export interface StoredRegime {
  im: string;
  mm: string;
  budget: string;
  held: string;
  held_since_ns: string;
  updated_ns: string;
}

export function regimeToStored(state: RegimeState): StoredRegime {
  return { im: state.im.toString(), mm: state.mm.toString(), budget: state.budget.toString(), held: state.held.toString(), held_since_ns: state.heldSinceNs.toString(), updated_ns: state.updatedNs.toString() };
}

export function regimeFromStored(stored: StoredRegime): RegimeState {
  return { im: BigInt(stored.im), mm: BigInt(stored.mm), budget: BigInt(stored.budget), held: BigInt(stored.held), heldSinceNs: BigInt(stored.held_since_ns), updatedNs: BigInt(stored.updated_ns) };
}
