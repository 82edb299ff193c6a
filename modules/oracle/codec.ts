// Binary forms of the oracle's per-block records. Every block writes one ballot entry, miss counter and reward
// weight per active validator (binary since consensus version 2; each kind in one table since versions 4 and 5),
// and each asset's tally, price and history slot (since version 4): written as JSON with decimal text they were most of the tally's cost. Every form here has
// exactly one encoding of each value, so all nodes write the same bytes.
import type { KVReader, KVStore } from "../../app/store/types";
import { ErrInvalidState } from "./errors";

/**
 * Prices by asset, in the wire form of a VoteExtensionPrices message (proto/optchain/oracle/v1): entries
 * `{1: asset, 2: price as minimal big-endian bytes}` in strictly increasing asset order. It is what
 * encodeVoteExtension writes, so a block's extensions go into the ballot as they were signed.
 */
export function encodePriceEntries(entries: ReadonlyArray<readonly [string, bigint]>): Buffer {
  const names = entries.map(([asset]) => nameBytes(asset));
  const prices = entries.map(([, price]) => chunks48(price));
  const priceLengths = prices.map(byteLength);
  let length = 0;
  for (let i = 0; i < entries.length; i++) {
    const inner = 2 + varintLength(names[i].length) + names[i].length + varintLength(priceLengths[i]) + priceLengths[i];
    length += 1 + varintLength(inner) + inner;
  }
  const out = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < entries.length; i++) {
    const name = names[i];
    const priceLength = priceLengths[i];
    out[pos++] = 0x0a;
    pos = putVarint(out, pos, 2 + varintLength(name.length) + name.length + varintLength(priceLength) + priceLength);
    out[pos++] = 0x0a;
    pos = putVarint(out, pos, name.length);
    pos += name.copy(out, pos);
    out[pos++] = 0x12;
    pos = putVarint(out, pos, priceLength);
    pos = putChunks(out, pos, prices[i], priceLength);
  }
  return out;
}

/**
 * The entries of encodePriceEntries' form, or why the bytes are not in it: any other field, order, padding,
 * an empty name, an empty or zero-led price is refused, so only the one encoding of a set of prices passes.
 * The names are not checked here: the caller holds them to its whitelist.
 */
export function decodePriceEntries(bytes: Uint8Array): Array<[string, bigint]> | string {
  const out: Array<[string, bigint]> = [];
  const entry: EntryCursor = { pos: 0, end: 0, nameFrom: 0, nameTo: 0 };
  while (entry.pos < bytes.length) {
    const refused = readEntryName(bytes, entry);
    if (refused !== undefined) return refused;
    const name = nameOf(bytes, entry.nameFrom, entry.nameTo);
    if (name === undefined) return `byte ${entry.nameFrom}: asset name is not UTF-8`;
    if (out.length > 0 && !(out[out.length - 1][0] < name)) return `asset ${name} out of order or repeated`;
    const priceRefused = readEntryPrice(bytes, entry);
    if (priceRefused !== undefined) return priceRefused;
    out.push([name, bytesBigint(bytes, entry.pos, entry.end)]);
    entry.pos = entry.end;
  }
  return out;
}

/**
 * One entry of the framing both price decoders accept, the one layout encodePriceEntries writes, read in two steps
 * so that a decoder judges the name before the price is read: readEntryName from `pos` (an entry's first byte)
 * sets the entry's `end` and its name bytes [nameFrom, nameTo); readEntryPrice then leaves `pos` at the price, a
 * minimal big-endian integer ending at `end`. Each gives why the bytes are refused, or undefined. No closure or
 * object per entry: 5,000 entries are read every block.
 */
interface EntryCursor {
  pos: number;
  end: number;
  nameFrom: number;
  nameTo: number;
}

function readEntryName(bytes: Uint8Array, entry: EntryCursor): string | undefined {
  let pos = entry.pos;
  if (bytes[pos++] !== 0x0a) return `byte ${pos - 1}: not a price entry`;
  // every length of a real extension is one varint byte (under 128): read in place, readVarint for the rest
  let innerLength = bytes[pos];
  if (innerLength < 0x80) pos++;
  else {
    const inner = readVarint(bytes, pos);
    if (inner === undefined) return `byte ${pos}: bad length`;
    pos = inner.next;
    innerLength = inner.value;
  }
  const end = pos + innerLength;
  if (!(end <= bytes.length)) return `byte ${pos}: entry past the end`;
  if (bytes[pos++] !== 0x0a) return `byte ${pos - 1}: entry without an asset first`;
  const nameAt = pos;
  let nameLength = bytes[pos];
  if (nameLength < 0x80) pos++;
  else {
    const name = readVarint(bytes, pos);
    if (name === undefined) return `byte ${pos}: bad asset length`;
    pos = name.next;
    nameLength = name.value;
  }
  if (!(nameLength > 0)) return `byte ${nameAt}: bad asset length`;
  const nameEnd = pos + nameLength;
  if (nameEnd > end) return `byte ${pos}: asset past its entry`;
  entry.end = end;
  entry.nameFrom = pos;
  entry.nameTo = nameEnd;
  return undefined;
}

