// Liquidation auctions (Dutch, as in Derive). A liquidation first closes what it can against the book at mark
// or better; what is left stays with the account, which is put up for auction. Any account may take a percent
// of every position (MsgBidAuction) at each leg's mark less a discount that starts at auction_start_discount
// and grows each block to auction_floor_discount after auction_blocks, and must be at or above IM afterwards.
// Only past the floor does the fund take the rest (within max_fund_margin, else ADL); below bankruptcy the
// fund covers the gap. Every bid moves positions and uusdc between the two accounts (and the penalty to the
// fund), so open long = open short and the module balance = Σ accounts + fund hold after it. The fund's
// own positions are unwound the same way: whenever it takes some it is put up for auction too (with no
// penalty, and no floor action: it stays offered at the floor discount until bidders have taken everything).

import { toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { Context } from "../../app/context";
import { readJson, writeJson } from "../../app/json-state";
import { key } from "../../app/keys";
import type { KVReader, KVStore } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromString, decMul, decToInt, decToString, maxBig, minBig, mulDiv, mulIntByDec } from "../../lib/fixed";
import { MissingMarketError } from "../../lib/margin";
import { ErrInsufficientMargin, ErrInvalidBid, ErrNoAuction, ErrNoMarketData, ErrTooManyPositions } from "./errors";
import * as events from "./events";
import { INSURANCE_FUND_ADDRESS, type OptionsKeeper, isInsuranceFund } from "./keeper";
import type { OptionsParams } from "./params";
import { Account, Market, type Valuation, valueAccount, withdrawalValuations } from "./risk";

// options/auction/<owner> → JSON {start_height}: accounts whose positions are up for auction
const AUCTION_PREFIX = key("options/auction/");
const auctionKey = (owner: Uint8Array) => key(AUCTION_PREFIX, owner);

export function auctionStart(state: KVReader, owner: Uint8Array): bigint | undefined {
  const stored = readJson<{ start_height: string }>(state, auctionKey(owner));
  return stored === undefined ? undefined : BigInt(stored.start_height);
}

export function setAuction(store: KVStore, owner: Uint8Array, startHeight: bigint): void {
  writeJson(store, auctionKey(owner), { start_height: startHeight.toString() });
}

export function everyAuction(state: KVReader): Array<{ owner: Uint8Array; startHeight: bigint }> {
  return state.iterate(AUCTION_PREFIX).map(([storeKey, value]) => ({
    owner: storeKey.subarray(AUCTION_PREFIX.length),
    startHeight: BigInt((JSON.parse(Buffer.from(value).toString("utf8")) as { start_height: string }).start_height),
  }));
}

export function startAuction(ctx: Context, owner: Uint8Array): void {
  if (auctionStart(ctx.store, owner) !== undefined) return;
  setAuction(ctx.store, owner, ctx.height);
  ctx.events.push(events.auctionStarted({ account: toAccAddress(owner), start_height: ctx.height }));
}

export function endAuction(ctx: Context, owner: Uint8Array, reason: string): void {
  if (auctionStart(ctx.store, owner) === undefined) return;
  ctx.store.delete(auctionKey(owner));
  ctx.events.push(events.auctionEnded({ account: toAccAddress(owner), reason }));
}

/** Whether the auction started at `startHeight` has reached its floor by `height`. */
export function pastFloor(params: OptionsParams, startHeight: bigint, height: bigint): boolean {
  return height - startHeight >= BigInt(params.auction_blocks);
}

/** The discount at `height`: from the start discount, rising linearly to the floor's over auction_blocks. */
export function auctionDiscount(params: OptionsParams, startHeight: bigint, height: bigint): Dec {
  const from = decFromString(params.auction_start_discount);
  const to = decFromString(params.auction_floor_discount);
  const blocks = BigInt(params.auction_blocks);
  const elapsed = minBig(maxBig(0n, height - startHeight), blocks);
  return from + mulDiv(to - from, elapsed, blocks, "down");
}

