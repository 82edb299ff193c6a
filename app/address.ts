import { createHash, hash } from "node:crypto";
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { BECH32_PREFIX, VALCONS_PREFIX, VALOPER_PREFIX } from "./config";
import { ErrInvalidAddress } from "./errors";
import { byteString } from "./store/bytes";

export function sha256(data: Uint8Array): Buffer {
  return hash("sha256", data, "buffer");
}

/**
 * SDK account address: ripemd160(sha256(33-byte compressed secp256k1 key)). The ante derives it for every new
 * tx's signer from the few keys that sign most txs; the hashes are pure, so results are remembered, keyed on the
 * key's exact bytes (3-8 µs hashed against under 1 µs remembered). Bounded, and dropped whole when full.
 */
export function addressFromPubkey(compressedPubkey: Uint8Array): Uint8Array {
  const id = byteString(compressedPubkey);
  const known = pubkeyAddressMemo.get(id) ?? remember(pubkeyAddressMemo, id, hashPubkeyToAddress(compressedPubkey));
  return Uint8Array.from(known);
}

function hashPubkeyToAddress(compressedPubkey: Uint8Array): Uint8Array {
  return createHash("ripemd160").update(sha256(compressedPubkey)).digest();
}

/** SDK module accounts: the first 20 bytes of sha256(module name). */
export function moduleAddress(name: string): Uint8Array {
  return sha256(Buffer.from(name)).subarray(0, 20);
}

/** CometBFT's validator address: the first 20 bytes of sha256(ed25519 public key). */
export function consensusAddress(ed25519Pubkey: Uint8Array): Uint8Array {
  return sha256(ed25519Pubkey).subarray(0, 20);
}

/** CosmJS 0.39 defaults to an unlimited length, which @scure/base 2.4 rejects; 90 is bech32's own limit. */
export const BECH32_MAX_LENGTH = 90;

/**
 * Every tx decodes and encodes the same few addresses several times; bech32 is pure, so remembering
 * recent results changes no outcome. Bounded, and dropped whole when full.
 */
const MEMO_LIMIT = 50_000;
const decodedMemo = new Map<string, Uint8Array>();
const encodedMemo = new Map<string, string>();
const pubkeyAddressMemo = new Map<string, Uint8Array>();

function remember<V>(memo: Map<string, V>, id: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(id, value);
  return value;
}

function decode(address: string, prefix: string, what: string): Uint8Array {
  const id = `${prefix}|${address}`;
  const known = decodedMemo.get(id);
  if (known) return Uint8Array.from(known);
  return Uint8Array.from(remember(decodedMemo, id, decodeUncached(address, prefix, what)));
}

function encode(prefix: string, bytes: Uint8Array): string {
  const id = `${prefix}|${Buffer.from(bytes).toString("hex")}`;
  return encodedMemo.get(id) ?? remember(encodedMemo, id, toBech32(prefix, bytes));
}

/**
 * Every address is 20 bytes (pubkey hashes, module and consensus addresses alike), so store keys that embed
 * one need no length prefix and a key can never be read as another address's key.
 */
export const ADDRESS_BYTES = 20;

/**
 * The one spelling accepted: lower-case bech32 of exactly 20 bytes under the expected prefix. bech32 also
 * accepts the all-upper-case form, and a second spelling of the same bytes would slip past every comparison
 * of strings, so it is refused rather than normalised.
 */
function decodeUncached(address: string, prefix: string, what: string): Uint8Array {
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address, BECH32_MAX_LENGTH);
  } catch (err) {
    throw ErrInvalidAddress.wrap(`invalid ${what} "${address}" (${(err as Error).message})`);
  }
  if (decoded.prefix !== prefix) throw ErrInvalidAddress.wrap(`${what} "${address}" must start with "${prefix}1"`);
  if (decoded.data.length !== ADDRESS_BYTES) {
    throw ErrInvalidAddress.wrap(`${what} "${address}" must be ${ADDRESS_BYTES} bytes, got ${decoded.data.length}`);
  }
  if (address !== address.toLowerCase()) throw ErrInvalidAddress.wrap(`${what} "${address}" must be lower case`);
  return decoded.data;
}

export function accAddressBytes(address: string): Uint8Array {
  return decode(address, BECH32_PREFIX, "account address");
}

export function valoperBytes(address: string): Uint8Array {
  return decode(address, VALOPER_PREFIX, "validator operator address");
}

export function valconsBytes(address: string): Uint8Array {
  return decode(address, VALCONS_PREFIX, "validator consensus address");
}

export function toValcons(bytes: Uint8Array): string {
  return encode(VALCONS_PREFIX, bytes);
}

export function toAccAddress(bytes: Uint8Array): string {
  return encode(BECH32_PREFIX, bytes);
}

export function toValoper(bytes: Uint8Array): string {
  return encode(VALOPER_PREFIX, bytes);
}

/** An address as a store key component, unprefixed: only the one accepted length may enter a key. */
export function addressKeyPart(address: Uint8Array): Uint8Array {
  if (address.length !== ADDRESS_BYTES) throw new Error(`a ${address.length}-byte address cannot be part of a store key`);
  return address;
}

export function sameAddress(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Account addresses given as bech32 strings, equal when their bytes are; an invalid one is refused. */
export function sameAccAddress(a: string, b: string): boolean {
  return sameAddress(accAddressBytes(a), accAddressBytes(b));
}

/** Whether `address` is in `list`, all account addresses as bech32, compared by bytes. */
export function includesAccAddress(list: readonly string[], address: string): boolean {
  const bytes = accAddressBytes(address);
  return list.some((known) => sameAddress(accAddressBytes(known), bytes));
}

/** A set of addresses keyed by their bytes, so membership cannot depend on how an address was spelled. */
export class AddressSet {
  private readonly members = new Set<string>();

  constructor(addresses: Iterable<Uint8Array> = []) {
    for (const address of addresses) this.add(address);
  }

  add(address: Uint8Array): void {
    this.members.add(Buffer.from(address).toString("hex"));
  }

  has(address: Uint8Array): boolean {
    return this.members.has(Buffer.from(address).toString("hex"));
  }
}
