// Real bank, staking, slashing and oracle keepers over an in-memory branch, driven one vote-extension block at a
// time: for properties of the oracle's slash windows that need thousands of blocks, not a whole app.
import { toAccAddress, toValoper } from "../../app/address";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { Branch } from "../../app/store/branch";
import type { Dec } from "../../lib/fixed";
import * as auth from "../../modules/auth/keeper";
import { BankKeeper } from "../../modules/bank/keeper";
import { bankModule } from "../../modules/bank/module";
import { OracleKeeper } from "../../modules/oracle/keeper";
import { DEFAULT_PARAMS } from "../../modules/oracle/params";
import { SlashingKeeper } from "../../modules/slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../../modules/staking/keeper";
import { stakingModule } from "../../modules/staking/module";

/** `count` validators of 100 power voting on `assets` (each priced at `prices[a]`), vote_period 1. */
export function oracleKeepers(count: number, assets: readonly string[], prices: readonly Dec[], slashWindow: number, minValid: string) {
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
  oracle.setParams(store, { ...DEFAULT_PARAMS, assets: assets.map((name) => ({ name, vote_threshold: "0.5" })), vote_period: 1, slash_window: slashWindow, min_valid_per_window: minValid });
  const slashed = new Set<string>();
  /**
   * One block: `votes[v][a]` whether validator v signs asset a's (honest) price into its extension; `votes[v]`
   * undefined when v is not in the block's injected commit (not yet in CometBFT's set).
   */
  const block = (height: number, votes: ReadonlyArray<readonly boolean[] | undefined>) => {
    const ballots = new Map<string, Map<string, Dec>>();
    const inCommit = new Set<string>();
    votes.forEach((voted, v) => {
      if (voted === undefined) return;
      const hex = Buffer.from(operators[v]).toString("hex");
      inCommit.add(hex);
      const signed = new Map<string, Dec>();
      voted.forEach((yes, a) => yes && signed.set(assets[a], prices[a]));
      if (signed.size > 0) ballots.set(hex, signed);
    });
    const c = ctx(height);
    oracle.tallyExtensions(c, ballots, inCommit);
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
