// Order placement and matching. Matching happens when the order is executed — inside FinalizeBlock, in the
// order the proposer put the txs — rather than in a batch at end-block: the tx result then carries the fills
// (a wallet sees them in its DeliverTxResponse), IOC and post-only mean "at arrival", and a risk check that
// fails refuses the tx with its reason instead of cancelling an order silently later.

import { accAddressBytes } from "../../app/address";
import type { Context } from "../../app/context";
import type { RegisteredError } from "../../app/errors";
import { decFromString, decMul, decToInt } from "../../lib/fixed";
import { MissingMarketError } from "../../lib/margin";
import {
  ErrBelowMaintenance,
  ErrDuplicateClientOrderId,
  ErrInsufficientCash,
  ErrInsufficientMargin,
  ErrInvalidOrder,
  ErrNoMarketData,
  ErrPostOnlyWouldCross,
  ErrPriceOutsideBand,
  ErrSeriesNotTrading,
  ErrTooManyOrders,
  ErrTooManyPositions,
} from "./errors";
import * as events from "./events";
import { type OptionsKeeper, type OrderRecord, type OrderSide, type SeriesRecord, type TimeInForce } from "./keeper";
import { Account, Market, valueAccount } from "./risk";

/** Accounts touched while matching, loaded once and saved together. */
export class AccountCache {
  private readonly accounts = new Map<string, Account>();
  constructor(
    private readonly keeper: OptionsKeeper,
    private readonly ctx: Context,
  ) {}

  get(owner: Uint8Array): Account {
    const id = Buffer.from(owner).toString("hex");
    let account = this.accounts.get(id);
    if (!account) {
      account = Account.load(this.keeper, this.ctx.store, owner);
      this.accounts.set(id, account);
    }
    return account;
  }

  saveAll(): void {
    for (const id of [...this.accounts.keys()].sort()) this.accounts.get(id)!.save(this.keeper, this.ctx.store);
  }
}

export interface Fill {
  makerOrderId: bigint;
  maker: string;
  quantity: bigint;
  price: bigint;
}

/** What a fill is judged against: the account just before it. */
export interface Standing {
  cash: bigint;
  positions: number;
  equity: bigint;
  mm: bigint;
  im: bigint;
}

export type RefusalReason = "insufficient_cash" | "too_many_positions" | "no_market_data" | "market_frozen" | "insufficient_margin" | "below_maintenance";

export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

/** The account as it stands, or why it cannot be valued now. */
export function standing(market: Market, account: Account): Standing | Refusal {
  try {
    const valuation = valueAccount(market, account);
    return { cash: account.cash, positions: account.positions.size, equity: valuation.equity, mm: valuation.mm, im: valuation.im };
  } catch (err) {
    if (err instanceof MissingMarketError) return { reason: "no_market_data", detail: err.message };
    throw err;
  }
}

export const isRefusal = (verdict: Standing | Refusal): verdict is Refusal => "reason" in verdict;

/**
 * Judges an account just after a fill (or with a resting order as if filled) against how it stood before.
 * The whole account is judged, never the sign of one position: closing one leg of a spread can leave a naked
 * short, and a closing trade at a bad price can leave a debt. A fill may not turn uusdc negative (premiums
 * are paid in uusdc), must leave equity at or above maintenance margin, and where it raises the portfolio's
 * initial margin it is new risk: refused during a freeze, and it must leave equity at or above IM. An
 * account already below maintenance may still trade towards it (lower requirement, more excess), as a
 * liquidation would. Returns the account's standing after, for judging its next fill.
 */
export function judgeFill(market: Market, account: Account, before: Standing, mayAddRisk: boolean): Standing | Refusal {
  const cash = account.cash;
  if (cash < 0n && cash < before.cash) return { reason: "insufficient_cash", detail: `leaves ${cash}uusdc; deposit uusdc to pay premiums` };
  const max = market.params.max_positions_per_account;
  if (account.positions.size > max && account.positions.size > before.positions) {
    return { reason: "too_many_positions", detail: `would open position ${account.positions.size} of at most ${max}` };
  }
  const after = standing(market, account);
  if (isRefusal(after)) return after;
  if (after.im > before.im) {
    if (!mayAddRisk) return { reason: "market_frozen", detail: `raises initial margin from ${before.im}uusdc to ${after.im}uusdc while the market is frozen` };
    if (after.equity < after.im) return { reason: "insufficient_margin", detail: `needs initial margin ${after.im}uusdc but equity would be ${after.equity}uusdc` };
  }
  if (after.equity < after.mm && !(after.mm <= before.mm && after.equity - after.mm > before.equity - before.mm)) {
    return { reason: "below_maintenance", detail: `would leave equity ${after.equity}uusdc below maintenance margin ${after.mm}uusdc` };
  }
  return after;
}

