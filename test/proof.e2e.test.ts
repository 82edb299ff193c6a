import { accAddressBytes } from "../app/address";
import { verifyProof, PROOF_OP_TYPE } from "../app/store/proof";
import { balanceKey } from "../modules/bank/keys";
import { rpcGet } from "../localnet/network";
import { devWallet } from "../client";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(120_000);

test("abci_query with prove returns a proof that verifies against the app hash CometBFT committed", async () => {
  const chain = await startTestnet(1);
  try {
    const rpc = chain.net.rpc(0);
    const [alice] = (await (await devWallet(1)).getAccounts()).map((a) => a.address);
    const present = balanceKey(accAddressBytes(alice), "uusdc");
    const absent = balanceKey(accAddressBytes(alice), "unotadenom");
    for (const [storeKey, exists] of [[present, true], [absent, false]] as const) {
      const { response } = await rpcGet(rpc, `abci_query?path="/store/key"&data=0x${Buffer.from(storeKey).toString("hex")}&prove=true`);
      expect(response.code).toBe(0);
      const height = Number(response.height);
      const op = response.proofOps.ops[0];
      expect(op.type).toBe(PROOF_OP_TYPE);
      // The app hash after block `height` is in the header of height + 1.
      await chain.net.waitForHeight(height + 1);
      const appHash = Buffer.from(await chain.net.appHashAfter(0, height), "hex");
      const value = response.value ? Buffer.from(response.value, "base64") : undefined;
      const proof = Buffer.from(op.data, "base64");
      expect(exists ? value?.toString() : value).toBe(exists ? "1000000000000000" : undefined);
      expect(verifyProof(appHash, storeKey, exists ? value : undefined, proof)).toBe(true);
      // and it proves nothing else: a different value, or the opposite claim, fails
      expect(verifyProof(appHash, storeKey, Buffer.from("1"), proof)).toBe(false);
      expect(verifyProof(appHash, storeKey, exists ? undefined : Buffer.from("0"), proof)).toBe(false);
    }
  } finally {
    await chain.stop();
  }
});
