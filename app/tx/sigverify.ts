import { hash } from "node:crypto";
// The bindings entry loads only the native libsecp256k1 addon: the package's main entry silently falls back
// to pure-JS elliptic when the addon is missing, which is ~25x slower and may judge edge cases differently.
import secp256k1 from "secp256k1/bindings";

/** n/2 of secp256k1, big-endian: signatures with a larger S are malleable copies and are refused, as in the SDK. */
const HALF_ORDER = Buffer.from("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", "hex");

/** For a 64-byte signature: S (its last 32 bytes, big-endian) at most n/2, compared as bytes, without a bigint. */
export function isLowS(signature: Uint8Array): boolean {
  return Buffer.compare(signature.subarray(32, 64), HALF_ORDER) <= 0;
}

function wellFormed(compressedPubkey: Uint8Array, signature: Uint8Array): boolean {
  return signature.length === 64 && compressedPubkey.length === 33 && isLowS(signature);
}

function verifyDigest(compressedPubkey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  try {
    return secp256k1.ecdsaVerify(signature, digest, compressedPubkey);
  } catch {
    return false; // unparsable key or signature
  }
}

/**
 * The one signature check (CheckTx, recheck, FinalizeBlock). Verdicts of CheckTx are reused by recheck and by
 * FinalizeBlock, so each signature is verified once per node.
 * A verdict is keyed on every input of the check: the pubkey, the signature and the sign bytes, which hold the
 * body, auth info, chain id and account number. A proposer who reorders a block so an account gets another
 * number than CheckTx saw changes the sign bytes and so misses the cache: the answer never depends on whether
 * this node saw the tx before. Node-local, never consensus.
 */
export class SignatureCache {
  private readonly verified = new Set<string>();
  constructor(private readonly capacity = 100_000) {}

  /** `keep` (CheckTx, recheck) remembers a good verdict; otherwise (FinalizeBlock) one is used up. */
  verify(compressedPubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array, keep: boolean): boolean {
    // Fixed lengths make digest ‖ pubkey ‖ signature an unambiguous key.
    if (!wellFormed(compressedPubkey, signature)) return false;
    const digest = hash("sha256", signBytes, "buffer");
    const id = hash("sha256", Buffer.concat([digest, compressedPubkey, signature]), "base64");
    if (keep ? this.verified.has(id) : this.verified.delete(id)) return true;
    const ok = verifyDigest(compressedPubkey, digest, signature);
    if (ok && keep) {
      if (this.verified.size >= this.capacity) this.verified.delete(this.verified.values().next().value as string);
      this.verified.add(id);
    }
    return ok;
  }
}
