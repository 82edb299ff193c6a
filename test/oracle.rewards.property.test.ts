// The reward pool on the real bank, staking, slashing and oracle keepers: a property over random stakes and
// vote classifications, and the vote-extension tally feeding the same weights as commit-reveal.
import fc from "fast-check";
import { toAccAddress, toValoper } from "../app/address";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { FEE_COLLECTOR_ADDRESS } from "../app/tx/pipeline";
import { decFromString } from "../lib/fixed";
import * as auth from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { bankModule } from "../modules/bank/module";
import { OracleKeeper } from "../modules/oracle/keeper";
import type { RewardAllocator } from "../modules/oracle/expected";
import { DEFAULT_PARAMS, type OracleParams } from "../modules/oracle/params";
import { ORACLE_REWARD_POOL_ADDRESS, oracleRewardInvariants } from "../modules/oracle/rewards";
import { SlashingKeeper } from "../modules/slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../modules/staking/keeper";
import { stakingModule } from "../modules/staking/module";

const ASSETS = ["BTC", "ETH", "SOL"];
const DENOMS = ["uopt", "uusdc"];
type Role = "honest" | "liar" | "silent";

/** Real keepers over an in-memory branch; validator i has `powers[i]` power and operator bytes [i + 1] × 20. */
/** The whole share to the operator's account: what the payouts are checked against, without distribution's split. */
function operatorAllocator(bank: BankKeeper): RewardAllocator {
  return {
    allocateToValidator(store, eventsOut, operator, coins) {
      bank.send(store, eventsOut, ORACLE_REWARD_POOL_ADDRESS, operator, coins);
    },
  };
}

