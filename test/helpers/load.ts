import { SigningStargateClient, calculateFee, GasPrice } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { optchainRegistry } from "../../client";
import { nativeDevSigner } from "./native-signer";

const FEE = calculateFee(120_000, GasPrice.fromString("0.025uopt"));

export interface TransferLoad {
  address: string;
  /** Hashes CheckTx accepted, with the wall time each was handed over. */
  accepted: Array<{ hash: string; sentAt: number }>;
  /** Stops sending; resolves to the seconds the load ran, what a scenario's minimum load is measured against. */
  stop(): Promise<number>;
}

/**
 * One dev account sending small transfers, each signed by CosmJS and broadcast with broadcast_tx_sync, until
 * stopped. `rpc` is asked again after every failure, so a load can follow nodes that come and go.
 */
export async function startTransfers(rpc: string | (() => string), fromIndex: number, to: string, pauseMs = 20): Promise<TransferLoad> {
  const rpcUrl = () => (typeof rpc === "string" ? rpc : rpc());
  const wallet = await nativeDevSigner(fromIndex);
  const [{ address }] = await wallet.getAccounts();
  const accepted: TransferLoad["accepted"] = [];
  const startedAt = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      let client: SigningStargateClient | undefined;
      try {
        client = await SigningStargateClient.connectWithSigner(rpcUrl(), wallet, { registry: optchainRegistry() });
        const { accountNumber, sequence } = await client.getSequence(address);
        const chainId = await client.getChainId();
        let next = sequence;
        while (running) {
          const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: to, amount: [{ denom: "uusdc", amount: "1" }] } };
          const signed = await client.sign(address, [msg], FEE, "", { accountNumber, sequence: next, chainId });
          const sentAt = Date.now();
          const hash = await client.broadcastTxSync(TxRaw.encode(signed).finish());
          accepted.push({ hash, sentAt });
          next += 1;
          if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
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
      const seconds = (Date.now() - startedAt) / 1000;
      await loop;
      return seconds;
    },
  };
}