function readEntryPrice(bytes: Uint8Array, entry: EntryCursor): string | undefined {
  const end = entry.end;
  let pos = entry.nameTo;
  if (bytes[pos++] !== 0x12 || pos > end) return `byte ${pos - 1}: entry without a price after its asset`;
  const priceAt = pos;
  let priceLength = bytes[pos];
  if (priceLength < 0x80) pos++;
  else {
    const price = readVarint(bytes, pos);
    if (price === undefined) return `byte ${pos}: bad price length`;
    pos = price.next;
    priceLength = price.value;
  }
  if (!(priceLength > 0)) return `byte ${priceAt}: bad price length`;
  if (pos + priceLength !== end) return `byte ${pos}: price does not end its entry`;
  if (bytes[pos] === 0) return `price at byte ${pos} is not a minimal positive integer`;
  entry.pos = pos;
  return undefined;
}

/**
 * A voter's prices by whitelist position, in the form the tally computes on without a bigint per price: price =
 * high × 2^48 + low, both integers that doubles hold exactly (low < 2^48, high < 2^53, so prices under 2^101);
 * high is -1 where the voter has no price. A price the two cannot hold (2^101 or more, or below 0) is in `wide`,
 * at its position, with high = Infinity there.
 */
export interface PriceRow {
  high: Float64Array;
  low: Float64Array;
  wide?: Array<bigint | undefined>;
}

/** The first price a PriceRow's two doubles cannot hold. */
export const LIMB_LIMIT = 1n << 101n;

export function emptyPriceRow(count: number): PriceRow {
  return { high: new Float64Array(count).fill(-1), low: new Float64Array(count) };
}

/**
 * Empty rows of `count` prices for a block's `rows` ballots, cut from one buffer: a Float64Array of a whitelist's
 * length lives outside the V8 heap, and allocating two per voter (200 a block) cost more than decoding into them.
 * Rows past `rows` are allocated on their own.
 */
export function priceRows(rows: number, count: number): () => PriceRow {
  const arena = new Float64Array(2 * rows * count);
  let next = 0;
  return () => {
    if (next >= rows) return emptyPriceRow(count);
    const at = 2 * count * next++;
    return { high: arena.subarray(at, at + count).fill(-1), low: arena.subarray(at + count, at + 2 * count) };
  };
}

export function setRowPrice(row: PriceRow, at: number, price: bigint): void {
  if (price >= 0n && price < LIMB_LIMIT) {
    row.high[at] = Number(price >> 48n);
    row.low[at] = Number(price & MASK_48);
  } else {
    row.high[at] = Infinity;
    row.low[at] = 0;
    (row.wide ??= [])[at] = price;
  }
}

/** The row of prices given by position (undefined: none). */
export function priceRowOf(prices: ReadonlyArray<bigint | undefined>): PriceRow {
  const row = emptyPriceRow(prices.length);
  prices.forEach((price, at) => price !== undefined && setRowPrice(row, at, price));
  return row;
}

/** A whitelist as decodePricesAt reads it: the names' bytes in byte order, each with its whitelist position. */
export interface AssetPositions {
  /** How many assets the whitelist holds: the length of each decoded price array. */
  count: number;
  names: Buffer[];
  positions: number[];
}

/** `assets`: the whitelist's names in its own order (params' ASSET_NAME, so ASCII: byte order is string order). */
export function assetPositions(assets: readonly string[]): AssetPositions {
  const bytes = assets.map(nameBytes);
  const order = assets.map((_, i) => i).sort((i, j) => compareBytesInJs(bytes[i], bytes[j]));
  return { count: assets.length, names: order.map((i) => bytes[i]), positions: order };
}

/**
 * decodePriceEntries held to a whitelist, for the 100 extensions of every block: the same one encoding is
 * accepted, every name must be listed, and the prices come out at their whitelist positions with no name
 * text built. Names in strictly increasing order are matched by one walk along the sorted whitelist, so an
 * unlisted, repeated or out-of-order name finds no match and refuses the whole extension, as
 * decodePriceEntries' order check and the caller's whitelist check together do.
 *
 * `unlisted: "skip"` is the reveal's rule instead (the whitelist may have changed since it was stored): what
 * decodePriceEntries refuses is refused, and an unlisted name's price is left out. An unlisted name's order is
 * then checked against the name before it; byte order is string order for ASCII names, and a name with other
 * bytes is read as text (and refused unless UTF-8), so the refusals are decodePriceEntries' own. A listed name
 * needs no check: the walk only finds whitelist names past every one it has passed, so it found one after the
 * name before, in bytes and, as the whitelist's names are ASCII (params' ASSET_NAME), as text too.
 * `out`: an empty row of the whitelist's length (priceRows) to decode into; on a refusal it holds part of the input.
 */
