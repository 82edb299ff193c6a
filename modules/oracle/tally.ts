// One asset's ballot at the end of a vote period: pure, so the unit tests and the benchmark call it directly.
import { DEC_ONE, type Dec, decFromString, isqrt } from "../../lib/fixed";
import { type BallotTally, type ClassifiedVote, rewardBand } from "../../lib/median";
import { LIMB_LIMIT, type PriceRow, priceRowOf } from "./codec";
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
  /** undefined when the validator did not vote at all; no price at a position when it did not vote that asset. */
  prices?: PriceRow;
}

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
  /** How many voted, and how many of them are outside a passed ballot's band (none when it did not pass). */
  voteCount: number;
  outliers: number;
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
  const indexed = voters.map((voter) => ({ validator: voter.validator, power: voter.power, prices: voter.prices && priceRowOf([voter.prices.get(asset.name)]) }));
  return tallyAssets([asset], indexed, rewardBandFraction, voteQuorum).results[0];
}

/**
 * Every asset's ballot of one block at once (see tallyAsset for the rules). The voters are read once, voter by
 * voter, into parallel arrays (no object or bigint per vote); each ballot is sorted once, by price and then by
 * the voter's rank in validator-string order, which is computed once for the block (the same order sortVotes
 * gives, with an integer tie-break). Powers are summed as Numbers when the total is at most 2^53 - 1 (every
 * partial sum of non-negative powers is then exact), as bigints otherwise. Prices are computed on in their
 * PriceRow form, exactly (see sumOfSquares); a ballot holding a price that form cannot hold goes through bigints.
 */
export function tallyAssets(assets: readonly OracleAsset[], voters: readonly IndexedVoter[], rewardBandFraction: Dec, voteQuorum: string): BlockTally {
  const n = voters.length;
  let totalPower = 0n;
  let nonNegative = true;
  for (const voter of voters) {
    totalPower += voter.power;
    if (voter.power < 0n) nonNegative = false;
  }
  // the quorum's share of the total power, the same for every asset
  const quorumPower = decFromString(voteQuorum) * totalPower;
  const ballots: Ballots = {
    voters,
    rank: validatorRanks(voters),
    powers: nonNegative && totalPower <= MAX_SAFE_POWER ? Float64Array.from(voters, (voter) => Number(voter.power)) : undefined,
    counts: new Int32Array(assets.length),
    wide: new Uint8Array(assets.length),
    voterOf: new Int32Array(assets.length * n),
    high: new Float64Array(assets.length * n),
    low: new Float64Array(assets.length * n),
    keys: new Float64Array(assets.length * n),
    widePrices: [],
    missing: new Uint8Array(assets.length * n),
    sorted: new Int32Array(assets.length * n),
    sortScratch: new Int32Array(assets.length * n),
    columns: new Float64Array(COLUMNS),
  };
  const { counts, voterOf, high, low, keys } = ballots;
  for (let index = 0; index < n; index++) {
    const prices = voters[index].prices;
    if (prices === undefined) continue;
    for (let a = 0; a < assets.length; a++) {
      const priceHigh = prices.high[a];
      // -1: no price; a row shorter than the asset list has none past its end (undefined)
      if (!(priceHigh >= 0)) continue;
      const slot = a * n + counts[a]++;
      voterOf[slot] = index;
      high[slot] = priceHigh;
      low[slot] = prices.low[a];
      if (priceHigh === Infinity) {
        const price = prices.wide?.[a] as bigint;
        ballots.wide[a] = 1;
        ballots.widePrices[slot] = price;
        keys[slot] = Number(price);
      } else {
        // high × 2^48 is exact and the sum is rounded once, as Number(price) is
        keys[slot] = priceHigh * TWO_48 + prices.low[a];
      }
    }
  }
  const block: BlockTally = { results: [], countedBallots: 0, misses: new Uint32Array(n), inBand: new Uint32Array(n), assetMissed: [] };
  for (let a = 0; a < assets.length; a++) block.results.push(tallyBallotOf(assets[a], ballots, a, totalPower, rewardBandFraction, quorumPower, voteQuorum, block));
  return block;
}

const MAX_SAFE_POWER = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_24 = 0x1000000;
const TWO_48 = 0x1000000000000;
const MASK_48 = (1n << 48n) - 1n;

/**
 * A block's ballots: asset a's votes are the slots [a × voters, a × voters + counts[a]), in voter order; each
 * slot holds the voter's index, its price as PriceRow's high and low parts (high Infinity: the price is in
 * widePrices, and wide[a] is 1), and `keys`, Number(price), a shortcut for comparisons: conversion rounds as
 * the spec says on every node and never reverses an order (a smaller price never gets a larger key), so unequal
 * keys order as their prices do, and equal keys fall back to the exact prices. Nothing rounded is kept.
 */
