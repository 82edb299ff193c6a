// The vote-extension price path driven through the app's ABCI handlers in process: each validator's signed
// extension, the proposer's tx 0, every validator's ProcessProposal, and FinalizeBlock's tally.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OptchainApp } from "../app";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import {
  type CommitInfo,
  type ExtendedCommitInfo,
  ResponseProcessProposal_ProposalStatus as Proposal,
  ResponseVerifyVoteExtension_VerifyStatus as Verify,
} from "cosmjs-types/tendermint/abci/types";
import { consensusAddress, valoperBytes } from "../address";
import { DEFAULT_CHAIN_ID } from "../config";
import { DEC_ONE, decFromString } from "../../lib/fixed";
import { SimulatedSource } from "../../client/feeder/sources";
import { decodeVoteExtension, encodeInjectedVotes, encodeVoteExtension, voteExtensionSignBytes } from "../../modules/oracle/ve";
import { GENESIS_TIME, initChain, quietLogger, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";
import { Sequences, validatorsGenesis } from "../../test/helpers/validators";
import type { ProposalFault, TestFaults } from "../faults";
import { startSidecar } from "../../client/feeder/sidecar";
import { FeederMetrics } from "../../client/feeder/telemetry";
import { SidecarPriceFeed } from "./price-feed";

const ASSETS = ["BTC", "ETH"];
const START = { BTC: "65000000000", ETH: "3200000000" };

interface Val {
  key: KeyObject;
  address: Buffer;
  power: bigint;
}

async function chain(enableHeight: bigint, options: { faults?: TestFaults; slashWindow?: number } = {}) {
  const g = await validatorsGenesis(4, { oracle: { assets: ASSETS.map((name) => ({ name, vote_threshold: "0.5" })), slash_window: options.slashWindow ?? 1000, vote_period: 1 } });
  const vals: Val[] = [];
  const staking = g.appState.staking as { validators: Array<{ consensus_pubkey: string }> };
  staking.validators.forEach((validator) => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pubkey = publicKey.export({ format: "der", type: "spki" }).subarray(12);
    validator.consensus_pubkey = pubkey.toString("base64");
    vals.push({ key: privateKey, address: Buffer.from(consensusAddress(pubkey)), power: 0n });
  });
  // validator 0's price sidecar on the feeder's simulated walk, as the localnet's
  const sidecar = await startSidecar("127.0.0.1:0", { sources: [new SimulatedSource("simulated", "ve-test", START)], assets: ASSETS, metrics: new FeederMetrics(), log: quietLogger });
  const feed = new SidecarPriceFeed(sidecar.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-ve-"));
  const app = new OptchainApp({ dataDir: dir, logger: quietLogger, priceFeed: feed, faults: options.faults });
  const close = async () => {
    app.close();
    await sidecar.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const init = initChain(app, g.appState, enableHeight);
  init.validators.forEach((update, i) => (vals[i].power = update.power));
  return { app, close, g, vals, feed };
}

/**
 * What CometBFT hands the proposer of `height`: the precommits of height - 1, each extension signed by its
 * validator (`extensions[i]` undefined: validator i did not precommit).
 */
function lastCommit(vals: Val[], height: number, extensions: Array<Uint8Array | undefined>): { info: ExtendedCommitInfo; last: CommitInfo } {
  const votes = vals.map((val, i) => {
    const extension = extensions[i];
    if (!extension) return { validator: { address: val.address, power: val.power }, voteExtension: new Uint8Array(), extensionSignature: new Uint8Array(), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT };
    const signature = sign(null, voteExtensionSignBytes(extension, BigInt(height - 1), 0, DEFAULT_CHAIN_ID), val.key);
    return { validator: { address: val.address, power: val.power }, voteExtension: extension, extensionSignature: signature, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT };
  });
  return { info: { round: 0, votes }, last: { round: 0, votes: votes.map(({ validator, blockIdFlag }) => ({ validator, blockIdFlag })) } };
}

const header = (height: number) => ({
  misbehavior: [],
  height: BigInt(height),
  time: { seconds: GENESIS_TIME.seconds + BigInt(height), nanos: 0 },
  nextValidatorsHash: new Uint8Array(32),
  proposerAddress: new Uint8Array(20),
});

function process(app: OptchainApp, height: number, txs: Uint8Array[], last: CommitInfo) {
  return app.processProposal({ ...header(height), txs, proposedLastCommit: last, hash: new Uint8Array(32) }).status;
}

const extend = (app: OptchainApp, height: number) => app.extendVote({ ...header(height), hash: new Uint8Array(32), txs: [], proposedLastCommit: { round: 0, votes: [] } }).voteExtension;

describe("vote extensions in process", () => {
  test("ExtendVote signs the feed's prices (abstaining before its first answer); the proposer injects them; prices update every block; an abstainer misses", async () => {
    const net = await chain(1n);
    try {
      expect(extend(net.app, 1)).toHaveLength(0);
      runBlock(net.app, 1, []);
      const missesBefore = net.app.oracle.missCounter(net.app.store, valoperBytes(net.g.validators[3])).misses;
      for (let height = 2; height <= 6; height++) {
        await net.feed.refresh();
        const own = extend(net.app, height - 1);
        expect(own.length).toBeGreaterThan(0);
        expect(net.app.verifyVoteExtension({ hash: new Uint8Array(32), validatorAddress: net.vals[0].address, height: BigInt(height - 1), voteExtension: own }).status).toBe(Verify.ACCEPT);
        // validators 1 and 2 quote 0.1 % either side of validator 0; validator 3's sidecar is down: it signs an empty extension
        const ownPrices = decodeVoteExtension(own, new Set(ASSETS));
        if (!("prices" in ownPrices)) throw new Error(ownPrices.error);
        const other = (ppm: bigint) => encodeVoteExtension(new Map([...ownPrices.prices].map(([asset, price]) => [asset, (price * ppm) / 1_000_000n])));
        const { info, last } = lastCommit(net.vals, height, [own, other(999_000n), other(1_001_000n), new Uint8Array()]);
        const user = await signTx(0, [sendMsg(net.g.operators[0], net.g.operators[1], "1")], { accountNumber: 0, sequence: height - 2 });
        const { txs } = net.app.prepareProposal({ ...header(height), maxTxBytes: 1_000_000n, txs: [user], localLastCommit: info });
        expect(txs).toEqual([encodeInjectedVotes(info), user]);
        expect(process(net.app, height, txs, last)).toBe(Proposal.ACCEPT);
        const response = runBlock(net.app, height, txs);
        expect(response.txResults.map((result) => result.code)).toEqual([0, 0]);
        for (const asset of ASSETS) expect(net.app.oracle.storedPrice(net.app.store, asset)?.height).toBe(height);
      }
      const btc = decFromString(net.app.oracle.storedPrice(net.app.store, "BTC")?.price ?? "0");
      expect(btc / DEC_ONE).toBeGreaterThan(60_000_000_000n);
      const misses = net.app.oracle.missCounter(net.app.store, valoperBytes(net.g.validators[3])).misses;
      expect(misses - missesBefore).toBe(5 * ASSETS.length);
      expect(net.app.oracle.missCounter(net.app.store, valoperBytes(net.g.validators[0])).misses).toBe(0);
    } finally {
      await net.close();
    }
  });

  test("every validator rejects a proposal that forges, drops or leaves out the extended votes", async () => {
    const net = await chain(1n);
    try {
      runBlock(net.app, 1, []);
      const ext = encodeVoteExtension(new Map([["BTC", 65_000_000_000n * DEC_ONE]]));
      const { info, last } = lastCommit(net.vals, 2, [ext, ext, ext, ext]);
      expect(process(net.app, 2, [encodeInjectedVotes(info)], last)).toBe(Proposal.ACCEPT);
      // forged: validator 1's extension replaced, its signature kept
      const forged = structuredClone(info);
      forged.votes[1].voteExtension = encodeVoteExtension(new Map([["BTC", DEC_ONE]]));
      expect(process(net.app, 2, [encodeInjectedVotes(forged)], last)).toBe(Proposal.REJECT);
      // dropped: a committed validator shown absent, to leave its price out of the median
      const dropped = structuredClone(info);
      dropped.votes[2] = { ...dropped.votes[2], voteExtension: new Uint8Array(), extensionSignature: new Uint8Array(), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT };
      expect(process(net.app, 2, [encodeInjectedVotes(dropped)], last)).toBe(Proposal.REJECT);
      // missing power: the votes of 2 of 4 (the last commit agrees, so only the 2/3 rule catches it)
      const half = lastCommit(net.vals, 2, [ext, ext, undefined, undefined]);
      expect(process(net.app, 2, [encodeInjectedVotes(half.info)], half.last)).toBe(Proposal.REJECT);
      // no tx 0 at all, or the votes moved behind a user tx
      const user = await signTx(0, [sendMsg(net.g.operators[0], net.g.operators[1], "1")], new Sequences().take(0));
      expect(process(net.app, 2, [user], last)).toBe(Proposal.REJECT);
      expect(process(net.app, 2, [user, encodeInjectedVotes(info)], last)).toBe(Proposal.REJECT);
      expect(process(net.app, 2, [], last)).toBe(Proposal.REJECT);
    } finally {
      await net.close();
    }
  });

  test("a user cannot submit the injected tx: CheckTx refuses it, and a block holding it where extensions are off is rejected", async () => {
    const net = await chain(0n);
    try {
      runBlock(net.app, 1, []);
      const ext = encodeVoteExtension(new Map([["BTC", 65_000_000_000n * DEC_ONE]]));
      const { info, last } = lastCommit(net.vals, 2, [ext, ext, ext, ext]);
      const injected = encodeInjectedVotes(info);
      const checked = net.app.checkTx({ tx: injected, type: 0 });
      expect([checked.codespace, checked.code]).toEqual(["oracle", 18]);
      expect(process(net.app, 2, [injected], last)).toBe(Proposal.REJECT);
      // With extensions off, nothing is injected and commit-reveal stays the only path.
      expect(net.app.prepareProposal({ ...header(2), maxTxBytes: 1_000_000n, txs: [], localLastCommit: info }).txs).toEqual([]);
      expect(extend(net.app, 2)).toHaveLength(0);
      // FinalizeBlock of a block that holds it anyway (replayed, say) refuses it as a tx and charges nobody.
      const response = runBlock(net.app, 2, [injected]);
      expect(response.txResults[0].code).not.toBe(0);
      expect(net.app.oracle.storedPrice(net.app.store, "BTC")).toBeUndefined();
    } finally {
      await net.close();
    }
  });

  test("VerifyVoteExtension accepts an empty extension and refuses a malformed one, never judging the price", async () => {
    const net = await chain(1n);
    try {
      runBlock(net.app, 1, []);
      const verify = (voteExtension: Uint8Array) => net.app.verifyVoteExtension({ hash: new Uint8Array(32), validatorAddress: net.vals[1].address, height: 2n, voteExtension }).status;
      expect(verify(new Uint8Array())).toBe(Verify.ACCEPT);
      expect(verify(encodeVoteExtension(new Map([["BTC", 1n]])))).toBe(Verify.ACCEPT);
      expect(verify(encodeVoteExtension(new Map([["DOGE", DEC_ONE]])))).toBe(Verify.REJECT);
      expect(verify(Buffer.from([0xde, 0xad]))).toBe(Verify.REJECT);
    } finally {
      await net.close();
    }
  });

  test.each<ProposalFault>(["drop-vote", "forge-vote"])("a proposer with the %s fault injects votes that every honest validator rejects", async (fault) => {
    const bad = await chain(1n, { faults: { proposalFault: fault } });
    const honest = await chain(1n);
    try {
      for (const net of [bad, honest]) runBlock(net.app, 1, []);
      // the honest app's genesis keys sign, so that its ProcessProposal knows them
      const ext = encodeVoteExtension(new Map([["BTC", 65_000_000_000n * DEC_ONE]]));
      const { info, last } = lastCommit(honest.vals, 2, [ext, ext, ext, ext]);
      const fromBad = bad.app.prepareProposal({ ...header(2), maxTxBytes: 1_000_000n, txs: [], localLastCommit: info }).txs;
      const fromHonest = honest.app.prepareProposal({ ...header(2), maxTxBytes: 1_000_000n, txs: [], localLastCommit: info }).txs;
      expect(Buffer.from(fromBad[0]).equals(Buffer.from(fromHonest[0]))).toBe(false);
      expect(process(honest.app, 2, fromBad, last)).toBe(Proposal.REJECT);
      expect(process(honest.app, 2, fromHonest, last)).toBe(Proposal.ACCEPT);
    } finally {
      await bad.close();
      await honest.close();
    }
  });

  test("a validator whose sources lie 30 % high misses every tally and is slashed and jailed when its window ends", async () => {
    const slashWindow = 6;
    const net = await chain(1n, { slashWindow });
    try {
      runBlock(net.app, 1, []);
      const liar = valoperBytes(net.g.validators[3]);
      const honestPrices = new Map([["BTC", 65_000_000_000n * DEC_ONE], ["ETH", 3_200_000_000n * DEC_ONE]]);
      const lie = new Map([...honestPrices].map(([asset, price]) => [asset, (price * 13n) / 10n]));
      // height h ends a window when h + 1 is a multiple of slash_window: blocks 2..5 are in the first one
      for (let height = 2; height < slashWindow; height++) {
        const honest = encodeVoteExtension(honestPrices);
        const { info, last } = lastCommit(net.vals, height, [honest, honest, honest, encodeVoteExtension(lie)]);
        const txs = [encodeInjectedVotes(info)];
        expect(process(net.app, height, txs, last)).toBe(Proposal.ACCEPT);
        runBlock(net.app, height, txs);
        expect(net.app.oracle.storedPrice(net.app.store, "BTC")?.price).toBe("65000000000");
        if (height < slashWindow - 1) expect(net.app.oracle.missCounter(net.app.store, liar)).toEqual({ misses: (height - 1) * ASSETS.length, ballots: (height - 1) * ASSETS.length });
      }
      const info = net.app.slashing.signingInfo(net.app.store, liar);
      expect(BigInt(info?.jailed_until_ns ?? "0")).toBeGreaterThan(0n);
      expect(net.app.slashing.slashHistory(net.app.store).map((slash) => slash.reason)).toEqual(["oracle"]);
      for (const honest of net.g.validators.slice(0, 3)) expect(net.app.slashing.signingInfo(net.app.store, valoperBytes(honest))?.jailed_until_ns ?? "0").toBe("0");
    } finally {
      await net.close();
    }
  });
});
