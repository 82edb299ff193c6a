import { BUCKET_COUNT, HASH_LENGTH, TREE_DEPTH, innerHash } from "./merkle";
import type { Bytes } from "./types";

/** Node index → hash of nodes that differ from the committed tree; see BucketTree for the numbering. */
export type Overlay = Map<number, Bytes>;

/**
 * The 16 levels of inner nodes plus the bucket hashes, in memory (4 MiB), in heap order: node 1 is the root,
 * node i has children 2i and 2i+1, bucket b is node BUCKET_COUNT + b. Keeping every level resident makes
 * a root update cost 16 hashes per touched bucket and a proof's siblings free to read.
 */
export class BucketTree {
  private readonly nodes = new Uint8Array(2 * BUCKET_COUNT * HASH_LENGTH);

  /** bucketHashes: the non-empty buckets, any order. */
  static build(bucketHashes: Iterable<[number, Bytes]>): BucketTree {
    const tree = new BucketTree();
    for (const [bucket, h] of bucketHashes) tree.write(BUCKET_COUNT + bucket, h);
    for (let i = BUCKET_COUNT - 1; i >= 1; i--) tree.write(i, innerHash(tree.node(2 * i), tree.node(2 * i + 1)));
    return tree;
  }

  root(): Bytes {
    return Buffer.from(this.node(1));
  }

  /** The 16 sibling hashes on the path from the bucket to the root, bucket level first. */
  siblings(bucket: number): Bytes[] {
    const out: Bytes[] = [];
    for (let i = BUCKET_COUNT + bucket; i > 1; i >>= 1) out.push(Buffer.from(this.node(i ^ 1)));
    return out;
  }

  /**
   * The root and the changed nodes if the given buckets had the given hashes. Pure: the committed nodes are
   * only read, so an abandoned block leaves nothing behind.
   */
  withBuckets(buckets: ReadonlyArray<[number, Bytes]>): { root: Bytes; overlay: Overlay } {
    const overlay: Overlay = new Map();
    let level = new Set<number>();
    for (const [bucket, h] of buckets) {
      overlay.set(BUCKET_COUNT + bucket, h);
      level.add((BUCKET_COUNT + bucket) >> 1);
    }
    const read = (i: number): Bytes => overlay.get(i) ?? this.node(i);
    for (let depth = TREE_DEPTH; depth > 0; depth--) {
      const parents = new Set<number>();
      for (const i of level) {
        overlay.set(i, innerHash(read(2 * i), read(2 * i + 1)));
        parents.add(i >> 1);
      }
      level = parents;
    }
    return { root: Buffer.from(read(1)), overlay };
  }

  apply(overlay: Overlay): void {
    for (const [i, h] of overlay) this.write(i, h);
  }

  private node(i: number): Bytes {
    return this.nodes.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
  }

  private write(i: number, h: Bytes): void {
    this.nodes.set(h, i * HASH_LENGTH);
  }
}
