import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface SlashingParams {
  signed_blocks_window: number;
  min_signed_per_window: string;
  downtime_jail_duration_seconds: number;
  slash_fraction_downtime: string;
  slash_fraction_double_sign: string;
  /** Fraction of the bonded power that may be jailed in one block; the rest waits (an event says so). */
  max_jailed_power_per_block: string;
}

/** The Cosmos SDK's x/slashing defaults (DESIGN.md §4); the jail cap keeps one block below a third. */
export const DEFAULT_PARAMS: SlashingParams = {
  signed_blocks_window: 100,
  min_signed_per_window: "0.5",
  downtime_jail_duration_seconds: 600,
  slash_fraction_downtime: "0.01",
  slash_fraction_double_sign: "0.05",
  max_jailed_power_per_block: "0.33",
};

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

const { fraction, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: SlashingParams): void {
  exactShape(params, DEFAULT_PARAMS);
  if (!Number.isSafeInteger(params.signed_blocks_window) || params.signed_blocks_window < 1 || params.signed_blocks_window > 1_000_000) {
    throw ErrInvalidParams.wrap(`signed_blocks_window must be an integer in [1, 1000000], got ${JSON.stringify(params.signed_blocks_window)}`);
  }
  fraction(params.min_signed_per_window, "min_signed_per_window");
  if (!Number.isSafeInteger(params.downtime_jail_duration_seconds) || params.downtime_jail_duration_seconds < 0 || params.downtime_jail_duration_seconds > ONE_YEAR_SECONDS) {
    throw ErrInvalidParams.wrap(`downtime_jail_duration_seconds must be an integer in [0, ${ONE_YEAR_SECONDS}], got ${JSON.stringify(params.downtime_jail_duration_seconds)}`);
  }
  fraction(params.slash_fraction_downtime, "slash_fraction_downtime");
  fraction(params.slash_fraction_double_sign, "slash_fraction_double_sign");
  if (fraction(params.max_jailed_power_per_block, "max_jailed_power_per_block") === 0n) {
    throw ErrInvalidParams.wrap("max_jailed_power_per_block must be above 0, or nobody could ever be jailed");
  }
}

