import { createHash } from "node:crypto";
import { Bip39, EnglishMnemonic, Slip10, Slip10Curve } from "@cosmjs/crypto";
import { type DirectSignResponse, type OfflineDirectSigner, makeSignBytes } from "@cosmjs/proto-signing";
import { encodeSecp256k1Signature } from "@cosmjs/amino";
import type { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import secp256k1 from "secp256k1/bindings";
import { addressFromPubkey, toAccAddress } from "../../app/address";
import { DEV_MNEMONIC, devHdPath } from "../../client";

/**
 * A CosmJS OfflineDirectSigner for load generators: same HD keys, same SignDoc bytes and RFC 6979 low-S
 * signatures as DirectSecp256k1HdWallet, but signing in libsecp256k1 so one test process can drive a
 * localnet at its full rate (CosmJS's pure-JS signing costs milliseconds per tx).
 */
export async function nativeDevSigner(index: number, mnemonic = DEV_MNEMONIC): Promise<OfflineDirectSigner> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, devHdPath(index));
  const pubkey = secp256k1.publicKeyCreate(privkey, true);
  const address = toAccAddress(addressFromPubkey(pubkey));
  return {
    getAccounts: async () => [{ address, algo: "secp256k1", pubkey }],
    signDirect: async (signerAddress: string, signDoc: SignDoc): Promise<DirectSignResponse> => {
      if (signerAddress !== address) throw new Error(`this signer holds ${address}, not ${signerAddress}`);
      const digest = createHash("sha256").update(makeSignBytes(signDoc)).digest();
      const { signature } = secp256k1.ecdsaSign(digest, privkey);
      return { signed: signDoc, signature: encodeSecp256k1Signature(pubkey, signature) };
    },
  };
}
