// Staking's own invariants (the SDK's x/staking ModuleAccountInvariants and DelegatorSharesInvariant), run by
// the circuit module: staking knows its records, the circuit module when to check. Delegations and unbonding
// entries grow with delegators, so both are checked a page per block (the circuit's PagedInvariant): each record
// adds to named sums, compared with the validators and pools once a pass has summed every record.
import { BondStatus, Delegation, UnbondingDelegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { toAccAddress, toValoper } from "../../app/address";
import type { KVReader } from "../../app/store/types";
import type { BalanceReader } from "./expected";
import { BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, type StakingKeeper } from "./keeper";
import { DELEGATION_PREFIX, UBD_PREFIX, VALIDATOR_PREFIX, addressesAfter } from "./keys";

type Tally = { sums: Array<[string, bigint]>; violations: string[] };

export interface StakingInvariant {
  readonly name: string;
  full(state: KVReader): string[];
  readonly paged: {
    readonly prefix: Uint8Array;
    tally(key: Uint8Array, value: Uint8Array): Tally;
    compare(state: KVReader, sums: ReadonlyMap<string, bigint>): string[];
  };
}

const SHARES = "shares/";
const COUNT = "count/";
const UNBONDING = "unbonding";

/** The tuple a key names (delegator, operator), read from the key's bytes rather than the record's strings. */
const keyAddresses = (storeKey: Uint8Array, prefix: Uint8Array) => addressesAfter(storeKey, prefix.length);

/** One delegation: its shares and a count under its validator (from the key), or what is wrong with it. */
function delegationTally(storeKey: Uint8Array, value: Uint8Array): Tally {
  const [delegator, operator] = keyAddresses(storeKey, DELEGATION_PREFIX);
  const owner = `delegation of ${toAccAddress(delegator)} to ${toValoper(operator)}`;
  let shares: bigint;
  try {
    shares = BigInt(Delegation.decode(value).shares);
  } catch (err) {
    return { sums: [[COUNT + toValoper(operator), 1n]], violations: [`${owner} is unreadable: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return { sums: [[SHARES + toValoper(operator), shares], [COUNT + toValoper(operator), 1n]], violations: shares <= 0n ? [`${owner} has ${shares} shares`] : [] };
}

/**
 * Per validator, the delegations' shares add up to its delegator_shares; tokens are never negative and there are
 * none without shares; no delegation names a validator that does not exist. With every delegation's shares
 * positive and summing to delegator_shares, what the shares are worth, each rounded down, is within one token
 * per delegation of the tokens, so that needs no check of its own.
 */
function sharesCompare(state: KVReader, sums: ReadonlyMap<string, bigint>): string[] {
  const violations: string[] = [];
  const known = new Set<string>();
  for (const [storeKey, value] of state.iterate(VALIDATOR_PREFIX)) {
    const operator = toValoper(keyAddresses(storeKey, VALIDATOR_PREFIX)[0]);
    known.add(operator);
    const validator = Validator.decode(value);
    const total = BigInt(validator.delegatorShares);
    const tokens = BigInt(validator.tokens);
    const sum = sums.get(SHARES + operator) ?? 0n;
    if (sum !== total) violations.push(`${operator}: delegations hold ${sum} shares but the validator issued ${total}`);
    if (tokens < 0n) violations.push(`${operator}: negative tokens ${tokens}`);
    if (total === 0n && tokens !== 0n) violations.push(`${operator}: ${tokens} tokens but no shares`);
  }
  const orphans = [...sums].filter(([name, count]) => name.startsWith(COUNT) && count !== 0n && !known.has(name.slice(COUNT.length)));
  for (const [name] of orphans.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) violations.push(`delegations to unknown validator ${name.slice(COUNT.length)}`);
  return violations;
}

/** One unbonding delegation: the balance its entries still hold. */
function unbondingTally(storeKey: Uint8Array, value: Uint8Array): Tally {
  try {
    return { sums: [[UNBONDING, UnbondingDelegation.decode(value).entries.reduce((sum, entry) => sum + BigInt(entry.balance), 0n)]], violations: [] };
  } catch (err) {
    const [delegator, operator] = keyAddresses(storeKey, UBD_PREFIX);
    return { sums: [], violations: [`unbonding delegation of ${toAccAddress(delegator)} from ${toValoper(operator)} is unreadable: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

/** The bonded pool holds the bonded validators' tokens; the not-bonded pool the others' and every unbonding entry. */
function poolsCompare(keeper: StakingKeeper, bank: BalanceReader, state: KVReader, sums: ReadonlyMap<string, bigint>): string[] {
  let bonded = 0n;
  let notBonded = sums.get(UNBONDING) ?? 0n;
  for (const [, value] of state.iterate(VALIDATOR_PREFIX)) {
    const validator = Validator.decode(value);
    if (validator.status === BondStatus.BOND_STATUS_BONDED) bonded += BigInt(validator.tokens);
    else notBonded += BigInt(validator.tokens);
  }
  const denom = keeper.params(state).bond_denom;
  const bondedPool = bank.balance(state, BONDED_POOL_ADDRESS, denom);
  const notBondedPool = bank.balance(state, NOT_BONDED_POOL_ADDRESS, denom);
  return [
    ...(bondedPool !== bonded ? [`bonded pool holds ${bondedPool}${denom} but bonded validators have ${bonded}`] : []),
    ...(notBondedPool !== notBonded ? [`not-bonded pool holds ${notBondedPool}${denom} but unbonded validators and unbonding entries have ${notBonded}`] : []),
  ];
}

/** The whole check at once (genesis, tests): every record of the prefix tallied, then compared. */
function fullCheck(state: KVReader, paged: StakingInvariant["paged"]): string[] {
  const sums = new Map<string, bigint>();
  const violations: string[] = [];
  for (const [storeKey, value] of state.iterate(paged.prefix)) {
    const tally = paged.tally(storeKey, value);
    violations.push(...tally.violations);
    for (const [name, amount] of tally.sums) sums.set(name, (sums.get(name) ?? 0n) + amount);
  }
  return [...violations, ...paged.compare(state, sums)];
}

export function stakingInvariants(keeper: StakingKeeper, bank: BalanceReader): StakingInvariant[] {
  const pools = { prefix: UBD_PREFIX, tally: unbondingTally, compare: (state: KVReader, sums: ReadonlyMap<string, bigint>) => poolsCompare(keeper, bank, state, sums) };
  const shares = { prefix: DELEGATION_PREFIX, tally: delegationTally, compare: sharesCompare };
  return [
    { name: "staking/pools", full: (state) => fullCheck(state, pools), paged: pools },
    { name: "staking/delegator-shares", full: (state) => fullCheck(state, shares), paged: shares },
  ];
}
