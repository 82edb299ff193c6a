import { accAddressBytes, sameAccAddress } from "../../app/address";
import { parseAmount, validateDenom } from "../../app/coins";
import type { Context } from "../../app/context";
import type { MsgHandler } from "../../app/module";
import { type Dec, decFromString, formatDec } from "../../lib/fixed";
import type { CollateralCaps } from "../../lib/collateral";
import { MissingMarketError } from "../../lib/margin";
import { optchain } from "../../proto/gen/optchain";
import { auctionStart, bidAuction } from "./auction";
import { depositBackstop, requestBackstopWithdrawal } from "./backstop";
import { cancelOrder, checkPlaceOrder, fullFillRaisesIm, placeOrder, type PlaceOrderInput } from "./book";
import {
  ErrCollateralCapExceeded,
  ErrDenomNotAccepted,
  ErrInsufficientCollateral,
  ErrInsufficientMargin,
  ErrInvalidAmount,
  ErrInvalidBid,
  ErrInvalidOrder,
  ErrInvalidSeries,
  ErrNoAuction,
  ErrNoMarketData,
  ErrOrderNotFound,
  ErrSeriesExists,
  ErrUnauthorized,
} from "./errors";
import * as events from "./events";
import type { OptionKind, OptionsKeeper, OrderSide, SeriesRecord, TimeInForce } from "./keeper";
import { Account, Market, withdrawalValuations } from "./risk";
import { parseParams } from "./params";

const pb = optchain.options.v1;
const NS_PER_SECOND = 1_000_000_000n;
const MAX_LISTED_AT_ONCE = 500;
const MAX_CLIENT_ORDER_ID = 64;
const ASSET = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
// Guardian breakers may be scoped to a series or an underlying: the tx pipeline's gate checks only the
// unscoped ones, so these handlers ask the circuit with the series the message touches.
const LIST_SERIES = "/optchain.options.v1.MsgListSeries";
const PLACE_ORDER = "/optchain.options.v1.MsgPlaceOrder";
const CANCEL_ORDER = "/optchain.options.v1.MsgCancelOrder";
/** 10^30 uusdc per unit: far beyond any price, small enough that products stay cheap bigints. */
const MAX_STRIKE: Dec = 10n ** 48n; // nondeterminism-ok: bigint power is exact
const MAX_CONTRACT_SIZE: Dec = 10n ** 27n; // nondeterminism-ok: bigint power is exact

function positiveDec(text: string, what: string, max: Dec): Dec {
  let value: Dec;
  try {
    value = decFromString(text);
  } catch {
    throw ErrInvalidSeries.wrap(`${what} ${JSON.stringify(text)} is not a decimal number`);
  }
  if (value <= 0n || value > max) throw ErrInvalidSeries.wrap(`${what} ${text} must be positive and at most ${formatDec(max, 18, { trimZeros: true })}`);
  return value;
}

function positiveAmount(text: string, what: string): bigint {
  const amount = parseAmount(text, what);
  if (amount === 0n) throw ErrInvalidAmount.wrap(`${what} must be positive`);
  return amount;
}

const kindOf = (kind: number): OptionKind => {
  if (kind === pb.OptionKind.OPTION_KIND_CALL) return "call";
  if (kind === pb.OptionKind.OPTION_KIND_PUT) return "put";
  throw ErrInvalidSeries.wrap(`option kind ${kind} is neither call nor put`);
};

/** BTC-1767225600-60000-C: underlying, expiry in unix seconds, strike in whole USDC (uusdc / 10^6), C or P. */
export function seriesName(underlying: string, expiryUnix: bigint, strike: Dec, kind: OptionKind): string {
  return `${underlying}-${expiryUnix}-${formatDec(strike, 24, { trimZeros: true })}-${kind === "call" ? "C" : "P"}`;
}

export interface SeriesSpec {
  underlying: string;
  strikes: string[];
  expiriesUnix: bigint[];
  kinds: OptionKind[];
  contractSize: string;
}

export function validateSeriesSpec(spec: SeriesSpec): void {
  if (!ASSET.test(spec.underlying)) throw ErrInvalidSeries.wrap(`underlying ${JSON.stringify(spec.underlying)} is not an oracle asset name`);
  if (spec.strikes.length === 0 || spec.expiriesUnix.length === 0 || spec.kinds.length === 0) throw ErrInvalidSeries.wrap("strikes, expiries and kinds must each be non-empty");
  const count = spec.strikes.length * spec.expiriesUnix.length * spec.kinds.length;
  if (count > MAX_LISTED_AT_ONCE) throw ErrInvalidSeries.wrap(`${count} series at once; at most ${MAX_LISTED_AT_ONCE}`);
  spec.strikes.forEach((strike) => positiveDec(strike, "strike", MAX_STRIKE));
  positiveDec(spec.contractSize, "contract_size", MAX_CONTRACT_SIZE);
  for (const expiry of spec.expiriesUnix) if (expiry <= 0n) throw ErrInvalidSeries.wrap(`expiry ${expiry} must be a positive unix time`);
}

