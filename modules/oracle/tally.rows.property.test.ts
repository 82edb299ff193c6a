// The block's tally on prices in row form (two exact doubles each, bigints only beyond 2^101), power sums as
// Numbers when the total allows, and votes built only when read, held to the code it replaced (baffc40's
// tallyAssets, kept below as the reference) on generated blocks: ties in price and in validator order, prices at
// the row form's edges (2^48, 2^53, 2^101) and beyond it up to MAX_PRICE, totals of power past 2^53, ballots
// that fail their quorum or that nobody voted in.
import fc from "fast-check";
import { DEC_ONE, type Dec, decFromString } from "../../lib/fixed";
import { type ClassifiedVote, rewardBand, standardDeviation } from "../../lib/median";
import { LIMB_LIMIT, priceRowOf } from "./codec";
import type { OracleAsset } from "./params";
import { type AssetTally, type BlockTally, tallyAssets } from "./tally";
import { MAX_PRICE } from "./vote";

const near = (base: bigint, spread: bigint) => fc.bigInt({ min: base - spread < 1n ? 1n : base - spread, max: base + spread });
const price: fc.Arbitrary<Dec> = fc.oneof(
  // a coarse grid around 100: equal prices are common
  { weight: 4, arbitrary: fc.integer({ min: 95, max: 105 }).map((p) => BigInt(p) * DEC_ONE) },
  { weight: 2, arbitrary: fc.bigInt({ min: 99n * DEC_ONE, max: 101n * DEC_ONE }) },
  { weight: 1, arbitrary: near(2n ** 48n, 4n) },
  { weight: 1, arbitrary: near(2n ** 53n, 4n) },
  { weight: 1, arbitrary: near(LIMB_LIMIT, 4n) },
  { weight: 1, arbitrary: near(65_000n * 10n ** 24n, 10n ** 22n) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 10n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: MAX_PRICE }) },
  { weight: 1, arbitrary: near(MAX_PRICE - 5n, 5n) },
);
/** A block's ballots mostly in one range, so the medians and bands fall among the votes. */
const power = fc.oneof({ weight: 5, arbitrary: fc.bigInt({ min: 1n, max: 1000n }) }, { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 60n }) });
const ASSETS: OracleAsset[] = ["A", "B", "C", "D"].map((name, i) => ({ name, vote_threshold: ["0", "0.334", "0.5", "0.9"][i] }));
const voters = fc.array(
  fc.record({
    // names may repeat: equal names share a rank, and their votes stay in input order
    validator: fc.stringMatching(/^[a-c0-9]{1,3}$/),
    power,
    prices: fc.option(fc.array(fc.option(price, { nil: undefined }), { minLength: ASSETS.length, maxLength: ASSETS.length }), { nil: undefined }),
  }),
  { minLength: 0, maxLength: 40 },
);
const quorum = fc.constantFrom("0", "0.5", "0.666666666666666667", "1");
const bandFraction = fc.constantFrom(DEC_ONE / 50n, 0n, DEC_ONE / 1000n, 3n * DEC_ONE);

const plain = (votes: readonly ClassifiedVote[]) => votes.map(({ voter, price: p, power: w, inBand }) => ({ voter, price: p, power: w, inBand }));

/** Everything a block's tally gives, votes materialised. */
function outcome(block: BlockTallyBefore) {
  return {
    results: block.results.map((result) => ({
      asset: result.asset,
      passed: result.passed,
      votedPower: result.votedPower,
      totalPower: result.totalPower,
      voteThreshold: result.voteThreshold,
      voteQuorum: result.voteQuorum,
      ballot: result.ballot && { median: result.ballot.median, standardDeviation: result.ballot.standardDeviation, band: result.ballot.band, votes: plain(result.ballot.votes) },
      votes: plain(result.votes),
      absent: result.absent,
      counted: result.counted,
      missed: result.missed,
    })),
    countedBallots: block.countedBallots,
    misses: [...block.misses],
    inBand: [...block.inBand],
    assetMissed: block.assetMissed.map((missed) => missed && [...missed]),
  };
}

