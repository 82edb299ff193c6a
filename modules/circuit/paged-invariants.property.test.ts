// The invariants over records that grow with accounts (balances, margin accounts, positions, delegations, unbonding
// delegations, distribution's starting infos and historical periods) are checked a page
// per block. Held here to two things: the store reads of the circuit's invariant work in any block stay under a
// bound that does not depend on the number of accounts (the full check read every record every
// invariant_check_period blocks), and the paged check reaches the full scan's verdict: an intact state is never
// flagged, and a broken one is found within two passes, whether the break was a block's write (before or after the
// cursor) or a corruption no block wrote. The migration that brings version-1 state to the paged check, and genesis.
import fc from "fast-check";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { writeJson } from "../../app/json-state";
import type { AppModule } from "../../app/module";
import { Branch } from "../../app/store/branch";
import type { KVReader, KVStore } from "../../app/store/types";
import { MsgRouter } from "../../app/tx/router";
import * as auth from "../auth/keeper";
import { bankInvariants } from "../bank/invariants";
import { BankKeeper } from "../bank/keeper";
import { BALANCE_PREFIX, balanceKey } from "../bank/keys";
import { GovKeeper } from "../gov/keeper";
import { OptionsKeeper } from "../options/keeper";
import { COLLATERAL_PREFIX, POSITION_PREFIX, collateralKey, positionKey } from "../options/keys";
import { OracleKeeper } from "../oracle/keeper";
import { SlashingKeeper } from "../slashing/keeper";
import { Delegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { AddressSet, toValoper } from "../../app/address";
import { FEE_COLLECTOR_ADDRESS } from "../../app/tx/pipeline";
import { distributionInvariants } from "../distribution/invariants";
import { DISTRIBUTION_MODULE_ADDRESS, DistributionKeeper } from "../distribution/keeper";
import { historicalKey, startingKey } from "../distribution/keys";
import { DelegatorStartingInfo, ValidatorHistoricalRewards } from "cosmjs-types/cosmos/distribution/v1beta1/distribution";
import { stakingInvariants } from "../staking/invariants";
import { StakingKeeper, consensusPubkeyAny } from "../staking/keeper";
import { DELEGATION_PREFIX, UBD_PREFIX, delegationKey } from "../staking/keys";
import type { Invariant } from "./expected";
import { optionsInvariants } from "./invariants";
import { CircuitKeeper } from "./keeper";
import { INVARIANT_CURSOR_PREFIX, PARAMS_KEY, invariantCursorKey } from "./keys";
import { decFromString } from "../../lib/fixed";
import { CIRCUIT_CONSENSUS_VERSION, migrateCircuit } from "./migrations";
import { circuitModule } from "./module";
import { type CircuitParams, DEFAULT_PARAMS } from "./params";

const SECOND = 1_000_000_000n;
const DENOM = "uusdc";

/** Reads through `inner`, counted: a get or has is one, an iteration one plus each entry it returns. */
function counting<T extends KVReader>(inner: T, counter: { reads: number }): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === "get" || property === "has") return (storeKey: Uint8Array) => (counter.reads++, target[property](storeKey));
      if (property === "iterate") {
        return (...args: Parameters<KVReader["iterate"]>) => {
          const entries = target.iterate(...args);
          counter.reads += entries.length + 1;
          return entries;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Real keepers as app.ts wires them, over `committed` (the last Commit) and a block branch on top; reads counted. */
function chain(params: Partial<CircuitParams>) {
  const committed = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const counter = { reads: 0 };
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const distribution = new DistributionKeeper({ staking, bank, blocked: new AddressSet([FEE_COLLECTOR_ADDRESS, DISTRIBUTION_MODULE_ADDRESS]), feeCollector: FEE_COLLECTOR_ADDRESS });
  staking.setHooks(distribution.stakingHooks());
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  const modules: AppModule[] = [];
  const gov = new GovKeeper({ bank, validators: staking, router: new MsgRouter(modules), gate: { allow: (ctx, typeUrl) => circuit.allow(ctx, typeUrl) } });
  let block = new Branch(committed);
  const circuit: CircuitKeeper = new CircuitKeeper({ prices: oracle, gov, committed: counting(committed, counter), blockWrites: () => block.changes() });
  circuit.setParams(committed, { ...DEFAULT_PARAMS, ...params });
  const options = new OptionsKeeper(bank, oracle, circuit);
  const invariants: Invariant[] = [...bankInvariants(bank), ...optionsInvariants(options), ...stakingInvariants(staking, bank), ...distributionInvariants(distribution, bank)];
  return {
    bank,
    options,
    staking,
    distribution,
    circuit,
    committed,
    invariants,
    get block(): Branch {
      return block;
    },
    /** The circuit's invariant work at the end of block `height`, on the block's writes so far; then Commit. */
    endBlock(height: number) {
      counter.reads = 0;
      const ctx: Context = { store: counting(block, counter), chainId: "t", height: BigInt(height), timeNs: BigInt(height) * SECOND, mode: "block", gas: infiniteGasMeter(), events: [] };
      const check = this.circuit.checkInvariants(ctx, invariants);
      const reads = counter.reads;
      block.write();
      block = new Branch(committed);
      return { check, reads };
    },
    /** One transaction: its writes kept if it succeeds; when `mayFail`, none kept if it throws, as for a failed tx. */
    deliver(run: () => void, mayFail: boolean) {
      const outer = block;
      block = new Branch(outer);
      try {
        run();
        block.write();
      } catch (err) {
        if (!mayFail) throw err;
      } finally {
        block = outer;
      }
    },
    /** Commit with the circuit's end-block dropped, as runHook does when it throws: none of its writes are kept. */
    commitWithoutEndBlock() {
      block.write();
      block = new Branch(committed);
    },
  };
}

/** Scattered over the key space, so that an account made later lands before or after the cursor. */
const account = (index: number) => {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.imul(index + 1, 0x9e3779b9) >>> 0, 0);
  bytes.writeUInt32BE(index, 16);
  return bytes;
};

const BOND = "uopt";
const OPERATOR = Buffer.alloc(20, 0xee);

/** The validator every account delegates to, and an account's staking as a block does it. */
const stake = {
  create(net: ReturnType<typeof chain>) {
    const validator = Validator.fromPartial({ operatorAddress: toValoper(OPERATOR), consensusPubkey: consensusPubkeyAny(Buffer.alloc(32, 1)), tokens: "0", delegatorShares: "0" });
    net.staking.createValidator(net.committed, [], OPERATOR, validator, true);
  },
  delegate(net: ReturnType<typeof chain>, store: KVStore, delegator: Uint8Array, amount: bigint) {
    net.bank.mint(store, [], delegator, [{ denom: BOND, amount }]);
    net.staking.delegate(store, [], net.bank, delegator, OPERATOR, amount, "account");
  },
  /** Two tokens burned, leaving some: a slash that cut every token would refuse later delegations. */
  slash(net: ReturnType<typeof chain>, height: number) {
    if (BigInt(net.staking.mustGetValidator(net.block, OPERATOR).tokens) <= 4n) return;
    net.staking.slash({ store: net.block, events: [], height: BigInt(height), timeNs: BigInt(height) * SECOND }, net.bank, OPERATOR, { height: BigInt(height), power: 1n, fraction: decFromString("0.000002") });
  },
  undelegate(net: ReturnType<typeof chain>, store: KVStore, delegator: Uint8Array, amount: bigint, height: number) {
    if (net.staking.getDelegation(store, delegator, OPERATOR) === undefined) return;
    if (net.staking.tokensFromShares(net.staking.mustGetValidator(store, OPERATOR), BigInt(net.staking.getDelegation(store, delegator, OPERATOR)!.shares)) < amount) return;
    net.staking.undelegate({ store, events: [], height: BigInt(height), timeNs: BigInt(height) * SECOND }, net.bank, delegator, OPERATOR, amount);
  },
};

/**
 * `accounts` accounts with a balance, a margin account, one side of a series-1 position (long, short, long...) and
 * a delegation; every third has an unbonding delegation too.
 */
function populated(net: ReturnType<typeof chain>, accounts: number) {
  stake.create(net);
  for (let i = 0; i < accounts; i++) {
    net.bank.mint(net.committed, [], account(i), [{ denom: DENOM, amount: 1_000n }]);
    net.options.deposit(net.committed, [], account(i), DENOM, 100n);
    stake.delegate(net, net.committed, account(i), 10n);
    if (i % 3 === 0) stake.undelegate(net, net.committed, account(i), 4n, 0);
  }
  for (let i = 0; i + 1 < accounts; i += 2) {
    net.options.setPosition(net.committed, account(i), 1n, 1n, 0n);
    net.options.setPosition(net.committed, account(i + 1), 1n, -1n, 0n);
  }
}

/**
 * Past the records every invariant reads in a page (keys_per_block plus the iteration and the cursor), what a block
 * costs whatever the accounts: the params, the per-invariant records (supply, module balance, open interest) at a
 * pass's end, and each of the block's writes (its value at the last Commit).
 */
const OVERHEAD_READS = 64;
/** bank/total-supply, bank/nonnegative, options/collateral, options/open-interest, staking/pools, staking/delegator-shares, distribution/reference-count */
const PAGED = 7;

describe("the circuit's invariant work per block", () => {
  test("store reads in any block, the full-check block included, do not grow with accounts", () => {
    // default keys_per_block; the old full check read every record in the period's block
    const maxReads = (accounts: number) => {
      const net = chain({ invariant_check_period: 5 });
      populated(net, accounts);
      let most = 0;
      for (let height = 1; height <= 10; height++) {
        const { check, reads } = net.endBlock(height);
        expect(check.ok).toBe(true);
        most = Math.max(most, reads);
      }
      return most;
    };
    const bound = PAGED * (DEFAULT_PARAMS.invariant_keys_per_block + 2) + OVERHEAD_READS;
    expect(maxReads(200)).toBeLessThanOrEqual(bound);
    expect(maxReads(3_000)).toBeLessThanOrEqual(bound);
  });

  test("property: reads per block stay under (paged invariants) × (keys_per_block + 2) + the block's writes + a constant, whatever the accounts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { maxLength: 12 }), (accounts, keysPerBlock, sends) => {
        const net = chain({ invariant_check_period: 3, invariant_keys_per_block: keysPerBlock });
        populated(net, accounts);
        for (let height = 1; height <= 6; height++) {
          // a few paid-for writes, behind and ahead of the cursor
          for (const send of sends) net.bank.send(net.block, [], account(send % accounts), account((send * 7 + height) % accounts), [{ denom: DENOM, amount: 1n }]);
          const writes = net.block.changes().length;
          const { check, reads } = net.endBlock(height);
          expect(check.ok).toBe(true);
          expect(reads).toBeLessThanOrEqual(PAGED * (keysPerBlock + 2) + PAGED * writes + OVERHEAD_READS);
        }
      }),
      { numRuns: 25 },
    );
  });
});

