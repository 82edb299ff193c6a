// The localnet's guardians and governance: 2-of-3 guardians (dev accounts 7, 8 and 9) and governance periods
// short enough to watch a proposal from deposit to execution in well under a minute.
import type { CircuitParams } from "../modules/circuit/params";
import type { GovParams } from "../modules/gov/params";

export const LOCALNET_GUARDIAN_INDEXES = [7, 8, 9];

export const localnetCircuitParams = (guardians: string[]): Partial<CircuitParams> => ({
  guardians,
  guardian_threshold: 2,
  guardian_proposal_ttl_blocks: 600,
  cooldown_blocks: 20,
  confirmations: 2,
  twap_window_seconds: 60,
  max_price_age_seconds: 60,
  grace_period_blocks: 20,
  invariant_check_period: 10,
});

export const LOCALNET_GOV_PARAMS: Partial<GovParams> = {
  min_deposit: [{ denom: "uopt", amount: "1000000" }],
  max_deposit_period_seconds: 60,
  voting_period_seconds: 10,
  timelock_seconds: 10,
};

/** Genesis sections for circuit and gov; `accounts` are the dev accounts in HD order. */
export function localnetGovernanceGenesis(accounts: string[]): Record<string, Record<string, unknown>> {
  return {
    circuit: { params: localnetCircuitParams(LOCALNET_GUARDIAN_INDEXES.map((i) => accounts[i])) },
    gov: { params: LOCALNET_GOV_PARAMS },
  };
}
