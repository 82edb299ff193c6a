import * as q from "cosmjs-types/cosmos/staking/v1beta1/query";
import { Delegation, type DelegationResponse, Redelegation, type RedelegationResponse, UnbondingDelegation, Validator, bondStatusFromJSON } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { accAddressBytes, consensusAddress, valoperBytes } from "../../app/address";
import { ErrInvalidRequest, ErrKeyNotFound } from "../../app/errors";
import type { QueryHandler } from "../../app/module";
import { type Page, cosmosPageResponse, pageResponse, paginate } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { optchain } from "../../proto/gen/optchain";
import { decFromString } from "../../lib/fixed";
import { ErrNoValidator, ErrNotSupported } from "./errors";
import type { BalanceReader } from "./expected";
import { BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, type StakingKeeper, type ValidatorRecord, validatorView } from "./keeper";
import {
  VALIDATOR_PREFIX,
  addressesAfter,
  delegationKey,
  delegatorDelegationsPrefix,
  delegatorRedsPrefix,
  delegatorUbdsPrefix,
  redKey,
  redsBySrcPrefix,
  ubdKey,
  validatorDelegationsPrefix,
  validatorUbdsPrefix,
} from "./keys";

const pb = optchain.staking.v1;

function toOptchainProto(keeper: StakingKeeper, state: KVReader, record: ValidatorRecord) {
  return pb.Validator.create({
    operatorAddress: record.operator_address,
    consensusPubkey: record.consensus_pubkey,
    tokens: record.tokens,
    power: Number(keeper.power(state, record)),
    jailed: record.jailed,
    moniker: record.moniker,
    consensusAddress: Buffer.from(consensusAddress(Buffer.from(record.consensus_pubkey, "base64"))).toString("hex").toUpperCase(),
  });
}

const BOND_STATUS_NAMES = new Set(["BOND_STATUS_UNBONDED", "BOND_STATUS_UNBONDING", "BOND_STATUS_BONDED"]);

