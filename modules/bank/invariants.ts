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

export function bankInvariants(keeper: BankKeeper): BankInvariant[] {
  return [
    {
      name: "bank/total-supply",
      /** Per denom, the recorded supply equals the sum of every balance. */
      full(state) {
        const sums = new Map<string, bigint>();
        const violations: string[] = [];
        for (const [storeKey, value] of state.iterate(BALANCE_PREFIX)) {
          const amount = amountOf(value);
          const { denom, owner } = describe(storeKey);
          if (typeof amount === "string") violations.push(`balance of ${owner} in ${denom}: ${amount}`);
          else sums.set(denom, (sums.get(denom) ?? 0n) + amount);
        }
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
      },
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
        for (const { denom, amount } of keeper.totalSupply(state)) {
          if (amount < 0n) violations.push(`supply of ${denom} is ${amount}`);
        }
        return violations;
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
