// Order placement and matching. Matching happens when the order is executed — inside FinalizeBlock, in the
// order the proposer put the txs — rather than in a batch at end-block: the tx result then carries the fills
// (a wallet sees them in its DeliverTxResponse), IOC and post-only mean "at arrival", and a risk check that
// fails refuses the tx with its reason instead of cancelling an order silently later.

import { accAddressBytes } from "../../app/address";
import type { Context } from "../../app/context";
import { MissingMarketError } from "../../lib/margin";
import {
  ErrDuplicateClientOrderId,
  ErrInsufficientCash,
  ErrInsufficientMargin,
  ErrNoMarketData,
  ErrPostOnlyWouldCross,
  ErrSeriesNotTrading,
  ErrTooManyOrders,
  ErrTooManyPositions,
} from "./errors";
import * as events from "./events";
import { type OptionsKeeper, type OrderRecord, type OrderSide, type SeriesRecord, type TimeInForce } from "./keeper";
import { Account, increasesRisk, Market, valueAccount } from "./risk";

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

/** Why an account may not take on more risk now, or undefined when it may. */
export function refusalReason(market: Market, account: Account): string | undefined {
  if (account.cash < 0n) return "insufficient_cash";
  if (account.positions.size > market.params.max_positions_per_account) return "too_many_positions";
  try {
    const valuation = valueAccount(market, account);
    return valuation.equity < valuation.im ? "insufficient_margin" : undefined;
  } catch (err) {
    if (err instanceof MissingMarketError) return "no_market_data";
    throw err;
  }
}

/** The same check for the account placing the order, as an error that refuses the tx with figures. */
export function assertMayAddRisk(market: Market, account: Account, what: string): void {
  if (account.cash < 0n) throw ErrInsufficientCash.wrap(`${what} leaves ${account.cash}uusdc; deposit uusdc to pay premiums`);
  if (account.positions.size > market.params.max_positions_per_account) {
    throw ErrTooManyPositions.wrap(`${what} would open position ${account.positions.size} of at most ${market.params.max_positions_per_account}`);
  }
  let valuation;
  try {
    valuation = valueAccount(market, account);
  } catch (err) {
    if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(`${what}: ${err.message}`);
    throw err;
  }
  if (valuation.equity < valuation.im) {
    throw ErrInsufficientMargin.wrap(`${what} needs initial margin ${valuation.im}uusdc but equity would be ${valuation.equity}uusdc`);
  }
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
 * price, at the resting order's price, up to `quantity` and `limit`. A resting order whose owner could no
 * longer afford the risk of its fill, or whose fill would add risk while the market is frozen, is cancelled
 * with the reason and skipped; an order of the taker itself is cancelled (self-trade prevention, the resting
 * order goes). The taker is not checked here.
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
): Fill[] {
  const seriesId = BigInt(series.id);
  const restingSide = side === "buy" ? "ask" : "bid";
  // Orders resting from before a freeze may still close their owners' positions, never open new ones.
  const makersMayAddRisk = keeper.circuit.canAddRisk(ctx.store, series.underlying, ctx.height);
  const fills: Fill[] = [];
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
      const maker = accounts.get(makerOwner);
      const size = remaining < BigInt(resting.remaining) ? remaining : BigInt(resting.remaining);
      const makerBefore = maker.qty(seriesId);
      const signed = side === "buy" ? size : -size;
      const undoTaker = taker.trade(seriesId, signed, price);
      const undoMaker = maker.trade(seriesId, -signed, price);
      const refusal = increasesRisk(makerBefore, maker.qty(seriesId)) ? (makersMayAddRisk ? refusalReason(market, maker) : "market_frozen") : undefined;
      if (refusal) {
        undoMaker();
        undoTaker();
        cancelOrder(ctx, keeper, resting, refusal);
        continue;
      }
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

/** Checks that need only reads: the series trades, the client id is free, the owner is under the order limit. */
export function checkPlaceOrder(ctx: Context, keeper: OptionsKeeper, input: PlaceOrderInput): SeriesRecord {
  const series = keeper.mustSeries(ctx.store, input.seriesId);
  if (series.status !== "active" || BigInt(series.expiry_ns) <= ctx.timeNs) {
    throw ErrSeriesNotTrading.wrap(`series ${series.name} expired at ${series.expiry_ns} ns (now ${ctx.timeNs})`);
  }
  const owner = accAddressBytes(input.owner);
  if (input.clientOrderId !== "" && keeper.orderByClientId(ctx.store, owner, input.clientOrderId) !== undefined) {
    throw ErrDuplicateClientOrderId.wrap(`client order id ${JSON.stringify(input.clientOrderId)}`);
  }
  const limit = keeper.params(ctx.store).max_open_orders_per_account;
  if (input.timeInForce !== "ioc" && keeper.openOrderCount(ctx.store, owner) >= limit) {
    throw ErrTooManyOrders.wrap(`${input.owner} already has ${limit} open orders`);
  }
  return series;
}

export function placeOrder(ctx: Context, keeper: OptionsKeeper, input: PlaceOrderInput): PlaceOrderResult {
  const series = checkPlaceOrder(ctx, keeper, input);
  const seriesId = BigInt(series.id);
  const owner = accAddressBytes(input.owner);
  const market = new Market(keeper, ctx.store, ctx.timeNs);
  const accounts = new AccountCache(keeper, ctx);
  const taker = accounts.get(owner);
  const startQty = taker.qty(seriesId);
  const orderId = keeper.nextOrderId(ctx.store);

  if (input.timeInForce === "post_only" && crossesBook(ctx, keeper, seriesId, input.side, input.price)) {
    throw ErrPostOnlyWouldCross.wrap(`${input.side} at ${input.price} would meet a resting order`);
  }
  ctx.events.push(
    events.orderPlaced({ order_id: orderId, owner: input.owner, series_id: seriesId, side: input.side, quantity: input.quantity, price: input.price, time_in_force: input.timeInForce }),
  );
  const fills = takeLiquidity(ctx, keeper, market, accounts, series, taker, input.side, input.quantity, input.price, orderId, market.params.max_fills_per_order);
  const filled = fills.reduce((sum, fill) => sum + fill.quantity, 0n);
  if (increasesRisk(startQty, taker.qty(seriesId))) assertMayAddRisk(market, taker, `order ${orderId} after ${filled} filled`);

  const remaining = input.quantity - filled;
  // An order that ran into max_fills_per_order while it still crosses must not rest: the book would be crossed.
  const stillCrosses = remaining > 0n && fills.length >= market.params.max_fills_per_order && crossesBook(ctx, keeper, seriesId, input.side, input.price);
  let resting = 0n;
  if (remaining > 0n && (input.timeInForce === "ioc" || stillCrosses)) {
    const reason = input.timeInForce === "ioc" ? "immediate_or_cancel" : "fill_limit";
    ctx.events.push(events.orderCancelled({ order_id: orderId, owner: input.owner, series_id: seriesId, remaining, reason }));
  } else if (remaining > 0n) {
    // A resting order is margined as if it filled completely at its own price, so the book only holds orders
    // their owners can honour now; a maker is checked again when it actually fills.
    const qtyNow = taker.qty(seriesId);
    const signed = input.side === "buy" ? remaining : -remaining;
    if (increasesRisk(qtyNow, qtyNow + signed)) {
      const undo = taker.trade(seriesId, signed, input.price);
      try {
        assertMayAddRisk(market, taker, `resting ${remaining} of order ${orderId}`);
      } finally {
        undo();
      }
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
