// ABCI state sync (the snapshot connection): this node serves snapshots of its committed state to new nodes,
// and a new node restores one instead of replaying every block from genesis.
//
// On disk, <dir>/<height>/ holds chunk-<i> files and snapshot.json (written last: a directory without one is
// an interrupted snapshot and is removed at start). A snapshot is first written under <dir>/tmp-<height>/ and
// renamed into place whole, so a peer never loads a chunk of a half-written one.
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type * as abci from "cosmjs-types/tendermint/abci/types";
import { ResponseApplySnapshotChunk_Result as ApplyResult, ResponseOfferSnapshot_Result as OfferResult } from "cosmjs-types/tendermint/abci/types";
import type { CommitStore } from "../store/commit-store";
import { bytesEqual } from "../store/bytes";
import { HASH_LENGTH, sha256 } from "../store/merkle";
import {
  ChunkReader,
  ChunkWriter,
  DEFAULT_CHUNK_SIZE,
  MAX_CHUNK_BYTES,
  type OfferedSnapshot,
  SNAPSHOT_FORMAT,
  encodeMetadata,
  parseOffer,
} from "../store/snapshot";
import type { Logger } from "../logger";

type ExportView = ReturnType<CommitStore["exportView"]>;

export interface SnapshotOptions {
  /** Where snapshots are kept (optd: <home>/data/snapshots). */
  dir: string;
  /** Take one after every Commit of a multiple of this height; 0 takes none (they are still restored). */
  interval: number;
  /** Snapshots kept, newest first; 0 keeps all. */
  keepRecent: number;
  chunkSize?: number;
}

interface StoredSnapshot {
  height: number;
  format: number;
  chunks: number;
  /** hex */
  hash: string;
  /** hex: the chunk hashes */
  metadata: string;
}

interface Restore {
  offer: OfferedSnapshot;
  appHash: Buffer;
  next: number;
  reader: ChunkReader;
}

/** Entries read between yields to the event loop while a snapshot is written, so ABCI requests are not held up. */
const ENTRIES_PER_TURN = 2_000;

export class SnapshotManager {
  private readonly snapshots: StoredSnapshot[] = [];
  private taking: Promise<void> | undefined;
  /** The read transaction of the snapshot being written. */
  private view: ExportView | undefined;
  private restoring: Restore | undefined;
  private closed = false;
  private readonly chunkSize: number;

  /** onRestored runs once a snapshot is in the store, so the app reloads what it keeps in memory from state. */
  constructor(
    private readonly store: CommitStore,
    private readonly options: SnapshotOptions,
    private readonly log: Logger,
    private readonly onRestored: () => void,
  ) {
    for (const [name, value] of [["interval", options.interval], ["keep-recent", options.keepRecent]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`snapshot ${name} must be a non-negative integer, got ${value}`);
    }
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    mkdirSync(options.dir, { recursive: true });
    for (const name of readdirSync(options.dir)) {
      const stored = /^[1-9][0-9]*$/.test(name) ? readStored(path.join(options.dir, name)) : undefined;
      if (stored && stored.height === Number(name)) this.snapshots.push(stored);
      else rmSync(path.join(options.dir, name), { recursive: true, force: true });
    }
    this.snapshots.sort((a, b) => a.height - b.height);
  }

  /** The snapshot being written, if any (tests wait on it). */
  get inProgress(): Promise<void> | undefined {
    return this.taking;
  }

