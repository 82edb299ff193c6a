import { DEC_ONE, decFromString } from "../../lib/fixed";
import { type BreakerRule, EMPTY_TRACKER, type PriceTracker, assessTally, jumpExceeds, timeWeightedAverage } from "./breakers";
import type { OraclePrice } from "./expected";

const S = 1_000_000_000n;
const dec = (text: string) => decFromString(text);
const tally = (price: string, height: number, second = height): OraclePrice => ({ asset: "BTC", price: dec(price), height: BigInt(height), timeNs: BigInt(second) * S });
const RULE: BreakerRule = { maxJump: dec("0.1"), confirmations: 2, twapWindowNs: 0n };

/** Feeds tallies in order, as the end-block does, and returns each assessment. */
function feed(prices: string[], rule = RULE, start: PriceTracker = EMPTY_TRACKER) {
  let tracker = start;
  const points: OraclePrice[] = [];
  return prices.map((price, i) => {
    const point = tally(price, 10 * (i + 1));
    const result = assessTally(tracker, point, points, rule);
    points.push(point);
    tracker = result.tracker;
    return result;
  });
}

describe("jumpExceeds", () => {
  test.each<[string, string, boolean]>([
    ["110", "100", false],
    ["90", "100", false],
    ["110.000000000000000001", "100", true],
    ["89.999999999999999999", "100", true],
    ["100", "100", false],
  ])("%s against %s with a 10 %% bound: %s", (price, reference, expected) => {
    expect(jumpExceeds(dec(price), dec(reference), dec("0.1"))).toBe(expected);
  });
});

describe("timeWeightedAverage", () => {
  test("weights each tally by how long it held", () => {
    expect(timeWeightedAverage([tally("100", 1, 0), tally("200", 2, 30)], 0n, 40n * S)).toBe(dec("125"));
  });
  test("a tally from before the window counts from the window's start", () => {
    expect(timeWeightedAverage([tally("100", 1, 0), tally("200", 2, 30)], 20n * S, 40n * S)).toBe(dec("150"));
  });
  test("no tally covering the window gives no average", () => {
    expect(timeWeightedAverage([tally("100", 1, 50)], 0n, 40n * S)).toBeUndefined();
    expect(timeWeightedAverage([], 0n, 40n * S)).toBeUndefined();
  });
});

describe("assessTally", () => {
  test("the first tally is confirmed at once", () => {
    const [first] = feed(["100"]);
    expect(first).toMatchObject({ tripped: false, confirmedJump: false, tracker: { confirmed_price: "100", seen_height: 10, pending_price: "" } });
  });

  test("a move of exactly max_price_jump is no jump; one unit more is", () => {
    expect(feed(["100", "110"])[1]).toMatchObject({ tripped: false, tracker: { confirmed_price: "110" } });
    expect(feed(["100", "90"])[1]).toMatchObject({ tripped: false, tracker: { confirmed_price: "90" } });
    const jump = feed(["100", "110.000000000000000001"])[1];
    expect(jump).toMatchObject({ tripped: true, reference: dec("100"), tracker: { confirmed_price: "100", pending_price: "110.000000000000000001", pending_holds: 0 } });
  });

  test("a jump becomes the confirmed price only after holding for `confirmations` further tallies", () => {
    const [, jump, once, twice] = feed(["100", "120", "121", "122"]);
    expect(jump).toMatchObject({ tripped: true, tracker: { confirmed_price: "100", pending_price: "120" } });
    expect(once).toMatchObject({ tripped: false, confirmedJump: false, tracker: { confirmed_price: "100", pending_price: "121", pending_holds: 1 } });
    expect(twice).toMatchObject({ tripped: false, confirmedJump: true, tracker: { confirmed_price: "122", pending_price: "", pending_holds: 0, twap_from_ns: (40n * S).toString() } });
  });

  test("a single bad print that reverts never becomes the confirmed price", () => {
    const [, spike, back] = feed(["100", "0.0001", "101"]);
    expect(spike.tripped).toBe(true);
    expect(back).toMatchObject({ tripped: false, confirmedJump: false, tracker: { confirmed_price: "101", pending_price: "" } });
  });

  test("a second jump away from the pending one trips again and starts over", () => {
    const [, , again] = feed(["100", "120", "150"]);
    expect(again).toMatchObject({ tripped: true, reference: dec("100"), tracker: { pending_price: "150", pending_holds: 0 } });
  });

  test("with no confirmations a jump trips and is confirmed at once", () => {
    const [, jump] = feed(["100", "150"], { ...RULE, confirmations: 0 });
    expect(jump).toMatchObject({ tripped: true, confirmedJump: true, tracker: { confirmed_price: "150", pending_price: "" } });
  });

  test("a walk in steps below the bound trips against the TWAP", () => {
    const rule = { ...RULE, twapWindowNs: 100n * S };
    const [, step1, step2] = feed(["100", "109", "118"], rule);
    expect(step1.tripped).toBe(false);
    // TWAP over the 20 s before: 100 for 10 s, 109 for 10 s = 104.5; 118 is 12.9 % above it.
    expect(step2).toMatchObject({ tripped: true, reference: dec("104.5") });
    expect(feed(["100", "109", "118"]).map((result) => result.tripped)).toEqual([false, false, false]);
  });

  test("a confirmed jump starts a new TWAP regime, so the old level does not trip it again", () => {
    const rule = { ...RULE, twapWindowNs: 1000n * S };
    const results = feed(["100", "100", "130", "130", "130", "131"], rule);
    expect(results.map((result) => result.tripped)).toEqual([false, false, true, false, false, false]);
    expect(results[4].confirmedJump).toBe(true);
    expect(results[5].tracker.confirmed_price).toBe("131");
  });

  test("prices keep 18 decimals exactly", () => {
    const [first] = feed(["65000.123456789012345678"]);
    expect(dec(first.tracker.confirmed_price)).toBe(65000n * DEC_ONE + 123456789012345678n);
  });
});
