// A fixed oracle history (genesis import, vote-extension blocks with passed, dropped and partial ballots, a wide
// price, a ring that wraps, a commit-reveal tally) and every answer the oracle's price and tally queries give on it:
// the state test/fixtures/oracle-v3-state.json and oracle-v4-state.json were written from by consensus versions 3
// and 4's keepers, which the migration tests hold the migrated state to.
import { toAccAddress, toValoper } from "../../app/address";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { LAST_BLOCK_TIME_KEY } from "../../app/keys";
import { Branch } from "../../app/store/branch";
import { type Dec, decFromString } from "../../lib/fixed";
import * as auth from "../../modules/auth/keeper";
import { BankKeeper } from "../../modules/bank/keeper";
import { bankModule } from "../../modules/bank/module";
import { OracleKeeper } from "../../modules/oracle/keeper";
import { oracleModule } from "../../modules/oracle/module";
import { DEFAULT_PARAMS } from "../../modules/oracle/params";
import { oracleQueries } from "../../modules/oracle/queries";
import { SlashingKeeper } from "../../modules/slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../../modules/staking/keeper";
import { stakingModule } from "../../modules/staking/module";
import { optchain } from "../../proto/gen/optchain";

const SECOND = 1_000_000_000n;
const ASSETS = ["BTC", "BTC-IV", "ETH", "SOL"];
const pb = optchain.oracle.v1;

