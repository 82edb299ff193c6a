import {
  QueryCommunityPoolResponse,
  QueryDelegationRewardsRequest,
  QueryDelegationRewardsResponse,
  QueryDelegationTotalRewardsRequest,
  QueryDelegationTotalRewardsResponse,
  QueryDelegatorValidatorsRequest,
  QueryDelegatorValidatorsResponse,
  QueryDelegatorWithdrawAddressRequest,
  QueryDelegatorWithdrawAddressResponse,
  QueryParamsResponse,
  QueryValidatorCommissionRequest,
  QueryValidatorCommissionResponse,
  QueryValidatorOutstandingRewardsRequest,
  QueryValidatorOutstandingRewardsResponse,
  QueryValidatorSlashesRequest,
  QueryValidatorSlashesResponse,
} from "cosmjs-types/cosmos/distribution/v1beta1/query";
import { ValidatorSlashEvent } from "cosmjs-types/cosmos/distribution/v1beta1/distribution";
import { accAddressBytes, toAccAddress, toValoper, valoperBytes } from "../../app/address";
import { ErrInvalidRequest } from "../../app/errors";
import type { QueryHandler } from "../../app/module";
import { cosmosPageResponse, paginate } from "../../app/pagination";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { decFromString } from "../../lib/fixed";
import * as dec from "./deccoins";
import type { DecCoin } from "./deccoins";
import { ErrNoValidatorDistInfo } from "./errors";
import type { DistributionKeeper } from "./keeper";
import { slashesOf } from "./keys";

/** What the delegation would be paid if it withdrew now: the open period is closed on a throw-away branch. */
function delegationRewards(keeper: DistributionKeeper, state: KVReader, delegator: Uint8Array, operator: Uint8Array): DecCoin[] {
  keeper.mustHaveDelegation(state, delegator, operator);
  const scratch = new Branch(state);
  const endingPeriod = keeper.incrementValidatorPeriod(scratch, operator);
  return keeper.calculateDelegationRewards(scratch, operator, delegator, endingPeriod);
}

function mustHaveRecords(keeper: DistributionKeeper, state: KVReader, validatorAddress: string): Uint8Array {
  const operator = valoperBytes(validatorAddress);
  if (!keeper.current(state, operator)) throw ErrNoValidatorDistInfo.wrap(validatorAddress);
  return operator;
}

export function distributionQueries(keeper: DistributionKeeper): Record<string, QueryHandler> {
  return {
    "/cosmos.distribution.v1beta1.Query/Params": (state) => {
      const params = keeper.params(state);
      return QueryParamsResponse.encode({
        params: {
          communityTax: decFromString(params.community_tax).toString(),
          baseProposerReward: "0",
          bonusProposerReward: "0",
          withdrawAddrEnabled: params.withdraw_addr_enabled,
        },
      }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/ValidatorOutstandingRewards": (state, request) => {
      const operator = mustHaveRecords(keeper, state, QueryValidatorOutstandingRewardsRequest.decode(request).validatorAddress);
      return QueryValidatorOutstandingRewardsResponse.encode({ rewards: { rewards: dec.toProto(keeper.outstanding(state, operator)) } }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/ValidatorCommission": (state, request) => {
      const operator = mustHaveRecords(keeper, state, QueryValidatorCommissionRequest.decode(request).validatorAddress);
      return QueryValidatorCommissionResponse.encode({ commission: { commission: dec.toProto(keeper.commission(state, operator)) } }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/ValidatorSlashes": (state, request) => {
      const { validatorAddress, startingHeight, endingHeight, pagination } = QueryValidatorSlashesRequest.decode(request);
      const operator = valoperBytes(validatorAddress);
      if (endingHeight < startingHeight) throw ErrInvalidRequest.wrap(`starting height ${startingHeight} is above ending height ${endingHeight}`);
      const page = paginate(state, slashesOf(operator), pagination, (suffix, value) => {
        const height = Buffer.from(suffix).readBigUInt64BE(0);
        return height >= startingHeight && height <= endingHeight ? ValidatorSlashEvent.decode(value) : undefined;
      });
      return QueryValidatorSlashesResponse.encode({ slashes: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/DelegationRewards": (state, request) => {
      const { delegatorAddress, validatorAddress } = QueryDelegationRewardsRequest.decode(request);
      const rewards = delegationRewards(keeper, state, accAddressBytes(delegatorAddress), valoperBytes(validatorAddress));
      return QueryDelegationRewardsResponse.encode({ rewards: dec.toProto(rewards) }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/DelegationTotalRewards": (state, request) => {
      const delegator = accAddressBytes(QueryDelegationTotalRewardsRequest.decode(request).delegatorAddress);
      let total: DecCoin[] = [];
      const rewards = keeper.delegatorValidators(state, delegator).map((operator) => {
        const reward = delegationRewards(keeper, state, delegator, operator);
        total = dec.add(total, reward);
        return { validatorAddress: toValoper(operator), reward: dec.toProto(reward) };
      });
      return QueryDelegationTotalRewardsResponse.encode({ rewards, total: dec.toProto(total) }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/DelegatorValidators": (state, request) => {
      const delegator = accAddressBytes(QueryDelegatorValidatorsRequest.decode(request).delegatorAddress);
      return QueryDelegatorValidatorsResponse.encode({ validators: keeper.delegatorValidators(state, delegator).map(toValoper) }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/DelegatorWithdrawAddress": (state, request) => {
      const delegator = accAddressBytes(QueryDelegatorWithdrawAddressRequest.decode(request).delegatorAddress);
      return QueryDelegatorWithdrawAddressResponse.encode({ withdrawAddress: toAccAddress(keeper.withdrawAddress(state, delegator)) }).finish();
    },
    "/cosmos.distribution.v1beta1.Query/CommunityPool": (state) => QueryCommunityPoolResponse.encode({ pool: dec.toProto(keeper.communityPool(state)) }).finish(),
  };
}
