// Properties of the oracle tally that must hold for every ballot, not just the hand-picked ones in
// tally.test.ts: the order the validators come in, or a common factor on their power, must not move the price
// or who is blamed, and a weighted median is always one of the prices voted. Then what the quorum guarantees
// over random stake distributions and turnouts: what liars holding under a third, over a third and two thirds
// of the stake can and cannot do.
import fc from "fast-check";
import { DEC_ONE, type Dec, decFromString } from "../../lib/fixed";
import { tallyBallot, weightedMedian } from "../../lib/median";
import { DEFAULT_PARAMS } from "./params";
import { type Voter, tallyAsset } from "./tally";

const BAND = decFromString("0.02");
const THRESHOLDS = ["0.334", "0.5", "0.67"];
/** Quorums params accept (at least 1/2), the default 2/3 among them. */
const QUORUMS = ["0.5", DEFAULT_PARAMS.vote_quorum, "0.8", "1"];

interface Ballot {
  threshold: string;
  quorum: string;
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
    quorum: fc.constantFrom(...QUORUMS),
    voters: fc.uniqueArray(
      fc.record({
        validator: fc.stringMatching(/^[a-z]{1,6}$/),
        power: fc.bigInt({ min: 1n, max: 1_000_000n }),
        vote: fc.oneof({ weight: 5, arbitrary: price.map((p) => ({ BTC: p })) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ ETH: DEC_ONE }) }),
      }),
      { minLength: 1, maxLength: 20, selector: (v) => v.validator },
    ),
  })
  .map(({ threshold, quorum, voters }) => ({
    threshold,
    quorum,
    voters: voters.map(({ validator, power, vote }) => ({ validator, power, prices: vote && new Map(Object.entries(vote)) })),
  }));

const BTC = (threshold: string) => ({ name: "BTC", vote_threshold: threshold });

