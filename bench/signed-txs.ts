import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type StdFee, SigningStargateClient } from "@cosmjs/stargate";
import { Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { defaultGasPrice, devAccountWallet, devWallet, optchainRegistry } from "../client";
import { startTestnet } from "../test/helpers/chain";
import { sendMsg, signTx } from "../test/helpers/inprocess";

/**
 * The fee a stock CosmJS wallet signs a bench transfer with when the user asks for fee "auto": CosmJS simulates
 * the tx against the chain and asks for the gas used times its default multiplier, priced at the gas price the
 * wallet is configured with (the chain's minimum). Measured, not computed here: one such transfer is sent with
 * "auto" on a fresh 1-validator localnet and its signed fee read back from the committed tx. It is the sender's
 * first tx (it stores the sender's public key, and creates the recipient's account if there is none), so later
 * transfers use less than simulated.
 */
export async function walletAutoTransferFee(recipientIndex: number): Promise<StdFee> {
  const chain = await startTestnet(1, { timeoutCommitMs: 200, voteExtensionsEnableHeight: 0 });
  try {
    return await autoTransferFee(chain.net.rpc(0), recipientIndex);
  } finally {
    await chain.stop();
  }
}

/** The fee of one transfer from dev account 0 that a CosmJS wallet signs with fee "auto" on the chain at `rpc`. */
export async function autoTransferFee(rpc: string, recipientIndex: number): Promise<StdFee> {
  const [{ address: from }] = await (await devAccountWallet(0)).getAccounts();
  const to = (await (await devWallet(recipientIndex + 1)).getAccounts())[recipientIndex].address;
  const client = await SigningStargateClient.connectWithSigner(rpc, await devAccountWallet(0), { registry: optchainRegistry(), gasPrice: defaultGasPrice() });
  try {
    const sent = await client.signAndBroadcast(from, [sendMsg(from, to, "1")], "auto");
    if (sent.code !== 0) throw new Error(`the "auto" transfer failed: ${sent.rawLog}`);
    const fee = Tx.decode((await client.getTx(sent.transactionHash))!.tx).authInfo!.fee!;
    return { amount: fee.amount.map(({ denom, amount }) => ({ denom, amount })), gas: fee.gasLimit.toString() };
  } finally {
    client.disconnect();
  }
}

/**
 * `perAccount` sequential MsgSends from each of `accounts` dev accounts, signed exactly as CosmJS signs.
 * Signing thousands takes minutes on a loaded box: `cacheFile` keeps them (as JSON base64) for the next run.
 */
export async function presignTransfers(accounts: number, perAccount: number, accountNumbers?: number[], cacheFile?: string, fee?: StdFee): Promise<Uint8Array[][]> {
  const shape = JSON.stringify({ accounts, perAccount, accountNumbers, fee });
  if (cacheFile && existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as { shape: string; txs: string[][] };
    if (cached.shape === shape) return cached.txs.map((list) => list.map((tx) => Buffer.from(tx, "base64")));
  }
  const addresses = (await (await devWallet(accounts + 1)).getAccounts()).map((a) => a.address);
  const out: Uint8Array[][] = [];
  for (let a = 0; a < accounts; a++) {
    const txs: Uint8Array[] = [];
    for (let seq = 0; seq < perAccount; seq++) {
      txs.push(await signTx(a, [sendMsg(addresses[a], addresses[accounts], "1")], { accountNumber: accountNumbers?.[a] ?? a, sequence: seq }, fee));
    }
    out.push(txs);
  }
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify({ shape, txs: out.map((list) => list.map((tx) => Buffer.from(tx).toString("base64"))) }));
  return out;
}
