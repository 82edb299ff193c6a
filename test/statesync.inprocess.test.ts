import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { QueryBalanceRequest } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { ResponseApplySnapshotChunk_Result as Apply, ResponseOfferSnapshot_Result as Offer } from "cosmjs-types/tendermint/abci/types";
import { OptchainApp } from "../app/app";
import { devWallet } from "../client";
import { devGenesis, initChain, quietLogger, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(60_000);

function appIn(dir: string, interval: number): OptchainApp {
  return new OptchainApp({
    dataDir: path.join(dir, "app"),
    logger: quietLogger,
    snapshots: { dir: path.join(dir, "data", "snapshots"), interval, keepRecent: 2, chunkSize: 4096 },
  });
}

test("a new app restores a served snapshot through ABCI, reports its height and app hash, and continues the chain", async () => {
  const dirs = [mkdtempSync(path.join(os.tmpdir(), "optchain-ss-src-")), mkdtempSync(path.join(os.tmpdir(), "optchain-ss-new-"))];
  const source = appIn(dirs[0], 3);
  const joiner = appIn(dirs[1], 0);
  try {
    initChain(source, await devGenesis(3));
    const [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
    // What a light client trusts for height h: the app hash in header h+1, which FinalizeBlock(h) returned.
    const appHashes: Uint8Array[] = [];
    for (let height = 1; height <= 7; height++) {
      appHashes[height] = runBlock(source, height, [await signTx(0, [sendMsg(alice, bob, String(height))], { accountNumber: 0, sequence: height - 1 })]).appHash;
      await source.snapshotInProgress;
    }
    const { snapshots } = source.listSnapshots();
    expect(snapshots.map((s) => s.height)).toEqual([3n, 6n]);
    const snapshot = snapshots[1];
    const trusted = appHashes[6];

    expect(joiner.info().lastBlockHeight).toBe(0n);
    expect(joiner.offerSnapshot({ snapshot, appHash: trusted }).result).toBe(Offer.ACCEPT);
    for (let chunk = 0; chunk < snapshot.chunks; chunk++) {
      const bytes = source.loadSnapshotChunk({ height: snapshot.height, format: snapshot.format, chunk }).chunk;
      expect(joiner.applySnapshotChunk({ index: chunk, chunk: bytes, sender: "source" }).result).toBe(Apply.ACCEPT);
    }
    expect(joiner.info()).toMatchObject({ lastBlockHeight: 6n, lastBlockAppHash: trusted });

    // Block 7 again on the joiner: the same app hash as the source had, so it follows the chain from here.
    const block7 = await signTx(0, [sendMsg(alice, bob, "7")], { accountNumber: 0, sequence: 6 });
    expect(Buffer.from(runBlock(joiner, 7, [block7]).appHash)).toEqual(Buffer.from(appHashes[7]));
    const balance = (app: OptchainApp) =>
      Buffer.from(app.query({ path: "/cosmos.bank.v1beta1.Query/Balance", data: QueryBalanceRequest.encode({ address: bob, denom: "uusdc" }).finish(), height: 0n, prove: false }).value);
    expect(balance(joiner)).toEqual(balance(source));
    // The chain id came back from state: the joiner's CheckTx verifies signatures made for it.
    const next = await signTx(0, [sendMsg(alice, bob, "8")], { accountNumber: 0, sequence: 7 });
    expect(joiner.checkTx({ tx: next, type: 0 }).code).toBe(0);
  } finally {
    source.close();
    joiner.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test("with --min-retain-blocks, CometBFT keeps the blocks after every snapshot still served, so a joiner can sync from them", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-ss-retain-"));
  const app = new OptchainApp({
    dataDir: path.join(dir, "app"),
    logger: quietLogger,
    minRetainBlocks: 2,
    snapshots: { dir: path.join(dir, "data", "snapshots"), interval: 3, keepRecent: 2, chunkSize: 4096 },
  });
  try {
    initChain(app, await devGenesis(1));
    for (let height = 1; height <= 10; height++) {
      app.finalizeBlock({ txs: [], decidedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: BigInt(height), time: { seconds: 1_800_000_000n + BigInt(height), nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) });
      const { retainHeight } = app.commit();
      await app.snapshotInProgress;
      const oldest = app.listSnapshots().snapshots[0]?.height;
      // Never above the oldest served snapshot: a joiner restoring it fetches the blocks after it from this node.
      if (oldest !== undefined) expect(retainHeight).toBeLessThanOrEqual(oldest);
      // And still pruning: as the SDK, keep interval × keep-recent blocks (here 6) when that is more than min-retain-blocks.
      expect(retainHeight).toBe(height > 6 ? BigInt(height - 6) : 0n);
    }
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
