// Typed messages and queries of the circuit (guardians, breakers, freezes, halt, invariants) and gov modules.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { QueryClient } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { moduleAddress, toAccAddress } from "../app/address";
import { optchain } from "../proto/gen/optchain";
import { optchainRegistry } from "./index";
import { allPages } from "./pages";

const circuit = optchain.circuit.v1;
const gov = optchain.gov.v1;

/** The gov module account: the authority of MsgUpdateParams and of any message a proposal carries. */
export const GOV_AUTHORITY = toAccAddress(moduleAddress("gov"));
export const VoteOption = gov.VoteOption;

export type GuardianAction =
  | { tripBreaker: { typeUrls: string[]; scope?: { seriesId?: number; underlying?: string } } }
  | { resetBreaker: { typeUrls: string[]; scope?: { seriesId?: number; underlying?: string } } }
  | { freezeMarket: { underlying: string } }
  | { unfreezeMarket: { underlying: string } }
  | { haltChain: { height: number } }
  | { cancelHalt: Record<string, never> }
  | { vetoProposal: { proposalId: number } };

export function guardianProposeMsg(guardian: string, action: GuardianAction, reason: string): EncodeObject {
  return { typeUrl: "/optchain.circuit.v1.MsgGuardianPropose", value: circuit.MsgGuardianPropose.create({ guardian, action: circuit.GuardianAction.create(action), reason }) };
}

export function guardianApproveMsg(guardian: string, proposalId: number): EncodeObject {
  return { typeUrl: "/optchain.circuit.v1.MsgGuardianApprove", value: circuit.MsgGuardianApprove.create({ guardian, proposalId }) };
}

/** A params change for a proposal: `changes` are the fields to replace, e.g. { max_price_age_seconds: 60 }. */
export function updateParamsMsg(module: string, changes: Record<string, unknown>): EncodeObject {
  return { typeUrl: "/optchain.gov.v1.MsgUpdateParams", value: gov.MsgUpdateParams.create({ authority: GOV_AUTHORITY, module, changes: JSON.stringify(changes) }) };
}

export function submitProposalMsg(proposer: string, messages: EncodeObject[], deposit: Array<{ denom: string; amount: string }>, title: string, summary = ""): EncodeObject {
  const registry = optchainRegistry();
  const anys = messages.map((msg) => registry.encodeAsAny(msg));
  return {
    typeUrl: "/optchain.gov.v1.MsgSubmitProposal",
    value: gov.MsgSubmitProposal.create({ proposer, messages: anys.map((any) => ({ typeUrl: any.typeUrl, value: any.value })), initialDeposit: deposit, title, summary }),
  };
}

export function depositMsg(depositor: string, proposalId: number, amount: Array<{ denom: string; amount: string }>): EncodeObject {
  return { typeUrl: "/optchain.gov.v1.MsgDeposit", value: gov.MsgDeposit.create({ depositor, proposalId, amount }) };
}

export function voteMsg(voter: string, proposalId: number, option: optchain.gov.v1.VoteOption): EncodeObject {
  return { typeUrl: "/optchain.gov.v1.MsgVote", value: gov.MsgVote.create({ voter, proposalId, option }) };
}

/** ABCI queries of the circuit and gov modules, decoded into their proto responses. */
export class GovernanceQueries {
  private constructor(readonly queryClient: QueryClient, private readonly disconnectComet: () => void) {}

  static async connect(rpc: string): Promise<GovernanceQueries> {
    const comet = await connectComet(rpc);
    return new GovernanceQueries(new QueryClient(comet), () => comet.disconnect());
  }

  disconnect(): void {
    this.disconnectComet();
  }

  private async query(path: string, request: Uint8Array = new Uint8Array()): Promise<Uint8Array> {
    return (await this.queryClient.queryAbci(path, request)).value;
  }

  async circuitParams() {
    return circuit.QueryParamsResponse.decode(await this.query("/optchain.circuit.v1.Query/Params")).params;
  }

  async breakers() {
    return allPages(async (pagination) => {
      const response = circuit.QueryBreakersResponse.decode(await this.query("/optchain.circuit.v1.Query/Breakers", circuit.QueryBreakersRequest.encode({ pagination }).finish()));
      return { items: response.breakers, nextKey: response.pagination?.nextKey };
    });
  }

  async markets() {
    return allPages(async (pagination) => {
      const response = circuit.QueryMarketsResponse.decode(await this.query("/optchain.circuit.v1.Query/Markets", circuit.QueryMarketsRequest.encode({ pagination }).finish()));
      return { items: response.markets, nextKey: response.pagination?.nextKey };
    });
  }

  async market(underlying: string) {
    return circuit.QueryMarketResponse.decode(await this.query("/optchain.circuit.v1.Query/Market", circuit.QueryMarketRequest.encode({ underlying }).finish())).market;
  }

  async guardianProposal(id: number) {
    return circuit.QueryGuardianProposalResponse.decode(await this.query("/optchain.circuit.v1.Query/GuardianProposal", circuit.QueryGuardianProposalRequest.encode({ id }).finish())).proposal;
  }

  async guardianProposals() {
    return allPages(async (pagination) => {
      const response = circuit.QueryGuardianProposalsResponse.decode(await this.query("/optchain.circuit.v1.Query/GuardianProposals", circuit.QueryGuardianProposalsRequest.encode({ pagination }).finish()));
      return { items: response.proposals, nextKey: response.pagination?.nextKey };
    });
  }

  async halt() {
    return circuit.QueryHaltResponse.decode(await this.query("/optchain.circuit.v1.Query/Halt"));
  }

  async invariants() {
    return circuit.QueryInvariantsResponse.decode(await this.query("/optchain.circuit.v1.Query/Invariants"));
  }

  async priceBreakers() {
    return allPages(async (pagination) => {
      const response = circuit.QueryPriceBreakersResponse.decode(await this.query("/optchain.circuit.v1.Query/PriceBreakers", circuit.QueryPriceBreakersRequest.encode({ pagination }).finish()));
      return { items: response.assets, nextKey: response.pagination?.nextKey };
    });
  }

  async govParams() {
    return gov.QueryParamsResponse.decode(await this.query("/optchain.gov.v1.Query/Params")).params;
  }

  async proposal(proposalId: number) {
    return gov.QueryProposalResponse.decode(await this.query("/optchain.gov.v1.Query/Proposal", gov.QueryProposalRequest.encode({ proposalId }).finish())).proposal;
  }

  async proposals(status = "") {
    return allPages(async (pagination) => {
      const response = gov.QueryProposalsResponse.decode(await this.query("/optchain.gov.v1.Query/Proposals", gov.QueryProposalsRequest.encode({ status, pagination }).finish()));
      return { items: response.proposals, nextKey: response.pagination?.nextKey };
    });
  }

  async votes(proposalId: number) {
    return allPages(async (pagination) => {
      const response = gov.QueryVotesResponse.decode(await this.query("/optchain.gov.v1.Query/Votes", gov.QueryVotesRequest.encode({ proposalId, pagination }).finish()));
      return { items: response.votes, nextKey: response.pagination?.nextKey };
    });
  }

  async deposits(proposalId: number) {
    return allPages(async (pagination) => {
      const response = gov.QueryDepositsResponse.decode(await this.query("/optchain.gov.v1.Query/Deposits", gov.QueryDepositsRequest.encode({ proposalId, pagination }).finish()));
      return { items: response.deposits, nextKey: response.pagination?.nextKey };
    });
  }
}
