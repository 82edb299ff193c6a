import { devWallet } from "../client";
import { sendMsg, signTx } from "../test/helpers/inprocess";

/** `perAccount` sequential MsgSends from each of `accounts` dev accounts, signed exactly as CosmJS signs. */
export async function presignTransfers(accounts: number, perAccount: number, accountNumbers?: number[]): Promise<Uint8Array[][]> {
  const addresses = (await (await devWallet(accounts + 1)).getAccounts()).map((a) => a.address);
  const out: Uint8Array[][] = [];
  for (let a = 0; a < accounts; a++) {
    const txs: Uint8Array[] = [];
    for (let seq = 0; seq < perAccount; seq++) {
      txs.push(await signTx(a, [sendMsg(addresses[a], addresses[accounts], "1")], { accountNumber: accountNumbers?.[a] ?? a, sequence: seq }));
    }
    out.push(txs);
  }
  return out;
}
