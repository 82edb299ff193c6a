import type { Bytes } from "./types";

export function compareBytes(a: Bytes, b: Bytes): number {
  return Buffer.compare(a, b);
}

export function bytesEqual(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function startsWith(key: Bytes, prefix: Bytes): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

/**
 * The smallest key greater than every key that starts with prefix, or undefined when no such key exists
 * (empty prefix, or all 0xff bytes), in which case a prefix range is unbounded above.
 */
export function prefixEnd(prefix: Bytes): Bytes | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return undefined;
}

/**
 * A Map key with the same identity as the bytes. latin1 maps each byte to one UTF-16 unit of the same
 * value, so these strings also compare (with <) in bytewise order.
 */
export function byteString(bytes: Bytes): string {
  // Store keys are mostly Buffers already (keys.ts): a view around one would be made, used once and dropped at
  // every read and write of every branch, ~60 per transfer.
  return Buffer.isBuffer(bytes) ? bytes.toString("latin1") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function uint32be(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}

export function uint64be(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export function readUint64be(b: Bytes, offset = 0): number {
  const n = Buffer.from(b.buffer, b.byteOffset, b.byteLength).readBigUInt64BE(offset);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`uint64 ${n} exceeds the safe integer range`);
  return Number(n);
}

export function toHex(b: Bytes): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
