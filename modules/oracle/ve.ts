// The vote-extension price path (CometBFT v0.38 ABCI 2.0): what a validator puts in its precommit, and the
// proposer's tx 0 that carries the previous height's extended votes into the block for everyone to tally.
// decodeAndCompare re-encodes a power the way CometBFT wrote it only with the app's fix to cosmjs-types' 64-bit
// varints ([2^31, 2^32) was written wrong); this module must judge alike wherever it is loaded.
import "../../app/proto-binary";
import { createPublicKey, verify } from "node:crypto";
import { type CommitInfo, ExtendedCommitInfo, type ExtendedVoteInfo } from "cosmjs-types/tendermint/abci/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { startsWith } from "../../app/store/bytes";
import { type Dec } from "../../lib/fixed";
import { optchain } from "../../proto/gen/optchain";
import { type AssetPositions, decodePriceEntries, decodePricesAt, type PriceRow } from "./codec";
import type { Ballot } from "./keeper";
import { MAX_PRICE } from "./vote";

const pb = optchain.oracle.v1;

/**
 * Marks the injected tx. Its first byte (0x6f: field 13, wire type 7) can never start a protobuf TxRaw, so no
 * user tx decodes as one and this tx never decodes as a user tx.
 */
export const INJECTED_VOTES_PREFIX = Buffer.from("optchain/oracle/ve\x00", "utf8");
/** Far above 9 assets' worth (~200 bytes), far below anything that would slow consensus. */
export const MAX_VOTE_EXTENSION_BYTES = 4096;

export function encodeVoteExtension(prices: ReadonlyMap<string, Dec>): Uint8Array {
  const assets = [...prices.keys()].sort(compareNames);
  if (assets.length === 0) return new Uint8Array();
  const entries = assets.map((asset) => ({ asset, price: bigintBytes(prices.get(asset) ?? 0n) }));
  return pb.VoteExtensionPrices.encode(pb.VoteExtensionPrices.create({ prices: entries })).finish();
}

/**
 * The prices of an extension, or why it is malformed. Format and bounds only: size, whitelisted assets in
 * strictly increasing order, positive prices within vote.ts's bound, and the one canonical encoding (so
 * nobody can re-encode a signed extension). An empty extension abstains from every asset.
 */
export function decodeVoteExtension(bytes: Uint8Array, whitelist: ReadonlySet<string>): { prices: Map<string, Dec> } | { error: string } {
  if (bytes.length > MAX_VOTE_EXTENSION_BYTES) return { error: `extension of ${bytes.length} bytes, over ${MAX_VOTE_EXTENSION_BYTES}` };
  const entries = decodePriceEntries(bytes);
  if (typeof entries === "string") return { error: entries };
  for (const [asset, price] of entries) {
    if (!whitelist.has(asset)) return { error: `asset ${JSON.stringify(asset.slice(0, 40))} is not whitelisted` };
    if (price > MAX_PRICE) return { error: `price of ${asset} over the bound` };
  }
  return { prices: new Map(entries) };
}

/**
 * decodeVoteExtension's verdict, with the prices at their whitelist positions and the extension's own bytes:
 * the ballot stores them as they are (codec.ts's price entries are the VoteExtensionPrices wire form).
 * Canonical form is proved by reading the one layout encodeVoteExtension writes, byte by byte, rather than by
 * decoding and re-encoding, and names are matched as bytes against the whitelist (decodePricesAt): this runs
 * for 100 validators' votes every block.
 */
export function extensionBallot(bytes: Uint8Array, whitelist: AssetPositions, row?: PriceRow): Ballot | { error: string } {
  if (bytes.length > MAX_VOTE_EXTENSION_BYTES) return { error: `extension of ${bytes.length} bytes, over ${MAX_VOTE_EXTENSION_BYTES}` };
  const prices = decodePricesAt(bytes, whitelist, "refuse", row);
  if (typeof prices === "string") return { error: prices };
  // prices the row holds as two doubles are under 2^101, far below the bound
  for (const price of prices.wide ?? []) if (price !== undefined && price > MAX_PRICE) return { error: "a price over the bound" };
  return { prices, bytes };
}

/** Asked of every tx in CheckTx and FinalizeBlock: compared in place, which for a Cosmos tx (0x0a first) ends at once. */
export function isInjectedVotesTx(tx: Uint8Array): boolean {
  return startsWith(tx, INJECTED_VOTES_PREFIX);
}

export function encodeInjectedVotes(info: ExtendedCommitInfo): Uint8Array {
  return Buffer.concat([INJECTED_VOTES_PREFIX, ExtendedCommitInfo.encode(info).finish()]);
}

/** The extended commit info in an injected tx, only in its canonical encoding; undefined for anything else. */
export function decodeInjectedVotes(tx: Uint8Array): ExtendedCommitInfo | undefined {
  if (!isInjectedVotesTx(tx)) return undefined;
  const body = tx.subarray(INJECTED_VOTES_PREFIX.length);
  return readCommitLayout(body) ?? decodeAndCompare(body);
}

