import { paramChecks } from "../../app/params";
import { ErrInvalidParams } from "./errors";

export interface DistributionParams {
  /** Share of every allocation that goes to the community pool, a decimal in [0, 1]. */
  community_tax: string;
  withdraw_addr_enabled: boolean;
}

/** The Cosmos SDK's defaults. */
export const DEFAULT_PARAMS: DistributionParams = { community_tax: "0.02", withdraw_addr_enabled: true };

const { fraction, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: DistributionParams): void {
  exactShape(params, DEFAULT_PARAMS);
  fraction(params.community_tax, "community_tax");
  if (typeof params.withdraw_addr_enabled !== "boolean") {
    throw ErrInvalidParams.wrap(`withdraw_addr_enabled must be a boolean, got ${JSON.stringify(params.withdraw_addr_enabled)}`);
  }
}
