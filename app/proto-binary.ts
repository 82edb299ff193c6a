import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import { utf8Read } from "cosmjs-types/utf8";
import { int64FromString, int64Length, writeVarint64, zzEncode } from "cosmjs-types/varint";
import { byteString } from "./store/bytes";

// cosmjs-types 0.11's binary codec, mended where it costs the app's hot path or writes wrong bytes. Imported for its
// effect by the app and its ABCI server, before any encoding or decoding.

/**
 * cosmjs-types 0.11's BinaryWriter.alloc builds a new 8 KiB pool on every call, so each `finish()` of a message
 * under 4 KiB (every account, sign doc and ABCI response) allocated and zeroed 8 KiB to return a view of its first
 * bytes: a tenth of the app's CPU per transfer went to that and the garbage collection after it. An array of the
 * exact size holds the same bytes.
 */
export const pooledAlloc = BinaryWriter.alloc;

BinaryWriter.alloc = (size: number): Uint8Array => new Uint8Array(size);

type Pushing = { _push(write: typeof writeVarint64, length: number, value: { lo: number; hi: number }): BinaryWriter };

/**
 * cosmjs-types 0.11 hands writeVarint64 the low word signed: a value whose high word is 0 and low word is 2^31 or
 * more (int64/uint64 in [2^31, 2^32): Timestamp seconds from 2038-01-19 to 2106, a power or height past 2^31) was
 * written as one byte with its continuation bit set and four zeros, which reads back as garbage or throws. The
 * same words unsigned are written as protobuf says; every other value keeps its bytes.
 */
function writeVarint64Unsigned(this: BinaryWriter, lo: number, hi: number): BinaryWriter {
  return (this as unknown as Pushing)._push(writeVarint64, int64Length(lo, hi), { lo: lo >>> 0, hi: hi >>> 0 });
}

BinaryWriter.prototype.int64 = function int64(this: BinaryWriter, value: string | number | bigint) {
  const { lo, hi } = int64FromString(value.toString());
  return writeVarint64Unsigned.call(this, lo, hi);
};

BinaryWriter.prototype.sint64 = function sint64(this: BinaryWriter, value: string | number | bigint) {
  const { lo, hi } = int64FromString(value.toString());
  const [zigzagLo, zigzagHi] = zzEncode(lo, hi);
  return writeVarint64Unsigned.call(this, zigzagLo, zigzagHi);
};

/**
 * cosmjs-types 0.11 reads every string a byte at a time into an array of char codes, then spreads a copy of it into
 * String.fromCharCode: the largest allocation of a transfer's decoding (8.7 KB of its 88 KB, profile-tx mempool
 * under the heap sampler). The strings of a tx and an account (addresses, type URLs, denoms, amounts) are ASCII,
 * where each byte is its own char code, so latin1 gives the same string; anything else still goes through utf8Read,
 * so every string reads back exactly as before (app/proto-binary.test.ts).
 */
export function readProtoString(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return utf8Read(bytes, 0, bytes.length);
  return byteString(bytes);
}

BinaryReader.prototype.string = function string(this: BinaryReader) {
  return readProtoString(this.bytes());
};