export function decodePricesAt(bytes: Uint8Array, whitelist: AssetPositions, unlisted: "refuse" | "skip" = "refuse", out: PriceRow = emptyPriceRow(whitelist.count)): PriceRow | string {
  const skip = unlisted === "skip";
  const { names, positions } = whitelist;
  let next = 0;
  let previousFrom = -1;
  let previousTo = -1;
  const entry: EntryCursor = { pos: 0, end: 0, nameFrom: 0, nameTo: 0 };
  while (entry.pos < bytes.length) {
    const refused = readEntryName(bytes, entry);
    if (refused !== undefined) return refused;
    const from = entry.nameFrom;
    const to = entry.nameTo;
    let order = -1;
    while (next < names.length && (order = compareName(names[next], bytes, from, to)) < 0) next++;
    let at = -1;
    if (order === 0) {
      at = positions[next++];
    } else if (!skip) {
      return `byte ${from}: asset not whitelisted, out of order or repeated`;
    } else {
      const unordered = nameOrderRefusal(bytes, previousFrom, previousTo, from, to);
      if (unordered !== undefined) return unordered;
    }
    previousFrom = from;
    previousTo = to;
    const priceRefused = readEntryPrice(bytes, entry);
    if (priceRefused !== undefined) return priceRefused;
    const priceFrom = entry.pos;
    const priceTo = entry.end;
    entry.pos = priceTo;
    if (at < 0) continue;
    // 13 bytes fit when the top one is under 0x20: 5 + 48 bits of high part
    if (priceTo - priceFrom <= 12 || (priceTo - priceFrom === 13 && bytes[priceFrom] < 0x20)) {
      const split = Math.max(priceFrom, priceTo - 6);
      let high = 0;
      for (let j = priceFrom; j < split; j++) high = high * 256 + bytes[j];
      let low = 0;
      for (let j = split; j < priceTo; j++) low = low * 256 + bytes[j];
      out.high[at] = high;
      out.low[at] = low;
    } else {
      setRowPrice(out, at, bytesBigint(bytes, priceFrom, priceTo));
    }
  }
  return out;
}

/** Why the name at [from, to) may not follow the one at [previousFrom, previousTo) (none before: -1), as decodePriceEntries judges it. */
function nameOrderRefusal(bytes: Uint8Array, previousFrom: number, previousTo: number, from: number, to: number): string | undefined {
  const ascii = isAscii(bytes, from, to);
  if (!ascii && nameOf(bytes, from, to) === undefined) return `byte ${from}: asset name is not UTF-8`;
  if (previousFrom < 0) return undefined;
  let before: boolean;
  if (ascii && isAscii(bytes, previousFrom, previousTo)) {
    const length = Math.min(previousTo - previousFrom, to - from);
    let i = 0;
    while (i < length && bytes[previousFrom + i] === bytes[from + i]) i++;
    before = i < length ? bytes[previousFrom + i] < bytes[from + i] : previousTo - previousFrom < to - from;
  } else {
    before = (nameOf(bytes, previousFrom, previousTo) as string) < (nameOf(bytes, from, to) as string);
  }
  return before ? undefined : `byte ${from}: asset out of order or repeated`;
}

function isAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** The sign of Buffer.compare(name, bytes[from, to)), without a view of the bytes. */
function compareName(name: Uint8Array, bytes: Uint8Array, from: number, to: number): number {
  const length = Math.min(name.length, to - from);
  for (let i = 0; i < length; i++) if (name[i] !== bytes[from + i]) return name[i] < bytes[from + i] ? -1 : 1;
  return name.length - (to - from);
}

/** A revealed vote: [vote period: u64][prices in encodePriceEntries form] */
export function encodeVote(period: number, prices: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(8 + prices.length);
  out.writeBigUInt64BE(BigInt(period), 0);
  out.set(prices, 8);
  return out;
}

export function decodeVote(bytes: Uint8Array): { period: number; prices: Uint8Array } {
  const buf = asBuffer(bytes);
  if (buf.length < 8) throw ErrInvalidState.wrap("oracle vote");
  return { period: Number(buf.readBigUInt64BE(0)), prices: buf.subarray(8) };
}

/** A ballot entry: the validator's power then, and its prices (null: no vote that period). */
export interface BallotRecord {
  power: bigint;
  prices: Uint8Array | null;
}

/** [0 | 1: voted][power: u64][prices in encodePriceEntries form, when voted] */
export function encodeBallotEntry(power: bigint, prices: Uint8Array | null): Buffer {
  const out = Buffer.allocUnsafe(9 + (prices?.length ?? 0));
  putBallotEntry(out, 0, power, prices);
  return out;
}

function putBallotEntry(out: Buffer, at: number, power: bigint, prices: Uint8Array | null): void {
  out[at] = prices === null ? 0 : 1;
  out.writeBigUInt64BE(power, at + 1);
  if (prices !== null) out.set(prices, at + 9);
}

export function decodeBallotEntry(bytes: Uint8Array): BallotRecord {
  const buf = asBuffer(bytes);
  if (buf.length < 9 || buf[0] > 1 || (buf[0] === 0 && buf.length !== 9)) throw ErrInvalidState.wrap("oracle ballot entry");
  return { power: buf.readBigUInt64BE(1), prices: buf[0] === 0 ? null : buf.subarray(9) };
}

/** A validator's line of the last ballot: its operator address, its power then, and its prices (null: no vote). */
export interface BallotLine extends BallotRecord {
  operator: Uint8Array;
}

/** A validator's row in a table of per-validator records: its operator address and its record's bytes. */
export interface OperatorRow {
  operator: Uint8Array;
  value: Uint8Array;
}

/**
 * Per-validator records of one kind in one store record: per validator, in strictly increasing operator byte
 * order, [operator length: u8][operator][record length: u32][record]. The last ballot (consensus version 4), the
 * miss counters and the reward weights (version 5) are kept so: a tally reads and writes each table once, not
 * once per validator (their per-validator reads and writes were a fifth of the tally). A table holds the
 * validators with a record (the voter set, and for miss counters those still unbonding); one with no rows is not
 * stored, so empty bytes are refused too.
 */
