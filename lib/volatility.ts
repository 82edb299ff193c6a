// Volatility inputs of the risk engine: realised volatility as an EWMA of log returns of the oracle's
// tallied prices, and the choice between implied and realised volatility with a floor that rises with the
// volatility regime. Deterministic: float64 only through detmath.ts and IEEE basic operations; state and
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
}

export interface EwmaParams {
  /** Weight of the previous variance per sample (RiskMetrics uses 0.94). */
  lambda: Dec;
  /** Prices closer than this to the last sample are skipped, so quote noise between votes is not annualised. */
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
    const logReturn = detLn(decToFloat(point.price) / decToFloat(current.lastPrice));
    const years = Number(elapsed) / NS_PER_YEAR_FLOAT;
    const variance = lambda * decToFloat(current.variance) + (1 - lambda) * ((logReturn * logReturn) / years);
    current = { variance: decFromFloat(variance, "up"), lastPrice: point.price, lastTimeNs: point.timeNs, samples: current.samples + 1 };
  }
  return current;
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
  const scaledFloor = decMul(params.volFloor, regime, "up");
  return { markVol, marginVol: maxBig(markVol, scaledFloor), regime, source };
}
