import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface StakingParams {
  bond_denom: string;
  /** uopt per unit of CometBFT voting power, as in the SDK's DefaultPowerReduction. */
  power_reduction: string;
  max_validators: number;
  /** Seconds an unbonding or redelegation entry (and a validator leaving the set) waits before it completes. */
  unbonding_time: number;
  /** Entries one delegator may have per unbonding delegation or redelegation, as in the SDK. */
  max_entries: number;
  /** Kept for the SDK's Params shape; this chain keeps no historical info (the query is refused), so it is unused. */
  historical_entries: number;
  /** Lowest commission rate a validator may set, a decimal in [0, 1]. */
  min_commission_rate: string;
  /** Matured unbonding, redelegation and validator entries end-block completes per block; the rest carry over. */
  max_completions_per_block: number;
}

/** The Cosmos SDK's x/staking defaults (21 days, 100 validators, 7 entries); power_reduction as before. */
export const DEFAULT_PARAMS: StakingParams = {
  bond_denom: "uopt",
  power_reduction: "1000000",
  max_validators: 100,
  unbonding_time: 21 * 24 * 3600,
  max_entries: 7,
  historical_entries: 0,
  min_commission_rate: "0",
  max_completions_per_block: 500,
};

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

const { exactShape, integerIn, fraction } = paramChecks(ErrInvalidParams);

export function validateParams(params: StakingParams): void {
  exactShape(params, DEFAULT_PARAMS);
  if (typeof params.bond_denom !== "string" || !/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(params.bond_denom)) {
    throw ErrInvalidParams.wrap(`bond_denom must be a denom, got ${JSON.stringify(params.bond_denom)}`);
  }
  if (!/^[1-9][0-9]{0,30}$/.test(params.power_reduction)) {
    throw ErrInvalidParams.wrap(`power_reduction must be a positive integer, got ${JSON.stringify(params.power_reduction)}`);
  }
  integerIn(params.max_validators, "max_validators", 1, 1000);
  integerIn(params.unbonding_time, "unbonding_time", 1, TEN_YEARS_SECONDS);
  integerIn(params.max_entries, "max_entries", 1, 100);
  integerIn(params.historical_entries, "historical_entries", 0, 10_000);
  fraction(params.min_commission_rate, "min_commission_rate");
  integerIn(params.max_completions_per_block, "max_completions_per_block", 1, 10_000);
}
