import { utf8Length, utf8Read, utf8Write } from "cosmjs-types/utf8";
import { AppError, ErrNotSupported, ErrTxDecode } from "../errors";
import type { MsgCodec } from "../module";

/**
 * ModeInfo.multi nests ModeInfo without bound; a decoder recursing into thousands of levels overflows the stack
 * at a depth that differs between nodes (frame sizes depend on the JIT), so the walker refuses it before any
 * decoder recurses.
 */
const MULTISIG = "multisig";

/** How the encoder writes a field, which fixes the one encoding it accepts (see `walk`). */
type Kind = "bytes" | "string" | "uint64" | "int64" | "int32" | "bool" | Schema | typeof MULTISIG;

/**
 * The fields of a protobuf message by number: a name for error messages, its kind and whether it repeats.
 * Anything not listed is refused, at every level, as the SDK's RejectUnknownFields refuses it: otherwise anyone
 * relaying a tx could add fields the decoder skips and so change its hash without touching a signature.
 */
export interface Schema {
  readonly [field: number]: readonly [name: string, kind: Kind, repeated?: "repeated"];
}

const ANY: Schema = { 1: ["type_url", "string"], 2: ["value", "bytes"] };
const COIN: Schema = { 1: ["denom", "string"], 2: ["amount", "string"] };
const MODE_INFO: Schema = { 1: ["single", { 1: ["mode", "int32"] }], 2: ["multi", MULTISIG] };

export const TX_RAW: Schema = { 1: ["body_bytes", "bytes"], 2: ["auth_info_bytes", "bytes"], 3: ["signatures", "bytes", "repeated"] };
export const TX_BODY: Schema = {
  1: ["messages", ANY, "repeated"],
  2: ["memo", "string"],
  3: ["timeout_height", "uint64"],
  4: ["unordered", "bool"],
  5: ["timeout_timestamp", { 1: ["seconds", "int64"], 2: ["nanos", "int32"] }],
  1023: ["extension_options", ANY, "repeated"],
  2047: ["non_critical_extension_options", ANY, "repeated"],
};
export const AUTH_INFO: Schema = {
  1: ["signer_infos", { 1: ["public_key", ANY], 2: ["mode_info", MODE_INFO], 3: ["sequence", "uint64"] }, "repeated"],
  2: ["fee", { 1: ["amount", COIN, "repeated"], 2: ["gas_limit", "uint64"], 3: ["payer", "string"], 4: ["granter", "string"] }],
  3: ["tip", { 1: ["amount", COIN, "repeated"], 2: ["tipper", "string"] }],
};
export const SECP256K1_PUBKEY: Schema = { 1: ["key", "bytes"] };
/** cosmos.bank.v1beta1.MsgSend: nearly every tx carries one, and the walk spares re-encoding it. */
export const MSG_SEND: Schema = { 1: ["from_address", "string"], 2: ["to_address", "string"], 3: ["amount", COIN, "repeated"] };

/** The varint last read by `varint`: its two 32-bit halves, and whether it is the shortest encoding of them. */
let lo = 0;
let hi = 0;
let minimal = true;

const truncated = (where: string) => ErrTxDecode.wrap(`cannot decode ${where} (truncated)`);

/** Reads a varint of at most 10 bytes at `pos` as the decoder does (bits past 64 dropped); returns the end. */
function varint(buf: Uint8Array, pos: number, end: number, where: string): number {
  lo = 0;
  hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw truncated(where);
    const b = buf[pos++];
    if (i < 4) lo |= (b & 0x7f) << (7 * i);
    else if (i === 4) {
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x70) >> 4;
    } else hi |= (b & 0x7f) << (7 * i - 32);
    if ((b & 0x80) === 0) {
      // the encoder writes no trailing zero groups, and in a tenth byte only the 64th bit
      minimal = (i === 0 || b !== 0) && (i < 9 || b === 1);
      lo >>>= 0;
      hi >>>= 0;
      return pos;
    }
  }
  throw ErrTxDecode.wrap(`cannot decode ${where} (invalid varint)`);
}

/** Skips a varint of any length, as the reader's skip does. */
function skipVarint(buf: Uint8Array, pos: number, end: number, where: string): number {
  do if (pos >= end) throw truncated(where);
  while (buf[pos++] & 0x80);
  return pos;
}

/** Whether a varint field's value, as read last, is what the encoder writes for the value decoded from it. */
function canonicalScalar(kind: Kind, length: number): boolean {
  if (!minimal) return false;
  switch (kind) {
    case "bool":
      return length === 1 && lo === 1; // written only when true, as 1
    case "int32":
      // decoded as its low 32 bits, signed; a negative value is written sign-extended to 10 bytes
      return hi === 0 ? lo !== 0 && lo < 0x80000000 : hi === 0xffffffff && lo >= 0x80000000;
    default:
      // zero is the default, never written
      return hi !== 0 || lo !== 0;
  }
}

