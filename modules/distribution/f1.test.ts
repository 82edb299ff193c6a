// F1 over the real distribution and bank keepers, driven by a ledger of validator tokens and delegator shares
// that calls the hooks exactly where the SDK's x/staking calls them (delegate, undelegate, slash). The app-level
// tests in test/distribution*.test.ts run the same flows through the real staking module.
import fc from "fast-check";
import type { Event, VoteInfo } from "cosmjs-types/tendermint/abci/types";
import { AddressSet, moduleAddress, toAccAddress, toValoper } from "../../app/address";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { DEC_ONE, type Dec, decFromString, decToString, mulDiv } from "../../lib/fixed";
import { ensureAccount } from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { amountOf } from "./deccoins";
import type { StakingView } from "./expected";
import { referenceCountViolations, holdingsViolations } from "./invariants";
import { DISTRIBUTION_MODULE_ADDRESS, DistributionKeeper, type Scope } from "./keeper";
import { type DistributionGenesis, distributionModule } from "./module";
import { DEFAULT_PARAMS, validateParams } from "./params";
import { ErrInvalidParams } from "./errors";

const EMPTY: KVReader = { get: () => undefined, has: () => false, iterate: () => [] };
const FEES = moduleAddress("fee_collector");
const DENOM = "uopt";
const addr = (n: number) => Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : i === 0 ? 0xaa : 0));

/** Validator tokens and delegator shares with the SDK's exchange rate and rounding, calling distribution's hooks. */
class Ledger {
  readonly validators = new Map<string, { operator: Uint8Array; consAddress: Uint8Array; tokens: bigint; delegatorShares: Dec; commissionRate: Dec }>();
  readonly delegations = new Map<string, Dec>();
  height = 1n;
  constructor(readonly store: Branch, readonly bank: BankKeeper, readonly dist: DistributionKeeper) {}

  /** What the hooks and withdrawals reported, for a test to read and clear. */
  readonly events: Event[] = [];

  private scope(): Scope {
    return { store: this.store, events: this.events, height: this.height };
  }
  validator(_state: KVReader, operator: Uint8Array) {
    const v = this.validators.get(toValoper(operator));
    return v && { tokens: v.tokens.toString(), delegator_shares: decToString(v.delegatorShares), commission_rate: decToString(v.commissionRate) };
  }
  delegation(state: KVReader, delegator: Uint8Array, operator: Uint8Array) {
    const shares = this.delegationShares(state, delegator, operator);
    return shares === undefined ? undefined : { shares: decToString(shares) };
  }
  delegationShares(_state: KVReader, delegator: Uint8Array, operator: Uint8Array) {
    return this.delegations.get(`${Buffer.from(delegator).toString("hex")}/${toValoper(operator)}`);
  }
  operatorByConsensusAddress(_state: KVReader, cons: Uint8Array) {
    return [...this.validators.values()].find((v) => Buffer.from(v.consAddress).equals(cons))?.operator;
  }

  createValidator(operator: Uint8Array, selfStake: bigint, commissionRate: string): void {
    this.validators.set(toValoper(operator), { operator, consAddress: Uint8Array.from(operator).reverse(), tokens: 0n, delegatorShares: 0n, commissionRate: decFromString(commissionRate) });
    this.dist.afterValidatorCreated(this.scope(), operator);
    this.delegate(operator, operator, selfStake);
  }

  delegate(delegator: Uint8Array, operator: Uint8Array, amount: bigint): void {
    const v = this.validators.get(toValoper(operator))!;
    const id = `${Buffer.from(delegator).toString("hex")}/${toValoper(operator)}`;
    const existing = this.delegations.get(id);
    if (existing === undefined) this.dist.beforeDelegationCreated(this.scope(), operator);
    else this.dist.beforeDelegationSharesModified(this.scope(), delegator, operator);
    const issued = v.tokens === 0n ? amount * DEC_ONE : mulDiv(v.delegatorShares, amount, v.tokens, "down");
    v.tokens += amount;
    v.delegatorShares += issued;
    this.delegations.set(id, (existing ?? 0n) + issued);
    this.dist.afterDelegationModified(this.scope(), delegator, operator);
  }

