import fc from "fast-check";
import { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { toAccAddress, toValoper } from "../../app/address";
import type { Context } from "../../app/context";
import type { RegisteredError } from "../../app/errors";
import { infiniteGasMeter } from "../../app/gas";
import type { MsgHandler } from "../../app/module";
import { Branch } from "../../app/store/branch";
import { DEC_ONE, decFromString } from "../../lib/fixed";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { bankModule } from "../bank/module";
import * as errors from "./errors";
import { stakingInvariants } from "./invariants";
import { BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, StakingKeeper, consensusPubkeyAny } from "./keeper";
import { stakingModule } from "./module";
import type { StakingParams } from "./params";
import type { StakingHooks } from "./expected";
import { SlashingKeeper } from "../slashing/keeper";
import { msgUnjailHandler } from "../slashing/msgs";

const SECOND = 1_000_000_000n;
const TOKENS = 100_000_000n;
const FUNDS = 1_000_000_000_000n;
const atomics = (decimal: string) => decFromString(decimal).toString();

/** Real bank and staking over an in-memory store; `validators` genesis validators of 100 power, operators 1..n, accounts 1..20 funded. */
function setup(validators = 2, params: Partial<StakingParams> = {}) {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const hookCalls: string[] = [];
  const record = (name: string) => (_store: unknown, ...args: unknown[]) => {
    hookCalls.push([name, ...args.map((a) => (a instanceof Uint8Array ? a[0] : String(a)))].join(":"));
  };
  const hooks: StakingHooks = {
    afterValidatorCreated: record("afterValidatorCreated"),
    beforeDelegationCreated: record("beforeDelegationCreated"),
    beforeDelegationSharesModified: record("beforeDelegationSharesModified"),
    afterDelegationModified: record("afterDelegationModified"),
    beforeValidatorSlashed: record("beforeValidatorSlashed"),
    afterValidatorRemoved: record("afterValidatorRemoved"),
  };
  staking.setHooks(hooks);
  const module = stakingModule(staking, bank);
  const handlers = new Map(module.msgs.map((h) => [h.typeUrl.split(".").pop()!, h as MsgHandler<unknown>]));
  let height = 1n;
  let timeNs = 1_000n * SECOND;
  const ctx = (target = store): Context => ({ store: target, chainId: "t", height, timeNs, mode: "finalize", gas: infiniteGasMeter(), events: [] });
  const account = (i: number) => Buffer.alloc(20, i);
  bankModule(bank, new Set()).initGenesis(ctx(), {
    balances: [
      ...Array.from({ length: 20 }, (_, i) => ({ address: toAccAddress(account(i + 1)), coins: [{ denom: "uopt", amount: FUNDS.toString() }] })),
      { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: (TOKENS * BigInt(validators)).toString() }] },
    ],
  });
  module.initGenesis(ctx(), {
    params: { unbonding_time: 100, ...params },
    validators: Array.from({ length: validators }, (_, i) => ({
      operator_address: toValoper(account(i + 1)),
      moniker: `v${i}`,
      consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"),
      tokens: TOKENS.toString(),
      jailed: false,
    })),
  });
  hookCalls.length = 0;

  /** Runs a message as the tx pipeline does: stateless, stateful, execute on a branch kept only on success. */
  const deliver = (name: string, msg: Record<string, unknown>) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`no handler ${name}`);
    const decoded = handler.codec.decode(handler.codec.encode(handler.codec.decode(handler.codec.encode(msg as never).finish())).finish());
    const branch = new Branch(store);
    const branchCtx = ctx(branch);
    handler.checkStateless(decoded);
    handler.checkStateful(branchCtx, decoded);
    const response = handler.execute(branchCtx, decoded);
    branch.write();
    return { response, events: branchCtx.events };
  };
  /** A refused message must change nothing. */
  const refused = (error: RegisteredError, name: string, msg: Record<string, unknown>) => {
    const before = JSON.stringify(module.exportGenesis(store)) + JSON.stringify(bank.everyBalance(store).map((b) => [b.address, b.amount.toString()]));
    let thrown: unknown;
    try {
      deliver(name, msg);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeDefined();
    if (!error.is(thrown)) throw thrown;
    expect(JSON.stringify(module.exportGenesis(store)) + JSON.stringify(bank.everyBalance(store).map((b) => [b.address, b.amount.toString()]))).toBe(before);
  };
  const endBlock = (seconds = 1n) => {
    const updates = module.endBlock!(ctx()) ?? [];
    height += 1n;
    timeNs += seconds * SECOND;
    return updates;
  };
  const coin = (amount: bigint | number) => ({ denom: "uopt", amount: amount.toString() });
  const delegate = (delegator: number, validator: number, amount: bigint | number) =>
    deliver("MsgDelegate", { delegatorAddress: toAccAddress(account(delegator)), validatorAddress: toValoper(account(validator)), amount: coin(amount) });
  const undelegate = (delegator: number, validator: number, amount: bigint | number) =>
    deliver("MsgUndelegate", { delegatorAddress: toAccAddress(account(delegator)), validatorAddress: toValoper(account(validator)), amount: coin(amount) });
  const redelegate = (delegator: number, src: number, dst: number, amount: bigint | number) =>
    deliver("MsgBeginRedelegate", {
      delegatorAddress: toAccAddress(account(delegator)),
      validatorSrcAddress: toValoper(account(src)),
      validatorDstAddress: toValoper(account(dst)),
      amount: coin(amount),
    });
  const createValidatorMsg = (operator: number, overrides: Record<string, unknown> = {}) => ({
    description: { moniker: `new${operator}`, identity: "", website: "", securityContact: "", details: "" },
    commission: { rate: atomics("0.1"), maxRate: atomics("0.2"), maxChangeRate: atomics("0.01") },
    minSelfDelegation: "1000000",
    delegatorAddress: "",
    validatorAddress: toValoper(account(operator)),
    pubkey: consensusPubkeyAny(Buffer.alloc(32, 100 + operator)),
    value: coin(50_000_000n),
    ...overrides,
  });
  const worth = (delegator: number, validator: number): bigint => {
    const d = staking.getDelegation(store, account(delegator), account(validator));
    const v = staking.getValidator(store, account(validator));
    return d && v ? staking.tokensFromShares(v, BigInt(d.shares)) : 0n;
  };
  const balance = (i: number) => bank.balance(store, account(i), "uopt");
  const invariants = () => stakingInvariants(staking, bank).flatMap((invariant) => invariant.full(store));
  /** A slash for an infraction at `infractionHeight` by the power the validator's tokens give it now. */
  const slashNow = (validator: number, infractionHeight: bigint, fraction: bigint) => {
    const record = staking.getValidator(store, account(validator));
    const power = record ? staking.tokensPower(store, BigInt(record.tokens)) : 0n;
    return staking.slash(ctx(), bank, account(validator), { height: infractionHeight, power, fraction });
  };
  return {
    store,
    bank,
    staking,
    module,
    handlers,
    hookCalls,
    ctx,
    account,
    deliver,
    refused,
    endBlock,
    delegate,
    undelegate,
    redelegate,
    createValidatorMsg,
    worth,
    balance,
    invariants,
    slashNow,
    height: () => height,
  };
}