export function encodeOperatorRows(rows: readonly OperatorRow[], table: string): Buffer {
  return encodeRows(rows, table, (row) => row.value.length, (out, at, row) => {
    out.set(row.value, at);
  });
}

/**
 * encodeOperatorRows' form of rows whose records are written in place (`length` bytes at `at`): a table's bytes
 * made in one buffer, with no buffer per record.
 */
function encodeRows<Row extends { operator: Uint8Array }>(rows: readonly Row[], table: string, length: (row: Row) => number, write: (out: Buffer, at: number, row: Row) => void): Buffer {
  if (rows.length === 0) throw ErrInvalidState.wrap(`oracle ${table}: no rows (an empty table is not stored)`);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const operator = rows[i].operator;
    if (operator.length === 0 || operator.length > 0xff || (i > 0 && compareBytesInJs(rows[i - 1].operator, operator) >= 0)) throw ErrInvalidState.wrap(`oracle ${table}: operators empty, too long, out of order or repeated`);
    total += 1 + operator.length + 4 + length(rows[i]);
  }
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (const row of rows) {
    const operator = row.operator;
    const size = length(row);
    out[pos++] = operator.length;
    out.set(operator, pos);
    pos = out.writeUInt32BE(size, pos + operator.length);
    write(out, pos, row);
    pos += size;
  }
  return out;
}

/** encodeOperatorRows' rows, each record a view of `bytes`; what the record holds is for its own decoder to check. */
export function decodeOperatorRows(bytes: Uint8Array, table: string): OperatorRow[] {
  const buf = asBuffer(bytes);
  if (buf.length === 0) throw ErrInvalidState.wrap(`oracle ${table}: no rows (an empty table is not stored)`);
  const out: OperatorRow[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const operatorLength = buf[pos++];
    const valueAt = pos + operatorLength;
    if (operatorLength === 0 || valueAt + 4 > buf.length) throw ErrInvalidState.wrap(`oracle ${table}: bad row at byte ${pos - 1}`);
    const operator = buf.subarray(pos, valueAt);
    const end = valueAt + 4 + buf.readUInt32BE(valueAt);
    if (end > buf.length || (out.length > 0 && compareBytesInJs(out[out.length - 1].operator, operator) >= 0)) throw ErrInvalidState.wrap(`oracle ${table}: bad row at byte ${pos - 1}`);
    out.push({ operator, value: buf.subarray(valueAt + 4, end) });
    pos = end;
  }
  return out;
}

/**
 * The table stored at `storeKey`: no rows when there is none. `copy`: the records are views of a copy of the
 * table, the caller's to write to in place (the stored bytes are the store's).
 */
export function readOperatorRows(state: KVReader, storeKey: Uint8Array, table: string, copy = false): OperatorRow[] {
  const bytes = state.get(storeKey);
  return bytes === undefined ? [] : decodeOperatorRows(copy ? Buffer.from(bytes) : bytes, table);
}

/** The table at `storeKey` replaced by `rows`; with none, no record (and no write when there was none). */
export function writeOperatorRows(store: KVStore, storeKey: Uint8Array, table: string, rows: readonly OperatorRow[]): void {
  if (rows.length > 0) store.set(storeKey, encodeOperatorRows(rows, table));
  else if (store.has(storeKey)) store.delete(storeKey);
}

/**
 * Buffer.compare's order, in JS: a tally's ~1,000 comparisons of 20-byte operators (and ~250 of asset names)
 * were each a call into C++, which cost more than the loop, as operators mostly differ in their first bytes.
 */
export function compareBytesInJs(a: Uint8Array, b: Uint8Array): number {
  return compareName(a, b, 0, b.length);
}

/** The record of `operator` in rows of encodeOperatorRows' order, found by bisection; undefined when it has none. */
export function operatorRow(rows: readonly OperatorRow[], operator: Uint8Array): Uint8Array | undefined {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareBytesInJs(rows[middle].operator, operator);
    if (order === 0) return rows[middle].value;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return undefined;
}

/** Indices of `operators` in byte order: as they are when they come sorted (as the voter set does), else sorted. */
export function operatorOrder(operators: readonly Uint8Array[]): number[] {
  const order = operators.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < operators.length && sorted; i++) sorted = compareBytesInJs(operators[i - 1], operators[i]) < 0;
  return sorted ? order : order.sort((i, j) => compareBytesInJs(operators[i], operators[j]));
}

/**
 * `rows` with the record of each of `operators` (distinct) replaced by update(its index, its record or undefined
 * when it has none): undefined drops it. The other rows are kept as they are, and the order with them. Each
 * operator is updated once, in operator byte order (their input order when they come sorted, as the voter set does).
 */
export function updateOperatorRows(rows: readonly OperatorRow[], operators: readonly Uint8Array[], update: (index: number, value: Uint8Array | undefined) => Uint8Array | undefined): OperatorRow[] {
  const order = operatorOrder(operators);
  const out: OperatorRow[] = [];
  let r = 0;
  for (const i of order) {
    const operator = operators[i];
    let position = -1;
    while (r < rows.length && (position = compareBytesInJs(rows[r].operator, operator)) < 0) out.push(rows[r++]);
    const existing = position === 0 ? rows[r++].value : undefined;
    const value = update(i, existing);
    if (value !== undefined) out.push({ operator, value });
  }
  while (r < rows.length) out.push(rows[r++]);
  return out;
}

