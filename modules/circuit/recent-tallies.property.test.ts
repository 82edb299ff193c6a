// The breaker reads only the tallies it needs, newest first (latestHistory), instead of the oracle's whole ring:
// held to the full read it replaced, which stays here as the reference (every kept tally handed to the rule).
import fc from "fast-check";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import type { AppModule } from "../../app/module";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { MsgRouter } from "../../app/tx/router";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { GovKeeper } from "../gov/keeper";
import { OracleKeeper } from "../oracle/keeper";
import { DEFAULT_PARAMS as ORACLE_DEFAULTS } from "../oracle/params";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import type { PriceHistory } from "./expected";
import { CircuitKeeper } from "./keeper";
import { type CircuitParams, DEFAULT_PARAMS } from "./params";

const SECOND = 1_000_000_000n;

function chain(params: Partial<CircuitParams>, historyLength: number, fullRead: boolean) {
  const committed = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  oracle.setParams(committed, { ...ORACLE_DEFAULTS, history_length: historyLength, assets: [{ name: "BTC", vote_threshold: "0.5" }] });
  const modules: AppModule[] = [];
  const gov = new GovKeeper({ bank, validators: staking, router: new MsgRouter(modules), gate: { allow: (ctx, typeUrl) => circuit.allow(ctx, typeUrl) } });
  const reference: PriceHistory = {
    history: (state, asset, sinceNs) => oracle.history(state, asset, sinceNs),
    twapOf: (state, asset, history, fromNs, toNs) => oracle.twapOf(state, asset, history, fromNs, toNs),
    latestHistory: (state: KVReader, asset: string) => [...oracle.history(state, asset)].reverse(),
    oldestHistory: (state: KVReader, asset: string) => oracle.history(state, asset)[0],
  };
  const circuit: CircuitKeeper = new CircuitKeeper({ prices: fullRead ? reference : oracle, gov, committed });
  circuit.setParams(committed, { ...DEFAULT_PARAMS, ...params, price_breaker_assets: [{ name: "BTC", max_price_jump: "0.1" }] });
  return { committed, oracle, circuit };
}

const block = fc.record({
  tallies: fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 2 }),
  seconds: fc.integer({ min: 1, max: 8 }),
});

describe("breaker reads of the oracle's history", () => {
  test("the newest tallies read backwards give the same trackers, confirmed prices, freezes and events as the whole ring", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0, 3, 10, 40),
        fc.integer({ min: 0, max: 3 }),
        fc.array(block, { minLength: 1, maxLength: 30 }),
        (historyLength, twapWindow, confirmations, blocks) => {
          const params = { twap_window_seconds: twapWindow, confirmations, max_price_age_seconds: 20, cooldown_blocks: 3 };
          const fast = chain(params, historyLength, false);
          const full = chain(params, historyLength, true);
          let height = 0;
          let seconds = 0n;
          let price = 60_000;
          for (const { tallies, seconds: step } of blocks) {
            height++;
            seconds += BigInt(step);
            const results = [fast, full].map(({ committed, oracle, circuit }) => {
              const store = new Branch(committed);
              const ctx: Context = { store, chainId: "t", height: BigInt(height), timeNs: seconds * SECOND, mode: "block", gas: infiniteGasMeter(), events: [] };
              let p = price;
              tallies.forEach((move, i) => {
                p = Math.max(1, Math.round(p * (1 + move / 100)));
                const stored = { price: String(p), height: height * 10 + i, time_ns: (seconds * SECOND + BigInt(i)).toString() };
                oracle.setStoredPrice(store, "BTC", stored);
                oracle.pushHistory(store, "BTC", stored);
              });
              const liquidation = circuit.liquidationPrice(store, "BTC", ctx.timeNs);
              circuit.checkPrices(ctx);
              store.write();
              return { p, liquidation, events: ctx.events, state: committed.iterate(new Uint8Array()).map(([k, v]) => [Buffer.from(k).toString("hex"), Buffer.from(v).toString()]) };
            });
            price = results[0].p;
            expect(results[0]).toEqual(results[1]);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