/** Lists every strike × expiry × kind; refuses the whole grid if any of it is listed already or expired. */
export function listSeries(ctx: Context, keeper: OptionsKeeper, spec: SeriesSpec): bigint[] {
  validateSeriesSpec(spec);
  const ids: bigint[] = [];
  for (const expiryUnix of spec.expiriesUnix) {
    const expiryNs = expiryUnix * NS_PER_SECOND;
    if (expiryNs <= ctx.timeNs) throw ErrInvalidSeries.wrap(`expiry ${expiryUnix} is not in the future (block time ${ctx.timeNs / NS_PER_SECOND})`);
    for (const strikeText of spec.strikes) {
      const strike = decFromString(strikeText);
      for (const kind of spec.kinds) {
        const name = seriesName(spec.underlying, expiryUnix, strike, kind);
        if (keeper.seriesIdByName(ctx.store, name) !== undefined) throw ErrSeriesExists.wrap(name);
        const id = keeper.nextSeriesId(ctx.store);
        const record: SeriesRecord = {
          id: id.toString(),
          name,
          underlying: spec.underlying,
          kind,
          strike: formatDec(strike, 18),
          contract_size: formatDec(decFromString(spec.contractSize), 18),
          expiry_ns: expiryNs.toString(),
          status: "active",
          settlement_price: "",
        };
        keeper.setSeries(ctx.store, record);
        ids.push(id);
        ctx.events.push(events.seriesListed({ series_id: id, name, underlying: spec.underlying, expiry_ns: expiryNs }));
      }
    }
  }
  return ids;
}

type ListSeriesMsg = InstanceType<typeof pb.MsgListSeries>;
function listSeriesHandler(keeper: OptionsKeeper): MsgHandler<ListSeriesMsg> {
  const spec = (msg: ListSeriesMsg): SeriesSpec => ({
    underlying: msg.underlying,
    strikes: msg.strikes,
    expiriesUnix: msg.expiriesUnix.map((e) => BigInt(e)),
    kinds: msg.kinds.map(kindOf),
    contractSize: msg.contractSize,
  });
  return {
    typeUrl: LIST_SERIES,
    responseTypeUrl: "/optchain.options.v1.MsgListSeriesResponse",
    codec: pb.MsgListSeries,
    signers: (msg) => [msg.authority],
    checkStateless(msg) {
      accAddressBytes(msg.authority);
      validateSeriesSpec(spec(msg));
    },
    checkStateful(ctx, msg) {
      const authority = keeper.params(ctx.store).authority;
      if (authority === "" || !sameAccAddress(authority, msg.authority)) throw ErrUnauthorized.wrap(`${msg.authority} may not list series (authority: ${authority || "none"})`);
      keeper.circuit.assertNotTripped(ctx.store, LIST_SERIES, { underlying: msg.underlying });
    },
    execute(ctx, msg) {
      const ids = listSeries(ctx, keeper, spec(msg));
      return pb.MsgListSeriesResponse.encode({ seriesIds: ids.map(Number) }).finish();
    },
  };
}

type CollateralMsg = { owner: string; denom: string; amount: string };

function checkCollateralMsg(msg: CollateralMsg): void {
  accAddressBytes(msg.owner);
  validateDenom(msg.denom);
  positiveAmount(msg.amount, "amount");
}

function depositHandler(keeper: OptionsKeeper): MsgHandler<InstanceType<typeof pb.MsgDepositCollateral>> {
  return {
    typeUrl: "/optchain.options.v1.MsgDepositCollateral",
    responseTypeUrl: "/optchain.options.v1.MsgDepositCollateralResponse",
    codec: pb.MsgDepositCollateral,
    signers: (msg) => [msg.owner],
    checkStateless: checkCollateralMsg,
    checkStateful(ctx, msg) {
      const rule = parseParams(keeper.params(ctx.store)).haircuts.get(msg.denom);
      if (!rule) throw ErrDenomNotAccepted.wrap(msg.denom);
      if (rule.caps) checkCollateralCaps(ctx, keeper, accAddressBytes(msg.owner), msg.denom, BigInt(msg.amount), rule.caps);
    },
    execute(ctx, msg) {
      const amount = BigInt(msg.amount);
      keeper.deposit(ctx.store, ctx.events, accAddressBytes(msg.owner), msg.denom, amount);
      ctx.events.push(events.collateralDeposited({ owner: msg.owner, denom: msg.denom, amount }));
      return pb.MsgDepositCollateralResponse.encode({}).finish();
    },
  };
}

