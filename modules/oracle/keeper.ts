import { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { Context } from "../../app/context";
import { readJson, readParams, writeJson } from "../../app/json-state";
import { u64, utf8 } from "../../app/keys";
import { toHex } from "../../app/store/bytes";
import type { KVReader, KVStore } from "../../app/store/types";
import { toValoper } from "../../app/address";
import { DEC_DECIMALS, DEC_ONE, type Dec, decFromString, decToString } from "../../lib/fixed";
import { isInBand, sortVotes } from "../../lib/median";
import { ErrInvalidState, ErrPriceNotFound, ErrPriceStale, ErrUnknownAsset } from "./errors";
import * as events from "./events";
import type { OraclePunisher, ValidatorSet } from "./expected";
import {
  FEEDER_PREFIX,
  HISTORY_PREFIX,
  LAST_BALLOT_KEY,
  PARAMS_KEY,
  PREVOTE_PREFIX,
  PRICE_PREFIX,
  TALLY_PREFIX,
  VOTE_PREFIX,
  WINDOW_BALLOTS_KEY,
  assetOfKey,
  feederKey,
  historyCountKey,
  historyKey,
  historyPrefix,
  MISS_COUNTERS_KEY,
  prevoteKey,
  priceKey,
  tallyKey,
  voteKey,
} from "./keys";
import { DEFAULT_PARAMS, type OracleAsset, type OracleParams, validateParams } from "./params";
import { type RewardFunds, RewardKeeper } from "./rewards";
import { type AssetTally, type BlockTally, type IndexedVoter, tallyAssets } from "./tally";
import { formatPrices } from "./vote";
import {
  type AssetMissCount,
  type BallotLine,
  addMissCounts,
  operatorOrder,
  assetPositions,
  decodeAssetMissCounts,
  decodeBallot,
  decodeHistoryCount,
  decodeMissCounter,
  decodePriceEntries,
  decodePriceRecord,
  decodePricesAt,
  missCounterTemplate,
  decodeTallyRecord,
  decodeVote,
  encodeBallot,
  encodeHistoryCount,
  encodeMissCounter,
  encodePriceEntries,
  encodePriceRecord,
  encodeTallyRecord,
  encodeTime,
  encodeVote,
  type OperatorRow,
  operatorRow,
  readOperatorRows,
  updateOperatorRows,
  writeOperatorRows,
  type PriceRecord,
  type PriceRow,
  priceRowOf,
  priceRows,
  type TallyRecord,
} from "./codec";

const NS_PER_SECOND = 1_000_000_000n;

/** A tallied price as other modules read it: the value, and the block that set it. */
export interface OraclePrice {
  asset: string;
  price: Dec;
  height: bigint;
  timeNs: bigint;
}

export interface StoredPrevote {
  hash: string;
  period: number;
  submit_height: number;
}

export interface StoredVote {
  period: number;
  /** The prices revealed, as formatPrices writes them (asset order, no trailing zeros). */
  prices: string;
}

export interface StoredPrice {
  price: string;
  height: number;
  time_ns: string;
}

export interface StoredTally {
  asset: string;
  height: number;
  time_ns: string;
  period: number;
  passed: boolean;
  median: string;
  standard_deviation: string;
  band: string;
  voted_power: string;
  total_power: string;
  vote_threshold: string;
}

export interface StoredBallotEntry {
  power: string;
  /** The reveal counted in the last tally; null when the validator revealed nothing that period. */
  prices: string | null;
}

/** One validator's vote on one asset in the last tally, as queries show it. */
export interface BallotVoteView {
  validator: string;
  price: Dec;
  power: bigint;
  inBand: boolean;
}

/**
 * A validator's counted ballots and misses since it was last judged (this slash window, and those before it not
 * judged in: see endSlashWindow), over all assets; `assets`: the same per asset.
 */
export interface StoredMissCounter {
  misses: number;
  ballots: number;
  assets?: AssetMissCount[];
}

/** The vote period a height belongs to; a period's tally runs in its last block. */
export const votePeriodOf = (height: bigint, votePeriod: number) => Number(height / BigInt(votePeriod));

export class OracleKeeper {
  /** The reward pool's weights, books and payouts; `funds` wires it to bank (the app does, unit tests of the tally need not). */
  readonly rewards: RewardKeeper;

  constructor(private readonly staking: ValidatorSet, private readonly punisher: OraclePunisher, funds?: RewardFunds) {
    this.rewards = new RewardKeeper(funds);
  }

  params(state: KVReader): OracleParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: OracleParams): void {
    validateParams(params);
    const before = store.get(PARAMS_KEY) === undefined ? undefined : this.params(store).history_length;
    if (before !== undefined && before !== params.history_length) this.relayHistory(store, params.history_length);
    writeJson(store, PARAMS_KEY, params);
  }

  /**
   * Puts each asset's kept prices (the newest of them that fit) back in the slots the new history_length gives
   * their push numbers. Left in the old slots, the next pushes would overwrite newer prices than the ones they
   * leave (growing the ring) or sit beside stale slots past its end (shrinking it).
   */
  private relayHistory(store: KVStore, length: number): void {
    // In push order, read from the old length's slots (its params are not written yet), not sorted by height:
    // two tallies of one height would sort in slot order, which after a wrap is not the order they were pushed.
    for (const { asset, count } of this.historyEntries(store)) {
      const kept = [...this.newestHistory(store, asset)].reverse().slice(-length);
      for (const [storeKey] of store.iterate(historyPrefix(asset))) store.delete(storeKey);
      kept.forEach((point, i) => {
        const pushed = count - BigInt(kept.length) + BigInt(i);
        store.set(historyKey(asset, pushed % BigInt(length)), encodePriceRecord(Number(point.height), encodeTime(point.timeNs), point.price));
      });
    }
  }

  isWhitelisted(state: KVReader, asset: string): boolean {
    return this.params(state).assets.some((listed) => listed.name === asset);
  }

  /** The account allowed to vote for a validator: its delegate, or else the operator's own account (as in Terra). */
  feeder(state: KVReader, operator: Uint8Array): Uint8Array {
    return state.get(feederKey(operator)) ?? operator;
  }

  setFeeder(store: KVStore, operator: Uint8Array, feeder: Uint8Array): void {
    if (Buffer.from(feeder).equals(Buffer.from(operator))) store.delete(feederKey(operator));
    else store.set(feederKey(operator), feeder);
  }

  feederDelegations(state: KVReader): Array<{ operator: Uint8Array; feeder: Uint8Array }> {
    return state.iterate(FEEDER_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(FEEDER_PREFIX.length), feeder: value }));
  }

  prevote(state: KVReader, operator: Uint8Array): StoredPrevote | undefined {
    return readJson<StoredPrevote>(state, prevoteKey(operator));
  }

  setPrevote(store: KVStore, operator: Uint8Array, prevote: StoredPrevote): void {
    writeJson(store, prevoteKey(operator), { hash: prevote.hash, period: prevote.period, submit_height: prevote.submit_height });
  }

  deletePrevote(store: KVStore, operator: Uint8Array): void {
    store.delete(prevoteKey(operator));
  }

  prevotes(state: KVReader): Array<{ operator: Uint8Array; prevote: StoredPrevote }> {
    return state.iterate(PREVOTE_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(PREVOTE_PREFIX.length), prevote: parse<StoredPrevote>(value) }));
  }

  vote(state: KVReader, operator: Uint8Array): StoredVote | undefined {
    const bytes = state.get(voteKey(operator));
    return bytes === undefined ? undefined : voteView(decodeVote(bytes));
  }

  /** Kept in binary (codec.ts), parsed once here rather than by every tally; text that does not parse is a vote for nothing. */
  setVote(store: KVStore, operator: Uint8Array, vote: StoredVote): void {
    store.set(voteKey(operator), encodeVote(vote.period, encodePriceEntries(sortedEntries(pricesOf(vote.prices)))));
  }

  votes(state: KVReader): Array<{ operator: Uint8Array; vote: StoredVote }> {
    return state.iterate(VOTE_PREFIX).map(([storeKey, value]) => ({ operator: storeKey.subarray(VOTE_PREFIX.length), vote: voteView(decodeVote(value)) }));
  }

  /** The latest tallied price, however old. */
  storedPrice(state: KVReader, asset: string): StoredPrice | undefined {
    const bytes = state.get(priceKey(asset));
    return bytes === undefined ? undefined : priceView(decodePriceRecord(bytes));
  }

  storedPrices(state: KVReader): Array<{ asset: string; price: StoredPrice }> {
    return state.iterate(PRICE_PREFIX).map(([storeKey, value]) => ({ asset: assetOfKey(storeKey, PRICE_PREFIX), price: priceView(decodePriceRecord(value)) }));
  }

  /** Kept in binary (codec.ts): the price as its value, so its text reads back in the tally's form (no trailing zeros). */
  setStoredPrice(store: KVStore, asset: string, price: StoredPrice): void {
    store.set(priceKey(asset), priceRecordOf(price));
  }

  isStale(state: KVReader, price: StoredPrice, nowNs: bigint): boolean {
    return nowNs - BigInt(price.time_ns) > BigInt(this.params(state).max_price_age_seconds) * NS_PER_SECOND;
  }

  /**
   * PriceReader: the asset's latest price at block time `nowNs`. A price older than max_price_age is an
   * ErrPriceStale, never a silently old value.
   */
  price(state: KVReader, asset: string, nowNs: bigint): OraclePrice {
    if (!this.isWhitelisted(state, asset)) throw ErrUnknownAsset.wrap(`asset ${asset}`);
    const bytes = state.get(priceKey(asset));
    if (!bytes) throw ErrPriceNotFound.wrap(`asset ${asset}`);
    // the record's own values: no text between the store and the caller
    const stored = decodePriceRecord(bytes);
    const maxAgeSeconds = this.params(state).max_price_age_seconds;
    if (nowNs - stored.timeNs > BigInt(maxAgeSeconds) * NS_PER_SECOND) {
      const ageSeconds = (nowNs - stored.timeNs) / NS_PER_SECOND;
      throw ErrPriceStale.wrap(`price of ${asset} was set at height ${stored.height}, ${ageSeconds} s ago (max ${maxAgeSeconds} s)`);
    }
    return oraclePriceOf(asset, stored);
  }

  /**
   * PriceReader: tallied prices kept for the asset with a block time at or after `sinceNs`, oldest first. Read
   * backwards from the newest slot and stopped at the first older price (tallies are pushed in height and time
   * order), so a reader of a recent window parses that window, not all history_length prices.
   */
  history(state: KVReader, asset: string, sinceNs = 0n): OraclePrice[] {
    const out: OraclePrice[] = [];
    for (const point of this.newestHistory(state, asset)) {
      if (point.timeNs < sinceNs) break;
      out.push(point);
    }
    return out.reverse();
  }

  /**
   * PriceReader: the asset's kept prices newest first, one ring slot at a time (the slot of push number n is
   * n mod history_length), for readers that stop once they have what they need: readers of the last few tallies
   * run every block, and parsing the whole ring there costs history_length JSON reads per asset.
   */
  *newestHistory(state: KVReader, asset: string): Generator<OraclePrice, void, undefined> {
    const length = BigInt(this.params(state).history_length);
    const count = this.historyCount(state, asset);
    for (let back = 1n; back <= count && back <= length; back++) {
      const bytes = state.get(historyKey(asset, (count - back) % length));
      // a genesis may keep fewer prices than were pushed: the ring then holds only the newest of them
      if (bytes === undefined) return;
      yield oraclePriceOf(asset, decodePriceRecord(bytes));
    }
  }

  /** PriceReader: the oldest kept price (history()[0]), found from its slot without parsing the others. */
  oldestHistory(state: KVReader, asset: string): OraclePrice | undefined {
    const length = BigInt(this.params(state).history_length);
    const count = this.historyCount(state, asset);
    // a genesis that kept fewer prices than were pushed leaves the oldest slots empty: skipped unparsed
    for (let back = count < length ? count : length; back >= 1n; back--) {
      const bytes = state.get(historyKey(asset, (count - back) % length));
      if (bytes !== undefined) return oraclePriceOf(asset, decodePriceRecord(bytes));
    }
    return undefined;
  }

  historyCount(state: KVReader, asset: string): bigint {
    const bytes = state.get(historyCountKey(asset));
    return bytes === undefined ? 0n : decodeHistoryCount(bytes);
  }

  setHistoryCount(store: KVStore, asset: string, count: bigint): void {
    store.set(historyCountKey(asset), encodeHistoryCount(count));
  }

  /** One ring slot, as genesis import puts back the slots an export read. */
  setHistorySlot(store: KVStore, asset: string, slot: bigint, price: StoredPrice): void {
    store.set(historyKey(asset, slot), priceRecordOf(price));
  }

  pushHistory(store: KVStore, asset: string, price: StoredPrice): void {
    this.pushHistoryRecord(store, asset, priceRecordOf(price), this.params(store).history_length);
  }

  /** `record`: in codec.ts' form, as the tally already made it for the asset's price; `historyLength`: params' history_length. */
  private pushHistoryRecord(store: KVStore, asset: string, record: Uint8Array, historyLength: number): void {
    const count = this.historyCount(store, asset);
    store.set(historyKey(asset, count % BigInt(historyLength)), record);
    this.setHistoryCount(store, asset, count + 1n);
  }

  /** Every history entry with its ring slot, for genesis export. */
  historyEntries(state: KVReader): Array<{ asset: string; count: bigint; prices: StoredPrice[] }> {
    const byAsset = new Map<string, StoredPrice[]>();
    const assets: string[] = [];
    for (const [storeKey, value] of state.iterate(HISTORY_PREFIX)) {
      const asset = assetOfKey(storeKey, HISTORY_PREFIX);
      if (!byAsset.has(asset)) {
        byAsset.set(asset, []);
        assets.push(asset);
      }
      byAsset.get(asset)?.push(priceView(decodePriceRecord(value)));
    }
    return assets.map((asset) => ({
      asset,
      count: this.historyCount(state, asset),
      prices: (byAsset.get(asset) ?? []).sort((a, b) => a.height - b.height),
    }));
  }

  /**
   * The time-weighted average over [fromNs, toNs], rounded down, of `history`: the asset's kept tallies, oldest
   * first, or prices derived from them (the circuit's confirmed price at each tally, for settlement). Each
   * holds from its block time until the next one (the last until toNs). The history must reach back to fromNs,
   * and no price may be held longer than max_price_age inside the window: a gap in the feed is a stale
   * stretch, and the caller (settlement) must wait rather than average over it.
   */
  twapOf(state: KVReader, asset: string, history: readonly OraclePrice[], fromNs: bigint, toNs: bigint): Dec {
    if (toNs <= fromNs) throw ErrPriceNotFound.wrap(`empty TWAP window [${fromNs}, ${toNs}] of ${asset}`);
    const maxAge = BigInt(this.params(state).max_price_age_seconds) * NS_PER_SECOND;
    const points = history.filter((point) => point.timeNs <= toNs);
    if (points.length === 0 || points[0].timeNs > fromNs) {
      throw ErrPriceNotFound.wrap(`the kept history of ${asset} does not reach back to ${fromNs} ns (TWAP window start)`);
    }
    let weighted = 0n;
    for (let i = 0; i < points.length; i++) {
      const next = i + 1 < points.length ? points[i + 1].timeNs : toNs;
      if (next - points[i].timeNs > maxAge && next > fromNs) {
        throw ErrPriceStale.wrap(`price of ${asset} from height ${points[i].height} was held ${(next - points[i].timeNs) / NS_PER_SECOND} s inside the TWAP window`);
      }
      const start = points[i].timeNs > fromNs ? points[i].timeNs : fromNs;
      if (next > start) weighted += points[i].price * (next - start);
    }
    return weighted / (toNs - fromNs);
  }

  tally(state: KVReader, asset: string): StoredTally | undefined {
    const bytes = state.get(tallyKey(asset));
    return bytes === undefined ? undefined : tallyView(asset, decodeTallyRecord(bytes));
  }

  tallies(state: KVReader): StoredTally[] {
    return state.iterate(TALLY_PREFIX).map(([storeKey, value]) => tallyView(assetOfKey(storeKey, TALLY_PREFIX), decodeTallyRecord(value)));
  }

  /** Kept in binary (codec.ts): the decimals as values, read back in the tally's text form (no trailing zeros). */
  setTally(store: KVStore, tally: StoredTally): void {
    store.set(tallyKey(tally.asset), encodeTallyRecord(tallyRecordOf(tally)));
  }

  /** The kept ballot with each reveal as prices text (genesis' form). */
  lastBallot(state: KVReader): Array<{ operator: Uint8Array; entry: StoredBallotEntry }> {
    return this.ballotRecords(state).map(({ operator, power, prices }) => ({
      operator,
      entry: { power: power.toString(), prices: prices === null ? null : formatPrices(prices.map(([asset, price]) => ({ asset, price }))) },
    }));
  }

  /**
   * One validator's line of the kept ballot, added or replaced (genesis, migrations); a reveal text that no longer
   * parses is kept as a vote for nothing, as the tally counted it.
   */
  setBallotEntry(store: KVStore, operator: Uint8Array, entry: StoredBallotEntry): void {
    const line = { operator: Uint8Array.from(operator), power: BigInt(entry.power), prices: entry.prices === null ? null : encodePriceEntries(sortedEntries(pricesOf(entry.prices))) };
    const lines = this.ballotLines(store).filter((kept) => Buffer.compare(kept.operator, operator) !== 0);
    this.setBallotLines(store, [...lines, line]);
  }

  /** The kept ballot's lines in operator byte order (in which the record keeps them). */
  private ballotLines(state: KVReader): BallotLine[] {
    const bytes = state.get(LAST_BALLOT_KEY);
    return bytes === undefined ? [] : decodeBallot(bytes);
  }

  /** `lines` in any order; none: no record, as before any tally. */
  private setBallotLines(store: KVStore, lines: BallotLine[]): void {
    if (lines.length === 0) return store.delete(LAST_BALLOT_KEY);

    store.set(LAST_BALLOT_KEY, encodeBallot(operatorOrder(lines.map(({ operator }) => operator)).map((i) => lines[i])));
  }

  private ballotRecords(state: KVReader): Array<{ operator: Uint8Array; power: bigint; prices: Array<[string, Dec]> | null }> {
    return this.ballotLines(state).map(({ operator, power, prices }) => {
      const entries = prices === null ? null : decodePriceEntries(prices);
      if (typeof entries === "string") throw ErrInvalidState.wrap(`oracle ballot entry: ${entries}`);
      return { operator, power, prices: entries };
    });
  }

  /**
   * The asset's last tally with its votes (price order, as tallied) and absent validators (operator order),
   * rebuilt from the kept ballot: a vote is in the band exactly when the tally's median ± band holds it.
   */
  lastTallyView(state: KVReader, asset: string): { tally: StoredTally; votes: BallotVoteView[]; absent: string[] } | undefined {
    const bytes = state.get(tallyKey(asset));
    if (bytes === undefined) return undefined;
    const record = decodeTallyRecord(bytes);
    const tally = tallyView(asset, record);
    const votes: BallotVoteView[] = [];
    const absent: string[] = [];
    const median = tally.passed ? (record.median ?? 0n) : 0n;
    const band = tally.passed ? (record.band ?? 0n) : 0n;
    for (const { operator, power, prices } of this.ballotRecords(state)) {
      const validator = toValoper(operator);
      const price = prices?.find(([name]) => name === asset)?.[1];
      if (price === undefined) absent.push(validator);
      else votes.push({ validator, price, power, inBand: tally.passed && isInBand(price, median, band) });
    }
    const ordered = sortVotes(votes.map((vote) => ({ ...vote, voter: vote.validator })));
    return { tally, votes: ordered.map(({ validator, price, power, inBand }) => ({ validator, price, power, inBand })), absent };
  }

  /** The totals over all assets (the per-asset part is assetMissCounts). */
  missCounter(state: KVReader, operator: Uint8Array): StoredMissCounter {
    const bytes = operatorRow(this.missRows(state), operator);
    return bytes === undefined ? { misses: 0, ballots: 0 } : decodeMissCounter(bytes);
  }

  /** Per asset (in name order): the ballots of that asset counted this window, and those missed. */
  assetMissCounts(state: KVReader, operator: Uint8Array): AssetMissCount[] {
    const bytes = operatorRow(this.missRows(state), operator);
    return bytes === undefined ? [] : decodeAssetMissCounts(bytes);
  }

  setMissCounter(store: KVStore, operator: Uint8Array, counter: StoredMissCounter): void {
    const bytes = encodeMissCounter(counter.misses, counter.ballots, counter.assets);
    this.setMissRows(store, updateOperatorRows(this.missRows(store), [operator], () => bytes));
  }

  /**
   * Every validator's counter in encodeMissCounter's form, in operator order (one table since consensus version 5);
   * `copy`: views of a copy of the table, to add to in place.
   */
  private missRows(state: KVReader, copy = false): OperatorRow[] {
    return readOperatorRows(state, MISS_COUNTERS_KEY, "miss counters", copy);
  }

  private setMissRows(store: KVStore, rows: readonly OperatorRow[]): void {
    writeOperatorRows(store, MISS_COUNTERS_KEY, "miss counters", rows);
  }

  /** Ballots counted this slash window: the count of a validator that has been in the voter set since it began. */
  windowBallots(state: KVReader): number {
    const bytes = state.get(WINDOW_BALLOTS_KEY);
    return bytes === undefined ? 0 : Number(Buffer.from(bytes).readBigUInt64BE(0));
  }

  setWindowBallots(store: KVStore, ballots: number): void {
    store.set(WINDOW_BALLOTS_KEY, u64(ballots));
  }

  /**
   * For counters kept without the window's own count (state of consensus version 2, a genesis exported before
   * it): the most ballots any validator counted, so every validator that has counted them all is judged.
   */
  restoreWindowBallots(store: KVStore): void {
    const most = this.missCounters(store).reduce((max, { counter }) => Math.max(max, counter.ballots), 0);
    if (most > 0) this.setWindowBallots(store, most);
  }

  /** Every counter, totals and per asset (genesis exports them whole). */
  missCounters(state: KVReader): Array<{ operator: Uint8Array; counter: StoredMissCounter }> {
    return this.missRows(state).map(({ operator, value }) => ({ operator, counter: { ...decodeMissCounter(value), assets: decodeAssetMissCounts(value) } }));
  }

  /** Validators with power, in operator order: the only ones that may vote and the only ones counted. */
  activeVoters(state: KVReader): Array<{ operator: Uint8Array; validator: string; power: bigint }> {
    return this.staking.poweredValidators(state).map(({ operator, operatorAddress, power }) => ({ operator, validator: operatorAddress, power }));
  }

  /** Whether this height ends a vote period (its tally runs here), a reward period and a slash window. */
  periodEnds(state: KVReader, height: bigint): { period: boolean; reward: boolean; window: boolean } {
    const params = this.params(state);
    const ends = (blocks: number) => (height + 1n) % BigInt(blocks) === 0n;
    return { period: ends(params.vote_period), reward: ends(params.reward_period_blocks), window: ends(params.slash_window) };
  }

  /**
   * With vote extensions on, the tally ran in begin-block (tallyExtensions) and commit-reveal votes count for
   * nothing. Every block takes the pool's share of fees; the payout comes after the tally it pays for and
   * before the slash window jails anyone.
   */
  endBlock(ctx: Context, extensionsOn = false): void {
    const ends = this.periodEnds(ctx.store, ctx.height);
    if (!extensionsOn && ends.period) this.tallyPeriod(ctx);
    const params = this.params(ctx.store);
    this.rewards.fund(ctx, params);
    if (ends.reward) this.rewards.pay(ctx, params, this.activeVoters(ctx.store));
    if (ends.window) this.endSlashWindow(ctx);
  }

  /**
   * The end-of-period tally: every whitelisted asset's ballot, prices and history for those that pass, miss
   * counters over the ballots anyone voted in (see tallyAsset for who misses), then the period's votes and the prevotes that can no longer be revealed are cleared.
   * A reveal that cannot be parsed any more (the whitelist changed) counts as no vote; nothing here throws
   * for what a voter sent.
   */
  tallyPeriod(ctx: Context): AssetTally[] {
    const store = ctx.store;
    const params = this.params(store);
    const period = votePeriodOf(ctx.height, params.vote_period);
    const whitelist = assetPositions(params.assets.map((asset) => asset.name));
    const revealed = new Map<string, Ballot>();
    const reveals = store.iterate(VOTE_PREFIX);
    const newRow = priceRows(reveals.length, whitelist.count);
    for (const [storeKey, value] of reveals) {
      const vote = decodeVote(value);
      // a reveal may name assets delisted since: their prices are left out, not the whole reveal
      const prices = vote.period === period ? decodePricesAt(vote.prices, whitelist, "skip", newRow()) : undefined;
      if (prices !== undefined && typeof prices !== "string") revealed.set(toHex(storeKey.subarray(VOTE_PREFIX.length)), { prices, bytes: vote.prices });
      store.delete(storeKey);
    }
    const results = this.tallyBallots(ctx, revealed, params.slash_window / params.vote_period);
    // A prevote from this period is revealed in the next one; older ones can never be revealed.
    for (const { operator, prevote } of this.prevotes(store)) {
      if (prevote.period < period) this.deletePrevote(store, operator);
    }
    return results;
  }

  /**
   * Vote extensions: the same tally, every block, on the prices each validator signed into its precommit at
   * the previous height (`extended`: by operator address in hex, checked by ProcessProposal; a Map of prices,
   * or a Ballot: the extension's prices by whitelist position and its bytes, which the ballot keeps as they are). A validator without a
   * signed extension is absent, exactly as one that revealed nothing; one outside `inCommit` (operators in hex of
   * CometBFT's set at that height) could not have signed and is left out of the tally: no ballot, no miss.
   */
  tallyExtensions(ctx: Context, extended: ReadonlyMap<string, ReadonlyMap<string, Dec> | Ballot>, inCommit?: ReadonlySet<string>): AssetTally[] {
    const ballots = new Map<string, Ballot>();
    const { assets, slash_window } = this.params(ctx.store);
    for (const [operator, prices] of extended) ballots.set(operator, prices instanceof Map ? ballotOfMap(prices, assets) : (prices as Ballot));
    return this.tallyBallots(ctx, ballots, slash_window, inCommit);
  }

  /**
   * `ballots`: each voter's prices by operator address in hex. Every whitelisted asset is tallied in one pass
   * (tallyAssets); the ballot, miss counters and reward weights are written in their binary forms.
   * `talliesPerWindow`: how many of these a slash window holds, so a whole window's worth of ballots is that many
   * times the whitelist's length.
   */
  private tallyBallots(ctx: Context, ballots: ReadonlyMap<string, Ballot>, talliesPerWindow: number, inCommit?: ReadonlySet<string>): AssetTally[] {
    const store = ctx.store;
    const params = this.params(store);
    const period = votePeriodOf(ctx.height, params.vote_period);
    // each operator's hex made once (toHex reads the bytes in place: Buffer.from would copy them first)
    const active: Array<{ operator: Uint8Array; validator: string; power: bigint }> = [];
    const lines: BallotLine[] = [];
    const voters: IndexedVoter[] = [];
    for (const voter of this.activeVoters(store)) {
      const hex = toHex(voter.operator);
      if (inCommit && !inCommit.has(hex)) continue;
      const ballot = ballots.get(hex);
      active.push(voter);
      lines.push({ operator: voter.operator, power: voter.power, prices: ballot?.bytes ?? null });
      voters.push({ validator: voter.validator, power: voter.power, prices: ballot?.prices });
    }
    // the whole ballot in one record, replacing the last: validators no longer active drop out with it
    this.setBallotLines(store, lines);

    const tallied = tallyAssets(params.assets, voters, decFromString(params.reward_band), params.vote_quorum);
    const height = Number(ctx.height);
    // the block's time in the records' form, made once for its 50 tallies and prices
    const time = encodeTime(ctx.timeNs);
    tallied.results.forEach((result, a) => {
      const asset = params.assets[a];
      const ballot = result.ballot;
      const record: TallyRecord = { passed: result.passed, height, period, timeNs: ctx.timeNs, votedPower: result.votedPower, totalPower: result.totalPower, median: ballot?.median, standardDeviation: ballot?.standardDeviation, band: ballot?.band, voteThreshold: result.voteThreshold };
      store.set(tallyKey(asset.name), encodeTallyRecord(record, time));
      if (result.passed && ballot) {
        // the price and its history slot hold the same bytes
        const price = encodePriceRecord(height, time, ballot.median);
        store.set(priceKey(asset.name), price);
        this.pushHistoryRecord(store, asset.name, price, params.history_length);
        ctx.events.push(events.priceUpdated(asset.name, decText(ballot.median), params.quote_denom, decText(ballot.band), result.voteCount, result.outliers, result.absent.length));
      } else {
        ctx.events.push(events.ballotDropped(asset.name, result.votedPower, result.totalPower, asset.vote_threshold, params.vote_quorum));
      }
    });
    this.rewards.recordTally(store, active, tallied.inBand);
    if (tallied.countedBallots > 0) {
      const windowBallots = this.windowBallots(store) + tallied.countedBallots;
      this.setWindowBallots(store, windowBallots);
      // more ballots than the window has counted are carried from windows whose end found the validator out of the set
      const wholeWindow = talliesPerWindow * params.assets.length;
      const completesWindow = (ballots: number) => ballots > windowBallots && ballots >= wholeWindow;
      const byName = whitelistByName(params.assets);
      const template = missCounterTemplate(byName.map(({ asset }) => Buffer.from(asset, "utf8")));
      const missedByName = byName.map(({ index }) => tallied.assetMissed[index]);
      const rows = updateOperatorRows(
        this.missRows(store, true),
        active.map(({ operator }) => operator),
        (i, bytes) => {
          // a counter of every listed asset since the window began, the usual case, is added to in place
          const counter = bytes && addMissCounts(bytes, template, tallied.misses[i], tallied.countedBallots, missedByName, i) ? bytes : mergedMissCounter(bytes, tallied, byName, i);
          if (!completesWindow(decodeMissCounter(counter).ballots)) return counter;
          this.judge(ctx, params, active[i].operator, counter);
          return undefined;
        },
      );
      this.setMissRows(store, rows);
    }
    return tallied.results;
  }

  /**
   * Validators active now whose valid ballots this window fell below min_valid_per_window, for any one asset,
   * are punished (slashing decides the jail and caps it): otherwise a validator could skip the one asset that
   * is hard to price forever, at a miss rate over all assets that never reaches the bar (issue 11). The totals
   * are held to the bar too; over a window counted per asset from its start they are under it only when some
   * asset is, and they still carry the misses counted before the per-asset counts began (migrateOracle).
   * Ballots nobody voted in never counted, so a window in which no feeder got a vote through punishes nobody.
   *
   * A validator is judged on at least a window's worth of its own ballots, as the SDK's x/slashing judges
   * downtime only from a validator's start height plus the window. One that was a voter at every ballot the window
   * counted is judged at its end. Any other counter is carried into the next window: one that entered the set late
   * (its sidecar may have no prices yet) is judged only on ballots it was there for, and one that leaves the set
   * for a block of each window (a cheap rank swap at max_validators) only delays its judgment by the ballots it
   * was away for: the counter is also judged at the end of a later window it was in throughout, or in the tally
   * that brings it to a whole window's worth (tallyBallots), whichever comes first.
   * A carried counter is dropped once its validator is gone or has finished unbonding, so counters are bounded
   * by the voter set plus the validators still unbonding.
   */
  endSlashWindow(ctx: Context): number {
    const params = this.params(ctx.store);
    const windowBallots = this.windowBallots(ctx.store);
    const active = new Set(this.activeVoters(ctx.store).map(({ operator }) => Buffer.from(operator).toString("hex")));
    let punished = 0;
    const carried = this.missRows(ctx.store).filter(({ operator, value }) => {
      if (windowBallots > 0 && active.has(Buffer.from(operator).toString("hex")) && decodeMissCounter(value).ballots >= windowBallots) {
        if (this.judge(ctx, params, operator, value)) punished++;
        return false;
      }
      const record = this.staking.validator(ctx.store, operator);
      return record !== undefined && record.status !== BondStatus.BOND_STATUS_UNBONDED;
    });
    this.setMissRows(ctx.store, carried);
    ctx.store.delete(WINDOW_BALLOTS_KEY);
    ctx.events.push(events.slashWindowEnded(ctx.height, punished));
    return punished;
  }

  /** Holds one validator's counter to the bar and punishes it if under; the caller drops the counter, which starts again. */
  private judge(ctx: Context, params: OracleParams, operator: Uint8Array, counter: Uint8Array): boolean {
    const minValid = decFromString(params.min_valid_per_window);
    const underBar = ({ misses, ballots }: { misses: number; ballots: number }) => ballots > 0 && BigInt(ballots - misses) * DEC_ONE < minValid * BigInt(ballots);
    if (!underBar(decodeMissCounter(counter)) && !decodeAssetMissCounts(counter).some(underBar)) return false;
    this.punisher.punish(ctx, operator, { reason: "oracle", fraction: decFromString(params.slash_fraction), jailSeconds: params.jail_duration_seconds });
    return true;
  }
}