const REFUSAL_ERRORS: Record<Exclude<RefusalReason, "market_frozen">, RegisteredError> = {
  insufficient_cash: ErrInsufficientCash,
  too_many_positions: ErrTooManyPositions,
  no_market_data: ErrNoMarketData,
  insufficient_margin: ErrInsufficientMargin,
  below_maintenance: ErrBelowMaintenance,
};

/**
 * The taker of an order is held to the same rules as its makers, fill by fill; a fill refused for the taker
 * fails the whole order (and its tx) with the reason.
 */
export class TakerCheck {
  readonly mayAddRisk: boolean;

  constructor(
    private readonly ctx: Context,
    private readonly keeper: OptionsKeeper,
    private readonly series: SeriesRecord,
    /** The taker's standing before its next fill. */
    public standing: Standing,
  ) {
    this.mayAddRisk = keeper.circuit.canAddRisk(ctx.store, series.underlying, ctx.height);
  }

  judge(market: Market, taker: Account, what: string): void {
    const verdict = judgeFill(market, taker, this.standing, this.mayAddRisk);
    if (!isRefusal(verdict)) {
      this.standing = verdict;
      return;
    }
    // The freeze's own error carries who froze the market and why.
    if (verdict.reason === "market_frozen") this.keeper.circuit.assertCanAddRisk(this.ctx.store, this.series.underlying, this.ctx.height);
    throw REFUSAL_ERRORS[verdict.reason as Exclude<RefusalReason, "market_frozen">].wrap(`${what} ${verdict.detail}`);
  }
}

/**
 * Whether the order, filled completely, would raise the account's initial margin: the same judgement
 * execution makes of a resting remainder, so refusing such an order during a freeze before it reaches a block
 * refuses nothing execution would accept, except an IOC that could only fill in part. IM does not depend on
 * the fill price, so one valuation tells.
 */
export function fullFillRaisesIm(market: Market, account: Account, seriesId: bigint, signed: bigint, price: bigint): boolean {
  const before = standing(market, account);
  const undo = account.trade(seriesId, signed, price);
  try {
    const after = standing(market, account);
    return !isRefusal(before) && !isRefusal(after) && after.im > before.im;
  } finally {
    undo();
  }
}

/** The prices a series may fill at now, in whole uusdc: mark ± max_fill_price_deviation × spot × contract size. */
export function priceBand(market: Market, series: SeriesRecord): { low: bigint; high: bigint; mark: bigint } {
  const { series: option } = market.series(BigInt(series.id));
  const risk = market.engine.seriesRisk(option);
  const notional = decMul(market.underlying(series.underlying).risk.spot, option.contractSize, "down");
  const width = decMul(decFromString(market.params.max_fill_price_deviation), notional, "down");
  const low = decToInt(risk.markDown - width, "up");
  return { low: low > 1n ? low : 1n, high: decToInt(risk.markUp + width, "down"), mark: decToInt(risk.markDown, "down") };
}

export function cancelOrder(ctx: Context, keeper: OptionsKeeper, order: OrderRecord, reason: string): void {
  keeper.removeOrder(ctx.store, order, accAddressBytes(order.owner));
  ctx.events.push(events.orderCancelled({ order_id: BigInt(order.id), owner: order.owner, series_id: BigInt(order.series_id), remaining: BigInt(order.remaining), reason }));
}

const crosses = (side: OrderSide, limit: bigint, restingPrice: bigint) => (side === "buy" ? restingPrice <= limit : restingPrice >= limit);

function crossesBook(ctx: Context, keeper: OptionsKeeper, seriesId: bigint, side: OrderSide, limit: bigint): boolean {
  const best = keeper.bookOrders(ctx.store, seriesId, side === "buy" ? "ask" : "bid", 1)[0];
  return best !== undefined && crosses(side, limit, BigInt(best.price));
}

