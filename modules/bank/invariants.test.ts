// Bank's invariants over random histories: whatever accounts, denoms and amounts, mints, sends and burns keep
// Σ balances = supply per denom, and both the full and the incremental check agree with it. A balance written
// around the keeper is caught, so the checks are not vacuous.
import fc from "fast-check";
import { ADDRESS_BYTES } from "../../app/address";
import { Branch } from "../../app/store/branch";
import { startsWith } from "../../app/store/bytes";
import type { KVReader } from "../../app/store/types";
import { ensureAccount } from "../auth/keeper";
import { bankInvariants } from "./invariants";
import { BankKeeper } from "./keeper";
import { BALANCE_PREFIX, SUPPLY_PREFIX, balanceKey } from "./keys";

const EMPTY: KVReader = { get: () => undefined, has: () => false, iterate: () => [] };
const DENOMS = ["uopt", "uusdc", "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"];

type Op =
  | { kind: "mint"; to: number; denom: string; amount: bigint }
  | { kind: "send"; from: number; to: number; denom: string; amount: bigint }
  | { kind: "burn"; from: number; denom: string; amount: bigint };

const amount = fc.bigInt({ min: 1n, max: 10n ** 30n });
const op = (accounts: number): fc.Arbitrary<Op> => {
  const who = fc.nat({ max: accounts - 1 });
  const denom = fc.constantFrom(...DENOMS);
  return fc.oneof(
    fc.record({ kind: fc.constant("mint" as const), to: who, denom, amount }),
    fc.record({ kind: fc.constant("send" as const), from: who, to: who, denom, amount }),
    fc.record({ kind: fc.constant("burn" as const), from: who, denom, amount }),
  );
};

/** Random 20-byte accounts, some sharing long prefixes, so key boundaries between them are exercised. */
const history = fc
  .uniqueArray(fc.uint8Array({ minLength: ADDRESS_BYTES, maxLength: ADDRESS_BYTES }), { minLength: 1, maxLength: 8, selector: (b) => Buffer.from(b).toString("hex") })
  .chain((accounts) => fc.record({ accounts: fc.constant(accounts), ops: fc.array(op(accounts.length), { maxLength: 40 }) }));

/** Applies what the keeper accepts; an overdraft is refused by the keeper and must leave the branch as it was. */
function play(keeper: BankKeeper, store: Branch, accounts: Uint8Array[], ops: Op[]): void {
  for (const step of ops) {
    const attempt = new Branch(store);
    try {
      if (step.kind === "mint") keeper.mint(attempt, [], accounts[step.to], [{ denom: step.denom, amount: step.amount }]);
      else if (step.kind === "send") keeper.send(attempt, [], accounts[step.from], accounts[step.to], [{ denom: step.denom, amount: step.amount }]);
      else keeper.burn(attempt, [], accounts[step.from], [{ denom: step.denom, amount: step.amount }]);
    } catch {
      continue;
    }
    attempt.write();
  }
}

/** The block's writes under bank's prefixes, as the circuit module hands them to an incremental check. */
function writesOf(genesis: KVReader, block: Branch) {
  return block
    .changes()
    .filter(([key]) => startsWith(key, BALANCE_PREFIX) || startsWith(key, SUPPLY_PREFIX))
    .map(([key, after]) => ({ key, before: genesis.get(key), after }));
}

describe("bank invariants over random histories", () => {
  const keeper = new BankKeeper({ ensureAccount });
  const invariants = bankInvariants(keeper);

  test("Σ balances = supply per denom, and every check agrees", () => {
    fc.assert(
      fc.property(history, ({ accounts, ops }) => {
        const store = new Branch(EMPTY);
        play(keeper, store, accounts, ops);
        for (const { denom, amount: supply } of keeper.totalSupply(store)) {
          const sum = accounts.reduce((total, account) => total + keeper.balance(store, account, denom), 0n);
          expect(sum).toBe(supply);
        }
        for (const { address } of keeper.everyBalance(store)) expect(accounts.some((a) => Buffer.from(a).equals(Buffer.from(address)))).toBe(true);
        for (const invariant of invariants) {
          expect(invariant.full(store)).toEqual([]);
          expect(invariant.incremental.check(store, writesOf(EMPTY, store))).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("balance keys carry 20-byte addresses only: a longer one cannot be keyed, so no key is read at the wrong boundary", () => {
    const store = new Branch(EMPTY);
    expect(() => keeper.mint(store, [], Buffer.alloc(32, 1), [{ denom: "uusdc", amount: 1n }])).toThrow("a 32-byte address cannot be part of a store key");
    expect(() => keeper.balance(store, Buffer.alloc(32, 1), "uusdc")).toThrow("a 32-byte address cannot be part of a store key");
    expect(store.changes()).toEqual([]);
  });

  test("a balance written around the keeper breaks total-supply in both checks", () => {
    fc.assert(
      fc.property(history, fc.nat(), fc.constantFrom(...DENOMS), amount, ({ accounts, ops }, pick, denom, extra) => {
        const genesis = new Branch(EMPTY);
        play(keeper, genesis, accounts, ops);
        const block = new Branch(genesis);
        const victim = accounts[pick % accounts.length];
        block.set(balanceKey(victim, denom), Buffer.from((keeper.balance(genesis, victim, denom) + extra).toString()));
        const [totalSupply] = invariants;
        expect(totalSupply.full(block).join("\n")).toContain(`${denom}: supply`);
        const incremental = totalSupply.incremental.check(block, writesOf(genesis, block));
        expect(incremental).toEqual([`${denom}: this block changed balances by ${extra} but supply by 0`]);
      }),
      { numRuns: 100 },
    );
  });
});
