import fc from "fast-check";
import { DEC_ONE, decFromString, decToString } from "../../lib/fixed";
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

  test("a second jump back across the confirmed price trips again and starts over", () => {
    const [, , again] = feed(["100", "120", "80"]);
    expect(again).toMatchObject({ tripped: true, reference: dec("100"), tracker: { confirmed_price: "100", pending_price: "80", pending_holds: 0 } });
  });

  test("a sustained move whose every tally jumps again steps the confirmed price by max_price_jump per confirmation period", () => {
    const results = feed(["100", "85", "72", "61", "52", "44", "40"]);
    expect(results.map((r) => r.tracker.confirmed_price)).toEqual(["100", "100", "100", "90", "90", "81", "81"]);
    expect(results.map((r) => r.confirmedJump)).toEqual([false, false, false, true, false, true, false]);
    // each step is confirmed at the tally that completed it, so the confirmed price stays fresh
    expect(results[5].tracker).toMatchObject({ confirmed_height: 60, confirmed_time_ns: (60n * S).toString(), pending_price: "44", pending_holds: 0, twap_from_ns: (60n * S).toString() });
    expect(results[2]).toMatchObject({ tripped: true, reference: dec("85"), tracker: { pending_price: "72", pending_holds: 1 } });
    // 40 is within 10 % of the pending 44: an ordinary hold, which confirms 40 itself at the second
    expect(feed(["100", "85", "72", "61", "52", "44", "40", "39"])[7].tracker.confirmed_price).toBe("39");
  });

  test("upwards the same: a squeeze whose tallies keep jumping steps the confirmed price up, short of the latest tally", () => {
    const results = feed(["100", "100.5", "101", "101.6"], { ...RULE, maxJump: dec("0.001") });
    expect(results.map((r) => r.tracker.confirmed_price)).toEqual(["100", "100", "100", "100.1"]);
  });

  test("property: one print far off a walk inside the bound is never confirmed, whatever comes around it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -49, max: 49 }), { minLength: 2, maxLength: 30 }),
        fc.nat(),
        fc.oneof(fc.constant("0.0001"), fc.constant("1000000"), fc.integer({ min: 1, max: 1_000_000 }).map(String)),
        (steps, at, spike) => {
          // a walk of steps of at most 4.9 % from 100
          let price = 100_000n * DEC_ONE;
          const walk = steps.map((permille) => (price = price + (price * BigInt(permille)) / 1000n));
          const position = 1 + (at % walk.length);
          const prices = [100_000n * DEC_ONE, ...walk.slice(0, position), dec(spike), ...walk.slice(position)];
          const spikeFarOff = prices.every((p, i) => i === position + 1 || jumpExceeds(dec(spike), p, dec("0.1")));
          fc.pre(spikeFarOff);
          const results = feed(prices.map((p) => decToString(p, { trimZeros: true })));
          for (const r of results) expect(r.tracker.confirmed_price).not.toBe(decToString(dec(spike), { trimZeros: true }));
          expect(results[position + 1].confirmedJump).toBe(false);
        },
      ),
    );
  });

  test("property: in a one-way move of any speed the confirmed price is refreshed at least every confirmations + 1 tallies", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 40 }), fc.boolean(), fc.integer({ min: 1, max: 4 }), (moves, down, confirmations) => {
        let price = 1_000_000n * DEC_ONE;
        const prices = [price, ...moves.map((permille) => (price = down ? price - (price * BigInt(permille)) / 1000n : price + (price * BigInt(permille)) / 1000n))];
        const results = feed(prices.map((p) => decToString(p, { trimZeros: true })), { ...RULE, confirmations, twapWindowNs: 30n * S });
        results.forEach((r, i) => expect(10 * (i + 1) - r.tracker.confirmed_height).toBeLessThanOrEqual(10 * confirmations));
      }),
    );
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
