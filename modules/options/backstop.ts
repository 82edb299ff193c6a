// The insurance fund doubles as a backstop pool: LPs deposit uusdc for shares of the fund's equity (which
// liquidation penalties raise and absorbed losses lower) and withdraw after backstop_withdrawal_delay_s.
// Queued shares keep their claim, gains and losses included, until they are paid at their value then.

import { accAddressBytes, toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { Context } from "../../app/context";
import { mulDiv } from "../../lib/fixed";
import { MissingMarketError } from "../../lib/margin";
import { ErrBackstop, ErrNoMarketData } from "./errors";
import * as events from "./events";
import { INSURANCE_FUND_ADDRESS, OPTIONS_MODULE_ADDRESS, type OptionsKeeper } from "./keeper";
import { Account, Market, valueAccount } from "./risk";

const NS_PER_SECOND = 1_000_000_000n;
const PAYOUTS_PER_BLOCK = 50;

export function fundEquity(keeper: OptionsKeeper, market: Market): bigint {
  return valueAccount(market, Account.load(keeper, market.state, INSURANCE_FUND_ADDRESS)).equity;
}

/**
 * Shares locked to the fund itself when the pool is first minted into, so they can never be withdrawn:
 * one per uusdc of the equity no LP owns, and at least this many, so a first depositor never owns (nearly)
 * all shares and cannot move their price with penalties it pays itself to make later deposits round to nothing.
 */
export const MIN_LOCKED_SHARES = 1_000n;

/** Buys whole shares with at most `amount`; what they cost is what leaves the depositor. */
export function depositBackstop(ctx: Context, keeper: OptionsKeeper, owner: Uint8Array, amount: bigint): { shares: bigint; cost: bigint } {
  let total = keeper.lpTotal(ctx.store);
  let equity: bigint;
  try {
    equity = fundEquity(keeper, new Market(keeper, ctx.store, ctx.timeNs));
  } catch (err) {
    if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(`the insurance fund cannot be valued now: ${err.message}`);
    throw err;
  }
  if (equity < 0n || (equity === 0n && total > 0n)) throw ErrBackstop.wrap(`the insurance fund's equity is ${equity}uusdc; deposits would buy a share of a deficit`);
  if (total === 0n) {
    // Equity nobody holds shares in (penalties earned with no LP in the pool) stays the fund's: minted 1:1 to
    // the first depositor it would be theirs to withdraw.
    const locked = equity > MIN_LOCKED_SHARES ? equity : MIN_LOCKED_SHARES;
    keeper.setLpShares(ctx.store, INSURANCE_FUND_ADDRESS, keeper.lpShares(ctx.store, INSURANCE_FUND_ADDRESS) + locked);
    ctx.events.push(events.backstopSharesLocked({ owner: toAccAddress(INSURANCE_FUND_ADDRESS), shares: locked, equity }));
    total = locked;
  }
  // With no equity yet the locked shares stand for nothing and the deposit buys at one share per uusdc.
  const shares = equity === 0n ? amount : mulDiv(amount, total, equity, "down");
  if (shares === 0n) throw ErrBackstop.wrap(`${amount}uusdc buys no whole share at the fund's equity ${equity}uusdc for ${total} shares`);
  // Only the whole shares' price (rounded up, < 1uusdc over their value) is taken: the rest of the amount, up to
  // a share's worth, would otherwise be a gift to the other LPs that grows with the share price.
  const cost = equity === 0n ? amount : mulDiv(shares, equity, total, "up");
  keeper.bank.send(ctx.store, ctx.events, owner, OPTIONS_MODULE_ADDRESS, [{ denom: COLLATERAL_DENOM, amount: cost }]);
  keeper.setCollateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM, keeper.collateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM) + cost);
  keeper.setLpShares(ctx.store, owner, keeper.lpShares(ctx.store, owner) + shares);
  keeper.setLpTotal(ctx.store, total + shares);
  ctx.events.push(events.backstopDeposited({ owner: toAccAddress(owner), amount: cost, shares }));
  return { shares, cost };
}

export function requestBackstopWithdrawal(ctx: Context, keeper: OptionsKeeper, owner: Uint8Array, shares: bigint): bigint {
  const have = keeper.lpShares(ctx.store, owner);
  if (shares > have) throw ErrBackstop.wrap(`withdrawing ${shares} shares but holding ${have}`);
  keeper.setLpShares(ctx.store, owner, have - shares);
  const releaseNs = ctx.timeNs + BigInt(keeper.params(ctx.store).backstop_withdrawal_delay_s) * NS_PER_SECOND;
  const id = keeper.nextWithdrawalId(ctx.store);
  keeper.addWithdrawal(ctx.store, { id: id.toString(), owner: toAccAddress(owner), shares: shares.toString(), release_ns: releaseNs.toString() });
  ctx.events.push(events.backstopWithdrawalQueued({ owner: toAccAddress(owner), shares, release_ns: releaseNs }));
  return releaseNs;
}

/** Pays matured withdrawals in release order while the fund has the uusdc; the first that cannot be paid waits. */
export function processBackstopWithdrawals(ctx: Context, keeper: OptionsKeeper): void {
  const due = keeper.withdrawals(ctx.store, PAYOUTS_PER_BLOCK).filter((w) => BigInt(w.release_ns) <= ctx.timeNs);
  if (due.length === 0) return;
  let equity: bigint;
  try {
    equity = fundEquity(keeper, new Market(keeper, ctx.store, ctx.timeNs));
  } catch (err) {
    if (!(err instanceof MissingMarketError)) throw err;
    ctx.events.push(events.backstopWithdrawalWaiting({ owner: due[0].owner, shares: BigInt(due[0].shares), reason: err.message }));
    return;
  }
  let total = keeper.lpTotal(ctx.store);
  for (const withdrawal of due) {
    const shares = BigInt(withdrawal.shares);
    const value = equity > 0n && total > 0n ? mulDiv(shares, equity, total, "down") : 0n;
    const cash = keeper.collateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM);
    if (value > cash) {
      ctx.events.push(events.backstopWithdrawalWaiting({ owner: withdrawal.owner, shares, reason: `the fund holds ${cash}uusdc of the ${value}uusdc owed` }));
      return;
    }
    keeper.setCollateral(ctx.store, INSURANCE_FUND_ADDRESS, COLLATERAL_DENOM, cash - value);
    if (value > 0n) keeper.bank.send(ctx.store, ctx.events, OPTIONS_MODULE_ADDRESS, accAddressBytes(withdrawal.owner), [{ denom: COLLATERAL_DENOM, amount: value }]);
    total -= shares;
    equity -= value;
    keeper.setLpTotal(ctx.store, total);
    keeper.removeWithdrawal(ctx.store, withdrawal);
    ctx.events.push(events.backstopWithdrawalPaid({ owner: withdrawal.owner, shares, amount: value }));
  }
}