describe("tallyAssets on price rows against the tally it replaced", () => {
  test("the same results, votes, misses and in-band counts on every block", () => {
    fc.assert(
      fc.property(voters, quorum, bandFraction, (list, voteQuorum, band) => {
        const after = tallyAssets(ASSETS, list.map((voter) => ({ ...voter, prices: voter.prices && priceRowOf(voter.prices) })), band, voteQuorum);
        const before = tallyAssetsBefore(ASSETS, list, band, voteQuorum);
        expect(outcome(after)).toEqual(outcome(before));
        // the counts the block's events take instead of the votes
        for (const result of after.results) {
          expect(result.voteCount).toBe(result.votes.length);
          expect(result.outliers).toBe(result.passed ? result.votes.filter((vote) => !vote.inBand).length : 0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

test("a row shorter than the asset list votes for none of the assets past its end, as a shorter price list did", () => {
  const list = [
    { validator: "a", power: 1n, prices: [DEC_ONE] },
    { validator: "b", power: 1n, prices: [DEC_ONE, 2n * DEC_ONE] },
  ];
  const after = tallyAssets(ASSETS, list.map((voter) => ({ ...voter, prices: priceRowOf(voter.prices) })), DEC_ONE / 50n, "0");
  expect(outcome(after)).toEqual(outcome(tallyAssetsBefore(ASSETS, list, DEC_ONE / 50n, "0")));
});

describe("σ at the row form's extremes", () => {
  test.each([5, 17, 64])("a median of 2^100 and %i votes at 1 or 2^101 − 1: every column at its bound, exact", (count) => {
    // every deviation is 2^100 − 1, all its 24-bit digits at their largest: each column adds close to its
    // 2^50 bound per vote, and a carry missed for more than a few votes loses bits past 2^53
    const list = Array.from({ length: count + 1 }, (_, i) => ({
      validator: `v${i}`,
      power: i === 0 ? BigInt(10 * count) : 1n,
      prices: i === 0 ? [1n << 100n, 1n << 100n, 1n, undefined] : [i % 2 === 0 ? 1n : LIMB_LIMIT - 1n, LIMB_LIMIT - 1n, LIMB_LIMIT - 1n - BigInt(i), undefined],
    }));
    const after = tallyAssets(ASSETS, list.map((voter) => ({ ...voter, prices: priceRowOf(voter.prices) })), 0n, "0");
    expect(outcome(after)).toEqual(outcome(tallyAssetsBefore(ASSETS, list, 0n, "0")));
  });
});

// ---- the reference: baffc40's tallyAssets, unchanged but for its types (voteCount and outliers are new) ----

interface VoterBefore {
  validator: string;
  power: bigint;
  prices?: ReadonlyArray<Dec | undefined>;
}

type RankedVote = ClassifiedVote & { index: number; rank: number; key: number };

type BlockTallyBefore = Omit<BlockTally, "results"> & { results: Array<Omit<AssetTally, "voteCount" | "outliers">> };

function tallyAssetsBefore(assets: readonly OracleAsset[], voters: readonly VoterBefore[], rewardBandFraction: Dec, voteQuorum: string): BlockTallyBefore {
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
  const block: BlockTallyBefore = { results: [], countedBallots: 0, misses: new Uint32Array(voters.length), inBand: new Uint32Array(voters.length), assetMissed: [] };
  for (let a = 0; a < assets.length; a++) block.results.push(tallyBallotOf(assets[a], voters, ballots[a], votedPower[a], totalPower, rewardBandFraction, quorum, voteQuorum, block));
  return block;
}

function tallyBallotOf(
  asset: OracleAsset,
  voters: readonly VoterBefore[],
  votes: RankedVote[],
  votedPower: bigint,
  totalPower: bigint,
  rewardBandFraction: Dec,
  quorum: Dec,
  voteQuorum: string,
  block: BlockTallyBefore,
): Omit<AssetTally, "voteCount" | "outliers"> {
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
function sortByPriceThenRank<T extends { price: bigint; rank: number; key: number }>(votes: readonly T[]): T[] {
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

function validatorRanks(voters: readonly VoterBefore[]): Int32Array {
  const order = voters.map((_, i) => i).sort((i, j) => (voters[i].validator < voters[j].validator ? -1 : voters[i].validator > voters[j].validator ? 1 : 0));
  const rank = new Int32Array(voters.length);
  for (let k = 1; k < order.length; k++) rank[order[k]] = voters[order[k]].validator === voters[order[k - 1]].validator ? rank[order[k - 1]] : k;
  return rank;
}
