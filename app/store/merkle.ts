// Hashing rules of the bucket tree, shared by the store and the proof verifier (which must not load lmdb).
//
//   leaf(k, v)   = sha256(0x00 ‖ uint32be(len k) ‖ k ‖ sha256(v))
//   bucket(b)    = sha256(0x02 ‖ (sha256(k) ‖ leaf(k, v)) for each key in b, ascending by sha256(k)),
//                  or 32 zero bytes if b is empty
//   inner(l, r)  = 32 zero bytes if both are zero, else sha256(0x01 ‖ l ‖ r)
//   root         = the node at the top of a complete binary tree of depth 16 over the 65,536 buckets
//
// Distinct prefix bytes keep leaves, buckets and inner nodes from ever being confused for one another.
// The bucket hash commits to each sha256(k) beside its leaf: a proof of absence shows that sha256(k) is not
// among the bucket's entries, and were the hashes of keys not committed, a prover could relabel the entry of
// a present key and "prove" it absent.
// Bucket b of key k is the first two bytes of sha256(k), so a bucket holds a uniform share of the state
// whatever the key layout of the modules, and a change to one key rehashes one bucket and 16 ancestors.
import { hash } from "node:crypto";
import type { Bytes } from "./types";

export const HASH_LENGTH = 32;
export const TREE_DEPTH = 16;
export const BUCKET_COUNT = 1 << TREE_DEPTH;

const LEAF_PREFIX = 0x00;
const INNER_PREFIX = 0x01;
const BUCKET_PREFIX = 0x02;

/** Shared and never written: callers copy hashes before storing them in mutable places. */
export const ZERO_HASH: Bytes = new Uint8Array(HASH_LENGTH);

export function sha256(data: Bytes): Buffer {
  return hash("sha256", data, "buffer");
}

export function isZeroHash(h: Bytes): boolean {
  for (let i = 0; i < HASH_LENGTH; i++) if (h[i] !== 0) return false;
  return true;
}

export function bucketOf(keyHash: Bytes): number {
  return (keyHash[0] << 8) | keyHash[1];
}

export function leafHash(key: Bytes, value: Bytes): Buffer {
  const buf = Buffer.allocUnsafe(1 + 4 + key.length + HASH_LENGTH);
  buf[0] = LEAF_PREFIX;
  buf.writeUInt32BE(key.length, 1);
  buf.set(key, 5);
  buf.set(sha256(value), 5 + key.length);
  return sha256(buf);
}

/** One key of a bucket: sha256(k) and the leaf hash of (k, v). */
export interface BucketEntry {
  keyHash: Bytes;
  leaf: Bytes;
}

/** entries must already be in ascending order of keyHash. */
export function bucketHash(entries: readonly BucketEntry[]): Bytes {
  if (entries.length === 0) return ZERO_HASH;
  const buf = Buffer.allocUnsafe(1 + 2 * HASH_LENGTH * entries.length);
  buf[0] = BUCKET_PREFIX;
  let at = 1;
  for (const e of entries) {
    buf.set(e.keyHash, at);
    buf.set(e.leaf, at + HASH_LENGTH);
    at += 2 * HASH_LENGTH;
  }
  return sha256(buf);
}

const innerScratch = Buffer.allocUnsafe(1 + 2 * HASH_LENGTH);

export function innerHash(left: Bytes, right: Bytes): Bytes {
  if (isZeroHash(left) && isZeroHash(right)) return ZERO_HASH;
  // sha256 copies its input synchronously, so one scratch buffer serves every call.
  innerScratch[0] = INNER_PREFIX;
  innerScratch.set(left, 1);
  innerScratch.set(right, 1 + HASH_LENGTH);
  return sha256(innerScratch);
}