/** A volatile collateral (one priced by those who hold it) is taken only up to its caps per account and in all. */
function checkCollateralCaps(ctx: Context, keeper: OptionsKeeper, owner: Uint8Array, denom: string, amount: bigint, caps: CollateralCaps): void {
  const held = keeper.collateral(ctx.store, owner, denom) + amount;
  if (held > caps.perAccount) throw ErrCollateralCapExceeded.wrap(`the account would hold ${held}${denom}, past the cap of ${caps.perAccount}${denom} per account`);
  const total = keeper.collateralTotal(ctx.store, denom) + amount;
  if (total > caps.total) throw ErrCollateralCapExceeded.wrap(`all accounts would hold ${total}${denom}, past the cap of ${caps.total}${denom}`);
}

/**
 * A withdrawal must leave an account with positions (or a debt) at or above initial margin at the latest and
 * at the confirmed prices (withdrawalValuations), and never lends: uusdc can be withdrawn only from a positive
 * balance. One that would not, while a market the account holds is frozen, is refused with the freeze's
 * reason (the circuit's ErrMarketFrozen).
 */
export function checkWithdrawal(ctx: Context, keeper: OptionsKeeper, owner: Uint8Array, denom: string, amount: bigint): void {
  const account = Account.load(keeper, ctx.store, owner);
  const have = account.amount(denom);
  if (have < amount) throw ErrInsufficientCollateral.wrap(`withdrawing ${amount}${denom} but the account holds ${have}${denom}`);
  account.add(denom, -amount);
  if (account.positions.size === 0 && account.cash >= 0n) return;
  let valuations;
  try {
    valuations = withdrawalValuations(keeper, ctx.store, ctx.timeNs, account);
  } catch (err) {
    if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(`withdrawal of ${amount}${denom}: ${err.message}`);
    throw err;
  }
  for (const { market, valuation } of valuations) {
    const required = valuation.im > 0n ? valuation.im : 0n;
    if (valuation.equity >= required) continue;
    // An account with a debt and no positions answers to a freeze of the whole market.
    const underlyings = account.underlyings(market);
    for (const underlying of underlyings.length > 0 ? underlyings : [""]) keeper.circuit.assertCanAddRisk(ctx.store, underlying, ctx.height);
    throw ErrInsufficientMargin.wrap(`withdrawing ${amount}${denom} would leave equity ${valuation.equity}uusdc below initial margin ${required}uusdc (${market.spots} prices)`);
  }
}

function withdrawHandler(keeper: OptionsKeeper): MsgHandler<InstanceType<typeof pb.MsgWithdrawCollateral>> {
  return {
    typeUrl: "/optchain.options.v1.MsgWithdrawCollateral",
    responseTypeUrl: "/optchain.options.v1.MsgWithdrawCollateralResponse",
    codec: pb.MsgWithdrawCollateral,
    signers: (msg) => [msg.owner],
    checkStateless: checkCollateralMsg,
    checkStateful(ctx, msg) {
      checkWithdrawal(ctx, keeper, accAddressBytes(msg.owner), msg.denom, BigInt(msg.amount));
    },
    execute(ctx, msg) {
      const amount = BigInt(msg.amount);
      keeper.withdraw(ctx.store, ctx.events, accAddressBytes(msg.owner), msg.denom, amount);
      ctx.events.push(events.collateralWithdrawn({ owner: msg.owner, denom: msg.denom, amount }));
      return pb.MsgWithdrawCollateralResponse.encode({}).finish();
    },
  };
}

type PlaceOrderMsg = InstanceType<typeof pb.MsgPlaceOrder>;

