import { key, u64 } from "../../app/keys";

// gov/params → JSON GovParams
export const PARAMS_KEY = key("gov/params");
// gov/next_proposal_id → decimal id of the next proposal
export const NEXT_PROPOSAL_ID_KEY = key("gov/next_proposal_id");
// gov/proposal/<id u64> → JSON StoredProposal
export const PROPOSAL_PREFIX = key("gov/proposal/");
export const proposalKey = (id: bigint) => key(PROPOSAL_PREFIX, u64(id));
// gov/deposit/<id u64><depositor 20 bytes> → JSON coins, until refunded or burned
export const DEPOSIT_PREFIX = key("gov/deposit/");
export const depositsOf = (id: bigint) => key(DEPOSIT_PREFIX, u64(id));
export const depositKey = (id: bigint, depositor: Uint8Array) => key(DEPOSIT_PREFIX, u64(id), depositor);
// gov/vote/<id u64><voter 20 bytes> → JSON {option}
export const votesOf = (id: bigint) => key("gov/vote/", u64(id));
export const voteKey = (id: bigint, voter: Uint8Array) => key(votesOf(id), voter);
// gov/queue/<phase>/<end time ns u64><id u64> → empty: proposals whose deposit period, voting period or
// timelock ends then, in time order, so the end-block reads only those that are due
export type Phase = "deposit" | "voting" | "timelock";
export const queuePrefix = (phase: Phase) => key("gov/queue/", phase, "/");
export const queueKey = (phase: Phase, endNs: bigint, id: bigint) => key(queuePrefix(phase), u64(endNs), u64(id));
