// Settlement at expiry, at end-block: a series past its expiry stops trading (its orders are cancelled) and is
// settled in uusdc on the time-weighted average over settlement_window before expiry of the prices the circuit's
// breaker confirmed, so a print that jumped and reverted inside the window counts for nothing. It never
// settles on a stale price: while the oracle has no fresh price, or its history does not cover the window,
// the series waits (with one settlement_delayed event) and settles once prices are back — on the window
// before expiry if the history still covers it, else on the first full window after prices returned.

import { toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { Context } from "../../app/context";
import type { KVReader } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromString, decToString, maxBig, minBig, mulDiv } from "../../lib/fixed";
import { MissingMarketError } from "../../lib/margin";
import { endAuction } from "./auction";
import { cancelOrder } from "./book";
import * as events from "./events";
import { INSURANCE_FUND_ADDRESS, type OptionsKeeper, type SeriesRecord, isInsuranceFund } from "./keeper";
import type { OptionsParams } from "./params";
import { Market } from "./risk";

const NS_PER_SECOND = 1_000_000_000n;

export function settlementPrice(keeper: OptionsKeeper, state: KVReader, series: SeriesRecord, params: OptionsParams, nowNs: bigint): Dec {
  keeper.prices.price(state, series.underlying, nowNs); // throws while the oracle has no fresh price
  const expiry = BigInt(series.expiry_ns);
  const window = BigInt(params.settlement_window_s) * NS_PER_SECOND;
  try {
    return keeper.circuit.settlementTwap(state, series.underlying, expiry - window, expiry);
  } catch (err) {
    if (nowNs - window >= expiry) return keeper.circuit.settlementTwap(state, series.underlying, nowNs - window, nowNs);
    throw err;
  }
}

/** Payoff per contract × quantity: longs are credited rounded down, shorts debited rounded up. */
export function settlementAmount(series: SeriesRecord, price: Dec, qty: bigint): bigint {
  const strike = decFromString(series.strike);
  const payoff = maxBig(0n, series.kind === "call" ? price - strike : strike - price);
  const size = decFromString(series.contract_size);
  return qty > 0n ? mulDiv(qty * payoff, size, DEC_ONE * DEC_ONE, "down") : -mulDiv(-qty * payoff, size, DEC_ONE * DEC_ONE, "up");
}

/**
 * Expiry work, paged: at most max_settlement_items_per_block order cancellations, holder payouts and series
 * passed over for want of a price per block, over all series (earliest expiry first), and at most
 * max_settlements_per_block series settled. A series whose orders are not all cancelled yet, or whose holders
 * are not all paid, carries on next block from where it stopped: the book and the holder index shrink as the
 * work is done, so they are the cursor.
 */
export function runSettlements(ctx: Context, keeper: OptionsKeeper): number {
  const params = keeper.params(ctx.store);
  const unavailable = new Map<string, string>();
  let items = params.max_settlement_items_per_block;
  let settled = 0;
  // Series waiting for a price are passed over (one item each), so they cannot hold up others behind them.
  for (const id of keeper.dueSeries(ctx.store, ctx.timeNs, params.max_settlement_items_per_block)) {
    if (items <= 0 || settled >= params.max_settlements_per_block) break;
    const series = keeper.mustSeries(ctx.store, id);
    if (series.status === "active") {
      series.status = "expired";
      keeper.setSeries(ctx.store, series);
    }
    items -= cancelOrders(ctx, keeper, id, items);
    if (keeper.seriesOrderIds(ctx.store, id, 1).length > 0) break;
    let price: Dec | undefined;
    if (series.status === "settling") {
      price = decFromString(series.settlement_price);
    } else {
      let reason = unavailable.get(series.underlying);
      if (reason === undefined) {
        try {
          price = settlementPrice(keeper, ctx.store, series, params, ctx.timeNs);
        } catch (err) {
          reason = (err as Error).message;
          unavailable.set(series.underlying, reason);
        }
      }
      if (price === undefined) {
        items -= 1;
        if (!keeper.settlementWaiting(ctx.store, id)) {
          keeper.setSettlementWaiting(ctx.store, id);
          ctx.events.push(events.settlementDelayed({ series_id: id, reason: reason ?? "no price" }));
        }
        continue;
      }
    }
    const { done, paid } = payHolders(ctx, keeper, series, price, items);
    items -= paid;
    if (!done) break;
    finishSettlement(ctx, keeper, series, price);
    settled += 1;
  }
  return settled;
}

/** Cancels up to `budget` of the series' resting orders; returns how many. */
function cancelOrders(ctx: Context, keeper: OptionsKeeper, id: bigint, budget: number): number {
  const orderIds = keeper.seriesOrderIds(ctx.store, id, budget);
  for (const orderId of orderIds) cancelOrder(ctx, keeper, keeper.order(ctx.store, orderId)!, "expired");
  return orderIds.length;
}

/**
 * Settles up to `budget` holders, in two passes over the holder index. The insurance fund is the counterparty
 * of every settled position: it takes the position over and receives (or pays) its amount, so at every block
 * boundary the module balance still equals the accounts plus the fund and open long still equals open short.
 * The first pass collects from the shorts, each paying what it owes as far as its collateral goes (uusdc, and
 * other collateral at its haircut value, which stays as a backed debt), and adds up what the longs are owed.
 * Then what the longs share is fixed: all they are owed, or, when the shorts' shortfall is more than the fund
 * can cover, the fund's uusdc, shared pro rata with a settlement_shortfall event; nothing comes out of the
 * collateral of anyone outside the series. The second pass pays the longs; once they are paid the fund's
 * position in the series is zero and it has kept the rounding remainder.
 */
