import { decFromString as dec, isqrt } from "./fixed";
import {
  classifyVotes,
  isInBand,
  PriceVote,
  rewardBand,
  sortVotes,
  standardDeviation,
  tallyBallot,
  totalPower,
  weightedMedian,
} from "./median";

function vote(voter: string, price: string, power: bigint): PriceVote {
  return { voter, price: dec(price), power };
}

describe("sortVotes", () => {
  test("orders by price, then voter by code units, without touching the input", () => {
    const votes = [vote("b", "2", 1n), vote("a", "2", 1n), vote("Z", "2", 1n), vote("c", "1", 1n)];
    const sorted = sortVotes(votes);
    expect(sorted.map((v) => v.voter)).toEqual(["c", "Z", "a", "b"]);
    expect(votes.map((v) => v.voter)).toEqual(["b", "a", "Z", "c"]);
  });

  test("every input order gives the same result", () => {
    const votes = [vote("v1", "1.5", 3n), vote("v2", "1.5", 3n), vote("v3", "0.9", 1n), vote("v4", "2", 9n)];
    const expected = sortVotes(votes);
    for (const permutation of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) {
      expect(sortVotes(permutation.map((i) => votes[i]))).toEqual(expected);
    }
  });
});

describe("weightedMedian", () => {
  const cases: Array<[string, PriceVote[], string | null]> = [
    ["single voter", [vote("a", "7.5", 10n)], "7.5"],
    ["equal powers, odd count: middle price", [vote("a", "1", 1n), vote("b", "2", 1n), vote("c", "3", 1n)], "2"],
    // Cumulative 1 of 2 is exactly half: the lower of the two middle prices.
    ["equal powers, even count: lower middle", [vote("a", "1", 1n), vote("b", "2", 1n)], "1"],
    ["heavy voter dominates", [vote("a", "1", 1n), vote("b", "2", 1n), vote("whale", "9", 10n)], "9"],
    ["uneven powers", [vote("a", "1", 3n), vote("b", "2", 2n), vote("c", "3", 4n)], "2"],
    // Total 5: Terra's integer `cumulative >= 5/2 = 2` would stop at "1" with only 2 of 5.
    ["odd total needs a true half", [vote("a", "1", 2n), vote("b", "2", 3n)], "2"],
    ["tie on price: either voter gives the same price", [vote("b", "4", 1n), vote("a", "4", 1n), vote("c", "5", 1n)], "4"],
    ["zero-power votes carry no weight", [vote("a", "1", 0n), vote("b", "1.1", 0n), vote("c", "5", 1n)], "5"],
    ["empty ballot", [], null],
    ["all powers zero", [vote("a", "1", 0n), vote("b", "2", 0n)], null],
  ];
  test.each(cases)("%s", (_name, votes, expected) => {
    expect(weightedMedian(votes)).toBe(expected === null ? null : dec(expected));
  });

  test("does not depend on input order", () => {
    const votes = [vote("a", "1", 3n), vote("b", "2", 2n), vote("c", "3", 4n), vote("d", "2", 1n)];
    expect(weightedMedian([...votes].reverse())).toBe(weightedMedian(votes));
  });

  test("rejects negative power", () => {
    expect(() => weightedMedian([vote("a", "1", -1n)])).toThrow(RangeError);
  });

  test("totalPower", () => {
    expect(totalPower([vote("a", "1", 3n), vote("b", "2", 0n), vote("c", "3", 4n)])).toBe(7n);
  });
});

