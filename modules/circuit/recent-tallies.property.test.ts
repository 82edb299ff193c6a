// The breaker, liquidation and settlement read the oracle's price ring backwards from its newest slot, only as far
// as they need, instead of whole. Held here to the whole-ring read they replaced (kept only in this test as the
// reference): the same committed state, events, liquidation prices and settlement TWAPs (or the same errors)
// over random tallies, ring wraps, history_length changes by governance, feed gaps, TWAP windows and confirmations.
import fc from "fast-check";
import type { Context } from "../../app/context";
import { AppError } from "../../app/errors";
import { infiniteGasMeter } from "../../app/gas";
import type { AppModule } from "../../app/module";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { MsgRouter } from "../../app/tx/router";
import { decFromString } from "../../lib/fixed";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { GovKeeper } from "../gov/keeper";
import { decodePriceRecord } from "../oracle/codec";
import { OracleKeeper } from "../oracle/keeper";
import { historyPrefix } from "../oracle/keys";
import { DEFAULT_PARAMS as ORACLE_DEFAULTS } from "../oracle/params";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import { type BreakerRule, type PriceTracker, assessTally } from "./breakers";
import type { OraclePrice } from "./expected";
import { CircuitKeeper } from "./keeper";
import { type CircuitParams, DEFAULT_PARAMS } from "./params";

const SECOND = 1_000_000_000n;
const ORACLE_MAX_AGE_S = 30;

/** The whole ring, parsed and sorted by height, the newest history_length of it: what every reader did before. */
function wholeRing(oracle: OracleKeeper, state: KVReader, asset: string): OraclePrice[] {
  const entries = state.iterate(historyPrefix(asset)).map(([, value]) => decodePriceRecord(value));
  entries.sort((a, b) => a.height - b.height);
  const kept = entries.slice(Math.max(0, entries.length - oracle.params(state).history_length));
  return kept.map((entry) => ({ asset, price: entry.price, height: BigInt(entry.height), timeNs: entry.timeNs }));
}

function chain(params: Partial<CircuitParams>, historyLength: number) {
  const committed = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  const oracleParams = { ...ORACLE_DEFAULTS, history_length: historyLength, max_price_age_seconds: ORACLE_MAX_AGE_S, assets: [{ name: "BTC", vote_threshold: "0.5" }] };
  oracle.setParams(committed, oracleParams);
  const gov = new GovKeeper({ bank, validators: staking, router: new MsgRouter([] as AppModule[]), gate: { allow: (ctx, typeUrl) => circuit.allow(ctx, typeUrl) } });
  const circuit: CircuitKeeper = new CircuitKeeper({ prices: oracle, gov, committed });
  circuit.setParams(committed, { ...DEFAULT_PARAMS, ...params, price_breaker_assets: [{ name: "BTC", max_price_jump: "0.1" }] });
  return { committed, oracle, oracleParams, circuit };
}

/** The reference: every tally newer than the tracker through the rule, each judged against all kept tallies before it. */
function advanceOverWholeRing(tracker: PriceTracker, ring: readonly OraclePrice[], rule: BreakerRule) {
  const outcomes: Array<{ tally: OraclePrice; tripped: boolean; confirmedJump: boolean; confirmed: string }> = [];
  let current = tracker;
  ring.forEach((tally, index) => {
    if (tally.height <= BigInt(current.seen_height)) return;
    const assessment = assessTally(current, tally, ring.slice(0, index), rule);
    current = assessment.tracker;
    outcomes.push({ tally, tripped: assessment.tripped, confirmedJump: assessment.confirmedJump, confirmed: current.confirmed_price });
  });
  return { tracker: current, outcomes };
}

/** The reference liquidation price and settlement TWAP: the whole ring, every confirmed point on record. */
function wholeRingReaders(oracle: OracleKeeper, circuit: CircuitKeeper, state: KVReader, rule: BreakerRule) {
  const ring = wholeRing(oracle, state, "BTC");
  const { tracker, outcomes } = advanceOverWholeRing(circuit.tracker(state, "BTC"), ring, rule);
  const maxAgeNs = BigInt(circuit.params(state).max_price_age_seconds) * SECOND;
  const liquidation = (nowNs: bigint) => {
    if (tracker.confirmed_price === "" || nowNs - BigInt(tracker.confirmed_time_ns) > maxAgeNs) return undefined;
    return { asset: "BTC", price: decFromString(tracker.confirmed_price), height: BigInt(tracker.confirmed_height), timeNs: BigInt(tracker.confirmed_time_ns) };
  };
  const confirmed = new Map<bigint, bigint>();
  for (const point of circuit.confirmedPoints(state, "BTC")) confirmed.set(BigInt(point.height), decFromString(point.price));
  for (const outcome of outcomes) confirmed.set(outcome.tally.height, decFromString(outcome.confirmed));
  const confirmedRing = ring.flatMap((point) => (confirmed.has(point.height) ? [{ ...point, price: confirmed.get(point.height) as bigint }] : []));
  const settlement = (fromNs: bigint, toNs: bigint) => oracle.twapOf(state, "BTC", confirmedRing, fromNs, toNs);
  return { ring, tracker, outcomes, liquidation, settlement };
}