/**
 * The injected votes in the layout ExtendedCommitInfo.encode writes for a live commit, read in place: the round
 * (left out when 0) and every length a minimal varint under 2^28, then each vote with its validator (an address,
 * a positive power a double holds exactly), its extension and signature (left out when empty) and its flag (left out when 0,
 * else one byte), each field once and in field order. Undefined for anything else, which decodeAndCompare then
 * judges: what this accepts, decoding and re-encoding accepts with the same value (ve.injected.property.test.ts),
 * and decoding, re-encoding and comparing 100 votes was a fourteenth of the block.
 */
export function readCommitLayout(body: Uint8Array): ExtendedCommitInfo | undefined {
  const cursor = { pos: 0 };
  let round = 0;
  if (body[0] === 0x08) {
    cursor.pos = 1;
    round = readLength(body, cursor);
    if (!(round > 0)) return undefined;
  }
  const votes: ExtendedVoteInfo[] = [];
  while (cursor.pos < body.length) {
    if (body[cursor.pos++] !== 0x12) return undefined;
    const length = readLength(body, cursor);
    const end = cursor.pos + length;
    if (!(length >= 0 && end <= body.length)) return undefined;
    const vote = readVoteLayout(body, cursor, end);
    if (vote === undefined) return undefined;
    votes.push(vote);
  }
  return { round, votes };
}

function readVoteLayout(body: Uint8Array, cursor: { pos: number }, end: number): ExtendedVoteInfo | undefined {
  if (body[cursor.pos++] !== 0x0a) return undefined;
  const validatorLength = readLength(body, cursor);
  const validatorEnd = cursor.pos + validatorLength;
  if (!(validatorLength > 0 && validatorEnd <= end) || body[cursor.pos++] !== 0x0a) return undefined;
  const addressLength = readLength(body, cursor);
  const address = body.subarray(cursor.pos, (cursor.pos += addressLength));
  if (!(addressLength > 0 && cursor.pos < validatorEnd) || body[cursor.pos++] !== 0x18) return undefined;
  // a power past 2^53 (CometBFT allows up to 2^60 - 1) would round here: those votes go to decodeAndCompare
  let power = 0;
  let scale = 1;
  for (let i = 0; ; i++, scale *= 128) {
    const byte = body[cursor.pos++];
    if (i === 8 || byte === undefined) return undefined;
    power += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (byte === 0) return undefined;
      break;
    }
  }
  if (!(power <= Number.MAX_SAFE_INTEGER) || cursor.pos !== validatorEnd) return undefined;
  const voteExtension = optionalBytes(body, cursor, end, 0x1a);
  const extensionSignature = optionalBytes(body, cursor, end, 0x22);
  if (voteExtension === undefined || extensionSignature === undefined) return undefined;
  let blockIdFlag = 0;
  if (cursor.pos < end) {
    if (body[cursor.pos++] !== 0x28) return undefined;
    blockIdFlag = body[cursor.pos++];
    if (!(blockIdFlag > 0 && blockIdFlag < 0x80)) return undefined;
  }
  if (cursor.pos !== end) return undefined;
  // the field order of cosmjs-types' own objects, so every reader of a vote sees one shape
  return { validator: { address, power: BigInt(power) }, voteExtension, extensionSignature, blockIdFlag };
}


/** A non-empty bytes field with tag `tag` at the cursor, or an empty one when the field is not there; undefined: malformed. */
function optionalBytes(body: Uint8Array, cursor: { pos: number }, end: number, tag: number): Uint8Array | undefined {
  if (cursor.pos >= end || body[cursor.pos] !== tag) return new Uint8Array();
  cursor.pos++;
  const length = readLength(body, cursor);
  const to = cursor.pos + length;
  if (!(length > 0 && to <= end)) return undefined;
  const bytes = body.subarray(cursor.pos, to);
  cursor.pos = to;
  return bytes;
}

/** A minimal varint under 2^28 at the cursor, moved past it; -1 for anything else. */
function readLength(bytes: Uint8Array, cursor: { pos: number }): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 4; i++, scale *= 128) {
    const byte = bytes[cursor.pos++];
    if (byte === undefined) return -1;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return i > 0 && byte === 0 ? -1 : value;
  }
  return -1;
}