function parse<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8(bytes)) as T;
}

/** A Dec as the tally's records and events write it: no trailing zeros. */
function decText(value: Dec): string {
  return decToString(value, { trimZeros: true });
}

function priceView(record: PriceRecord): StoredPrice {
  return { price: decText(record.price), height: record.height, time_ns: record.timeNs.toString() };
}

function priceRecordOf(price: StoredPrice): Buffer {
  return encodePriceRecord(price.height, encodeTime(BigInt(price.time_ns)), decFromString(price.price));
}

function oraclePriceOf(asset: string, record: PriceRecord): OraclePrice {
  return { asset, price: record.price, height: BigInt(record.height), timeNs: record.timeNs };
}

function tallyView(asset: string, record: TallyRecord): StoredTally {
  const dec = (value: Dec | undefined) => (value === undefined ? "" : decText(value));
  return {
    asset,
    height: record.height,
    time_ns: record.timeNs.toString(),
    period: record.period,
    passed: record.passed,
    median: dec(record.median),
    standard_deviation: dec(record.standardDeviation),
    band: dec(record.band),
    voted_power: record.votedPower.toString(),
    total_power: record.totalPower.toString(),
    vote_threshold: record.voteThreshold,
  };
}

/** A tally in its text form (genesis, the version-3 migration) as the record holds it: an empty decimal is none. */
function tallyRecordOf(tally: StoredTally): TallyRecord {
  const dec = (text: string) => (text === "" ? undefined : decFromString(text));
  return {
    passed: tally.passed,
    height: tally.height,
    period: tally.period,
    timeNs: BigInt(tally.time_ns),
    votedPower: BigInt(tally.voted_power),
    totalPower: BigInt(tally.total_power),
    median: dec(tally.median),
    standardDeviation: dec(tally.standard_deviation),
    band: dec(tally.band),
    voteThreshold: tally.vote_threshold,
  };
}