function asciiOnly(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] & 0x80) return false;
  return true;
}

/** Whether the string bytes come back the same after the decoder's UTF-8 reading and the encoder's writing. */
function canonicalString(bytes: Uint8Array): boolean {
  if (asciiOnly(bytes)) return true;
  const text = utf8Read(bytes, 0, bytes.length);
  if (utf8Length(text) !== bytes.length) return false;
  const written = Buffer.allocUnsafe(bytes.length);
  utf8Write(text, written, 0);
  return written.equals(bytes);
}

/**
 * Refuses unknown fields (naming the first), groups and multisig in `buf[start, end)` and every nested message
 * the schema knows, throwing in traversal order. Returns whether the bytes are exactly what the encoder writes:
 * fields in ascending order, each non-repeated one at most once, each with its kind's wire type, minimal
 * varints, no default values (the encoder omits them; an empty nested message is still written), UTF-8 the
 * encoder would write again. A non-canonical field does not stop the walk, so that a later unknown field or
 * multisig is reported as it was when canonical form was checked by re-encoding.
 */
function walk(buf: Uint8Array, start: number, end: number, schema: Schema, where: string): boolean {
  let canonical = true;
  let previous = 0;
  let pos = start;
  while (pos < end) {
    pos = varint(buf, pos, end, where);
    const tagCanonical = minimal && hi === 0;
    const number = lo >>> 3;
    const wireType = lo & 7;
    const known = schema[number];
    if (!known) throw ErrTxDecode.wrap(`unknown field ${number} in ${where}`);
    // proto3 has no groups; skipping nested groups recurses without bound
    if (wireType === 3 || wireType === 4) throw ErrTxDecode.wrap(`field ${number} of ${where} is a group`);
    const [name, kind, repeated] = known;
    if (kind === MULTISIG) throw ErrNotSupported.wrap("multisig signers (mode_info.multi) are not supported");
    const delimited = typeof kind === "object" || kind === "bytes" || kind === "string";
    if (!tagCanonical || number < previous || (number === previous && !repeated) || wireType !== (delimited ? 2 : 0)) canonical = false;
    previous = number;
    switch (wireType) {
      case 0: {
        const next = skipVarint(buf, pos, end, where);
        // a varint longer than 10 bytes is one the decoder refuses; it is skipped here as the reader skips it
        if (delimited || next - pos > 10) canonical = false;
        else {
          varint(buf, pos, next, where);
          if (!canonicalScalar(kind, next - pos)) canonical = false;
        }
        pos = next;
        break;
      }
      case 2: {
        pos = varint(buf, pos, end, where);
        if (!minimal || hi !== 0) canonical = false;
        const length = lo;
        if (length > end - pos) throw truncated(where);
        const next = pos + length;
        if (typeof kind === "object") {
          if (!walk(buf, pos, next, kind, `${where}.${name}`)) canonical = false;
        } else if (length === 0 ? !repeated : kind === "string" && !canonicalString(buf.subarray(pos, next))) canonical = false;
        pos = next;
        break;
      }
      case 1:
      case 5:
        pos += wireType === 1 ? 8 : 4;
        if (pos > end) throw truncated(where);
        break;
      default:
        throw ErrTxDecode.wrap(`cannot decode ${where} (invalid wire type ${wireType})`);
    }
  }
  return canonical;
}

const NOT_CANONICAL = "is not canonically encoded (unknown fields, fields out of order or repeated, explicit default values or non-minimal varints)";

/**
 * Decodes `bytes` only if they are exactly what the encoder writes for the result: known fields only, in field
 * order, each once, minimal varints. One encoding per tx means one hash per tx. With a schema the walk proves
 * that form before the one decoding; without one (a module's message) the re-encoding is compared. A decoder's
 * stack overflow on deeply nested unknown groups, at a depth that differs between nodes, is refused like any
 * other non-canonical input, so every node answers alike.
 */
export function decodeCanonical<T>(what: string, bytes: Uint8Array, schema: Schema | undefined, type: MsgCodec<T>): T {
  let message: T;
  let canonical = true;
  try {
    if (schema) canonical = walk(bytes, 0, bytes.length, schema, what);
    message = type.decode(bytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ErrTxDecode.wrap(`cannot decode ${what} (${err instanceof RangeError ? "nested too deeply" : (err as Error).message})`);
  }
  if (!schema) canonical = Buffer.from(type.encode(message).finish()).equals(Buffer.from(bytes));
  if (!canonical) throw ErrTxDecode.wrap(`${what} ${NOT_CANONICAL}`);
  return message;
}