/**
 * The penalty for a liquidation (or a bid on its auction) that took MM from `mmBefore` to `after.mm`:
 * liquidation_penalty of the margin it released, so it follows the risk taken off (a spread releases little,
 * a deep-OTM short its minimum) rather than the contracts or legs closed, and never more than the equity left,
 * so it cannot make an account insolvent.
 */
export function penalty(market: Market, mmBefore: bigint, after: Valuation): bigint {
  const released = maxBig(0n, mmBefore - after.mm);
  return minBig(mulIntByDec(released, market.parsed.liquidationPenalty, "up"), maxBig(0n, after.equity));
}

/** Moves the penalty for MM released from the account to the fund, with an event; returns it. */
export function chargePenalty(ctx: Context, market: Market, account: Account, fund: Account, mmBefore: bigint, after: Valuation): bigint {
  const charged = penalty(market, mmBefore, after);
  if (charged > 0n) {
    account.add(COLLATERAL_DENOM, -charged);
    fund.add(COLLATERAL_DENOM, charged);
    ctx.events.push(events.liquidationPenalty({ account: account.address, amount: charged, margin_released: mmBefore - after.mm }));
  }
  return charged;
}

/**
 * A bid: the bidder takes percent % (rounded toward zero) of every position of the account in auction on a
 * trading series, longs at markDown × (1 − discount), shorts with markUp × (1 + discount) paid to take them.
 * Refused (changing nothing) unless it takes a contract and leaves the bidder at or above IM at both the
 * latest and the confirmed prices. The auction ends once the account is back at IM or holds nothing.
 */
export function bidAuction(ctx: Context, keeper: OptionsKeeper, bidder: Uint8Array, owner: Uint8Array, percent: number): void {
  const start = auctionStart(ctx.store, owner);
  if (start === undefined) throw ErrNoAuction.wrap(toAccAddress(owner));
  const market = new Market(keeper, ctx.store, ctx.timeNs, "confirmed");
  const account = Account.load(keeper, ctx.store, owner);
  const taker = Account.load(keeper, ctx.store, bidder);
  const isFund = isInsuranceFund(owner);
  const fund = isFund ? account : Account.load(keeper, ctx.store, INSURANCE_FUND_ADDRESS);
  const discount = auctionDiscount(market.params, start, ctx.height);
  try {
    const before = valueAccount(market, account);
    let traded = false;
    for (const id of [...account.positions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const quantity = (account.qty(id) * BigInt(percent)) / 100n;
      if (quantity === 0n || market.seriesRecord(id).status !== "active") continue;
      const risk = market.engine.seriesRisk(market.series(id).series);
      const price = quantity > 0n ? decToInt(decMul(risk.markDown, DEC_ONE - discount, "down"), "down") : decToInt(decMul(risk.markUp, DEC_ONE + discount, "up"), "up");
      account.trade(id, -quantity, price);
      taker.trade(id, quantity, price);
      traded = true;
      ctx.events.push(events.auctionFill({ account: account.address, bidder: taker.address, series_id: id, quantity, price, discount: decToString(discount, { trimZeros: true }) }));
    }
    if (!traded) throw ErrInvalidBid.wrap(`${percent} % takes no whole contract of a trading series`);
    if (taker.positions.size > market.params.max_positions_per_account) throw ErrTooManyPositions.wrap(`the bidder would hold ${taker.positions.size} positions`);
    for (const { valuation } of withdrawalValuations(keeper, ctx.store, ctx.timeNs, taker)) {
      if (valuation.equity < valuation.im) throw ErrInsufficientMargin.wrap(`the bidder's equity ${valuation.equity} would be below initial margin ${valuation.im}`);
    }
    if (isFund) {
      if (account.positions.size === 0) endAuction(ctx, owner, "restored");
    } else {
      const after = valueAccount(market, account);
      const charged = chargePenalty(ctx, market, account, fund, before.mm, after);
      if (account.positions.size === 0 || after.equity - charged >= after.im) endAuction(ctx, owner, "restored");
    }
  } catch (err) {
    if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(err.message);
    throw err;
  }
  for (const a of isFund ? [account, taker] : [account, taker, fund]) a.save(keeper, ctx.store);
}