  /** Undelegates a part (in 1/1000ths) of a delegation; the whole of it removes the delegation. */
  undelegate(delegator: Uint8Array, operator: Uint8Array, permille: bigint): void {
    const v = this.validators.get(toValoper(operator))!;
    const id = `${Buffer.from(delegator).toString("hex")}/${toValoper(operator)}`;
    const shares = this.delegations.get(id);
    if (shares === undefined) return;
    this.dist.beforeDelegationSharesModified(this.scope(), delegator, operator);
    const removed = permille >= 1000n ? shares : (shares * permille) / 1000n;
    const tokens = mulDiv(removed, v.tokens, v.delegatorShares, "down");
    v.tokens -= tokens;
    v.delegatorShares -= removed;
    if (shares - removed === 0n) this.delegations.delete(id);
    else {
      this.delegations.set(id, shares - removed);
      this.dist.afterDelegationModified(this.scope(), delegator, operator);
    }
  }

  /** As the SDK's staking: the hook is told the fraction actually burned (rounded up), not the one asked for. */
  slash(operator: Uint8Array, fraction: string): void {
    const v = this.validators.get(toValoper(operator))!;
    const burned = mulDiv(v.tokens, decFromString(fraction), DEC_ONE, "down");
    if (burned === 0n) return;
    this.dist.beforeValidatorSlashed(this.scope(), operator, mulDiv(burned, DEC_ONE, v.tokens, "up"));
    v.tokens -= burned;
  }

  /** Fees into the fee collector, then BeginBlock's allocation by the given powers. */
  allocate(fees: bigint, powers: Array<[Uint8Array, bigint]>): void {
    this.height += 1n;
    if (fees > 0n) this.bank.mint(this.store, [], FEES, [{ denom: DENOM, amount: fees }]);
    const votes: VoteInfo[] = powers.map(([operator, power]) => ({ validator: { address: this.validators.get(toValoper(operator))!.consAddress, power }, blockIdFlag: 2 }));
    const ctx: Context = { store: this.store, chainId: "t", height: this.height, timeNs: 0n, mode: "block", gas: infiniteGasMeter(), events: [] };
    this.dist.allocateTokens(ctx, votes);
  }

  withdraw(delegator: Uint8Array, operator: Uint8Array): bigint {
    const coins = this.dist.withdrawAndRestart(this.scope(), operator, delegator);
    return coins.find((c) => c.denom === DENOM)?.amount ?? 0n;
  }
}

function setup(communityTax = "0.02") {
  const store = new Branch(EMPTY);
  const bank = new BankKeeper({ ensureAccount });
  let ledger!: Ledger;
  const staking: StakingView = {
    validator: (s, o) => ledger.validator(s, o),
    delegation: (s, d, o) => ledger.delegation(s, d, o),
    bondDenom: () => DENOM,
    operatorByConsensusAddress: (s, c) => ledger.operatorByConsensusAddress(s, c),
  };
  const dist = new DistributionKeeper({ staking, bank, blocked: new AddressSet([FEES, DISTRIBUTION_MODULE_ADDRESS]), feeCollector: FEES });
  dist.setParams(store, { community_tax: communityTax, withdraw_addr_enabled: true });
  ledger = new Ledger(store, bank, dist);
  return { store, bank, dist, ledger };
}

const balance = (t: ReturnType<typeof setup>, who: Uint8Array) => t.bank.balance(t.store, who, DENOM);
const pool = (t: ReturnType<typeof setup>) => amountOf(t.dist.communityPool(t.store), DENOM);

test("rewards are proportional to stake after commission; the community tax and the fractions go to the pool", () => {
  const t = setup("0.02");
  const [val, del] = [addr(1), addr(2)];
  t.ledger.createValidator(val, 100n, "0.1");
  t.ledger.delegate(del, val, 300n);
  t.ledger.allocate(1000n, [[val, 10n]]);
  // 980 to the validator: 98 commission, 882 shared 1:3 → 220.5 and 661.5
  expect(amountOf(t.dist.commission(t.store, val), DENOM)).toBe(98n * DEC_ONE);
  expect(t.ledger.withdraw(del, val)).toBe(661n);
  expect(t.ledger.withdraw(val, val)).toBe(220n);
  expect(t.dist.withdrawValidatorCommission({ store: t.store, events: [], height: 3n }, val)).toEqual([{ denom: DENOM, amount: 98n }]);
  expect(pool(t)).toBe(20n * DEC_ONE + DEC_ONE); // 20 tax + 0.5 + 0.5
  expect(holdingsViolations(t.dist, t.bank, t.store)).toEqual([]);
  expect(referenceCountViolations(t.dist, t.store)).toEqual([]);
});

