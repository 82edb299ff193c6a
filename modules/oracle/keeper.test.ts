import { toAccAddress, toValoper } from "../../app/address";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { Branch } from "../../app/store/branch";
import { decFromString as dec } from "../../lib/fixed";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { bankModule } from "../bank/module";
import { SlashingKeeper } from "../slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../staking/keeper";
import { stakingModule } from "../staking/module";
import { OracleKeeper } from "./keeper";
import { DEFAULT_PARAMS, type OracleParams } from "./params";

const SECOND = 1_000_000_000n;

/** Real bank, staking, slashing and oracle keepers over an in-memory branch, with `count` validators of 100 power each. */
function setup(count: number, params: Partial<OracleParams>) {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const slashing = new SlashingKeeper(staking, bank);
  const oracle = new OracleKeeper(staking, slashing);
  const ctx = (height: number, seconds = BigInt(height)): Context => ({ store, chainId: "t", height: BigInt(height), timeNs: seconds * SECOND, mode: "block", gas: infiniteGasMeter(), events: [] });
  const operators = Array.from({ length: count }, (_, i) => Buffer.alloc(20, i + 1));
  const validators = operators.map((operator) => toValoper(operator));
  const genesis = ctx(0);
  bankModule(bank, new Set()).initGenesis(genesis, { balances: [{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: (100_000_000n * BigInt(count)).toString() }] }] });
  stakingModule(staking, bank).initGenesis(genesis, {
    validators: validators.map((operator_address, i) => ({ operator_address, moniker: "", consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"), tokens: "100000000", jailed: false })),
  });
  oracle.setParams(store, { ...DEFAULT_PARAMS, assets: [{ name: "BTC", vote_threshold: "0.5" }], ...params });
  const vote = (height: number, votes: Array<string | undefined>) =>
    votes.forEach((price, i) => {
      if (price !== undefined) oracle.setVote(store, operators[i], { period: Number(BigInt(height) / BigInt(oracle.params(store).vote_period)), prices: `BTC:${price}` });
    });
  return { store, oracle, staking, slashing, ctx, operators, validators, vote };
}

describe("oracle keeper", () => {
  test("miss counting: an outlier and an absent validator miss; a ballot dropped for want of quorum blames only the absent", () => {
    const net = setup(4, { vote_period: 1, slash_window: 100 });
    net.vote(0, ["100", "100.5", "130", undefined]);
    net.oracle.endBlock(net.ctx(0));
    // the last tally shows who voted what and who was out
    expect(net.oracle.lastTallyView(net.store, "BTC")?.votes.map((v) => [v.validator, v.inBand])).toEqual([
      [net.validators[0], true],
      [net.validators[1], true],
      [net.validators[2], false],
    ]);
    expect(net.operators.map((op) => net.oracle.missCounter(net.store, op))).toEqual([
      { misses: 0, ballots: 1 },
      { misses: 0, ballots: 1 },
      { misses: 1, ballots: 1 },
      { misses: 1, ballots: 1 },
    ]);
    // votes are cleared by the tally: the next period has only one voter, below the quorum
    net.vote(1, ["100", undefined, undefined, undefined]);
    net.oracle.endBlock(net.ctx(1));
    expect(net.operators.map((op) => net.oracle.missCounter(net.store, op))).toEqual([
      { misses: 0, ballots: 2 },
      { misses: 1, ballots: 2 },
      { misses: 2, ballots: 2 },
      { misses: 2, ballots: 2 },
    ]);
    const view = net.oracle.lastTallyView(net.store, "BTC");
    expect(view?.tally).toMatchObject({ passed: false, voted_power: "100", total_power: "400", period: 1 });
    expect(view?.absent).toEqual(net.validators.slice(1));
    expect(view?.votes).toEqual([{ validator: net.validators[0], price: dec("100"), power: 100n, inBand: false }]);
  });

  test("tallies run only in the last block of a vote period", () => {
    const net = setup(3, { vote_period: 3, slash_window: 30 });
    net.vote(3, ["100", "100", "100"]);
    for (const height of [3, 4]) {
      net.oracle.endBlock(net.ctx(height));
      expect(net.oracle.storedPrice(net.store, "BTC")).toBeUndefined();
    }
    net.oracle.endBlock(net.ctx(5));
    expect(net.oracle.storedPrice(net.store, "BTC")).toEqual({ price: "100", height: 5, time_ns: (5n * SECOND).toString() });
  });

  test("slash window boundary: exactly min_valid_per_window valid is kept, one ballot fewer is slashed; counters restart", () => {
    // every round counts, as someone votes in each; the two-voter rounds fall short of the quorum
    const net = setup(4, { vote_period: 1, slash_window: 4, min_valid_per_window: "0.5", slash_fraction: "0.01", assets: [{ name: "BTC", vote_threshold: "0.4" }] });
    // validator 2 is valid in 2 of 4 ballots, validator 3 in 1 of 4
    const rounds = [
      ["100", "100", "100", "100"],
      ["100", "100", "100", undefined],
      ["100", "100", undefined, undefined],
      ["100", "100", undefined, undefined],
    ];
    rounds.forEach((votes, height) => {
      net.vote(height, votes);
      const ctx = net.ctx(height);
      net.oracle.endBlock(ctx);
      net.slashing.processJailQueue(ctx);
      const slashed = ctx.events.filter((e) => e.type === "slash").map((e) => e.attributes.find((a) => a.key === "validator")?.value);
      expect(slashed).toEqual(height === 3 ? [net.validators[3]] : []);
    });
    expect(net.staking.validator(net.store, net.operators[3])).toMatchObject({ jailed: true, tokens: "99000000" });
    expect(net.staking.validator(net.store, net.operators[2])).toMatchObject({ jailed: false, tokens: "100000000" });
    expect(net.oracle.missCounters(net.store)).toEqual([]);
  });

  test("a window in which nobody voted punishes nobody; one whose ballots fell short of the quorum punishes the silent, not the voter", () => {
    const net = setup(3, { vote_period: 1, slash_window: 2, min_valid_per_window: "1" });
    const slashed = (votes: Array<string | undefined>, heights: number[]) =>
      heights.flatMap((height) => {
        net.vote(height, votes);
        const ctx = net.ctx(height);
        net.oracle.endBlock(ctx);
        return ctx.events.filter((e) => e.type === "slash").map((e) => e.attributes.find((a) => a.key === "validator")?.value);
      });
    expect(slashed([undefined, undefined, undefined], [0, 1])).toEqual([]);
    expect(slashed(["100", undefined, undefined], [2, 3])).toEqual([net.validators[1], net.validators[2]]);
    expect(net.oracle.storedPrice(net.store, "BTC")).toBeUndefined();
  });

  test("a feeder that copies the last price is out of band at every move: slashed under the defaults, not under Terra's 0.01 % / 5 %", () => {
    // BTC rises 3 % a period after a calm first one; the copier reveals the price tallied the period before
    const path = ["100", "103", "106.09", "109.2727"];
    const copier = (terra: boolean) => {
      const net = setup(4, { vote_period: 1, slash_window: 4, ...(terra ? { slash_fraction: "0.0001", min_valid_per_window: "0.05" } : {}) });
      net.vote(0, [path[0], path[0], path[0], path[0]]);
      for (let height = 0; height < 4; height++) {
        if (height > 0) net.vote(height, [path[height], path[height], path[height], path[height - 1]]);
        const ctx = net.ctx(height);
        net.oracle.endBlock(ctx);
        net.slashing.processJailQueue(ctx);
      }
      return net.staking.validator(net.store, net.operators[3]);
    };
    // valid in the calm period, out of band in the three moves: 1 valid ballot of 4
    expect(copier(true)).toMatchObject({ jailed: false, tokens: "100000000" });
    expect(copier(false)).toMatchObject({ jailed: true, tokens: "99900000" });
  });

  test("history keeps the last history_length prices, oldest first", () => {
    const net = setup(1, { history_length: 3 });
    for (let i = 1; i <= 5; i++) net.oracle.pushHistory(net.store, "BTC", { price: `${i}00`, height: i, time_ns: (BigInt(i) * SECOND).toString() });
    expect(net.oracle.history(net.store, "BTC").map((p) => [p.price, p.height])).toEqual([
      [dec("300"), 3n],
      [dec("400"), 4n],
      [dec("500"), 5n],
    ]);
    expect(net.oracle.historyCount(net.store, "BTC")).toBe(5n);
  });

  describe("price reader", () => {
    const net = setup(1, { max_price_age_seconds: 30, history_length: 10 });
    for (const [seconds, price] of [[0n, "100"], [10n, "200"]] as const) {
      const stored = { price, height: Number(seconds), time_ns: (seconds * SECOND).toString() };
      net.oracle.setStoredPrice(net.store, "BTC", stored);
      net.oracle.pushHistory(net.store, "BTC", stored);
    }
    const twap = (fromNs: bigint, toNs: bigint) => net.oracle.twapOf(net.store, "BTC", net.oracle.history(net.store, "BTC"), fromNs, toNs);

    test("price carries its height and time; older than max_price_age is a typed error", () => {
      expect(net.oracle.price(net.store, "BTC", 40n * SECOND)).toEqual({ asset: "BTC", price: dec("200"), height: 10n, timeNs: 10n * SECOND });
      expect(() => net.oracle.price(net.store, "BTC", 40n * SECOND + 1n)).toThrow(expect.objectContaining({ codespace: "oracle", code: 16 }));
      expect(() => net.oracle.price(net.store, "ETH", 0n)).toThrow(expect.objectContaining({ codespace: "oracle", code: 4 }));
    });

    test.each([
      ["both prices for 10 s each", 0n, 20n, "150"],
      ["only the latest inside the window", 15n, 20n, "200"],
      ["uneven weights: 100 for 8 s, 200 for 4 s", 2n, 14n, "133.333333333333333333"],
    ])("TWAP: %s", (_name, fromSeconds, toSeconds, expected) => {
      expect(twap(fromSeconds * SECOND, toSeconds * SECOND)).toBe(dec(expected));
    });

    test("TWAP refuses a window the kept history does not cover, and a price held past max_price_age inside it", () => {
      expect(() => twap(-1n * SECOND, 20n * SECOND)).toThrow(expect.objectContaining({ codespace: "oracle", code: 15 }));
      expect(() => twap(20n * SECOND, 41n * SECOND)).toThrow(expect.objectContaining({ codespace: "oracle", code: 16 }));
      expect(twap(20n * SECOND, 40n * SECOND)).toBe(dec("200"));
    });

    test("history since a time, oldest first", () => {
      expect(net.oracle.history(net.store, "BTC", 5n * SECOND).map((p) => p.price)).toEqual([dec("200")]);
      expect(net.oracle.history(net.store, "BTC", 0n).map((p) => p.price)).toEqual([dec("100"), dec("200")]);
    });
  });
});
