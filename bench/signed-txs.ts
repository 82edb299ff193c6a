import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { devWallet } from "../client";
import { sendMsg, signTx } from "../test/helpers/inprocess";

/**
 * `perAccount` sequential MsgSends from each of `accounts` dev accounts, signed exactly as CosmJS signs.
 * Signing thousands takes minutes on a loaded box: `cacheFile` keeps them (as JSON base64) for the next run.
 */
export async function presignTransfers(accounts: number, perAccount: number, accountNumbers?: number[], cacheFile?: string): Promise<Uint8Array[][]> {
  const shape = JSON.stringify({ accounts, perAccount, accountNumbers });
  if (cacheFile && existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as { shape: string; txs: string[][] };
    if (cached.shape === shape) return cached.txs.map((list) => list.map((tx) => Buffer.from(tx, "base64")));
  }
  const addresses = (await (await devWallet(accounts + 1)).getAccounts()).map((a) => a.address);
  const out: Uint8Array[][] = [];
  for (let a = 0; a < accounts; a++) {
    const txs: Uint8Array[] = [];
    for (let seq = 0; seq < perAccount; seq++) {
      txs.push(await signTx(a, [sendMsg(addresses[a], addresses[accounts], "1")], { accountNumber: accountNumbers?.[a] ?? a, sequence: seq }));
    }
    out.push(txs);
  }
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify({ shape, txs: out.map((list) => list.map((tx) => Buffer.from(tx).toString("base64"))) }));
  return out;
}