export function oracleStateScenario() {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  const ctx = (height: number, seconds = BigInt(height) * 6n): Context => ({ store, chainId: "t", height: BigInt(height), timeNs: seconds * SECOND + 123n, mode: "block", gas: infiniteGasMeter(), events: [] });
  const operators = Array.from({ length: 5 }, (_, i) => Buffer.alloc(20, i + 1));
  const tokens = [40n, 25n, 20n, 10n, 5n].map((units) => units * 1_000_000n);
  bankModule(bank, new Set()).initGenesis(ctx(0), { balances: [{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: tokens.reduce((a, b) => a + b, 0n).toString() }] }] });
  stakingModule(staking, bank).initGenesis(ctx(0), {
    validators: operators.map((operator, i) => ({ operator_address: toValoper(operator), moniker: "", consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"), tokens: tokens[i].toString(), jailed: false })),
  });
  const module = oracleModule(oracle, staking);
  module.initGenesis?.(ctx(0), {
    params: { ...DEFAULT_PARAMS, assets: ASSETS.map((name) => ({ name, vote_threshold: name === "SOL" ? "0.6" : "0.5" })), vote_period: 1, history_length: 5, max_price_age_seconds: 30 },
    prices: [{ asset: "SOL", price: "150.25", height: 2, time_ns: "12000000123" }],
    price_history: [{ asset: "SOL", count: "9", prices: [
      { price: "149", height: 1, time_ns: "6000000123" },
      { price: "150.25", height: 2, time_ns: "12000000123" },
    ] }],
  });
  // one commit-reveal tally at height 3: BTC and ETH only
  operators.forEach((operator, v) => oracle.setVote(store, operator, { period: 3, prices: `BTC:${64000 + v}.5,ETH:3100` }));
  oracle.endBlock(ctx(3));
  // validator v's price of asset a at height h, or none: SOL gets too little stake from height 7 on (dropped
  // ballots), BTC-IV is voted by three validators only, the last validator is an outlier on BTC
  const price = (v: number, a: number, h: number): Dec | undefined => {
    const asset = ASSETS[a];
    if (asset === "SOL" && h >= 7 && v < 3) return undefined;
    if (asset === "BTC-IV" && v > 2) return undefined;
    const base = { BTC: "65000", "BTC-IV": "0.55", ETH: "3200.5", SOL: "151" }[asset] as string;
    let value = decFromString(base) + BigInt(h * 7 + v * 3) * 10n ** 15n;
    if (asset === "BTC" && v === 4) value *= 2n;
    // a price past 2^101 (a row's wide part) at one height
    if (asset === "ETH" && h === 10) value = (1n << 110n) + BigInt(v);
    return value;
  };
  for (let h = 4; h <= 11; h++) {
    const ballots = new Map<string, Map<string, Dec>>();
    const inCommit = new Set<string>();
    operators.forEach((operator, v) => {
      const hex = Buffer.from(operator).toString("hex");
      inCommit.add(hex);
      // validator 3 signs no extension at heights 5 and 9
      if (v === 3 && (h === 5 || h === 9)) return;
      const prices = new Map<string, Dec>();
      ASSETS.forEach((asset, a) => {
        const p = price(v, a, h);
        if (p !== undefined) prices.set(asset, p);
      });
      ballots.set(hex, prices);
    });
    const c = ctx(h);
    oracle.tallyExtensions(c, ballots, inCommit);
    oracle.endBlock(c, true);
  }
  // the last block's time: SOL's price (height 6) is stale, the others are not
  store.set(LAST_BLOCK_TIME_KEY, Buffer.from((11n * 6n * SECOND + 5n * SECOND).toString(), "utf8"));
  return { store, oracle, module };
}

/** Every answer of the price and tally queries, by a name for each request: response bytes in hex, or the error. */
export function oracleQueryAnswers(oracle: OracleKeeper, state: Branch): Record<string, string> {
  const { answers, ask } = asker(oracle, state);
  ask("prices", "/optchain.oracle.v1.Query/Prices", pb.QueryPricesRequest.encode({}).finish());
  ask("prices page 2 of 2", "/optchain.oracle.v1.Query/Prices", pb.QueryPricesRequest.encode({ pagination: { limit: 2, offset: 2, countTotal: true } }).finish());
  ask("tallies", "/optchain.oracle.v1.Query/LastTallies", pb.QueryLastTalliesRequest.encode({}).finish());
  ask("tallies page 1 of 3", "/optchain.oracle.v1.Query/LastTallies", pb.QueryLastTalliesRequest.encode({ pagination: { limit: 1 } }).finish());
  for (const asset of [...ASSETS, "DOGE"]) {
    ask(`price ${asset}`, "/optchain.oracle.v1.Query/Price", pb.QueryPriceRequest.encode({ asset }).finish());
    ask(`history ${asset}`, "/optchain.oracle.v1.Query/PriceHistory", pb.QueryPriceHistoryRequest.encode({ asset }).finish());
    ask(`history ${asset} reversed, 2`, "/optchain.oracle.v1.Query/PriceHistory", pb.QueryPriceHistoryRequest.encode({ asset, pagination: { limit: 2, reverse: true } }).finish());
    ask(`tally ${asset}`, "/optchain.oracle.v1.Query/LastTally", pb.QueryLastTallyRequest.encode({ asset }).finish());
  }
  return answers;
}

/**
 * Every answer of the per-validator queries (miss counters and rewards, one validator's and the paged lists), by a
 * name for each request: response bytes in hex, or the error. Version 5 moved what they read into one table each.
 */
export function oracleValidatorQueryAnswers(oracle: OracleKeeper, state: Branch): Record<string, string> {
  const { answers, ask } = asker(oracle, state);
  ask("miss counters", "/optchain.oracle.v1.Query/MissCounters", pb.QueryMissCountersRequest.encode({}).finish());
  ask("miss counters page 2 of 3", "/optchain.oracle.v1.Query/MissCounters", pb.QueryMissCountersRequest.encode({ pagination: { limit: 2, offset: 2, countTotal: true } }).finish());
  ask("rewards", "/optchain.oracle.v1.Query/ValidatorRewards", pb.QueryValidatorRewardsRequest.encode({}).finish());
  ask("rewards page 1 of 3", "/optchain.oracle.v1.Query/ValidatorRewards", pb.QueryValidatorRewardsRequest.encode({ pagination: { limit: 2, countTotal: true } }).finish());
  // the five validators, and one that never was
  for (const n of [1, 2, 3, 4, 5, 9]) {
    const validator = toValoper(Buffer.alloc(20, n));
    ask(`miss counter ${n}`, "/optchain.oracle.v1.Query/MissCounter", pb.QueryMissCounterRequest.encode({ validator }).finish());
    ask(`miss counter ${n}, assets page 2`, "/optchain.oracle.v1.Query/MissCounter", pb.QueryMissCounterRequest.encode({ validator, pagination: { limit: 2, offset: 2 } }).finish());
    ask(`reward ${n}`, "/optchain.oracle.v1.Query/ValidatorReward", pb.QueryValidatorRewardRequest.encode({ validator }).finish());
  }
  return answers;
}

/** Answers by name, and `ask`, which puts a query's response bytes in hex (or its error) under a name. */
function asker(oracle: OracleKeeper, state: Branch) {
  const queries = oracleQueries(oracle);
  const answers: Record<string, string> = {};
  const ask = (name: string, path: string, request: Uint8Array) => {
    try {
      answers[name] = Buffer.from(queries[path](state, request)).toString("hex");
    } catch (error) {
      answers[name] = `error: ${(error as Error).message}`;
    }
  };
  return { answers, ask };
}
