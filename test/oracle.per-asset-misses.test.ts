// An asset a validator never prices is a miss in that asset's own count: over a slash window, a validator
// that votes honestly on every asset but one is punished for that one (issue 11), and the slashed set is
// exactly the validators with some asset's valid rate under min_valid_per_window.
import fc from "fast-check";
import { toAccAddress, toValoper } from "../app/address";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { DEC_ONE, type Dec, decFromString } from "../lib/fixed";
import * as auth from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { bankModule } from "../modules/bank/module";
import { OracleKeeper } from "../modules/oracle/keeper";
import { DEFAULT_PARAMS } from "../modules/oracle/params";
import { SlashingKeeper } from "../modules/slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../modules/staking/keeper";
import { stakingModule } from "../modules/staking/module";

const ASSETS = ["BTC", "BTC-IV", "ETH"];
const PRICES = [decFromString("65000"), decFromString("0.55"), decFromString("3000")];

/** Real bank, staking, slashing and oracle keepers over an in-memory branch; `count` validators of 100 power. */
function setup(count: number, slashWindow: number, minValid: string) {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const slashing = new SlashingKeeper(staking, bank);
  const oracle = new OracleKeeper(staking, slashing);
  const ctx = (height: number): Context => ({ store, chainId: "t", height: BigInt(height), timeNs: BigInt(height) * 1_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] });
  const operators = Array.from({ length: count }, (_, i) => Buffer.alloc(20, i + 1));
  bankModule(bank, new Set()).initGenesis(ctx(0), { balances: [{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: (100_000_000n * BigInt(count)).toString() }] }] });
  stakingModule(staking, bank).initGenesis(ctx(0), {
    validators: operators.map((operator, i) => ({ operator_address: toValoper(operator), moniker: "", consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"), tokens: "100000000", jailed: false })),
  });
  oracle.setParams(store, { ...DEFAULT_PARAMS, assets: ASSETS.map((name) => ({ name, vote_threshold: "0.5" })), vote_period: 1, slash_window: slashWindow, min_valid_per_window: minValid });
  const slashed = new Set<string>();
  /** One block: `votes[v][a]` whether validator v signs asset a's (honest) price into its extension. */
  const block = (height: number, votes: boolean[][]) => {
    const ballots = new Map<string, Map<string, Dec>>();
    votes.forEach((assets, v) => {
      const prices = new Map<string, Dec>();
      assets.forEach((voted, a) => voted && prices.set(ASSETS[a], PRICES[a]));
      if (prices.size > 0) ballots.set(Buffer.from(operators[v]).toString("hex"), prices);
    });
    const c = ctx(height);
    oracle.tallyExtensions(c, ballots);
    oracle.endBlock(c, true);
    slashing.processJailQueue(c);
    for (const event of c.events.filter((e) => e.type === "slash" && e.attributes.some((a) => a.key === "reason" && a.value === "oracle"))) {
      slashed.add(event.attributes.find((a) => a.key === "validator")!.value);
    }
  };
  const validators = operators.map((operator) => toValoper(operator));
  const wasSlashed = () => validators.map((validator) => slashed.has(validator));
  const jailed = () => operators.map((operator) => staking.validator(store, operator)?.jailed === true);
  return { block, wasSlashed, jailed, oracle, store, operators };
}

test("a validator that never votes one asset of three is slashed and jailed at the window's end", () => {
  const window = 30;
  const net = setup(4, window, "0.5");
  const skipsBtcIv = [true, false, true];
  for (let height = 0; height < window; height++) net.block(height, [[true, true, true], [true, true, true], [true, true, true], skipsBtcIv]);
  // 1/3 of its ballots missed overall (under the 1/2 bar in total), but BTC-IV's valid rate is 0
  expect(net.wasSlashed()).toEqual([false, false, false, true]);
  expect(net.jailed()).toEqual([false, false, false, true]);
});

test("property: the slashed set is exactly the validators with some asset under min_valid_per_window", () => {
  const validators = 4;
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.constantFrom("0.25", "0.5", "0.75", "0.9"),
      fc.array(fc.array(fc.array(fc.boolean(), { minLength: ASSETS.length, maxLength: ASSETS.length }), { minLength: validators, maxLength: validators }), { minLength: 12, maxLength: 12 }),
      (window, minValid, pattern) => {
        const net = setup(validators, window, minValid);
        for (let height = 0; height < window; height++) net.block(height, pattern[height]);
        // reference: a ballot counts for an asset when anyone voted it; every vote cast is valid (all honest, one
        // price per asset, so in band when the ballot passes; one under the quorum blames no voter, only the absent)
        const threshold = decFromString(minValid);
        const expected = Array.from({ length: validators }, (_, v) =>
          ASSETS.some((_, a) => {
            let counted = 0;
            let valid = 0;
            for (let height = 0; height < window; height++) {
              const voters = pattern[height].filter((votes) => votes[a]).length;
              if (voters === 0) continue;
              counted++;
              if (pattern[height][v][a]) valid++;
            }
            return counted > 0 && BigInt(valid) * DEC_ONE < threshold * BigInt(counted);
          }),
        );
        expect(net.wasSlashed()).toEqual(expected);
      },
    ),
    { numRuns: 60 },
  );
});