interface Ballots {
  voters: readonly IndexedVoter[];
  rank: Int32Array;
  /** Each voter's power as a Number, when every sum of them is exact; else undefined and the sums are bigints. */
  powers: Float64Array | undefined;
  counts: Int32Array;
  wide: Uint8Array;
  voterOf: Int32Array;
  high: Float64Array;
  low: Float64Array;
  keys: Float64Array;
  widePrices: bigint[];
  /**
   * The block's working memory, asset a's at [a × voters, (a + 1) × voters): each asset's misses and price order
   * are views of one buffer, as a typed array over 64 bytes is allocated outside the V8 heap and four of them per
   * asset cost about as much as the block's decoding.
   */
  missing: Uint8Array;
  sorted: Int32Array;
  sortScratch: Int32Array;
  columns: Float64Array;
}

function priceAt({ high, low, widePrices }: Pick<Ballots, "high" | "low" | "widePrices">, slot: number): bigint {
  return high[slot] === Infinity ? widePrices[slot] : (BigInt(high[slot]) << 48n) + BigInt(low[slot]);
}

function tallyBallotOf(asset: OracleAsset, ballots: Ballots, a: number, totalPower: bigint, rewardBandFraction: Dec, quorumPower: bigint, voteQuorum: string, block: BlockTally): AssetTally {
  const { voters, powers, voterOf, high, low } = ballots;
  const count = ballots.counts[a];
  const from = a * voters.length;
  const to = from + count;
  /** Per voter, in input order: absent, or (once classified) outside the band. */
  const missing = ballots.missing.subarray(from, from + voters.length).fill(1);
  for (let s = from; s < to; s++) missing[voterOf[s]] = 0;
  const absent: string[] = [];
  for (let i = 0; i < voters.length; i++) if (missing[i] === 1) absent.push(voters[i].validator);
  let votedPower = 0n;
  if (powers) {
    let sum = 0;
    for (let s = from; s < to; s++) sum += powers[voterOf[s]];
    votedPower = BigInt(sum);
  } else {
    for (let s = from; s < to; s++) votedPower += voters[voterOf[s]].power;
  }
  // the price order is only needed for `votes`, read by tests and queries, not by the block: sorted when first asked for
  let order: Int32Array | undefined;
  const sorted = () => (order ??= sortSlots(ballots, from, count, ballots.sorted.subarray(from, to), ballots.sortScratch.subarray(from, to)));
  const counted = count > 0;
  const scaledPower = votedPower * DEC_ONE;
  const quorate = scaledPower >= quorumPower && scaledPower > thresholdOf(asset.vote_threshold) * totalPower;
  if (counted) block.countedBallots++;
  // the same array: outliers are marked in it below, once the band is known
  block.assetMissed.push(counted ? missing : undefined);
  if (votedPower === 0n || !quorate) {
    if (counted) for (let i = 0; i < voters.length; i++) block.misses[i] += missing[i];
    return assetTally(asset, votedPower, totalPower, voteQuorum, absent, counted ? [...absent] : [], counted, count, 0, votesOf(ballots, sorted, () => false), undefined);
  }

  const medianSlot = selectMedian(ballots, from, count, votedPower) ?? sorted()[medianPosition(ballots, sorted(), votedPower)];
  const median = priceAt(ballots, medianSlot);
  const wide = ballots.wide[a] === 1;
  const sigma = isqrt((wide ? wideSumOfSquares(ballots, from, to, median) : sumOfSquares(ballots, from, to, medianSlot)) / BigInt(count));
  const band = rewardBand(median, rewardBandFraction, sigma);
  // isInBand's interval, computed once per ballot, in the prices' own form
  const lowEdge = median - band;
  const highEdge = median + band;
  const [lowHigh, lowLow] = limbsOf(lowEdge);
  const [highHigh, highLow] = limbsOf(highEdge);
  const inside = wide
    ? (s: number) => lowEdge <= priceAt(ballots, s) && priceAt(ballots, s) <= highEdge
    : (s: number) => (high[s] > lowHigh || (high[s] === lowHigh && low[s] >= lowLow)) && (high[s] < highHigh || (high[s] === highHigh && low[s] <= highLow));
  let outliers = 0;
  for (let s = from; s < to; s++) {
    const voter = voterOf[s];
    if (inside(s)) block.inBand[voter]++;
    else {
      missing[voter] = 1;
      outliers++;
    }
  }
  const missed: string[] = [];
  for (let i = 0; i < voters.length; i++) {
    block.misses[i] += missing[i];
    if (missing[i] === 1) missed.push(voters[i].validator);
  }
  const votes = votesOf(ballots, sorted, inside);
  const ballot: BallotTally = {
    median,
    standardDeviation: sigma,
    band,
    get votes() {
      return votes();
    },
  };
  return assetTally(asset, votedPower, totalPower, voteQuorum, absent, missed, counted, count, outliers, votes, ballot);
}

