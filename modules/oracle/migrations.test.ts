import { readFileSync } from "node:fs";
import path from "node:path";
import { writeJson } from "../../app/json-state";
import { Branch } from "../../app/store/branch";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import { OracleKeeper } from "./keeper";
import { oracleQueryAnswers, oracleStateScenario, oracleValidatorQueryAnswers } from "../../test/helpers/oracle-state-scenario";
import { infiniteGasMeter } from "../../app/gas";
import { decodeOperatorRows, encodeMissCounter } from "./codec";
import { MISS_COUNTERS_KEY, MISS_PREFIX, REWARD_WEIGHT_PREFIX, ballotKey, historyCountKey, historyKey, missKey, priceKey, rewardWeightKey, voteKey } from "./keys";
import { migrateOracle } from "./migrations";
import { type OracleGenesis, oracleModule } from "./module";

const emptyStore = () => new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
const operator = (n: number) => Buffer.alloc(20, n);

function keeper(): OracleKeeper {
  const staking = new StakingKeeper();
  return new OracleKeeper(staking, new SlashingKeeper(staking, new BankKeeper({ ensureAccount: auth.ensureAccount })));
}

describe("oracle migration 1 → 2", () => {
  test("version-1 JSON ballots, votes, miss counters and reward weights read back the same, in the bytes the keeper writes now, with version 3's window count", () => {
    const oracle = keeper();
    const v1 = emptyStore();
    writeJson(v1, ballotKey(operator(1)), { power: "30", prices: "ETH:3000.50,BTC:65000" });
    writeJson(v1, ballotKey(operator(2)), { power: "7", prices: null });
    writeJson(v1, voteKey(operator(1)), { period: 12, prices: "BTC:65000.10" });
    writeJson(v1, missKey(operator(1)), { misses: 3, ballots: 40 });
    writeJson(v1, rewardWeightKey(operator(1)), { weight: "123456789012345678901234567890", in_band: 17 });
    migrateOracle(v1, oracle, 1);

    expect(oracle.lastBallot(v1)).toEqual([
      { operator: operator(1), entry: { power: "30", prices: "BTC:65000,ETH:3000.5" } },
      { operator: operator(2), entry: { power: "7", prices: null } },
    ]);
    expect(oracle.votes(v1)).toEqual([{ operator: operator(1), vote: { period: 12, prices: "BTC:65000.1" } }]);
    expect(oracle.missCounter(v1, operator(1))).toEqual({ misses: 3, ballots: 40 });
    // version 1 had no per-asset counts: they start at the migration
    expect(oracle.assetMissCounts(v1, operator(1))).toEqual([]);
    expect(oracle.rewards.weight(v1, operator(1))).toEqual({ weight: "123456789012345678901234567890", in_band: 17 });

    const v2 = emptyStore();
    oracle.setBallotEntry(v2, operator(1), { power: "30", prices: "BTC:65000,ETH:3000.5" });
    oracle.setBallotEntry(v2, operator(2), { power: "7", prices: null });
    oracle.setVote(v2, operator(1), { period: 12, prices: "BTC:65000.1" });
    oracle.setMissCounter(v2, operator(1), { misses: 3, ballots: 40 });
    oracle.rewards.setWeight(v2, operator(1), { weight: "123456789012345678901234567890", in_band: 17 });
    oracle.setWindowBallots(v2, 40);
    const bytes = (store: Branch) => store.iterate(Buffer.alloc(0)).map(([k, v]) => [Buffer.from(k).toString("hex"), Buffer.from(v).toString("hex")]);
    expect(bytes(v1)).toEqual(bytes(v2));
  });

  test("a version-1 reveal that does not parse, or holds a price that is not positive, is kept as a vote for nothing", () => {
    const oracle = keeper();
    const store = emptyStore();
    writeJson(store, ballotKey(operator(1)), { power: "5", prices: "BTC:-5" });
    writeJson(store, ballotKey(operator(2)), { power: "5", prices: "BTC:abc" });
    migrateOracle(store, oracle, 1);
    expect(oracle.lastBallot(store).map(({ entry }) => entry)).toEqual([
      { power: "5", prices: "" },
      { power: "5", prices: "" },
    ]);
  });

  test("state already at version 5 is left as it is", () => {
    const oracle = keeper();
    const store = emptyStore();
    oracle.setMissCounter(store, operator(1), { misses: 1, ballots: 2 });
    migrateOracle(store, oracle, 5);
    expect(oracle.missCounter(store, operator(1))).toEqual({ misses: 1, ballots: 2 });
    expect(oracle.windowBallots(store)).toBe(0);
  });
});

describe("oracle migration 2 → 3", () => {
  test("the window's ballot count becomes the most any validator counted: those in since the window began are judged, a newcomer is not", () => {
    const oracle = keeper();
    const store = emptyStore();
    // version 2's layout: a counter per key
    store.set(missKey(operator(1)), encodeMissCounter(1, 9, [{ asset: "BTC", misses: 1, ballots: 9 }]));
    store.set(missKey(operator(2)), encodeMissCounter(2, 2, [{ asset: "BTC", misses: 2, ballots: 2 }]));
    migrateOracle(store, oracle, 2);
    expect(oracle.windowBallots(store)).toBe(9);
    expect(oracle.missCounter(store, operator(2))).toEqual({ misses: 2, ballots: 2 });
  });
});