/**
 * The last tally's ballot, every validator active then, in one record (consensus version 4; an entry per
 * validator before): an encodeOperatorRows table of entries in encodeBallotEntry's form. One write a block
 * instead of one per validator, and no walk over the previous block's entries to drop those of validators that left.
 */
export function encodeBallot(lines: readonly BallotLine[]): Buffer {
  return encodeRows(lines, "ballot", ({ prices }) => 9 + (prices?.length ?? 0), (out, at, { power, prices }) => putBallotEntry(out, at, power, prices));
}

export function decodeBallot(bytes: Uint8Array): BallotLine[] {
  return decodeOperatorRows(bytes, "ballot").map(({ operator, value }) => ({ operator, ...decodeBallotEntry(value) }));
}

/** One asset's share of a miss counter: the counted ballots of that asset this window, and those missed. */
export interface AssetMissCount {
  asset: string;
  misses: number;
  ballots: number;
}

/**
 * [misses: u32][ballots: u32] (all assets), then per asset in strictly increasing name order:
 * [name length: u8][name][misses: u32][ballots: u32]. Assets are the whitelist's (at most 100 names of at most
 * 32 ASCII bytes), so a counter stays under 4.5 KB.
 */
export function encodeMissCounter(misses: number, ballots: number, assets: readonly AssetMissCount[] = []): Buffer {
  const names = assets.map(({ asset }) => nameBytes(asset));
  let length = 8;
  for (let i = 0; i < assets.length; i++) {
    if (names[i].length === 0 || names[i].length > 255 || (i > 0 && !(assets[i - 1].asset < assets[i].asset))) {
      throw ErrInvalidState.wrap(`oracle miss counter: asset ${JSON.stringify(assets[i].asset)} empty, too long, out of order or repeated`);
    }
    length += 9 + names[i].length;
  }
  const out = Buffer.allocUnsafe(length);
  out.writeUInt32BE(misses, 0);
  out.writeUInt32BE(ballots, 4);
  let pos = 8;
  for (let i = 0; i < assets.length; i++) {
    out[pos++] = names[i].length;
    pos += names[i].copy(out, pos);
    pos = out.writeUInt32BE(assets[i].misses, pos);
    pos = out.writeUInt32BE(assets[i].ballots, pos);
  }
  return out;
}

/** The totals alone (what the queries and most readers need), without reading the per-asset part. */
export function decodeMissCounter(bytes: Uint8Array): { misses: number; ballots: number } {
  const buf = asBuffer(bytes);
  if (buf.length < 8) throw ErrInvalidState.wrap("oracle miss counter");
  return { misses: buf.readUInt32BE(0), ballots: buf.readUInt32BE(4) };
}

/** The per-asset part of encodeMissCounter's form; anything but its one encoding is refused. */
export function decodeAssetMissCounts(bytes: Uint8Array): AssetMissCount[] {
  const buf = asBuffer(bytes);
  if (buf.length < 8) throw ErrInvalidState.wrap("oracle miss counter");
  const out: AssetMissCount[] = [];
  let pos = 8;
  while (pos < buf.length) {
    const nameLength = buf[pos++];
    const asset = nameLength === 0 || pos + nameLength + 8 > buf.length ? undefined : nameOf(buf, pos, pos + nameLength);
    if (asset === undefined || (out.length > 0 && !(out[out.length - 1].asset < asset))) throw ErrInvalidState.wrap(`oracle miss counter: bad asset entry at byte ${pos - 1}`);
    pos += nameLength;
    out.push({ asset, misses: buf.readUInt32BE(pos), ballots: buf.readUInt32BE(pos + 4) });
    pos += 8;
  }
  return out;
}

/**
 * encodeMissCounter's form of a counter that lists exactly `names` (the whitelist's name bytes in name order),
 * every count 0: what addMissCounts holds each counter's lengths and names to, four bytes at a time.
 */
export function missCounterTemplate(names: readonly Buffer[]): DataView {
  let length = 8;
  for (const name of names) length += 9 + name.length;
  const bytes = new Uint8Array(length);
  let pos = 8;
  for (const name of names) {
    bytes[pos++] = name.length;
    bytes.set(name, pos);
    pos += name.length + 8;
  }
  return new DataView(bytes.buffer);
}

/**
 * A block's tally added in place to a counter in encodeMissCounter's form that lists exactly the names of
 * `template` (missCounterTemplate), each with some ballot counted: the bytes become what re-encoding the merged
 * counts writes. `assetMissed[k]` is the k-th name's ballot this block (undefined: it did not count; else per
 * voter 1 for a miss). False, the bytes untouched, for any other counter (assets added, removed or never counted
 * since the window began) and for a count that would pass 2^32 - 1: the caller merges and re-encodes those
 * (encodeMissCounter refuses the latter, as this did before it wrote bytes itself). The tally adds to every
 * counter of its table this way, in one copy of the table, instead of a copy per counter.
 */