export function stakingQueries(keeper: StakingKeeper, bank: BalanceReader): Record<string, QueryHandler> {
  const bondDenom = (state: KVReader) => keeper.params(state).bond_denom;
  const validatorOrNotFound = (state: KVReader, address: string): Validator => {
    const validator = keeper.getValidator(state, valoperBytes(address));
    if (!validator) throw ErrNoValidator.wrap(`validator ${address} not found`);
    return validator;
  };
  const delegationResponse = (state: KVReader, delegation: Delegation): DelegationResponse => {
    const validator = keeper.getValidator(state, valoperBytes(delegation.validatorAddress));
    const tokens = validator ? keeper.tokensFromShares(validator, BigInt(delegation.shares)) : 0n;
    return { delegation, balance: { denom: bondDenom(state), amount: tokens.toString() } };
  };
  const redelegationResponse = (red: Redelegation): RedelegationResponse => ({
    redelegation: red,
    entries: red.entries.map((entry) => ({ redelegationEntry: entry, balance: entry.initialBalance })),
  });
  /** Pages an index whose keys name (prefix ‖ lp address…) a record stored elsewhere. */
  const pageIndex = <T>(state: KVReader, prefix: Uint8Array, request: q.QueryRedelegationsRequest["pagination"], load: (addresses: Uint8Array[]) => T | undefined): Page<T> =>
    paginate(state, prefix, request, (keyAfterPrefix) => load(addressesAfter(keyAfterPrefix, 0)));

  return {
    // optchain's own compact view, kept for its REST and dashboard clients.
    "/optchain.staking.v1.Query/Validators": (state, request) => {
      const { pagination } = pb.QueryValidatorsRequest.decode(request);
      const page = paginate(state, VALIDATOR_PREFIX, pagination, (_, value) => toOptchainProto(keeper, state, validatorView(Validator.decode(value))));
      return pb.QueryValidatorsResponse.encode({ validators: page.items, pagination: pageResponse(page) }).finish();
    },
    "/optchain.staking.v1.Query/Validator": (state, request) => {
      const { operatorAddress } = pb.QueryValidatorRequest.decode(request);
      const record = keeper.mustValidator(state, valoperBytes(operatorAddress));
      return pb.QueryValidatorResponse.encode({ validator: toOptchainProto(keeper, state, record) }).finish();
    },

    "/cosmos.staking.v1beta1.Query/Validators": (state, request) => {
      const { status, pagination } = q.QueryValidatorsRequest.decode(request);
      if (status !== "" && !BOND_STATUS_NAMES.has(status)) throw ErrInvalidRequest.wrap(`invalid validator status ${JSON.stringify(status)}`);
      const wanted = status === "" ? undefined : bondStatusFromJSON(status);
      const page = paginate(state, VALIDATOR_PREFIX, pagination, (_, value) => {
        const validator = Validator.decode(value);
        return wanted === undefined || validator.status === wanted ? validator : undefined;
      });
      return q.QueryValidatorsResponse.encode({ validators: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Validator": (state, request) => {
      const { validatorAddr } = q.QueryValidatorRequest.decode(request);
      return q.QueryValidatorResponse.encode({ validator: validatorOrNotFound(state, validatorAddr) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/ValidatorDelegations": (state, request) => {
      const { validatorAddr, pagination } = q.QueryValidatorDelegationsRequest.decode(request);
      const operator = valoperBytes(validatorAddr);
      const page = pageIndex(state, validatorDelegationsPrefix(operator), pagination, ([delegator]) => {
        const delegation = keeper.getDelegation(state, delegator, operator);
        return delegation && delegationResponse(state, delegation);
      });
      return q.QueryValidatorDelegationsResponse.encode({ delegationResponses: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/ValidatorUnbondingDelegations": (state, request) => {
      const { validatorAddr, pagination } = q.QueryValidatorUnbondingDelegationsRequest.decode(request);
      const operator = valoperBytes(validatorAddr);
      const page = pageIndex(state, validatorUbdsPrefix(operator), pagination, ([delegator]) => keeper.getUnbondingDelegation(state, delegator, operator));
      return q.QueryValidatorUnbondingDelegationsResponse.encode({ unbondingResponses: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Delegation": (state, request) => {
      const { delegatorAddr, validatorAddr } = q.QueryDelegationRequest.decode(request);
      const bytes = state.get(delegationKey(accAddressBytes(delegatorAddr), valoperBytes(validatorAddr)));
      // CosmJS's getDelegation turns "key not found" into null, as the SDK answers.
      if (!bytes) throw ErrKeyNotFound.wrap(`delegation with delegator ${delegatorAddr} not found for validator ${validatorAddr}`);
      return q.QueryDelegationResponse.encode({ delegationResponse: delegationResponse(state, Delegation.decode(bytes)) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/UnbondingDelegation": (state, request) => {
      const { delegatorAddr, validatorAddr } = q.QueryUnbondingDelegationRequest.decode(request);
      const bytes = state.get(ubdKey(accAddressBytes(delegatorAddr), valoperBytes(validatorAddr)));
      if (!bytes) throw ErrKeyNotFound.wrap(`unbonding delegation with delegator ${delegatorAddr} not found for validator ${validatorAddr}`);
      return q.QueryUnbondingDelegationResponse.encode({ unbond: UnbondingDelegation.decode(bytes) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorDelegations": (state, request) => {
      const { delegatorAddr, pagination } = q.QueryDelegatorDelegationsRequest.decode(request);
      const page = paginate(state, delegatorDelegationsPrefix(accAddressBytes(delegatorAddr)), pagination, (_, value) => delegationResponse(state, Delegation.decode(value)));
      return q.QueryDelegatorDelegationsResponse.encode({ delegationResponses: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations": (state, request) => {
      const { delegatorAddr, pagination } = q.QueryDelegatorUnbondingDelegationsRequest.decode(request);
      const page = paginate(state, delegatorUbdsPrefix(accAddressBytes(delegatorAddr)), pagination, (_, value) => UnbondingDelegation.decode(value));
      return q.QueryDelegatorUnbondingDelegationsResponse.encode({ unbondingResponses: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Redelegations": (state, request) => {
      const { delegatorAddr, srcValidatorAddr, dstValidatorAddr, pagination } = q.QueryRedelegationsRequest.decode(request);
      let page: Page<RedelegationResponse>;
      if (delegatorAddr !== "" && srcValidatorAddr !== "" && dstValidatorAddr !== "") {
        const bytes = state.get(redKey(accAddressBytes(delegatorAddr), valoperBytes(srcValidatorAddr), valoperBytes(dstValidatorAddr)));
        if (!bytes) throw ErrKeyNotFound.wrap(`redelegation of ${delegatorAddr} from ${srcValidatorAddr} to ${dstValidatorAddr} not found`);
        page = { items: [redelegationResponse(Redelegation.decode(bytes))], nextKey: new Uint8Array(), total: 0 };
      } else if (delegatorAddr !== "") {
        const src = srcValidatorAddr === "" ? undefined : valoperBytes(srcValidatorAddr);
        const dst = dstValidatorAddr === "" ? undefined : valoperBytes(dstValidatorAddr);
        page = paginate(state, delegatorRedsPrefix(accAddressBytes(delegatorAddr)), pagination, (keyAfterPrefix, value) => {
          const [redSrc, redDst] = addressesAfter(keyAfterPrefix, 0);
          if ((src && !Buffer.from(src).equals(redSrc)) || (dst && !Buffer.from(dst).equals(redDst))) return undefined;
          return redelegationResponse(Redelegation.decode(value));
        });
      } else if (srcValidatorAddr !== "" && dstValidatorAddr === "") {
        const src = valoperBytes(srcValidatorAddr);
        page = pageIndex(state, redsBySrcPrefix(src), pagination, ([delegator, dst]) => {
          const red = keeper.getRedelegation(state, delegator, src, dst);
          return red && redelegationResponse(red);
        });
      } else {
        throw ErrInvalidRequest.wrap("give a delegator (with optional source and destination) or a source validator alone");
      }
      return q.QueryRedelegationsResponse.encode({ redelegationResponses: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorValidators": (state, request) => {
      const { delegatorAddr, pagination } = q.QueryDelegatorValidatorsRequest.decode(request);
      const page = paginate(state, delegatorDelegationsPrefix(accAddressBytes(delegatorAddr)), pagination, (keyAfterPrefix) => keeper.getValidator(state, addressesAfter(keyAfterPrefix, 0)[0]));
      return q.QueryDelegatorValidatorsResponse.encode({ validators: page.items, pagination: cosmosPageResponse(page) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/DelegatorValidator": (state, request) => {
      const { delegatorAddr, validatorAddr } = q.QueryDelegatorValidatorRequest.decode(request);
      if (!state.has(delegationKey(accAddressBytes(delegatorAddr), valoperBytes(validatorAddr)))) {
        throw ErrKeyNotFound.wrap(`delegation with delegator ${delegatorAddr} not found for validator ${validatorAddr}`);
      }
      return q.QueryDelegatorValidatorResponse.encode({ validator: validatorOrNotFound(state, validatorAddr) }).finish();
    },
    "/cosmos.staking.v1beta1.Query/HistoricalInfo": () => {
      throw ErrNotSupported.wrap("this chain keeps no historical info (historical_entries is unused)");
    },
    "/cosmos.staking.v1beta1.Query/Pool": (state) => {
      const denom = bondDenom(state);
      return q.QueryPoolResponse.encode({
        pool: { bondedTokens: bank.balance(state, BONDED_POOL_ADDRESS, denom).toString(), notBondedTokens: bank.balance(state, NOT_BONDED_POOL_ADDRESS, denom).toString() },
      }).finish();
    },
    "/cosmos.staking.v1beta1.Query/Params": (state) => {
      const params = keeper.params(state);
      return q.QueryParamsResponse.encode({
        params: {
          unbondingTime: { seconds: BigInt(params.unbonding_time), nanos: 0 },
          maxValidators: params.max_validators,
          maxEntries: params.max_entries,
          historicalEntries: params.historical_entries,
          bondDenom: params.bond_denom,
          minCommissionRate: decFromString(params.min_commission_rate).toString(),
        },
      }).finish();
    },
  };
}
