import { key, u64 } from "../../app/keys";

// options/params → JSON OptionsParams
export const PARAMS_KEY = key("options/params");
// options/next_series_id, options/next_order_id, options/next_withdrawal_id → decimal string counters
export const NEXT_SERIES_ID_KEY = key("options/next_series_id");
export const NEXT_ORDER_ID_KEY = key("options/next_order_id");
export const NEXT_WITHDRAWAL_ID_KEY = key("options/next_withdrawal_id");

// options/series/<id u64> → JSON SeriesRecord
export const SERIES_PREFIX = key("options/series/");
export const seriesKey = (id: bigint) => key(SERIES_PREFIX, u64(id));
// options/series_name/<name> → id u64: one series per name
export const seriesNameKey = (name: string) => key("options/series_name/", name);
// options/expiry/<expiry ns u64><id u64> → empty: unsettled series in expiry order
export const EXPIRY_PREFIX = key("options/expiry/");
export const expiryKey = (expiryNs: bigint, id: bigint) => key(EXPIRY_PREFIX, u64(expiryNs), u64(id));
// options/underlying/<asset> → empty: every underlying a series was ever listed on (realised vol is tracked for these)
export const UNDERLYING_PREFIX = key("options/underlying/");
export const underlyingKey = (asset: string) => key(UNDERLYING_PREFIX, asset);
// options/settle_wait/<id u64> → empty: the series is past expiry and its settlement_delayed event was emitted
export const SETTLE_WAIT_PREFIX = key("options/settle_wait/");
export const settleWaitKey = (id: bigint) => key(SETTLE_WAIT_PREFIX, u64(id));

// options/settling/<id u64> → JSON {paid, collected}: uusdc paid to longs and taken from shorts so far, while the
// series' holders are paid over several blocks
export const SETTLING_PREFIX = key("options/settling/");
export const settlingKey = (id: bigint) => key(SETTLING_PREFIX, u64(id));

// options/col/<owner 20 bytes><denom> → signed decimal string; uusdc may be negative (a debt); absent = 0
export const COLLATERAL_PREFIX = key("options/col/");
export const collateralOf = (owner: Uint8Array) => key(COLLATERAL_PREFIX, owner);
export const collateralKey = (owner: Uint8Array, denom: string) => key(COLLATERAL_PREFIX, owner, denom);
// options/pos/<owner 20 bytes><series u64> → JSON {qty, cost}; absent = flat
export const POSITION_PREFIX = key("options/pos/");
export const positionsOf = (owner: Uint8Array) => key(POSITION_PREFIX, owner);
export const positionKey = (owner: Uint8Array, seriesId: bigint) => key(POSITION_PREFIX, owner, u64(seriesId));
// options/exposed/<owner> → empty: accounts with a position or a uusdc debt (the fund never), which liquidation
// scans a budget of per block, round robin from options/liq_cursor
export const EXPOSED_PREFIX = key("options/exposed/");
export const exposedKey = (owner: Uint8Array) => key(EXPOSED_PREFIX, owner);
// options/liq_cursor → the exposed-index key liquidation scanned last; the next block goes on after it
export const LIQUIDATION_CURSOR_KEY = key("options/liq_cursor");
// options/watch/<owner> → empty: exposed accounts whose equity was below liquidation_watch_ratio × MM when last
// valued, scanned round robin every block besides the rotation, from options/watch_cursor
export const WATCH_PREFIX = key("options/watch/");
export const watchKey = (owner: Uint8Array) => key(WATCH_PREFIX, owner);
export const WATCH_CURSOR_KEY = key("options/watch_cursor");
// options/holder/<series u64><owner 20 bytes> → empty: who holds a series, for settlement and deleveraging
export const holdersOf = (seriesId: bigint) => key("options/holder/", u64(seriesId));
export const holderKey = (seriesId: bigint, owner: Uint8Array) => key(holdersOf(seriesId), owner);
// options/open_interest/<series u64> → open long contracts (equal to open shorts), decimal string; absent = 0.
// Kept on every position write so readers never sum positions.
export const OPEN_INTEREST_PREFIX = key("options/open_interest/");
export const openInterestKey = (seriesId: bigint) => key(OPEN_INTEREST_PREFIX, u64(seriesId));

// options/order/<order u64> → JSON OrderRecord
export const ORDER_PREFIX = key("options/order/");
export const orderKey = (id: bigint) => key(ORDER_PREFIX, u64(id));
// options/book/<series u64><side: 0 bid, 1 ask><price key u64><order u64> → empty. Bids store 2^64−1−price,
// so iterating either side in key order is best price first, then oldest order first (price-time priority).
export const bookOf = (seriesId: bigint) => key("options/book/", u64(seriesId));
export const bookSide = (seriesId: bigint, side: BookSide) => key(bookOf(seriesId), Uint8Array.of(side === "bid" ? 0 : 1));
export const bookKey = (seriesId: bigint, side: BookSide, price: bigint, orderId: bigint) =>
  key(bookSide(seriesId, side), u64(side === "bid" ? MAX_U64 - price : price), u64(orderId));
// options/owner_order/<owner 20 bytes><order u64> → empty: an account's open orders
export const ordersOf = (owner: Uint8Array) => key("options/owner_order/", owner);
export const ownerOrderKey = (owner: Uint8Array, orderId: bigint) => key(ordersOf(owner), u64(orderId));
// options/open_orders/<owner 20 bytes> → how many open orders the owner has, decimal string
export const openOrderCountKey = (owner: Uint8Array) => key("options/open_orders/", owner);
// options/client_order/<owner 20 bytes><client order id> → order u64, while that order is open
export const clientOrderKey = (owner: Uint8Array, clientOrderId: string) => key("options/client_order/", owner, clientOrderId);

// options/lp/<owner 20 bytes> → backstop shares, decimal string
export const LP_PREFIX = key("options/lp/");
export const lpKey = (owner: Uint8Array) => key(LP_PREFIX, owner);
// options/lp_total → all backstop shares, decimal string
export const LP_TOTAL_KEY = key("options/lp_total");
// options/lp_withdrawal/<release ns u64><id u64> → JSON {owner, shares}: queued withdrawals in release order
export const LP_WITHDRAWAL_PREFIX = key("options/lp_withdrawal/");
export const lpWithdrawalKey = (releaseNs: bigint, id: bigint) => key(LP_WITHDRAWAL_PREFIX, u64(releaseNs), u64(id));

// options/ewma/<asset> → JSON EwmaState of the asset's realised volatility
export const EWMA_PREFIX = key("options/ewma/");
export const ewmaKey = (asset: string) => key(EWMA_PREFIX, asset);

export type BookSide = "bid" | "ask";
export const MAX_U64 = (1n << 64n) - 1n;