/** Everything a tally decides, with `missed` as a set: it lists validators in input order by design. */
function outcome(b: Ballot, voters: Voter[]) {
  const result = tallyAsset(BTC(b.threshold), voters, BAND, b.quorum);
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
          expect(outcome(b, shuffled)).toEqual(outcome(b, b.voters));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("invariant to multiplying every power by the same factor", () => {
    fc.assert(
      fc.property(ballot, fc.bigInt({ min: 2n, max: 10n ** 12n }), (b, factor) => {
        const scaled = b.voters.map((v) => ({ ...v, power: v.power * factor }));
        expect(outcome(b, scaled)).toEqual(outcome(b, b.voters));
      }),
      { numRuns: 300 },
    );
  });

  test("a passed ballot's median is one of the prices voted, inside [min, max], and the median vote is in band", () => {
    fc.assert(
      fc.property(ballot, (b) => {
        const result = tallyAsset(BTC(b.threshold), b.voters, BAND, b.quorum);
        if (!result.passed) return;
        const prices = result.votes.map((v) => v.price);
        const median = result.ballot!.median;
        expect(prices).toContain(median);
        const min = prices.reduce((a, p) => (p < a ? p : a));
        const max = prices.reduce((a, p) => (p > a ? p : a));
        expect(median >= min && median <= max).toBe(true);
        expect(result.votes.find((v) => v.price === median)!.inBand).toBe(true);
        // strictly more than the threshold voted, and at least the quorum, or there would be no price at all
        expect(result.votedPower * DEC_ONE > decFromString(b.threshold) * result.totalPower).toBe(true);
        expect(result.votedPower * DEC_ONE >= decFromString(b.quorum) * result.totalPower).toBe(true);
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
        const full = tallyAsset(BTC("0"), b.voters, BAND, "0");
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

/** A validator of a random stake distribution: honest and voting, honest and silent, or one of the liars. */
type Role = "honest" | "silent" | "liar";
interface Staked {
  validator: string;
  power: bigint;
  role: Role;
  /** what it votes when it votes: honest prices anywhere, lies anywhere too */
  price: Dec;
}

const anyPrice = fc.bigInt({ min: 1n, max: 1_000_000n * DEC_ONE });
const distribution: fc.Arbitrary<Staked[]> = fc
  .array(fc.record({ power: fc.bigInt({ min: 1n, max: 1_000_000n }), role: fc.constantFrom<Role>("honest", "silent", "liar"), price: anyPrice }), { minLength: 1, maxLength: 25 })
  .map((validators) => validators.map((v, i) => ({ ...v, validator: `v${String(i).padStart(2, "0")}` })));

const powerOf = (validators: readonly Staked[], ...roles: Role[]) => validators.filter((v) => roles.includes(v.role)).reduce((sum, v) => sum + v.power, 0n);
/** The ballot as the tally sees it; liars vote `lie(v)` when given, else their own random price; silent ones reveal nothing. */
const ballotOf = (validators: readonly Staked[], lie?: (v: Staked) => Dec | undefined): Voter[] =>
  validators.map((v) => {
    const price = v.role === "silent" ? undefined : v.role === "liar" && lie ? lie(v) : v.price;
    return { validator: v.validator, power: v.power, prices: price === undefined ? undefined : new Map([["BTC", price]]) };
  });
const DEFAULT_QUORUM = DEFAULT_PARAMS.vote_quorum;

describe("quorum of the total bonded power: what the liars' share of the stake decides", () => {
  test("a price that passes had at least the quorum of all bonded power behind it (more than 2/3 at the default), whatever the turnout", () => {
    fc.assert(
      fc.property(distribution, fc.constantFrom(...QUORUMS), fc.constantFrom(...THRESHOLDS), (validators, quorum, threshold) => {
        const result = tallyAsset(BTC(threshold), ballotOf(validators), BAND, quorum);
        expect(result.totalPower).toBe(powerOf(validators, "honest", "silent", "liar"));
        if (!result.passed) return;
        expect(result.votedPower).toBe(powerOf(validators, "honest", "liar"));
        expect(result.votedPower * DEC_ONE >= decFromString(quorum) * result.totalPower).toBe(true);
        if (quorum === DEFAULT_QUORUM) expect(3n * result.votedPower > 2n * result.totalPower).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test("liars under a third of the stake: any price that passes lies within the honest votes, however few honest validators vote", () => {
    fc.assert(
      fc.property(distribution, fc.constantFrom(...QUORUMS.filter((q) => 3n * decFromString(q) >= 2n * DEC_ONE)), (validators, quorum) => {
        fc.pre(3n * powerOf(validators, "liar") < powerOf(validators, "honest", "silent", "liar"));
        const result = tallyAsset(BTC("0.5"), ballotOf(validators), BAND, quorum);
        if (!result.passed) return;
        const honest = validators.filter((v) => v.role === "honest").map((v) => v.price);
        const median = result.ballot!.median;
        expect(honest.some((p) => p <= median) && honest.some((p) => p >= median)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("a ballot that does not pass blames nobody who voted; the absent miss whenever anyone voted", () => {
    fc.assert(
      fc.property(distribution, fc.constantFrom(...QUORUMS), (validators, quorum) => {
        const result = tallyAsset(BTC("0.5"), ballotOf(validators), BAND, quorum);
        const silent = validators.filter((v) => v.role === "silent").map((v) => v.validator);
        expect(result.absent).toEqual(silent);
        expect(result.counted).toBe(silent.length < validators.length);
        if (!result.counted) expect(result.missed).toEqual([]);
        else if (!result.passed) expect(result.missed).toEqual(silent);
        else expect(result.missed).toEqual(expect.arrayContaining(silent));
        if (!result.passed) expect(result.votes.every((vote) => !vote.inBand)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test("liars holding more than 1 − quorum (over a third at the default) stall every price by staying silent, and each of them misses", () => {
    fc.assert(
      fc.property(distribution, fc.constantFrom(...QUORUMS), (validators, quorum) => {
        const total = powerOf(validators, "honest", "silent", "liar");
        fc.pre((total - powerOf(validators, "liar")) * DEC_ONE < decFromString(quorum) * total);
        const result = tallyAsset(BTC("0.5"), ballotOf(validators, () => undefined), BAND, quorum);
        expect(result.passed).toBe(false);
        if (result.counted) expect(result.missed).toEqual(expect.arrayContaining(validators.filter((v) => v.role === "liar").map((v) => v.validator)));
      }),
      { numRuns: 500 },
    );
  });

  test("liars holding at least the quorum (2/3 at the default) and more than half set any price they agree on, whatever the honest validators vote", () => {
    fc.assert(
      fc.property(distribution, fc.constantFrom(...QUORUMS), anyPrice, (validators, quorum, lie) => {
        const total = powerOf(validators, "honest", "silent", "liar");
        const liars = powerOf(validators, "liar");
        // at a quorum of 1/2, liars holding exactly half face an honest half whose lower price is the median
        // (the median is the lower one at a tie of power): they need more than half
        fc.pre(liars * DEC_ONE >= decFromString(quorum) * total && 2n * liars > total);
        const result = tallyAsset(BTC("0.5"), ballotOf(validators, () => lie), BAND, quorum);
        expect(result.passed).toBe(true);
        expect(result.ballot!.median).toBe(lie);
      }),
      { numRuns: 300 },
    );
  });
});