/**
 * Prices of a reveal's text, parsed once when it is stored (reveals, genesis, the version-1 migration); a
 * reveal was validated by parsePrices, so only what a genesis could hold is checked. Anything unreadable
 * counts as a vote for nothing, never a halt.
 */
function pricesOf(text: string): ReadonlyMap<string, Dec> {
  const prices = new Map<string, Dec>();
  if (text === "") return prices;
  try {
    for (const pair of text.split(",")) {
      const colon = pair.indexOf(":");
      const value = pair.slice(colon + 1);
      const dot = value.indexOf(".");
      const price = dot < 0 ? BigInt(value) * DEC_ONE : BigInt(value.slice(0, dot) + value.slice(dot + 1).padEnd(DEC_DECIMALS, "0"));
      // parsePrices refuses these at reveal; a genesis could still hold one, and no price is ≤ 0
      if (price <= 0n) return new Map();
      prices.set(pair.slice(0, colon), price);
    }
  } catch {
    return new Map();
  }
  return prices;
}

/** A voter's prices for the tally, by whitelist position, and in the form the ballot keeps (codec.ts). */
export interface Ballot {
  prices: PriceRow;
  bytes: Uint8Array;
}

function voteView(vote: { period: number; prices: Uint8Array }): StoredVote {
  const entries = decodePriceEntries(vote.prices);
  if (typeof entries === "string") throw ErrInvalidState.wrap(`oracle vote: ${entries}`);
  return { period: vote.period, prices: formatPrices(entries.map(([asset, price]) => ({ asset, price }))) };
}

