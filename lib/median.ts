// Stake-weighted median and reward band for oracle tallies (Terra x/oracle semantics, computed exactly).
// Prices are Dec (18-decimal fixed point, see fixed.ts); powers are integer voting power.

import { DEC_ONE, Dec, isqrt, maxBig, mulDiv } from "./fixed";

export interface PriceVote {
  voter: string;
  price: Dec;
  power: bigint;
}

export interface ClassifiedVote extends PriceVote {
  /** Whether the price lies in [median − band, median + band], edges included. */
  inBand: boolean;
}

export interface BallotTally {
  median: Dec;
  standardDeviation: Dec;
  /** Half-width of the accepted interval around the median. */
  band: Dec;
  /** The votes in price order, each marked inside or outside the band. */
  votes: ClassifiedVote[];
}

/**
 * Price ascending, then voter ascending by UTF-16 code units (never localeCompare: its order depends on
 * the ICU data of the node's build). Returns a new array; the input is not touched.
 */
export function sortVotes<T extends PriceVote>(votes: readonly T[]): T[] {
  return [...votes].sort((a, b) => {
    if (a.price !== b.price) return a.price < b.price ? -1 : 1;
    if (a.voter !== b.voter) return a.voter < b.voter ? -1 : 1;
    return 0;
  });
}

export function totalPower(votes: readonly PriceVote[]): bigint {
  let total = 0n;
  for (const vote of votes) total += vote.power;
  return total;
}

/**
 * The price of the first vote, in sortVotes order, at which the cumulative power reaches half of the
 * ballot's total power (cumulative × 2 ≥ total). Terra writes `cumulative >= total / 2` with integer
 * division, which for an odd total accepts a prefix holding less than half; comparing doubled values keeps
 * the half exact.
 *
 * Returns null for an empty ballot or one whose total power is zero: there is no stake to weigh, and the
 * caller must treat the ballot as failed rather than invent a price.
 */
export function weightedMedian(votes: readonly PriceVote[]): Dec | null {
  assertNonNegativePowers(votes);
  const total = totalPower(votes);
  if (total === 0n) return null;
  let cumulative = 0n;
  for (const vote of sortVotes(votes)) {
    cumulative += vote.power;
    if (cumulative * 2n >= total) return vote.price;
  }
  throw new Error("weightedMedian: cumulative power never reached half of the total"); // unreachable: total > 0
}

/**
 * Standard deviation of the prices around the median, as Terra defines it: every vote counts once
 * whatever its power, and the variance divides by the number of votes (population form):
 *   σ = √( Σ (priceᵢ − median)² / count ).
 * Computed exactly: the sum of squares of 18-decimal values has 36 decimals, so its integer square root
 * is again 18-decimal. The result is σ rounded down to 1e-18 (⌊√⌊x⌋⌋ = ⌊√x⌋, so one rounding only).
 * Terra went through float64 and a "%f" string here; chains that copied it disagreed with each other.
 */
export function standardDeviation(votes: readonly PriceVote[], median: Dec): Dec {
  if (votes.length === 0) return 0n;
  let sumOfSquares = 0n;
  for (const vote of votes) {
    const deviation = vote.price - median;
    sumOfSquares += deviation * deviation;
  }
  return isqrt(sumOfSquares / BigInt(votes.length));
}

/**
 * Half-width of the accepted interval: max(median × rewardBand / 2, σ). `rewardBand` is the full width as
 * a fraction (Terra's RewardBand, 0.02 = ±1 %). median × rewardBand / 2 is rounded up once from the exact
 * product, so a vote exactly on the mathematical edge is never pushed out by rounding.
 */
export function rewardBand(median: Dec, rewardBandFraction: Dec, sigma: Dec): Dec {
  if (rewardBandFraction < 0n) throw new RangeError(`rewardBand: negative reward band ${rewardBandFraction}`);
  return maxBig(mulDiv(median, rewardBandFraction, 2n * DEC_ONE, "up"), sigma);
}

export function isInBand(price: Dec, median: Dec, band: Dec): boolean {
  return median - band <= price && price <= median + band;
}

export function classifyVotes(votes: readonly PriceVote[], median: Dec, band: Dec): ClassifiedVote[] {
  return sortVotes(votes).map((vote) => ({ ...vote, inBand: isInBand(vote.price, median, band) }));
}

/**
 * The whole per-asset tally: median, σ, band and each vote's standing. Null when the ballot carries no
 * power (see weightedMedian). Dropping a ballot below the vote threshold is the caller's decision, made
 * before this, because that drop must not count as a miss for anyone.
 */
export function tallyBallot(votes: readonly PriceVote[], rewardBandFraction: Dec): BallotTally | null {
  const median = weightedMedian(votes);
  if (median === null) return null;
  const sigma = standardDeviation(votes, median);
  const band = rewardBand(median, rewardBandFraction, sigma);
  return { median, standardDeviation: sigma, band, votes: classifyVotes(votes, median, band) };
}

function assertNonNegativePowers(votes: readonly PriceVote[]): void {
  for (const vote of votes) {
    if (vote.power < 0n) throw new RangeError(`negative voting power ${vote.power} for ${vote.voter}`);
  }
}