function setup(powers: bigint[], params: Partial<OracleParams>, fees: bigint[], allocatorOf: (bank: BankKeeper) => RewardAllocator = operatorAllocator) {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank), { bank, allocator: allocatorOf(bank), feeCollector: FEE_COLLECTOR_ADDRESS });
  const ctx = (height: number): Context => ({ store, chainId: "t", height: BigInt(height), timeNs: BigInt(height) * 1_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] });
  const operators = powers.map((_, i) => Buffer.alloc(20, i + 1));
  const tokens = powers.map((power) => power * 1_000_000n);
  bankModule(bank, new Set()).initGenesis(ctx(0), {
    balances: [
      { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: tokens.reduce((a, b) => a + b, 0n).toString() }] },
      ...(fees.some((fee) => fee > 0n)
        ? [{ address: toAccAddress(FEE_COLLECTOR_ADDRESS), coins: DENOMS.map((denom, i) => ({ denom, amount: fees[i].toString() })).filter((coin) => coin.amount !== "0") }]
        : []),
    ],
  });
  stakingModule(staking, bank).initGenesis(ctx(0), {
    validators: operators.map((operator, i) => ({ operator_address: toValoper(operator), moniker: "", consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"), tokens: tokens[i].toString(), jailed: false })),
  });
  oracle.setParams(store, { ...DEFAULT_PARAMS, assets: ASSETS.map((name) => ({ name, vote_threshold: "0.5" })), vote_period: 1, slash_window: 1_000, reward_period_blocks: 1, ...params });
  return { store, bank, oracle, ctx, operators };
}

const priceOf = (role: Role, asset: number, jitter: number) => (role === "honest" ? `${100 + asset}.${jitter}` : role === "liar" ? `${1000 + asset}` : undefined);
const revealOf = (roles: Role[], jitter: number) => {
  const pairs = roles.flatMap((role, asset) => {
    const price = priceOf(role, asset, jitter);
    return price === undefined ? [] : [`${ASSETS[asset]}:${price}`];
  });
  return pairs.length === 0 ? undefined : pairs.join(",");
};

const validatorArb = fc.record({
  power: fc.bigInt({ min: 1n, max: 1_000n }),
  roles: fc.array(fc.constantFrom<Role>("honest", "honest", "liar", "silent"), { minLength: ASSETS.length, maxLength: ASSETS.length }),
  jitter: fc.integer({ min: 0, max: 9 }),
});

describe("oracle reward pool on the real keepers", () => {
  test("property: payouts never exceed the period's budget, only in-band votes earn, each gets ⌊budget × power·in-band / Σ⌋, pool + paid == funded", () => {
    fc.assert(
      fc.property(
        fc.array(validatorArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 2, maxLength: 2 }),
        fc.constantFrom("0", "0.1", "0.333333333333333333", "1"),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 2 }),
        fc.bigInt({ min: 0n, max: 1_000n }),
        (validators, fees, share, window, maxDenoms, inflation) => {
          const net = setup(
            validators.map((v) => v.power),
            { reward_fee_share: share, reward_distribution_window: window, max_reward_denoms: maxDenoms, reward_inflation_per_block: inflation.toString() },
            fees,
          );
          for (let height = 1; height <= 2; height++) {
            const period = height;
            validators.forEach((v, i) => {
              const prices = revealOf(v.roles, v.jitter);
              if (prices !== undefined) net.oracle.setVote(net.store, net.operators[i], { period, prices });
            });
            const before = net.operators.map((op) => DENOMS.map((denom) => net.bank.balance(net.store, op, denom)));
            const collector = DENOMS.map((denom) => net.bank.balance(net.store, FEE_COLLECTOR_ADDRESS, denom));
            const poolBefore = DENOMS.map((denom) => net.bank.balance(net.store, ORACLE_REWARD_POOL_ADDRESS, denom));
            const ctx = net.ctx(height);
            net.oracle.endBlock(ctx);

            // weights from the tally as the queries show it: in-band votes × power
            const inBand = new Map<string, number>();
            for (const asset of ASSETS) {
              for (const vote of net.oracle.lastTallyView(net.store, asset)!.votes) if (vote.inBand) inBand.set(vote.validator, (inBand.get(vote.validator) ?? 0) + 1);
            }
            const weights = net.operators.map((op, i) => validators[i].power * BigInt(inBand.get(toValoper(op)) ?? 0));
            const total = weights.reduce((a, b) => a + b, 0n);
            // the first max_reward_denoms denoms held, in denom order, both when taking fees and when paying
            const taken = DENOMS.filter((_, d) => collector[d] > 0n).slice(0, maxDenoms);
            const skimmed = DENOMS.map((denom, d) => (taken.includes(denom) ? (collector[d] * decFromString(share)) / 10n ** 18n : 0n));
            const pool = DENOMS.map((denom, d) => poolBefore[d] + skimmed[d] + (denom === "uopt" ? inflation : 0n));
            const spent = DENOMS.filter((_, d) => pool[d] > 0n).slice(0, maxDenoms);
            DENOMS.forEach((denom, d) => {
              const budget = spent.includes(denom) ? pool[d] / BigInt(window) : 0n;
              const received = net.operators.map((op, i) => net.bank.balance(net.store, op, denom) - before[i][d]);
              const paid = received.reduce((a, b) => a + b, 0n);
              expect(paid).toBeLessThanOrEqual(budget);
              received.forEach((amount, i) => expect(amount).toBe(weights[i] === 0n ? 0n : (budget * weights[i]) / total));
              expect(net.bank.balance(net.store, ORACLE_REWARD_POOL_ADDRESS, denom)).toBe(pool[d] - paid);
              expect(net.bank.balance(net.store, FEE_COLLECTOR_ADDRESS, denom)).toBe(collector[d] - skimmed[d]);
            });
            expect(oracleRewardInvariants(net.oracle.rewards, net.bank)[0].full(net.store)).toEqual([]);
            // nothing earned without an in-band vote, not even a record
            net.operators.forEach((op, i) => {
              if (weights[i] === 0n && height === 1) expect(net.oracle.rewards.reward(net.store, op).rewards).toEqual([]);
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("a validator that never reveals one asset is absent from that asset's every ballot: a miss each time, and no reward for it", () => {
    // four validators, so that three voting SOL hold the 2/3 quorum and its ballot passes
    const net = setup([100n, 100n, 100n, 100n], { reward_distribution_window: 4, reward_period_blocks: 4 }, [0n, 0n]);
    net.bank.mint(net.store, [], ORACLE_REWARD_POOL_ADDRESS, [{ denom: "uopt", amount: 900n }]);
    net.oracle.rewards.setTotals(net.store, { funded: [{ denom: "uopt", amount: "900" }], paid: [] });
    for (let height = 0; height < 4; height++) {
      net.oracle.setVote(net.store, net.operators[0], { period: height, prices: "BTC:100,ETH:101,SOL:102" });
      net.oracle.setVote(net.store, net.operators[1], { period: height, prices: "BTC:100,ETH:101,SOL:102" });
      net.oracle.setVote(net.store, net.operators[2], { period: height, prices: "BTC:100,ETH:101,SOL:102" });
      // the easiest two assets only, never SOL
      net.oracle.setVote(net.store, net.operators[3], { period: height, prices: "BTC:100,ETH:101" });
      net.oracle.endBlock(net.ctx(height));
      if (height < 3) expect(net.oracle.rewards.weight(net.store, net.operators[3])).toEqual({ weight: (200 * (height + 1)).toString(), in_band: 2 * (height + 1) });
    }
    expect(net.oracle.lastTallyView(net.store, "SOL")).toMatchObject({ tally: { passed: true }, absent: [toValoper(net.operators[3])] });
    expect(net.operators.map((op) => net.oracle.missCounter(net.store, op))).toEqual([
      { misses: 0, ballots: 12 },
      { misses: 0, ballots: 12 },
      { misses: 0, ballots: 12 },
      { misses: 4, ballots: 12 },
    ]);
    // weights 1200 : 1200 : 1200 : 800 of the 900 paid at height 3; the 2 left over stay in the pool
    const paid = (amount: string) => [{ denom: "uopt", amount }];
    expect(net.operators.map((op) => net.oracle.rewards.reward(net.store, op).rewards)).toEqual([paid("245"), paid("245"), paid("245"), paid("163")]);
    expect(net.bank.balance(net.store, ORACLE_REWARD_POOL_ADDRESS, "uopt")).toBe(2n);
  });

  test("an allocator that refuses one validator (distribution's, for a validator it has no records of) keeps its share in the pool; the tally and the others' pay land", () => {
    const refused = Buffer.alloc(20, 2);
    const net = setup([100n, 100n, 100n], { reward_distribution_window: 1 }, [0n, 0n], (bank) => ({
      allocateToValidator(store, eventsOut, operator, coins) {
        operatorAllocator(bank).allocateToValidator(store, eventsOut, operator, coins);
        if (refused.equals(operator)) throw new Error("no such validator");
      },
    }));
    net.bank.mint(net.store, [], ORACLE_REWARD_POOL_ADDRESS, [{ denom: "uopt", amount: 300n }]);
    net.oracle.rewards.setTotals(net.store, { funded: [{ denom: "uopt", amount: "300" }], paid: [] });
    net.operators.forEach((op) => net.oracle.setVote(net.store, op, { period: 0, prices: "BTC:100,ETH:101,SOL:102" }));
    const ctx = net.ctx(0);
    net.oracle.endBlock(ctx);
    expect(net.oracle.storedPrice(net.store, "BTC")?.price).toBe("100");
    expect(net.operators.map((op) => net.bank.balance(net.store, op, "uopt"))).toEqual([100n, 0n, 100n]);
    expect(net.bank.balance(net.store, ORACLE_REWARD_POOL_ADDRESS, "uopt")).toBe(100n);
    expect(net.oracle.rewards.reward(net.store, refused).rewards).toEqual([]);
    expect(ctx.events.filter((e) => e.type === "oracle_reward_refused").map((e) => e.attributes.find((a) => a.key === "validator")?.value)).toEqual([toValoper(refused)]);
    expect(oracleRewardInvariants(net.oracle.rewards, net.bank)[0].full(net.store)).toEqual([]);
  });

  test("vote extensions feed the same weights: the per-block tally in begin-block, the payout in end-block", () => {
    const net = setup([100n, 300n, 100n], { reward_distribution_window: 4, reward_period_blocks: 2, vote_period: 1 }, [0n, 0n]);
    net.bank.mint(net.store, [], ORACLE_REWARD_POOL_ADDRESS, [{ denom: "uopt", amount: 1_000_000n }]);
    net.oracle.rewards.setTotals(net.store, { funded: [{ denom: "uopt", amount: "1000000" }], paid: [] });
    const hex = (i: number) => net.operators[i].toString("hex");
    const prices = (price: string) => new Map(ASSETS.map((asset) => [asset, decFromString(price)]));
    for (const height of [2, 3]) {
      const ctx = net.ctx(height);
      // validator 0 and 1 honest on every asset, validator 2 off by 30 %
      net.oracle.tallyExtensions(ctx, new Map([[hex(0), prices("100")], [hex(1), prices("100.1")], [hex(2), prices("130")]]));
      net.oracle.endBlock(ctx, true);
    }
    // the payout at height 3 spent half the pool (period 2 / window 4): 500,000 by weights 100·3·2 : 300·3·2
    expect(net.operators.map((op) => net.oracle.rewards.reward(net.store, op).rewards)).toEqual([[{ denom: "uopt", amount: "125000" }], [{ denom: "uopt", amount: "375000" }], []]);
    expect(net.bank.balance(net.store, ORACLE_REWARD_POOL_ADDRESS, "uopt")).toBe(500_000n);
    expect(oracleRewardInvariants(net.oracle.rewards, net.bank)[0].full(net.store)).toEqual([]);
  });
});