function sortedEntries(prices: ReadonlyMap<string, Dec>): Array<[string, Dec]> {
  return [...prices].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function ballotOfMap(prices: ReadonlyMap<string, Dec>, assets: readonly OracleAsset[]): Ballot {
  const entries = sortedEntries(prices);
  return { prices: priceRowOf(byAssetIndex(entries, whitelistIndex(assets), assets.length)), bytes: encodePriceEntries(entries) };
}

/** Asset name → position in the whitelist. */
function whitelistIndex(assets: readonly OracleAsset[]): Map<string, number> {
  return new Map(assets.map((asset, i) => [asset.name, i]));
}

/** A voter's prices by whitelist position; assets no longer listed are left out. */
function byAssetIndex(entries: ReadonlyArray<readonly [string, Dec]>, index: ReadonlyMap<string, number>, count: number): Array<Dec | undefined> {
  const out = new Array<Dec | undefined>(count).fill(undefined);
  for (const [asset, price] of entries) {
    const at = index.get(asset);
    if (at !== undefined) out[at] = price;
  }
  return out;
}

/** Whitelist positions by asset name, in name order (the order a miss counter keeps its assets in). */
function whitelistByName(assets: readonly OracleAsset[]): Array<{ asset: string; index: number }> {
  return assets.map(({ name }, index) => ({ asset: name, index })).sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}

/**
 * Voter `voter`'s counter (`before`: undefined when it has none) after this block's tally, decoded, merged and
 * encoded again: the path of any counter addMissCounts does not add to in place.
 */
function mergedMissCounter(before: Uint8Array | undefined, tallied: BlockTally, byName: ReadonlyArray<{ asset: string; index: number }>, voter: number): Buffer {
  const counter = before === undefined ? { misses: 0, ballots: 0 } : decodeMissCounter(before);
  const assets = addAssetMisses(before === undefined ? [] : decodeAssetMissCounts(before), byName, tallied.assetMissed, voter);
  return encodeMissCounter(counter.misses + tallied.misses[voter], counter.ballots + tallied.countedBallots, assets);
}

/**
 * Voter `voter`'s per-asset counts after this block's tally: one more ballot and its miss for each asset whose
 * ballot counted. Only whitelisted assets are kept, so a counter never holds more than the whitelist's maximum;
 * an asset governance removed mid-window drops out (its misses stay in the totals).
 */
function addAssetMisses(before: readonly AssetMissCount[], byName: ReadonlyArray<{ asset: string; index: number }>, assetMissed: ReadonlyArray<Uint8Array | undefined>, voter: number): AssetMissCount[] {
  const out: AssetMissCount[] = [];
  let b = 0;
  for (const { asset, index } of byName) {
    while (b < before.length && before[b].asset < asset) b++;
    const previous = b < before.length && before[b].asset === asset ? before[b] : undefined;
    const missed = assetMissed[index];
    const misses = (previous?.misses ?? 0) + (missed?.[voter] ?? 0);
    const ballots = (previous?.ballots ?? 0) + (missed === undefined ? 0 : 1);
    if (ballots > 0) out.push({ asset, misses, ballots });
  }
  return out;
}
