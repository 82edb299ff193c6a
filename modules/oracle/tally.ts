// One asset's ballot at the end of a vote period: pure, so the unit tests and the benchmark call it directly.
import { DEC_ONE, type Dec, decFromString } from "../../lib/fixed";
import { type BallotTally, type ClassifiedVote, rewardBand, standardDeviation } from "../../lib/median";
import type { OracleAsset } from "./params";

export interface Voter {
  /** Valoper address: the voter's name in the ballot, and its tie-break order. */
  validator: string;
  power: bigint;
  /** Revealed prices this period, by asset; undefined when the validator did not reveal at all. */
  prices?: ReadonlyMap<string, Dec>;
}

/**
 * A voter as the block's tally sees it: `prices` by position in the tallied asset list (whitelist order), so
 * each voter's prices are read once, in one pass, rather than looked up by name per asset.
 */
export interface IndexedVoter {
  validator: string;
  power: bigint;
  /** undefined when the validator did not vote at all; an undefined entry when it did not vote that asset. */
  prices?: ReadonlyArray<Dec | undefined>;
}

type RankedVote = ClassifiedVote & { index: number; rank: number; key: number };

/** A block's tally of every asset, with what the miss counters and reward weights take from it, per voter. */
export interface BlockTally {
  results: AssetTally[];
  /** Ballots that count in the miss counters (someone voted in them). */
  countedBallots: number;
  /** Per voter, in input order: the counted ballots it missed. */
  misses: Uint32Array;
  /** Per voter, in input order: its votes in band. */
  inBand: Uint32Array;
  /** Per asset, in input order: undefined when its ballot did not count, else per voter 1 when it missed it. */
  assetMissed: Array<Uint8Array | undefined>;
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
 * instead of three, as this runs for every asset in every period; the block's tally runs tallyAssets.
 */
export function tallyAsset(asset: OracleAsset, voters: readonly Voter[], rewardBandFraction: Dec, voteQuorum: string): AssetTally {
  const indexed = voters.map((voter) => ({ validator: voter.validator, power: voter.power, prices: voter.prices && [voter.prices.get(asset.name)] }));
  return tallyAssets([asset], indexed, rewardBandFraction, voteQuorum).results[0];
}

/**
 * Every asset's ballot of one block at once (see tallyAsset for the rules). The voters are read once, voter by
 * voter; each ballot is sorted once, by price and then by the voter's rank in validator-string order, which is
 * computed once for the block (the same order sortVotes gives, with an integer tie-break).
 */
export function tallyAssets(assets: readonly OracleAsset[], voters: readonly IndexedVoter[], rewardBandFraction: Dec, voteQuorum: string): BlockTally {
  const quorum = decFromString(voteQuorum);
  const ballots: RankedVote[][] = assets.map(() => []);
  const votedPower: bigint[] = assets.map(() => 0n);
  const rank = validatorRanks(voters);
  let totalPower = 0n;
  for (let index = 0; index < voters.length; index++) {
    const { validator, power, prices } = voters[index];
    totalPower += power;
    if (prices === undefined) continue;
    for (let a = 0; a < assets.length; a++) {
      const price = prices[a];
      if (price === undefined) continue;
      ballots[a].push({ voter: validator, price, power, inBand: false, index, rank: rank[index], key: Number(price) });
      votedPower[a] += power;
    }
  }
  const block: BlockTally = { results: [], countedBallots: 0, misses: new Uint32Array(voters.length), inBand: new Uint32Array(voters.length), assetMissed: [] };
  for (let a = 0; a < assets.length; a++) block.results.push(tallyBallotOf(assets[a], voters, ballots[a], votedPower[a], totalPower, rewardBandFraction, quorum, voteQuorum, block));
  return block;
}

function tallyBallotOf(
  asset: OracleAsset,
  voters: readonly IndexedVoter[],
  votes: RankedVote[],
  votedPower: bigint,
  totalPower: bigint,
  rewardBandFraction: Dec,
  quorum: Dec,
  voteQuorum: string,
  block: BlockTally,
): AssetTally {
  /** Per voter, in input order: absent, or (once classified) outside the band. */
  const missing = new Uint8Array(voters.length).fill(1);
  for (const vote of votes) missing[vote.index] = 0;
  const absent: string[] = [];
  for (let i = 0; i < voters.length; i++) if (missing[i] === 1) absent.push(voters[i].validator);
  const sorted = sortByPriceThenRank(votes);
  const counted = votes.length > 0;
  const base = { asset: asset.name, votedPower, totalPower, voteThreshold: asset.vote_threshold, voteQuorum, votes: sorted, absent, counted };
  const quorate = votedPower * DEC_ONE >= quorum * totalPower && votedPower * DEC_ONE > decFromString(asset.vote_threshold) * totalPower;
  if (counted) block.countedBallots++;
  // the same array: outliers are marked in it below, once the band is known
  block.assetMissed.push(counted ? missing : undefined);
  if (votedPower === 0n || !quorate) {
    if (counted) for (let i = 0; i < voters.length; i++) block.misses[i] += missing[i];
    return { ...base, passed: false, missed: counted ? [...absent] : [] };
  }

  // the first vote, in price order, at which the cumulative power reaches half of the ballot's power
  // (cumulative × 2 ≥ votedPower, i.e. cumulative ≥ ⌈votedPower / 2⌉)
  const half = (votedPower + 1n) / 2n;
  let cumulative = 0n;
  let median = sorted[sorted.length - 1].price;
  for (const vote of sorted) {
    cumulative += vote.power;
    if (cumulative >= half) {
      median = vote.price;
      break;
    }
  }
  const sigma = standardDeviation(sorted, median);
  const band = rewardBand(median, rewardBandFraction, sigma);
  // isInBand's interval, computed once per ballot
  const low = median - band;
  const high = median + band;
  for (const vote of sorted) {
    vote.inBand = low <= vote.price && vote.price <= high;
    if (vote.inBand) block.inBand[vote.index]++;
    else missing[vote.index] = 1;
  }
  const missed: string[] = [];
  for (let i = 0; i < voters.length; i++) {
    block.misses[i] += missing[i];
    if (missing[i] === 1) missed.push(voters[i].validator);
  }
  return { ...base, passed: true, ballot: { median, standardDeviation: sigma, band, votes: sorted }, missed };
}

/**
 * `votes` ordered by price, then by the voter's rank, equal ones in input order: what
 * votes.sort((a, b) => a.price !== b.price ? (a.price < b.price ? -1 : 1) : a.rank - b.rank) gives (that sort is
 * stable), by a bottom-up merge whose comparison is inlined: Array.prototype.sort's calls into a comparator were
 * 40 % of a block's 50 tallies. `key` is Number(price), only a shortcut for the comparison: conversion rounds
 * as the spec says on every node and never reverses an order (a smaller price never gets a larger key), so
 * unequal keys order as their prices do and equal keys fall back to the exact prices. Nothing rounded is kept.
 */
export function sortByPriceThenRank<T extends { price: bigint; rank: number; key: number }>(votes: readonly T[]): T[] {
  const n = votes.length;
  let from = votes.slice();
  let to = new Array<T>(n);
  for (let width = 1; width < n; width *= 2) {
    for (let low = 0; low < n; low += 2 * width) {
      const middle = Math.min(low + width, n);
      const high = Math.min(low + 2 * width, n);
      let i = low;
      let j = middle;
      let k = low;
      while (i < middle && j < high) {
        const left = from[i];
        const right = from[j];
        // the right one goes first only when strictly before: equal votes keep their input order
        if (right.key < left.key || (right.key === left.key && (right.price < left.price || (right.price === left.price && right.rank < left.rank)))) {
          to[k++] = right;
          j++;
        } else {
          to[k++] = left;
          i++;
        }
      }
      while (i < middle) to[k++] = from[i++];
      while (j < high) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Each voter's place in validator order by UTF-16 code units (sortVotes' tie-break); equal names share a rank. */
function validatorRanks(voters: readonly IndexedVoter[]): Int32Array {
  const order = voters.map((_, i) => i).sort((i, j) => (voters[i].validator < voters[j].validator ? -1 : voters[i].validator > voters[j].validator ? 1 : 0));
  const rank = new Int32Array(voters.length);
  for (let k = 1; k < order.length; k++) rank[order[k]] = voters[order[k]].validator === voters[order[k - 1]].validator ? rank[order[k - 1]] : k;
  return rank;
}
