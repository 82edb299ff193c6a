import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface StakingParams {
  bond_denom: string;
  /** uopt per unit of CometBFT voting power, as in the SDK's DefaultPowerReduction. */
  power_reduction: string;
  max_validators: number;
}

export const DEFAULT_PARAMS: StakingParams = { bond_denom: "uopt", power_reduction: "1000000", max_validators: 100 };

const { exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: StakingParams): void {
  exactShape(params, DEFAULT_PARAMS);
  if (typeof params.bond_denom !== "string" || params.bond_denom.length < 3) {
    throw ErrInvalidParams.wrap(`bond_denom must be a denom, got ${JSON.stringify(params.bond_denom)}`);
  }
  if (!/^[1-9][0-9]{0,30}$/.test(params.power_reduction)) {
    throw ErrInvalidParams.wrap(`power_reduction must be a positive integer, got ${JSON.stringify(params.power_reduction)}`);
  }
  if (!Number.isInteger(params.max_validators) || params.max_validators < 1 || params.max_validators > 1000) {
    throw ErrInvalidParams.wrap(`max_validators must be in [1, 1000], got ${JSON.stringify(params.max_validators)}`);
  }
}