/**
 * Takes liquidity for `taker` from the opposite side of the book, best price first, oldest first within a
 * price, at the resting order's price, up to `quantity` and `limit`. A resting order priced outside the
 * band around the mark now, or whose owner the fill would leave refused by `judgeFill` (a maker may close
 * but not add risk while the market is frozen), is cancelled with the reason and skipped; an order of the
 * taker itself is cancelled (self-trade prevention, the resting order goes). With `takerCheck` every fill is
 * judged for the taker too and a refusal throws; without it (liquidation) the caller answers for the taker.
 */
export function takeLiquidity(
  ctx: Context,
  keeper: OptionsKeeper,
  market: Market,
  accounts: AccountCache,
  series: SeriesRecord,
  taker: Account,
  side: OrderSide,
  quantity: bigint,
  limit: bigint,
  takerOrderId: bigint,
  maxFills: number,
  takerCheck?: TakerCheck,
): Fill[] {
  const seriesId = BigInt(series.id);
  const restingSide = side === "buy" ? "ask" : "bid";
  // The taker's check already asked the circuit for this series' underlying at this height.
  const makersMayAddRisk = takerCheck?.mayAddRisk ?? keeper.circuit.canAddRisk(ctx.store, series.underlying, ctx.height);
  const fills: Fill[] = [];
  let band: { low: bigint; high: bigint } | undefined;
  let remaining = quantity;
  for (;;) {
    if (remaining === 0n || fills.length >= maxFills) return fills;
    const batch = keeper.bookOrders(ctx.store, seriesId, restingSide, 16);
    if (batch.length === 0) return fills;
    for (const resting of batch) {
      if (remaining === 0n || fills.length >= maxFills) return fills;
      const price = BigInt(resting.price);
      if (!crosses(side, limit, price)) return fills;
      const makerOwner = accAddressBytes(resting.owner);
      if (Buffer.from(makerOwner).equals(Buffer.from(taker.owner))) {
        cancelOrder(ctx, keeper, resting, "self_trade");
        continue;
      }
      band ??= priceBand(market, series);
      if (price < band.low || price > band.high) {
        cancelOrder(ctx, keeper, resting, "outside_price_band");
        continue;
      }
      const maker = accounts.get(makerOwner);
      const makerBefore = standing(market, maker);
      if (isRefusal(makerBefore)) {
        cancelOrder(ctx, keeper, resting, makerBefore.reason);
        continue;
      }
      const size = remaining < BigInt(resting.remaining) ? remaining : BigInt(resting.remaining);
      const signed = side === "buy" ? size : -size;
      const undoTaker = taker.trade(seriesId, signed, price);
      const undoMaker = maker.trade(seriesId, -signed, price);
      const verdict = judgeFill(market, maker, makerBefore, makersMayAddRisk);
      if (isRefusal(verdict)) {
        undoMaker();
        undoTaker();
        cancelOrder(ctx, keeper, resting, verdict.reason);
        continue;
      }
      takerCheck?.judge(market, taker, `fill of ${size} at ${price} for order ${takerOrderId}`);
      const left = BigInt(resting.remaining) - size;
      if (left === 0n) keeper.removeOrder(ctx.store, resting, makerOwner);
      else keeper.restOrder(ctx.store, { ...resting, remaining: left.toString() }, makerOwner);
      remaining -= size;
      fills.push({ makerOrderId: BigInt(resting.id), maker: resting.owner, quantity: size, price });
      ctx.events.push(
        events.orderFilled({
          series_id: seriesId,
          maker_order_id: BigInt(resting.id),
          taker_order_id: takerOrderId,
          maker: resting.owner,
          taker: taker.address,
          taker_side: side,
          quantity: size,
          price,
        }),
      );
    }
  }
}

export interface PlaceOrderInput {
  owner: string;
  seriesId: bigint;
  side: OrderSide;
  quantity: bigint;
  price: bigint;
  timeInForce: TimeInForce;
  clientOrderId: string;
}

export interface PlaceOrderResult {
  orderId: bigint;
  filled: bigint;
  resting: bigint;
  fills: Fill[];
}

/**
 * Checks that need only reads: the series trades, the price is on the tick and inside the band around the
 * mark, the client id is free, the owner is under the order limit.
 */
