// Proofs of presence and absence against an app hash. Pure (no lmdb), so light clients can import it.
//
// Binary layout, all integers big-endian:
//
//   offset      size     field
//   0           1        format, = 1
//   1           4        n, number of entries in the key's bucket
//   5           64 × n   entries: sha256(k) (32) ‖ leaf hash (32), strictly ascending by sha256(k)
//   5 + 64n     32 × 16  sibling hashes from the bucket level up to the root's children
//
// The whole bucket is sent (about 15 entries at a million keys): it proves absence without an ordering
// argument, and presence by matching the leaf of (key, value). The bucket hash covers every sha256(k) as well
// as its leaf, so an entry cannot be relabelled to hide a present key. The bucket index is not sent; it is the first
// two bytes of sha256(key), and its bits pick the side of each sibling (bit 0 for the bucket level).
import { bytesEqual, compareBytes } from "./bytes";
import { HASH_LENGTH, TREE_DEPTH, bucketHash, bucketOf, innerHash, leafHash, sha256 } from "./merkle";
import type { BucketEntry } from "./merkle";
import type { Bytes } from "./types";

export type { BucketEntry };

/** ProofOp type for ABCI query responses carrying these proofs. */
export const PROOF_OP_TYPE = "optchain:bucket";

/** Root of the empty state. */
export const EMPTY_ROOT: Bytes = new Uint8Array(HASH_LENGTH);

const PROOF_FORMAT = 1;
const ENTRY_LENGTH = 2 * HASH_LENGTH;
const HEADER_LENGTH = 5;

export interface DecodedProof {
  entries: BucketEntry[];
  /** TREE_DEPTH hashes, bucket level first. */
  siblings: Bytes[];
}

export function encodeProof(p: DecodedProof): Bytes {
  if (p.siblings.length !== TREE_DEPTH) throw new Error(`proof needs ${TREE_DEPTH} siblings, got ${p.siblings.length}`);
  const out = Buffer.alloc(HEADER_LENGTH + ENTRY_LENGTH * p.entries.length + HASH_LENGTH * TREE_DEPTH);
  out[0] = PROOF_FORMAT;
  out.writeUInt32BE(p.entries.length, 1);
  let at = HEADER_LENGTH;
  for (const e of p.entries) {
    out.set(e.keyHash, at);
    out.set(e.leaf, at + HASH_LENGTH);
    at += ENTRY_LENGTH;
  }
  for (const s of p.siblings) {
    out.set(s, at);
    at += HASH_LENGTH;
  }
  return out;
}

/** undefined for anything malformed, including entries out of order or outside one bucket. */
export function decodeProof(proof: Bytes): DecodedProof | undefined {
  if (!(proof instanceof Uint8Array) || proof.length < HEADER_LENGTH || proof[0] !== PROOF_FORMAT) return undefined;
  const n = Buffer.from(proof.buffer, proof.byteOffset, proof.byteLength).readUInt32BE(1);
  if (proof.length !== HEADER_LENGTH + ENTRY_LENGTH * n + HASH_LENGTH * TREE_DEPTH) return undefined;
  const entries: BucketEntry[] = [];
  let at = HEADER_LENGTH;
  for (let i = 0; i < n; i++) {
    const keyHash = proof.subarray(at, at + HASH_LENGTH);
    if (i > 0) {
      const prev = entries[i - 1].keyHash;
      if (compareBytes(prev, keyHash) >= 0 || bucketOf(prev) !== bucketOf(keyHash)) return undefined;
    }
    entries.push({ keyHash, leaf: proof.subarray(at + HASH_LENGTH, at + ENTRY_LENGTH) });
    at += ENTRY_LENGTH;
  }
  const siblings: Bytes[] = [];
  for (let i = 0; i < TREE_DEPTH; i++, at += HASH_LENGTH) siblings.push(proof.subarray(at, at + HASH_LENGTH));
  return { entries, siblings };
}

/** True when proof shows key holds value (value undefined: key is absent) in the state committed by root. */
export function verifyProof(root: Bytes, key: Bytes, value: Bytes | undefined, proof: Bytes): boolean {
  if (!(root instanceof Uint8Array) || root.length !== HASH_LENGTH || !(key instanceof Uint8Array)) return false;
  const decoded = decodeProof(proof);
  if (decoded === undefined) return false;
  const keyHash = sha256(key);
  const bucket = bucketOf(keyHash);
  if (decoded.entries.length > 0 && bucketOf(decoded.entries[0].keyHash) !== bucket) return false;
  const own = decoded.entries.find((e) => bytesEqual(e.keyHash, keyHash));
  if (value === undefined) {
    if (own !== undefined) return false;
  } else if (own === undefined || !bytesEqual(own.leaf, leafHash(key, value))) {
    return false;
  }
  let node = bucketHash(decoded.entries);
  for (let level = 0; level < TREE_DEPTH; level++) {
    const sibling = decoded.siblings[level];
    node = (bucket >> level) & 1 ? innerHash(sibling, node) : innerHash(node, sibling);
  }
  return bytesEqual(node, root);
}
