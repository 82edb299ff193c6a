import { accAddressBytes, toAccAddress } from "../../app/address";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { ParamsStore } from "./expected";
import { type GovKeeper, type StoredProposal, VOTE_OPTIONS, type VoteOption } from "./keeper";
import { msgDepositHandler, msgSubmitProposalHandler, msgUpdateParamsHandler, msgVoteHandler } from "./msgs";
import { DEFAULT_PARAMS, type GovParams } from "./params";
import { govQueries } from "./queries";

export interface GovGenesis {
  params: GovParams;
  next_proposal_id: string;
  proposals: StoredProposal[];
  deposits: Array<{ proposal_id: string; depositor: string; amount: Array<{ denom: string; amount: string }> }>;
  votes: Array<{ proposal_id: string; voter: string; option: VoteOption }>;
}

/**
 * Stake-weighted proposals: deposit, vote, tally, timelock, execution. `paramStores` names every module whose
 * params MsgUpdateParams may change: they change no other way.
 */
export function govModule(keeper: GovKeeper, paramStores: Readonly<Record<string, ParamsStore>>): AppModule {
  return {
    name: "gov",
    msgs: [msgSubmitProposalHandler(keeper), msgDepositHandler(keeper), msgVoteHandler(keeper), msgUpdateParamsHandler(paramStores)],
    queries: govQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<GovGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      let nextId = BigInt(genesis.next_proposal_id ?? "1");
      for (const proposal of genesis.proposals ?? []) {
        if (BigInt(proposal.id) >= nextId) nextId = BigInt(proposal.id) + 1n;
        keeper.setProposal(ctx.store, proposal);
      }
      keeper.setNextProposalId(ctx.store, nextId);
      for (const deposit of genesis.deposits ?? []) {
        const id = BigInt(deposit.proposal_id);
        if (!keeper.proposal(ctx.store, id)) throw ErrInvalidGenesis.wrap(`deposit for unknown proposal ${id}`);
        keeper.setDeposit(ctx.store, id, accAddressBytes(deposit.depositor), deposit.amount.map((coin) => ({ denom: coin.denom, amount: BigInt(coin.amount) })));
      }
      for (const vote of genesis.votes ?? []) {
        const id = BigInt(vote.proposal_id);
        if (!keeper.proposal(ctx.store, id)) throw ErrInvalidGenesis.wrap(`vote for unknown proposal ${id}`);
        if (!(vote.option in VOTE_OPTIONS)) throw ErrInvalidGenesis.wrap(`vote option ${vote.option}`);
        keeper.vote({ ...ctx, events: [] }, id, vote.voter, vote.option);
      }
    },

    exportGenesis(state): GovGenesis {
      const proposals = keeper.proposals(state);
      return {
        params: keeper.params(state),
        next_proposal_id: keeper.nextProposalId(state).toString(),
        proposals,
        deposits: keeper.allDeposits(state).map(({ id, depositor, amount }) => ({
          proposal_id: id.toString(),
          depositor: toAccAddress(depositor),
          amount: amount.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() })),
        })),
        votes: proposals.flatMap((proposal) =>
          keeper.votes(state, BigInt(proposal.id)).map(({ voter, option }) => ({ proposal_id: proposal.id, voter: toAccAddress(voter), option })),
        ),
      };
    },

    endBlock(ctx) {
      keeper.endBlock(ctx);
    },
  };
}
