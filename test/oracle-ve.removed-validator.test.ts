// CometBFT applies a validator-set update two blocks after the app returns it, so a validator that leaves the set at
// height H still precommits H + 1, and that precommit, with its signed vote extension, is in the last commit every
// proposal of H + 2 carries. With unbonding_time 1 s (the least the params allow) a validator whose shares were all
// undelegated at H is removed from staking at H + 1; ProcessProposal must still check its extension at H + 2, or it
// rejects every proposal of that height and the chain halts.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { type CommitInfo, type ExtendedCommitInfo, ResponseProcessProposal_ProposalStatus as Proposal } from "cosmjs-types/tendermint/abci/types";
import { consensusAddress, valoperBytes } from "../app/address";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { DEC_ONE } from "../lib/fixed";
import { encodeInjectedVotes, encodeVoteExtension, voteExtensionSignBytes } from "../modules/oracle/ve";
import { GENESIS_TIME, initChain, openApp, runBlock, signTx } from "./helpers/inprocess";
import { VALIDATOR_TOKENS, validatorsGenesis } from "./helpers/validators";

const EXTENSION = encodeVoteExtension(new Map([["BTC", 65_000n * DEC_ONE]]));

interface Val {
  key: KeyObject;
  address: Buffer;
  power: bigint;
}

/** The precommits of `height` - 1 by CometBFT's set `vals`, each with a signed extension, as the proposer of `height` gets them. */
function lastCommit(vals: Val[], height: number): { info: ExtendedCommitInfo; last: CommitInfo } {
  const votes = vals.map((val) => ({
    validator: { address: val.address, power: val.power },
    voteExtension: EXTENSION,
    extensionSignature: sign(null, voteExtensionSignBytes(EXTENSION, BigInt(height - 1), 0, DEFAULT_CHAIN_ID), val.key),
    blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
  }));
  return { info: { round: 0, votes }, last: { round: 0, votes: votes.map(({ validator, blockIdFlag }) => ({ validator, blockIdFlag })) } };
}

test("a validator removed by staking while still in CometBFT's last commit does not make ProcessProposal reject every proposal", async () => {
  const g = await validatorsGenesis(4, { oracle: { assets: [{ name: "BTC", vote_threshold: "0.5" }], vote_period: 1 } });
  Object.assign(g.appState.staking as object, { params: { unbonding_time: 1 } });
  const vals: Val[] = (g.appState.staking as { validators: Array<{ consensus_pubkey: string }> }).validators.map((validator) => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pubkey = publicKey.export({ format: "der", type: "spki" }).subarray(12);
    validator.consensus_pubkey = pubkey.toString("base64");
    return { key: privateKey, address: Buffer.from(consensusAddress(pubkey)), power: 0n };
  });
  const { app, close } = openApp();
  try {
    initChain(app, g.appState, 1n).validators.forEach((update, i) => (vals[i].power = update.power));
    // CometBFT's validator set for each height, as the app's updates reach it two heights later
    const setAt = (height: number) => (height <= 3 ? vals : vals.slice(0, 3));
    const block = (height: number, txs: Uint8Array[] = []) => {
      const { info, last } = lastCommit(setAt(height - 1), height);
      const proposal = [encodeInjectedVotes(info), ...txs];
      const status = app.processProposal({ txs: proposal, proposedLastCommit: last, hash: new Uint8Array(32), height: BigInt(height), time: { seconds: GENESIS_TIME.seconds + BigInt(height), nanos: 0 }, misbehavior: [], nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) }).status;
      expect({ height, status }).toEqual({ height, status: Proposal.ACCEPT });
      return runBlock(app, height, proposal);
    };
    runBlock(app, 1, []);
    // height 2: validator 3's operator undelegates every share; the end block takes it out of the set (CometBFT: from height 4)
    const undelegate = { typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", value: { delegatorAddress: g.operators[3], validatorAddress: g.validators[3], amount: { denom: "uopt", amount: VALIDATOR_TOKENS.toString() } } };
    const leaving = block(2, [await signTx(3, [undelegate], { accountNumber: 3, sequence: 0 })]);
    expect(leaving.validatorUpdates.map((update) => update.power)).toEqual([0n]);
    // height 3, one second later: its unbonding has matured and staking removes it
    block(3);
    expect(app.staking.validator(app.store, valoperBytes(g.validators[3]))).toBeUndefined();
    expect(app.staking.operatorByConsensusAddress(app.store, vals[3].address)).toBeUndefined();
    // height 4: the last commit still holds its precommit of height 3; from height 5 on it does not
    block(4);
    expect(app.staking.removedConsensusKey(app.store, vals[3].address)).toBeUndefined();
    block(5);
    block(6);
  } finally {
    close();
  }
});
