import { devWallet } from "../../client";
import type { OptchainApp } from "../app";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";

jest.setTimeout(60_000);

/**
 * Recheck reuses the decoding of CheckTx (app/tx/pipeline.ts PendingTxs): its verdicts must be those of a node
 * that decodes every time, one that restarted between CheckTx and the block.
 */
describe("recheck after a block", () => {
  let alice: string;
  let bob: string;
  const opened: Array<() => void> = [];

  beforeAll(async () => {
    [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  });
  afterAll(() => opened.forEach((close) => close()));

  async function fresh(): Promise<OptchainApp> {
    const { app, close } = openApp();
    opened.push(close);
    initChain(app, await devGenesis(2));
    runBlock(app, 1, []);
    return app;
  }

  test("refuses what the block spent and keeps the rest, as a node that never checked them would", async () => {
    const txs = await Promise.all([0, 1, 2].map((sequence) => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence })));
    // a second sequence-1 tx, a wallet's resend with another amount: refused at CheckTx, so never remembered
    const rival = await signTx(0, [sendMsg(alice, bob, "2")], { accountNumber: 0, sequence: 1 });
    const checked = await fresh();
    const restarted = await fresh();
    expect([...txs, rival].map((tx) => checked.checkTx({ tx, type: 0 }).code)).toEqual([0, 0, 0, 32]);
    for (const app of [checked, restarted]) {
      expect(runBlock(app, 2, txs.slice(0, 2)).txResults.map((r) => r.code)).toEqual([0, 0]);
      const verdicts = [...txs, rival].map((tx) => {
        const { code, log } = app.checkTx({ tx, type: 1 });
        return { code, log };
      });
      expect(verdicts.map((v) => v.code)).toEqual([32, 32, 0, 32]);
      expect(verdicts[0].log).toMatch(/account sequence mismatch, expected 2, got 0/);
    }
    const again = (app: OptchainApp) => [...txs, rival].map((tx) => app.checkTx({ tx, type: 1 }).log);
    expect(again(checked)).toEqual(again(restarted));
  });
});
