// The price-history ring keeps the newest history_length prices through any pushes and changes of history_length
// by governance.
import fc from "fast-check";
import { Branch } from "../../app/store/branch";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { OracleKeeper } from "./keeper";
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

describe("price history ring", () => {
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
