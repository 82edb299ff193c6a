// State migrations of the oracle module, for a release's upgrade handler (modules/upgrade runs handlers per plan,
// with the consensus versions the state was written by).
import { key } from "../../app/keys";
import type { KVStore } from "../../app/store/types";
import { decodeBallotEntry, encodeBallot, encodeOperatorRows } from "./codec";
import type { OracleKeeper, StoredBallotEntry, StoredMissCounter, StoredPrice, StoredTally, StoredVote } from "./keeper";
import { BALLOT_PREFIX, HISTORY_COUNT_PREFIX, HISTORY_PREFIX, LAST_BALLOT_KEY, MISS_COUNTERS_KEY, MISS_PREFIX, PRICE_PREFIX, REWARD_WEIGHTS_KEY, REWARD_WEIGHT_PREFIX, TALLY_PREFIX, VOTE_PREFIX, assetOfKey } from "./keys";
import type { StoredRewardWeight } from "./rewards";

/**
 * The oracle's state layout: 2 keeps the per-block records in binary (codec.ts) and miss counts per asset; 3 keeps
 * the slash window's own ballot count, so a validator that joined mid-window is judged from its first whole one;
 * 4 keeps each asset's price, history ring and last tally in binary too, and the last ballot in one record; 5 keeps
 * all miss counters in one record and all reward weights in another.
 */
export const ORACLE_CONSENSUS_VERSION = 5;

/**
 * Brings oracle state written by consensus version `from` to ORACLE_CONSENSUS_VERSION. The counters and weights
 * move into version 5's tables before version 3's step, which reads the counters through the keeper (the keeper
 * reads only the tables); version 1's step writes its converted ones through the keeper, into the tables.
 */
export function migrateOracle(store: KVStore, keeper: OracleKeeper, from: number): void {
  if (from < 2) migrateV1ToV2(store, keeper);
  if (from < 5) migrateV4ToV5(store);
  if (from < 3) migrateV2ToV3(store, keeper);
  if (from < 4) migrateV3ToV4(store, keeper);
}

/**
 * Versions 2 to 4 kept a miss counter and a reward weight per validator, each under its own key: each kind
 * becomes one table (encodeOperatorRows), its rows byte for byte the records they were, in the keys' operator order.
 */
function migrateV4ToV5(store: KVStore): void {
  intoTable(store, MISS_PREFIX, MISS_COUNTERS_KEY, "miss counters");
  intoTable(store, REWARD_WEIGHT_PREFIX, REWARD_WEIGHTS_KEY, "reward weights");
}

/** The records under `prefix` (keyed by operator) moved into one table at `tableKey`, as they are. */
function intoTable(store: KVStore, prefix: Uint8Array, tableKey: Uint8Array, table: string): void {
  const entries = store.iterate(prefix);
  if (entries.length === 0) return;
  store.set(tableKey, encodeOperatorRows(entries.map(([storeKey, value]) => ({ operator: storeKey.subarray(prefix.length), value })), table));
  for (const [storeKey] of entries) store.delete(storeKey);
}

/**
 * Version 3 kept prices, history slots and tallies as JSON and history counts as decimal text: each is read as
 * such and written back through the keeper in its binary form, under the same key. Every value is kept; only
 * text the records cannot tell apart from the tally's own (a price or time written by a genesis with leading or
 * trailing zeros) reads back in the tally's form. Its ballot entries, one per validator, become the one ballot
 * record, byte for byte the lines they held.
 */
function migrateV3ToV4(store: KVStore, keeper: OracleKeeper): void {
  const entries = store.iterate(BALLOT_PREFIX);
  if (entries.length > 0) {
    store.set(LAST_BALLOT_KEY, encodeBallot(entries.map(([storeKey, value]) => ({ operator: storeKey.subarray(BALLOT_PREFIX.length), ...decodeBallotEntry(value) }))));
    for (const [storeKey] of entries) store.delete(storeKey);
  }
  const json = <T>(prefix: Uint8Array) => store.iterate(prefix).map(([storeKey, value]) => ({ storeKey, value: JSON.parse(Buffer.from(value).toString("utf8")) as T }));
  for (const { storeKey, value } of json<StoredPrice>(PRICE_PREFIX)) keeper.setStoredPrice(store, assetOfKey(storeKey, PRICE_PREFIX), value);
  for (const { storeKey, value } of json<StoredTally>(TALLY_PREFIX)) keeper.setTally(store, { ...value, asset: assetOfKey(storeKey, TALLY_PREFIX) });
  for (const { storeKey, value } of json<StoredPrice>(HISTORY_PREFIX)) {
    const asset = assetOfKey(storeKey, HISTORY_PREFIX);
    keeper.setHistorySlot(store, asset, Buffer.from(storeKey).readBigUInt64BE(storeKey.length - 8), value);
  }
  for (const [storeKey, value] of store.iterate(HISTORY_COUNT_PREFIX)) keeper.setHistoryCount(store, assetOfKey(storeKey, HISTORY_COUNT_PREFIX), BigInt(Buffer.from(value).toString("utf8")));
}

/**
 * Version 2 did not count the window's ballots: the window the upgrade falls in takes the most any validator
 * counted, so every validator in the set since it began is judged at its end as version 2 would judge it.
 */
function migrateV2ToV3(store: KVStore, keeper: OracleKeeper): void {
  keeper.restoreWindowBallots(store);
}

/**
 * Version 1 kept ballot entries, revealed votes, miss counters and reward weights as JSON; each is read as
 * such and written back through the keeper in its binary form, under the same key. Prices text is parsed as
 * the version-1 tally read it (a reveal that no longer parses counts as a vote for nothing). Version 1 counted
 * misses over all assets only: those totals carry over and are still held to min_valid_per_window at the
 * window's end, and the per-asset counts start empty at the migration (a miss already counted cannot be
 * assigned to an asset), so the window the upgrade falls in judges per asset only the ballots after it.
 */
function migrateV1ToV2(store: KVStore, keeper: OracleKeeper): void {
  const json = <T>(prefix: Uint8Array) => store.iterate(prefix).map(([storeKey, value]) => ({ operator: storeKey.subarray(prefix.length), value: JSON.parse(Buffer.from(value).toString("utf8")) as T }));
  for (const { operator, value } of json<StoredBallotEntry>(BALLOT_PREFIX)) {
    // the entry moves into the one ballot record (version 4's layout: the keeper writes only the current one)
    store.delete(key(BALLOT_PREFIX, operator));
    keeper.setBallotEntry(store, operator, value);
  }
  for (const { operator, value } of json<StoredVote>(VOTE_PREFIX)) keeper.setVote(store, operator, value);
  // counters and weights move into version 5's tables, as the ballot entries above into version 4's record
  for (const { operator, value } of json<StoredMissCounter>(MISS_PREFIX)) {
    store.delete(key(MISS_PREFIX, operator));
    keeper.setMissCounter(store, operator, value);
  }
  for (const { operator, value } of json<StoredRewardWeight>(REWARD_WEIGHT_PREFIX)) {
    store.delete(key(REWARD_WEIGHT_PREFIX, operator));
    keeper.rewards.setWeight(store, operator, value);
  }
}