  /**
   * Called right after a Commit: at a multiple of the interval, starts writing a snapshot of that committed
   * height in the background and returns at once. One at a time; a height that comes while one is being
   * written is skipped, as in the SDK.
   */
  afterCommit(height: number): void {
    if (this.options.interval === 0 || height % this.options.interval !== 0 || this.taking || this.closed) return;
    // Opened now, before any later block commits: the view is exactly this height's state.
    const view = (this.view = this.store.exportView());
    this.taking = this.write(view)
      .catch((err: unknown) => this.log.error(`snapshot at height ${view.height} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.release();
        this.taking = undefined;
      });
  }

  /**
   * Before the store closes: a snapshot being written stops at its next step without reading the store again
   * (its partial files are removed at the next start).
   */
  close(): void {
    this.closed = true;
    this.release();
  }

  private release(): void {
    this.view?.done();
    this.view = undefined;
  }

  /**
   * Commit's retain_height for a node that wants to keep only blocks from `wanted` on: lowered, as in the SDK, so
   * CometBFT keeps interval × keep-recent blocks and every block after the oldest snapshot served, which a node
   * restoring it fetches next. 0 keeps every block.
   */
  retainHeight(wanted: bigint, height: bigint): bigint {
    const { interval, keepRecent } = this.options;
    let retain = wanted;
    if (interval > 0) {
      // Every snapshot is kept, so every block after the first one is needed.
      if (keepRecent === 0) return 0n;
      const window = height - BigInt(interval) * BigInt(keepRecent);
      if (window < retain) retain = window;
      const oldest = this.snapshots[0]?.height;
      if (oldest !== undefined && BigInt(oldest) < retain) retain = BigInt(oldest);
    }
    return retain > 0n ? retain : 0n;
  }

  listSnapshots(): abci.ResponseListSnapshots {
    return {
      snapshots: this.snapshots.map((s) => ({
        height: BigInt(s.height),
        format: s.format,
        chunks: s.chunks,
        hash: Buffer.from(s.hash, "hex"),
        metadata: Buffer.from(s.metadata, "hex"),
      })),
    };
  }

  loadSnapshotChunk(req: abci.RequestLoadSnapshotChunk): abci.ResponseLoadSnapshotChunk {
    const stored = this.snapshots.find((s) => BigInt(s.height) === req.height && s.format === req.format);
    if (!stored || req.chunk >= stored.chunks) return { chunk: new Uint8Array() };
    try {
      return { chunk: readFileSync(chunkPath(path.join(this.options.dir, String(stored.height)), req.chunk)) };
    } catch {
      // Pruned while a peer was fetching it: an empty chunk makes CometBFT ask another peer.
      return { chunk: new Uint8Array() };
    }
  }

  offerSnapshot(req: abci.RequestOfferSnapshot): abci.ResponseOfferSnapshot {
    this.restoring = undefined;
    const snapshot = req.snapshot;
    if (!snapshot) return { result: OfferResult.REJECT };
    if (snapshot.format !== SNAPSHOT_FORMAT) return { result: OfferResult.REJECT_FORMAT };
    // CometBFT offers snapshots only to a node with no state; anything else would overwrite committed state.
    if (this.store.lastHeight !== 0) {
      this.log.error(`refusing a snapshot offer: the store already holds height ${this.store.lastHeight}`);
      return { result: OfferResult.ABORT };
    }
    const offer = parseOffer(snapshot);
    if (typeof offer === "string" || req.appHash.length !== HASH_LENGTH) {
      this.log.error(`rejecting the snapshot offered at height ${snapshot.height}: ${typeof offer === "string" ? offer : "trusted app hash is not 32 bytes"}`);
      return { result: OfferResult.REJECT };
    }
    this.restoring = { offer, appHash: Buffer.from(req.appHash), next: 0, reader: new ChunkReader() };
    this.log.info(`restoring the snapshot at height ${offer.height}: ${offer.chunkHashes.length} chunk(s)`);
    return { result: OfferResult.ACCEPT };
  }

  /**
   * Chunks arrive in order. Each is checked against its hash in the metadata before it is read; nothing is
   * written to the store until the last one, and then only if the state they hold has the trusted app hash.
   */
  applySnapshotChunk(req: abci.RequestApplySnapshotChunk): abci.ResponseApplySnapshotChunk {
    const answer = (result: ApplyResult, refetchChunks: number[] = [], rejectSenders: string[] = []) => ({ result, refetchChunks, rejectSenders });
    const restore = this.restoring;
    if (!restore) return answer(ApplyResult.ABORT);
    const { index, chunk, sender } = req;
    const hashes = restore.offer.chunkHashes;
    const senders = sender === "" ? [] : [sender];
    if (index >= hashes.length) return this.reject(`chunk index ${index} of ${hashes.length}`, senders);
    // A corrupt chunk is the sender's fault, not the snapshot's: fetch it again from someone else.
    if (chunk.length > MAX_CHUNK_BYTES || !bytesEqual(sha256(chunk), hashes[index])) {
      this.log.error(`snapshot chunk ${index} from ${sender || "?"} does not match its hash; refetching it from another peer`);
      return answer(ApplyResult.RETRY, [index], senders);
    }
    // The same verified bytes again (a refetch): already read.
    if (index < restore.next) return answer(ApplyResult.ACCEPT);
    if (index > restore.next) {
      this.restoring = undefined;
      this.log.error(`snapshot chunk ${index} came before chunk ${restore.next}; restarting the snapshot`);
      return answer(ApplyResult.RETRY_SNAPSHOT);
    }
    try {
      restore.reader.push(chunk);
      restore.next++;
      if (restore.next < hashes.length) return answer(ApplyResult.ACCEPT);
      this.store.restore(restore.offer.height, restore.reader.finish(), restore.appHash);
    } catch (err) {
      // The chunks match the metadata, so the snapshot itself is bad.
      return this.reject(err instanceof Error ? err.message : String(err), senders);
    }
    this.restoring = undefined;
    this.onRestored();
    this.log.info(`restored height ${restore.offer.height} from a snapshot, app hash ${restore.appHash.toString("hex").toUpperCase()}`);
    return answer(ApplyResult.ACCEPT);
  }

  private reject(reason: string, rejectSenders: string[]): abci.ResponseApplySnapshotChunk {
    this.log.error(`rejecting the snapshot at height ${this.restoring?.offer.height}: ${reason}`);
    this.restoring = undefined;
    return { result: ApplyResult.REJECT_SNAPSHOT, refetchChunks: [], rejectSenders };
  }

  private async write(view: ExportView): Promise<void> {
    const height = view.height;
    const tmp = path.join(this.options.dir, `tmp-${height}`);
    const final = path.join(this.options.dir, String(height));
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const writer = new ChunkWriter(this.chunkSize);
    const hashes: Buffer[] = [];
    const save = async (chunks: Buffer[]) => {
      for (const chunk of chunks) {
        await writeFile(chunkPath(tmp, hashes.length), chunk);
        hashes.push(sha256(chunk));
      }
    };
    const entries = view.entries[Symbol.iterator]();
    for (let read = 1; ; read++) {
      // Checked before every read: after close() the transaction is gone.
      if (this.closed) throw new Error("the node is stopping");
      const next = entries.next();
      if (next.done) break;
      await save(writer.push(next.value[0], next.value[1]));
      if (read % ENTRIES_PER_TURN === 0) await nextTurn();
    }
    await save(writer.finish());
    if (this.closed) throw new Error("the node is stopping");
    const metadata = encodeMetadata(hashes);
    const stored: StoredSnapshot = {
      height,
      format: SNAPSHOT_FORMAT,
      chunks: hashes.length,
      hash: sha256(metadata).toString("hex"),
      metadata: metadata.toString("hex"),
    };
    await writeFile(path.join(tmp, "snapshot.json"), JSON.stringify(stored));
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    const same = this.snapshots.findIndex((s) => s.height === height);
    if (same >= 0) this.snapshots.splice(same, 1);
    this.snapshots.push(stored);
    this.snapshots.sort((a, b) => a.height - b.height);
    this.log.info(`snapshot at height ${height}: ${stored.chunks} chunk(s) in ${final}`);
    const keep = this.options.keepRecent;
    if (keep > 0) {
      for (const old of this.snapshots.splice(0, Math.max(0, this.snapshots.length - keep))) {
        await rm(path.join(this.options.dir, String(old.height)), { recursive: true, force: true });
      }
    }
  }
}

function chunkPath(dir: string, index: number): string {
  return path.join(dir, `chunk-${index}`);
}

function readStored(dir: string): StoredSnapshot | undefined {
  try {
    const stored = JSON.parse(readFileSync(path.join(dir, "snapshot.json"), "utf8")) as StoredSnapshot;
    return stored.format === SNAPSHOT_FORMAT ? stored : undefined;
  } catch {
    return undefined;
  }
}
