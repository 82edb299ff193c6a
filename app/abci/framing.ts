/**
 * CometBFT v0.38 socket framing: every message is `uvarint(length) ‖ protobuf`.
 * (Up to v0.34 the prefix was a zigzag varint, which is why older JS ABCI servers cannot talk to v0.38.)
 */

/** Frames larger than this are treated as a corrupt stream rather than buffered without bound. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export class FramingError extends Error {}

export function encodeUvarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new FramingError(`cannot encode length ${value}`);
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

export function frame(message: Uint8Array): Buffer {
  return Buffer.concat([encodeUvarint(message.length), message]);
}

/**
 * Accumulates bytes from a stream and yields complete frames, whatever the chunking:
 * TCP may split one frame across reads or coalesce several frames into one read.
 * A large frame (FinalizeBlock's request, hundreds of KB in 64-KB reads) is joined once, when its last chunk
 * arrives, rather than copied onto what is buffered at every read.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  /** Chunks after `buffered`, not joined yet because the frame at the front is still incomplete. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** The front frame's whole size (prefix and body) once its prefix has been read; 0 before. */
  private needed = 0;

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.needed > 0 && this.buffered.length + this.waitingBytes + chunk.length < this.needed) {
      this.waiting.push(Buffer.from(chunk));
      this.waitingBytes += chunk.length;
      return [];
    }
    this.buffered =
      this.buffered.length === 0 && this.waiting.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, ...this.waiting, chunk]);
    this.waiting = [];
    this.waitingBytes = 0;
    this.needed = 0;
    const frames: Uint8Array[] = [];
    for (;;) {
      const header = readUvarint(this.buffered);
      if (header === undefined) break;
      const { value: length, bytesRead } = header;
      if (length > MAX_FRAME_BYTES) throw new FramingError(`frame of ${length} bytes exceeds ${MAX_FRAME_BYTES}`);
      if (this.buffered.length < bytesRead + length) {
        this.needed = bytesRead + length;
        break;
      }
      frames.push(this.buffered.subarray(bytesRead, bytesRead + length));
      this.buffered = this.buffered.subarray(bytesRead + length);
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.buffered.length + this.waitingBytes;
  }
}

/** undefined when the buffer ends inside the varint; throws when the varint itself is malformed. */
function readUvarint(buf: Uint8Array): { value: number; bytesRead: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < buf.length; i++) {
    if (i >= 8) throw new FramingError("length prefix longer than 8 bytes");
    const byte = buf[i];
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, bytesRead: i + 1 };
    scale *= 0x80;
  }
  return undefined;
}
