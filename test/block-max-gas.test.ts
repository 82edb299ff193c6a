import { rmSync } from "node:fs";
import { ResponseProcessProposal_ProposalStatus } from "cosmjs-types/tendermint/abci/types";
import { OptchainApp } from "../app/app";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { devWallet } from "../client";
import { DEFAULT_FEE, GENESIS_TIME, blockAt, devGenesis, openApp, quietLogger, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(60_000);

const MAX_GAS = 5n * BigInt(DEFAULT_FEE.gas); // five default-fee transfers

function proposal(height: number, txs: Uint8Array[]) {
  return { ...blockAt(height, txs), proposedLastCommit: { round: 0, votes: [] } };
}

test("a proposal whose txs want more than the block's max_gas is rejected, and the proposer never builds one, across a restart too", async () => {
  const opened = openApp();
  const dir = opened.dir;
  let app = opened.app;
  try {
    app.initChain({
      time: GENESIS_TIME,
      chainId: DEFAULT_CHAIN_ID,
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(await devGenesis(2))),
      initialHeight: 1n,
      consensusParams: { block: { maxBytes: 22_020_096n, maxGas: MAX_GAS } },
    });
    runBlock(app, 1, []);
    const [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
    const txs = await Promise.all(Array.from({ length: 6 }, (_, sequence) => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence })));

    const judge = (candidate: OptchainApp) => {
      expect(candidate.processProposal(proposal(2, txs)).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
      expect(candidate.processProposal(proposal(2, txs.slice(0, 5))).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
      const prepared = candidate.prepareProposal({ ...proposal(2, txs), maxTxBytes: 1_000_000n, localLastCommit: { round: 0, votes: [] } });
      expect(prepared.txs).toEqual(txs.slice(0, 5));
    };
    judge(app);

    // The limit comes from InitChain, which a restarted node does not see again: it must come back from state.
    app.close();
    app = new OptchainApp({ dataDir: dir, logger: quietLogger });
    judge(app);
    expect(runBlock(app, 2, txs.slice(0, 5)).txResults.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
