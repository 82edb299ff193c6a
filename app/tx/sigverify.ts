import { createHash } from "node:crypto";
// The bindings entry loads only the native libsecp256k1 addon: the package's main entry silently falls back
// to pure-JS elliptic when the addon is missing, which is ~25x slower and may judge edge cases differently.
import secp256k1 from "secp256k1/bindings";

/** n/2 of secp256k1: signatures with a larger S are malleable copies and are refused, as in the SDK. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

export function isLowS(signature: Uint8Array): boolean {
  return BigInt("0x" + Buffer.from(signature.subarray(32, 64)).toString("hex")) <= HALF_ORDER;
}

/** The one signature check used everywhere (CheckTx, FinalizeBlock, tests). */
export function verifySecp256k1(compressedPubkey: Uint8Array, signBytes: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || compressedPubkey.length !== 33 || !isLowS(signature)) return false;
  const digest = createHash("sha256").update(signBytes).digest();
  try {
    return secp256k1.ecdsaVerify(signature, digest, compressedPubkey);
  } catch {
    return false; // unparsable key or signature
  }
}
