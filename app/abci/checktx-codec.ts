import type { RequestCheckTx, ResponseCheckTx } from "cosmjs-types/tendermint/abci/types";

/**
 * CheckTx is most of what the mempool connection carries (every new tx, and every pending one again after each
 * block), so its request and response skip cosmjs-types' generic Request decoding and its writer's per-field
 * operations. Both handle only the shapes CometBFT sends and the app answers; anything else (another field, a
 * repeated or unknown one, events, a lone surrogate) returns undefined and takes the generic path, so the bytes
 * read and written are exactly the generic ones (app/abci/checktx-codec.test.ts).
 */

/** Request field 8 (check_tx), length-delimited. */
const REQUEST_CHECK_TX_TAG = 0x42;
/** Response field 9 (check_tx), length-delimited. */
const RESPONSE_CHECK_TX_TAG = 0x4a;
const TX_TAG = 0x0a;
const TYPE_TAG = 0x10;

/** A Request frame whose one field is check_tx {tx, type}, each at most once; undefined for anything else. */
export function decodeCheckTxRequest(bytes: Uint8Array): RequestCheckTx | undefined {
  if (bytes.length < 2 || bytes[0] !== REQUEST_CHECK_TX_TAG) return undefined;
  const length = readLength(bytes, 1);
  if (length === undefined || length.next + length.value !== bytes.length) return undefined;
  let at = length.next;
  let tx: Uint8Array | undefined;
  let type: number | undefined;
  while (at < bytes.length) {
    const tag = bytes[at++];
    if (tag === TX_TAG && tx === undefined) {
      const txLength = readLength(bytes, at);
      if (txLength === undefined || txLength.next + txLength.value > bytes.length) return undefined;
      tx = bytes.subarray(txLength.next, txLength.next + txLength.value);
      at = txLength.next + txLength.value;
    } else if (tag === TYPE_TAG && type === undefined && at < bytes.length && bytes[at] < 0x80) {
      type = bytes[at++];
    } else {
      return undefined;
    }
  }
  return { tx: tx ?? new Uint8Array(), type: type ?? 0 };
}

/** A varint of at most 4 bytes (lengths under 256 MiB), or undefined. */
function readLength(bytes: Uint8Array, from: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 4 && from + i < bytes.length; i++, scale *= 0x80) {
    const byte = bytes[from + i];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: from + i + 1 };
  }
  return undefined;
}

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The framed Response {check_tx} as `frame(Response.encode({ checkTx: response }).finish())` writes it, or
 * undefined when the response has events, a code outside uint32, a string with a lone surrogate (cosmjs-types
 * writes it as WTF-8, Buffer as U+FFFD) or a gas figure outside [0, 2^53).
 */
export function encodeCheckTxResponseFrame(response: ResponseCheckTx): Buffer | undefined {
  const { code, data, log, info, gasWanted, gasUsed, codespace } = response;
  if (response.events.length > 0 || code >>> 0 !== code || gasWanted < 0n || gasUsed < 0n || gasWanted > MAX_SAFE || gasUsed > MAX_SAFE) return undefined;
  if (LONE_SURROGATE.test(log) || LONE_SURROGATE.test(info) || LONE_SURROGATE.test(codespace)) return undefined;
  const wanted = Number(gasWanted);
  const used = Number(gasUsed);
  const logBytes = Buffer.byteLength(log, "utf8");
  const infoBytes = Buffer.byteLength(info, "utf8");
  const codespaceBytes = Buffer.byteLength(codespace, "utf8");
  const inner =
    (code !== 0 ? 1 + varintLength(code) : 0) +
    (data.length !== 0 ? 1 + varintLength(data.length) + data.length : 0) +
    (logBytes !== 0 ? 1 + varintLength(logBytes) + logBytes : 0) +
    (infoBytes !== 0 ? 1 + varintLength(infoBytes) + infoBytes : 0) +
    (wanted !== 0 ? 1 + varintLength(wanted) : 0) +
    (used !== 0 ? 1 + varintLength(used) : 0) +
    (codespaceBytes !== 0 ? 1 + varintLength(codespaceBytes) + codespaceBytes : 0);
  const message = 1 + varintLength(inner) + inner;
  const out = Buffer.allocUnsafe(varintLength(message) + message);
  let at = writeVarint(out, 0, message);
  out[at++] = RESPONSE_CHECK_TX_TAG;
  at = writeVarint(out, at, inner);
  if (code !== 0) {
    out[at++] = 0x08;
    at = writeVarint(out, at, code);
  }
  if (data.length !== 0) {
    out[at++] = 0x12;
    at = writeVarint(out, at, data.length);
    out.set(data, at);
    at += data.length;
  }
  at = writeString(out, at, 0x1a, log, logBytes);
  at = writeString(out, at, 0x22, info, infoBytes);
  if (wanted !== 0) {
    out[at++] = 0x28;
    at = writeVarint(out, at, wanted);
  }
  if (used !== 0) {
    out[at++] = 0x30;
    at = writeVarint(out, at, used);
  }
  writeString(out, at, 0x42, codespace, codespaceBytes);
  return out;
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function writeString(out: Buffer, at: number, tag: number, value: string, bytes: number): number {
  if (bytes === 0) return at;
  out[at++] = tag;
  at = writeVarint(out, at, bytes);
  return at + out.write(value, at, bytes, "utf8");
}

/** Varints of non-negative integers below 2^53, by division: bitwise operators would cut them to 32 bits. */
export function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++;
  return length;
}

export function writeVarint(out: Buffer, at: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    out[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[at++] = rest;
  return at;
}