/** A ballot's result, passed (with `ballot`) or not: one builder, so both have one shape for the code that reads them. */
function assetTally(asset: OracleAsset, votedPower: bigint, totalPower: bigint, voteQuorum: string, absent: string[], missed: string[], counted: boolean, voteCount: number, outliers: number, votes: () => ClassifiedVote[], ballot: BallotTally | undefined): AssetTally {
  return {
    asset: asset.name,
    passed: ballot !== undefined,
    votedPower,
    totalPower,
    voteThreshold: asset.vote_threshold,
    voteQuorum,
    absent,
    counted,
    voteCount,
    outliers,
    missed,
    ballot,
    get votes() {
      return votes();
    },
  };
}

/** An edge of the band as PriceRow parts that compare with every price the row form holds as the edge does. */
function limbsOf(edge: bigint): [number, number] {
  if (edge < 0n) return [-1, 0];
  if (edge >= LIMB_LIMIT) return [Infinity, 0];
  return [Number(edge >> 48n), Number(edge & MASK_48)];
}

/**
 * Σ (price − median)² over the slots [from, to), all in PriceRow form, exactly, with no bigint per vote: each
 * |deviation| (under 2^101) is cut into five 24-bit digits, whose products (under 2^48) are added into columns of
 * 24 bits. A vote adds under 2^51 to a column, so carrying every four votes keeps every column under 2^53, where
 * doubles count exactly. A deviation under 2^72, whose top two digits are 0, adds only its three low digits'
 * products. lib/median's standardDeviation, tested equal.
 */
function sumOfSquares({ high, low, columns }: Pick<Ballots, "high" | "low" | "columns">, from: number, to: number, medianSlot: number): bigint {
  const medianHigh = high[medianSlot];
  const medianLow = low[medianSlot];
  columns.fill(0);
  for (let s = from; s < to; s++) {
    let upper = high[s] - medianHigh;
    let lower = low[s] - medianLow;
    if (upper < 0 || (upper === 0 && lower < 0)) {
      upper = -upper;
      lower = -lower;
    }
    if (lower < 0) {
      upper -= 1;
      lower += TWO_48;
    }
    // digits by floor and subtraction, exact below 2^53 (% on doubles is a slow call)
    const d1 = Math.floor(lower / TWO_24);
    const d0 = lower - d1 * TWO_24;
    columns[0] += d0 * d0;
    columns[1] += 2 * d0 * d1;
    if (upper < TWO_24) {
      columns[2] += 2 * d0 * upper + d1 * d1;
      columns[3] += 2 * d1 * upper;
      columns[4] += upper * upper;
    } else {
      const rest = Math.floor(upper / TWO_24);
      const d2 = upper - rest * TWO_24;
      const d4 = Math.floor(rest / TWO_24);
      const d3 = rest - d4 * TWO_24;
      columns[2] += 2 * d0 * d2 + d1 * d1;
      columns[3] += 2 * (d0 * d3 + d1 * d2);
      columns[4] += 2 * (d0 * d4 + d1 * d3) + d2 * d2;
      columns[5] += 2 * (d1 * d4 + d2 * d3);
      columns[6] += 2 * d2 * d4 + d3 * d3;
      columns[7] += 2 * d3 * d4;
      columns[8] += d4 * d4;
    }
    if (((s - from) & 3) === 3) carry(columns);
  }
  carry(columns);
  // two columns under 2^24 make one exact 48-bit part: half the bigint steps
  let sum = BigInt(columns[COLUMNS - 1]);
  for (let c = COLUMNS - 3; c >= 0; c -= 2) sum = (sum << 48n) + BigInt(columns[c + 1] * TWO_24 + columns[c]);
  return sum;
}

/** Columns for squares under 2^202 summed over up to 2^20 votes (222 bits), with room to spare. */
const COLUMNS = 11;

