import { consensusAddress, valoperBytes } from "../../app/address";
import type { QueryHandler } from "../../app/module";
import { pageResponse, paginate } from "../../app/pagination";
import { optchain } from "../../proto/gen/optchain";
import type { StakingKeeper, ValidatorRecord } from "./keeper";
import { VALIDATOR_PREFIX } from "./keys";

const pb = optchain.staking.v1;

function toProto(keeper: StakingKeeper, state: Parameters<QueryHandler>[0], record: ValidatorRecord) {
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

export function stakingQueries(keeper: StakingKeeper): Record<string, QueryHandler> {
  return {
    "/optchain.staking.v1.Query/Validators": (state, request) => {
      const { pagination } = pb.QueryValidatorsRequest.decode(request);
      const page = paginate(state, VALIDATOR_PREFIX, pagination, (_, value) => toProto(keeper, state, JSON.parse(Buffer.from(value).toString("utf8")) as ValidatorRecord));
      return pb.QueryValidatorsResponse.encode({ validators: page.items, pagination: pageResponse(page) }).finish();
    },
    "/optchain.staking.v1.Query/Validator": (state, request) => {
      const { operatorAddress } = pb.QueryValidatorRequest.decode(request);
      const record = keeper.mustValidator(state, valoperBytes(operatorAddress));
      return pb.QueryValidatorResponse.encode({ validator: toProto(keeper, state, record) }).finish();
    },
  };
}
