import { readFileSync } from "node:fs";
import path from "node:path";
import { writeJson } from "../../app/json-state";
import { Branch } from "../../app/store/branch";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import { OracleKeeper } from "./keeper";
import { oracleQueryAnswers, oracleStateScenario } from "../../test/helpers/oracle-state-scenario";
import { ballotKey, historyCountKey, historyKey, missKey, priceKey, rewardWeightKey, voteKey } from "./keys";
import { migrateOracle } from "./migrations";
import { oracleModule } from "./module";

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

  test("state already at version 4 is left as it is", () => {
    const oracle = keeper();
    const store = emptyStore();
    oracle.setMissCounter(store, operator(1), { misses: 1, ballots: 2 });
    migrateOracle(store, oracle, 4);
    expect(oracle.missCounter(store, operator(1))).toEqual({ misses: 1, ballots: 2 });
    expect(oracle.windowBallots(store)).toBe(0);
  });
});

describe("oracle migration 2 → 3", () => {
  test("the window's ballot count becomes the most any validator counted: those in since the window began are judged, a newcomer is not", () => {
    const oracle = keeper();
    const store = emptyStore();
    oracle.setMissCounter(store, operator(1), { misses: 1, ballots: 9, assets: [{ asset: "BTC", misses: 1, ballots: 9 }] });
    oracle.setMissCounter(store, operator(2), { misses: 2, ballots: 2, assets: [{ asset: "BTC", misses: 2, ballots: 2 }] });
    migrateOracle(store, oracle, 2);
    expect(oracle.windowBallots(store)).toBe(9);
    expect(oracle.missCounter(store, operator(2))).toEqual({ misses: 2, ballots: 2 });
  });
});

describe("oracle migration 3 → 4", () => {
  test("version-3 state written by 90b9a50's keeper (prices, history and tallies as JSON) becomes the bytes version 4 writes for the same blocks, and every price and tally query answers as before", () => {
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
