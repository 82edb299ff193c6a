// Bank's own invariants, run by the circuit module at the end of blocks (SDK crisis style): bank knows its
// key layout, the circuit module knows when to check and what to do about a breach.
import { ADDRESS_BYTES, toAccAddress } from "../../app/address";
import { utf8 } from "../../app/keys";
import { startsWith } from "../../app/store/bytes";
import type { KVReader } from "../../app/store/types";
import type { BankKeeper } from "./keeper";
import { BALANCE_PREFIX, SUPPLY_PREFIX } from "./keys";

const AMOUNT = /^(0|-?[1-9][0-9]*)$/;

interface Write {
  key: Uint8Array;
  before: Uint8Array | undefined;
  after: Uint8Array | undefined;
}

export interface BankInvariant {
  readonly name: string;
  full(state: KVReader): string[];
  readonly incremental: { readonly prefixes: readonly Uint8Array[]; check(state: KVReader, writes: readonly Write[]): string[] };
  /** Balances grow with accounts: the circuit walks them a page per block (its PagedInvariant). */
  readonly paged: {
    readonly prefix: Uint8Array;
    tally(key: Uint8Array, value: Uint8Array): { sums: Array<[string, bigint]>; violations: string[] };
    compare(state: KVReader, sums: ReadonlyMap<string, bigint>): string[];
  };
}

/** A stored amount; anything that is not an integer is reported rather than thrown. */
function amountOf(bytes: Uint8Array | undefined): bigint | string {
  if (bytes === undefined) return 0n;
  const text = utf8(bytes);
  return AMOUNT.test(text) ? BigInt(text) : `malformed amount ${JSON.stringify(text)}`;
}

function describe(storeKey: Uint8Array): { denom: string; owner: string } {
  if (startsWith(storeKey, SUPPLY_PREFIX)) return { denom: utf8(storeKey.subarray(SUPPLY_PREFIX.length)), owner: "supply" };
  const address = storeKey.subarray(BALANCE_PREFIX.length, BALANCE_PREFIX.length + ADDRESS_BYTES);
  return { denom: utf8(storeKey.subarray(BALANCE_PREFIX.length + ADDRESS_BYTES)), owner: toAccAddress(address) };
}

/** A balance's amount under its denom, or why it has none. */
function balanceTally(storeKey: Uint8Array, value: Uint8Array): { sums: Array<[string, bigint]>; violations: string[] } {
  const amount = amountOf(value);
  const { denom, owner } = describe(storeKey);
  return typeof amount === "string" ? { sums: [], violations: [`balance of ${owner} in ${denom}: ${amount}`] } : { sums: [[denom, amount]], violations: [] };
}

/** Per denom, the recorded supply equals `sums`, the sum of every balance. */
function supplyViolations(state: KVReader, sums: ReadonlyMap<string, bigint>): string[] {
  const violations: string[] = [];
  const supplies = new Map<string, bigint>();
  for (const [storeKey, value] of state.iterate(SUPPLY_PREFIX)) {
    const amount = amountOf(value);
    const { denom } = describe(storeKey);
    if (typeof amount === "string") violations.push(`supply of ${denom}: ${amount}`);
    else supplies.set(denom, amount);
  }
  for (const denom of [...new Set([...sums.keys(), ...supplies.keys()])].sort()) {
    const supply = supplies.get(denom) ?? 0n;
    const sum = sums.get(denom) ?? 0n;
    if (supply !== sum) violations.push(`${denom}: supply ${supply} but balances sum to ${sum}`);
  }
  return violations;
}

function negativeSupplies(keeper: BankKeeper, state: KVReader): string[] {
  return keeper
    .totalSupply(state)
    .filter(({ amount }) => amount < 0n)
    .map(({ denom, amount }) => `supply of ${denom} is ${amount}`);
}

export function bankInvariants(keeper: BankKeeper): BankInvariant[] {
  return [
    {
      name: "bank/total-supply",
      full(state) {
        const sums = new Map<string, bigint>();
        const violations: string[] = [];
        for (const [storeKey, value] of state.iterate(BALANCE_PREFIX)) {
          const tally = balanceTally(storeKey, value);
          violations.push(...tally.violations);
          for (const [denom, amount] of tally.sums) sums.set(denom, (sums.get(denom) ?? 0n) + amount);
        }
        return [...violations, ...supplyViolations(state, sums)];
      },
      paged: { prefix: BALANCE_PREFIX, tally: balanceTally, compare: supplyViolations },
      incremental: {
        prefixes: [BALANCE_PREFIX, SUPPLY_PREFIX],
        /** Per denom, what the block changed in balances equals what it changed in supply. */
        check(_state, writes) {
          const balanceDelta = new Map<string, bigint>();
          const supplyDelta = new Map<string, bigint>();
          const violations: string[] = [];
          for (const write of writes) {
            const before = amountOf(write.before);
            const after = amountOf(write.after);
            const { denom, owner } = describe(write.key);
            if (typeof before === "string" || typeof after === "string") {
              violations.push(`${owner} in ${denom}: ${typeof after === "string" ? after : before}`);
              continue;
            }
            const deltas = owner === "supply" ? supplyDelta : balanceDelta;
            deltas.set(denom, (deltas.get(denom) ?? 0n) + after - before);
          }
          for (const denom of [...new Set([...balanceDelta.keys(), ...supplyDelta.keys()])].sort()) {
            const balances = balanceDelta.get(denom) ?? 0n;
            const supply = supplyDelta.get(denom) ?? 0n;
            if (balances !== supply) violations.push(`${denom}: this block changed balances by ${balances} but supply by ${supply}`);
          }
          return violations;
        },
      },
    },
    {
      name: "bank/nonnegative",
      /** Every stored balance is positive (zero balances are deleted) and no supply is negative. */
      full(state) {
        const violations: string[] = [];
        for (const { address, denom, amount } of keeper.everyBalance(state)) {
          if (amount <= 0n) violations.push(`balance of ${toAccAddress(address)} is ${amount}${denom}`);
        }
        return [...violations, ...negativeSupplies(keeper, state)];
      },
      paged: {
        prefix: BALANCE_PREFIX,
        tally(storeKey, value) {
          const amount = amountOf(value);
          const { denom, owner } = describe(storeKey);
          // a malformed amount is total-supply's to report
          return { sums: [], violations: typeof amount !== "string" && amount <= 0n ? [`balance of ${owner} is ${amount}${denom}`] : [] };
        },
        compare: (state) => negativeSupplies(keeper, state),
      },
      incremental: {
        prefixes: [BALANCE_PREFIX, SUPPLY_PREFIX],
        check(_state, writes) {
          const violations: string[] = [];
          for (const write of writes) {
            if (write.after === undefined) continue;
            const amount = amountOf(write.after);
            const { denom, owner } = describe(write.key);
            if (typeof amount === "string") violations.push(`${owner} in ${denom}: ${amount}`);
            else if (amount < 0n || (amount === 0n && owner !== "supply")) violations.push(`${owner === "supply" ? "supply" : `balance of ${owner}`} is ${amount}${denom}`);
          }
          return violations;
        },
      },
    },
  ];
}