test("a delegator who joins later gets nothing from the periods before it joined", () => {
  const t = setup("0");
  const [val, early, late] = [addr(1), addr(2), addr(3)];
  t.ledger.createValidator(val, 100n, "0");
  t.ledger.delegate(early, val, 100n);
  t.ledger.allocate(1000n, [[val, 1n]]);
  t.ledger.delegate(late, val, 200n);
  expect(t.ledger.withdraw(late, val)).toBe(0n);
  t.ledger.allocate(400n, [[val, 1n]]);
  expect(t.ledger.withdraw(early, val)).toBe(500n + 100n);
  expect(t.ledger.withdraw(late, val)).toBe(200n);
});

test("a slash between periods cuts the stake from then on, not before", () => {
  const t = setup("0");
  const [val, del] = [addr(1), addr(2)];
  t.ledger.createValidator(val, 100n, "0");
  t.ledger.delegate(del, val, 100n);
  t.ledger.allocate(200n, [[val, 1n]]); // 100 each on 200 tokens
  t.ledger.slash(val, "0.5"); // 100 tokens left, 50 each
  t.ledger.allocate(100n, [[val, 1n]]); // 50 each
  expect(t.ledger.withdraw(del, val)).toBe(150n);
  expect(t.ledger.withdraw(val, val)).toBe(150n);
  expect(referenceCountViolations(t.dist, t.store)).toEqual([]);
});

test("withdrawing twice pays once; a module account cannot be a withdraw address; commission needs something to withdraw", () => {
  const t = setup("0");
  const [val, del, other] = [addr(1), addr(2), addr(3)];
  t.ledger.createValidator(val, 100n, "0.5");
  t.ledger.delegate(del, val, 100n);
  t.ledger.allocate(400n, [[val, 1n]]);
  expect(t.ledger.withdraw(del, val)).toBe(100n);
  expect(t.ledger.withdraw(del, val)).toBe(0n);
  expect(() => t.ledger.withdraw(other, val)).toThrow("delegation does not exist");
  const scope = { store: t.store, events: [], height: 9n };
  expect(() => t.dist.setWithdrawAddress(scope, del, FEES)).toThrow("module account");
  expect(() => t.dist.setWithdrawAddress(scope, del, DISTRIBUTION_MODULE_ADDRESS)).toThrow("module account");
  t.dist.withdrawValidatorCommission(scope, val);
  expect(() => t.dist.withdrawValidatorCommission(scope, val)).toThrow("no validator commission");
});

type Op =
  | { kind: "delegate"; who: number; val: number; amount: bigint }
  | { kind: "undelegate"; who: number; val: number; permille: bigint }
  | { kind: "allocate"; fees: bigint; powers: bigint[] }
  | { kind: "slash"; val: number; fraction: string }
  | { kind: "withdraw"; who: number; val: number };

const VALIDATORS = 3;
const DELEGATORS = 4;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("delegate" as const), who: fc.nat(DELEGATORS - 1), val: fc.nat(VALIDATORS - 1), amount: fc.bigInt(1n, 10n ** 12n) }),
  fc.record({ kind: fc.constant("undelegate" as const), who: fc.nat(DELEGATORS - 1), val: fc.nat(VALIDATORS - 1), permille: fc.bigInt(1n, 1000n) }),
  fc.record({ kind: fc.constant("allocate" as const), fees: fc.bigInt(0n, 10n ** 15n), powers: fc.array(fc.bigInt(0n, 1000n), { minLength: VALIDATORS, maxLength: VALIDATORS }) }),
  fc.record({ kind: fc.constant("slash" as const), val: fc.nat(VALIDATORS - 1), fraction: fc.constantFrom("0.01", "0.05", "0.333333333333333333", "0.5") }),
  fc.record({ kind: fc.constant("withdraw" as const), who: fc.nat(DELEGATORS - 1), val: fc.nat(VALIDATORS - 1) }),
);

