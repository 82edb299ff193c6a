// Matching properties over random order flows, run through the options keeper of a real in-process app
// (genesis, oracle prices and deposits made by real blocks). Every order is placed in its own branch, as a tx
// is, and judged against a snapshot of the book taken just before it:
//   - quantity and cash are conserved: fills move contracts and premium between accounts, never create them;
//   - the book is never crossed after an order;
//   - an IOC order never rests; a post-only order never takes;
//   - price-time priority: a taker meets resting orders best price first, oldest first within a price;
//   - a refused order changes nothing and fails with a registered error.
import fc from "fast-check";
import { depositCollateralMsg } from "../../client/options";
import { accAddressBytes } from "../../app/address";
import { DEFAULT_CHAIN_ID } from "../../app/config";
import type { Context } from "../../app/context";
import { AppError } from "../../app/errors";
import { infiniteGasMeter } from "../../app/gas";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { decToInt } from "../../lib/fixed";
import { OptionsChain, USDC } from "../../test/helpers/options";
import { placeOrder } from "./book";
import type { OrderSide, TimeInForce } from "./keeper";
import { Market } from "./risk";

jest.setTimeout(300_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(7 * 86_400);
const TICK = 10_000n;
const ACCOUNTS = 6;

let chain: OptionsChain;
let seriesIds: bigint[];
/** Mark per contract of each series, in uusdc, at the time the orders run. */
const marks = new Map<bigint, bigint>();

beforeAll(async () => {
  chain = await OptionsChain.start({
    accounts: ACCOUNTS,
    listings: [{ underlying: "BTC", strikes: [BTC(55_000), BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["call", "put"], contract_size: "0.1" }],
  });
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
  // the last account is thin, so some of its orders and fills are refused for margin
  const deposits = await Promise.all(
    chain.accounts.map((a, i) => chain.sign(i, [depositCollateralMsg(a.address, "uusdc", (i === ACCOUNTS - 1 ? 3_000n : 2_000_000n) * USDC)])),
  );
  const { txResults } = await chain.block(deposits);
  expect(txResults.map((r) => r.code)).toEqual(deposits.map(() => 0));
  seriesIds = chain.seriesList().map((s) => BigInt(s.id!));
  const market = new Market(chain.app.options, chain.app.store, nowNs());
  for (const id of seriesIds) marks.set(id, decToInt(market.engine.seriesRisk(market.series(id).series).markDown, "down"));
});
afterAll(() => chain.close());

/** The orders run in the block after the last committed one, within the oracle's freshness. */
const nowNs = () => BigInt(OptionsChain.timeOf(chain.height + 1)) * 1_000_000_000n;

interface OrderSpec {
  account: number;
  series: number;
  side: OrderSide;
  tif: TimeInForce;
  qty: number;
  /** Price as basis points away from the mark; far ones are absurd prices (refused by the price band). */
  offsetBp: number;
}

const orderSpec: fc.Arbitrary<OrderSpec> = fc.record({
  account: fc.integer({ min: 0, max: ACCOUNTS - 1 }),
  // two of the four books, so orders meet often
  series: fc.integer({ min: 0, max: 1 }),
  side: fc.constantFrom<OrderSide>("buy", "sell"),
  tif: fc.constantFrom<TimeInForce>("gtc", "gtc", "ioc", "post_only"),
  qty: fc.integer({ min: 1, max: 8 }),
  offsetBp: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -400, max: 400 }) }, { weight: 1, arbitrary: fc.integer({ min: -9_900, max: 100_000 }) }),
});

function priceOf(spec: OrderSpec): bigint {
  const mark = marks.get(seriesIds[spec.series])!;
  const raw = mark + (mark * BigInt(spec.offsetBp)) / 10_000n;
  const ticks = raw / TICK;
  return (ticks > 0n ? ticks : 1n) * TICK;
}

interface Snapshot {
  /** Resting orders of the opposite side, best first, oldest first within a price. */
  opposite: Array<{ id: bigint; price: bigint; remaining: bigint; owner: string }>;
  cash: bigint;
  positions: Map<string, bigint>;
  openQty: Map<bigint, bigint>;
}

function snapshot(state: KVReader, seriesId: bigint, side: OrderSide): Snapshot {
  const keeper = chain.app.options;
  const positions = new Map<string, bigint>();
  const openQty = new Map<bigint, bigint>();
  for (const p of keeper.everyPosition(state)) {
    positions.set(`${Buffer.from(p.owner).toString("hex")}/${p.seriesId}`, p.qty);
    openQty.set(p.seriesId, (openQty.get(p.seriesId) ?? 0n) + p.qty);
  }
  return {
    opposite: keeper.bookOrders(state, seriesId, side === "buy" ? "ask" : "bid").map((o) => ({ id: BigInt(o.id), price: BigInt(o.price), remaining: BigInt(o.remaining), owner: o.owner })),
    cash: keeper.everyCollateral(state).reduce((sum, c) => sum + (c.denom === "uusdc" ? c.amount : 0n), 0n),
    positions,
    openQty,
  };
}

const attr = (e: { attributes: Array<{ key: string; value: string }> }, key: string) => e.attributes.find((a) => a.key === key)?.value;

function assertNotCrossed(state: KVReader): void {
  for (const id of seriesIds) {
    const bid = chain.app.options.bookOrders(state, id, "bid", 1)[0];
    const ask = chain.app.options.bookOrders(state, id, "ask", 1)[0];
    if (bid && ask) expect(BigInt(bid.price)).toBeLessThan(BigInt(ask.price));
  }
}

