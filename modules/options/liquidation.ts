// Liquidation, run at end-block after the oracle has tallied: of the exposed accounts scanned this block
// (max_accounts_scanned_per_block in all: up to half from a watch list of those last valued below
// liquidation_watch_ratio × MM, the rest a rotation over every one), every one whose equity is below maintenance margin, worst
// first, at most max_liquidations_per_block of them (the rest wait a block). A solvent account
// is partially closed — the smallest k/liquidation_steps of every position that restores initial margin —
// against the book at mark or better, the rest transferred to the fund at mark while the fund's own MM stays
// within max_fund_margin (deleveraged against traders past it), and pays the fund a penalty of
// liquidation_penalty × the maintenance margin released, capped by its remaining equity. An insolvent one is
// taken over whole by the fund, or, when the fund cannot absorb the loss, its positions are deleveraged
// against opposite positions ranked by profit × leverage and the loss is socialised among them. Accounts whose
// underlying has no fresh price are never liquidated on a stale one. Liquidation goes on while the market
// is frozen, on the circuit's confirmed prices (a jumped tally counts once it held); for a grace period after
// users could not close (a breaker on orders reset, a halt), accounts on that underlying wait, as in Aave
// v3.1; a freeze, during which they could close, gives none.

import { sameAddress, toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import { type Context, event, withStore } from "../../app/context";
import { Branch } from "../../app/store/branch";
import type { KVReader, KVStore } from "../../app/store/types";
import { successor } from "../../app/pagination";
import { compareBytes } from "../../app/store/bytes";
import { DEC_ONE, type Dec, decFromString, decMul, decToInt, minBig, mulDiv, mulIntByDec } from "../../lib/fixed";
import { MissingMarketError } from "../../lib/margin";
import { auctionStart, chargePenalty, endAuction, pastFloor, penalty, startAuction } from "./auction";
import { AccountCache, cancelOrder, takeLiquidity } from "./book";
import * as events from "./events";
import { INSURANCE_FUND_ADDRESS, type OptionsKeeper, type ScanList, isInsuranceFund } from "./keeper";
import { Account, Market, type Valuation, valueAccount } from "./risk";

interface Scanned {
  list: ScanList;
  key: Uint8Array;
  account: Account;
}

/**
 * The next `budget` accounts of a scan list after its cursor, wrapping round to the first, each at most once,
 * with their index keys in scan order. However many accounts there are, a block reads at most the budget.
 */
export function scanAccounts(keeper: OptionsKeeper, state: KVReader, list: ScanList, budget: number): Scanned[] {
  if (budget <= 0) return [];
  const cursor = keeper.scanCursor(state, list);
  const from = cursor === undefined ? undefined : successor(cursor, false);
  const page = keeper.scanListOwners(state, list, budget, from);
  if (page.length < budget && from !== undefined) {
    for (const entry of keeper.scanListOwners(state, list, budget - page.length)) {
      if (compareBytes(entry.key, from) >= 0) break;
      page.push(entry);
    }
  }
  return page.map(({ key, owner }) => ({ list, key, account: Account.load(keeper, state, owner) }));
}

/**
 * Each list's cursor goes to the last account it scanned; but when more accounts were under maintenance than
 * could be liquidated, it stops just before the first one left waiting, so those are valued again next block
 * rather than a whole rotation later. Each such block liquidates max_liquidations_per_block accounts, so a
 * stall lasts at most (accounts under maintenance / that) blocks.
 */
function moveCursor(keeper: OptionsKeeper, store: KVStore, list: ScanList, scanned: Scanned[], waiting: Set<Account>): void {
  const firstWaiting = scanned.findIndex(({ account }) => waiting.has(account));
  if (firstWaiting === 0) return;
  const last = firstWaiting > 0 ? firstWaiting - 1 : scanned.length - 1;
  keeper.setScanCursor(store, list, last < 0 ? undefined : scanned[last].key);
}

/** Whether equity < ratio × MM (or below zero): near enough to maintenance that a price move must find it fast. */
function nearMaintenance(valuation: Valuation, ratio: Dec): boolean {
  return valuation.equity < 0n || valuation.equity * DEC_ONE < ratio * valuation.mm;
}

interface Candidate {
  account: Account;
  valuation: Valuation;
}

/** Lower equity/MM first (cross-multiplied); an account owing money with no positions (MM 0) is worst of all. */
function worstFirst(a: Candidate, b: Candidate): number {
  const aDebt = a.valuation.mm === 0n;
  const bDebt = b.valuation.mm === 0n;
  if (aDebt !== bDebt) return aDebt ? -1 : 1;
  const left = aDebt ? a.valuation.equity : a.valuation.equity * b.valuation.mm;
  const right = bDebt ? b.valuation.equity : b.valuation.equity * a.valuation.mm;
  if (left !== right) return left < right ? -1 : 1;
  return compareBytes(a.account.owner, b.account.owner);
}

export interface LiquidationReport {
  scanned: number;
  underMaintenance: number;
  liquidated: number;
  skipped: number;
}

/**
 * How a block's budget of valuations is shared: the watch list may take up to half, the rotation over every
 * exposed account the rest (all of it when the watch list is short). So a block values at most
 * max_accounts_scanned_per_block accounts, and however long the watch list grows in a crash, the rotation still
 * reaches every other account within ceil(exposed / ceil(budget / 2)) blocks.
 */
export function scanShares(budget: number): { watch: number; rotation: number } {
  const watch = Math.floor(budget / 2);
  return { watch, rotation: budget - watch };
}

export function runLiquidations(ctx: Context, keeper: OptionsKeeper): LiquidationReport {
  const market = new Market(keeper, ctx.store, ctx.timeNs, "confirmed");
  const scanBudget = market.params.max_accounts_scanned_per_block;
  const shares = scanShares(scanBudget);
  const watched = scanAccounts(keeper, ctx.store, "watch", shares.watch);
  // a page shorter than its budget is the whole watch list: membership is then known without a read per account
  const wholeWatchList = watched.length < shares.watch;
  const onWatch = new Set(watched.map(({ account }) => Buffer.from(account.owner).toString("hex")));
  const rotation = scanAccounts(keeper, ctx.store, "exposed", scanBudget - watched.length);
  const accounts = [...watched, ...rotation.filter(({ account }) => !onWatch.has(Buffer.from(account.owner).toString("hex")))].map(({ account }) => account);
  const watchRatio = decFromString(market.params.liquidation_watch_ratio);
  const skipped = new Map<string, { count: number; reason: string }>();
  const skip = (underlying: string, reason: string) => {
    const entry = skipped.get(underlying) ?? { count: 0, reason };
    entry.count += 1;
    skipped.set(underlying, entry);
  };
  const graces = new Map<string, boolean>();
  const inGrace = (underlying: string) => {
    let grace = graces.get(underlying);
    if (grace === undefined) {
      grace = keeper.circuit.inGracePeriod(ctx.store, underlying, ctx.height);
      graces.set(underlying, grace);
    }
    return grace;
  };
  const candidates: Candidate[] = [];
  for (const account of accounts) {
    try {
      const valuation = valueAccount(market, account);
      const near = nearMaintenance(valuation, watchRatio);
      if (!wholeWatchList || near !== onWatch.has(Buffer.from(account.owner).toString("hex"))) keeper.setWatched(ctx.store, account.owner, near);
      if (valuation.equity >= valuation.mm) {
        endAuction(ctx, account.owner, "restored");
        continue;
      }
      // an account up for auction waits for bids until the floor, unless it is already under water
      const auctioned = auctionStart(ctx.store, account.owner);
      if (auctioned !== undefined && valuation.equity >= 0n && !pastFloor(market.params, auctioned, ctx.height)) continue;
      // An account owing money with no positions answers to the whole market's grace period.
      const underlyings = account.underlyings(market);
      const waiting = (underlyings.length > 0 ? underlyings : [""]).find(inGrace);
      if (waiting === undefined) candidates.push({ account, valuation });
      else skip(waiting, "grace period after closing was blocked");
    } catch (err) {
      if (err instanceof MissingMarketError) skip(err.underlying, err.message);
      else reportBroken(ctx, account, err);
    }
  }
  for (const underlying of [...skipped.keys()].sort()) {
    const { count, reason } = skipped.get(underlying)!;
    ctx.events.push(events.liquidationSkipped({ underlying, accounts: count, reason }));
  }
  candidates.sort(worstFirst);
  const budget = market.params.max_liquidations_per_block;
  const chosen = candidates.slice(0, budget);
  const waiting = new Set(candidates.slice(budget).map(({ account }) => account));
  moveCursor(keeper, ctx.store, "watch", watched, waiting);
  moveCursor(keeper, ctx.store, "exposed", rotation, waiting);
  for (const { account } of chosen) {
    // each on its own branch: a liquidation that throws leaves nothing half done, and the others still happen
    const branch = new Branch(ctx.store);
    const accountCtx = withStore(ctx, branch, []);
    try {
      const cache = new AccountCache(keeper, accountCtx);
      liquidate(accountCtx, keeper, market, cache, account.owner);
      cache.saveAll();
    } catch (err) {
      reportBroken(ctx, account, err);
      continue;
    }
    branch.write();
    ctx.events.push(...accountCtx.events);
  }
  const cache = new AccountCache(keeper, ctx);
  const debtors = accounts.filter((account) => account.cash < 0n).map((account) => account.owner);
  convertDebts(ctx, market, cache, debtors.slice(0, budget - chosen.length));
  cache.saveAll();
  return { scanned: accounts.length, underMaintenance: candidates.length, liquidated: chosen.length, skipped: [...skipped.values()].reduce((n, s) => n + s.count, 0) };
}

/**
 * An account whose valuation or liquidation throws (a record no tx can make: a bug) is reported and passed
 * over. Thrown out of the phase, it would discard the block's liquidations and leave the cursors where they
 * were, so the same account would stop every liquidation, block after block.
 */
function reportBroken(ctx: Context, account: Account, err: unknown): void {
  ctx.events.push(event("liquidation_error", { account: account.address, error: err instanceof Error ? err.message : String(err) }));
}

/** Mark as a whole-uusdc price per contract, rounded against the account being closed out. */
function markPrice(market: Market, seriesId: bigint, dq: bigint): bigint {
  const risk = market.engine.seriesRisk(market.series(seriesId).series);
  return dq > 0n ? decToInt(risk.markUp, "up") : decToInt(risk.markDown, "down");
}

const sortedIds = (ids: Iterable<bigint>) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Closing trades for k/steps of every position (rounded up to whole contracts), by series. */
function closingTrades(account: Account, k: number, steps: number): Array<[bigint, bigint]> {
  return sortedIds(account.positions.keys()).map((id) => {
    const qty = account.qty(id);
    const magnitude = qty > 0n ? qty : -qty;
    const close = mulDiv(magnitude, BigInt(k), BigInt(steps), "up");
    return [id, qty > 0n ? -close : close];
  });
}

/** The smallest fraction of the book whose close at mark, less the penalty, leaves equity at or above IM. */
function planPartialClose(market: Market, account: Account, mmBefore: bigint): Array<[bigint, bigint]> {
  const steps = market.params.liquidation_steps;
  for (let k = 1; k < steps; k++) {
    const trades = closingTrades(account, k, steps);
    const undos = trades.map(([id, dq]) => account.trade(id, dq, markPrice(market, id, dq)));
    const after = valueAccount(market, account);
    for (const undo of undos.reverse()) undo();
    if (after.equity - penalty(market, mmBefore, after) >= after.im) return trades;
  }
  return closingTrades(account, steps, steps);
}

/**
 * Whether the fund may absorb `loss` and take these positions (series, signed quantity it takes): its equity
 * covers the loss, and the maintenance margin of its own book stays within max_fund_margin (or no higher than
 * it was), so backstop LPs never end up warehousing more risk than governance set. A fund holding positions on
 * an underlying without a price cannot be valued now: it still stands behind a loss rather than pushing it onto
 * traders on a guess, but it is not given more positions.
 */
function fundMayTake(market: Market, fund: Account, loss: bigint, takes: Array<[bigint, bigint]>): boolean {
  try {
    const before = valueAccount(market, fund);
    if (before.equity < loss) return false;
    if (takes.length === 0) return true;
    const undos = takes.map(([id, dq]) => fund.trade(id, dq, 0n));
    try {
      const after = valueAccount(market, fund).mm;
      return after <= BigInt(market.params.max_fund_margin) || after <= before.mm;
    } finally {
      for (const undo of undos.reverse()) undo();
    }
  } catch (err) {
    if (err instanceof MissingMarketError) return takes.length === 0;
    throw err;
  }
}

export function liquidate(ctx: Context, keeper: OptionsKeeper, market: Market, cache: AccountCache, owner: Uint8Array): void {
  const account = cache.get(owner);
  const fund = cache.get(INSURANCE_FUND_ADDRESS);
  for (const id of keeper.openOrderIds(ctx.store, owner)) cancelOrder(ctx, keeper, keeper.order(ctx.store, id)!, "liquidation");
  let valuation = valueAccount(market, account);
  ctx.events.push(events.liquidationStarted({ account: account.address, equity: valuation.equity, maintenance_margin: valuation.mm, initial_margin: valuation.im }));
  const start = auctionStart(ctx.store, owner);
  const floor = start !== undefined && pastFloor(market.params, start, ctx.height);
  if (valuation.equity >= 0n && account.positions.size > 0) {
    const mmBefore = valuation.mm;
    let left = 0n;
    for (const [id, dq] of planPartialClose(market, account, mmBefore)) left += closePosition(ctx, keeper, market, cache, account, fund, id, dq, floor);
    valuation = valueAccount(market, account);
    const charged = chargePenalty(ctx, market, account, fund, mmBefore, valuation);
    valuation = { ...valuation, equity: valuation.equity - charged };
    if (valuation.equity >= 0n && left > 0n) startAuction(ctx, owner);
    else if (valuation.equity >= 0n) endAuction(ctx, owner, floor ? "floor" : "restored");
  }
  if (valuation.equity < 0n) {
    resolveInsolvency(ctx, keeper, market, cache, account, fund, -valuation.equity);
    endAuction(ctx, owner, "insolvent");
  }
}

/**
 * Closes dq contracts (positive buys back a short) against the book at mark or better; once the account's
 * auction is past its floor (`toFund`), the rest goes to the fund at mark (within max_fund_margin, else ADL).
 * Returns the contracts left for the auction. The penalty is charged apart, to the fund, so a maker resting
 * past mark cannot collect it.
 */
function closePosition(ctx: Context, keeper: OptionsKeeper, market: Market, cache: AccountCache, account: Account, fund: Account, id: bigint, dq: bigint, toFund: boolean): bigint {
  const record = market.seriesRecord(id);
  const limit = markPrice(market, id, dq);
  const side = dq > 0n ? "buy" : "sell";
  const size = dq > 0n ? dq : -dq;
  // Past expiry the book is being cancelled over a few blocks and must not trade any more.
  const fills = record.status === "active" ? takeLiquidity(ctx, keeper, market, cache, record, account, side, size, limit, 0n, market.params.max_fills_per_order) : [];
  let rest = size;
  for (const fill of fills) {
    rest -= fill.quantity;
    ctx.events.push(events.liquidationClose({ account: account.address, series_id: id, quantity: fill.quantity, price: fill.price, counterparty: "book", counterparty_address: fill.maker }));
  }
  if (rest === 0n || !toFund) return rest;
  const signed = dq > 0n ? rest : -rest;
  if (fundMayTake(market, fund, 1n, [[id, -signed]])) {
    account.trade(id, signed, limit);
    fund.trade(id, -signed, limit);
    startAuction(ctx, fund.owner);
    ctx.events.push(events.liquidationClose({ account: account.address, series_id: id, quantity: rest, price: limit, counterparty: "insurance_fund", counterparty_address: fund.address }));
  } else {
    deleverage(ctx, keeper, market, cache, account, fund, id, signed);
  }
  return 0n;
}

/**
 * Closes `signed` contracts of the account against opposite positions at mark, those with the most profit ×
 * leverage first (profit × notional / equity, as dYdX ranks), then the rest by profit; a counterparty the
 * trade would leave below maintenance is passed over. It reads at most max_fills_per_order holders of the
 * series, from just after the account's address round to just before it, so its work is bounded however
 * many hold the series. What they do not take goes to the fund. Returns each counterparty with the notional it
 * took, for sharing a loss.
 */
function deleverage(
  ctx: Context,
  keeper: OptionsKeeper,
  market: Market,
  cache: AccountCache,
  account: Account,
  fund: Account,
  id: bigint,
  signed: bigint,
): Array<{ counterparty: Account; notional: Dec }> {
  cache.saveAll();
  const { series } = market.series(id);
  const risk = market.engine.seriesRisk(series);
  const unit = decMul(market.underlying(series.underlying).risk.spot, series.contractSize, "up");
  const wantLong = signed < 0n; // selling a long needs shorts to buy it back, and the other way round
  const budget = market.params.max_fills_per_order;
  // two more than the budget: the account itself and the fund may be among them
  const page = keeper.holders(ctx.store, id, budget + 2, account.owner);
  if (page.length < budget + 2) {
    for (const holder of keeper.holders(ctx.store, id, budget + 2 - page.length)) {
      if (compareBytes(holder, account.owner) >= 0) break;
      page.push(holder);
    }
  }
  const candidates: Array<{ holder: Account; pnl: Dec; notional: Dec; equity: bigint }> = [];
  for (const owner of page) {
    if (candidates.length >= budget) break;
    if (sameAddress(owner, account.owner) || isInsuranceFund(owner)) continue;
    const holder = cache.get(owner);
    const position = holder.positions.get(id);
    if (!position || (wantLong ? position.qty >= 0n : position.qty <= 0n)) continue;
    let equity: bigint;
    try {
      equity = valueAccount(market, holder).equity;
    } catch (err) {
      if (!(err instanceof MissingMarketError)) throw err;
      continue; // a holder that cannot be valued now cannot be checked afterwards either
    }
    const pnl = position.qty * (position.qty > 0n ? risk.markDown : risk.markUp) - position.cost * DEC_ONE;
    candidates.push({ holder, pnl, notional: (position.qty > 0n ? position.qty : -position.qty) * unit, equity });
  }
  candidates.sort(adlOrder);
  const price = markPrice(market, id, signed);
  let remaining = signed > 0n ? signed : -signed;
  const taken: Array<{ counterparty: Account; notional: Dec }> = [];
  for (const { holder } of candidates) {
    if (remaining === 0n) break;
    const theirs = holder.qty(id);
    const size = minBig(remaining, theirs > 0n ? theirs : -theirs);
    const trade = signed > 0n ? size : -size;
    const undoAccount = account.trade(id, trade, price);
    const undoHolder = holder.trade(id, -trade, price);
    const after = valueAccount(market, holder);
    if (after.equity < after.mm) {
      undoHolder();
      undoAccount();
      continue;
    }
    remaining -= size;
    taken.push({ counterparty: holder, notional: size * unit });
    ctx.events.push(events.liquidationClose({ account: account.address, series_id: id, quantity: size, price, counterparty: "adl", counterparty_address: holder.address }));
  }
  if (remaining > 0n) {
    const trade = signed > 0n ? remaining : -remaining;
    account.trade(id, trade, price);
    fund.trade(id, -trade, price);
    startAuction(ctx, fund.owner);
    ctx.events.push(events.liquidationClose({ account: account.address, series_id: id, quantity: remaining, price, counterparty: "insurance_fund", counterparty_address: fund.address }));
  }
  return taken;
}

/**
 * ADL ranking: profitable counterparties with positive equity first, by profit × notional / equity
 * (cross-multiplied), highest first; then the others by profit; then address.
 */
function adlOrder(a: { holder: Account; pnl: Dec; notional: Dec; equity: bigint }, b: { holder: Account; pnl: Dec; notional: Dec; equity: bigint }): number {
  const aRanked = a.pnl > 0n && a.equity > 0n;
  const bRanked = b.pnl > 0n && b.equity > 0n;
  if (aRanked !== bRanked) return aRanked ? -1 : 1;
  const left = aRanked ? a.pnl * a.notional * b.equity : a.pnl;
  const right = bRanked ? b.pnl * b.notional * a.equity : b.pnl;
  if (left !== right) return left > right ? -1 : 1;
  return compareBytes(a.holder.owner, b.holder.owner);
}

/**
 * Negative equity: the fund takes the whole account over when its own equity covers the loss and its book stays
 * within max_fund_margin. Otherwise every
 * position is deleveraged and the remaining loss is shared among the counterparties pro rata to the notional
 * they took (rounded up, so the whole loss is covered), with a socialised_loss event; what is left (collateral
 * worth exactly its debt) goes to the fund. With no counterparty at all the fund takes it as recorded bad debt.
 */
function resolveInsolvency(ctx: Context, keeper: OptionsKeeper, market: Market, cache: AccountCache, account: Account, fund: Account, loss: bigint): void {
  const takes = sortedIds(account.positions.keys()).map((id): [bigint, bigint] => [id, account.qty(id)]);
  if (fundMayTake(market, fund, loss, takes)) {
    const positions = account.positions.size;
    account.transferAllTo(fund);
    if (positions > 0) startAuction(ctx, fund.owner);
    ctx.events.push(events.insuranceFundTakeover({ account: account.address, loss, positions }));
    return;
  }
  const taken: Array<{ counterparty: Account; notional: Dec }> = [];
  for (const id of sortedIds(account.positions.keys())) taken.push(...deleverage(ctx, keeper, market, cache, account, fund, id, -account.qty(id)));
  const deficit = -valueAccount(market, account).equity;
  const total = taken.reduce((sum, t) => sum + t.notional, 0n);
  if (deficit > 0n && total > 0n) {
    const shares = new Map<string, { counterparty: Account; notional: Dec }>();
    for (const t of taken) {
      const id = Buffer.from(t.counterparty.owner).toString("hex");
      const entry = shares.get(id);
      if (entry) entry.notional += t.notional;
      else shares.set(id, { ...t });
    }
    let charged = 0n;
    for (const id of [...shares.keys()].sort()) {
      const { counterparty, notional } = shares.get(id)!;
      const share = minBig(deficit - charged, mulDiv(deficit, notional, total, "up"));
      counterparty.add(COLLATERAL_DENOM, -share);
      account.add(COLLATERAL_DENOM, share);
      charged += share;
    }
    ctx.events.push(events.socialisedLoss({ account: account.address, amount: deficit, counterparties: shares.size }));
  } else if (deficit > 0n) {
    ctx.events.push(events.badDebt({ account: account.address, amount: deficit }));
  }
  account.transferAllTo(fund);
  if (fund.positions.size > 0) startAuction(ctx, fund.owner);
}

/**
 * Turns debts (negative uusdc) into paid ones: the fund buys the debtor's other collateral at its haircut
 * value (the value margin already counted it at), as far as the fund has uusdc. Only debtors scanned this
 * block, after liquidation's own budget.
 */
function convertDebts(ctx: Context, market: Market, cache: AccountCache, debtors: Uint8Array[]): void {
  if (debtors.length === 0) return;
  const fund = cache.get(INSURANCE_FUND_ADDRESS);
  for (const owner of debtors) {
    const account = cache.get(owner);
    for (const denom of [...account.collateral.keys()].sort()) {
      const debt = -account.cash;
      if (debt <= 0n || fund.cash <= 0n) break;
      const amount = account.amount(denom);
      if (denom === COLLATERAL_DENOM || amount <= 0n) continue;
      const haircut = market.parsed.haircuts.get(denom)?.haircut;
      if (haircut === undefined) continue;
      let unit: Dec;
      try {
        unit = decMul(market.collateralPrice(denom), haircut, "down");
      } catch (err) {
        if (err instanceof MissingMarketError) continue;
        throw err;
      }
      if (unit === 0n) continue;
      const pay = minBig(debt, mulIntByDec(amount, unit, "down"), fund.cash);
      if (pay === 0n) continue;
      const take = minBig(amount, mulDiv(pay, DEC_ONE, unit, "up"));
      account.add(denom, -take);
      fund.add(denom, take);
      fund.add(COLLATERAL_DENOM, -pay);
      account.add(COLLATERAL_DENOM, pay);
      ctx.events.push(events.collateralConverted({ account: toAccAddress(owner), denom, amount: take, uusdc: pay }));
    }
  }
}