describe("staking genesis", () => {
  test("a validator of the first genesis format is bonded with a self-delegation of its tokens by its operator's account", () => {
    const net = setup(2);
    const record = net.staking.validator(net.store, net.account(1))!;
    expect(record).toMatchObject({ tokens: "100000000", delegator_shares: "100000000.000000000000000000", status: BondStatus.BOND_STATUS_BONDED, jailed: false });
    expect(net.staking.delegation(net.store, net.account(1), net.account(1))).toEqual({ shares: "100000000.000000000000000000" });
    expect(net.staking.validatorSet(net.store).map((u) => u.power)).toEqual([100n, 100n]);
    expect(net.invariants()).toEqual([]);
  });

  test("export → import → export round-trips delegations, unbonding and redelegation entries", () => {
    const net = setup(2);
    net.delegate(5, 1, 1_000_000);
    net.undelegate(5, 1, 400_000);
    net.redelegate(5, 1, 2, 300_000);
    net.endBlock();
    const exported = net.module.exportGenesis(net.store);
    const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
    bankModule(bank, new Set()).initGenesis(net.ctx(store), {
      balances: net.bank.everyBalance(net.store).filter((b) => b.amount > 0n).map((b) => ({ address: toAccAddress(b.address), coins: [{ denom: b.denom, amount: b.amount.toString() }] })),
    });
    const staking = new StakingKeeper();
    const module = stakingModule(staking, bank);
    module.initGenesis(net.ctx(store), exported);
    expect(module.exportGenesis(store)).toEqual(exported);
    expect(staking.validatorSet(store)).toEqual(net.staking.validatorSet(net.store));
  });
});

describe("MsgDelegate", () => {
  test("shares at the validator's rate, tokens into the bonded pool, hooks in the SDK's order", () => {
    const net = setup(2);
    const pool = net.bank.balance(net.store, BONDED_POOL_ADDRESS, "uopt");
    const { events: delegated } = net.delegate(5, 1, 3_000_000);
    expect(delegated.filter((e) => e.type === "delegate").map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])))).toEqual([
      { validator: toValoper(net.account(1)), delegator: toAccAddress(net.account(5)), amount: "3000000uopt", new_shares: "3000000.000000000000000000" },
    ]);
    expect(net.staking.delegation(net.store, net.account(5), net.account(1))).toEqual({ shares: "3000000.000000000000000000" });
    expect(net.bank.balance(net.store, BONDED_POOL_ADDRESS, "uopt")).toBe(pool + 3_000_000n);
    expect(net.hookCalls).toEqual(["beforeDelegationCreated:5:1", "afterDelegationModified:5:1"]);
    net.delegate(5, 1, 1);
    expect(net.hookCalls.slice(2)).toEqual(["beforeDelegationSharesModified:5:1", "afterDelegationModified:5:1"]);
    // Power 103: reported at end-block.
    expect(net.endBlock()).toEqual([{ pubKey: { ed25519: Buffer.alloc(32, 1) }, power: 103n }]);
    expect(net.invariants()).toEqual([]);
  });

  test("attacks: a nonexistent validator, a jailed one (unless it is the operator's own stake), another denom, more than the balance", () => {
    const net = setup(2);
    net.refused(errors.ErrNoValidator, "MsgDelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(9)), amount: { denom: "uopt", amount: "10" } });
    net.staking.setJailed(net.store, [], net.account(2), true);
    net.refused(errors.ErrValidatorJailed, "MsgDelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(2)), amount: { denom: "uopt", amount: "10" } });
    net.delegate(2, 2, 10);
    net.refused(errors.ErrBadDenom, "MsgDelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uusdc", amount: "10" } });
    net.refused(errors.ErrInvalidAmount, "MsgDelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "0" } });
    expect(() => net.delegate(5, 1, FUNDS + 1n)).toThrow(/insufficient funds/);
  });

  test("signers: the delegator, and for validator messages the operator's own account", () => {
    const net = setup(1);
    expect(net.handlers.get("MsgDelegate")!.signers({ delegatorAddress: toAccAddress(net.account(5)) })).toEqual([toAccAddress(net.account(5))]);
    expect(net.handlers.get("MsgCreateValidator")!.signers(net.createValidatorMsg(7))).toEqual([toAccAddress(net.account(7))]);
    expect(net.handlers.get("MsgEditValidator")!.signers({ validatorAddress: toValoper(net.account(1)) })).toEqual([toAccAddress(net.account(1))]);
  });
});

