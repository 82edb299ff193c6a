import fc from "fast-check";
import { DEV_ACCOUNT_BALANCE, devWallet } from "../../client";
import type { OptchainApp } from "../app";
import { txHash } from "./decode";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";

jest.setTimeout(300_000);

/**
 * Recheck reuses the decoding and the signature verdicts of CheckTx (app/tx/pipeline.ts PendingTxs): its verdicts
 * must be those of a node that decodes and verifies every time, one that restarted between CheckTx and the block.
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

  test("property: over any interleaving of checks and blocks, every recheck verdict is a fresh node's", async () => {
    const [carol] = (await (await devWallet(3)).getAccounts()).slice(2).map((a) => a.address);
    // Per signer (accounts 0 and 1) and sequence 0-3: a small transfer, and one that leaves too little for two more fees.
    const drain = (DEV_ACCOUNT_BALANCE - 12_000n).toString();
    const pool: Uint8Array[] = [];
    for (const [index, from] of [alice, bob].entries()) {
      for (let sequence = 0; sequence < 4; sequence++) {
        pool.push(await signTx(index, [sendMsg(from, carol, "1")], { accountNumber: index, sequence }));
        pool.push(await signTx(index, [sendMsg(from, carol, drain, "uopt")], { accountNumber: index, sequence }));
      }
    }
    const step = fc.oneof(
      fc.record({ check: fc.nat(pool.length - 1) }),
      fc.record({ block: fc.array(fc.nat(pool.length - 1), { maxLength: 4 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const checked = await fresh();
        // never CheckTxs: each recheck decodes and verifies from scratch, as after a restart
        const restarted = await fresh();
        let mempool: Uint8Array[] = [];
        let height = 2;
        for (const s of steps) {
          if ("check" in s) {
            const tx = pool[s.check];
            if (checked.checkTx({ tx, type: 0 }).code === 0) mempool.push(tx);
            continue;
          }
          const txs = s.block.map((i) => pool[i]);
          const results = [checked, restarted].map((app) => runBlock(app, height, txs).txResults.map(({ code, log, gasUsed }) => ({ code, log, gasUsed })));
          expect(results[0]).toEqual(results[1]);
          height++;
          const included = new Set(txs.map((tx) => txHash(tx)));
          mempool = mempool.filter((tx) => !included.has(txHash(tx)));
          const verdicts = [checked, restarted].map((app) =>
            mempool.map((tx) => {
              const { code, codespace, log, gasWanted, gasUsed } = app.checkTx({ tx, type: 1 });
              return { code, codespace, log, gasWanted, gasUsed };
            }),
          );
          expect(verdicts[0]).toEqual(verdicts[1]);
          mempool = mempool.filter((_, i) => verdicts[0][i].code === 0);
        }
      }),
      { numRuns: 30 },
    );
  });
});
