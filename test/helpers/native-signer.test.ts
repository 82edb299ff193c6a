import { SigningStargateClient, calculateFee, GasPrice } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { devAccountWallet, optchainRegistry } from "../../client";
import { nativeDevSigner } from "./native-signer";

test("the native load signer produces byte-identical txs to CosmJS's DirectSecp256k1HdWallet", async () => {
  const fee = calculateFee(120_000, GasPrice.fromString("0.025uopt"));
  const signerData = { accountNumber: 3n, sequence: 17, chainId: "optchain-local-1" };
  const txs = await Promise.all(
    [await devAccountWallet(2), await nativeDevSigner(2)].map(async (signer) => {
      const [{ address }] = await signer.getAccounts();
      const client = await SigningStargateClient.offline(signer, { registry: optchainRegistry() });
      const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: address, amount: [{ denom: "uusdc", amount: "1" }] } };
      return Buffer.from(TxRaw.encode(await client.sign(address, [msg], fee, "memo", signerData)).finish()).toString("hex");
    }),
  );
  expect(txs[1]).toBe(txs[0]);
});