export function addMissCounts(counter: Uint8Array, template: DataView, misses: number, ballots: number, assetMissed: ReadonlyArray<Uint8Array | undefined>, voter: number): boolean {
  const length = template.byteLength;
  if (counter.length !== length) return false;
  // a DataView reads and writes a u32 in one step, where Buffer's methods check their arguments 20,000 times a block
  const view = new DataView(counter.buffer, counter.byteOffset, length);
  // checked whole before anything is written: the names, and every count after the add; lengths and names equal
  // to the template's at its positions, and the same total length, are the template's layout
  if (view.getUint32(0) + misses > 0xffffffff || view.getUint32(4) + ballots > 0xffffffff) return false;
  let pos = 8;
  for (let k = 0; k < assetMissed.length; k++) {
    const countsAt = pos + 1 + template.getUint8(pos);
    if (countsAt - pos < 4) {
      for (let i = pos; i < countsAt; i++) if (view.getUint8(i) !== template.getUint8(i)) return false;
    } else {
      // [length][name] a word at a time, the last word overlapping the one before it
      for (let i = pos; i + 4 <= countsAt; i += 4) if (view.getUint32(i) !== template.getUint32(i)) return false;
      if (view.getUint32(countsAt - 4) !== template.getUint32(countsAt - 4)) return false;
    }
    const ballotsBefore = view.getUint32(countsAt + 4);
    const missed = assetMissed[k];
    if (ballotsBefore === 0 || (missed !== undefined && (ballotsBefore === 0xffffffff || view.getUint32(countsAt) + missed[voter] > 0xffffffff))) return false;
    pos = countsAt + 8;
  }
  if (pos !== length) return false;
  pos = 8;
  for (let k = 0; k < assetMissed.length; k++) {
    const countsAt = pos + 1 + template.getUint8(pos);
    const missed = assetMissed[k];
    if (missed !== undefined) {
      view.setUint32(countsAt, view.getUint32(countsAt) + missed[voter]);
      view.setUint32(countsAt + 4, view.getUint32(countsAt + 4) + 1);
    }
    pos = countsAt + 8;
  }
  view.setUint32(0, view.getUint32(0) + misses);
  view.setUint32(4, view.getUint32(4) + ballots);
  return true;
}

function u32At(bytes: Uint8Array, at: number): number {
  return bytes[at] * 0x1000000 + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
}

/** `value` (at most 2^32 - 1, checked by the caller) big-endian at `at`. */
function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** [in_band: u32][weight: minimal big-endian bytes, none for 0] */
export function encodeRewardWeight(weight: bigint, inBand: number): Buffer {
  const chunks = chunks48(weight);
  const length = byteLength(chunks);
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUInt32BE(inBand, 0);
  putChunks(out, 4, chunks, length);
  return out;
}

/**
 * encodeRewardWeight(weight + added, inBand + count) of a record `bytes` in that form (undefined: none, a weight of
 * 0), worked on as doubles when every value stays exact (a weight under 2^48, a sum under 2^53): a tally adds to
 * 100 of these, and a bigint decoded and re-encoded each time was most of that. Undefined for anything else (the
 * caller takes the bigint path, which also refuses what does not decode).
 */
export function addRewardWeight(bytes: Uint8Array | undefined, added: number, count: number): Buffer | undefined {
  let weight = 0;
  let inBand = 0;
  if (bytes !== undefined) {
    if (bytes.length < 4 || bytes.length > 10 || bytes[4] === 0) return undefined;
    inBand = u32At(bytes, 0);
    for (let i = 4; i < bytes.length; i++) weight = weight * 256 + bytes[i];
  }
  const sum = weight + added;
  const band = inBand + count;
  if (!(added >= 0) || !Number.isSafeInteger(added) || !Number.isSafeInteger(sum) || !(band <= 0xffffffff)) return undefined;
  let length = 0;
  for (let rest = sum; rest > 0; rest = Math.floor(rest / 256)) length++;
  const out = Buffer.allocUnsafe(4 + length);
  putU32(out, 0, band);
  for (let i = 3 + length, rest = sum; i >= 4; i--, rest = Math.floor(rest / 256)) out[i] = rest - Math.floor(rest / 256) * 256;
  return out;
}

export function decodeRewardWeight(bytes: Uint8Array): { weight: bigint; inBand: number } {
  const buf = asBuffer(bytes);
  if (buf.length < 4 || buf[4] === 0) throw ErrInvalidState.wrap("oracle reward weight");
  return { weight: bytesBigint(buf, 4, buf.length), inBand: buf.readUInt32BE(0) };
}

/**
 * A block time in ns as the price and tally records hold it: [sign (0x80) | byte count: u8][|time|: minimal
 * big-endian bytes]. Made once per block and put into each of its records.
 */
export function encodeTime(timeNs: bigint): Buffer {
  const magnitude = minimalBytes(timeNs < 0n ? -timeNs : timeNs);
  if (magnitude.length > 0x7f) throw ErrInvalidState.wrap(`oracle record: time ${timeNs} ns out of range`);
  return Buffer.concat([Uint8Array.of((timeNs < 0n ? 0x80 : 0) | magnitude.length), magnitude]);
}

/**
 * A tallied price, the asset's latest or a history ring slot (consensus version 4; JSON before):
 * [height: i64][time: encodeTime's form][price: minimal big-endian bytes of the positive Dec].
 */
