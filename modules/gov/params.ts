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
  /** Fraction of min_deposit a proposal must bring at submission, so that opening one is not free (SDK v0.47). */
  min_initial_deposit_ratio: string;
  /**
   * The only message types a proposal may carry. Each runs as the gov account, which holds the deposits in
   * escrow: a type that moves the signer's funds (a collateral deposit, a send) does not belong here.
   */
  proposal_messages: string[];
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
  min_initial_deposit_ratio: "0.1",
  proposal_messages: ["/optchain.gov.v1.MsgUpdateParams", "/optchain.options.v1.MsgListSeries", "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", "/cosmos.upgrade.v1beta1.MsgCancelUpgrade"],
};

/** Governance's own path: it may never run inside a proposal (the gov account never proposes, deposits or votes). */
export const GOV_TX_MESSAGES = ["/optchain.gov.v1.MsgSubmitProposal", "/optchain.gov.v1.MsgDeposit", "/optchain.gov.v1.MsgVote"];
const TYPE_URL = /^\/[A-Za-z][A-Za-z0-9_.]{0,199}$/;
const MAX_PROPOSAL_MESSAGES = 50;

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

const { integerIn, decimalIn: fractionIn, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: GovParams): void {
  exactShape(params, DEFAULT_PARAMS);
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
  fractionIn(params.min_initial_deposit_ratio, "min_initial_deposit_ratio", 0n, DEC_ONE);
  if (params.proposal_messages.length > MAX_PROPOSAL_MESSAGES) throw ErrInvalidParams.wrap(`proposal_messages must list at most ${MAX_PROPOSAL_MESSAGES} types`);
  const seen = new Set<string>();
  for (const typeUrl of params.proposal_messages) {
    if (!TYPE_URL.test(typeUrl)) throw ErrInvalidParams.wrap(`proposal_messages: ${JSON.stringify(typeUrl)} is not a message type URL`);
    if (GOV_TX_MESSAGES.includes(typeUrl) || typeUrl === "/cosmos.bank.v1beta1.MsgSend") throw ErrInvalidParams.wrap(`proposal_messages: ${typeUrl} may never run as the gov account`);
    if (seen.has(typeUrl)) throw ErrInvalidParams.wrap(`proposal_messages: ${typeUrl} listed twice`);
    seen.add(typeUrl);
  }
}

