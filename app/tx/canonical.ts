import { BinaryReader } from "cosmjs-types/binary";
import { AppError, ErrNotSupported, ErrTxDecode } from "../errors";
import type { MsgCodec } from "../module";

/**
 * The fields of a protobuf message by number: a name for error messages and, for a nested message, its schema.
 * Anything not listed is refused, at every level, as the SDK's RejectUnknownFields refuses it: otherwise anyone
 * relaying a tx could add fields the decoder skips and so change its hash without touching a signature.
 */
export interface Schema {
  readonly [field: number]: readonly [name: string, nested?: Schema | typeof MULTISIG];
}

/**
 * ModeInfo.multi nests ModeInfo without bound; a decoder recursing into thousands of levels overflows the stack
 * at a depth that differs between nodes (frame sizes depend on the JIT), so the walker refuses it before any
 * decoder recurses.
 */
const MULTISIG = "multisig";

const ANY: Schema = { 1: ["type_url"], 2: ["value"] };
const COIN: Schema = { 1: ["denom"], 2: ["amount"] };
const MODE_INFO: Schema = { 1: ["single", { 1: ["mode"] }], 2: ["multi", MULTISIG] };

export const TX_RAW: Schema = { 1: ["body_bytes"], 2: ["auth_info_bytes"], 3: ["signatures"] };
export const TX_BODY: Schema = {
  1: ["messages", ANY],
  2: ["memo"],
  3: ["timeout_height"],
  4: ["unordered"],
  5: ["timeout_timestamp", { 1: ["seconds"], 2: ["nanos"] }],
  1023: ["extension_options", ANY],
  2047: ["non_critical_extension_options", ANY],
};
export const AUTH_INFO: Schema = {
  1: ["signer_infos", { 1: ["public_key", ANY], 2: ["mode_info", MODE_INFO], 3: ["sequence"] }],
  2: ["fee", { 1: ["amount", COIN], 2: ["gas_limit"], 3: ["payer"], 4: ["granter"] }],
  3: ["tip", { 1: ["amount", COIN], 2: ["tipper"] }],
};
export const SECP256K1_PUBKEY: Schema = { 1: ["key"] };

/** Refuses unknown fields (naming the first), groups and multisig, in `bytes` and every nested message the schema knows. */
function walk(bytes: Uint8Array, schema: Schema, where: string): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wireType = tag & 7;
    const known = schema[number];
    if (!known) throw ErrTxDecode.wrap(`unknown field ${number} in ${where}`);
    // proto3 has no groups; skipping nested groups recurses without bound
    if (wireType === 3 || wireType === 4) throw ErrTxDecode.wrap(`field ${number} of ${where} is a group`);
    const [name, nested] = known;
    if (nested === MULTISIG) throw ErrNotSupported.wrap("multisig signers (mode_info.multi) are not supported");
    if (nested && wireType === 2) walk(reader.bytes(), nested, `${where}.${name}`);
    else reader.skipType(wireType);
  }
}

/**
 * Decodes `bytes` only if they are exactly what the encoder writes for the result: known fields only, in field
 * order, each once, minimal varints. One encoding per tx means one hash per tx. Without a schema (a module's
 * message) only the re-encoding is compared; a decoder's stack overflow on deeply nested unknown groups, at a
 * depth that differs between nodes, is refused like any other non-canonical input, so every node answers alike.
 */
export function decodeCanonical<T>(what: string, bytes: Uint8Array, schema: Schema | undefined, type: MsgCodec<T>): T {
  let message: T;
  try {
    if (schema) walk(bytes, schema, what);
    message = type.decode(bytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ErrTxDecode.wrap(`cannot decode ${what} (${err instanceof RangeError ? "nested too deeply" : (err as Error).message})`);
  }
  if (!Buffer.from(type.encode(message).finish()).equals(Buffer.from(bytes))) {
    throw ErrTxDecode.wrap(`${what} is not canonically encoded (unknown fields, fields out of order or repeated, explicit default values or non-minimal varints)`);
  }
  return message;
}
