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
  voteQuorum: string;
  /** Present when the ballot passed. */
  ballot?: BallotTally;
  /** Every vote in price order; inBand is false for all of them when the ballot did not pass. */
  votes: ClassifiedVote[];
  /** Active validators without a vote for this asset, in the input order. */
  absent: string[];
  /**
   * Whether the ballot counts in the miss counters: someone voted in it. A ballot with no vote at all (an
   * asset nobody can price yet) counts for nobody.
   */
  counted: boolean;
  /** Validators that count a miss, in input order: absent from a counted ballot, or outside a passed one's band. */
  missed: string[];
}

/**
 * `voters` are the active validators (power > 0), in the canonical operator order; `voteQuorum` the fraction of
 * their total power that must vote. The ballot passes when voters hold at least vote_quorum and strictly more
 * than the asset's vote_threshold of the total power (all bonded power, not those who turned up). The quorum is
 * 2/3 by default: at 1/2, liars holding 34 % set the price whenever 16 to 34 % of the stake voted honestly.
 *
 * A ballot that does not pass sets no price and classifies no vote, so nobody who voted is blamed for it
 * (Terra issue 278: only the median says who is out of band, and there is none). The validators absent from
 * it still miss, as long as anyone voted: otherwise a third of the stake could stay silent, keep every
 * ballot under the quorum and never be punished for it (KiiChain 352 closed the same hole).
 *
 * The result is lib/median's tallyBallot (same median rule, σ and band, tested equal) computed with one sort
 * instead of three, as this runs for every asset in every period.
 */
export function tallyAsset(asset: OracleAsset, voters: readonly Voter[], rewardBandFraction: Dec, voteQuorum: string): AssetTally {
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
  const counted = votes.length > 0;
  const base = { asset: asset.name, votedPower, totalPower, voteThreshold: asset.vote_threshold, voteQuorum, votes: sorted, absent, counted };
  const quorate = votedPower * DEC_ONE >= decFromString(voteQuorum) * totalPower && votedPower * DEC_ONE > decFromString(asset.vote_threshold) * totalPower;
  if (votedPower === 0n || !quorate) return { ...base, passed: false, missed: counted ? [...absent] : [] };

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
