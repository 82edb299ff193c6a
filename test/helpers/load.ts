import { SigningStargateClient, calculateFee, GasPrice } from "@cosmjs/stargate";
import { devAccountWallet, optchainRegistry } from "../../client";

const FEE = calculateFee(120_000, GasPrice.fromString("0.025uopt"));

/**
 * Keeps sending small transfers from one dev account until stopped; counts what the chain accepted.
 * Broadcast is sync (CheckTx only); inclusion is checked afterwards by the tests.
 */
export async function startTransfers(rpc: string | (() => string), fromIndex: number, to: string, amount = "1") {
  const rpcUrl = () => (typeof rpc === "string" ? rpc : rpc());
  const wallet = await devAccountWallet(fromIndex);
  const [{ address }] = await wallet.getAccounts();
  const accepted: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      let client: SigningStargateClient | undefined;
      try {
        client = await SigningStargateClient.connectWithSigner(rpcUrl(), wallet, { registry: optchainRegistry() });
        const { accountNumber, sequence } = await client.getSequence(address);
        let next = sequence;
        const chainId = await client.getChainId();
        while (running) {
          const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: to, amount: [{ denom: "uusdc", amount }] } };
          const signed = await client.sign(address, [msg], FEE, "", { accountNumber, sequence: next, chainId });
          const { TxRaw } = await import("cosmjs-types/cosmos/tx/v1beta1/tx");
          const hash = await client.broadcastTxSync(TxRaw.encode(signed).finish());
          accepted.push(hash);
          next += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } catch {
        // node down, mempool full or sequence moved on: reconnect and re-read the sequence
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        client?.disconnect();
      }
    }
  })();
  return {
    address,
    accepted,
    async stop() {
      running = false;
      await loop;
    },
  };
}
