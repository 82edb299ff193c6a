import { rmSync } from "node:fs";
import fc from "fast-check";
import { ResponseProcessProposal_ProposalStatus } from "cosmjs-types/tendermint/abci/types";
import { OptchainApp } from "../app/app";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { devWallet } from "../client";
import { DEFAULT_FEE, GENESIS_TIME, blockAt, devGenesis, openApp, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(120_000);

// CometBFT v0.38's mempool does not keep one sender's txs in the order CheckTx accepted them: CheckTx calls from
// different peers run concurrently, and a goroutine paused between sending a request and setting its callback
// appends its tx after a later one (cometbft/cometbft#1620). A proposal reaped in that order put sequence 2640
// before 2639 on a 4-validator chain under load (test/chaos/load.test.ts); 2640..2644 then failed in the block with
// code 32, and every later tx of that sender was evicted by recheck on every node: accepted, never included.

function request(height: number, txs: Uint8Array[]) {
  return { ...blockAt(height, txs), maxTxBytes: 1_000_000n, localLastCommit: { round: 0, votes: [] } };
}

/** The block's results without committing it, so one app judges many proposals for the same height. */
function codesOf(app: OptchainApp, height: number, txs: Uint8Array[]): number[] {
  return app.finalizeBlock({ ...blockAt(height, txs), decidedLastCommit: { round: 0, votes: [] } }).txResults.map((result) => result.code);
}

const SENDERS = 3;
const SEQUENCES = 5;

let app: OptchainApp;
let dir: string;
/** signed[k][s]: sender k's transfer at sequence s; twins[k][s]: another tx of sender k at the same sequence. */
let signed: Uint8Array[][];
let twins: Uint8Array[][];

beforeAll(async () => {
  ({ app, dir } = openApp());
  app.initChain({
    time: GENESIS_TIME,
    chainId: DEFAULT_CHAIN_ID,
    validators: [],
    appStateBytes: Buffer.from(JSON.stringify(await devGenesis(SENDERS + 1))),
    initialHeight: 1n,
    consensusParams: { block: { maxBytes: 22_020_096n, maxGas: -1n } },
  });
  runBlock(app, 1, []);
  const addresses = (await (await devWallet(SENDERS + 1)).getAccounts()).map((a) => a.address);
  const to = addresses[SENDERS];
  const sign = (sender: number, sequence: number, amount: string) =>
    signTx(sender, [sendMsg(addresses[sender], to, amount)], { accountNumber: sender, sequence }, DEFAULT_FEE);
  signed = await Promise.all(Array.from({ length: SENDERS }, (_, k) => Promise.all(Array.from({ length: SEQUENCES }, (_, s) => sign(k, s, "1")))));
  twins = await Promise.all(Array.from({ length: SENDERS }, (_, k) => Promise.all(Array.from({ length: SEQUENCES }, (_, s) => sign(k, s, "2")))));
});

afterAll(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a proposal puts one sender's txs in sequence order, whatever order the mempool reaped them in", () => {
  const [a, b] = signed;
  const reaped = [a[0], b[0], a[2], a[1], b[1], a[3]];
  const { txs } = app.prepareProposal(request(2, reaped));
  expect(txs).toEqual([a[0], b[0], a[1], a[2], b[1], a[3]]);
  expect(codesOf(app, 2, txs)).toEqual([0, 0, 0, 0, 0, 0]);
});

test("a proposal leaves out a tx that cannot apply: a gap before its sequence, a used sequence, or a second tx at one sequence", () => {
  const [a, b, c] = signed;
  // a: 0, 1, then 3 without 2; b: 0 twice (the first reaped wins); c: starts at 1 (0 never reaped)
  const reaped = [a[0], twins[1][0], a[1], b[0], a[3], c[1], b[1]];
  const { txs } = app.prepareProposal(request(2, reaped));
  expect(txs).toEqual([a[0], twins[1][0], a[1], b[1]]);
  expect(codesOf(app, 2, txs)).toEqual([0, 0, 0, 0]);
});

test("property: every tx a proposal holds applies, and each sender gets its longest run of sequences from the committed one", () => {
  type Pick = { sender: number; sequence: number; twin: boolean };
  const pick = fc.record({ sender: fc.integer({ min: 0, max: SENDERS - 1 }), sequence: fc.integer({ min: 0, max: SEQUENCES - 1 }), twin: fc.boolean() });
  fc.assert(
    fc.property(fc.uniqueArray(pick, { maxLength: 14, selector: (p: Pick) => `${p.sender}/${p.sequence}/${p.twin}` }), (picks) => {
      const reaped = picks.map(({ sender, sequence, twin }) => (twin ? twins : signed)[sender][sequence]);
      const { txs } = app.prepareProposal(request(2, reaped));
      expect(codesOf(app, 2, txs).every((code) => code === 0)).toBe(true);
      for (let sender = 0; sender < SENDERS; sender++) {
        let run = 0;
        while (picks.some((p) => p.sender === sender && p.sequence === run)) run++;
        const included = txs.filter((tx) => signed[sender].includes(tx) || twins[sender].includes(tx));
        expect(included.length).toBe(run);
      }
      // nothing is invented or repeated
      expect(new Set(txs).size).toBe(txs.length);
      for (const tx of txs) expect(reaped).toContain(tx);
    }),
    { numRuns: 60 },
  );
});

test("property: a node that holds the txs in its mempool proposes and judges proposals as one that never saw them", async () => {
  // Proposals read each tx's gas and signer from the decode CheckTx kept, when the node has it; max_gas at five
  // default-fee txs makes the gas count decide both the cut in PrepareProposal and ProcessProposal's verdict.
  const open = async () => {
    const opened = openApp();
    opened.app.initChain({
      time: GENESIS_TIME,
      chainId: DEFAULT_CHAIN_ID,
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(await devGenesis(SENDERS + 1))),
      initialHeight: 1n,
      consensusParams: { block: { maxBytes: 22_020_096n, maxGas: 5n * BigInt(DEFAULT_FEE.gas) } },
    });
    runBlock(opened.app, 1, []);
    return opened;
  };
  const holder = await open();
  const stranger = await open();
  try {
    for (const tx of signed.flat()) expect(holder.app.checkTx({ tx, type: 0 }).code).toBe(0);
    const held = signed.flat();
    const notHeld = twins.flat();
    // Mostly held txs, so that their gas alone often decides the verdict; then txs CheckTx refused (a used
    // sequence), and held txs with one byte changed: another hash, decoded afresh or not at all.
    const variant = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...held) },
      { weight: 1, arbitrary: fc.constantFrom(...notHeld) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...held), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([tx, at, xor]) => {
          const bytes = Uint8Array.from(tx);
          bytes[at % bytes.length] ^= xor;
          return bytes;
        }),
      },
    );
    fc.assert(
      fc.property(fc.array(variant, { maxLength: 12 }), (reaped) => {
        const proposed = holder.app.prepareProposal(request(2, reaped)).txs;
        expect(proposed).toEqual(stranger.app.prepareProposal(request(2, reaped)).txs);
        const judged = (app: OptchainApp) => app.processProposal({ ...blockAt(2, reaped), proposedLastCommit: { round: 0, votes: [] } }).status;
        expect(judged(holder.app)).toBe(judged(stranger.app));
        expect([ResponseProcessProposal_ProposalStatus.ACCEPT, ResponseProcessProposal_ProposalStatus.REJECT]).toContain(judged(holder.app));
      }),
      { numRuns: 150 },
    );
  } finally {
    for (const { close } of [holder, stranger]) close();
  }
});
