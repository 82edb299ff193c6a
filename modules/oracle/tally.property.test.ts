// Properties of the oracle tally that must hold for every ballot, not just the hand-picked ones in
// tally.test.ts: the order the validators come in, or a common factor on their power, must not move the price
// or who is blamed, and a weighted median is always one of the prices voted.
import fc from "fast-check";
import { DEC_ONE, type Dec, decFromString } from "../../lib/fixed";
import { tallyBallot, weightedMedian } from "../../lib/median";
import { type Voter, tallyAsset } from "./tally";

const BAND = decFromString("0.02");
const THRESHOLDS = ["0.334", "0.5", "0.67"];

interface Ballot {
  threshold: string;
  voters: Voter[];
}

/** Prices clustered near 100 (most honest feeders) with a few far away (liars, stale feeds). */
const price: fc.Arbitrary<Dec> = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 99n * DEC_ONE, max: 101n * DEC_ONE }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 10_000n * DEC_ONE }) },
);

/** Unique validator names; each votes on BTC, on nothing, or abstains from BTC while voting on ETH. */
const ballot: fc.Arbitrary<Ballot> = fc
  .record({
    threshold: fc.constantFrom(...THRESHOLDS),
    voters: fc.uniqueArray(
      fc.record({
        validator: fc.stringMatching(/^[a-z]{1,6}$/),
        power: fc.bigInt({ min: 1n, max: 1_000_000n }),
        vote: fc.oneof({ weight: 5, arbitrary: price.map((p) => ({ BTC: p })) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ ETH: DEC_ONE }) }),
      }),
      { minLength: 1, maxLength: 20, selector: (v) => v.validator },
    ),
  })
  .map(({ threshold, voters }) => ({
    threshold,
    voters: voters.map(({ validator, power, vote }) => ({ validator, power, prices: vote && new Map(Object.entries(vote)) })),
  }));

const BTC = (threshold: string) => ({ name: "BTC", vote_threshold: threshold });

/** Everything a tally decides, with `missed` as a set: it lists validators in input order by design. */
function outcome(threshold: string, voters: Voter[]) {
  const result = tallyAsset(BTC(threshold), voters, BAND);
  return {
    passed: result.passed,
    median: result.ballot?.median,
    sigma: result.ballot?.standardDeviation,
    band: result.ballot?.band,
    votes: result.votes.map((v) => [v.voter, v.price, v.inBand]),
    missed: [...result.missed].sort(),
    absent: [...result.absent].sort(),
  };
}

describe("oracle tally properties", () => {
  test("invariant to the order the validators come in", () => {
    fc.assert(
      fc.property(
        ballot.chain((b) => fc.tuple(fc.constant(b), fc.shuffledSubarray(b.voters, { minLength: b.voters.length, maxLength: b.voters.length }))),
        ([b, shuffled]) => {
          expect(outcome(b.threshold, shuffled)).toEqual(outcome(b.threshold, b.voters));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("invariant to multiplying every power by the same factor", () => {
    fc.assert(
      fc.property(ballot, fc.bigInt({ min: 2n, max: 10n ** 12n }), (b, factor) => {
        const scaled = b.voters.map((v) => ({ ...v, power: v.power * factor }));
        expect(outcome(b.threshold, scaled)).toEqual(outcome(b.threshold, b.voters));
      }),
      { numRuns: 300 },
    );
  });

  test("a passed ballot's median is one of the prices voted, inside [min, max], and the median vote is in band", () => {
    fc.assert(
      fc.property(ballot, (b) => {
        const result = tallyAsset(BTC(b.threshold), b.voters, BAND);
        if (!result.passed) return;
        const prices = result.votes.map((v) => v.price);
        const median = result.ballot!.median;
        expect(prices).toContain(median);
        const min = prices.reduce((a, p) => (p < a ? p : a));
        const max = prices.reduce((a, p) => (p > a ? p : a));
        expect(median >= min && median <= max).toBe(true);
        expect(result.votes.find((v) => v.price === median)!.inBand).toBe(true);
        // strictly more than the threshold voted, or there would be no price at all
        expect(result.votedPower * DEC_ONE > decFromString(b.threshold) * result.totalPower).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("lib/median agrees: same median as tallyAsset, unmoved by order and scale, inside [min, max]", () => {
    fc.assert(
      fc.property(ballot, fc.bigInt({ min: 2n, max: 1000n }), (b, factor) => {
        const votes = b.voters.flatMap((v) => {
          const p = v.prices?.get("BTC");
          return p === undefined ? [] : [{ voter: v.validator, price: p, power: v.power }];
        });
        const median = weightedMedian(votes);
        if (votes.length === 0) {
          expect(median).toBeNull();
          return;
        }
        expect(weightedMedian([...votes].reverse())).toBe(median);
        expect(weightedMedian(votes.map((v) => ({ ...v, power: v.power * factor })))).toBe(median);
        const prices = votes.map((v) => v.price);
        expect(median! >= prices.reduce((a, q) => (q < a ? q : a)) && median! <= prices.reduce((a, q) => (q > a ? q : a))).toBe(true);
        const full = tallyAsset(BTC("0"), b.voters, BAND);
        expect(full.ballot?.median).toBe(median);
        expect(tallyBallot(votes, BAND)?.band).toBe(full.ballot?.band);
      }),
      { numRuns: 300 },
    );
  });

  test("no single voter with under half the ballot's power can move the median outside the others' range", () => {
    fc.assert(
      fc.property(ballot, price, (b, lie) => {
        const votes = b.voters.flatMap((v) => {
          const p = v.prices?.get("BTC");
          return p === undefined ? [] : [{ voter: v.validator, price: p, power: v.power }];
        });
        if (votes.length < 2) return;
        const total = votes.reduce((s, v) => s + v.power, 0n);
        const liar = votes.findIndex((v) => v.power * 2n < total);
        if (liar < 0) return;
        const honest = votes.filter((_, i) => i !== liar).map((v) => v.price);
        const lied = weightedMedian(votes.map((v, i) => (i === liar ? { ...v, price: lie } : v)))!;
        const min = honest.reduce((a, p) => (p < a ? p : a));
        const max = honest.reduce((a, p) => (p > a ? p : a));
        expect(lied >= min && lied <= max).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
