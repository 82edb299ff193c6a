// A validator that enters CometBFT's set late in an oracle slash window (its sidecar has no prices yet) must not be
// judged on the few ballots it was there for: the join chaos scenario saw one jailed a block after it joined, for
// "missing" a window it was never in. Like the SDK's x/slashing (start height + window), it is judged once it has
// been there for a window's worth of ballots: its counter is carried into the next window; a validator in for a
// whole window is judged exactly as before.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import fc from "fast-check";
import { OptchainApp } from "../app/app";
import { consensusAddress, valoperBytes } from "../app/address";
import { DEC_ONE, decFromString } from "../lib/fixed";
import { encodeInjectedVotes, encodeVoteExtension } from "../modules/oracle/ve";
import { initChain, quietLogger, runBlock } from "./helpers/inprocess";
import { oracleKeepers } from "./helpers/oracle-keepers";
import { validatorsGenesis } from "./helpers/validators";

const EXTENSION = encodeVoteExtension(new Map([["BTC", 65_000n * DEC_ONE]]));
const SLASH_WINDOW = 8;

/**
 * The injected votes of a commit signed by CometBFT's set `inSet` (validator indexes); those in `priced` carry a
 * price, the others committed with an empty extension (a sidecar that has nothing yet).
 */
const injected = (keys: Buffer[], inSet: number[], priced: number[]) =>
  encodeInjectedVotes({
    round: 0,
    votes: inSet.map((i) => ({
      validator: { address: consensusAddress(keys[i]), power: 100n },
      voteExtension: priced.includes(i) ? EXTENSION : new Uint8Array(),
      extensionSignature: priced.includes(i) ? new Uint8Array(64) : new Uint8Array(),
      blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
    })),
  });

const punishedAt = (events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }>) =>
  events.filter((event) => event.type === "oracle_slash_window_ended").map((event) => event.attributes.find((a) => a.key === "punished")?.value);

test("a validator that enters the set two blocks before a slash window ends, with no prices yet, is not jailed for it; a whole window without prices still jails it", async () => {
  const g = await validatorsGenesis(5, { oracle: { assets: [{ name: "BTC", vote_threshold: "0.5" }], slash_window: SLASH_WINDOW, vote_period: 1 } });
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-newcomer-window-"));
  const app = new OptchainApp({ dataDir: dir, logger: quietLogger });
  try {
    initChain(app, g.appState, 1n);
    runBlock(app, 1, []);
    const newcomer = valoperBytes(g.validators[4]);
    const honest = [0, 1, 2, 3];
    // window 1 (heights 0-7): validator 4 is in the commits of its last two blocks only, without a price
    for (let height = 2; height < SLASH_WINDOW - 2; height++) runBlock(app, height, [injected(g.consensusKeys, honest, honest)]);
    runBlock(app, SLASH_WINDOW - 2, [injected(g.consensusKeys, [0, 1, 2, 3, 4], honest)]);
    const firstEnd = runBlock(app, SLASH_WINDOW - 1, [injected(g.consensusKeys, [0, 1, 2, 3, 4], honest)]);
    expect(punishedAt(firstEnd.events)).toEqual(["0"]);
    expect(app.staking.validator(app.store, newcomer)?.jailed).toBe(false);

    // window 2 (heights 8-15): in the set throughout, and still no price: slashed and jailed at the tally that brings
    // its own ballots to a window's worth (2 carried + 6), before the window ends
    const slashedAt: number[] = [];
    for (let height = SLASH_WINDOW; height < 2 * SLASH_WINDOW - 1; height++) {
      const { events } = runBlock(app, height, [injected(g.consensusKeys, [0, 1, 2, 3, 4], honest)]);
      if (events.some((event) => event.type === "slash" && event.attributes.some((a) => a.key === "reason" && a.value === "oracle"))) slashedAt.push(height);
    }
    expect(slashedAt).toEqual([2 * SLASH_WINDOW - 3]);
    const secondEnd = runBlock(app, 2 * SLASH_WINDOW - 1, [injected(g.consensusKeys, [0, 1, 2, 3, 4], honest)]);
    expect(punishedAt(secondEnd.events)).toEqual(["0"]);
    expect(app.staking.validator(app.store, newcomer)?.jailed).toBe(true);
    for (const i of honest) expect(app.staking.validator(app.store, valoperBytes(g.validators[i]))?.jailed).toBe(false);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("property: a validator that joined a window after its first counted ballot is never slashed for it; one in from the start is slashed exactly when some asset is under the bar", () => {
  const assets = ["BTC", "BTC-IV", "ETH"];
  const prices = [decFromString("65000"), decFromString("0.55"), decFromString("3000")];
  const validators = 4;
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.constantFrom("0.25", "0.5", "0.75", "0.9"),
      fc.array(fc.nat(11), { minLength: validators, maxLength: validators }),
      fc.array(fc.array(fc.array(fc.boolean(), { minLength: assets.length, maxLength: assets.length }), { minLength: validators, maxLength: validators }), { minLength: 12, maxLength: 12 }),
      (window, minValid, joinAt, pattern) => {
        const net = oracleKeepers(validators, assets, prices, window, minValid);
        // validator v is in the injected commits from height joinAt[v] on
        const inSet = (height: number, v: number) => height >= joinAt[v];
        for (let height = 0; height < window; height++) net.block(height, pattern[height].map((votes, v) => (inSet(height, v) ? votes : undefined)));
        // reference: a ballot counts for an asset when anyone in that block's commit voted it (all honest, so every
        // vote cast is valid); a validator is judged only when it was in the commit of every block with a counted
        // ballot, and then exactly as before: slashed when some asset's valid share is under the bar
        const threshold = decFromString(minValid);
        const countedAt = (height: number, a: number) => pattern[height].some((votes, v) => inSet(height, v) && votes[a]);
        const expected = Array.from({ length: validators }, (_, v) => {
          for (let height = 0; height < window; height++) {
            if (!inSet(height, v) && assets.some((_, a) => countedAt(height, a))) return false;
          }
          return assets.some((_, a) => {
            let counted = 0;
            let valid = 0;
            for (let height = 0; height < window; height++) {
              if (!countedAt(height, a)) continue;
              counted++;
              if (pattern[height][v][a]) valid++;
            }
            return counted > 0 && BigInt(valid) * DEC_ONE < threshold * BigInt(counted);
          });
        });
        expect(net.wasSlashed()).toEqual(expected);
      },
    ),
    { numRuns: 100 },
  );
});
