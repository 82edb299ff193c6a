import type { Event, ExecTxResult, ResponseFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { LONE_SURROGATE, MAX_SAFE, varintLength, writeString, writeVarint } from "./checktx-codec";

/**
 * FinalizeBlock's response carries every tx's result and events: the largest answer the app writes. cosmjs-types
 * encodes it through `Response.fromPartial` (a deep copy that fills unset fields) and a writer that forks for
 * every nested message and writes strings a character at a time. This writes the same bytes into one exact-size
 * buffer, straight from the app's response, when every field is present with its type and nothing needs the
 * generic encoder (validator or consensus-param updates, a lone surrogate, a code outside uint32, gas outside
 * [0, 2^53)); otherwise it returns undefined and the server takes the generic path
 * (app/abci/finalize-codec.test.ts holds the bytes to the generic ones).
 */

/** Response field 21 (finalize_block), length-delimited, as a two-byte varint. */
const RESPONSE_FINALIZE_BLOCK_TAG = [0xaa, 0x01];

/**
 * Sizes of every nested message and string, in the order the writer meets them (message before its fields):
 * the first pass fills it, the second reads it back, so no length is computed twice.
 */
type Sizes = number[];

const NOT_PLAIN = -1;

export function encodeFinalizeBlockResponseFrame(response: ResponseFinalizeBlock): Buffer | undefined {
  const { events, txResults, validatorUpdates, consensusParamUpdates, appHash } = response;
  if (!Array.isArray(events) || !Array.isArray(txResults) || !Array.isArray(validatorUpdates) || validatorUpdates.length !== 0) return undefined;
  if (consensusParamUpdates !== undefined || !(appHash instanceof Uint8Array)) return undefined;
  const sizes: Sizes = [];
  let inner = 0;
  for (const event of events) {
    const size = eventSize(event, sizes);
    if (size === NOT_PLAIN) return undefined;
    inner += 1 + varintLength(size) + size;
  }
  for (const result of txResults) {
    const size = txResultSize(result, sizes);
    if (size === NOT_PLAIN) return undefined;
    inner += 1 + varintLength(size) + size;
  }
  if (appHash.length !== 0) inner += 1 + varintLength(appHash.length) + appHash.length;
  const message = RESPONSE_FINALIZE_BLOCK_TAG.length + varintLength(inner) + inner;
  const out = Buffer.allocUnsafe(varintLength(message) + message);
  let at = writeVarint(out, 0, message);
  for (const byte of RESPONSE_FINALIZE_BLOCK_TAG) out[at++] = byte;
  at = writeVarint(out, at, inner);
  const cursor = { at, next: 0 };
  for (const event of events) writeEvent(out, cursor, 0x0a, event, sizes);
  for (const result of txResults) writeTxResult(out, cursor, result, sizes);
  if (appHash.length !== 0) {
    out[cursor.at++] = 0x2a;
    cursor.at = writeVarint(out, cursor.at, appHash.length);
    out.set(appHash, cursor.at);
  }
  return out;
}

/** A string's UTF-8 size, recorded; NOT_PLAIN for a non-string or one with a lone surrogate. */
function stringSize(value: unknown, sizes: Sizes): number {
  if (typeof value !== "string") return NOT_PLAIN;
  const bytes = Buffer.byteLength(value, "utf8");
  // only a string with a character beyond ASCII can hold a surrogate
  if (bytes !== value.length && LONE_SURROGATE.test(value)) return NOT_PLAIN;
  sizes.push(bytes);
  return bytes;
}

const fieldSize = (bytes: number) => (bytes === 0 ? 0 : 1 + varintLength(bytes) + bytes);

function eventSize(event: Event, sizes: Sizes): number {
  if (typeof event !== "object" || event === null || !Array.isArray(event.attributes)) return NOT_PLAIN;
  const slot = sizes.push(0) - 1;
  const type = stringSize(event.type, sizes);
  if (type === NOT_PLAIN) return NOT_PLAIN;
  let size = fieldSize(type);
  for (const attribute of event.attributes) {
    if (typeof attribute !== "object" || attribute === null || typeof attribute.index !== "boolean") return NOT_PLAIN;
    const attributeSlot = sizes.push(0) - 1;
    const key = stringSize(attribute.key, sizes);
    if (key === NOT_PLAIN) return NOT_PLAIN;
    const value = stringSize(attribute.value, sizes);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    const attributeSize = fieldSize(key) + fieldSize(value) + (attribute.index ? 2 : 0);
    sizes[attributeSlot] = attributeSize;
    size += 1 + varintLength(attributeSize) + attributeSize;
  }
  sizes[slot] = size;
  return size;
}

const plainGas = (gas: unknown): gas is bigint => typeof gas === "bigint" && gas >= 0n && gas <= MAX_SAFE;

function txResultSize(result: ExecTxResult, sizes: Sizes): number {
  if (typeof result !== "object" || result === null) return NOT_PLAIN;
  const { code, data, gasWanted, gasUsed, events } = result;
  if (typeof code !== "number" || code >>> 0 !== code || !(data instanceof Uint8Array) || !plainGas(gasWanted) || !plainGas(gasUsed) || !Array.isArray(events)) return NOT_PLAIN;
  const slot = sizes.push(0) - 1;
  const log = stringSize(result.log, sizes);
  if (log === NOT_PLAIN) return NOT_PLAIN;
  const info = stringSize(result.info, sizes);
  if (info === NOT_PLAIN) return NOT_PLAIN;
  let size = (code !== 0 ? 1 + varintLength(code) : 0) + fieldSize(data.length) + fieldSize(log) + fieldSize(info);
  if (gasWanted !== 0n) size += 1 + varintLength(Number(gasWanted));
  if (gasUsed !== 0n) size += 1 + varintLength(Number(gasUsed));
  for (const event of events) {
    const eventBytes = eventSize(event, sizes);
    if (eventBytes === NOT_PLAIN) return NOT_PLAIN;
    size += 1 + varintLength(eventBytes) + eventBytes;
  }
  const codespace = stringSize(result.codespace, sizes);
  if (codespace === NOT_PLAIN) return NOT_PLAIN;
  size += fieldSize(codespace);
  sizes[slot] = size;
  return size;
}

interface Cursor {
  at: number;
  /** The next entry of Sizes to read. */
  next: number;
}

function writeNextString(out: Buffer, cursor: Cursor, tag: number, value: string, sizes: Sizes): void {
  cursor.at = writeString(out, cursor.at, tag, value, sizes[cursor.next++]);
}

function writeEvent(out: Buffer, cursor: Cursor, tag: number, event: Event, sizes: Sizes): void {
  out[cursor.at++] = tag;
  cursor.at = writeVarint(out, cursor.at, sizes[cursor.next++]);
  writeNextString(out, cursor, 0x0a, event.type, sizes);
  for (const attribute of event.attributes) {
    out[cursor.at++] = 0x12;
    cursor.at = writeVarint(out, cursor.at, sizes[cursor.next++]);
    writeNextString(out, cursor, 0x0a, attribute.key, sizes);
    writeNextString(out, cursor, 0x12, attribute.value, sizes);
    if (attribute.index) {
      out[cursor.at++] = 0x18;
      out[cursor.at++] = 0x01;
    }
  }
}

function writeTxResult(out: Buffer, cursor: Cursor, result: ExecTxResult, sizes: Sizes): void {
  out[cursor.at++] = 0x12;
  cursor.at = writeVarint(out, cursor.at, sizes[cursor.next++]);
  if (result.code !== 0) {
    out[cursor.at++] = 0x08;
    cursor.at = writeVarint(out, cursor.at, result.code);
  }
  if (result.data.length !== 0) {
    out[cursor.at++] = 0x12;
    cursor.at = writeVarint(out, cursor.at, result.data.length);
    out.set(result.data, cursor.at);
    cursor.at += result.data.length;
  }
  writeNextString(out, cursor, 0x1a, result.log, sizes);
  writeNextString(out, cursor, 0x22, result.info, sizes);
  if (result.gasWanted !== 0n) {
    out[cursor.at++] = 0x28;
    cursor.at = writeVarint(out, cursor.at, Number(result.gasWanted));
  }
  if (result.gasUsed !== 0n) {
    out[cursor.at++] = 0x30;
    cursor.at = writeVarint(out, cursor.at, Number(result.gasUsed));
  }
  for (const event of result.events) writeEvent(out, cursor, 0x3a, event, sizes);
  writeNextString(out, cursor, 0x42, result.codespace, sizes);
}