describe("standardDeviation", () => {
  test("population form around the median, every vote counted once", () => {
    // Deviations −2, 0, 2, 4 around 2: Σd² = 24, /4 = 6, σ = √6 (powers do not matter).
    const votes = [vote("a", "0", 100n), vote("b", "2", 1n), vote("c", "4", 0n), vote("d", "6", 1n)];
    const sigma = standardDeviation(votes, dec("2"));
    expect(sigma).toBe(isqrt(6n * 10n ** 36n));
    expect(sigma).toBe(dec("2.449489742783178098")); // √6 = 2.44948974278317809819…, rounded down
  });

  test.each([
    ["single voter", [vote("a", "3", 1n)], "3", "0"],
    ["all equal", [vote("a", "3", 1n), vote("b", "3", 5n)], "3", "0"],
    ["median at an end: σ = √(16 / 2)", [vote("a", "1", 1n), vote("b", "5", 1n)], "1", "2.828427124746190097"],
    ["empty", [], "0", "0"],
  ] as const)("%s", (_name, votes, median, expected) => {
    expect(standardDeviation(votes, dec(median))).toBe(dec(expected));
  });

  test("is exact for tiny and huge prices", () => {
    const tiny = [vote("a", "0.000000000000000001", 1n), vote("b", "0.000000000000000003", 1n)];
    // deviations 0 and 2e-18 around 1e-18 → variance 2e-36, σ = 1.414e-18 → 1e-18 after rounding down.
    expect(standardDeviation(tiny, dec("0.000000000000000001"))).toBe(1n);
    const huge = [vote("a", "1000000000000", 1n), vote("b", "1000000000002", 1n)];
    expect(standardDeviation(huge, dec("1000000000000"))).toBe(dec("1.414213562373095048"));
  });
});

describe("rewardBand", () => {
  test.each([
    ["band wider than σ", "100", "0.02", "0.5", "1"],
    ["σ wider than band", "100", "0.02", "3", "3"],
    ["equal", "100", "0.02", "1", "1"],
    // 1e-18 × 0.02 / 2 = 1e-20, rounded up so the band is never narrower than the exact one.
    ["rounding goes outward", "0.000000000000000001", "0.02", "0", "0.000000000000000001"],
    ["zero band uses σ", "100", "0", "0.25", "0.25"],
  ] as const)("%s", (_name, median, band, sigma, expected) => {
    expect(rewardBand(dec(median), dec(band), dec(sigma))).toBe(dec(expected));
  });

  test("rejects a negative band", () => {
    expect(() => rewardBand(dec("1"), dec("-0.01"), 0n)).toThrow(RangeError);
  });
});

describe("isInBand / classifyVotes", () => {
  const median = dec("100");
  const band = dec("1");
  test.each([
    ["99", true],
    ["101", true],
    ["100", true],
    ["98.999999999999999999", false],
    ["101.000000000000000001", false],
    ["0", false],
  ] as const)("price %s inside [99, 101]: %p", (price, inside) => {
    expect(isInBand(dec(price), median, band)).toBe(inside);
  });

  test("classifies in price order", () => {
    const votes = [vote("x", "101.000000000000000001", 1n), vote("y", "99", 1n), vote("z", "100", 1n)];
    expect(classifyVotes(votes, median, band).map((v) => [v.voter, v.inBand])).toEqual([
      ["y", true],
      ["z", true],
      ["x", false],
    ]);
  });
});

describe("tallyBallot", () => {
  test("median, σ, band and standing together", () => {
    const votes = [
      vote("val1", "100", 30n),
      vote("val2", "100.5", 30n),
      vote("val3", "101", 20n),
      vote("val4", "120", 20n),
    ];
    const tally = tallyBallot(votes, dec("0.02"));
    expect(tally).not.toBeNull();
    // Cumulative 30, 60 of 100: the median is val2's price.
    expect(tally!.median).toBe(dec("100.5"));
    // Deviations −0.5, 0, 0.5, 19.5: Σd² = 380.75, /4 = 95.1875, σ ≈ 9.7564
    expect(tally!.standardDeviation).toBe(isqrt(dec("95.1875") * 10n ** 18n));
    expect(tally!.band).toBe(tally!.standardDeviation);
    expect(tally!.votes.map((v) => [v.voter, v.inBand])).toEqual([
      ["val1", true],
      ["val2", true],
      ["val3", true],
      ["val4", false],
    ]);
  });

  test("a ballot with no power has no tally", () => {
    expect(tallyBallot([vote("a", "1", 0n)], dec("0.02"))).toBeNull();
    expect(tallyBallot([], dec("0.02"))).toBeNull();
  });
});