describe("MsgUndelegate and MsgCancelUnbondingDelegation", () => {
  test("the tokens wait in the not-bonded pool and are paid at block time + unbonding_time", () => {
    const net = setup(2);
    net.delegate(5, 1, 1_000_000);
    const before = net.balance(5);
    const { events: unbonded } = net.undelegate(5, 1, 400_000);
    // Block time 1,000 s + unbonding_time 100 s.
    expect(unbonded.find((e) => e.type === "unbond")?.attributes).toContainEqual(expect.objectContaining({ key: "completion_time", value: "1970-01-01T00:18:20.000Z" }));
    expect(net.bank.balance(net.store, NOT_BONDED_POOL_ADDRESS, "uopt")).toBe(400_000n);
    const ubd = net.staking.getUnbondingDelegation(net.store, net.account(5), net.account(1))!;
    expect(ubd.entries).toHaveLength(1);
    expect(ubd.entries[0]).toMatchObject({ creationHeight: net.height(), balance: "400000", initialBalance: "400000" });
    net.endBlock(99n);
    expect(net.balance(5)).toBe(before);
    net.endBlock();
    net.endBlock();
    expect(net.balance(5)).toBe(before + 400_000n);
    expect(net.staking.getUnbondingDelegation(net.store, net.account(5), net.account(1))).toBeUndefined();
    expect(net.invariants()).toEqual([]);
  });

  test("attack: undelegating more than the delegation is worth is refused; the whole of it is allowed", () => {
    const net = setup(2);
    net.delegate(5, 1, 1_000_000);
    net.refused(errors.ErrBadSharesAmount, "MsgUndelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "1000001" } });
    net.refused(errors.ErrNoDelegation, "MsgUndelegate", { delegatorAddress: toAccAddress(net.account(6)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "1" } });
    net.undelegate(5, 1, 1_000_000);
    expect(net.staking.getDelegation(net.store, net.account(5), net.account(1))).toBeUndefined();
  });

  test("max_entries bounds the entries of one pair; entries of one block merge", () => {
    const net = setup(2, { max_entries: 2 });
    net.delegate(5, 1, 1_000_000);
    net.undelegate(5, 1, 10);
    net.undelegate(5, 1, 10);
    net.endBlock();
    net.undelegate(5, 1, 10);
    net.endBlock();
    net.refused(errors.ErrMaxEntries, "MsgUndelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "10" } });
    expect(net.staking.getUnbondingDelegation(net.store, net.account(5), net.account(1))!.entries.map((e) => e.balance)).toEqual(["20", "10"]);
  });

  test("attacks on cancel: wrong creation height, more than the entry, a matured entry; then a valid cancel re-delegates", () => {
    const net = setup(2);
    net.delegate(5, 1, 1_000_000);
    net.undelegate(5, 1, 500_000);
    const created = net.height();
    const cancel = (amount: number, creationHeight: bigint) => ({
      delegatorAddress: toAccAddress(net.account(5)),
      validatorAddress: toValoper(net.account(1)),
      amount: { denom: "uopt", amount: amount.toString() },
      creationHeight,
    });
    net.refused(errors.ErrNoUnbondingEntry, "MsgCancelUnbondingDelegation", cancel(1, created + 1n));
    net.refused(errors.ErrInvalidAmount, "MsgCancelUnbondingDelegation", cancel(500_001, created));
    net.refused(errors.ErrNoUnbondingDelegation, "MsgCancelUnbondingDelegation", { ...cancel(1, created), delegatorAddress: toAccAddress(net.account(6)) });
    net.deliver("MsgCancelUnbondingDelegation", cancel(200_000, created));
    expect(net.worth(5, 1)).toBe(700_000n);
    expect(net.staking.getUnbondingDelegation(net.store, net.account(5), net.account(1))!.entries[0]).toMatchObject({ balance: "300000", initialBalance: "300000" });
    expect(net.invariants()).toEqual([]);
    net.endBlock(200n);
    net.endBlock();
    net.refused(errors.ErrNoUnbondingDelegation, "MsgCancelUnbondingDelegation", cancel(1, created));
  });

  test("matured entries complete at most max_completions_per_block a block, the rest in the next blocks", () => {
    const net = setup(2, { max_completions_per_block: 3 });
    for (let d = 5; d < 12; d++) {
      net.delegate(d, 1, 100);
      net.undelegate(d, 1, 100);
    }
    net.endBlock(200n);
    const paid = () => [5, 6, 7, 8, 9, 10, 11].filter((d) => net.balance(d) === FUNDS).length;
    net.endBlock();
    expect(paid()).toBe(3);
    net.endBlock();
    expect(paid()).toBe(6);
    net.endBlock();
    expect(paid()).toBe(7);
    expect(net.invariants()).toEqual([]);
  });
});

describe("MsgBeginRedelegate", () => {
  test("moves stake at once; the entry matures after unbonding_time; transitive redelegation is refused meanwhile", () => {
    const net = setup(3);
    net.delegate(5, 1, 1_000_000);
    net.redelegate(5, 1, 2, 600_000);
    expect(net.worth(5, 2)).toBe(600_000n);
    expect(net.worth(5, 1)).toBe(400_000n);
    const msg = { delegatorAddress: toAccAddress(net.account(5)), validatorSrcAddress: toValoper(net.account(2)), validatorDstAddress: toValoper(net.account(3)), amount: { denom: "uopt", amount: "1" } };
    net.refused(errors.ErrTransitiveRedelegation, "MsgBeginRedelegate", msg);
    net.refused(errors.ErrSelfRedelegation, "MsgBeginRedelegate", { ...msg, validatorSrcAddress: toValoper(net.account(1)), validatorDstAddress: toValoper(net.account(1)) });
    net.refused(errors.ErrBadSharesAmount, "MsgBeginRedelegate", { ...msg, validatorSrcAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "400001" } });
    net.endBlock(100n);
    net.endBlock();
    expect(net.staking.getRedelegation(net.store, net.account(5), net.account(1), net.account(2))).toBeUndefined();
    net.deliver("MsgBeginRedelegate", msg);
    expect(net.invariants()).toEqual([]);
  });
});

describe("MsgCreateValidator and MsgEditValidator", () => {
  test("a new validator self-delegates, is unbonded until end-block ranks it into the set", () => {
    const net = setup(1);
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7));
    const record = net.staking.validator(net.store, net.account(7))!;
    expect(record).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDED, tokens: "50000000", commission_rate: "0.100000000000000000" });
    expect(net.staking.power(net.store, record)).toBe(0n);
    expect(net.hookCalls).toEqual(["afterValidatorCreated:7", "beforeDelegationCreated:7:7", "afterDelegationModified:7:7"]);
    expect(net.bank.balance(net.store, NOT_BONDED_POOL_ADDRESS, "uopt")).toBe(50_000_000n);
    expect(net.endBlock()).toEqual([{ pubKey: { ed25519: Buffer.alloc(32, 107) }, power: 50n }]);
    expect(net.staking.validator(net.store, net.account(7))!.status).toBe(BondStatus.BOND_STATUS_BONDED);
    expect(net.bank.balance(net.store, NOT_BONDED_POOL_ADDRESS, "uopt")).toBe(0n);
    expect(net.invariants()).toEqual([]);
  });

  test("attacks: an existing operator or consensus key, self-delegation below the minimum, bad commission, a foreign delegator, a non-ed25519 key", () => {
    const net = setup(1);
    net.refused(errors.ErrValidatorExists, "MsgCreateValidator", net.createValidatorMsg(1));
    net.refused(errors.ErrConsensusKeyExists, "MsgCreateValidator", net.createValidatorMsg(7, { pubkey: consensusPubkeyAny(Buffer.alloc(32, 1)) }));
    net.refused(errors.ErrSelfDelegationBelowMinimum, "MsgCreateValidator", net.createValidatorMsg(7, { value: { denom: "uopt", amount: "999999" } }));
    net.refused(errors.ErrInvalidCommission, "MsgCreateValidator", net.createValidatorMsg(7, { commission: { rate: atomics("0.3"), maxRate: atomics("0.2"), maxChangeRate: atomics("0.01") } }));
    net.refused(errors.ErrInvalidCommission, "MsgCreateValidator", net.createValidatorMsg(7, { commission: { rate: atomics("0.1"), maxRate: atomics("1.5"), maxChangeRate: atomics("0.01") } }));
    net.refused(errors.ErrInvalidCommission, "MsgCreateValidator", net.createValidatorMsg(7, { commission: { rate: "0.1", maxRate: atomics("0.2"), maxChangeRate: atomics("0.01") } }));
    net.refused(errors.ErrSignerMismatch, "MsgCreateValidator", net.createValidatorMsg(7, { delegatorAddress: toAccAddress(net.account(8)) }));
    net.refused(errors.ErrInvalidPubKey, "MsgCreateValidator", net.createValidatorMsg(7, { pubkey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: consensusPubkeyAny(Buffer.alloc(32, 9)).value } }));
    net.refused(errors.ErrInvalidPubKey, "MsgCreateValidator", net.createValidatorMsg(7, { pubkey: consensusPubkeyAny(Buffer.alloc(33, 9)) }));
    net.refused(errors.ErrInvalidDescription, "MsgCreateValidator", net.createValidatorMsg(7, { description: { moniker: "", identity: "", website: "", securityContact: "", details: "" } }));
    // The operator's account is the signer; delegator_address may repeat it.
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7, { delegatorAddress: toAccAddress(net.account(7)) }));
  });

  test("min_commission_rate is enforced", () => {
    const net = setup(1, { min_commission_rate: "0.15" });
    net.refused(errors.ErrInvalidCommission, "MsgCreateValidator", net.createValidatorMsg(7));
  });

  test("attacks on edit: commission within 24h, beyond max_change_rate, above max_rate; min self-delegation down", () => {
    const net = setup(1);
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7));
    const edit = (overrides: Record<string, unknown>) => ({
      description: { moniker: "[do-not-modify]", identity: "[do-not-modify]", website: "https://x.example", securityContact: "[do-not-modify]", details: "[do-not-modify]" },
      validatorAddress: toValoper(net.account(7)),
      commissionRate: "",
      minSelfDelegation: "",
      ...overrides,
    });
    net.refused(errors.ErrCommissionChangeTooSoon, "MsgEditValidator", edit({ commissionRate: atomics("0.105") }));
    net.endBlock(24n * 3600n);
    net.refused(errors.ErrCommissionChangeTooLarge, "MsgEditValidator", edit({ commissionRate: atomics("0.12") }));
    net.refused(errors.ErrMinSelfDelegationDecreased, "MsgEditValidator", edit({ minSelfDelegation: "999999" }));
    net.refused(errors.ErrSelfDelegationBelowMinimum, "MsgEditValidator", edit({ minSelfDelegation: "50000001" }));
    net.deliver("MsgEditValidator", edit({ commissionRate: atomics("0.11") }));
    const validator = net.staking.getValidator(net.store, net.account(7))!;
    expect(validator.description).toMatchObject({ moniker: "new7", website: "https://x.example" });
    expect(net.staking.validator(net.store, net.account(7))!.commission_rate).toBe("0.110000000000000000");
    net.refused(errors.ErrCommissionChangeTooSoon, "MsgEditValidator", edit({ commissionRate: atomics("0.1") }));
  });

  test("an operator whose own stake falls below min_self_delegation is jailed and leaves the set", () => {
    const net = setup(1);
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7));
    net.endBlock();
    net.undelegate(7, 7, 49_000_001);
    expect(net.staking.validator(net.store, net.account(7))!.jailed).toBe(true);
    expect(net.endBlock()).toEqual([{ pubKey: { ed25519: Buffer.alloc(32, 107) }, power: 0n }]);
    expect(net.staking.validator(net.store, net.account(7))!.status).toBe(BondStatus.BOND_STATUS_UNBONDING);
    expect(net.invariants()).toEqual([]);
  });
});