/** Each column but the last brought under 2^24, its excess carried up: the sum they stand for is unchanged. */
function carry(columns: Float64Array): void {
  for (let c = 0; c < COLUMNS - 1; c++) {
    const excess = Math.floor(columns[c] / TWO_24);
    columns[c] -= excess * TWO_24;
    columns[c + 1] += excess;
  }
}

function wideSumOfSquares(ballots: Ballots, from: number, to: number, median: bigint): bigint {
  let sum = 0n;
  for (let s = from; s < to; s++) {
    const deviation = priceAt(ballots, s) - median;
    sum += deviation * deviation;
  }
  return sum;
}

/**
 * The position in `order` of the first vote at which the cumulative power reaches half of the ballot's power
 * (cumulative × 2 ≥ votedPower, i.e. cumulative ≥ ⌈votedPower / 2⌉).
 */
function medianPosition({ voters, powers, voterOf }: Ballots, order: Int32Array, votedPower: bigint): number {
  if (powers) {
    // votedPower ≤ 2^53 - 1 here, so votedPower + 1 and the halves are exact
    const half = Math.floor((Number(votedPower) + 1) / 2);
    let cumulative = 0;
    for (let k = 0; k < order.length; k++) if ((cumulative += powers[voterOf[order[k]]]) >= half) return k;
  } else {
    const half = (votedPower + 1n) / 2n;
    let cumulative = 0n;
    for (let k = 0; k < order.length; k++) if ((cumulative += voters[voterOf[order[k]]].power) >= half) return k;
  }
  return order.length - 1;
}

/**
 * The slot of a vote at the weighted median's price (medianPosition's, in price order) found by selection, not by
 * sorting: the slots, in the block's scratch for the sort (the sort, if it runs later, starts afresh), are split
 * three ways around the middle one's price; the median is among the lower prices if they hold half the power,
 * at the pivot's price if it and they do, else among the higher ones. The middle slot is a pivot that ballots
 * can make poor, so after SELECT_ROUNDS splits without an answer this gives up (undefined) and the caller sorts:
 * the work stays bounded. Undefined as well when powers are bigints (sums past 2^53).
 */
export function selectMedian(ballots: Pick<Ballots, "powers" | "voterOf" | "keys" | "high" | "low" | "widePrices" | "sorted">, from: number, count: number, votedPower: bigint, rounds = SELECT_ROUNDS): number | undefined {
  const { powers, voterOf, keys } = ballots;
  if (!powers) return undefined;
  const slots = ballots.sorted.subarray(from, from + count);
  for (let k = 0; k < count; k++) slots[k] = from + k;
  // votedPower ≤ 2^53 - 1 here, so votedPower + 1 and the halves are exact
  let half = Math.floor((Number(votedPower) + 1) / 2);
  let low = 0;
  let high = count;
  for (let round = 0; round < rounds && low < high; round++) {
    const pivot = slots[(low + high) >>> 1];
    const pivotKey = keys[pivot];
    // [low, lower) below the pivot's price, [lower, next) at it, [upper, high) above it
    let lower = low;
    let next = low;
    let upper = high;
    let lowerPower = 0;
    let equalPower = 0;
    while (next < upper) {
      const slot = slots[next];
      const key = keys[slot];
      const order = key !== pivotKey ? key - pivotKey : comparePrices(ballots, slot, pivot);
      if (order < 0) {
        slots[next++] = slots[lower];
        slots[lower++] = slot;
        lowerPower += powers[voterOf[slot]];
      } else if (order > 0) {
        slots[next] = slots[--upper];
        slots[upper] = slot;
      } else {
        next++;
        equalPower += powers[voterOf[slot]];
      }
    }
    if (lowerPower >= half) high = lower;
    else if (lowerPower + equalPower >= half) return pivot;
    else {
      half -= lowerPower + equalPower;
      low = upper;
    }
  }
  return undefined;
}

/** Splits selectMedian makes before it leaves the median to the sort (over twice log2 of a 100-validator ballot). */
const SELECT_ROUNDS = 16;

/**
 * `votes` (and a passed ballot's `ballot.votes`), every vote in price order with its standing, built when first
 * read: the block's own path needs only the counts, and 5,000 vote objects a block were a tenth of its tally.
 */
function votesOf(ballots: Ballots, order: () => Int32Array, inBand: (slot: number) => boolean): () => ClassifiedVote[] {
  const { voters, voterOf } = ballots;
  let votes: ClassifiedVote[] | undefined;
  return () => (votes ??= Array.from(order(), (s) => ({ voter: voters[voterOf[s]].validator, price: priceAt(ballots, s), power: voters[voterOf[s]].power, inBand: inBand(s) })));
}

