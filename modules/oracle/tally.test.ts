import { decFromString as dec } from "../../lib/fixed";
import { tallyBallot } from "../../lib/median";
import { DEFAULT_PARAMS } from "./params";
import { type Voter, tallyAsset } from "./tally";

const BTC = { name: "BTC", vote_threshold: "0.5" };
const BAND = dec("0.02");
/** The lowest quorum params allow: the tests of the median and the band are not about turnout. */
const HALF = "0.5";
const QUORUM = DEFAULT_PARAMS.vote_quorum;

function voter(validator: string, power: bigint, price?: string): Voter {
  return { validator, power, prices: price === undefined ? undefined : new Map([["BTC", dec(price)]]) };
}

describe("tallyAsset", () => {
  test("weighted median with uneven powers: the price where cumulative power first reaches half", () => {
    const result = tallyAsset(BTC, [voter("a", 10n, "100"), voter("b", 30n, "101"), voter("c", 15n, "99"), voter("d", 45n, "102")], BAND, HALF);
    // sorted: 99 (15), 100 (10), 101 (30) → cumulative 55 ≥ 50
    expect(result.passed).toBe(true);
    expect(result.ballot?.median).toBe(dec("101"));
  });

  test("ties on price between voters: same median, order by voter name", () => {
    const result = tallyAsset(BTC, [voter("b", 1n, "100"), voter("a", 1n, "100"), voter("c", 1n, "200")], BAND, HALF);
    expect(result.ballot?.median).toBe(dec("100"));
    expect(result.votes.map((v) => v.voter)).toEqual(["a", "b", "c"]);
  });

  test.each([
    ["exactly at the threshold: dropped, the silent validator still misses", [50n, 50n], false, ["silent"]],
    ["just above the threshold: passes", [51n, 49n], true, ["silent"]],
    ["nobody voted: dropped, and nobody misses", [0n, 100n], false, []],
  ])("%s", (_name, [votedPower, silentPower], passed, missed) => {
    const voters = [voter("voter", votedPower, votedPower > 0n ? "100" : undefined), voter("silent", silentPower)];
    const result = tallyAsset(BTC, voters, BAND, HALF);
    expect(result.passed).toBe(passed);
    expect([result.missed, result.counted]).toEqual([missed, votedPower > 0n]);
  });

  test("per-asset thresholds: the same ballot passes at 0.4 and is dropped at 0.6", () => {
    const voters = [voter("a", 50n, "100"), voter("b", 50n)];
    expect(tallyAsset({ name: "BTC", vote_threshold: "0.4" }, voters, BAND, HALF).passed).toBe(true);
    expect(tallyAsset({ name: "BTC", vote_threshold: "0.6" }, voters, BAND, HALF).passed).toBe(false);
  });

  test("quorum of the total power: 34 % lying with 26 % honest turnout is 60 %, under 2/3: no price, no vote out of band", () => {
    const voters = [voter("liar", 34n, "57850"), voter("honest", 26n, "65000"), voter("silentA", 20n), voter("silentB", 20n)];
    // under the old rule (a 0.5 threshold alone) the lie was the median
    expect(tallyAsset(BTC, voters, BAND, HALF).ballot?.median).toBe(dec("57850"));
    const result = tallyAsset(BTC, voters, BAND, QUORUM);
    expect(result).toMatchObject({ passed: false, counted: true, votedPower: 60n, totalPower: 100n, voteQuorum: QUORUM, missed: ["silentA", "silentB"] });
    expect(result.ballot).toBeUndefined();
    expect(result.votes.map((v) => [v.voter, v.inBand])).toEqual([["liar", false], ["honest", false]]);
  });

  test.each([
    ["exactly 2/3 of the power: dropped", [2n, 1n], false],
    ["one unit above 2/3: passes", [200_001n, 100_000n], true],
    ["three of four equal validators: passes", [75n, 25n], true],
    ["two of four: dropped", [50n, 50n], false],
  ])("default quorum, %s", (_name, [votedPower, silentPower], passed) => {
    expect(tallyAsset(BTC, [voter("voter", votedPower, "100"), voter("silent", silentPower)], BAND, QUORUM).passed).toBe(passed);
  });

  test("the quorum is at least, the asset's threshold strictly more; either can stop a ballot", () => {
    const half = [voter("a", 50n, "100"), voter("b", 50n)];
    expect(tallyAsset({ name: "BTC", vote_threshold: "0.4" }, half, BAND, HALF).passed).toBe(true);
    expect(tallyAsset({ name: "BTC", vote_threshold: "0.4" }, half, BAND, "0.500000000000000001").passed).toBe(false);
    const most = [voter("a", 75n, "100"), voter("b", 25n)];
    expect(tallyAsset({ name: "BTC", vote_threshold: "0.8" }, most, BAND, QUORUM).passed).toBe(false);
  });

  test("band edges: median ± reward_band/2 × median is inside, one unit further is a miss", () => {
    // four votes at 100 keep σ small; the band is max(100 × 0.01, σ) = 1 as long as σ ≤ 1
    const at = (price: string) => tallyAsset(BTC, [...["a", "b", "c", "d"].map((name) => voter(name, 10n, "100")), voter("edge", 1n, price)], BAND, HALF);
    for (const price of ["101", "99"]) {
      const result = at(price);
      expect(result.ballot?.band).toBe(dec("1"));
      expect(result.missed).toEqual([]);
    }
    for (const price of ["101.000000000000000001", "98.999999999999999999"]) expect(at(price).missed).toEqual(["edge"]);
  });

  test("σ widens the band beyond reward_band/2 × median when votes are spread", () => {
    const result = tallyAsset(BTC, ["90", "98", "100", "102", "110"].map((price, i) => voter(`v${i}`, 1n, price)), BAND, HALF);
    // σ = √((100 + 4 + 0 + 4 + 100) / 5) ≈ 6.45 > 1: 98 and 102 stay inside, 90 and 110 are out
    expect(result.ballot?.band).toBe(result.ballot?.standardDeviation);
    expect(result.ballot!.band > dec("6.44") && result.ballot!.band < dec("6.46")).toBe(true);
    expect(result.missed).toEqual(["v0", "v4"]);
  });

  test("misses: absent voters and outliers, in operator order; a liar 30 % off among three honest voters is out", () => {
    const result = tallyAsset(BTC, [voter("v0", 100n, "65000"), voter("v1", 100n, "84500"), voter("v2", 100n), voter("v3", 100n, "65050"), voter("v4", 100n, "64950")], BAND, HALF);
    expect(result.passed).toBe(true);
    expect(result.ballot?.median).toBe(dec("65000"));
    expect(result.absent).toEqual(["v2"]);
    expect(result.missed).toEqual(["v1", "v2"]);
  });

  test("a voter that revealed other assets but not this one is absent for it", () => {
    const eth: Voter = { validator: "e", power: 100n, prices: new Map([["ETH", dec("3000")]]) };
    const result = tallyAsset(BTC, [voter("a", 100n, "100"), voter("b", 100n, "100"), eth], BAND, HALF);
    expect(result.absent).toEqual(["e"]);
    expect(result.missed).toEqual(["e"]);
  });
});

describe("tallyAsset against lib/median's tallyBallot", () => {
  test("the same median, σ, band and classification on 200 random ballots", () => {
    let seed = 12345;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 200; round++) {
      const count = 1 + next(30);
      const voters = Array.from({ length: count }, (_, i) => voter(`v${String(i).padStart(2, "0")}`, BigInt(1 + next(100)), `${900 + next(200)}.${next(1000)}`));
      const result = tallyAsset({ name: "BTC", vote_threshold: "0.34" }, voters, BAND, HALF);
      const reference = tallyBallot(voters.map((v) => ({ voter: v.validator, price: v.prices!.get("BTC")!, power: v.power })), BAND);
      const ballot = result.ballot && { ...result.ballot, votes: result.ballot.votes.map(({ voter, price, power, inBand }) => ({ voter, price, power, inBand })) };
      expect(ballot).toEqual(reference);
    }
  });
});