export function checkPlaceOrder(ctx: Context, keeper: OptionsKeeper, market: Market, input: PlaceOrderInput): SeriesRecord {
  const series = keeper.mustSeries(ctx.store, input.seriesId);
  if (series.status !== "active" || BigInt(series.expiry_ns) <= ctx.timeNs) {
    throw ErrSeriesNotTrading.wrap(`series ${series.name} expired at ${series.expiry_ns} ns (now ${ctx.timeNs})`);
  }
  const tick = BigInt(market.params.min_price_tick);
  if (input.price % tick !== 0n) throw ErrInvalidOrder.wrap(`price ${input.price} is not a multiple of min_price_tick ${tick}`);
  let band;
  try {
    band = priceBand(market, series);
  } catch (err) {
    if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(`order on ${series.name}: ${err.message}`);
    throw err;
  }
  if (input.price < band.low || input.price > band.high) {
    throw ErrPriceOutsideBand.wrap(`price ${input.price} is outside the band [${band.low}, ${band.high}] uusdc around the mark ${band.mark} of ${series.name}`);
  }
  const owner = accAddressBytes(input.owner);
  if (input.clientOrderId !== "" && keeper.orderByClientId(ctx.store, owner, input.clientOrderId) !== undefined) {
    throw ErrDuplicateClientOrderId.wrap(`client order id ${JSON.stringify(input.clientOrderId)}`);
  }
  const limit = market.params.max_open_orders_per_account;
  if (input.timeInForce !== "ioc" && keeper.openOrderCount(ctx.store, owner) >= limit) {
    throw ErrTooManyOrders.wrap(`${input.owner} already has ${limit} open orders`);
  }
  return series;
}

export function placeOrder(ctx: Context, keeper: OptionsKeeper, input: PlaceOrderInput): PlaceOrderResult {
  const market = new Market(keeper, ctx.store, ctx.timeNs);
  const series = checkPlaceOrder(ctx, keeper, market, input);
  const seriesId = BigInt(series.id);
  const owner = accAddressBytes(input.owner);
  const accounts = new AccountCache(keeper, ctx);
  const taker = accounts.get(owner);
  const orderId = keeper.nextOrderId(ctx.store);

  if (input.timeInForce === "post_only" && crossesBook(ctx, keeper, seriesId, input.side, input.price)) {
    throw ErrPostOnlyWouldCross.wrap(`${input.side} at ${input.price} would meet a resting order`);
  }
  const before = standing(market, taker);
  if (isRefusal(before)) throw ErrNoMarketData.wrap(`order ${orderId}: ${before.detail}`);
  const check = new TakerCheck(ctx, keeper, series, before);
  ctx.events.push(
    events.orderPlaced({ order_id: orderId, owner: input.owner, series_id: seriesId, side: input.side, quantity: input.quantity, price: input.price, time_in_force: input.timeInForce }),
  );
  const fills = takeLiquidity(ctx, keeper, market, accounts, series, taker, input.side, input.quantity, input.price, orderId, market.params.max_fills_per_order, check);
  const filled = fills.reduce((sum, fill) => sum + fill.quantity, 0n);

  const remaining = input.quantity - filled;
  // An order that ran into max_fills_per_order while it still crosses must not rest: the book would be crossed.
  const stillCrosses = remaining > 0n && fills.length >= market.params.max_fills_per_order && crossesBook(ctx, keeper, seriesId, input.side, input.price);
  let resting = 0n;
  if (remaining > 0n && (input.timeInForce === "ioc" || stillCrosses)) {
    const reason = input.timeInForce === "ioc" ? "immediate_or_cancel" : "fill_limit";
    ctx.events.push(events.orderCancelled({ order_id: orderId, owner: input.owner, series_id: seriesId, remaining, reason }));
  } else if (remaining > 0n) {
    // A resting order is judged as if it filled completely at its own price, so the book only holds orders
    // their owners can honour now; a maker is judged again when it actually fills.
    const undo = taker.trade(seriesId, input.side === "buy" ? remaining : -remaining, input.price);
    try {
      check.judge(market, taker, `resting ${remaining} of order ${orderId}`);
    } finally {
      undo();
    }
    resting = remaining;
    keeper.restOrder(
      ctx.store,
      {
        id: orderId.toString(),
        owner: input.owner,
        series_id: series.id,
        side: input.side,
        quantity: input.quantity.toString(),
        remaining: remaining.toString(),
        price: input.price.toString(),
        time_in_force: input.timeInForce,
        client_order_id: input.clientOrderId,
        placed_height: ctx.height.toString(),
      },
      owner,
    );
  }
  accounts.saveAll();
  return { orderId, filled, resting, fills };
}