export function placeOrderInput(msg: PlaceOrderMsg): PlaceOrderInput {
  const side: OrderSide | undefined = msg.side === pb.Side.SIDE_BUY ? "buy" : msg.side === pb.Side.SIDE_SELL ? "sell" : undefined;
  if (!side) throw ErrInvalidOrder.wrap(`side ${msg.side} is neither buy nor sell`);
  const tifs: Record<number, TimeInForce> = {
    [pb.TimeInForce.TIME_IN_FORCE_GTC]: "gtc",
    [pb.TimeInForce.TIME_IN_FORCE_IOC]: "ioc",
    [pb.TimeInForce.TIME_IN_FORCE_POST_ONLY]: "post_only",
  };
  const timeInForce = tifs[msg.timeInForce];
  if (!timeInForce) throw ErrInvalidOrder.wrap(`time in force ${msg.timeInForce} is not GTC, IOC or post-only`);
  if (!Number.isSafeInteger(msg.seriesId) || msg.seriesId <= 0) throw ErrInvalidOrder.wrap(`series id ${msg.seriesId}`);
  if (!Number.isSafeInteger(msg.quantity) || msg.quantity <= 0) throw ErrInvalidOrder.wrap(`quantity ${msg.quantity} must be a positive integer`);
  if (msg.clientOrderId.length > MAX_CLIENT_ORDER_ID || !/^[\x21-\x7e]*$/.test(msg.clientOrderId)) {
    throw ErrInvalidOrder.wrap(`client order id must be at most ${MAX_CLIENT_ORDER_ID} printable ASCII characters`);
  }
  const price = parseAmount(msg.price, "price");
  if (price === 0n || price >= 1n << 63n) throw ErrInvalidOrder.wrap(`price ${msg.price} must be a positive uusdc amount below 2^63`);
  return { owner: msg.owner, seriesId: BigInt(msg.seriesId), side, quantity: BigInt(msg.quantity), price, timeInForce, clientOrderId: msg.clientOrderId };
}

function placeOrderHandler(keeper: OptionsKeeper): MsgHandler<PlaceOrderMsg> {
  return {
    typeUrl: PLACE_ORDER,
    responseTypeUrl: "/optchain.options.v1.MsgPlaceOrderResponse",
    codec: pb.MsgPlaceOrder,
    signers: (msg) => [msg.owner],
    checkStateless(msg) {
      accAddressBytes(msg.owner);
      placeOrderInput(msg);
    },
    checkStateful(ctx, msg) {
      const input = placeOrderInput(msg);
      const max = keeper.params(ctx.store).max_order_quantity;
      if (input.quantity > BigInt(max)) throw ErrInvalidOrder.wrap(`quantity ${input.quantity} is above the maximum ${max}`);
      const market = new Market(keeper, ctx.store, ctx.timeNs);
      const series = checkPlaceOrder(ctx, keeper, market, input);
      keeper.circuit.assertNotTripped(ctx.store, PLACE_ORDER, { seriesId: input.seriesId, underlying: series.underlying });
      // During a freeze, new risk is refused here already (so in CheckTx), judged on the whole portfolio as
      // execution judges it; execution still judges every fill.
      if (!keeper.circuit.canAddRisk(ctx.store, series.underlying, ctx.height)) {
        const account = Account.load(keeper, ctx.store, accAddressBytes(input.owner));
        const signed = input.side === "buy" ? input.quantity : -input.quantity;
        if (fullFillRaisesIm(market, account, input.seriesId, signed, input.price)) keeper.circuit.assertCanAddRisk(ctx.store, series.underlying, ctx.height);
      }
    },
    execute(ctx, msg) {
      const result = placeOrder(ctx, keeper, placeOrderInput(msg));
      return pb.MsgPlaceOrderResponse.encode({
        orderId: Number(result.orderId),
        filledQuantity: Number(result.filled),
        restingQuantity: Number(result.resting),
        fills: result.fills.map((f) => ({ makerOrderId: Number(f.makerOrderId), maker: f.maker, quantity: Number(f.quantity), price: f.price.toString() })),
      }).finish();
    },
  };
}