function payHolders(ctx: Context, keeper: OptionsKeeper, series: SeriesRecord, price: Dec, budget: number): { done: boolean; paid: number } {
  const id = BigInt(series.id);
  if (series.status !== "settling") {
    series.status = "settling";
    series.settlement_price = decToString(price);
    keeper.setSeries(ctx.store, series);
  }
  const totals = keeper.settlingTotals(ctx.store, id);
  const fund = keeper.positions(ctx.store, INSURANCE_FUND_ADDRESS).find((p) => p.seriesId === id) ?? { qty: 0n, cost: 0n };
  let fundCash = keeper.collateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM);
  let market: Market | undefined;
  const otherCollateral = (owner: Uint8Array) => {
    market ??= new Market(keeper, ctx.store, ctx.timeNs, "confirmed");
    let value = 0n;
    for (const { denom, amount } of keeper.collaterals(ctx.store, owner)) {
      if (denom === COLLATERAL_DENOM) continue;
      try {
        value += market.collateralValue(denom, amount);
      } catch (err) {
        if (!(err instanceof MissingMarketError)) throw err;
      }
    }
    return value;
  };
  const settle = (owner: Uint8Array, position: { qty: bigint; cost: bigint }, amount: bigint) => {
    keeper.setCollateral(ctx.store, owner, COLLATERAL_DENOM, keeper.collateral(ctx.store, owner, COLLATERAL_DENOM) + amount);
    keeper.setPosition(ctx.store, owner, id, 0n, 0n);
    fundCash -= amount;
    fund.qty += position.qty;
    fund.cost += position.cost;
    ctx.events.push(events.positionSettled({ owner: toAccAddress(owner), series_id: id, quantity: position.qty, amount }));
  };
  const collectShort = (owner: Uint8Array, position: { qty: bigint; cost: bigint }) => {
    const owed = -settlementAmount(series, price, position.qty);
    const pays = minBig(owed, maxBig(0n, keeper.collateral(ctx.store, owner, COLLATERAL_DENOM) + otherCollateral(owner)));
    totals.collected += pays;
    totals.shortfall = (totals.shortfall ?? 0n) + owed - pays;
    settle(owner, position, -pays);
  };
  const positionOf = (owner: Uint8Array) => keeper.positions(ctx.store, owner).find((p) => p.seriesId === id)!;
  let left = budget;
  if (totals.payable === undefined) {
    const page = keeper.holders(ctx.store, id, budget + 1, totals.collectedThrough);
    let passed = 0;
    for (const owner of page) {
      if (left === 0) break;
      passed += 1;
      totals.collectedThrough = owner;
      if (isInsuranceFund(owner)) continue;
      left -= 1;
      const position = positionOf(owner);
      if (position.qty < 0n) collectShort(owner, position);
      else totals.longsOwed = (totals.longsOwed ?? 0n) + settlementAmount(series, price, position.qty);
    }
    if (passed === page.length && page.length <= budget) {
      const owed = totals.longsOwed ?? 0n;
      totals.payable = minBig(owed, maxBig(0n, fundCash));
      const socialised = owed - totals.payable;
      const shortfall = totals.shortfall ?? 0n;
      if (shortfall > 0n || socialised > 0n) {
        ctx.events.push(events.settlementShortfall({ series_id: id, shortfall, covered_by_fund: maxBig(0n, shortfall - socialised), socialised }));
      }
    }
  }
  if (totals.payable !== undefined) {
    const owed = totals.longsOwed ?? 0n;
    const page = keeper
      .holders(ctx.store, id, left + 1)
      .filter((owner) => !isInsuranceFund(owner))
      .slice(0, left);
    for (const owner of page) {
      left -= 1;
      const position = positionOf(owner);
      if (position.qty < 0n) {
        collectShort(owner, position);
        continue;
      }
      const share = owed === 0n ? 0n : mulDiv(settlementAmount(series, price, position.qty), totals.payable, owed, "down");
      const amount = minBig(share, maxBig(0n, fundCash));
      totals.paid += amount;
      settle(owner, position, amount);
    }
  }
  keeper.setCollateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM, fundCash);
  // The fund holds at most one of the first two holder keys, so another holder left shows among them.
  const done = totals.payable !== undefined && keeper.holders(ctx.store, id, 2).every((owner) => isInsuranceFund(owner));
  // Every long has a short, so once the others are paid the fund's share nets to zero.
  keeper.setPosition(ctx.store, INSURANCE_FUND_ADDRESS, id, done ? 0n : fund.qty, done ? 0n : fund.cost);
  keeper.setSettlingTotals(ctx.store, id, totals);
  return { done, paid: budget - left };
}


function finishSettlement(ctx: Context, keeper: OptionsKeeper, series: SeriesRecord, price: Dec): void {
  const id = BigInt(series.id);
  const waited = keeper.settlementWaiting(ctx.store, id);
  const { paid, collected } = keeper.settlingTotals(ctx.store, id);
  keeper.setSettlingTotals(ctx.store, id, undefined);
  keeper.setSeries(ctx.store, { ...series, status: "settled", settlement_price: decToString(price) });
  ctx.events.push(events.seriesSettled({ series_id: id, settlement_price: decToString(price, { trimZeros: true }), paid_to_longs: paid, collected_from_shorts: collected, waited }));
  // The fund offers what it took until bidders have it all; what settled is gone, and an auction with nothing
  // left would stay listed with every bid refused.
  if (keeper.positions(ctx.store, INSURANCE_FUND_ADDRESS).length === 0) endAuction(ctx, INSURANCE_FUND_ADDRESS, "settled");
}
