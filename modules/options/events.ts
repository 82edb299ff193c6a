import { event } from "../../app/context";

type Attrs = Record<string, string | bigint | number | boolean>;
const typed = (type: string, attributes: Attrs) =>
  event(type, Object.fromEntries(Object.keys(attributes).map((name) => [name, String(attributes[name])])));

export const seriesListed = (a: { series_id: bigint; name: string; underlying: string; expiry_ns: bigint }) => typed("series_listed", a);
export const collateralDeposited = (a: { owner: string; denom: string; amount: bigint }) => typed("collateral_deposited", a);
export const collateralWithdrawn = (a: { owner: string; denom: string; amount: bigint }) => typed("collateral_withdrawn", a);
export const orderPlaced = (a: { order_id: bigint; owner: string; series_id: bigint; side: string; quantity: bigint; price: bigint; time_in_force: string }) =>
  typed("order_placed", a);
export const orderFilled = (a: {
  series_id: bigint;
  maker_order_id: bigint;
  taker_order_id: bigint;
  maker: string;
  taker: string;
  taker_side: string;
  quantity: bigint;
  price: bigint;
}) => typed("order_filled", a);
export const orderCancelled = (a: { order_id: bigint; owner: string; series_id: bigint; remaining: bigint; reason: string }) => typed("order_cancelled", a);
export const liquidationStarted = (a: { account: string; equity: bigint; maintenance_margin: bigint; initial_margin: bigint }) =>
  typed("liquidation", a);
/** counterparty is "book", "insurance_fund" or "adl"; price per contract in uusdc. */
export const liquidationClose = (a: { account: string; series_id: bigint; quantity: bigint; price: bigint; counterparty: string; counterparty_address: string }) =>
  typed("liquidation_close", a);
export const liquidationSkipped = (a: { underlying: string; accounts: number; reason: string }) => typed("liquidation_skipped", a);
export const insuranceFundTakeover = (a: { account: string; loss: bigint; positions: number }) => typed("insurance_fund_takeover", a);
export const socialisedLoss = (a: { account: string; amount: bigint; counterparties: number }) => typed("socialised_loss", a);
export const badDebt = (a: { account: string; amount: bigint }) => typed("bad_debt", a);
export const collateralConverted = (a: { account: string; denom: string; amount: bigint; uusdc: bigint }) => typed("collateral_converted", a);
export const settlementDelayed = (a: { series_id: bigint; reason: string }) => typed("settlement_delayed", a);
export const seriesSettled = (a: { series_id: bigint; settlement_price: string; paid_to_longs: bigint; collected_from_shorts: bigint; waited: boolean }) =>
  typed("series_settled", a);
export const positionSettled = (a: { owner: string; series_id: bigint; quantity: bigint; amount: bigint }) => typed("position_settled", a);
export const backstopDeposited = (a: { owner: string; amount: bigint; shares: bigint }) => typed("backstop_deposited", a);
export const backstopWithdrawalQueued = (a: { owner: string; shares: bigint; release_ns: bigint }) => typed("backstop_withdrawal_queued", a);
export const backstopWithdrawalPaid = (a: { owner: string; shares: bigint; amount: bigint }) => typed("backstop_withdrawal_paid", a);
export const backstopWithdrawalWaiting = (a: { owner: string; shares: bigint; reason: string }) => typed("backstop_withdrawal_waiting", a);
/** Shares minted to the fund itself for equity no LP owns; nobody can withdraw them. */
export const backstopSharesLocked = (a: { owner: string; shares: bigint; equity: bigint }) => typed("backstop_shares_locked", a);
/** Paid by a liquidated account to the insurance fund: liquidation_penalty × the maintenance margin released. */
export const liquidationPenalty = (a: { account: string; amount: bigint; margin_released: bigint }) => typed("liquidation_penalty", a);
/** Shorts of a series could not pay `shortfall` at settlement: the fund covered what it could, the longs share the rest. */
export const settlementShortfall = (a: { series_id: bigint; shortfall: bigint; covered_by_fund: bigint; socialised: bigint }) => typed("settlement_shortfall", a);
export const auctionStarted = (a: { account: string; start_height: bigint }) => typed("auction_started", a);
/** reason: "restored" (back at IM or nothing left), "floor" (the fund took the rest), "insolvent". */
export const auctionEnded = (a: { account: string; reason: string }) => typed("auction_ended", a);
/** discount in basis points of mark. */
/** discount: the Dec fraction off (longs) or added to (shorts) the mark at the bid's height */
export const auctionFill = (a: { account: string; bidder: string; series_id: bigint; quantity: bigint; price: bigint; discount: string }) => typed("auction_fill", a);
