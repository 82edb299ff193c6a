import { event } from "../../app/context";

export const proposalSubmitted = (id: bigint, proposer: string, messages: string, status: string) =>
  event("proposal_submitted", { proposal_id: id.toString(), proposer, messages, status });
export const proposalDeposit = (id: bigint, depositor: string, amount: string, total: string) =>
  event("proposal_deposit", { proposal_id: id.toString(), depositor, amount, total });
export const votingStarted = (id: bigint, votingEndNs: bigint) => event("proposal_voting_started", { proposal_id: id.toString(), voting_end_time_ns: votingEndNs.toString() });
export const proposalVote = (id: bigint, voter: string, option: string) => event("proposal_vote", { proposal_id: id.toString(), voter, option });
export const proposalDropped = (id: bigint, total: string) => event("proposal_dropped", { proposal_id: id.toString(), total_deposit: total });
export const proposalTallied = (id: bigint, status: string, yes: bigint, no: bigint, abstain: bigint, noWithVeto: bigint, total: bigint, timelockEndNs: bigint) =>
  event("proposal_tallied", {
    proposal_id: id.toString(),
    status,
    yes: yes.toString(),
    no: no.toString(),
    abstain: abstain.toString(),
    no_with_veto: noWithVeto.toString(),
    total_power: total.toString(),
    timelock_end_time_ns: timelockEndNs.toString(),
  });
export const proposalVetoedByGuardians = (id: bigint, guardianProposalId: bigint) =>
  event("proposal_vetoed_by_guardians", { proposal_id: id.toString(), guardian_proposal_id: guardianProposalId.toString() });
export const proposalExecuted = (id: bigint) => event("proposal_executed", { proposal_id: id.toString() });
export const proposalFailed = (id: bigint, reason: string) => event("proposal_failed", { proposal_id: id.toString(), reason });
export const paramsUpdated = (module: string, changes: string) => event("params_updated", { module, changes });