export function encodePriceRecord(height: number, time: Uint8Array, price: bigint): Buffer {
  if (price <= 0n) throw ErrInvalidState.wrap(`oracle price record: price ${price} is not positive`);
  const chunks = chunks48(price);
  const priceLength = byteLength(chunks);
  const out = Buffer.allocUnsafe(8 + time.length + priceLength);
  putI64(out, 0, height);
  out.set(time, 8);
  putChunks(out, 8 + time.length, chunks, priceLength);
  return out;
}

export interface PriceRecord {
  height: number;
  timeNs: bigint;
  price: bigint;
}

export function decodePriceRecord(bytes: Uint8Array): PriceRecord {
  const buf = asBuffer(bytes);
  const time = buf.length >= 9 ? readTime(buf, 8) : undefined;
  if (time === undefined || time.next >= buf.length || buf[time.next] === 0) throw ErrInvalidState.wrap("oracle price record");
  return { height: readI64(buf, 0), timeNs: time.value, price: bytesBigint(buf, time.next, buf.length) };
}

/** An asset's last ballot outcome; the three decimals are there when the ballot passed (the tally's BallotTally). */
export interface TallyRecord {
  passed: boolean;
  height: number;
  period: number;
  timeNs: bigint;
  votedPower: bigint;
  totalPower: bigint;
  median?: bigint;
  standardDeviation?: bigint;
  band?: bigint;
  voteThreshold: string;
}

/**
 * [passed: u8 0 | 1][height: i64][period: i64][time: encodeTime's form][voted power][total power]: each
 * [byte count: u8][minimal big-endian bytes]; then the median, standard deviation and band: each [0: none |
 * 1 + byte count: u8][minimal big-endian bytes]; then the vote threshold, the rest, as its UTF-8 text.
 * `time`: encodeTime(record.timeNs), which a block's tally makes once for all its assets.
 */
export function encodeTallyRecord(record: TallyRecord, time: Uint8Array = encodeTime(record.timeNs)): Buffer {
  // 50 of these a block: each integer's 48-bit pieces are written straight into the one buffer
  const voted = chunks48(record.votedPower);
  const total = chunks48(record.totalPower);
  const median = record.median === undefined ? undefined : chunks48(record.median);
  const deviation = record.standardDeviation === undefined ? undefined : chunks48(record.standardDeviation);
  const band = record.band === undefined ? undefined : chunks48(record.band);
  // the threshold is a param's text, the same every block: its bytes are kept as an asset name's are
  const threshold = nameBytes(record.voteThreshold);
  const votedLength = byteLength(voted);
  const totalLength = byteLength(total);
  const medianLength = median === undefined ? 0 : byteLength(median);
  const deviationLength = deviation === undefined ? 0 : byteLength(deviation);
  const bandLength = band === undefined ? 0 : byteLength(band);
  if (votedLength > 0xff || totalLength > 0xff || medianLength > 0xfe || deviationLength > 0xfe || bandLength > 0xfe) throw ErrInvalidState.wrap("oracle tally record: value out of range");
  const out = Buffer.allocUnsafe(17 + time.length + 2 + votedLength + totalLength + 3 + medianLength + deviationLength + bandLength + threshold.length);
  out[0] = record.passed ? 1 : 0;
  putI64(out, 1, record.height);
  putI64(out, 9, record.period);
  out.set(time, 17);
  let pos = 17 + time.length;
  out[pos++] = votedLength;
  pos = putChunks(out, pos, voted, votedLength);
  out[pos++] = totalLength;
  pos = putChunks(out, pos, total, totalLength);
  pos = putDecimal(out, pos, median, medianLength);
  pos = putDecimal(out, pos, deviation, deviationLength);
  pos = putDecimal(out, pos, band, bandLength);
  threshold.copy(out, pos);
  return out;
}

/** [0: none | 1 + byte count][minimal big-endian bytes] */
function putDecimal(out: Buffer, at: number, chunks: readonly number[] | undefined, length: number): number {
  if (chunks === undefined) {
    out[at] = 0;
    return at + 1;
  }
  out[at] = 1 + length;
  return putChunks(out, at + 1, chunks, length);
}

export function decodeTallyRecord(bytes: Uint8Array): TallyRecord {
  const buf = asBuffer(bytes);
  const invalid = () => ErrInvalidState.wrap("oracle tally record");
  if (buf.length < 18 || buf[0] > 1) throw invalid();
  const time = readTime(buf, 17);
  if (time === undefined) throw invalid();
  let pos = time.next;
  const integer = (length: number) => {
    if (pos + length > buf.length || (length > 0 && buf[pos] === 0)) throw invalid();
    const value = bytesBigint(buf, pos, pos + length);
    pos += length;
    return value;
  };
  const votedPower = integer(buf[pos++] ?? 0);
  const totalPower = integer(buf[pos++] ?? 0);
  const decimal = () => {
    const tag = buf[pos++];
    if (tag === undefined) throw invalid();
    return tag === 0 ? undefined : integer(tag - 1);
  };
  const median = decimal();
  const standardDeviation = decimal();
  const band = decimal();
  const threshold = buf.subarray(pos);
  const voteThreshold = threshold.toString("utf8");
  if (!Buffer.from(voteThreshold, "utf8").equals(threshold)) throw invalid();
  return { passed: buf[0] === 1, height: readI64(buf, 1), period: readI64(buf, 9), timeNs: time.value, votedPower, totalPower, median, standardDeviation, band, voteThreshold };
}

