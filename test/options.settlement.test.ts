// Issue 10, weakness 6: a short who cannot pay at settlement. Shorts were debited without a check, so an
// account left owing more than it held ended with a uusdc debt nothing backed: the longs had been paid out of
// the pooled collateral of everyone else. Now each short pays what it can, the fund covers the rest, and
// what the fund cannot cover is shared pro rata by that series' longs, with an event. Positions are set up in
// a branch of real app state (prices tallied by the real oracle); the real end-block settlement runs on it.
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import type { KVStore } from "../app/store/types";
import { openInterestViolations } from "../modules/circuit/invariants";
import { INSURANCE_FUND_ADDRESS } from "../modules/options/keeper";
import { runSettlements } from "../modules/options/settlement";
import { OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(180_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(3600);
const ownerOf = (i: number) => createHash("sha256").update(`settlement test owner ${i}`).digest().subarray(0, 20);
const SHORT = ownerOf(1);
const THIRD = ownerOf(2);
const LONGS = [ownerOf(3), ownerOf(4)];

let chain: OptionsChain;
beforeAll(async () => {
  chain = await OptionsChain.start({
    accounts: 1,
    fund: 1_000_000n * USDC,
    listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["put"], contract_size: "1" }],
  });
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
});
afterAll(() => chain.close());

const cash = (store: KVStore, owner: Uint8Array) => chain.app.options.collateral(store, owner, "uusdc");
const total = (store: KVStore) => chain.app.options.everyCollateral(store).reduce((sum, c) => sum + (c.denom === "uusdc" ? c.amount : 0n), 0n);
const debts = (store: KVStore) => chain.app.options.everyCollateral(store).filter((c) => c.amount < 0n);

/**
 * The series settles at 40,000 (each long is owed 20,000 USDC per contract); SHORT wrote every long's contracts
 * with `shortCash` uusdc; THIRD holds 1,000,000 USDC and no position; the fund holds `fundCash`.
 */
function settle(longs: bigint[], shortCash: bigint, fundCash: bigint, budget: number) {
  const keeper = chain.app.options;
  const store = new Branch(chain.app.store);
  keeper.setParams(store, { ...keeper.params(store), max_settlement_items_per_block: budget });
  const written = longs.reduce((a, b) => a + b, 0n);
  longs.forEach((qty, i) => keeper.setPosition(store, LONGS[i], 1n, qty, qty * 100n * USDC));
  keeper.setPosition(store, SHORT, 1n, -written, -written * 100n * USDC);
  keeper.setCollateral(store, SHORT, "uusdc", shortCash);
  keeper.setCollateral(store, THIRD, "uusdc", 1_000_000n * USDC);
  keeper.setCollateral(store, INSURANCE_FUND_ADDRESS, "uusdc", fundCash);
  keeper.setSeries(store, { ...keeper.mustSeries(store, 1n), status: "settling", settlement_price: BTC(40_000) });
  const start = total(store);
  const events: Array<Record<string, string>> = [];
  for (let block = 0; keeper.mustSeries(store, 1n).status !== "settled"; block++) {
    expect(block).toBeLessThan(20);
    const ctx: Context = { store, chainId: "t", height: 10n, timeNs: BigInt(EXPIRY + 60) * 1_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] };
    runSettlements(ctx, keeper);
    events.push(...ctx.events.map((e) => ({ type: e.type, ...Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) })));
    // uusdc is only moved, never made, and every block leaves open long = open short
    expect(total(store)).toBe(start);
    expect(openInterestViolations(keeper.everyPosition(store))).toEqual([]);
  }
  expect(keeper.everyPosition(store)).toEqual([]);
  return { store, events };
}

describe("a short who cannot pay at settlement", () => {
  test("pays what it holds; the fund covers the rest; nobody else's collateral is touched", () => {
    const { store, events } = settle([6n, 4n], 50_000n * USDC, 1_000_000n * USDC, 100);
    // the short owed 200,000 USDC and held 50,000: it ends with nothing, not with a debt on the pool
    expect(debts(store)).toEqual([]);
    expect(cash(store, SHORT)).toBe(0n);
    expect(cash(store, THIRD)).toBe(1_000_000n * USDC);
    expect(cash(store, LONGS[0])).toBe(120_000n * USDC);
    expect(cash(store, LONGS[1])).toBe(80_000n * USDC);
    expect(cash(store, INSURANCE_FUND_ADDRESS)).toBe(850_000n * USDC);
    expect(events.filter((e) => e.type === "settlement_shortfall")).toEqual([
      expect.objectContaining({ series_id: "1", shortfall: (150_000n * USDC).toString(), covered_by_fund: (150_000n * USDC).toString(), socialised: "0" }),
    ]);
  });

  test("what the fund cannot cover is shared pro rata by the series' longs, with an event", () => {
    const { store, events } = settle([6n, 4n], 50_000n * USDC, 50_000n * USDC, 1);
    expect(debts(store)).toEqual([]);
    expect(cash(store, THIRD)).toBe(1_000_000n * USDC);
    // 100,000 USDC to share for 200,000 owed: each long gets half, whichever block it was paid in
    expect(cash(store, LONGS[0])).toBe(60_000n * USDC);
    expect(cash(store, LONGS[1])).toBe(40_000n * USDC);
    expect(cash(store, INSURANCE_FUND_ADDRESS)).toBe(0n);
    expect(events.filter((e) => e.type === "settlement_shortfall")).toEqual([
      expect.objectContaining({ series_id: "1", shortfall: (150_000n * USDC).toString(), covered_by_fund: (50_000n * USDC).toString(), socialised: (100_000n * USDC).toString() }),
    ]);
  });

  test("property: any longs, short cash, fund and budget — no debt left, the third party untouched, longs cut by one ratio", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 20n }), { minLength: 1, maxLength: 2 }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.integer({ min: 1, max: 4 }),
        (longs, shortUsd, fundUsd, budget) => {
          const { store } = settle(longs, shortUsd * USDC, fundUsd * USDC, budget);
          expect(debts(store)).toEqual([]);
          expect(cash(store, THIRD)).toBe(1_000_000n * USDC);
          const owed = longs.map((q) => q * 20_000n * USDC);
          const owedTotal = owed.reduce((a, b) => a + b, 0n);
          const available = shortUsd * USDC + fundUsd * USDC;
          longs.forEach((_, i) => {
            const expected = available >= owedTotal ? owed[i] : (owed[i] * available) / owedTotal;
            expect(cash(store, LONGS[i])).toBe(expected);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
