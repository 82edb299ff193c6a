// Typed messages and queries of the options module, for wallets, market makers and tests.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { QueryClient } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { optchain } from "../proto/gen/optchain";
import { allPages } from "./pages";

const pb = optchain.options.v1;
export const OptionKind = pb.OptionKind;
export const Side = pb.Side;
export const TimeInForce = pb.TimeInForce;

export function listSeriesMsg(value: { authority: string; underlying: string; strikes: string[]; expiriesUnix: number[]; kinds: Array<"call" | "put">; contractSize: string }): EncodeObject {
  const kinds = value.kinds.map((k) => (k === "call" ? pb.OptionKind.OPTION_KIND_CALL : pb.OptionKind.OPTION_KIND_PUT));
  return { typeUrl: "/optchain.options.v1.MsgListSeries", value: pb.MsgListSeries.create({ ...value, kinds }) };
}

export function depositCollateralMsg(owner: string, denom: string, amount: string | bigint): EncodeObject {
  return { typeUrl: "/optchain.options.v1.MsgDepositCollateral", value: pb.MsgDepositCollateral.create({ owner, denom, amount: amount.toString() }) };
}

export function withdrawCollateralMsg(owner: string, denom: string, amount: string | bigint): EncodeObject {
  return { typeUrl: "/optchain.options.v1.MsgWithdrawCollateral", value: pb.MsgWithdrawCollateral.create({ owner, denom, amount: amount.toString() }) };
}

export interface OrderSpec {
  owner: string;
  seriesId: number;
  side: "buy" | "sell";
  quantity: number;
  /** premium per contract, uusdc */
  price: string | bigint;
  timeInForce?: "gtc" | "ioc" | "post_only";
  clientOrderId?: string;
}

const TIF = { gtc: pb.TimeInForce.TIME_IN_FORCE_GTC, ioc: pb.TimeInForce.TIME_IN_FORCE_IOC, post_only: pb.TimeInForce.TIME_IN_FORCE_POST_ONLY };

export function placeOrderMsg(order: OrderSpec): EncodeObject {
  return {
    typeUrl: "/optchain.options.v1.MsgPlaceOrder",
    value: pb.MsgPlaceOrder.create({
      owner: order.owner,
      seriesId: order.seriesId,
      side: order.side === "buy" ? pb.Side.SIDE_BUY : pb.Side.SIDE_SELL,
      quantity: order.quantity,
      price: order.price.toString(),
      timeInForce: TIF[order.timeInForce ?? "gtc"],
      clientOrderId: order.clientOrderId ?? "",
    }),
  };
}

export function cancelOrderMsg(owner: string, order: number | { clientOrderId: string }): EncodeObject {
  const value = typeof order === "number" ? { owner, orderId: order, clientOrderId: "" } : { owner, orderId: 0, clientOrderId: order.clientOrderId };
  return { typeUrl: "/optchain.options.v1.MsgCancelOrder", value: pb.MsgCancelOrder.create(value) };
}

export function depositBackstopMsg(owner: string, amount: string | bigint): EncodeObject {
  return { typeUrl: "/optchain.options.v1.MsgDepositBackstop", value: pb.MsgDepositBackstop.create({ owner, amount: amount.toString() }) };
}

export function withdrawBackstopMsg(owner: string, shares: string | bigint): EncodeObject {
  return { typeUrl: "/optchain.options.v1.MsgWithdrawBackstop", value: pb.MsgWithdrawBackstop.create({ owner, shares: shares.toString() }) };
}

/** Takes `percent` % of every position of `owner`, whose account is in a liquidation auction. */
export function bidAuctionMsg(bidder: string, owner: string, percent: number): EncodeObject {
  return { typeUrl: "/optchain.options.v1.MsgBidAuction", value: pb.MsgBidAuction.create({ bidder, owner, percent }) };
}

