import fc from "fast-check";
import { accAddressBytes } from "../app/address";
import type { OptchainApp } from "../app/app";
import { devWallet } from "../client";
import * as auth from "../modules/auth/keeper";
import { NEXT_ACCOUNT_NUMBER_KEY } from "../modules/auth/keys";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(180_000);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** Dev accounts 0 and 1 are funded at genesis; 2.. exist only once a tx in a block sends them funds. */
const FUNDED = 2;

/** Block 1 pays a fee, so the fee collector's account exists and new accounts number from first() on. */
async function twoNodes() {
  const appState = await devGenesis(FUNDED);
  const firstFee = await signTx(1, [sendMsg(addresses[1], addresses[0], "1")], { accountNumber: 1, sequence: 0 });
  const nodes = [openApp(), openApp()];
  for (const { app } of nodes) {
    initChain(app, appState);
    expect(runBlock(app, 1, [firstFee]).txResults[0].code).toBe(0);
  }
  return { seen: nodes[0].app, unseen: nodes[1].app, close: () => nodes.forEach((node) => node.close()) };
}

const nextAccountNumber = (app: OptchainApp) => Number(Buffer.from(app.store.get(NEXT_ACCOUNT_NUMBER_KEY)!).toString("utf8"));

/** What goes into the results hash and the header: a split in any of them halts the chain. */
function finalize(app: OptchainApp, height: number, txs: Uint8Array[]) {
  const response = runBlock(app, height, txs);
  return { appHash: hex(response.appHash), results: response.txResults.map((r) => [r.code, r.gasWanted.toString(), r.gasUsed.toString(), hex(r.data)]) };
}

let addresses: string[];
beforeAll(async () => {
  addresses = (await (await devWallet(6)).getAccounts()).map((a) => a.address);
});

test("a proposer cannot split nodes that CheckTx'd a tx from nodes that did not by reordering account creation", async () => {
  const { seen, unseen, close } = await twoNodes();
  try {
    const [alice, bob, x, y] = addresses;
    const first = nextAccountNumber(seen);
    const fundX = await signTx(0, [sendMsg(alice, x, "1000000", "uopt")], { accountNumber: 0, sequence: 0 });
    const fundY = await signTx(1, [sendMsg(bob, y, "1000000", "uopt")], { accountNumber: 1, sequence: 1 });
    // X signs for the account number its funding tx gets when X is funded before Y, as the seen node's mempool had it.
    const spendX = await signTx(2, [sendMsg(x, alice, "1", "uopt")], { accountNumber: first, sequence: 0 });
    for (const tx of [fundX, fundY, spendX]) expect(seen.checkTx({ tx, type: 0 }).code).toBe(0);
    expect(auth.getAccount(seen.store, accAddressBytes(x))).toBeUndefined();

    // The proposer funds Y first: in the block X gets account number first + 1 and its signature is for another account.
    const block = [fundY, fundX, spendX];
    const onSeen = finalize(seen, 2, block);
    const onUnseen = finalize(unseen, 2, block);
    expect(onSeen).toEqual(onUnseen);
    expect(onUnseen.results.map(([code]) => code)).toEqual([0, 0, 4]);
    // Y's account came first (module accounts all take their numbers at genesis, as in the SDK, so none slips in)
    const numberOf = (address: string) => auth.getAccount(unseen.store, accAddressBytes(address))!.accountNumber;
    expect(numberOf(y)).toBe(BigInt(first));
    expect(numberOf(x)).toBe(BigInt(first) + 1n);
  } finally {
    close();
  }
});

/**
 * The pool a proposer picks from: funding txs that create accounts 2..4 in whatever order the block puts them,
 * and spends by those accounts signed for each account number they could end up with (right or wrong),
 * plus spends by funded accounts with right and wrong numbers and sequences.
 */
async function txPool(first: number): Promise<Uint8Array[]> {
  const [a0, a1, a2, a3, a4] = addresses;
  const pool = [
    await signTx(0, [sendMsg(a0, a2, "1000000", "uopt")], { accountNumber: 0, sequence: 0 }),
    await signTx(0, [sendMsg(a0, a3, "1000000", "uopt")], { accountNumber: 0, sequence: 1 }),
    await signTx(1, [sendMsg(a1, a4, "1000000", "uopt")], { accountNumber: 1, sequence: 1 }),
    await signTx(1, [sendMsg(a1, a3, "1000000", "uopt")], { accountNumber: 1, sequence: 2 }),
    await signTx(1, [sendMsg(a1, a0, "5")], { accountNumber: 0, sequence: 1 }),
    await signTx(0, [sendMsg(a0, a1, "999999999999999999999")], { accountNumber: 0, sequence: 2 }),
  ];
  for (const spender of [2, 3, 4]) {
    for (let number = first; number < first + 3; number++) {
      pool.push(await signTx(spender, [sendMsg(addresses[spender], a0, "7", "uopt")], { accountNumber: number, sequence: 0 }));
    }
  }
  return pool;
}

test("property: any block finalizes identically on a node with a warm signature cache and on one with none", async () => {
  const probe = await twoNodes();
  const first = nextAccountNumber(probe.seen);
  probe.close();
  const pool = await txPool(first);
  const indices = fc.uniqueArray(fc.nat(pool.length - 1), { minLength: 1, maxLength: pool.length });
  await fc.assert(
    fc.asyncProperty(indices, indices, async (checked, block) => {
      const { seen, unseen, close } = await twoNodes();
      try {
        for (const i of checked) seen.checkTx({ tx: pool[i], type: 0 });
        const txs = block.map((i) => pool[i]);
        expect(finalize(seen, 2, txs)).toEqual(finalize(unseen, 2, txs));
      } finally {
        close();
      }
    }),
    { numRuns: 25 },
  );
});