const outcome = (read: () => bigint | undefined) => {
  try {
    return { value: read() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { codespace: err.codespace, code: err.code, message: err.message };
  }
};

const block = fc.record({
  // price moves in percent: within and past the 10 % jump bound
  tallies: fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 3 }),
  // mostly a block time, sometimes a feed gap past the oracle's 30-s max age
  seconds: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 45 }) }),
  historyLength: fc.option(fc.integer({ min: 1, max: 14 }), { freq: 8 }),
  // settlement windows ending at or before now, as settlement asks (before expiry, or the last window_s): starting
  // anywhere from a little before the oldest kept tally to now, in thousandths of that span
  windows: fc.array(fc.tuple(fc.integer({ min: -50, max: 1000 }), fc.integer({ min: 1, max: 40 })), { maxLength: 3 }),
});

describe("breaker, liquidation and settlement reads of the oracle's history", () => {
  test("reading the ring backwards, only as far as needed, gives what the whole ring gives", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom(0, 1, 3, 10, 40, 60),
        fc.integer({ min: 0, max: 3 }),
        fc.array(block, { minLength: 1, maxLength: 40 }),
        (historyLength, twapWindow, confirmations, blocks) => {
          const { committed, oracle, oracleParams, circuit } = chain({ twap_window_seconds: twapWindow, confirmations, max_price_age_seconds: 20, cooldown_blocks: 3 }, historyLength);
          const rule: BreakerRule = { maxJump: decFromString("0.1"), confirmations, twapWindowNs: BigInt(twapWindow) * SECOND };
          const model = new Map<bigint, string>(); // the confirmed points the old whole-ring code would keep
          let height = 0;
          let seconds = 0n;
          let price = 60_000;
          for (const step of blocks) {
            height++;
            seconds += BigInt(step.seconds);
            const store = new Branch(committed);
            const ctx: Context = { store, chainId: "t", height: BigInt(height), timeNs: seconds * SECOND, mode: "block", gas: infiniteGasMeter(), events: [] };
            if (step.historyLength !== null) oracle.setParams(store, { ...oracleParams, history_length: step.historyLength });
            step.tallies.forEach((move, i) => {
              price = Math.max(1, Math.round(price * (1 + move / 100)));
              // several tallies in one block stand for a breaker that has not seen them yet: half a second apart
              const timeNs = seconds * SECOND - (BigInt(step.tallies.length - 1 - i) * SECOND) / 2n;
              const stored = { price: String(price), height: height * 10 + i, time_ns: timeNs.toString() };
              oracle.setStoredPrice(store, "BTC", stored);
              oracle.pushHistory(store, "BTC", stored);
            });
            // options asks in the block, after the tally and before the circuit's end-block, and again next block
            const compareReaders = () => {
              const reference = wholeRingReaders(oracle, circuit, store, rule);
              expect(circuit.liquidationPrice(store, "BTC", ctx.timeNs)).toEqual(reference.liquidation(ctx.timeNs));
              const oldestNs = reference.ring[0]?.timeNs ?? 0n;
              for (const [thousandths, length] of step.windows) {
                const fromNs = oldestNs + ((ctx.timeNs - oldestNs) * BigInt(thousandths)) / 1000n;
                const toNs = fromNs + BigInt(length) * SECOND < ctx.timeNs ? fromNs + BigInt(length) * SECOND : ctx.timeNs;
                expect(outcome(() => circuit.settlementTwap(store, "BTC", fromNs, toNs))).toEqual(outcome(() => reference.settlement(fromNs, toNs)));
              }
              return reference;
            };
            const reference = compareReaders();
            circuit.checkPrices(ctx);
            if (reference.outcomes.length > 0) {
              expect(circuit.tracker(store, "BTC")).toEqual(reference.tracker);
              for (const outcome of reference.outcomes) model.set(outcome.tally.height, outcome.confirmed);
              for (const kept of [...model.keys()]) if (kept < reference.ring[0].height) model.delete(kept);
            }
            expect(circuit.confirmedPoints(store, "BTC").map((point) => [BigInt(point.height), point.price])).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)));
            const jumps = ctx.events.filter((event) => event.type === "price_jump").length;
            const confirmedJumps = ctx.events.filter((event) => event.type === "price_confirmed").length;
            expect([jumps, confirmedJumps]).toEqual([reference.outcomes.filter((o) => o.tripped).length, reference.outcomes.filter((o) => o.confirmedJump).length]);
            compareReaders();
            store.write();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
