// The price-history ring keeps the newest history_length prices through any pushes and changes of history_length
// by governance, and its readers, which walk it backwards from the newest slot and stop when they have enough,
// return what reading and sorting the whole ring (the reference, kept only here) returns.
import fc from "fast-check";
import { Branch } from "../../app/store/branch";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import type { KVReader } from "../../app/store/types";
import { decodePriceRecord } from "./codec";
import { OracleKeeper } from "./keeper";
import { historyPrefix } from "./keys";
import { oracleModule } from "./module";
import { DEFAULT_PARAMS } from "./params";

const setup = (length: number) => {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, new BankKeeper({ ensureAccount: auth.ensureAccount })));
  const params = { ...DEFAULT_PARAMS, history_length: length, assets: [{ name: "BTC", vote_threshold: "0.5" }] };
  oracle.setParams(store, params);
  return { store, oracle, params };
};

type Op = { push: number } | { length: number };
const ops = fc.array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map((push) => ({ push })) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((length) => ({ length })) }), { maxLength: 25 });

/**
 * Every slot, sorted by height, the newest history_length: the read every block did before. Prices count pushes
 * in these tests, so prices tallied at one height (same block) sort in push order.
 */
function wholeRing(oracle: OracleKeeper, state: KVReader, asset: string) {
  const entries = state.iterate(historyPrefix(asset)).map(([, value]) => decodePriceRecord(value));
  entries.sort((a, b) => a.height - b.height || (a.price < b.price ? -1 : a.price > b.price ? 1 : 0));
  return entries.slice(Math.max(0, entries.length - oracle.params(state).history_length)).map((entry) => ({ asset, price: entry.price, height: BigInt(entry.height), timeNs: entry.timeNs }));
}

type Step = { push: Array<{ heightStep: number; seconds: number }> } | { length: number };
const pushes = fc.array(fc.record({ heightStep: fc.integer({ min: 0, max: 3 }), seconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 30, max: 400 })) }), { minLength: 1, maxLength: 12 });
const steps = fc.array(fc.oneof({ weight: 5, arbitrary: pushes.map((push) => ({ push })) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((length) => ({ length })) }), { maxLength: 25 });

describe("price history ring", () => {
  test("read backwards, only as far as asked, the ring gives what the whole ring gives: wraps, length changes, gaps, one height twice, a genesis keeping fewer than pushed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.option(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 20 })), { freq: 2 }), steps, fc.array(fc.integer({ min: -5, max: 1100 }), { maxLength: 4 }), (initial, genesis, ops: Step[], sinceThousandths) => {
        const { store, oracle, params } = setup(initial);
        let height = 0;
        let seconds = 0;
        let pushed = 0;
        if (genesis) {
          // the newest `kept` of `kept + missing` pushes, as an export of a ring that lost its oldest slots
          const kept = Math.min(genesis[0], initial);
          const prices = Array.from({ length: kept }, () => ({ price: String(++pushed), height: ++height, time_ns: String(BigInt(++seconds) * 1_000_000_000n) }));
          const ctx: Context = { store, chainId: "t", height: 0n, timeNs: 0n, mode: "block", gas: infiniteGasMeter(), events: [] };
          oracleModule(oracle, new StakingKeeper()).initGenesis?.(ctx, { params, price_history: [{ asset: "BTC", count: String(kept + genesis[1]), prices }] });
        }
        for (const step of ops) {
          if ("length" in step) {
            oracle.setParams(store, { ...params, history_length: step.length });
          } else {
            for (const { heightStep, seconds: elapsed } of step.push) {
              // a height step of 0 is a second tally in one block: same height, same time
              height += heightStep;
              if (heightStep > 0) seconds += elapsed;
              oracle.pushHistory(store, "BTC", { price: String(++pushed), height, time_ns: String(BigInt(seconds) * 1_000_000_000n) });
            }
          }
          const full = wholeRing(oracle, store, "BTC");
          expect([...oracle.newestHistory(store, "BTC")]).toEqual([...full].reverse());
          expect(oracle.oldestHistory(store, "BTC")).toEqual(full[0]);
          const spanNs = BigInt(seconds + 1) * 1_000_000_000n;
          for (const thousandths of sinceThousandths) {
            const sinceNs = (spanNs * BigInt(thousandths)) / 1000n;
            expect(oracle.history(store, "BTC", sinceNs)).toEqual(full.filter((point) => point.timeNs >= sinceNs));
          }
          // a reader that stops early has parsed only the newest: the first n it is given are the newest n
          const newest = oracle.newestHistory(store, "BTC");
          for (const expected of [...full].reverse().slice(0, 3)) expect(newest.next().value).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("keeps the newest history_length prices, whatever history_length was before", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), ops, (initial, steps: Op[]) => {
        const { store, oracle, params } = setup(initial);
        let length = initial;
        let height = 0;
        let kept: number[] = [];
        for (const step of steps) {
          if ("length" in step) {
            length = step.length;
            oracle.setParams(store, { ...params, history_length: length });
          } else {
            for (let i = 0; i < step.push; i++) {
              height += 1 + (i % 3);
              oracle.pushHistory(store, "BTC", { price: String(height), height, time_ns: String(height * 1000) });
              kept.push(height);
            }
          }
          kept = kept.slice(-length);
          const full = oracle.history(store, "BTC");
          expect(full.map((point) => Number(point.height))).toEqual(kept);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("growing history_length by governance keeps the newest prices, not older ones in their place", () => {
    const { store, oracle, params } = setup(3);
    for (let height = 1; height <= 8; height++) oracle.pushHistory(store, "BTC", { price: String(height), height, time_ns: String(height) });
    oracle.setParams(store, { ...params, history_length: 5 });
    oracle.pushHistory(store, "BTC", { price: "9", height: 9, time_ns: "9" });
    oracle.pushHistory(store, "BTC", { price: "10", height: 10, time_ns: "10" });
    oracle.pushHistory(store, "BTC", { price: "11", height: 11, time_ns: "11" });
    expect(oracle.history(store, "BTC").map((point) => point.height)).toEqual([7n, 8n, 9n, 10n, 11n]);
  });

  test("a genesis history out of height or time order is refused: tallies are pushed oldest first", () => {
    const { store, oracle, params } = setup(5);
    const ctx: Context = { store, chainId: "t", height: 0n, timeNs: 0n, mode: "block", gas: infiniteGasMeter(), events: [] };
    const prices = [3, 1, 2].map((height) => ({ price: String(height), height, time_ns: String(height) }));
    expect(() => oracleModule(oracle, new StakingKeeper()).initGenesis?.(ctx, { params, price_history: [{ asset: "BTC", count: "3", prices }] })).toThrow(/height/);
  });
});
