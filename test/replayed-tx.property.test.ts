import fc from "fast-check";
import { ErrWrongSequence } from "../app/errors";
import { devWallet } from "../client";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(300_000);

const BLOCKS = 4;
const TXS_PER_BLOCK = 3;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * CometBFT's mempool can hand a committed tx to a later proposal (a CheckTx answer that lands after the
 * mempool's post-block update re-admits it), and a faulty proposer can repeat one in a block. The copy must
 * change nothing: the app's "only once" is the signer's sequence. Here every tx is also let through CheckTx
 * first, so the signature verdicts and decoded forms CheckTx remembers are warm when the copy arrives.
 */
test("a signed tx delivered again, in its own block or any later one, is refused by the sequence check and changes no state", async () => {
  const addresses = (await (await devWallet(3)).getAccounts()).map((a) => a.address);
  const sequences = [0, 0, 0];
  const blocks: Uint8Array[][] = [];
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: Uint8Array[] = [];
    for (let k = 0; k < TXS_PER_BLOCK; k++) {
      const from = (height + k) % 3;
      txs.push(await signTx(from, [sendMsg(addresses[from], addresses[(from + 1) % 3], String(height * 100 + k))], { accountNumber: from, sequence: sequences[from]++ }));
    }
    blocks.push(txs);
  }
  const appState = await devGenesis(3);

  /** Runs the blocks on a fresh app; returns each height's app hash and each tx's code/codespace, copies marked. */
  function run(withCopies: Uint8Array[][]) {
    const { app, close } = openApp();
    try {
      initChain(app, appState);
      const hashes: string[] = [];
      const results: Array<Array<{ code: number; codespace: string }>> = [];
      withCopies.forEach((txs, i) => {
        for (const tx of txs) app.checkTx({ tx, type: 0 });
        const response = runBlock(app, i + 1, txs);
        hashes.push(hex(response.appHash));
        results.push(response.txResults.map((r) => ({ code: r.code, codespace: r.codespace })));
      });
      return { hashes, results };
    } finally {
      close();
    }
  }

  const reference = run(blocks);
  expect(reference.results.flat().every(({ code }) => code === 0)).toBe(true);

  const copy = fc.record({
    of: fc.integer({ min: 0, max: BLOCKS * TXS_PER_BLOCK - 1 }),
    laterBy: fc.integer({ min: 0, max: BLOCKS - 1 }),
    slot: fc.nat(),
  });
  fc.assert(
    fc.property(fc.array(copy, { minLength: 1, maxLength: 5 }), (copies) => {
      // each block's txs, the originals first in their order, each copy placed after its original
      const placed = blocks.map((txs) => txs.map((tx) => ({ tx, copy: false })));
      for (const { of, laterBy, slot } of copies) {
        const origin = Math.floor(of / TXS_PER_BLOCK);
        const target = Math.min(BLOCKS - 1, origin + laterBy);
        const after = target === origin ? placed[target].findIndex(({ tx }) => tx === blocks[origin][of % TXS_PER_BLOCK]) + 1 : 0;
        const at = after + (slot % (placed[target].length - after + 1));
        placed[target].splice(at, 0, { tx: blocks[origin][of % TXS_PER_BLOCK], copy: true });
      }
      const replayed = run(placed.map((txs) => txs.map(({ tx }) => tx)));
      expect(replayed.hashes).toEqual(reference.hashes);
      placed.forEach((txs, height) => {
        const originals = replayed.results[height].filter((_, i) => !txs[i].copy);
        const copyResults = replayed.results[height].filter((_, i) => txs[i].copy);
        expect(originals).toEqual(reference.results[height]);
        for (const result of copyResults) expect(result).toEqual({ code: ErrWrongSequence.code, codespace: ErrWrongSequence.codespace });
      });
    }),
    { numRuns: 25 },
  );
});
