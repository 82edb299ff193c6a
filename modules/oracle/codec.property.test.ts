// The binary records round-trip, price entries are exactly the vote extension's wire form, and the block's
// one-pass tally (tallyAssets) equals lib/median's tallyBallot asset by asset.
import fc from "fast-check";
import { tallyBallot } from "../../lib/median";
import { DEC_ONE } from "../../lib/fixed";
import { decodeAssetMissCounts, decodeBallotEntry, decodeMissCounter, decodePriceEntries, decodeRewardWeight, decodeVote, encodeBallotEntry, encodeMissCounter, encodePriceEntries, encodeRewardWeight, encodeVote } from "./codec";
import { tallyAssets } from "./tally";
import { encodeVoteExtension } from "./ve";
import { MAX_PRICE } from "./vote";

const RUNS = { numRuns: 300 };
const assetName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,31}$/);
const price = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 56n }), fc.bigInt({ min: 1n, max: MAX_PRICE }));
const entries = fc
  .uniqueArray(fc.tuple(assetName, price), { maxLength: 12, selector: ([name]) => name })
  .map((list) => list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

describe("codec", () => {
  test("price entries are the vote extension's bytes and decode back to themselves", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const bytes = encodePriceEntries(list);
        expect(Buffer.from(bytes).equals(Buffer.from(encodeVoteExtension(new Map(list))))).toBe(true);
        expect(decodePriceEntries(bytes)).toEqual(list);
      }),
      RUNS,
    );
  });

  test("any single-byte change of a price-entries encoding decodes to other prices or is refused", () => {
    fc.assert(
      fc.property(entries.filter((list) => list.length > 0), fc.nat(), fc.integer({ min: 1, max: 255 }), (list, at, flip) => {
        const bytes = Buffer.from(encodePriceEntries(list));
        bytes[at % bytes.length] ^= flip;
        const decoded = decodePriceEntries(bytes);
        if (typeof decoded !== "string") {
          expect(decoded).not.toEqual(list);
          // whatever decodes is in the one canonical form
          expect(Buffer.from(encodePriceEntries(decoded)).equals(bytes)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test("ballot entries, votes, miss counters and reward weights round-trip", () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(entries, fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.boolean(), u32, u32, fc.bigInt({ min: 0n, max: 2n ** 200n }), fc.nat(), (list, power, voted, a, b, weight, period) => {
        const prices = encodePriceEntries(list);
        const ballot = decodeBallotEntry(encodeBallotEntry(power, voted ? prices : null));
        expect(ballot.power).toBe(power);
        expect(ballot.prices === null ? null : Buffer.from(ballot.prices).toString("hex")).toEqual(voted ? prices.toString("hex") : null);
        expect(decodeMissCounter(encodeMissCounter(a, b))).toEqual({ misses: a, ballots: b });
        const perAsset = list.map(([asset], i) => ({ asset, misses: (a + i) % 2 ** 32, ballots: b }));
        const counter = encodeMissCounter(a, b, perAsset);
        expect([decodeMissCounter(counter), decodeAssetMissCounts(counter)]).toEqual([{ misses: a, ballots: b }, perAsset]);
        expect(decodeRewardWeight(encodeRewardWeight(weight, a))).toEqual({ weight, inBand: a });
        const vote = decodeVote(encodeVote(period, prices));
        expect([vote.period, Buffer.from(vote.prices).toString("hex")]).toEqual([period, prices.toString("hex")]);
      }),
      RUNS,
    );
  });
});

describe("tallyAssets", () => {
  const ASSETS = ["A", "B", "C"].map((name) => ({ name, vote_threshold: "0" }));
  const BAND = DEC_ONE / 50n;
  // prices on a coarse grid so that ties (price and tie-break order) are common
  const votePrice = fc.oneof(fc.integer({ min: 95, max: 105 }).map((p) => BigInt(p) * DEC_ONE), fc.bigInt({ min: 1n, max: 10n ** 24n }));
  const voters = fc.uniqueArray(
    fc.record({
      validator: fc.stringMatching(/^[a-z0-9]{1,4}$/),
      power: fc.bigInt({ min: 1n, max: 1000n }),
      prices: fc.option(fc.tuple(fc.option(votePrice), fc.option(votePrice), fc.option(votePrice)), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 25, selector: (v) => v.validator },
  );

  test("each asset's median, σ, band and classification are tallyBallot's; misses and in-band counts follow them", () => {
    fc.assert(
      fc.property(voters, (list) => {
        const input = list.map((v) => ({ validator: v.validator, power: v.power, prices: v.prices?.map((p) => p ?? undefined) }));
        const block = tallyAssets(ASSETS, input, BAND, "0");
        const misses = new Map<string, number>();
        const inBand = new Map<string, number>();
        let counted = 0;
        ASSETS.forEach((_, a) => {
          const votes = input.flatMap((v) => (v.prices?.[a] === undefined ? [] : [{ voter: v.validator, price: v.prices[a] as bigint, power: v.power }]));
          const reference = tallyBallot(votes, BAND);
          const result = block.results[a];
          const ballot = result.ballot && { ...result.ballot, votes: result.ballot.votes.map(({ voter, price, power, inBand: inside }) => ({ voter, price, power, inBand: inside })) };
          expect(ballot ?? null).toEqual(reference);
          if (votes.length === 0) return;
          counted++;
          const classified = new Map(reference?.votes.map((vote) => [vote.voter, vote.inBand]));
          for (const v of input) {
            if (classified.get(v.validator) === true) inBand.set(v.validator, (inBand.get(v.validator) ?? 0) + 1);
            else misses.set(v.validator, (misses.get(v.validator) ?? 0) + 1);
          }
        });
        expect(block.countedBallots).toBe(counted);
        expect([...block.misses]).toEqual(input.map((v) => misses.get(v.validator) ?? 0));
        expect([...block.inBand]).toEqual(input.map((v) => inBand.get(v.validator) ?? 0));
      }),
      RUNS,
    );
  });
});