/** What the flows did, so a run that only ever refused orders cannot pass as a check of matching. */
const seen = { placed: 0, refused: new Map<string, number>(), fills: 0, rested: 0 };

/** Places one order in its own branch and checks every matching property against the state before it. */
function placeAndCheck(state: Branch, spec: OrderSpec): void {
  const keeper = chain.app.options;
  const seriesId = seriesIds[spec.series];
  const owner = chain.accounts[spec.account].address;
  const price = priceOf(spec);
  const before = snapshot(state, seriesId, spec.side);
  const tx = new Branch(state);
  const ctx: Context = { store: tx, chainId: DEFAULT_CHAIN_ID, height: BigInt(chain.height + 1), timeNs: nowNs(), mode: "finalize", gas: infiniteGasMeter(), events: [] };
  let result;
  try {
    result = placeOrder(ctx, keeper, { owner, seriesId, side: spec.side, quantity: BigInt(spec.qty), price, timeInForce: spec.tif, clientOrderId: "" });
  } catch (err) {
    // refused: a registered error, and the branch (everything it wrote) is dropped as the tx pipeline does
    expect(err).toBeInstanceOf(AppError);
    const { codespace, code, message } = err as AppError;
    expect(codespace).toBe("options");
    const reason = `${code} ${message.slice(message.lastIndexOf(": ") + 2)}`;
    seen.refused.set(reason, (seen.refused.get(reason) ?? 0) + 1);
    return;
  }
  tx.write();
  seen.placed += 1;
  seen.fills += result.fills.length;
  if (result.resting > 0n) seen.rested += 1;
  const after = snapshot(state, seriesId, spec.side);

  // IOC never rests, post-only never takes
  if (spec.tif === "ioc") expect(result.resting).toBe(0n);
  if (spec.tif === "post_only") expect(result.fills).toEqual([]);
  const own = keeper.order(state, result.orderId);
  expect(own === undefined ? 0n : BigInt(own.remaining)).toBe(result.resting);
  expect(result.filled + result.resting).toBeLessThanOrEqual(BigInt(spec.qty));

  // fills never worse than the limit; together they are the order's filled quantity
  for (const fill of result.fills) expect(spec.side === "buy" ? fill.price <= price : fill.price >= price).toBe(true);
  expect(result.fills.reduce((s, f) => s + f.quantity, 0n)).toBe(result.filled);

  // price-time priority: the makers touched (filled or cancelled on the way) are a prefix of the book as it was
  const touched: bigint[] = [];
  for (const e of ctx.events) {
    const id = e.type === "order_filled" ? attr(e, "maker_order_id") : e.type === "order_cancelled" ? attr(e, "order_id") : undefined;
    if (id !== undefined && BigInt(id) !== result.orderId && touched[touched.length - 1] !== BigInt(id)) touched.push(BigInt(id));
  }
  expect(touched).toEqual(before.opposite.slice(0, touched.length).map((o) => o.id));
  // every maker before the last touched one is gone from the book; the last may have filled in part
  for (const o of before.opposite.slice(0, Math.max(0, touched.length - 1))) expect(keeper.order(state, o.id)).toBeUndefined();
  // a resting remainder means nothing crossing it was left behind
  if (result.resting > 0n) {
    const best = after.opposite[0];
    if (best) expect(spec.side === "buy" ? best.price > price : best.price < price).toBe(true);
  }

  // conservation: premium only moves between accounts, contracts only between taker and makers
  expect(after.cash).toBe(before.cash);
  for (const [id, qty] of after.openQty) expect({ id, qty }).toEqual({ id, qty: 0n });
  const takerKey = `${Buffer.from(accAddressBytes(owner)).toString("hex")}/${seriesId}`;
  const takerDelta = (after.positions.get(takerKey) ?? 0n) - (before.positions.get(takerKey) ?? 0n);
  expect(takerDelta).toBe(spec.side === "buy" ? result.filled : -result.filled);
  for (const fill of result.fills) expect(fill.maker).not.toBe(owner);

  assertNotCrossed(state);
}

describe("order book matching properties (real keeper, real app state)", () => {
  test("random order flows: conservation, uncrossed book, IOC/post-only semantics, price-time priority", () => {
    fc.assert(
      fc.property(fc.array(orderSpec, { minLength: 5, maxLength: 30 }), (specs) => {
        const state = new Branch(chain.app.store);
        for (const spec of specs) placeAndCheck(state, spec);
      }),
      { numRuns: Number(process.env.BOOK_RUNS ?? 60) },
    );
    console.log(JSON.stringify({ ...seen, refused: Object.fromEntries(seen.refused) }));
    expect(seen.fills).toBeGreaterThan(50);
    expect(seen.rested).toBeGreaterThan(100);
  });

  test("a taker sweeps equal prices oldest first, and better prices before them", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 10 }), fc.integer({ min: 1, max: 30 }), (levels, takeQty) => {
        const state = new Branch(chain.app.store);
        // makers 1..4 rest asks at a few price levels around the mark; account 0 then buys through them
        levels.forEach((level, i) => placeAndCheck(state, { account: 1 + (i % 4), series: 1, side: "sell", tif: "gtc", qty: 2, offsetBp: 100 + level * 50 }));
        placeAndCheck(state, { account: 0, series: 1, side: "buy", tif: "ioc", qty: takeQty, offsetBp: 400 });
      }),
      { numRuns: 40 },
    );
  });
});
