import { accAddressBytes, sameAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { QueryHandler } from "../../app/module";
import { ErrInvalidRequest } from "../../app/errors";
import { MAX_PAGE_LIMIT, MAX_PAGE_SCAN, type PageRequestLike, pageResponse, paginate, successor } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { type Dec, decFromFloat, decToString, mulDiv } from "../../lib/fixed";
import { type AccountMargin, MissingMarketError, scenarioLabel } from "../../lib/margin";
import { optchain } from "../../proto/gen/optchain";
import { fundEquity } from "./backstop";
import { ErrNoMarketData } from "./errors";
import { LP_WITHDRAWAL_PREFIX, OPEN_INTEREST_PREFIX, SERIES_PREFIX, type BookSide, bookSide, ordersOf } from "./keys";
import { INSURANCE_FUND_ADDRESS, type OptionsKeeper, parse, type OrderRecord, type SeriesRecord, type WithdrawalRecord, fundAddress } from "./keeper";
import type { OptionsParams } from "./params";
import { Account, Market, valueAccount } from "./risk";

const pb = optchain.options.v1;
const dec = (value: Dec) => decToString(value);
const float = (value: number) => decToString(decFromFloat(value, "down"));
const DAYS_PER_YEAR = 365;
const VOL_POINT = 100;
const DEFAULT_DEPTH = 20;

const KIND = { call: pb.OptionKind.OPTION_KIND_CALL, put: pb.OptionKind.OPTION_KIND_PUT } as const;
const STATUS = { active: pb.SeriesStatus.SERIES_STATUS_ACTIVE, expired: pb.SeriesStatus.SERIES_STATUS_EXPIRED, settling: pb.SeriesStatus.SERIES_STATUS_SETTLING, settled: pb.SeriesStatus.SERIES_STATUS_SETTLED } as const;
const SIDE = { buy: pb.Side.SIDE_BUY, sell: pb.Side.SIDE_SELL } as const;
const TIF = { gtc: pb.TimeInForce.TIME_IN_FORCE_GTC, ioc: pb.TimeInForce.TIME_IN_FORCE_IOC, post_only: pb.TimeInForce.TIME_IN_FORCE_POST_ONLY } as const;

export function seriesToProto(record: SeriesRecord) {
  return pb.Series.create({
    id: Number(record.id),
    name: record.name,
    underlying: record.underlying,
    quoteDenom: COLLATERAL_DENOM,
    kind: KIND[record.kind],
    strike: record.strike,
    expiryUnix: Number(BigInt(record.expiry_ns) / 1_000_000_000n),
    contractSize: record.contract_size,
    status: STATUS[record.status],
    settlementPrice: record.settlement_price,
  });
}

function orderToProto(order: OrderRecord) {
  return pb.Order.create({
    id: Number(order.id),
    owner: order.owner,
    seriesId: Number(order.series_id),
    side: SIDE[order.side],
    quantity: Number(order.quantity),
    remaining: Number(order.remaining),
    price: order.price,
    timeInForce: TIF[order.time_in_force],
    clientOrderId: order.client_order_id,
    placedHeight: Number(order.placed_height),
  });
}

export function paramsToProto(p: OptionsParams) {
  return pb.Params.create({
    authority: p.authority,
    collateral: p.collateral.map((c) => ({
      denom: c.denom,
      oracleAsset: c.oracle_asset,
      haircut: c.haircut,
      maxPerAccount: c.max_per_account,
      maxTotal: c.max_total,
      calmVol: c.calm_vol,
      volHaircutSlope: c.vol_haircut_slope,
      volWindowS: c.vol_window_s,
    })),
    imFactor: p.im_factor,
    spotShockStep: p.spot_shock_step,
    spotShockSteps: p.spot_shock_steps,
    extremeSpotShock: p.extreme_spot_shock,
    maxSpotShock: p.max_spot_shock,
    volUpCoeff: p.vol_up_coeff,
    volDownCoeff: p.vol_down_coeff,
    shortExpiryPower: p.short_expiry_power,
    longExpiryPower: p.long_expiry_power,
    contingencyRate: p.contingency_rate,
    stdImRate: p.std_im_rate,
    stdImMinRate: p.std_im_min_rate,
    stdMmRate: p.std_mm_rate,
    calmVol: p.calm_vol,
    volFloor: p.vol_floor,
    maxRegime: p.max_regime,
    ewmaLambda: p.ewma_lambda,
    ewmaMinIntervalS: p.ewma_min_interval_s,
    maxLiquidationsPerBlock: p.max_liquidations_per_block,
    liquidationPenalty: p.liquidation_penalty,
    liquidationSteps: p.liquidation_steps,
    settlementWindowS: p.settlement_window_s,
    maxSettlementsPerBlock: p.max_settlements_per_block,
    backstopWithdrawalDelayS: p.backstop_withdrawal_delay_s,
    maxOpenOrdersPerAccount: p.max_open_orders_per_account,
    maxPositionsPerAccount: p.max_positions_per_account,
    maxOrderQuantity: p.max_order_quantity,
    maxFillsPerOrder: p.max_fills_per_order,
    maxAccountsScannedPerBlock: p.max_accounts_scanned_per_block,
    maxSettlementItemsPerBlock: p.max_settlement_items_per_block,
    liquidationWatchRatio: p.liquidation_watch_ratio,
    extendedSpotShocks: p.extended_spot_shocks,
    extendedWeight: p.extended_weight,
    maxFillPriceDeviation: p.max_fill_price_deviation,
    minPriceTick: p.min_price_tick,
    maxFundMargin: p.max_fund_margin,
    auctionStartDiscount: p.auction_start_discount,
    auctionFloorDiscount: p.auction_floor_discount,
    auctionBlocks: p.auction_blocks,
  });
}

interface GreekSum {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

/** Vega per vol point and theta per day, as traders quote them. */
const greeksToProto = (g: GreekSum) => pb.Greeks.create({ delta: float(g.delta), gamma: float(g.gamma), vega: float(g.vega / VOL_POINT), theta: float(g.theta / DAYS_PER_YEAR) });

function collateralToProto(market: Market, account: Account) {
  return [...account.collateral.keys()].sort().map((denom) => {
    const amount = account.amount(denom);
    let price = "";
    let value = "";
    try {
      price = dec(market.collateralPrice(denom));
      value = market.collateralValue(denom, amount).toString();
    } catch (err) {
      if (!(err instanceof MissingMarketError)) throw err;
    }
    return pb.CollateralBalance.create({ denom, amount: amount.toString(), price, haircut: decToString(market.collateralHaircut(denom), { trimZeros: true }), value });
  });
}

/** Positions with marks and Greeks when the market allows, and per-underlying risk; else positions alone. */
function positionsToProto(market: Market, account: Account, margin: AccountMargin | undefined) {
  const detail = new Map((margin?.positions ?? []).map((p) => [p.series.id, p]));
  return [...account.positions.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((id) => {
      const position = account.positions.get(id)!;
      const risk = detail.get(id);
      return pb.Position.create({
        seriesId: Number(id),
        seriesName: market.seriesRecord(id).name,
        quantity: position.qty.toString(),
        cost: position.cost.toString(),
        mark: risk ? dec(risk.mark) : "",
        value: risk ? risk.value.toString() : "",
        unrealisedPnl: risk ? (risk.value - position.cost).toString() : "",
        greeks: risk ? greeksToProto(risk) : undefined,
      });
    });
}

function underlyingsToProto(market: Market, margin: AccountMargin) {
  return margin.perUnderlying.map((u) => {
    const { risk, choice } = market.underlying(u.underlying);
    const total: GreekSum = { delta: 0, gamma: 0, vega: 0, theta: 0 };
    for (const p of margin.positions ?? []) {
      if (p.series.underlying !== u.underlying) continue;
      total.delta += p.delta;
      total.gamma += p.gamma;
      total.vega += p.vega;
      total.theta += p.theta;
    }
    return pb.UnderlyingRisk.create({
      underlying: u.underlying,
      spot: dec(risk.spot),
      markVol: dec(risk.markVol),
      marginVol: dec(risk.marginVol),
      regime: dec(risk.regime),
      volSource: choice.source,
      worstScenario: u.worstScenario ? scenarioLabel(u.worstScenario) : "",
      worstLoss: u.worstLoss.toString(),
      contingency: u.contingency.toString(),
      greeks: greeksToProto(total),
    });
  });
}

function marketAt(keeper: OptionsKeeper, state: KVReader): Market {
  return new Market(keeper, state, keeper.lastBlockTimeNs(state));
}

export function accountView(keeper: OptionsKeeper, state: KVReader, owner: Uint8Array, address: string) {
  const market = marketAt(keeper, state);
  const account = Account.load(keeper, state, owner);
  let valuation;
  let reason = "";
  try {
    valuation = valueAccount(market, account, true);
  } catch (err) {
    if (!(err instanceof MissingMarketError)) throw err;
    reason = err.message;
  }
  return pb.QueryAccountResponse.create({
    owner: address,
    collateral: collateralToProto(market, account),
    collateralValue: valuation?.collateralValue.toString() ?? "",
    positionValue: valuation?.positionValue.toString() ?? "",
    equity: valuation?.equity.toString() ?? "",
    initialMargin: valuation?.im.toString() ?? "",
    maintenanceMargin: valuation?.mm.toString() ?? "",
    marginAvailable: valuation !== undefined,
    marginUnavailableReason: reason,
    standardMarginApplied: valuation?.margin.standardApplied ?? false,
    positions: positionsToProto(market, account, valuation?.margin),
    underlyings: valuation ? underlyingsToProto(market, valuation.margin) : [],
  });
}

/** Queued backstop withdrawals in release order, one page; only `owner`'s (compared as bytes) when given. */
function withdrawalsPage(state: KVReader, pagination: PageRequestLike | null | undefined, owner?: Uint8Array) {
  return paginate(state, LP_WITHDRAWAL_PREFIX, pagination, (_, value) => {
    const w = parse<WithdrawalRecord>(value);
    if (owner !== undefined && !sameAddress(accAddressBytes(w.owner), owner)) return undefined;
    return pb.BackstopWithdrawal.create({ owner: w.owner, shares: w.shares, releaseUnix: Number(BigInt(w.release_ns) / 1_000_000_000n) });
  });
}

/**
 * Up to `limit` price levels of one side, best first, from the book key `resume` on. Reading stops after
 * MAX_PAGE_SCAN orders even inside a level; the next page then goes on with the rest of that level.
 */
function bookLevels(keeper: OptionsKeeper, state: KVReader, seriesId: bigint, side: BookSide, limit: number, resume: Uint8Array) {
  const prefix = bookSide(seriesId, side);
  const levels: Array<{ price: string; quantity: number; orders: number }> = [];
  let start: Uint8Array | undefined = resume.length > 0 ? Buffer.concat([prefix, resume]) : undefined;
  for (let scanned = 0; scanned < MAX_PAGE_SCAN; ) {
    const entries = state.iterate(prefix, { start, limit: Math.min(MAX_PAGE_LIMIT, MAX_PAGE_SCAN - scanned) });
    for (const [storeKey] of entries) {
      const order = keeper.order(state, Buffer.from(storeKey.subarray(storeKey.length - 8)).readBigUInt64BE(0))!;
      const last = levels[levels.length - 1];
      if (last && last.price === order.price) {
        last.quantity += Number(order.remaining);
        last.orders += 1;
      } else {
        if (levels.length === limit) return { levels, nextKey: Uint8Array.from(storeKey.subarray(prefix.length)) };
        levels.push({ price: order.price, quantity: Number(order.remaining), orders: 1 });
      }
      scanned += 1;
    }
    if (entries.length === 0) return { levels, nextKey: new Uint8Array() };
    start = successor(entries[entries.length - 1][0], false);
  }
  const [next] = state.iterate(prefix, { start, limit: 1 });
  return { levels, nextKey: next === undefined ? new Uint8Array() : Uint8Array.from(next[0].subarray(prefix.length)) };
}

export function optionsQueries(keeper: OptionsKeeper): Record<string, QueryHandler> {
  return {
    "/optchain.options.v1.Query/Params": (state) => pb.QueryParamsResponse.encode({ params: paramsToProto(keeper.params(state)) }).finish(),

    "/optchain.options.v1.Query/Series": (state, request) => {
      const { id } = pb.QuerySeriesRequest.decode(request);
      return pb.QuerySeriesResponse.encode({ series: seriesToProto(keeper.mustSeries(state, BigInt(id))) }).finish();
    },

    "/optchain.options.v1.Query/SeriesList": (state, request) => {
      const { underlying, includeSettled, pagination } = pb.QuerySeriesListRequest.decode(request);
      const page = paginate(state, SERIES_PREFIX, pagination, (_, value) => {
        const record = parse<SeriesRecord>(value);
        return (underlying === "" || record.underlying === underlying) && (includeSettled || record.status !== "settled") ? seriesToProto(record) : undefined;
      });
      return pb.QuerySeriesListResponse.encode({ series: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.options.v1.Query/OpenInterest": (state, request) => {
      const { pagination } = pb.QueryOpenInterestRequest.decode(request);
      const page = paginate(state, OPEN_INTEREST_PREFIX, pagination, (idKey, value) =>
        pb.SeriesOpenInterest.create({ seriesId: Number(Buffer.from(idKey).readBigUInt64BE(0)), contracts: Number(Buffer.from(value).toString("utf8")) }),
      );
      return pb.QueryOpenInterestResponse.encode({ openInterest: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.options.v1.Query/Book": (state, request) => {
      const { seriesId, depth, pagination, side } = pb.QueryBookRequest.decode(request);
      const id = BigInt(seriesId);
      keeper.mustSeries(state, id);
      const levels = Number(pagination?.limit ?? 0) || depth || DEFAULT_DEPTH;
      if (levels > MAX_PAGE_LIMIT) throw ErrInvalidRequest.wrap(`at most ${MAX_PAGE_LIMIT} book levels per page`);
      const resume = pagination?.key ?? new Uint8Array();
      if (resume.length > 0 && side === pb.Side.SIDE_UNSPECIFIED) throw ErrInvalidRequest.wrap("paging the book by key needs one side");
      const bids = side === pb.Side.SIDE_SELL ? undefined : bookLevels(keeper, state, id, "bid", levels, resume);
      const asks = side === pb.Side.SIDE_BUY ? undefined : bookLevels(keeper, state, id, "ask", levels, resume);
      // Both sides at once cannot go on by key, so they answer no page response.
      const page = side === pb.Side.SIDE_UNSPECIFIED ? undefined : { nextKey: (bids ?? asks)!.nextKey, total: 0 };
      return pb.QueryBookResponse.encode({ bids: bids?.levels ?? [], asks: asks?.levels ?? [], pagination: page }).finish();
    },

    "/optchain.options.v1.Query/Orders": (state, request) => {
      const { owner, pagination } = pb.QueryOrdersRequest.decode(request);
      const page = paginate(state, ordersOf(accAddressBytes(owner)), pagination, (idKey) => orderToProto(keeper.order(state, Buffer.from(idKey).readBigUInt64BE(0))!));
      return pb.QueryOrdersResponse.encode({ orders: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.options.v1.Query/Account": (state, request) => {
      const { owner } = pb.QueryAccountRequest.decode(request);
      return pb.QueryAccountResponse.encode(accountView(keeper, state, accAddressBytes(owner), owner)).finish();
    },

    "/optchain.options.v1.Query/Marks": (state, request) => {
      const { underlying, pagination } = pb.QueryMarksRequest.decode(request);
      const market = marketAt(keeper, state);
      let underlyingMarket;
      try {
        underlyingMarket = market.underlying(underlying);
      } catch (err) {
        if (err instanceof MissingMarketError) throw ErrNoMarketData.wrap(err.message);
        throw err;
      }
      const { risk, choice } = underlyingMarket;
      const page = paginate(state, SERIES_PREFIX, pagination, (_, value) => {
        const record = parse<SeriesRecord>(value);
        if (record.underlying !== underlying || record.status === "settled") return undefined;
        const seriesRisk = market.engine.seriesRisk(market.series(BigInt(record.id)).series);
        return pb.SeriesMark.create({ seriesId: Number(record.id), seriesName: record.name, mark: dec(seriesRisk.markDown), greeks: greeksToProto(seriesRisk) });
      });
      const marks = page.items;
      const marketView = pb.UnderlyingRisk.create({
        underlying,
        spot: dec(risk.spot),
        markVol: dec(risk.markVol),
        marginVol: dec(risk.marginVol),
        regime: dec(risk.regime),
        volSource: choice.source,
      });
      return pb.QueryMarksResponse.encode({ market: marketView, marks, pagination: pageResponse(page) }).finish();
    },

    "/optchain.options.v1.Query/InsuranceFund": (state, request) => {
      const { pagination } = pb.QueryInsuranceFundRequest.decode(request);
      const view = accountView(keeper, state, INSURANCE_FUND_ADDRESS, fundAddress());
      const withdrawals = withdrawalsPage(state, pagination);
      return pb.QueryInsuranceFundResponse.encode({
        address: fundAddress(),
        collateral: view.collateral,
        positions: view.positions,
        equity: view.equity,
        totalShares: keeper.lpTotal(state).toString(),
        pendingWithdrawals: withdrawals.items,
        pagination: pageResponse(withdrawals),
      }).finish();
    },

    "/optchain.options.v1.Query/Backstop": (state, request) => {
      const { owner, pagination } = pb.QueryBackstopRequest.decode(request);
      const shares = keeper.lpShares(state, accAddressBytes(owner));
      const total = keeper.lpTotal(state);
      let value = "";
      try {
        const equity = fundEquity(keeper, marketAt(keeper, state));
        value = (total > 0n && equity > 0n ? mulDiv(shares, equity, total, "down") : 0n).toString();
      } catch (err) {
        if (!(err instanceof MissingMarketError)) throw err;
      }
      const withdrawals = withdrawalsPage(state, pagination, accAddressBytes(owner));
      return pb.QueryBackstopResponse.encode({ shares: shares.toString(), value, pendingWithdrawals: withdrawals.items, pagination: pageResponse(withdrawals) }).finish();
    },
  };
}

