// CometBFT applies a validator-set update two blocks after the app returns it, so a validator that leaves the set at
// height H still precommits H + 1, and that precommit, with its signed vote extension, is in the last commit every
// proposal of H + 2 carries. With unbonding_time 1 s (the least the params allow) a validator whose shares were all
// undelegated at H is removed from staking at H + 1; ProcessProposal must still check its extension at H + 2, or it
// rejects every proposal of that height and the chain halts.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fc from "fast-check";
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

/**
 * A 4-validator chain with vote extensions on from height 1 and unbonding_time `unbondingTime` s (blocks are 1 s
 * apart). block(height, txs) is an honest proposal of `height` through ProcessProposal, then FinalizeBlock and
 * Commit: its last commit is signed by CometBFT's set of height - 1, which follows the app's updates two heights late.
 */
async function chain(unbondingTime: number) {
  const g = await validatorsGenesis(4, { oracle: { assets: [{ name: "BTC", vote_threshold: "0.5" }], vote_period: 1 } });
  Object.assign(g.appState.staking as object, { params: { unbonding_time: unbondingTime } });
  const vals: Val[] = (g.appState.staking as { validators: Array<{ consensus_pubkey: string }> }).validators.map((validator) => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pubkey = publicKey.export({ format: "der", type: "spki" }).subarray(12);
    validator.consensus_pubkey = pubkey.toString("base64");
    return { key: privateKey, address: Buffer.from(consensusAddress(pubkey)), power: 0n };
  });
  const { app, close } = openApp();
  const genesisSet = initChain(app, g.appState, 1n).validators.map((update, i) => ({ ...vals[i], power: update.power }));
  // CometBFT's set at each height: the genesis set for heights 1 and 2, then each block's updates two heights on
  const sets = new Map<number, Val[]>([
    [1, genesisSet],
    [2, genesisSet],
  ]);
  const block = (height: number, txs: Uint8Array[] = []) => {
    const commit = height === 1 ? undefined : lastCommit(sets.get(height - 1)!, height);
    const proposal = commit ? [encodeInjectedVotes(commit.info), ...txs] : txs;
    const last = commit?.last ?? { round: 0, votes: [] };
    const status = app.processProposal({ txs: proposal, proposedLastCommit: last, hash: new Uint8Array(32), height: BigInt(height), time: { seconds: GENESIS_TIME.seconds + BigInt(height), nanos: 0 }, misbehavior: [], nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) }).status;
    expect({ height, status }).toEqual({ height, status: Proposal.ACCEPT });
    const response = runBlock(app, height, proposal);
    const next = new Map(sets.get(height + 1)!.map((val) => [val.address.toString("hex"), val]));
    for (const update of response.validatorUpdates) {
      const val = vals.find((v) => v.address.equals(consensusAddress(update.pubKey!.ed25519!)))!;
      if (update.power === 0n) next.delete(val.address.toString("hex"));
      else next.set(val.address.toString("hex"), { ...val, power: update.power });
    }
    sets.set(height + 2, [...next.values()].sort((a, b) => (b.power === a.power ? Buffer.compare(a.address, b.address) : b.power > a.power ? 1 : -1)));
    return response;
  };
  const undelegateAll = (i: number) =>
    signTx(i, [{ typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", value: { delegatorAddress: g.operators[i], validatorAddress: g.validators[i], amount: { denom: "uopt", amount: VALIDATOR_TOKENS.toString() } } }], { accountNumber: i, sequence: 0 });
  return { g, app, vals, block, undelegateAll, close };
}

test("a validator removed by staking while still in CometBFT's last commit does not make ProcessProposal reject every proposal", async () => {
  const { g, app, vals, block, undelegateAll, close } = await chain(1);
  try {
    block(1);
    // height 2: validator 3's operator undelegates every share; the end block takes it out of the set (CometBFT: from height 4)
    expect(block(2, [await undelegateAll(3)]).validatorUpdates.map((update) => update.power)).toEqual([0n]);
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

test("property: whichever validators leave, whenever, with any short unbonding time, every honest proposal is accepted", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }),
      fc.uniqueArray(fc.record({ validator: fc.integer({ min: 1, max: 3 }), at: fc.integer({ min: 2, max: 6 }) }), { selector: (leave) => leave.validator, maxLength: 3 }),
      async (unbondingTime, leaves) => {
        const { block, undelegateAll, close } = await chain(unbondingTime);
        try {
          for (let height = 1; height <= 11; height++) {
            block(height, await Promise.all(leaves.filter((leave) => leave.at === height).map((leave) => undelegateAll(leave.validator))));
          }
        } finally {
          close();
        }
      },
    ),
    { numRuns: 12 },
  );
});
