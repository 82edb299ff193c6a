import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataRequest,
  QueryDenomsMetadataResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { accAddressBytes } from "../../app/address";
import { validateDenom } from "../../app/coins";
import type { QueryHandler } from "../../app/module";
import { cosmosPageResponse, paginate } from "../../app/pagination";
import { Metadata } from "cosmjs-types/cosmos/bank/v1beta1/bank";
import { ErrDenomMetadataNotFound } from "./errors";
import { type BankKeeper, decodeAmount } from "./keeper";
import { METADATA_PREFIX, SUPPLY_PREFIX, balancesOf } from "./keys";

const toProtoCoin = (coin: { denom: string; amount: bigint }) => ({ denom: coin.denom, amount: coin.amount.toString() });

export function bankQueries(keeper: BankKeeper): Record<string, QueryHandler> {
  return {
    "/cosmos.bank.v1beta1.Query/Balance": (state, request) => {
      const { address, denom } = QueryBalanceRequest.decode(request);
      validateDenom(denom);
      // The SDK always answers a balance, zero included; CosmJS relies on it being present.
      const amount = keeper.balance(state, accAddressBytes(address), denom);
      return QueryBalanceResponse.encode({ balance: { denom, amount: amount.toString() } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/AllBalances": (state, request) => {
      const { address, pagination } = QueryAllBalancesRequest.decode(request);
      const owner = accAddressBytes(address);
      const page = paginate(state, balancesOf(owner), pagination, (denom, value) => toProtoCoin({ denom: Buffer.from(denom).toString("utf8"), amount: decodeAmount(value) }));
      return QueryAllBalancesResponse.encode(QueryAllBalancesResponse.fromPartial({ balances: page.items, pagination: cosmosPageResponse(page) })).finish();
    },
    "/cosmos.bank.v1beta1.Query/SupplyOf": (state, request) => {
      const { denom } = QuerySupplyOfRequest.decode(request);
      validateDenom(denom);
      return QuerySupplyOfResponse.encode({ amount: { denom, amount: keeper.supplyOf(state, denom).toString() } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/TotalSupply": (state, request) => {
      const { pagination } = QueryTotalSupplyRequest.decode(request);
      const page = paginate(state, SUPPLY_PREFIX, pagination, (denom, value) => toProtoCoin({ denom: Buffer.from(denom).toString("utf8"), amount: decodeAmount(value) }));
      return QueryTotalSupplyResponse.encode(QueryTotalSupplyResponse.fromPartial({ supply: page.items, pagination: cosmosPageResponse(page) })).finish();
    },
    "/cosmos.bank.v1beta1.Query/DenomMetadata": (state, request) => {
      const { denom } = QueryDenomMetadataRequest.decode(request);
      validateDenom(denom);
      const metadata = keeper.denomMetadata(state, denom);
      // The SDK answers gRPC NotFound; the log's ending maps to it (app/api/rest.ts grpcCode).
      if (!metadata) throw ErrDenomMetadataNotFound.wrap(`client metadata for denom ${denom}`);
      return QueryDenomMetadataResponse.encode({ metadata }).finish();
    },
    "/cosmos.bank.v1beta1.Query/DenomsMetadata": (state, request) => {
      const { pagination } = QueryDenomsMetadataRequest.decode(request);
      const page = paginate(state, METADATA_PREFIX, pagination, (_denom, value) => Metadata.decode(value));
      return QueryDenomsMetadataResponse.encode(QueryDenomsMetadataResponse.fromPartial({ metadatas: page.items, pagination: cosmosPageResponse(page) })).finish();
    },
  };
}
