// A validator bonded in the app enters CometBFT's set two blocks later, so the extended votes injected into the
// next blocks cannot hold its precommit. The join chaos scenario (test/chaos/join.test.ts) caught the oracle
// counting it absent there: a slash window ending in those blocks found it with ballots and no valid one, and
// jailed it one block after it bonded.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import fc from "fast-check";
import { OptchainApp } from "../app/app";
import { consensusAddress, valoperBytes } from "../app/address";
import { DEC_ONE } from "../lib/fixed";
import { encodeInjectedVotes, encodeVoteExtension } from "../modules/oracle/ve";
import { initChain, quietLogger, runBlock } from "./helpers/inprocess";
import { validatorsGenesis } from "./helpers/validators";

const EXTENSION = encodeVoteExtension(new Map([["BTC", 65_000n * DEC_ONE]]));

/** An app on a 5-validator genesis at height 1 whose slash window ends at `slashWindow` - 1. */
async function chain(slashWindow: number) {
  const g = await validatorsGenesis(5, { oracle: { assets: [{ name: "BTC", vote_threshold: "0.5" }], slash_window: slashWindow, vote_period: 1 } });
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-newcomer-"));
  const app = new OptchainApp({ dataDir: dir, logger: quietLogger });
  const init = initChain(app, g.appState, 1n);
  expect(init.validators).toHaveLength(5);
  runBlock(app, 1, []);
  const close = () => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { g, app, close };
}

/** The injected votes of a commit signed by CometBFT's set `inSet` (validator indexes), each with a price. */
const injected = (keys: Buffer[], inSet: number[]) =>
  encodeInjectedVotes({
    round: 0,
    votes: inSet.map((i) => ({ validator: { address: consensusAddress(keys[i]), power: 100n }, voteExtension: EXTENSION, extensionSignature: new Uint8Array(64), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT })),
  });

test("a validator outside the set that signed the injected votes gets no oracle ballot, no miss and no jail", async () => {
  const slashWindow = 4;
  const { g, app, close } = await chain(slashWindow);
  try {
    // CometBFT's set is still validators 0 to 3: validator 4 is bonded in the app only.
    const newcomer = valoperBytes(g.validators[4]);
    for (let height = 2; height < slashWindow - 1; height++) {
      runBlock(app, height, [injected(g.consensusKeys, [0, 1, 2, 3])]);
      expect(app.oracle.missCounter(app.store, newcomer)).toEqual({ misses: 0, ballots: 0 });
      expect(app.oracle.missCounter(app.store, valoperBytes(g.validators[0]))).toEqual({ misses: 0, ballots: height - 1 });
    }
    // the block that ends the slash window punishes nobody
    const end = runBlock(app, slashWindow - 1, [injected(g.consensusKeys, [0, 1, 2, 3])]);
    expect(end.events.filter((event) => event.type === "oracle_slash_window_ended").map((event) => event.attributes.find((a) => a.key === "punished")?.value)).toEqual(["0"]);
    expect(app.staking.validator(app.store, newcomer)?.jailed).toBe(false);
  } finally {
    close();
  }
});

test("property: whichever validators a commit holds, exactly those get a ballot", async () => {
  await fc.assert(
    fc.asyncProperty(fc.subarray([0, 1, 2, 3, 4], { minLength: 3 }), async (inSet) => {
      const { g, app, close } = await chain(1000);
      try {
        runBlock(app, 2, [injected(g.consensusKeys, inSet)]);
        for (let i = 0; i < 5; i++) {
          expect(app.oracle.missCounter(app.store, valoperBytes(g.validators[i]))).toEqual({ misses: 0, ballots: inSet.includes(i) ? 1 : 0 });
        }
      } finally {
        close();
      }
    }),
    { numRuns: 8 },
  );
});