/** One op on the ledger; a withdrawal of a delegation that does not exist is skipped. */
function applyOp(t: ReturnType<typeof setup>, vals: Uint8Array[], dels: Uint8Array[], op: Op): { allocated: bigint; paid: bigint } {
  if (op.kind === "delegate") t.ledger.delegate(dels[op.who], vals[op.val], op.amount);
  else if (op.kind === "undelegate") t.ledger.undelegate(dels[op.who], vals[op.val], op.permille);
  else if (op.kind === "slash") t.ledger.slash(vals[op.val], op.fraction);
  else if (op.kind === "withdraw") {
    if (t.ledger.delegationShares(t.store, dels[op.who], vals[op.val]) !== undefined) return { allocated: 0n, paid: t.ledger.withdraw(dels[op.who], vals[op.val]) };
  } else {
    t.ledger.allocate(op.fees, vals.map((v, i) => [v, op.powers[i]]));
    return { allocated: op.fees, paid: 0n };
  }
  return { allocated: 0n, paid: 0n };
}

test("property: paid rewards + commission + community pool = everything allocated, less dust; nothing goes negative", () => {
  fc.assert(
    fc.property(fc.array(fc.bigInt(1n, 10n ** 9n), { minLength: VALIDATORS, maxLength: VALIDATORS }), fc.array(opArb, { maxLength: 40 }), (selfStakes, ops) => {
      const t = setup("0.03");
      const vals = selfStakes.map((_, i) => addr(10 + i));
      const dels = Array.from({ length: DELEGATORS }, (_, i) => addr(20 + i));
      vals.forEach((v, i) => t.ledger.createValidator(v, selfStakes[i], ["0", "0.05", "1"][i]));
      let allocated = 0n;
      let paid = 0n;
      for (const op of ops) {
        const done = applyOp(t, vals, dels, op);
        allocated += done.allocated;
        paid += done.paid;
        expect(holdingsViolations(t.dist, t.bank, t.store)).toEqual([]);
        expect(referenceCountViolations(t.dist, t.store)).toEqual([]);
      }
      // Everyone withdraws everything: what stays in the validators' books is rounding dust only.
      const everyone = [...dels, ...vals];
      for (const who of everyone) for (const v of vals) if (t.ledger.delegationShares(t.store, who, v) !== undefined) paid += t.ledger.withdraw(who, v);
      for (const v of vals) {
        if (amountOf(t.dist.commission(t.store, v), DENOM) >= DEC_ONE) paid += t.dist.withdrawValidatorCommission({ store: t.store, events: [], height: 0n }, v)[0].amount;
      }
      // Delegating in the ledger moves no bank coins, so balances are exactly what was paid out, hooks included.
      const received = everyone.reduce((sum, who) => sum + balance(t, who), 0n);
      expect(received).toBeGreaterThanOrEqual(paid);
      let dust = 0n;
      for (const v of vals) {
        const left = amountOf(t.dist.outstanding(t.store, v), DENOM);
        expect(left).toBeGreaterThanOrEqual(0n);
        dust += left;
      }
      expect(pool(t)).toBeGreaterThanOrEqual(0n);
      expect(received * DEC_ONE + pool(t) + dust).toBe(allocated * DEC_ONE);
      // Per validator: < 1 unit of commission fractions, plus < 1e-18 per token per period of ratio truncation,
      // plus what rounding a delegation's stake down leaves after a slash or a partial undelegation: under one token
      // of stake per delegation, whose share of later rewards is not paid. That share is large only when the
      // validator has few tokens, so it is bounded by a thousandth of everything allocated (CI found 10.00003
      // units of dust on a 2-token validator; 1,500 runs found at most 2.2e-13 of the allocation otherwise).
      const roundings = BigInt(ops.filter((o) => o.kind === "slash" || o.kind === "undelegate").length);
      expect(dust).toBeLessThanOrEqual(BigInt(VALIDATORS) * DEC_ONE + (roundings + 1n) * BigInt(DELEGATORS + VALIDATORS) * DEC_ONE + (allocated * DEC_ONE) / 1000n);
      expect(holdingsViolations(t.dist, t.bank, t.store)).toEqual([]);
    }),
    {
      numRuns: 100,
      // CI's counterexample (seed 482037589): 1 uopt delegated, a thousandth of it undelegated, then 40,636 allocated
      examples: [
        [
          [1n, 1n, 1n],
          [
            { kind: "delegate", who: 3, val: 0, amount: 1n },
            { kind: "undelegate", who: 3, val: 0, permille: 1n },
            { kind: "allocate", fees: 40636n, powers: [332n, 8n, 0n] },
          ],
        ],
      ],
    },
  );
});