/** A count of prices ever pushed onto an asset's history ring: u64 (consensus version 4; decimal text before). */
export function encodeHistoryCount(count: bigint): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(count, 0);
  return out;
}

export function decodeHistoryCount(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) throw ErrInvalidState.wrap("oracle history count");
  return asBuffer(bytes).readBigUInt64BE(0);
}

const TWO_32 = 0x100000000;

/** A safe integer as a signed big-endian 64-bit one, through two 32-bit halves (no bigint). */
function putI64(out: Buffer, at: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw ErrInvalidState.wrap(`oracle record: ${value} is not an integer`);
  const high = Math.floor(value / TWO_32);
  out.writeInt32BE(high, at);
  out.writeUInt32BE(value - high * TWO_32, at + 4);
}

function readI64(buf: Buffer, at: number): number {
  const value = buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
  if (!Number.isSafeInteger(value)) throw ErrInvalidState.wrap("oracle record: integer out of range");
  return value;
}

function readTime(buf: Buffer, at: number): { value: bigint; next: number } | undefined {
  const head = buf[at];
  const length = head & 0x7f;
  const from = at + 1;
  // minimal: no leading zero byte, and no sign on zero
  if (from + length > buf.length || (length > 0 && buf[from] === 0) || (length === 0 && head !== 0)) return undefined;
  const magnitude = bytesBigint(buf, from, from + length);
  return { value: head & 0x80 ? -magnitude : magnitude, next: from + length };
}

function minimalBytes(value: bigint): Buffer {
  const chunks = chunks48(value);
  const length = byteLength(chunks);
  const out = Buffer.allocUnsafe(length);
  putChunks(out, 0, chunks, length);
  return out;
}

const MASK_48 = (1n << 48n) - 1n;

/** 48-bit pieces, least significant first: each converts to a double exactly, with no hex text. */
function chunks48(value: bigint): number[] {
  if (value < 0n) throw new RangeError(`negative value ${value}`);
  const chunks: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 48n) chunks.push(Number(rest & MASK_48));
  return chunks;
}

function byteLength(chunks: readonly number[]): number {
  if (chunks.length === 0) return 0;
  let top = 0;
  for (let rest = chunks[chunks.length - 1]; rest > 0; rest = Math.floor(rest / 256)) top++;
  return top + 6 * (chunks.length - 1);
}

function putChunks(out: Buffer, at: number, chunks: readonly number[], length: number): number {
  if (chunks.length === 0) return at;
  const top = length - 6 * (chunks.length - 1);
  let pos = out.writeUIntBE(chunks[chunks.length - 1], at, top);
  for (let c = chunks.length - 2; c >= 0; c--) pos = out.writeUIntBE(chunks[c], pos, 6);
  return pos;
}

/**
 * Big-endian bytes [from, to) as an integer, through exact doubles (2^48 < 2^53): the top piece first, then whole
 * six-byte pieces, each shifted in by the same constant (a 9-byte price takes two BigInt conversions and one
 * shift; 5,000 of them are decoded every block).
 */
export function bytesBigint(bytes: Uint8Array, from = 0, to = bytes.length): bigint {
  if (to <= from) return 0n;
  const top = from + ((to - from) % 6 || 6);
  let chunk = 0;
  for (let j = from; j < top; j++) chunk = chunk * 256 + bytes[j];
  let value = BigInt(chunk);
  for (let i = top; i < to; i += 6) {
    chunk = 0;
    for (let j = i; j < i + 6; j++) chunk = chunk * 256 + bytes[j];
    value = (value << 48n) | BigInt(chunk);
  }
  return value;
}

const names = new Map<string, Buffer>();

/** Asset names repeat every block: their bytes are kept (a name always has the same bytes). */
function nameBytes(asset: string): Buffer {
  let bytes = names.get(asset);
  if (bytes === undefined) {
    bytes = Buffer.from(asset, "utf8");
    if (names.size < 4096) names.set(asset, bytes);
  }
  return bytes;
}

/**
 * Asset names are ASCII (params' ASSET_NAME): read without a Buffer; anything else through UTF-8, and
 * undefined unless it is valid UTF-8 (which always writes back to the same bytes).
 */
function nameOf(bytes: Uint8Array, from: number, to: number): string | undefined {
  let name = "";
  for (let i = from; i < to; i++) {
    if (bytes[i] >= 0x80) {
      const raw = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
      const text = raw.toString("utf8");
      return Buffer.from(text, "utf8").equals(raw) ? text : undefined;
    }
    name += String.fromCharCode(bytes[i]);
  }
  return name;
}

function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) length++;
  return length;
}

function putVarint(out: Buffer, at: number, value: number): number {
  let pos = at;
  let rest = value;
  while (rest >= 0x80) {
    out[pos++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  out[pos++] = rest;
  return pos;
}

/** A minimal varint below 2^28 (lengths here are bounded far below it). */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 4; i++, scale *= 128) {
    const byte = bytes[at + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return i > 0 && byte === 0 ? undefined : { value, next: at + i + 1 };
  }
  return undefined;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
