// One asset's ballot at the end of a vote period: pure, so the unit tests and the benchmark call it directly.
import { DEC_ONE, type Dec, decFromString } from "../../lib/fixed";
import { type BallotTally, type ClassifiedVote, isInBand, rewardBand, sortVotes, standardDeviation } from "../../lib/median";
import type { OracleAsset } from "./params";

export interface Voter {
  /** Valoper address: the voter's name in the ballot, and its tie-break order. */
  validator: string;
  power: bigint;
  /** Revealed prices this period, by asset; undefined when the validator did not reveal at all. */
  prices?: ReadonlyMap<string, Dec>;
}

export interface AssetTally {
  asset: string;
  passed: boolean;
  votedPower: bigint;
  totalPower: bigint;
  voteThreshold: string;
  /** Present when the ballot passed. */
  ballot?: BallotTally;
  /** Every vote in price order; inBand is false for all of them when the ballot did not pass. */
  votes: ClassifiedVote[];
  /** Active validators without a vote for this asset, in the input order. */
  absent: string[];
  /** Validators that count a miss: absent or outside the band. Empty when the ballot did not pass. */
  missed: string[];
}

/**
 * `voters` are the active validators (power > 0), in the canonical operator order. The ballot passes when
 * voters hold strictly more than vote_threshold of the total power; a ballot that does not pass sets no
 * price and counts no misses (Terra issue 278: nobody is to blame for a ballot nobody could complete).
 *
 * The result is lib/median's tallyBallot (same median rule, σ and band, tested equal) computed with one sort
 * instead of three, as this runs for every asset in every period.
 */
export function tallyAsset(asset: OracleAsset, voters: readonly Voter[], rewardBandFraction: Dec): AssetTally {
  /** `index`: the voter's position in `voters`, carried along for the miss flags. */
  const votes: Array<ClassifiedVote & { index: number }> = [];
  const absent: string[] = [];
  /** Per voter, in input order: absent, or (once classified) outside the band. */
  const missing: boolean[] = [];
  let totalPower = 0n;
  let votedPower = 0n;
  voters.forEach((voter, index) => {
    totalPower += voter.power;
    const price = voter.prices?.get(asset.name);
    missing.push(price === undefined);
    if (price === undefined) {
      absent.push(voter.validator);
    } else {
      votes.push({ voter: voter.validator, price, power: voter.power, inBand: false, index });
      votedPower += voter.power;
    }
  });
  const sorted = sortVotes(votes);
  const base = { asset: asset.name, votedPower, totalPower, voteThreshold: asset.vote_threshold, votes: sorted, absent };
  const threshold = decFromString(asset.vote_threshold);
  if (votedPower === 0n || votedPower * DEC_ONE <= threshold * totalPower) return { ...base, passed: false, missed: [] };

  // the first vote, in price order, at which the cumulative power reaches half of the ballot's power
  let cumulative = 0n;
  let median = sorted[sorted.length - 1].price;
  for (const vote of sorted) {
    cumulative += vote.power;
    if (cumulative * 2n >= votedPower) {
      median = vote.price;
      break;
    }
  }
  const sigma = standardDeviation(sorted, median);
  const band = rewardBand(median, rewardBandFraction, sigma);
  for (const vote of sorted) {
    vote.inBand = isInBand(vote.price, median, band);
    if (!vote.inBand) missing[vote.index] = true;
  }
  const missed = voters.filter((_, index) => missing[index]).map((voter) => voter.validator);
  return { ...base, passed: true, ballot: { median, standardDeviation: sigma, band, votes: sorted }, missed };
}
