// Issue 10, weakness 4: the liquidation penalty. It was 0.5 % of spot per contract per leg, embedded in the
// closing price, so a deep-OTM short paid it on a position worth ~0, a spread paid it twice, it could push a
// solvent account under water, and a resting maker filled at that price collected it instead of the fund.
// Accounts are set up straight in a branch of real app state (prices tallied by the real oracle), then the
// real end-block liquidation runs on it.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { depositCollateralMsg, placeOrderMsg } from "../client/options";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import type { KVStore } from "../app/store/types";
import { DEC_ONE, decToInt, mulDiv } from "../lib/fixed";
import { setAuction } from "../modules/options/auction";
import { INSURANCE_FUND_ADDRESS } from "../modules/options/keeper";
import { runLiquidations } from "../modules/options/liquidation";
import { Account, Market, valueAccount } from "../modules/options/risk";
import { OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(180_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(7 * 86_400);
const ownerOf = (i: number) => createHash("sha256").update(`liquidation test owner ${i}`).digest().subarray(0, 20);
const A = ownerOf(1);
const B = ownerOf(2);

let chain: OptionsChain;
const idOf = (strike: number) => BigInt(Number(chain.seriesList().find((s) => s.name === `BTC-${EXPIRY}-${strike}-P`)!.id));

beforeAll(async () => {
  chain = await OptionsChain.start({
    accounts: 2,
    fund: 1_000_000n * USDC,
    listings: [{ underlying: "BTC", strikes: [BTC(30_000), BTC(31_000), BTC(40_000)], expiries_unix: [EXPIRY], kinds: ["put"], contract_size: "1" }],
  });
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
});
afterAll(() => chain.close());

const nowNs = () => BigInt(chain.nowUnix) * 1_000_000_000n;
const market = (store: KVStore) => new Market(chain.app.options, store, nowNs(), "confirmed");
const valuation = (store: KVStore, owner: Uint8Array) => valueAccount(market(store), Account.load(chain.app.options, store, owner));
const cashSum = (store: KVStore) => chain.app.options.everyCollateral(store).reduce((sum, c) => sum + (c.denom === "uusdc" ? c.amount : 0n), 0n);

/**
 * A holds `legs` (B the opposite), with uusdc set so that A's equity is exactly `equity(mm)`, and A's auction
 * reached its floor with no bid: the liquidation that follows closes against the book, then the fund.
 */
function setUp(store: KVStore, legs: Array<[bigint, bigint]>, equity: (mm: bigint) => bigint): void {
  const keeper = chain.app.options;
  setAuction(store, A, BigInt(chain.height + 1 - keeper.params(store).auction_blocks));
  for (const [id, qty] of legs) {
    keeper.setPosition(store, A, id, qty, 0n);
    keeper.setPosition(store, B, id, -qty, 0n);
  }
  keeper.setCollateral(store, B, "uusdc", 10_000_000n * USDC);
  const bare = valuation(store, A);
  keeper.setCollateral(store, A, "uusdc", equity(bare.mm) - bare.positionValue);
}

function liquidateOnce(store: KVStore) {
  const ctx: Context = { store, chainId: "t", height: BigInt(chain.height + 1), timeNs: nowNs(), mode: "block", gas: infiniteGasMeter(), events: [] };
  runLiquidations(ctx, chain.app.options);
  return ctx.events.map((e) => ({ type: e.type, ...Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) }) as Record<string, string>);
}

/** Closes trade at whole-uusdc prices per contract rounded against the account: up to 1 uusdc each. */
const ROUNDING = 100n;

/** What the fund gained, at mark, and what A lost, at mark: the penalty, since every close is at mark. */
function outcome(store: Branch, legs: Array<[bigint, bigint]>, equity: (mm: bigint) => bigint) {
  setUp(store, legs, equity);
  const before = { a: valuation(store, A), fund: valuation(store, INSURANCE_FUND_ADDRESS), cash: cashSum(store) };
  const events = liquidateOnce(store);
  const after = { a: valuation(store, A), fund: valuation(store, INSURANCE_FUND_ADDRESS) };
  expect(cashSum(store)).toBe(before.cash);
  const penalty = chain.app.options.params(store).liquidation_penalty;
  return { before, after, events, fundGain: after.fund.equity - before.fund.equity, rate: BigInt(Math.round(Number(penalty) * 1e6)) };
}

describe("the liquidation penalty scales with the margin released and goes to the fund", () => {
  test("a put spread pays once, in proportion to the margin it releases, not 0.5 % of spot per leg", () => {
    const store = new Branch(chain.app.store);
    const { before, after, events, fundGain, rate } = outcome(store, [[idOf(31_000), -10n], [idOf(30_000), 10n]], (mm) => (mm * 9n) / 10n);
    expect(events.some((e) => e.type === "liquidation")).toBe(true);
    expect(before.a.mm).toBeGreaterThan(0n);
    // the fund's gain is the penalty: at most the rate × the MM the liquidation released (a few uusdc of rounding)
    expect(fundGain).toBeGreaterThan(0n);
    expect(fundGain).toBeLessThanOrEqual(mulDiv(before.a.mm - after.a.mm, rate, 1_000_000n, "up") + ROUNDING);
    expect(after.a.equity).toBeGreaterThanOrEqual(0n);
    const charged = events.filter((e) => e.type === "liquidation_penalty");
    expect(charged).toHaveLength(1);
    expect(fundGain - BigInt(charged[0].amount)).toBeLessThanOrEqual(ROUNDING);
  });

  test("the penalty never takes more than the account's remaining equity", () => {
    const store = new Branch(chain.app.store);
    const { before, after, events, fundGain } = outcome(store, [[idOf(30_000), -10n]], () => 200n * USDC);
    expect(events.some((e) => e.type === "insurance_fund_takeover")).toBe(false);
    expect(before.a.equity).toBe(200n * USDC);
    expect(fundGain).toBeLessThanOrEqual(before.a.equity);
    expect(after.a.equity).toBeGreaterThanOrEqual(0n);
    expect(chain.app.options.positions(store, INSURANCE_FUND_ADDRESS).length + chain.app.options.positions(store, A).length).toBeGreaterThan(0);
  });

  test("a resting maker asking above mark is not paid the penalty", async () => {
    const store0 = new Branch(chain.app.store);
    const id = idOf(40_000);
    const mark = market(store0).engine.seriesRisk(market(store0).series(id).series).markUp;
    const tick = BigInt(chain.app.options.params(store0).min_price_tick);
    const ask = ((decToInt(mark, "up") + 100n * USDC + tick - 1n) / tick) * tick;
    const maker = chain.accounts[1].address;
    const placed = await chain.block([
      await chain.sign(1, [depositCollateralMsg(maker, "uusdc", 1_000_000n * USDC)]),
      await chain.sign(1, [placeOrderMsg({ owner: maker, seriesId: Number(id), side: "sell", quantity: 10, price: ask })]),
    ]);
    expect(placed.txResults.map((r) => r.log)).toEqual(["", ""]);
    const store = new Branch(chain.app.store);
    const { events, fundGain } = outcome(store, [[id, -10n]], (mm) => mm / 2n);
    const closes = events.filter((e) => e.type === "liquidation_close");
    expect(closes.length).toBeGreaterThan(0);
    for (const close of closes) expect(BigInt(close.price) * DEC_ONE).toBeLessThanOrEqual(mark + DEC_ONE);
    expect(closes.some((c) => c.counterparty === "book")).toBe(false);
    expect(fundGain).toBeGreaterThan(0n);
  });

  test("property: any book of short and long puts under maintenance — the fund gains at most rate × MM released and never more than the equity there was", () => {
    const ids = [30_000, 31_000, 40_000].map(idOf);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 99 }),
        (quantities, percent) => {
          const legs = quantities.map((q, i): [bigint, bigint] => [ids[i], BigInt(q)]).filter(([, q]) => q !== 0n);
          if (!legs.some(([, q]) => q < 0n)) return;
          const store = new Branch(chain.app.store);
          const { before, after, fundGain, rate } = outcome(store, legs, (mm) => (mm * BigInt(percent)) / 100n);
          if (before.a.mm === 0n) return;
          expect(fundGain).toBeLessThanOrEqual(mulDiv(before.a.mm - after.a.mm, rate, 1_000_000n, "up") + ROUNDING);
          expect(fundGain).toBeLessThanOrEqual(before.a.equity + ROUNDING);
          expect(after.a.equity).toBeGreaterThanOrEqual(0n);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("auto-deleveraging when the fund cannot absorb a loss", () => {
  /** A is insolvent, short `aShort` of the 40,000 put; the fund holds nothing, so A is deleveraged. */
  function insolvent(store: Branch, aShort: bigint) {
    const keeper = chain.app.options;
    keeper.setCollateral(store, INSURANCE_FUND_ADDRESS, "uusdc", 0n);
    keeper.setPosition(store, A, idOf(40_000), -aShort, 0n);
    const bare = valuation(store, A);
    keeper.setCollateral(store, A, "uusdc", -bare.positionValue - 100n * USDC);
  }

  test("counterparties are picked by profit × leverage, not profit alone", () => {
    const store = new Branch(chain.app.store);
    const keeper = chain.app.options;
    const id = idOf(40_000);
    const mark = decToInt(market(store).engine.seriesRisk(market(store).series(id).series).markDown, "down");
    const [rich, levered] = [ownerOf(10), ownerOf(11)];
    // rich: twice the profit, on 10,000,000 USDC; levered: half as much profit, on ~1,000 USDC
    keeper.setPosition(store, rich, id, 10n, 0n);
    keeper.setCollateral(store, rich, "uusdc", 10_000_000n * USDC);
    keeper.setPosition(store, levered, id, 10n, 5n * mark);
    keeper.setCollateral(store, levered, "uusdc", 1_000n * USDC);
    keeper.setPosition(store, B, id, -10n, 0n);
    keeper.setCollateral(store, B, "uusdc", 10_000_000n * USDC);
    insolvent(store, 10n);
    const events = liquidateOnce(store);
    const adl = events.filter((e) => e.type === "liquidation_close" && e.counterparty === "adl");
    expect(adl.map((e) => e.counterparty_address)).toEqual([Account.load(keeper, store, levered).address]);
    expect(keeper.positions(store, rich)).toEqual([expect.objectContaining({ qty: 10n })]);
  });

  test("ADL reads a bounded page of the series' holders, however many there are", () => {
    const store = new Branch(chain.app.store);
    const keeper = chain.app.options;
    keeper.setParams(store, { ...keeper.params(store), max_fills_per_order: 5 });
    const id = idOf(40_000);
    for (let i = 0; i < 20; i++) {
      keeper.setPosition(store, ownerOf(100 + i), id, 1n, 0n);
      keeper.setCollateral(store, ownerOf(100 + i), "uusdc", 1_000n * USDC);
    }
    insolvent(store, 20n);
    const events = liquidateOnce(store);
    const adl = events.filter((e) => e.type === "liquidation_close" && e.counterparty === "adl");
    expect(adl.length).toBeGreaterThan(0);
    expect(adl.length).toBeLessThanOrEqual(5);
  });
});

describe("the insurance fund takes positions only within max_fund_margin", () => {
  test("with no bid in the book, a liquidation past the cap is deleveraged against traders and the fund's MM stays within it", () => {
    const store = new Branch(chain.app.store);
    const keeper = chain.app.options;
    const cap = 1_000n * USDC;
    keeper.setParams(store, { ...keeper.params(store), max_fund_margin: cap.toString() });
    const { before, events } = outcome(store, [[idOf(40_000), -10n]], (mm) => mm / 2n);
    expect(before.a.mm).toBeGreaterThan(cap);
    expect(valuation(store, INSURANCE_FUND_ADDRESS).mm).toBeLessThanOrEqual(cap);
    expect(events.filter((e) => e.type === "liquidation_close").map((e) => e.counterparty)).not.toContain("insurance_fund");
    expect(events.some((e) => e.type === "liquidation_close" && e.counterparty === "adl")).toBe(true);
  });

  test("property: whatever the book under maintenance and the cap, the fund ends within the cap or no riskier than before", () => {
    const ids = [30_000, 31_000, 40_000].map(idOf);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -50, max: 99 }),
        fc.bigInt({ min: 0n, max: 20_000n }),
        (quantities, percent, capUsd) => {
          const legs = quantities.map((q, i): [bigint, bigint] => [ids[i], BigInt(q)]).filter(([, q]) => q !== 0n);
          if (legs.length === 0) return;
          const store = new Branch(chain.app.store);
          const keeper = chain.app.options;
          keeper.setParams(store, { ...keeper.params(store), max_fund_margin: (capUsd * USDC).toString() });
          outcome(store, legs, (mm) => (mm * BigInt(percent)) / 100n);
          expect(valuation(store, INSURANCE_FUND_ADDRESS).mm).toBeLessThanOrEqual(capUsd * USDC);
        },
      ),
      { numRuns: 40 },
    );
  });
});