describe("the bonded set", () => {
  test("max_validators bonds the top by power; a validator overtaken starts unbonding, then unbonds, its tokens in the not-bonded pool", () => {
    const net = setup(2, { max_validators: 2 });
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7, { value: { denom: "uopt", amount: "50000000" } }));
    expect(net.endBlock()).toEqual([]);
    expect(net.staking.validator(net.store, net.account(7))!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    net.delegate(5, 7, 60_000_000);
    const updates = net.endBlock();
    expect(updates.map((u) => [u.pubKey?.ed25519?.[0], u.power])).toEqual([
      [2, 0n],
      [107, 110n],
    ]);
    expect(net.staking.validator(net.store, net.account(2))!.status).toBe(BondStatus.BOND_STATUS_UNBONDING);
    expect(net.bank.balance(net.store, NOT_BONDED_POOL_ADDRESS, "uopt")).toBe(TOKENS);
    expect(net.invariants()).toEqual([]);
    net.endBlock(100n);
    net.endBlock();
    expect(net.staking.validator(net.store, net.account(2))!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    // A validator whose last share leaves while unbonded is removed.
    net.undelegate(2, 2, TOKENS);
    expect(net.staking.validator(net.store, net.account(2))).toBeUndefined();
    expect(net.hookCalls).toContain("afterValidatorRemoved:2");
    expect(net.invariants()).toEqual([]);
  });

  test("jail and unjail reach CometBFT through the end-block update", () => {
    const net = setup(2);
    net.staking.setJailed(net.store, [], net.account(1), true);
    expect(net.endBlock()).toEqual([{ pubKey: { ed25519: Buffer.alloc(32, 1) }, power: 0n }]);
    net.staking.setJailed(net.store, [], net.account(1), false);
    expect(net.endBlock()).toEqual([{ pubKey: { ed25519: Buffer.alloc(32, 1) }, power: 100n }]);
    expect(net.endBlock()).toEqual([]);
  });
});