test("property: every payout, by message or by a delegation change, reports withdraw_rewards with the coins the bank moved, and 0uopt (never an empty amount) when it moved none", () => {
  const distribution = toAccAddress(DISTRIBUTION_MODULE_ADDRESS);
  const attrs = (e: Event) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
      const t = setup("0.03");
      const vals = Array.from({ length: VALIDATORS }, (_, i) => addr(10 + i));
      const dels = Array.from({ length: DELEGATORS }, (_, i) => addr(20 + i));
      vals.forEach((v, i) => t.ledger.createValidator(v, 1_000_000n, ["0", "0.05", "1"][i]));
      for (const op of ops) {
        t.ledger.events.length = 0;
        applyOp(t, vals, dels, op);
        const reported = t.ledger.events.filter((e) => e.type === "withdraw_rewards").map((e) => attrs(e).amount);
        const sent = t.ledger.events.filter((e) => e.type === "transfer" && attrs(e).sender === distribution).map((e) => attrs(e).amount);
        for (const amount of reported) expect(amount).toMatch(/^\d+uopt$/);
        expect(reported.filter((amount) => amount !== "0uopt")).toEqual(sent);
      }
    }),
    { numRuns: 100 },
  );
});

test("genesis round trip: export, import into a fresh store holding the same coins, export again", () => {
  const t = setup("0.02");
  const [val, del] = [addr(1), addr(2)];
  t.ledger.createValidator(val, 100n, "0.1");
  t.ledger.delegate(del, val, 300n);
  t.ledger.allocate(1003n, [[val, 10n]]);
  t.ledger.slash(val, "0.05");
  t.ledger.allocate(77n, [[val, 10n]]);
  t.dist.setWithdrawAddress({ store: t.store, events: [], height: 5n }, del, addr(9));
  const module = distributionModule(t.dist, t.bank);
  const exported = module.exportGenesis(t.store) as DistributionGenesis;
  expect(exported.validator_slash_events).toHaveLength(1);
  expect(exported.delegator_starting_infos).toHaveLength(2);

  const fresh = setup("0");
  fresh.ledger.validators.set(toValoper(val), t.ledger.validators.get(toValoper(val))!);
  for (const [id, shares] of t.ledger.delegations) fresh.ledger.delegations.set(id, shares);
  const held = t.bank.balance(t.store, DISTRIBUTION_MODULE_ADDRESS, DENOM);
  const ctx: Context = { store: fresh.store, chainId: "t", height: 0n, timeNs: 0n, mode: "genesis", gas: infiniteGasMeter(), events: [] };
  expect(() => module.initGenesis(ctx, JSON.parse(JSON.stringify(exported)))).toThrow("holds 0uopt");
  fresh.bank.mint(fresh.store, [], DISTRIBUTION_MODULE_ADDRESS, [{ denom: DENOM, amount: held }]);
  const importer = distributionModule(fresh.dist, fresh.bank);
  importer.initGenesis(ctx, JSON.parse(JSON.stringify(exported)));
  expect(importer.exportGenesis(fresh.store)).toEqual(exported);
  expect(referenceCountViolations(fresh.dist, fresh.store)).toEqual([]);
  // The imported books pay the same as the original ones.
  expect(fresh.ledger.withdraw(del, val)).toBe(t.ledger.withdraw(del, val));
});

test("params: community_tax is a fraction in [0, 1]; withdraw_addr_enabled a boolean; nothing else", () => {
  expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow();
  expect(() => validateParams({ ...DEFAULT_PARAMS, community_tax: "1" })).not.toThrow();
  for (const bad of ["1.000000000000000001", "-0.1", "0.1x", "", "1e-2"]) {
    expect(() => validateParams({ ...DEFAULT_PARAMS, community_tax: bad })).toThrow("community_tax must be a decimal string in [0, 1]");
  }
  expect(() => validateParams({ ...DEFAULT_PARAMS, withdraw_addr_enabled: "yes" as unknown as boolean })).toThrow("withdraw_addr_enabled");
  expect(() => validateParams({ ...DEFAULT_PARAMS, base_proposer_reward: "0" } as unknown as typeof DEFAULT_PARAMS)).toThrow(ErrInvalidParams.description);
});
