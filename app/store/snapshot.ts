// State sync snapshot format 1: the whole committed state at one height, as one byte stream cut into chunks.
//
//   stream    = entry*, keys strictly ascending bytewise
//   entry     = uint32be(len k) ‖ k ‖ uint32be(len v) ‖ v
//   chunk i   = stream[i·size, (i+1)·size)            (the last may be shorter; an empty state is one empty chunk)
//   metadata  = sha256(chunk 0) ‖ sha256(chunk 1) ‖ …  (ABCI Snapshot.metadata)
//   hash      = sha256(metadata)                       (ABCI Snapshot.hash: the snapshot's identity)
//
// Everything a peer sends is untrusted: chunks are checked against the metadata's hashes, and the state they
// hold against the app hash a light client verified. Strictly ascending keys make the stream canonical (one
// state, one encoding), so reordered or repeated entries fail before the root is even computed.
import { bytesEqual, compareBytes } from "./bytes";
import { HASH_LENGTH, sha256 } from "./merkle";
import { MAX_KEY_LENGTH } from "./types";
import type { Bytes } from "./types";

export const SNAPSHOT_FORMAT = 1;
/** What the node writes: 10 MB, well under CometBFT's 16 MB p2p message limit for a chunk. */
export const DEFAULT_CHUNK_SIZE = 10_000_000;
/** The most a chunk from a peer may hold, whatever its metadata claims. */
export const MAX_CHUNK_BYTES = 16_000_000;
/**
 * The most chunks a snapshot may have: a restore keeps the state in memory until its root is checked, so this
 * bounds what a lying peer can make a node hold (with MAX_CHUNK_BYTES), and the metadata to 320 KB.
 */
export const MAX_CHUNKS = 10_000;

/** Cuts the encoded stream of a state's entries into chunks of `chunkSize` bytes as entries are pushed. */
export class ChunkWriter {
  private parts: Buffer[] = [];
  private size = 0;
  private lastKey: Bytes | undefined;
  private emitted = false;

  constructor(private readonly chunkSize: number) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_BYTES) {
      throw new RangeError(`chunk size must be an integer in 1..${MAX_CHUNK_BYTES}, got ${chunkSize}`);
    }
  }

  /** Adds one entry (keys must come in ascending order); returns the chunks it completed. */
  push(key: Bytes, value: Bytes): Buffer[] {
    if (this.lastKey !== undefined && compareBytes(this.lastKey, key) >= 0) throw new Error("snapshot entries must come in strictly ascending key order");
    this.lastKey = Buffer.from(key);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32BE(key.length);
    const valueHead = Buffer.allocUnsafe(4);
    valueHead.writeUInt32BE(value.length);
    this.parts.push(head, Buffer.from(key), valueHead, Buffer.from(value));
    this.size += 8 + key.length + value.length;
    const full: Buffer[] = [];
    if (this.size < this.chunkSize) return full;
    let stream = Buffer.concat(this.parts);
    while (stream.length >= this.chunkSize) {
      full.push(stream.subarray(0, this.chunkSize));
      stream = stream.subarray(this.chunkSize);
    }
    this.parts = stream.length > 0 ? [stream] : [];
    this.size = stream.length;
    this.emitted = true;
    return full;
  }

  /** The last, partial chunk; an empty state is one empty chunk, so every snapshot has at least one. */
  finish(): Buffer[] {
    return this.size > 0 || !this.emitted ? [Buffer.concat(this.parts)] : [];
  }
}

export function encodeMetadata(chunkHashes: readonly Bytes[]): Buffer {
  return Buffer.concat(chunkHashes.map((h) => Buffer.from(h)));
}

export interface OfferedSnapshot {
  height: number;
  chunkHashes: Bytes[];
}

/**
 * The snapshot a peer offers, if it is well formed: format 1, a height, 1..MAX_CHUNKS chunks with one 32-byte
 * hash each in the metadata, and hash = sha256(metadata). Returns why not otherwise.
 */
export function parseOffer(snapshot: { height: bigint; format: number; chunks: number; hash: Bytes; metadata: Bytes }): OfferedSnapshot | string {
  if (snapshot.height < 1n || snapshot.height > BigInt(Number.MAX_SAFE_INTEGER)) return `height ${snapshot.height} is out of range`;
  if (!Number.isSafeInteger(snapshot.chunks) || snapshot.chunks < 1 || snapshot.chunks > MAX_CHUNKS) return `${snapshot.chunks} chunks, not 1..${MAX_CHUNKS}`;
  if (snapshot.metadata.length !== snapshot.chunks * HASH_LENGTH) return `metadata of ${snapshot.metadata.length} bytes for ${snapshot.chunks} chunks`;
  if (!bytesEqual(sha256(snapshot.metadata), snapshot.hash)) return "hash is not sha256(metadata)";
  const chunkHashes: Bytes[] = [];
  for (let i = 0; i < snapshot.chunks; i++) chunkHashes.push(Buffer.from(snapshot.metadata.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH)));
  return { height: Number(snapshot.height), chunkHashes };
}

/**
 * Reads the entries back from verified chunks, in order. A chunk may end inside an entry, whose rest comes in
 * the next one. Throws on anything format 1 cannot produce.
 */
export class ChunkReader {
  readonly entries: Array<[Bytes, Bytes]> = [];
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Bytes): void {
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk);
    for (;;) {
      if (buf.length < 4) break;
      const keyLength = buf.readUInt32BE(0);
      if (keyLength < 1 || keyLength > MAX_KEY_LENGTH) throw new Error(`snapshot entry with a key of ${keyLength} bytes`);
      if (buf.length < 8 + keyLength) break;
      const valueLength = buf.readUInt32BE(4 + keyLength);
      const end = 8 + keyLength + valueLength;
      if (buf.length < end) break;
      const key = buf.subarray(4, 4 + keyLength);
      const last = this.entries[this.entries.length - 1];
      if (last !== undefined && compareBytes(last[0], key) >= 0) throw new Error("snapshot entries out of key order or repeated");
      this.entries.push([key, buf.subarray(8 + keyLength, end)]);
      buf = buf.subarray(end);
    }
    // Copied so the carry does not pin the whole chunk it came from.
    this.carry = Buffer.from(buf);
  }

  /** After the last chunk: the stream must end on an entry boundary. */
  finish(): Array<[Bytes, Bytes]> {
    if (this.carry.length > 0) throw new Error(`snapshot stream ends inside an entry (${this.carry.length} bytes left)`);
    return this.entries;
  }
}