describe("slash", () => {
  test("burns the bonded tokens and the entries created at or after the infraction height, and nothing older", () => {
    const net = setup(2);
    net.delegate(5, 1, 10_000_000);
    net.undelegate(5, 1, 1_000_000);
    net.redelegate(5, 1, 2, 2_000_000);
    const infraction = net.height() + 1n;
    net.endBlock();
    net.undelegate(5, 1, 1_000_000);
    net.redelegate(5, 1, 2, 2_000_000);
    net.endBlock();
    const tokens = BigInt(net.staking.validator(net.store, net.account(1))!.tokens);
    const selfWorth = net.worth(1, 1);
    const supply = net.bank.supplyOf(net.store, "uopt");
    // 107 OPT stood behind its power at the infraction; 3 OPT of it left since, as entries that now pay first.
    const burned = net.staking.slash(net.ctx(), net.bank, net.account(1), { height: infraction, power: 107n, fraction: decFromString("0.1") });
    // 10% of the tokens, of the newer unbonding entry (100,000) and of the newer redelegation (200,000 on validator 2).
    expect(burned).toBe(tokens / 10n + 100_000n + 200_000n);
    expect(net.bank.supplyOf(net.store, "uopt")).toBe(supply - burned);
    expect(net.staking.getUnbondingDelegation(net.store, net.account(5), net.account(1))!.entries.map((e) => e.balance)).toEqual(["1000000", "900000"]);
    expect(net.worth(5, 2)).toBe(3_800_000n);
    // Every delegator of the slashed validator loses the same fraction (rounded down).
    expect(net.worth(1, 1)).toBe((selfWorth * 9n) / 10n);
    expect(net.hookCalls.filter((c) => c.startsWith("beforeValidatorSlashed"))).toEqual([`beforeValidatorSlashed:1:${DEC_ONE / 10n}`]);
    expect(net.invariants()).toEqual([]);
  });

  test("attack: stake bonded after the infraction does not swell the slash: fraction × power at the infraction, spread by the exchange rate", () => {
    const net = setup(2);
    const infraction = net.height();
    net.endBlock();
    // Right after its double sign at 100 power, the validator draws 900 OPT of new stake before the evidence lands.
    net.delegate(5, 1, 900_000_000n);
    const supply = net.bank.supplyOf(net.store, "uopt");
    const burned = net.staking.slash(net.ctx(), net.bank, net.account(1), { height: infraction, power: 100n, fraction: decFromString("0.05") });
    // 5 % of the 100 OPT that signed, not 5 % of the 1,000 OPT it holds now (50 OPT).
    expect(burned).toBe(5_000_000n);
    expect(net.bank.supplyOf(net.store, "uopt")).toBe(supply - burned);
    expect(BigInt(net.staking.validator(net.store, net.account(1))!.tokens)).toBe(995_000_000n);
    // The newcomer loses only its share through the rate: 0.5 %, not the 5 % a slash of current tokens took.
    expect(net.worth(5, 1)).toBe(895_500_000n);
    expect(net.hookCalls.filter((c) => c.startsWith("beforeValidatorSlashed"))).toEqual([`beforeValidatorSlashed:1:${DEC_ONE / 200n}`]);
    expect(net.invariants()).toEqual([]);
  });

  test("stake that left before the infraction pays nothing, and the validator pays only what the entries since did not", () => {
    const net = setup(2);
    net.undelegate(1, 1, 40_000_000n);
    net.endBlock();
    const infraction = net.height();
    // 60 OPT at the infraction; 10 OPT leave after it.
    net.endBlock();
    net.undelegate(1, 1, 10_000_000n);
    const burned = net.staking.slash(net.ctx(), net.bank, net.account(1), { height: infraction, power: 60n, fraction: decFromString("0.1") });
    expect(burned).toBe(6_000_000n);
    expect(net.staking.getUnbondingDelegation(net.store, net.account(1), net.account(1))!.entries.map((e) => e.balance)).toEqual(["40000000", "9000000"]);
    expect(BigInt(net.staking.validator(net.store, net.account(1))!.tokens)).toBe(45_000_000n);
    expect(net.invariants()).toEqual([]);
  });

  test("an unbonding entry already matured but still queued is not slashed (the SDK's IsMature)", () => {
    const net = setup(2);
    const infraction = net.height();
    net.undelegate(1, 1, 10_000_000n);
    // Block time passes the 100 s completion; end-block has not paid the entry out yet.
    net.endBlock(200n);
    const burned = net.staking.slash(net.ctx(), net.bank, net.account(1), { height: infraction, power: 100n, fraction: decFromString("0.1") });
    expect(net.staking.getUnbondingDelegation(net.store, net.account(1), net.account(1))!.entries.map((e) => e.balance)).toEqual(["10000000"]);
    // The entry is out of reach, so the whole 10 % of the 100 power comes from the validator's remaining tokens.
    expect(burned).toBe(10_000_000n);
    expect(BigInt(net.staking.validator(net.store, net.account(1))!.tokens)).toBe(80_000_000n);
    expect(net.invariants()).toEqual([]);
  });

  test("slashed redelegation shares under a token's worth stay with their delegator instead of passing to the destination's other delegators", () => {
    // the books property found it (seed 242675904): 1 uopt redelegated, then two slashes taking 0.758 and 0.242
    // of its shares, each worth under one token and so burning none; their token went to validator 1's operator
    const net = setup(3, { max_validators: 2, unbonding_time: 60 });
    net.redelegate(3, 3, 1, 1);
    net.slashNow(3, net.height(), 758n * 10n ** 15n);
    net.slashNow(3, net.height(), 242n * 10n ** 15n);
    expect(net.worth(3, 1)).toBe(1n);
    expect(net.worth(1, 1)).toBe(TOKENS);
    // a slash worth whole tokens still takes them
    net.delegate(4, 3, 10_000_000);
    net.redelegate(4, 3, 1, 10_000_000);
    net.slashNow(3, net.height(), decFromString("0.25"));
    expect(net.worth(4, 1)).toBe(7_500_000n);
    expect(net.worth(1, 1)).toBe(TOKENS);
    expect(net.invariants()).toEqual([]);
  });

  test("nothing is burned from a validator already slashed to nothing, and an unknown validator is a no-op", () => {
    const net = setup(2);
    net.slashNow(1, 1n, DEC_ONE);
    expect(net.staking.slash(net.ctx(), net.bank, net.account(1), { height: 1n, power: 100n, fraction: DEC_ONE })).toBe(0n);
    expect(net.staking.slash(net.ctx(), net.bank, net.account(9), { height: 1n, power: 100n, fraction: DEC_ONE })).toBe(0n);
    expect(net.invariants()).toEqual([]);
  });

  test("a validator slashed to zero tokens takes no more delegations (its shares would be worth nothing)", () => {
    const net = setup(2);
    net.staking.slash(net.ctx(), net.bank, net.account(1), { height: 1n, power: 100n, fraction: DEC_ONE });
    net.refused(errors.ErrInvalidExchangeRate, "MsgDelegate", { delegatorAddress: toAccAddress(net.account(5)), validatorAddress: toValoper(net.account(1)), amount: { denom: "uopt", amount: "10" } });
    expect(net.invariants()).toEqual([]);
  });
});

