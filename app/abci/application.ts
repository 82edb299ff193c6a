import type * as abci from "cosmjs-types/tendermint/abci/types";

/** The calls CometBFT makes on the four ABCI connections; every handler is synchronous and deterministic where consensus needs it. */
export interface AbciApplication {
  info(req: abci.RequestInfo): abci.ResponseInfo;
  initChain(req: abci.RequestInitChain): abci.ResponseInitChain;
  query(req: abci.RequestQuery): abci.ResponseQuery;
  checkTx(req: abci.RequestCheckTx): abci.ResponseCheckTx;
  prepareProposal(req: abci.RequestPrepareProposal): abci.ResponsePrepareProposal;
  processProposal(req: abci.RequestProcessProposal): abci.ResponseProcessProposal;
  extendVote(req: abci.RequestExtendVote): abci.ResponseExtendVote;
  verifyVoteExtension(req: abci.RequestVerifyVoteExtension): abci.ResponseVerifyVoteExtension;
  finalizeBlock(req: abci.RequestFinalizeBlock): abci.ResponseFinalizeBlock;
  commit(): abci.ResponseCommit;
  listSnapshots(): abci.ResponseListSnapshots;
  offerSnapshot(req: abci.RequestOfferSnapshot): abci.ResponseOfferSnapshot;
  loadSnapshotChunk(req: abci.RequestLoadSnapshotChunk): abci.ResponseLoadSnapshotChunk;
  applySnapshotChunk(req: abci.RequestApplySnapshotChunk): abci.ResponseApplySnapshotChunk;
}
