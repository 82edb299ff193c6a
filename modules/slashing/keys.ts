import { key, u64 } from "../../app/keys";

// slashing/params → JSON SlashingParams
export const PARAMS_KEY = key("slashing/params");
// slashing/info/<20-byte operator> → JSON StoredSigningInfo
export const SIGNING_INFO_PREFIX = key("slashing/info/");
export const signingInfoKey = (operator: Uint8Array) => key(SIGNING_INFO_PREFIX, operator);
// slashing/missed/<operator> → bitmap of the signed-blocks window, bit set = block missed
export const MISSED_PREFIX = key("slashing/missed/");
export const missedKey = (operator: Uint8Array) => key(MISSED_PREFIX, operator);
// slashing/slash/<u64 id> → JSON StoredSlash, one per slash ever made, in order
export const SLASH_PREFIX = key("slashing/slash/");
export const slashKey = (id: bigint) => key(SLASH_PREFIX, u64(id));
// slashing/next_slash_id → decimal id of the next slash record
export const NEXT_SLASH_ID_KEY = key("slashing/next_slash_id");
// slashing/jail_queue/<u64 id> → JSON StoredPendingJail: punished validators waiting for the per-block jail cap
export const JAIL_QUEUE_PREFIX = key("slashing/jail_queue/");
export const jailQueueKey = (id: bigint) => key(JAIL_QUEUE_PREFIX, u64(id));
// slashing/next_jail_id → decimal id of the next queue entry
export const NEXT_JAIL_ID_KEY = key("slashing/next_jail_id");
// slashing/queued/<operator> → u64 id of its entry in the jail queue
export const QUEUED_PREFIX = key("slashing/queued/");
export const queuedKey = (operator: Uint8Array) => key(QUEUED_PREFIX, operator);
// slashing/evidence_max_age → JSON StoredEvidenceMaxAge: CometBFT's consensus_params.evidence from InitChain
export const EVIDENCE_MAX_AGE_KEY = key("slashing/evidence_max_age");