describe("property: the books balance under any sequence of staking actions", () => {
  type Action =
    | { kind: "delegate"; delegator: number; validator: number; amount: number }
    | { kind: "undelegate"; delegator: number; validator: number; amount: number }
    | { kind: "redelegate"; delegator: number; src: number; dst: number; amount: number }
    | { kind: "slash"; validator: number; back: number; fraction: number }
    | { kind: "jail"; validator: number; jailed: boolean }
    | { kind: "block"; seconds: number };
  const validator = fc.integer({ min: 1, max: 3 });
  const delegator = fc.integer({ min: 1, max: 6 });
  const amount = fc.integer({ min: 1, max: 50_000_000 });
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant("delegate" as const), delegator, validator, amount }),
    fc.record({ kind: fc.constant("undelegate" as const), delegator, validator, amount }),
    fc.record({ kind: fc.constant("redelegate" as const), delegator, src: validator, dst: validator, amount }),
    fc.record({ kind: fc.constant("slash" as const), validator, back: fc.integer({ min: 0, max: 3 }), fraction: fc.integer({ min: 1, max: 1000 }) }),
    fc.record({ kind: fc.constant("jail" as const), validator, jailed: fc.boolean() }),
    fc.record({ kind: fc.constant("block" as const), seconds: fc.integer({ min: 1, max: 60 }) }),
  );

  test("pools equal bonded tokens and unbonding entries; shares add up and are worth the tokens within rounding; no delegator gets out more than it put in", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const net = setup(3, { max_validators: 2, unbonding_time: 60 });
        for (const a of actions) {
          try {
            if (a.kind === "delegate") net.delegate(a.delegator, a.validator, a.amount);
            else if (a.kind === "undelegate") net.undelegate(a.delegator, a.validator, a.amount);
            else if (a.kind === "redelegate") net.redelegate(a.delegator, a.src, a.dst, a.amount);
            else if (a.kind === "slash") net.slashNow(a.validator, net.height() - BigInt(a.back), BigInt(a.fraction) * 10n ** 15n);
            else if (a.kind === "jail") {
              if (net.staking.getValidator(net.store, net.account(a.validator))) net.staking.setJailed(net.store, [], net.account(a.validator), a.jailed);
            } else net.endBlock(BigInt(a.seconds));
          } catch (err) {
            // Refusals are registered errors (a delegation that does not exist, too much, a jailed target...).
            if (!(err instanceof Error) || !("codespace" in err)) throw err;
          }
          expect(net.invariants()).toEqual([]);
        }
        // Everything unbonds: nobody may end with more than the funds it started with.
        for (let v = 1; v <= 3; v++) {
          for (let d = 1; d <= 6; d++) {
            const worth = net.worth(d, v);
            if (worth > 0n) net.undelegate(d, v, worth);
          }
        }
        for (let i = 0; i < 5; i++) net.endBlock(1000n);
        for (let d = 1; d <= 6; d++) expect(net.balance(d) + net.worth(d, 1) + net.worth(d, 2) + net.worth(d, 3)).toBeLessThanOrEqual(FUNDS + (d <= 3 ? TOKENS : 0n));
        expect(net.invariants()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("property: a slash follows the stake behind the infraction (the SDK's Slash)", () => {
  type Move = { kind: "delegate" | "undelegate" | "redelegate"; delegator: number; amount: number } | { kind: "block"; seconds: number };
  const move: fc.Arbitrary<Move> = fc.oneof(
    fc.record({ kind: fc.constantFrom("delegate" as const, "undelegate" as const, "redelegate" as const), delegator: fc.integer({ min: 1, max: 6 }), amount: fc.integer({ min: 1, max: 80_000_000 }) }),
    fc.record({ kind: fc.constant("block" as const), seconds: fc.integer({ min: 1, max: 40 }) }),
  );

  test("burns at most fraction × power at the infraction beyond what entries since owe; older entries untouched; supply down by exactly the burn", () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 12 }), fc.array(move, { maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (before, after, permille) => {
        const net = setup(2, { unbonding_time: 60 });
        const play = (moves: Move[]) => {
          for (const m of moves) {
            try {
              if (m.kind === "block") net.endBlock(BigInt(m.seconds));
              else if (m.kind === "delegate") net.delegate(m.delegator, 1, m.amount);
              else if (m.kind === "undelegate") net.undelegate(m.delegator, 1, m.amount);
              else net.redelegate(m.delegator, 1, 2, m.amount);
            } catch (err) {
              if (!(err instanceof Error) || !("codespace" in err)) throw err;
            }
          }
        };
        play(before);
        const infraction = net.height();
        const power = net.staking.tokensPower(net.store, BigInt(net.staking.validator(net.store, net.account(1))!.tokens));
        net.endBlock();
        play(after);

        const fraction = BigInt(permille) * 10n ** 15n;
        const now = net.ctx();
        const live = (e: { creationHeight: bigint; completionTime?: { seconds: bigint; nanos: number } }) =>
          e.creationHeight >= infraction && (e.completionTime?.seconds ?? 0n) * SECOND + BigInt(e.completionTime?.nanos ?? 0) > now.timeNs;
        const ubds = () => [5, 1, 2, 3, 4, 6].flatMap((d) => net.staking.getUnbondingDelegation(net.store, net.account(d), net.account(1))?.entries ?? []);
        const reds = () => [5, 1, 2, 3, 4, 6].flatMap((d) => net.staking.getRedelegation(net.store, net.account(d), net.account(1), net.account(2))?.entries ?? []);
        const owed = [...ubds(), ...reds()].filter(live).reduce((sum, e) => sum + (BigInt(e.initialBalance) * fraction) / DEC_ONE, 0n);
        const older = JSON.stringify(ubds().filter((e) => e.creationHeight < infraction).map((e) => e.balance));
        const supply = net.bank.supplyOf(net.store, "uopt");
        const tokens = BigInt(net.staking.validator(net.store, net.account(1))?.tokens ?? "0");

        const burned = net.staking.slash(now, net.bank, net.account(1), { height: infraction, power, fraction });

        const due = (power * 1_000_000n * fraction) / DEC_ONE;
        const fromValidator = tokens - BigInt(net.staking.validator(net.store, net.account(1))?.tokens ?? "0");
        expect(fromValidator).toBeLessThanOrEqual(due > owed ? due - owed : 0n);
        expect(burned).toBeLessThanOrEqual(due > owed ? due : owed);
        expect(burned - fromValidator).toBeLessThanOrEqual(owed);
        // the validator pays the whole rest when it can
        if (due > owed && tokens >= due - owed) expect(fromValidator).toBe(due - owed);
        expect(JSON.stringify(ubds().filter((e) => e.creationHeight < infraction).map((e) => e.balance))).toBe(older);
        expect(net.bank.supplyOf(net.store, "uopt")).toBe(supply - burned);
        expect(net.invariants()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("attacks through jailing", () => {
  test("an operator who drained its own stake (and was jailed for it) cannot unjail until it tops the stake up", () => {
    const net = setup(2);
    const slashing = new SlashingKeeper(net.staking, net.bank);
    const unjail = msgUnjailHandler(slashing, net.staking);
    const tryUnjail = () => {
      const branch = new Branch(net.store);
      const ctx = net.ctx(branch);
      unjail.checkStateful(ctx, { validatorAddr: toValoper(net.account(2)) } as never);
      unjail.execute(ctx, { validatorAddr: toValoper(net.account(2)) } as never);
      branch.write();
    };
    net.deliver("MsgEditValidator", {
      description: { moniker: "[do-not-modify]", identity: "[do-not-modify]", website: "[do-not-modify]", securityContact: "[do-not-modify]", details: "[do-not-modify]" },
      validatorAddress: toValoper(net.account(2)),
      commissionRate: "",
      minSelfDelegation: "50000000",
    });
    net.delegate(5, 2, 60_000_000);
    net.undelegate(2, 2, 60_000_000);
    expect(net.staking.validator(net.store, net.account(2))!.jailed).toBe(true);
    net.endBlock();
    expect(() => tryUnjail()).toThrow(/min_self_delegation/);
    expect(net.staking.validator(net.store, net.account(2))!.jailed).toBe(true);
    net.delegate(2, 2, 20_000_000);
    tryUnjail();
    expect(net.staking.validator(net.store, net.account(2))!.jailed).toBe(false);
  });

  test("the only validator draining its own stake does not empty CometBFT's set (which would halt the chain)", () => {
    const net = setup(1);
    net.undelegate(1, 1, TOKENS);
    expect(net.endBlock()).toEqual([]);
    expect(net.staking.validatorSet(net.store)).toHaveLength(1);
    net.deliver("MsgCreateValidator", net.createValidatorMsg(7));
    expect(net.endBlock().map((u) => [u.pubKey?.ed25519?.[0], u.power])).toEqual([
      [1, 0n],
      [107, 50n],
    ]);
  });
});

describe("property: the exchange rate gives nobody more than their share", () => {
  test("after a slash leaves a fractional rate, delegating x and undelegating it in pieces returns at most x, and the other delegators lose nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (permille, amount, pieces) => {
          const net = setup(1);
          net.delegate(5, 1, 3_333_333);
          net.slashNow(1, 1n, BigInt(permille) * 10n ** 15n);
          const before = net.balance(7);
          const othersBefore = [net.worth(1, 1), net.worth(5, 1)];
          net.delegate(7, 1, amount);
          for (const piece of pieces) {
            const worth = net.worth(7, 1);
            if (worth === 0n) break;
            net.undelegate(7, 1, BigInt(piece) >= worth ? worth : BigInt(piece));
          }
          const rest = net.worth(7, 1);
          if (rest > 0n) net.undelegate(7, 1, rest);
          net.endBlock(1000n);
          net.endBlock();
          expect(net.balance(7)).toBeLessThanOrEqual(before);
          expect([net.worth(1, 1), net.worth(5, 1)].map((w, i) => w >= othersBefore[i])).toEqual([true, true]);
          expect(net.invariants()).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