/** Any other encoding: decoded, then accepted only if re-encoding gives its bytes back. */
function decodeAndCompare(body: Uint8Array): ExtendedCommitInfo | undefined {
  try {
    const info = ExtendedCommitInfo.decode(body);
    // compared in place: the 100 extensions are most of these bytes, and copying both sides doubled the work
    return Buffer.compare(ExtendedCommitInfo.encode(info).finish(), body) === 0 ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CometBFT's VoteExtensionSignBytes: the length-delimited proto3 CanonicalVoteExtension {extension = 1,
 * sfixed64 height = 2, sfixed64 round = 3, chain_id = 4}, default values left out as proto3 does.
 */
export function voteExtensionSignBytes(extension: Uint8Array, height: bigint, round: number, chainId: string): Buffer {
  const parts: Buffer[] = [];
  if (extension.length > 0) parts.push(Buffer.from([0x0a]), uvarint(extension.length), Buffer.from(extension));
  if (height !== 0n) parts.push(Buffer.from([0x11]), fixed64(height));
  if (round !== 0) parts.push(Buffer.from([0x19]), fixed64(BigInt(round)));
  const chain = Buffer.from(chainId, "utf8");
  if (chain.length > 0) parts.push(Buffer.from([0x22]), uvarint(chain.length), chain);
  const body = Buffer.concat(parts);
  return Buffer.concat([uvarint(body.length), body]);
}

/** RFC 8032 verification through OpenSSL: the same verdict on every node. */
export function verifyEd25519(pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (pubkey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pubkey]), format: "der", type: "spki" });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

export interface InjectedVotesCheck {
  chainId: string;
  /** The height the votes were cast at: the block's height minus one. */
  height: bigint;
  /** CometBFT's own record of that commit (ProcessProposal's proposed_last_commit). */
  lastCommit: CommitInfo;
  /** The ed25519 consensus key behind a 20-byte validator address, if the chain knows it. */
  pubkeyOf(address: Uint8Array): Uint8Array | undefined;
  whitelist: ReadonlySet<string>;
}

/**
 * Why the proposer's injected votes must be refused, or undefined when they are sound (Connect's
 * ValidateOracleVotes, checked against CometBFT's own last commit). Each vote must be the commit's vote for
 * the same validator, power and flag in the same order, so a dropped vote (a committed validator shown
 * absent or left out) is seen; every committed vote's extension must carry that validator's signature over
 * the CanonicalVoteExtension and be well formed; an absent or nil vote carries nothing; and the signed
 * votes must hold at least 2/3 of the power.
 */
export function checkInjectedVotes(info: ExtendedCommitInfo, check: InjectedVotesCheck): string | undefined {
  const committed = check.lastCommit.votes;
  if (info.round !== check.lastCommit.round) return `votes of round ${info.round}, the last commit is of round ${check.lastCommit.round}`;
  if (info.votes.length !== committed.length) return `${info.votes.length} votes for a last commit of ${committed.length} validators`;
  let total = 0n;
  let signed = 0n;
  for (let i = 0; i < committed.length; i++) {
    const vote = info.votes[i];
    const expected = committed[i];
    const address = Buffer.from(vote.validator?.address ?? []);
    if (!address.equals(Buffer.from(expected.validator?.address ?? [])) || vote.validator?.power !== expected.validator?.power) {
      return `vote ${i} is not the last commit's validator ${Buffer.from(expected.validator?.address ?? []).toString("hex")}`;
    }
    if (vote.blockIdFlag !== expected.blockIdFlag) return `vote ${i} (${address.toString("hex")}) has flag ${vote.blockIdFlag}, the last commit has ${expected.blockIdFlag}`;
    const power = expected.validator.power;
    total += power;
    if (vote.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT) {
      if (vote.voteExtension.length > 0 || vote.extensionSignature.length > 0) return `vote ${i} (${address.toString("hex")}) did not commit but carries an extension`;
      continue;
    }
    const pubkey = check.pubkeyOf(address);
    if (!pubkey) return `vote ${i}: no consensus key known for ${address.toString("hex")}`;
    if (!verifyEd25519(pubkey, voteExtensionSignBytes(vote.voteExtension, check.height, info.round, check.chainId), vote.extensionSignature)) {
      return `vote ${i} (${address.toString("hex")}): the extension signature does not verify`;
    }
    const decoded = decodeVoteExtension(vote.voteExtension, check.whitelist);
    if ("error" in decoded) return `vote ${i} (${address.toString("hex")}): ${decoded.error}`;
    signed += power;
  }
  if (total === 0n || signed * 3n < total * 2n) return `signed votes hold ${signed} of ${total} power, under 2/3`;
  return undefined;
}

/**
 * A committed vote's prices, from injected votes the block already carries (ProcessProposal checked them):
 * undefined for a vote without a commit or prices, and for a malformed extension, which counts as an
 * abstention, never a throw.
 */
export function ballotOfVote(vote: ExtendedVoteInfo, whitelist: AssetPositions, newRow?: () => PriceRow): Ballot | undefined {
  if (vote.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT || vote.voteExtension.length === 0) return undefined;
  const ballot = extensionBallot(vote.voteExtension, whitelist, newRow?.());
  return "error" in ballot ? undefined : ballot;
}

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bigintBytes(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, "hex");
}

export function uvarint(value: number): Buffer {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}

function fixed64(value: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(value);
  return out;
}
