// Staking's own invariants (the SDK's x/staking ModuleAccountInvariants and DelegatorSharesInvariant), run by
// the circuit module's full checks: staking knows its records, the circuit module when to check.
import { BondStatus, Delegation, UnbondingDelegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { KVReader } from "../../app/store/types";
import type { BalanceReader } from "./expected";
import { BONDED_POOL_ADDRESS, NOT_BONDED_POOL_ADDRESS, type StakingKeeper } from "./keeper";
import { DELEGATION_PREFIX, UBD_PREFIX, VALIDATOR_PREFIX } from "./keys";

export interface StakingInvariant {
  readonly name: string;
  full(state: KVReader): string[];
}

/**
 * Per validator: the delegations' shares add up to its delegator_shares, and its tokens cover what those
 * shares are worth, each rounded down, with less than one token per delegation left over.
 */
export function sharesViolations(state: KVReader): string[] {
  const byValidator = new Map<string, bigint[]>();
  const violations: string[] = [];
  for (const [, value] of state.iterate(DELEGATION_PREFIX)) {
    const delegation = Delegation.decode(value);
    const shares = BigInt(delegation.shares);
    if (shares <= 0n) violations.push(`delegation of ${delegation.delegatorAddress} to ${delegation.validatorAddress} has ${shares} shares`);
    const list = byValidator.get(delegation.validatorAddress) ?? [];
    list.push(shares);
    byValidator.set(delegation.validatorAddress, list);
  }
  for (const [, value] of state.iterate(VALIDATOR_PREFIX)) {
    const validator = Validator.decode(value);
    const list = byValidator.get(validator.operatorAddress) ?? [];
    byValidator.delete(validator.operatorAddress);
    const total = BigInt(validator.delegatorShares);
    const tokens = BigInt(validator.tokens);
    const sum = list.reduce((a, b) => a + b, 0n);
    if (sum !== total) violations.push(`${validator.operatorAddress}: delegations hold ${sum} shares but the validator issued ${total}`);
    if (tokens < 0n) violations.push(`${validator.operatorAddress}: negative tokens ${tokens}`);
    if (total === 0n) {
      if (tokens !== 0n) violations.push(`${validator.operatorAddress}: ${tokens} tokens but no shares`);
      continue;
    }
    const worth = list.reduce((a, shares) => a + (shares * tokens) / total, 0n);
    if (worth > tokens || tokens - worth > BigInt(list.length)) {
      violations.push(`${validator.operatorAddress}: shares are worth ${worth} but the validator holds ${tokens}`);
    }
  }
  for (const [operator] of [...byValidator.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) violations.push(`delegations to unknown validator ${operator}`);
  return violations;
}

/** The bonded pool holds the bonded validators' tokens; the not-bonded pool the others' and every unbonding entry. */
export function poolViolations(keeper: StakingKeeper, bank: BalanceReader, state: KVReader): string[] {
  let bonded = 0n;
  let notBonded = 0n;
  for (const [, value] of state.iterate(VALIDATOR_PREFIX)) {
    const validator = Validator.decode(value);
    if (validator.status === BondStatus.BOND_STATUS_BONDED) bonded += BigInt(validator.tokens);
    else notBonded += BigInt(validator.tokens);
  }
  for (const [, value] of state.iterate(UBD_PREFIX)) {
    for (const entry of UnbondingDelegation.decode(value).entries) notBonded += BigInt(entry.balance);
  }
  const denom = keeper.params(state).bond_denom;
  const bondedPool = bank.balance(state, BONDED_POOL_ADDRESS, denom);
  const notBondedPool = bank.balance(state, NOT_BONDED_POOL_ADDRESS, denom);
  return [
    ...(bondedPool !== bonded ? [`bonded pool holds ${bondedPool}${denom} but bonded validators have ${bonded}`] : []),
    ...(notBondedPool !== notBonded ? [`not-bonded pool holds ${notBondedPool}${denom} but unbonded validators and unbonding entries have ${notBonded}`] : []),
  ];
}

export function stakingInvariants(keeper: StakingKeeper, bank: BalanceReader): StakingInvariant[] {
  return [
    { name: "staking/pools", full: (state) => poolViolations(keeper, bank, state) },
    { name: "staking/delegator-shares", full: (state) => sharesViolations(state) },
  ];
}
