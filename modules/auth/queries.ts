import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { accAddressBytes } from "../../app/address";
import { ErrKeyNotFound } from "../../app/errors";
import type { QueryHandler } from "../../app/module";
import { getAccount } from "./keeper";

export const queryAccount: QueryHandler = (state, request) => {
  const { address } = QueryAccountRequest.decode(request);
  const account = getAccount(state, accAddressBytes(address));
  // CosmJS maps exactly this gRPC-style text to "account does not exist" (null), as the SDK answers it.
  if (!account) throw ErrKeyNotFound.wrap(`rpc error: code = NotFound desc = account ${address} not found`);
  return QueryAccountResponse.encode({
    account: { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: BaseAccount.encode(account).finish() },
  }).finish();
};