/**
 * The slots [from, from + count) ordered by price, then by the voter's rank, equal ones in slot (voter) order:
 * what sorting vote objects with (a, b) => a.price !== b.price ? (a.price < b.price ? -1 : 1) : a.rank - b.rank
 * gives (that sort is stable), by a bottom-up merge on slot numbers compared by key, then tiedBefore, not by Array.sort (its comparator's calls were
 * 40 % of a block's 50 tallies).
 * `into` and `scratch`: two arrays of `count` the merge alternates between; the order is in one of them.
 */
export function sortSlots(ballots: Pick<Ballots, "rank" | "voterOf" | "high" | "low" | "keys" | "widePrices">, from: number, count: number, into: Int32Array = new Int32Array(count), scratch: Int32Array = new Int32Array(count)): Int32Array {
  // the keys decide almost every comparison, so they are compared here, each read once per step, and only
  // equal keys go to tiedBefore (a call per comparison was most of this sort's time)
  const { keys } = ballots;
  let source = into;
  for (let k = 0; k < count; k++) source[k] = from + k;
  // runs of RUN slots put in order by insertion first (three merge passes fewer), each slot moved left past
  // those it strictly precedes only, so equal votes keep their input order there too
  for (let start = 0; start < count; start += RUN) {
    const end = Math.min(start + RUN, count);
    for (let k = start + 1; k < end; k++) {
      const slot = source[k];
      const key = keys[slot];
      let j = k - 1;
      for (; j >= start; j--) {
        const other = source[j];
        const otherKey = keys[other];
        if (key > otherKey || (key === otherKey && !tiedBefore(ballots, slot, other))) break;
        source[j + 1] = other;
      }
      source[j + 1] = slot;
    }
  }
  let target = scratch;
  for (let width = RUN; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count);
      const high = Math.min(low + 2 * width, count);
      let i = low;
      let j = middle;
      let k = low;
      if (j < high) {
        let left = source[i];
        let right = source[j];
        let leftKey = keys[left];
        let rightKey = keys[right];
        for (;;) {
          // the right one goes first only when strictly before: equal votes keep their input order
          if (rightKey < leftKey || (rightKey === leftKey && tiedBefore(ballots, right, left))) {
            target[k++] = right;
            if (++j === high) break;
            right = source[j];
            rightKey = keys[right];
          } else {
            target[k++] = left;
            if (++i === middle) break;
            left = source[i];
            leftKey = keys[left];
          }
        }
      }
      while (i < middle) target[k++] = source[i++];
      while (j < high) target[k++] = source[j++];
    }
    [source, target] = [target, source];
  }
  return source;
}

/** Whether slot a's vote goes strictly before slot b's when their keys are equal: by exact price, then by voter rank. */
function tiedBefore(ballots: Pick<Ballots, "rank" | "voterOf" | "high" | "low" | "widePrices">, a: number, b: number): boolean {
  const { rank, voterOf } = ballots;
  const order = comparePrices(ballots, a, b);
  return order < 0 || (order === 0 && rank[voterOf[a]] < rank[voterOf[b]]);
}

/** Slots sorted by insertion before the merge passes begin. */
const RUN = 8;

const thresholds = new Map<string, Dec>();

/** An asset's vote_threshold as a Dec: parsed once per distinct text (a param, the same every block), bounded. */
function thresholdOf(text: string): Dec {
  let value = thresholds.get(text);
  if (value === undefined) {
    value = decFromString(text);
    if (thresholds.size < 1024) thresholds.set(text, value);
  }
  return value;
}

/** The exact order of two slots' prices: negative, zero or positive. */
function comparePrices(ballots: Pick<Ballots, "high" | "low" | "widePrices">, a: number, b: number): number {
  const { high, low } = ballots;
  if (high[a] !== Infinity && high[b] !== Infinity) return high[a] !== high[b] ? high[a] - high[b] : low[a] - low[b];
  const difference = priceAt(ballots, a) - priceAt(ballots, b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Each voter's place in validator order by UTF-16 code units (sortVotes' tie-break); equal names share a rank. */
function validatorRanks(voters: readonly IndexedVoter[]): Int32Array {
  const order = voters.map((_, i) => i).sort((i, j) => (voters[i].validator < voters[j].validator ? -1 : voters[i].validator > voters[j].validator ? 1 : 0));
  const rank = new Int32Array(voters.length);
  for (let k = 1; k < order.length; k++) rank[order[k]] = voters[order[k]].validator === voters[order[k - 1]].validator ? rank[order[k - 1]] : k;
  return rank;
}