describe("oracle migration 3 → 4", () => {
  test("version-3 state written by 90b9a50's keeper (prices, history and tallies as JSON) becomes the bytes the keeper writes now for the same blocks, and every price and tally query answers as before", () => {
    const fixture = JSON.parse(readFileSync(path.join(__dirname, "../../test/fixtures/oracle-v3-state.json"), "utf8")) as { store: Array<[string, string]>; answers: Record<string, string>; genesis: unknown };
    const store = emptyStore();
    for (const [k, v] of fixture.store) store.set(Buffer.from(k, "hex"), Buffer.from(v, "hex"));
    expect(JSON.parse(Buffer.from(store.get(priceKey("BTC")) ?? []).toString("utf8"))).toEqual({ price: "65000.08", height: 11, time_ns: "66000000123" });
    const oracle = keeper();
    migrateOracle(store, oracle, 3);

    expect(oracleQueryAnswers(oracle, store)).toEqual(fixture.answers);
    expect(JSON.parse(JSON.stringify(oracleModule(oracle, new StakingKeeper()).exportGenesis?.(store)))).toEqual(fixture.genesis);
    const bytes = (state: Branch) => state.iterate(Buffer.alloc(0)).map(([k, v]) => [Buffer.from(k).toString("hex"), Buffer.from(v).toString("hex")]);
    expect(bytes(store)).toEqual(bytes(oracleStateScenario().store));
  });

  test("a genesis price or time written with extra zeros keeps its value and reads back in the tally's form", () => {
    const oracle = keeper();
    const store = emptyStore();
    writeJson(store, priceKey("BTC"), { price: "065000.500", height: 7, time_ns: "0042" });
    writeJson(store, historyKey("BTC", 3n), { price: "1.0", height: -2, time_ns: "99999999999999999999" });
    store.set(historyCountKey("BTC"), Buffer.from("4", "utf8"));
    migrateOracle(store, oracle, 3);
    expect(oracle.storedPrice(store, "BTC")).toEqual({ price: "65000.5", height: 7, time_ns: "42" });
    expect(oracle.historyEntries(store)).toEqual([{ asset: "BTC", count: 4n, prices: [{ price: "1", height: -2, time_ns: "99999999999999999999" }] }]);
  });
});

describe("oracle migration 4 → 5", () => {
  const fixture = JSON.parse(readFileSync(path.join(__dirname, "../../test/fixtures/oracle-v4-state.json"), "utf8")) as { store: Array<[string, string]>; answers: Record<string, string>; genesis: unknown };
  const bytes = (state: Branch) => state.iterate(Buffer.alloc(0)).map(([k, v]) => [Buffer.from(k).toString("hex"), Buffer.from(v).toString("hex")]);
  const v4State = () => {
    const store = emptyStore();
    for (const [k, v] of fixture.store) store.set(Buffer.from(k, "hex"), Buffer.from(v, "hex"));
    return store;
  };

  test("version-4 state written by 8b03058's keeper (a miss counter and a reward weight per key) becomes the bytes version 5 writes for the same blocks; every query and the exported genesis answer as version 4 did", () => {
    const store = v4State();
    expect(store.iterate(MISS_PREFIX)).toHaveLength(5);
    expect(store.iterate(REWARD_WEIGHT_PREFIX)).toHaveLength(5);
    const oracle = keeper();
    migrateOracle(store, oracle, 4);

    expect(store.iterate(MISS_PREFIX)).toEqual([]);
    expect(store.iterate(REWARD_WEIGHT_PREFIX)).toEqual([]);
    expect({ ...oracleQueryAnswers(oracle, store), ...oracleValidatorQueryAnswers(oracle, store) }).toEqual(fixture.answers);
    expect(JSON.parse(JSON.stringify(oracleModule(oracle, new StakingKeeper()).exportGenesis?.(store)))).toEqual(fixture.genesis);
    expect(bytes(store)).toEqual(bytes(oracleStateScenario().store));
  });

  test("the migrated table holds each version-4 record byte for byte, in operator order", () => {
    const store = v4State();
    const before = store.iterate(MISS_PREFIX).map(([k, v]) => [Buffer.from(k.subarray(MISS_PREFIX.length)).toString("hex"), Buffer.from(v).toString("hex")]);
    migrateOracle(store, keeper(), 4);
    const table = decodeOperatorRows(store.get(MISS_COUNTERS_KEY) ?? new Uint8Array(), "miss counters");
    expect(table.map(({ operator, value }) => [Buffer.from(operator).toString("hex"), Buffer.from(value).toString("hex")])).toEqual(before);
  });

  test("a genesis exported by version 4 imports into the same state the migration gives", () => {
    const migrated = v4State();
    migrateOracle(migrated, keeper(), 4);
    const imported = oracleStateScenario().store;
    const oracle = keeper();
    // the scenario's own store, its oracle records replaced by what version 4's genesis says
    for (const [k] of imported.iterate(Buffer.from("oracle/"))) imported.delete(k);
    const ctx = { store: imported, chainId: "t", height: 0n, timeNs: 0n, mode: "block" as const, gas: infiniteGasMeter(), events: [] };
    oracleModule(oracle, new StakingKeeper()).initGenesis?.(ctx, fixture.genesis as OracleGenesis);
    expect(bytes(imported)).toEqual(bytes(migrated));
  });
});
