// The four ABCI 2.0 calls of the vote-extension price path; the wire formats and rules live in modules/oracle/ve.ts.
import type * as abci from "cosmjs-types/tendermint/abci/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import type { ProposalFault, TestFaults } from "../faults";
import type { Logger } from "../logger";
import type { KVReader } from "../store/types";
import type { Dec } from "../../lib/fixed";
import type { OracleKeeper } from "../../modules/oracle/keeper";
import type { StakingKeeper } from "../../modules/staking/keeper";
import { MAX_PRICE } from "../../modules/oracle/vote";
import { checkInjectedVotes, decodeInjectedVotes, decodeVoteExtension, encodeInjectedVotes, encodeVoteExtension, isInjectedVotesTx } from "../../modules/oracle/ve";

/**
 * A validator's own price source as ExtendVote sees it: the latest prices it holds, read without waiting.
 * Off-chain input: it decides only what this validator signs, never what the chain computes from it.
 */
export interface PriceFeed {
  /** `height`: the vote's, which also tells the feed which height comes next. */
  prices(assets: readonly string[], height: bigint): ReadonlyMap<string, Dec> | undefined;
}

export class VoteExtensions {
  /** consensus_params.abci.vote_extensions_enable_height; 0 = off (commit-reveal only). */
  enableHeight = 0n;

  constructor(private readonly deps: { oracle: OracleKeeper; staking: StakingKeeper; log: Logger; feed?: PriceFeed; faults?: TestFaults }) {}

  /** Precommits at the enable height and after carry extensions, so the block after it is the first to hold them. */
  carriesExtensions(height: bigint): boolean {
    return this.enableHeight > 0n && height > this.enableHeight;
  }

  /** No feed or no answer yet: an empty extension, which abstains and never holds up the precommit. */
  extendVote(state: KVReader, height: bigint): Uint8Array {
    const assets = this.deps.oracle.params(state).assets.map((asset) => asset.name);
    const answer = this.deps.feed?.prices(assets, height);
    if (!answer) return new Uint8Array();
    const listed = new Map<string, Dec>();
    for (const asset of assets) {
      const price = answer.get(asset);
      if (price !== undefined && price > 0n && price <= MAX_PRICE) listed.set(asset, price);
    }
    return encodeVoteExtension(listed);
  }

  /** Format and bounds only, against the committed whitelist: the same verdict on every node, whatever the prices. */
  verify(state: KVReader, extension: Uint8Array): string | undefined {
    const decoded = decodeVoteExtension(extension, this.whitelist(state));
    return "error" in decoded ? decoded.error : undefined;
  }

  /** The proposer's tx 0: the previous height's extended votes exactly as CometBFT handed them over. */
  injectedTx(req: abci.RequestPrepareProposal): Uint8Array | undefined {
    if (!this.carriesExtensions(req.height)) return undefined;
    const fault = this.deps.faults?.proposalFault;
    return encodeInjectedVotes(fault ? tampered(req.localLastCommit, fault) : req.localLastCommit);
  }

  /** Why every validator must refuse this proposal's injected votes (or their absence, or a stray copy). */
  refusal(state: KVReader, chainId: string, req: abci.RequestProcessProposal): string | undefined {
    const carries = this.carriesExtensions(req.height);
    const stray = req.txs.findIndex((tx, i) => isInjectedVotesTx(tx) && !(carries && i === 0));
    if (stray >= 0) return `tx ${stray} is a vote-extension tx out of place`;
    if (!carries) return undefined;
    const info = req.txs.length > 0 ? decodeInjectedVotes(req.txs[0]) : undefined;
    if (!info) return "tx 0 is not the previous height's extended votes";
    return checkInjectedVotes(info, {
      chainId,
      height: req.height - 1n,
      lastCommit: req.proposedLastCommit,
      whitelist: this.whitelist(state),
      pubkeyOf: (address) => {
        const operator = this.deps.staking.operatorByConsensusAddress(state, address);
        const record = operator ? this.deps.staking.validator(state, operator) : undefined;
        return record ? Buffer.from(record.consensus_pubkey, "base64") : this.deps.staking.removedConsensusKey(state, address);
      },
    });
  }

  private whitelist(state: KVReader): Set<string> {
    return new Set(this.deps.oracle.params(state).assets.map((asset) => asset.name));
  }
}

/** The fault suites' misbehaving proposer: its first committed vote dropped or its extension forged. */
function tampered(info: abci.ExtendedCommitInfo, fault: ProposalFault): abci.ExtendedCommitInfo {
  const target = info.votes.findIndex((vote) => vote.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_COMMIT);
  if (target < 0) return info;
  const votes = info.votes.map((vote, i) => {
    if (i !== target) return vote;
    if (fault === "drop-vote") return { ...vote, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT, voteExtension: new Uint8Array(), extensionSignature: new Uint8Array() };
    const forged = Buffer.from(vote.voteExtension.length > 0 ? vote.voteExtension : [0x0a, 0x00]);
    forged[forged.length - 1] ^= 0x01;
    return { ...vote, voteExtension: forged };
  });
  return { ...info, votes };
}