type CancelOrderMsg = InstanceType<typeof pb.MsgCancelOrder>;
function cancelOrderHandler(keeper: OptionsKeeper): MsgHandler<CancelOrderMsg> {
  const find = (ctx: Context, msg: CancelOrderMsg) => {
    const owner = accAddressBytes(msg.owner);
    const id = msg.orderId > 0 ? BigInt(msg.orderId) : keeper.orderByClientId(ctx.store, owner, msg.clientOrderId);
    const order = id === undefined ? undefined : keeper.order(ctx.store, id);
    if (!order || !sameAccAddress(order.owner, msg.owner)) throw ErrOrderNotFound.wrap(`no open order ${msg.orderId || JSON.stringify(msg.clientOrderId)} of ${msg.owner}`);
    return order;
  };
  return {
    typeUrl: CANCEL_ORDER,
    responseTypeUrl: "/optchain.options.v1.MsgCancelOrderResponse",
    codec: pb.MsgCancelOrder,
    signers: (msg) => [msg.owner],
    checkStateless(msg) {
      accAddressBytes(msg.owner);
      if (!Number.isSafeInteger(msg.orderId) || msg.orderId < 0) throw ErrInvalidOrder.wrap(`order id ${msg.orderId}`);
      if (msg.orderId === 0 && msg.clientOrderId === "") throw ErrInvalidOrder.wrap("give an order id or a client order id");
    },
    checkStateful(ctx, msg) {
      const order = find(ctx, msg);
      const seriesId = BigInt(order.series_id);
      keeper.circuit.assertNotTripped(ctx.store, CANCEL_ORDER, { seriesId, underlying: keeper.mustSeries(ctx.store, seriesId).underlying });
    },
    execute(ctx, msg) {
      const order = find(ctx, msg);
      cancelOrder(ctx, keeper, order, "cancelled_by_owner");
      return pb.MsgCancelOrderResponse.encode({ orderId: Number(order.id), cancelledQuantity: Number(order.remaining) }).finish();
    },
  };
}

function depositBackstopHandler(keeper: OptionsKeeper): MsgHandler<InstanceType<typeof pb.MsgDepositBackstop>> {
  return {
    typeUrl: "/optchain.options.v1.MsgDepositBackstop",
    responseTypeUrl: "/optchain.options.v1.MsgDepositBackstopResponse",
    codec: pb.MsgDepositBackstop,
    signers: (msg) => [msg.owner],
    checkStateless(msg) {
      accAddressBytes(msg.owner);
      positiveAmount(msg.amount, "amount");
    },
    checkStateful() {},
    execute(ctx, msg) {
      const { shares, cost } = depositBackstop(ctx, keeper, accAddressBytes(msg.owner), BigInt(msg.amount));
      return pb.MsgDepositBackstopResponse.encode({ shares: shares.toString(), cost: cost.toString() }).finish();
    },
  };
}

function withdrawBackstopHandler(keeper: OptionsKeeper): MsgHandler<InstanceType<typeof pb.MsgWithdrawBackstop>> {
  return {
    typeUrl: "/optchain.options.v1.MsgWithdrawBackstop",
    responseTypeUrl: "/optchain.options.v1.MsgWithdrawBackstopResponse",
    codec: pb.MsgWithdrawBackstop,
    signers: (msg) => [msg.owner],
    checkStateless(msg) {
      accAddressBytes(msg.owner);
      positiveAmount(msg.shares, "shares");
    },
    checkStateful() {},
    execute(ctx, msg) {
      const releaseNs = requestBackstopWithdrawal(ctx, keeper, accAddressBytes(msg.owner), BigInt(msg.shares));
      return pb.MsgWithdrawBackstopResponse.encode({ releaseUnix: Number(releaseNs / NS_PER_SECOND) }).finish();
    },
  };
}

function bidAuctionHandler(keeper: OptionsKeeper): MsgHandler<InstanceType<typeof pb.MsgBidAuction>> {
  return {
    typeUrl: "/optchain.options.v1.MsgBidAuction",
    responseTypeUrl: "/optchain.options.v1.MsgBidAuctionResponse",
    codec: pb.MsgBidAuction,
    signers: (msg) => [msg.bidder],
    checkStateless(msg) {
      accAddressBytes(msg.bidder);
      accAddressBytes(msg.owner);
      if (sameAccAddress(msg.bidder, msg.owner)) throw ErrInvalidBid.wrap("an account cannot bid on its own auction");
      if (!Number.isInteger(msg.percent) || msg.percent < 1 || msg.percent > 100) throw ErrInvalidBid.wrap(`percent must be 1 to 100, got ${msg.percent}`);
    },
    checkStateful(ctx, msg) {
      if (auctionStart(ctx.store, accAddressBytes(msg.owner)) === undefined) throw ErrNoAuction.wrap(msg.owner);
    },
    execute(ctx, msg) {
      bidAuction(ctx, keeper, accAddressBytes(msg.bidder), accAddressBytes(msg.owner), msg.percent);
      return pb.MsgBidAuctionResponse.encode({}).finish();
    },
  };
}

export function optionsMsgs(keeper: OptionsKeeper): MsgHandler<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [
    listSeriesHandler(keeper),
    depositHandler(keeper),
    withdrawHandler(keeper),
    placeOrderHandler(keeper),
    cancelOrderHandler(keeper),
    depositBackstopHandler(keeper),
    withdrawBackstopHandler(keeper),
    bidAuctionHandler(keeper),
  ];
}
