import { toAccAddress } from "../../app/address";
import type { QueryHandler } from "../../app/module";
import { pageResponse, paginate } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { optchain } from "../../proto/gen/optchain";
import { GOV_AUTHORITY, type GovKeeper, type StoredProposal, type VoteOption } from "./keeper";
import { PROPOSAL_PREFIX, depositsOf, votesOf } from "./keys";
import type { GovParams } from "./params";

const pb = optchain.gov.v1;
const coins = (list: Array<{ denom: string; amount: bigint | string }>) => list.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() }));

export function paramsToProto(params: GovParams) {
  return pb.Params.create({
    minDeposit: params.min_deposit,
    maxDepositPeriodSeconds: params.max_deposit_period_seconds,
    votingPeriodSeconds: params.voting_period_seconds,
    quorum: params.quorum,
    threshold: params.threshold,
    vetoThreshold: params.veto_threshold,
    timelockSeconds: params.timelock_seconds,
    maxMessages: params.max_messages,
  });
}

/** The final tally once voting ended; while it runs, the tally so far. */
function proposalToProto(keeper: GovKeeper, state: KVReader, proposal: StoredProposal) {
  const live = proposal.final_tally === null && proposal.status === "voting" ? keeper.tally(state, BigInt(proposal.id)) : undefined;
  const tally = live
    ? { yes: live.yes.toString(), abstain: live.abstain.toString(), no: live.no.toString(), noWithVeto: live.noWithVeto.toString(), totalPower: live.totalPower.toString() }
    : proposal.final_tally && {
        yes: proposal.final_tally.yes,
        abstain: proposal.final_tally.abstain,
        no: proposal.final_tally.no,
        noWithVeto: proposal.final_tally.no_with_veto,
        totalPower: proposal.final_tally.total_power,
      };
  return pb.Proposal.create({
    id: Number(proposal.id),
    proposer: proposal.proposer,
    title: proposal.title,
    summary: proposal.summary,
    messages: proposal.messages.map((msg) => ({ typeUrl: msg.type_url, value: Buffer.from(msg.value, "base64") })),
    status: proposal.status,
    totalDeposit: coins(proposal.total_deposit),
    submitTimeNs: proposal.submit_time_ns,
    depositEndTimeNs: proposal.deposit_end_time_ns,
    votingStartTimeNs: proposal.voting_start_time_ns,
    votingEndTimeNs: proposal.voting_end_time_ns,
    timelockEndTimeNs: proposal.timelock_end_time_ns,
    tally: tally ?? undefined,
    vetoedByGuardianProposal: Number(proposal.vetoed_by_guardian_proposal),
    failedReason: proposal.failed_reason,
    executedHeight: proposal.executed_height,
  });
}

export function govQueries(keeper: GovKeeper): Record<string, QueryHandler> {
  return {
    "/optchain.gov.v1.Query/Params": (state) => pb.QueryParamsResponse.encode({ params: paramsToProto(keeper.params(state)) }).finish(),

    "/optchain.gov.v1.Query/Proposal": (state, request) => {
      const { proposalId } = pb.QueryProposalRequest.decode(request);
      return pb.QueryProposalResponse.encode({ proposal: proposalToProto(keeper, state, keeper.mustProposal(state, BigInt(proposalId))) }).finish();
    },

    "/optchain.gov.v1.Query/Proposals": (state, request) => {
      const { status, pagination } = pb.QueryProposalsRequest.decode(request);
      const page = paginate(state, PROPOSAL_PREFIX, pagination, (idKey) => {
        const proposal = keeper.mustProposal(state, Buffer.from(idKey).readBigUInt64BE(0));
        return status === "" || proposal.status === status ? proposalToProto(keeper, state, proposal) : undefined;
      });
      return pb.QueryProposalsResponse.encode({ proposals: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.gov.v1.Query/Votes": (state, request) => {
      const { proposalId, pagination } = pb.QueryVotesRequest.decode(request);
      const id = BigInt(proposalId);
      keeper.mustProposal(state, id);
      const page = paginate(state, votesOf(id), pagination, (voter, value) => ({
        proposalId,
        voter: toAccAddress(voter),
        option: (JSON.parse(Buffer.from(value).toString("utf8")) as { option: VoteOption }).option,
        power: keeper.votingPower(state, voter).toString(),
      }));
      return pb.QueryVotesResponse.encode({ votes: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.gov.v1.Query/Deposits": (state, request) => {
      const { proposalId, pagination } = pb.QueryDepositsRequest.decode(request);
      const id = BigInt(proposalId);
      keeper.mustProposal(state, id);
      const page = paginate(state, depositsOf(id), pagination, (depositor) => ({
        proposalId,
        depositor: toAccAddress(depositor),
        amount: coins(keeper.deposit(state, id, depositor)),
      }));
      return pb.QueryDepositsResponse.encode({ deposits: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.gov.v1.Query/Authority": () => pb.QueryAuthorityResponse.encode({ authority: GOV_AUTHORITY }).finish(),
  };
}