type Break = { kind: "balance" | "collateral" | "position" | "delegation" | "starting-period" | "reference-count"; target: number; by: number; seen: boolean };

describe("the paged check's verdict", () => {
  const honestOps = fc.array(fc.record({ kind: fc.constantFrom("send", "mint", "deposit", "open", "new", "delegate", "undelegate", "slash"), a: fc.nat(), b: fc.nat(), amount: fc.integer({ min: 1, max: 50 }) }), { maxLength: 3 });

  /** One paid-for operation of an honest block, through the keepers. */
  function apply(net: ReturnType<typeof chain>, op: { kind: string; a: number; b: number; amount: number }, accounts: { count: number }) {
    const [a, b] = [account(op.a % accounts.count), account(op.b % accounts.count)];
    const amount = BigInt(op.amount);
    switch (op.kind) {
      case "send":
        if (net.bank.balance(net.block, a, DENOM) >= amount && op.a % accounts.count !== op.b % accounts.count) net.bank.send(net.block, [], a, b, [{ denom: DENOM, amount }]);
        return;
      case "mint":
        net.bank.mint(net.block, [], a, [{ denom: DENOM, amount }]);
        return;
      case "deposit":
        if (net.bank.balance(net.block, a, DENOM) >= amount) net.options.deposit(net.block, [], a, DENOM, amount);
        return;
      case "open": {
        if (op.a % accounts.count === op.b % accounts.count) return;
        const series = BigInt(1 + (op.amount % 3));
        net.options.setPosition(net.block, a, series, (net.options.position(net.block, a, series)?.qty ?? 0n) + 1n, 0n);
        net.options.setPosition(net.block, b, series, (net.options.position(net.block, b, series)?.qty ?? 0n) - 1n, 0n);
        return;
      }
      case "new":
        // a record that did not exist: lands before or after the cursor
        net.bank.mint(net.block, [], account(accounts.count++), [{ denom: DENOM, amount }]);
        return;
      case "delegate":
        stake.delegate(net, net.block, a, amount);
        return;
      case "undelegate":
        stake.undelegate(net, net.block, a, amount, op.b);
        return;
      case "slash":
        // ends the validator's period and writes a slash event: two more references a pass must count
        stake.slash(net, op.b);
        return;
    }
  }

  /** A break of one record, written in the block (`seen`) or straight into the committed state, as a corrupt store. */
  function corrupt(net: ReturnType<typeof chain>, broken: Break, accounts: number) {
    const store: KVStore = broken.seen ? net.block : net.committed;
    const owner = account(broken.target % accounts);
    switch (broken.kind) {
      case "balance":
        store.set(balanceKey(owner, DENOM), Buffer.from((net.bank.balance(store, owner, DENOM) + BigInt(broken.by)).toString()));
        return;
      case "collateral":
        store.set(collateralKey(owner, DENOM), Buffer.from((net.options.collateral(store, owner, DENOM) + BigInt(broken.by)).toString()));
        return;
      case "position": {
        const qty = (net.options.position(store, owner, 1n)?.qty ?? 0n) + BigInt(broken.by);
        store.set(positionKey(owner, 1n), Buffer.from(JSON.stringify({ qty: qty.toString(), cost: "0" })));
        return;
      }
      case "delegation": {
        const delegation = net.staking.getDelegation(store, owner, OPERATOR);
        if (!delegation) return;
        store.set(delegationKey(owner, OPERATOR), Delegation.encode({ ...delegation, shares: (BigInt(delegation.shares) + BigInt(broken.by)).toString() }).finish());
        return;
      }
      case "starting-period": {
        // a delegation's rewards counted from another period than the one whose reference it holds
        const info = store.get(startingKey(owner, OPERATOR));
        if (!info) return;
        const record = DelegatorStartingInfo.decode(info);
        const period = record.previousPeriod + BigInt(broken.by);
        if (period < 0n) return;
        store.set(startingKey(owner, OPERATOR), DelegatorStartingInfo.encode({ ...record, previousPeriod: period }).finish());
        return;
      }
      case "reference-count": {
        const info = store.get(startingKey(owner, OPERATOR));
        if (!info) return;
        const period = DelegatorStartingInfo.decode(info).previousPeriod;
        const record = ValidatorHistoricalRewards.decode(store.get(historicalKey(OPERATOR, period))!);
        const count = record.referenceCount + broken.by;
        if (count < 0) return;
        store.set(historicalKey(OPERATOR, period), ValidatorHistoricalRewards.encode({ ...record, referenceCount: count }).finish());
        return;
      }
    }
  }

  /** distribution/reference-count's pass walks every distribution record */
  const DISTRIBUTION_RECORDS = Buffer.from("distribution/");
  const fullScan = (net: ReturnType<typeof chain>, state: KVReader) => net.invariants.flatMap((invariant) => invariant.full(state));
  const recordCount = (state: KVReader) => Math.max(...[BALANCE_PREFIX, COLLATERAL_PREFIX, POSITION_PREFIX, DELEGATION_PREFIX, UBD_PREFIX, DISTRIBUTION_RECORDS].map((prefix) => state.iterate(prefix).length));

  test("property: an intact state is never flagged, circuit end-blocks dropped or not; a break is found within two passes of the last drop, and only where the full scan finds one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 4, max: 40 }),
        fc.array(fc.record({ ops: honestOps, dropped: fc.nat(4).map((n) => n === 0) }), { minLength: 1, maxLength: 40 }),
        fc.option(fc.record({ at: fc.nat(), kind: fc.constantFrom<Break["kind"]>("balance", "collateral", "position", "delegation", "starting-period", "reference-count"), target: fc.nat(), by: fc.integer({ min: -3, max: 3 }).filter((x) => x !== 0), seen: fc.boolean() }), { nil: undefined }),
        (initial, keysPerBlock, blocks, broken) => {
          const net = chain({ invariant_check_period: 1_000_000, invariant_keys_per_block: keysPerBlock });
          populated(net, initial);
          const accounts = { count: initial };
          const breakAt = broken ? 1 + (broken.at % blocks.length) : undefined;
          let records = recordCount(net.committed);
          let brokenSince: number | undefined;
          let bound = 0;
          for (let height = 1; height <= Math.max(blocks.length, bound); height++) {
            if (height === breakAt) {
              corrupt(net, broken!, accounts.count);
              // a corruption that leaves every sum and record valid (a position set to what it was) breaks nothing
              if (fullScan(net, net.block).length > 0) brokenSince = height;
            }
            const block = blocks[(height - 1) % blocks.length];
            // once the state is corrupt a keeper may refuse an operation, as the tx pipeline refuses that tx
            for (const op of block.ops) net.deliver(() => apply(net, op, accounts), breakAt !== undefined && height >= breakAt);
            records = Math.max(records, recordCount(net.block));
            // two passes, each of at most floor(R / K) + 1 blocks, from the break or from the last dropped end-block
            const passes = 2 * (Math.floor(records / keysPerBlock) + 1);
            if (brokenSince === height) bound = Math.max(bound, height + passes);
            if (block.dropped && height <= blocks.length) {
              net.commitWithoutEndBlock();
              if (brokenSince !== undefined) bound = Math.max(bound, height + 1 + passes);
              continue;
            }
            const { check } = net.endBlock(height);
            if (brokenSince === undefined) {
              expect(check.violations).toEqual([]);
              continue;
            }
            if (!check.ok) {
              // honest blocks never mend a break, and the check's verdict is the full scan's on the same state
              expect(fullScan(net, net.committed)).not.toEqual([]);
              return;
            }
          }
          // broken and not found within the bound
          expect(brokenSince).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("a block whose circuit end-block was dropped", () => {
  // runHook discards the whole circuit end-block's writes when it throws (checkPrices runs first): the cursor stays
  // where it was and that block's writes to records it had passed never reach the sums.
  test("does not leave stale sums: an intact state is not flagged when the pass ends", () => {
    const keysPerBlock = 8;
    const net = chain({ invariant_check_period: 1_000_000, invariant_keys_per_block: keysPerBlock });
    populated(net, 40);
    expect(net.endBlock(1).check.ok).toBe(true);
    expect(net.endBlock(2).check.ok).toBe(true);
    // block 3: an honest deposit by an account the cursor has passed, committed without the circuit's end-block
    const cursor = net.circuit.invariantCursor(net.block, "options/collateral")!;
    const passed = net.options.everyCollateral(net.committed).find(({ owner }) => Buffer.compare(collateralKey(owner, DENOM), Buffer.from(cursor.last_key, "hex")) <= 0)!;
    net.options.deposit(net.block, [], passed.owner, DENOM, 7n);
    net.commitWithoutEndBlock();
    expect(net.invariants.flatMap((invariant) => invariant.full(net.committed))).toEqual([]);
    for (let height = 4; height <= 20; height++) expect(net.endBlock(height).check.violations).toEqual([]);
  });
});

describe("a pass cannot be held", () => {
  test("records created just ahead of the cursor every block, more than a page, do not stop the pass from ending within floor(R / K) + 1 blocks", () => {
    const keysPerBlock = 8;
    const net = chain({ invariant_check_period: 1_000_000, invariant_keys_per_block: keysPerBlock });
    populated(net, 40);
    const records = net.committed.iterate(BALANCE_PREFIX).length;
    let created = 0;
    let height = 1;
    net.endBlock(height);
    for (; net.circuit.invariantCursor(net.committed, "bank/total-supply") !== undefined && height < 100; ) {
      // 3 pages' worth of new balances between the cursor and the next account
      const last = Buffer.from(net.circuit.invariantCursor(net.committed, "bank/total-supply")!.last_key, "hex");
      const owner = Buffer.from(last.subarray(BALANCE_PREFIX.length, BALANCE_PREFIX.length + 20));
      for (let i = 0; i < 3 * keysPerBlock; i++) {
        owner.writeUInt32BE((owner.readUInt32BE(16) + 1) >>> 0, 16);
        net.bank.mint(net.block, [], Buffer.from(owner), [{ denom: DENOM, amount: 1n }]);
        created++;
      }
      height++;
      expect(net.endBlock(height).check.violations).toEqual([]);
    }
    expect(created).toBeGreaterThan(0);
    expect(height).toBeLessThanOrEqual(Math.floor(records / keysPerBlock) + 1);
  });
});

describe("migration 1 → 2 and genesis", () => {
  test("version-1 params gain invariant_keys_per_block at its default; passes start at the first record and find nothing in an intact state", () => {
    const net = chain({ invariant_check_period: 5 });
    populated(net, 700);
    const { invariant_keys_per_block: _added, ...v1 } = net.circuit.params(net.committed);
    writeJson(net.committed, PARAMS_KEY, v1);
    migrateCircuit(net.committed, net.circuit, 1);
    expect(net.circuit.params(net.committed)).toEqual({ ...v1, invariant_keys_per_block: DEFAULT_PARAMS.invariant_keys_per_block });
    expect(net.committed.iterate(INVARIANT_CURSOR_PREFIX)).toEqual([]);
    // 700 balances at 256 a block: the pass ends in the third block, and the next begins
    for (let height = 1; height <= 3; height++) {
      expect(net.endBlock(height).check.violations).toEqual([]);
      expect(net.circuit.invariantCursor(net.committed, "bank/total-supply") === undefined).toBe(height === 3);
    }
    const migrated = [...net.committed.iterate(new Uint8Array())];
    migrateCircuit(net.committed, net.circuit, 2);
    expect(net.committed.iterate(new Uint8Array())).toEqual(migrated);
    expect(circuitModule(net.circuit, net.invariants).consensusVersion).toBe(CIRCUIT_CONSENSUS_VERSION);
  });

  test("a cursor stored without a height (written before heights were kept) starts a new pass: its sums are not trusted", () => {
    const net = chain({ invariant_check_period: 1_000_000, invariant_keys_per_block: 8 });
    populated(net, 40);
    net.endBlock(1);
    const { height: _kept, ...heightless } = net.circuit.invariantCursor(net.committed, "bank/total-supply")!;
    writeJson(net.committed, invariantCursorKey("bank/total-supply"), { ...heightless, sums: { [DENOM]: "1" } });
    for (let height = 2; height <= 12; height++) expect(net.endBlock(height).check.violations).toEqual([]);
  });

  test("genesis leaves the cursors out: an import, of a genesis edited or not, starts every pass afresh and flags nothing", () => {
    const net = chain({ invariant_check_period: 1_000, invariant_keys_per_block: 100 });
    populated(net, 500);
    net.endBlock(1);
    expect(net.circuit.invariantCursor(net.committed, "bank/total-supply")).toMatchObject({ sums: { [DENOM]: "90000" } }); // 100 balances of 1,000 less the 100 deposited
    const exported = JSON.parse(JSON.stringify(circuitModule(net.circuit, net.invariants).exportGenesis(net.committed))) as Record<string, unknown>;
    expect(JSON.stringify(exported)).not.toMatch(/cursor|sums/);

    // the other modules' state as exported, edited before import: a balance moved below the old cursor
    const imported = chain({});
    populated(imported, 500);
    imported.bank.send(imported.committed, [], account(0), account(499), [{ denom: DENOM, amount: 300n }]);
    const ctx: Context = { store: imported.committed, chainId: "t", height: 0n, timeNs: 0n, mode: "block", gas: infiniteGasMeter(), events: [] };
    circuitModule(imported.circuit, imported.invariants).initGenesis(ctx, exported);
    expect(imported.committed.iterate(INVARIANT_CURSOR_PREFIX)).toEqual([]);
    for (let height = 1; height <= 12; height++) expect(imported.endBlock(height).check.violations).toEqual([]);
  });
});
