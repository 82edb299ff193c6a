// Settlement at expiry, at end-block: a series past its expiry stops trading (its orders are cancelled) and is
// settled in uusdc on the oracle's time-weighted average over settlement_window before expiry. It never
// settles on a stale price: while the oracle has no fresh price, or its history does not cover the window,
// the series waits (with one settlement_delayed event) and settles once prices are back — on the window
// before expiry if the history still covers it, else on the first full window after prices returned.

import { toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { Context } from "../../app/context";
import type { KVReader } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromString, decToString, maxBig, mulDiv } from "../../lib/fixed";
import { cancelOrder } from "./book";
import * as events from "./events";
import { INSURANCE_FUND_ADDRESS, type OptionsKeeper, type SeriesRecord } from "./keeper";
import type { OptionsParams } from "./params";

const NS_PER_SECOND = 1_000_000_000n;

export function settlementPrice(keeper: OptionsKeeper, state: KVReader, series: SeriesRecord, params: OptionsParams, nowNs: bigint): Dec {
  keeper.prices.price(state, series.underlying, nowNs); // throws while the oracle has no fresh price
  const expiry = BigInt(series.expiry_ns);
  const window = BigInt(params.settlement_window_s) * NS_PER_SECOND;
  try {
    return keeper.prices.twap(state, series.underlying, expiry - window, expiry);
  } catch (err) {
    if (nowNs - window >= expiry) return keeper.prices.twap(state, series.underlying, nowNs - window, nowNs);
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

export function runSettlements(ctx: Context, keeper: OptionsKeeper): number {
  const params = keeper.params(ctx.store);
  const unavailable = new Map<string, string>();
  let settled = 0;
  for (const id of keeper.dueSeries(ctx.store, ctx.timeNs)) {
    if (settled >= params.max_settlements_per_block) break;
    const series = keeper.mustSeries(ctx.store, id);
    if (series.status === "active") expire(ctx, keeper, series);
    let reason = unavailable.get(series.underlying);
    let price: Dec | undefined;
    if (reason === undefined) {
      try {
        price = settlementPrice(keeper, ctx.store, series, params, ctx.timeNs);
      } catch (err) {
        reason = (err as Error).message;
        unavailable.set(series.underlying, reason);
      }
    }
    if (price === undefined) {
      if (!keeper.settlementWaiting(ctx.store, id)) {
        keeper.setSettlementWaiting(ctx.store, id);
        ctx.events.push(events.settlementDelayed({ series_id: id, reason: reason ?? "no price" }));
      }
      continue;
    }
    settle(ctx, keeper, series, price);
    settled += 1;
  }
  return settled;
}

function expire(ctx: Context, keeper: OptionsKeeper, series: SeriesRecord): void {
  for (const orderId of keeper.seriesOrderIds(ctx.store, BigInt(series.id))) cancelOrder(ctx, keeper, keeper.order(ctx.store, orderId)!, "expired");
  series.status = "expired";
  keeper.setSeries(ctx.store, series);
}

/** Pays every holder, closes every position; the rounding remainder (shorts pay up, longs get down) goes to the fund. */
export function settle(ctx: Context, keeper: OptionsKeeper, series: SeriesRecord, price: Dec): void {
  const id = BigInt(series.id);
  const waited = keeper.settlementWaiting(ctx.store, id);
  let paid = 0n;
  let collected = 0n;
  for (const owner of keeper.holders(ctx.store, id)) {
    const position = keeper.positions(ctx.store, owner).find((p) => p.seriesId === id)!;
    const amount = settlementAmount(series, price, position.qty);
    if (amount > 0n) paid += amount;
    else collected -= amount;
    keeper.setCollateral(ctx.store, owner, COLLATERAL_DENOM, keeper.collateral(ctx.store, owner, COLLATERAL_DENOM) + amount);
    keeper.setPosition(ctx.store, owner, id, 0n, 0n);
    ctx.events.push(events.positionSettled({ owner: toAccAddress(owner), series_id: id, quantity: position.qty, amount }));
  }
  const remainder = collected - paid;
  keeper.setCollateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM, keeper.collateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM) + remainder);
  keeper.setSeries(ctx.store, { ...series, status: "settled", settlement_price: decToString(price) });
  ctx.events.push(events.seriesSettled({ series_id: id, settlement_price: decToString(price, { trimZeros: true }), paid_to_longs: paid, collected_from_shorts: collected, waited }));
}