/** Decodes the MsgPlaceOrderResponse a DeliverTxResponse carries. */
export function placeOrderResponse(msgResponse: { typeUrl: string; value: Uint8Array }) {
  return pb.MsgPlaceOrderResponse.decode(msgResponse.value);
}

/** ABCI queries of the options module, decoded into their proto responses. */
export class OptionsQueries {
  private constructor(readonly queryClient: QueryClient, private readonly disconnectComet: () => void) {}

  static async connect(rpc: string): Promise<OptionsQueries> {
    const comet = await connectComet(rpc);
    return new OptionsQueries(new QueryClient(comet), () => comet.disconnect());
  }

  disconnect(): void {
    this.disconnectComet();
  }

  private async query(path: string, request: Uint8Array): Promise<Uint8Array> {
    return (await this.queryClient.queryAbci(`/optchain.options.v1.Query/${path}`, request)).value;
  }

  async params() {
    return pb.QueryParamsResponse.decode(await this.query("Params", new Uint8Array())).params;
  }

  async series(id: number) {
    return pb.QuerySeriesResponse.decode(await this.query("Series", pb.QuerySeriesRequest.encode({ id }).finish())).series;
  }

  async seriesList(underlying = "", includeSettled = false) {
    return allPages(async (pagination) => {
      const response = pb.QuerySeriesListResponse.decode(await this.query("SeriesList", pb.QuerySeriesListRequest.encode({ underlying, includeSettled, pagination }).finish()));
      return { items: response.series, nextKey: response.pagination?.nextKey };
    });
  }

  async book(seriesId: number, depth = 0) {
    return pb.QueryBookResponse.decode(await this.query("Book", pb.QueryBookRequest.encode({ seriesId, depth }).finish()));
  }

  async orders(owner: string) {
    return allPages(async (pagination) => {
      const response = pb.QueryOrdersResponse.decode(await this.query("Orders", pb.QueryOrdersRequest.encode({ owner, pagination }).finish()));
      return { items: response.orders, nextKey: response.pagination?.nextKey };
    });
  }

  async account(owner: string) {
    return pb.QueryAccountResponse.decode(await this.query("Account", pb.QueryAccountRequest.encode({ owner }).finish()));
  }

  /** The underlying's risk and the marks of all its unsettled series (every page). */
  async marks(underlying: string) {
    let market: ReturnType<typeof pb.QueryMarksResponse.decode>["market"];
    const marks = await allPages(async (pagination) => {
      const response = pb.QueryMarksResponse.decode(await this.query("Marks", pb.QueryMarksRequest.encode({ underlying, pagination }).finish()));
      market = response.market;
      return { items: response.marks, nextKey: response.pagination?.nextKey };
    });
    return pb.QueryMarksResponse.create({ market, marks });
  }

  /** The fund with every pending withdrawal (all pages). */
  async insuranceFund() {
    let last = pb.QueryInsuranceFundResponse.create();
    const pendingWithdrawals = await allPages(async (pagination) => {
      last = pb.QueryInsuranceFundResponse.decode(await this.query("InsuranceFund", pb.QueryInsuranceFundRequest.encode({ pagination }).finish()));
      return { items: last.pendingWithdrawals, nextKey: last.pagination?.nextKey };
    });
    return pb.QueryInsuranceFundResponse.create({ ...last, pendingWithdrawals, pagination: undefined });
  }

  /** The owner's backstop shares with every pending withdrawal of theirs (all pages). */
  async backstop(owner: string) {
    let last = pb.QueryBackstopResponse.create();
    const pendingWithdrawals = await allPages(async (pagination) => {
      last = pb.QueryBackstopResponse.decode(await this.query("Backstop", pb.QueryBackstopRequest.encode({ owner, pagination }).finish()));
      return { items: last.pendingWithdrawals, nextKey: last.pagination?.nextKey };
    });
    return pb.QueryBackstopResponse.create({ ...last, pendingWithdrawals, pagination: undefined });
  }
}
