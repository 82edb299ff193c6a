import { OptchainApp } from "../app/app";
import { devWallet } from "../client";
import { devGenesis, initChain, openApp, quietLogger, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(60_000);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** 12 blocks: transfers among four accounts, some of them failing (overdraft, stale sequence). */
async function blocks(): Promise<Uint8Array[][]> {
  const addresses = (await (await devWallet(4)).getAccounts()).map((a) => a.address);
  const sequences = [0, 0, 0, 0];
  const out: Uint8Array[][] = [];
  for (let height = 1; height <= 12; height++) {
    const txs: Uint8Array[] = [];
    for (let k = 0; k < 3; k++) {
      const from = (height + k) % 4;
      const to = (from + 1 + k) % 4;
      const amount = height % 5 === 0 && k === 0 ? "999999999999999999999" : String(height * 10 + k);
      txs.push(await signTx(from, [sendMsg(addresses[from], addresses[to], amount)], { accountNumber: from, sequence: sequences[from]++ }));
    }
    if (height % 4 === 0) txs.push(await signTx(0, [sendMsg(addresses[0], addresses[1], "1")], { accountNumber: 0, sequence: 0 }));
    out.push(txs);
  }
  return out;
}

test("two independent runs of the same blocks give the same app hash and tx results at every height, across a restart too", async () => {
  const appState = await devGenesis(4);
  const input = await blocks();
  const runs = [openApp(), openApp()];
  const hashes: string[][] = [[], []];
  const results: string[][] = [[], []];
  runs.forEach(({ app }) => initChain(app, appState));
  for (let run = 0; run < 2; run++) {
    let app = runs[run].app;
    input.forEach((txs, i) => {
      if (run === 1 && i === 6) {
        // the second run restarts its app half way: state must come back from disk byte for byte
        app.close();
        app = new OptchainApp({ dataDir: runs[run].dir, logger: quietLogger });
        expect(app.info().lastBlockHeight).toBe(6n);
      }
      const response = runBlock(app, i + 1, txs);
      hashes[run].push(hex(response.appHash));
      results[run].push(JSON.stringify(response.txResults.map((r) => [r.code, r.gasUsed.toString(), r.gasWanted.toString(), hex(r.data)])));
    });
    runs[run].app = app;
  }
  expect(hashes[1]).toEqual(hashes[0]);
  expect(results[1]).toEqual(results[0]);
  expect(new Set(hashes[0]).size).toBe(12);
  // the overdrafts and the replayed sequence failed; everything else passed
  const codes = results[0].flatMap((r) => (JSON.parse(r) as Array<[number]>).map(([code]) => code));
  expect(codes.filter((c) => c === 5).length).toBe(2);
  expect(codes.filter((c) => c === 32).length).toBe(3);
  runs.forEach((run) => run.close());
});
