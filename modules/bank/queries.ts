import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { accAddressBytes } from "../../app/address";
import { validateDenom } from "../../app/coins";
import type { QueryHandler } from "../../app/module";
import type { BankKeeper } from "./keeper";

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
      const { address } = QueryAllBalancesRequest.decode(request);
      const balances = keeper.allBalances(state, accAddressBytes(address)).map(toProtoCoin);
      return QueryAllBalancesResponse.encode(QueryAllBalancesResponse.fromPartial({ balances })).finish();
    },
    "/cosmos.bank.v1beta1.Query/SupplyOf": (state, request) => {
      const { denom } = QuerySupplyOfRequest.decode(request);
      validateDenom(denom);
      return QuerySupplyOfResponse.encode({ amount: { denom, amount: keeper.supplyOf(state, denom).toString() } }).finish();
    },
    "/cosmos.bank.v1beta1.Query/TotalSupply": (state) =>
      QueryTotalSupplyResponse.encode(QueryTotalSupplyResponse.fromPartial({ supply: keeper.totalSupply(state).map(toProtoCoin) })).finish(),
  };
}
