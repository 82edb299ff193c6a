/** Key building shared by every module's keys.ts: byte-concatenation with fixed-width numbers so keys sort. */
export type KeyPart = string | Uint8Array;

// app/last_block_time → nanoseconds of the last block's header time, the clock CheckTx and queries judge by
export const LAST_BLOCK_TIME_KEY = key("app/last_block_time");

/** Strings as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it). Built in one buffer: every store access builds a key. */
export function key(...parts: KeyPart[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += typeof part === "string" ? Buffer.byteLength(part, "utf8") : part.length;
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === "string") offset += out.write(part, offset, "utf8");
    else {
      out.set(part, offset);
      offset += part.length;
    }
  }
  return out;
}

/** Big-endian 8-byte height or sequence, so byte order equals numeric order. */
export function u64(value: bigint | number): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

/** A length-prefixed component, so that a variable-length part cannot be confused with the next one. */
export function lengthPrefixed(part: Uint8Array): Uint8Array {
  if (part.length > 255) throw new Error(`key component of ${part.length} bytes is too long`);
  return Buffer.concat([Uint8Array.of(part.length), part]);
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}
