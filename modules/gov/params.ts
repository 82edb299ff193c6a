import { parseCoins } from "../../app/coins";
import { DEC_ONE } from "../../lib/fixed";
import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface GovParams {
  /** A proposal goes to a vote once its deposits reach this. */
  min_deposit: Array<{ denom: string; amount: string }>;
  max_deposit_period_seconds: number;
  voting_period_seconds: number;
  /** Fraction of bonded stake that must vote (abstain included). */
  quorum: string;
  /** Fraction of the non-abstaining stake voting yes needed to pass (strictly more). */
  threshold: string;
  /** Fraction of the voting stake voting no_with_veto that rejects and burns the deposits (strictly more). */
  veto_threshold: string;
  /** Block-time seconds between passing and execution, during which guardians may veto. */
  timelock_seconds: number;
  max_messages: number;
}

/** The SDK's defaults for quorum and thresholds; two days to vote and one of timelock. */
export const DEFAULT_PARAMS: GovParams = {
  min_deposit: [{ denom: "uopt", amount: "10000000" }],
  max_deposit_period_seconds: 172_800,
  voting_period_seconds: 172_800,
  quorum: "0.334",
  threshold: "0.5",
  veto_threshold: "0.334",
  timelock_seconds: 86_400,
  max_messages: 10,
};

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

const { integerIn, decimalIn: fractionIn } = paramChecks(ErrInvalidParams);

export function validateParams(params: GovParams): void {
  if (!Array.isArray(params.min_deposit)) throw ErrInvalidParams.wrap("min_deposit must be a list of coins");
  try {
    parseCoins(params.min_deposit);
  } catch (err) {
    throw ErrInvalidParams.wrap(`min_deposit: ${(err as Error).message}`);
  }
  integerIn(params.max_deposit_period_seconds, "max_deposit_period_seconds", 1, ONE_YEAR_SECONDS);
  integerIn(params.voting_period_seconds, "voting_period_seconds", 1, ONE_YEAR_SECONDS);
  fractionIn(params.quorum, "quorum", 1n, DEC_ONE);
  fractionIn(params.threshold, "threshold", DEC_ONE / 2n, DEC_ONE);
  fractionIn(params.veto_threshold, "veto_threshold", 1n, DEC_ONE);
  integerIn(params.timelock_seconds, "timelock_seconds", 0, ONE_YEAR_SECONDS);
  integerIn(params.max_messages, "max_messages", 1, 100);
}

