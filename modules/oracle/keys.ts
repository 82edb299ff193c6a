import { key, lengthPrefixed, u64 } from "../../app/keys";

/** A tally builds four keys of each of the 50 assets' names: their length-prefixed bytes are made once (bounded). */
const assetParts = new Map<string, Uint8Array>();
const asset = (name: string) => {
  let part = assetParts.get(name);
  if (part === undefined) {
    part = lengthPrefixed(Buffer.from(name, "utf8"));
    if (assetParts.size < 4096) assetParts.set(name, part);
  }
  return part;
};

/**
 * An asset's whole key under `prefix`, made once per name (bounded): every block reads or writes the price, tally
 * and history count of each of the 50 assets. Callers only read these bytes (the store copies the keys it keeps).
 */
function assetKeys(prefix: Uint8Array): (name: string) => Uint8Array {
  const keys = new Map<string, Uint8Array>();
  return (name) => {
    let built = keys.get(name);
    if (built === undefined) {
      built = key(prefix, asset(name));
      if (keys.size < 4096) keys.set(name, built);
    }
    return built;
  };
}

// oracle/params → JSON OracleParams
export const PARAMS_KEY = key("oracle/params");
// oracle/feeder/<20-byte operator> → account address bytes of the delegated feeder
export const FEEDER_PREFIX = key("oracle/feeder/");
export const feederKey = (operator: Uint8Array) => key(FEEDER_PREFIX, operator);
// oracle/prevote/<operator> → JSON StoredPrevote (the latest commitment, until revealed or outdated)
export const PREVOTE_PREFIX = key("oracle/prevote/");
export const prevoteKey = (operator: Uint8Array) => key(PREVOTE_PREFIX, operator);
// oracle/vote/<operator> → JSON StoredVote (revealed this vote period; cleared by the tally)
export const VOTE_PREFIX = key("oracle/vote/");
export const voteKey = (operator: Uint8Array) => key(VOTE_PREFIX, operator);
// oracle/price/<len><asset> → the latest tallied price (codec.ts encodePriceRecord; JSON StoredPrice before version 4)
export const PRICE_PREFIX = key("oracle/price/");
export const priceKey = assetKeys(PRICE_PREFIX);
// oracle/history/<len><asset><u64 slot> → a price record as above: a ring of history_length tallied prices
export const HISTORY_PREFIX = key("oracle/history/");
export const historyPrefix = assetKeys(HISTORY_PREFIX);
export const historyKey = (name: string, slot: bigint) => key(historyPrefix(name), u64(slot));
// oracle/history_count/<len><asset> → u64 count of prices ever pushed (the next slot is count mod length; decimal text before version 4)
export const HISTORY_COUNT_PREFIX = key("oracle/history_count/");
export const historyCountKey = assetKeys(HISTORY_COUNT_PREFIX);
// oracle/tally/<len><asset> → the asset's last ballot outcome, without the votes (codec.ts encodeTallyRecord; JSON StoredTally before version 4)
export const TALLY_PREFIX = key("oracle/tally/");
export const tallyKey = assetKeys(TALLY_PREFIX);
// oracle/last_ballot → each validator active at the last tally, its power and its prices then (the votes of every
// asset's last tally, kept once rather than per asset), in one record (codec.ts encodeBallot)
export const LAST_BALLOT_KEY = key("oracle/last_ballot");
// oracle/ballot/<operator> → the same, one entry per validator, before version 4 (binary since version 2, JSON in 1)
export const BALLOT_PREFIX = key("oracle/ballot/");
export const ballotKey = (operator: Uint8Array) => key(BALLOT_PREFIX, operator);
// oracle/miss_counters → every validator's miss counter this slash window (codec.ts encodeMissCounter's form), in
// one table (encodeOperatorRows) since consensus version 5
export const MISS_COUNTERS_KEY = key("oracle/miss_counters");
// oracle/miss/<operator> → the same, one counter per validator, before version 5 (binary since version 2, JSON
// StoredMissCounter in 1)
export const MISS_PREFIX = key("oracle/miss/");
export const missKey = (operator: Uint8Array) => key(MISS_PREFIX, operator);
// oracle/window_ballots → u64: ballots counted this slash window (each tally adds those anyone voted in), the
// number a validator in the set for the whole window has counted
export const WINDOW_BALLOTS_KEY = key("oracle/window_ballots");
// oracle/reward/<operator> → JSON StoredValidatorReward: everything the reward pool ever paid the validator
export const REWARD_PREFIX = key("oracle/reward/");
export const rewardKey = (operator: Uint8Array) => key(REWARD_PREFIX, operator);
// oracle/reward_weights → every validator's power × in-band votes since the last payout (codec.ts
// encodeRewardWeight's form), in one table (encodeOperatorRows) since consensus version 5
export const REWARD_WEIGHTS_KEY = key("oracle/reward_weights");
// oracle/reward_weight/<operator> → the same, one weight per validator, before version 5 (binary since version 2,
// JSON StoredRewardWeight in 1)
export const REWARD_WEIGHT_PREFIX = key("oracle/reward_weight/");
export const rewardWeightKey = (operator: Uint8Array) => key(REWARD_WEIGHT_PREFIX, operator);
// oracle/reward_totals → JSON StoredRewardTotals: coins ever put into the pool and ever paid from it
export const REWARD_TOTALS_KEY = key("oracle/reward_totals");

/** The asset name inside a key built by priceKey/tallyKey/historyCountKey. */
export function assetOfKey(storeKey: Uint8Array, prefix: Uint8Array): string {
  const length = storeKey[prefix.length];
  return Buffer.from(storeKey.subarray(prefix.length + 1, prefix.length + 1 + length)).toString("utf8");
}
