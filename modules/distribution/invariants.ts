// Distribution's invariants, run by the circuit module like bank's: the books it keeps must match the coins
// its account holds, and every historical period must be referenced exactly as often as its count says.
import { toAccAddress, toValoper } from "../../app/address";
import type { KVReader } from "../../app/store/types";
import * as dec from "./deccoins";
import type { DecCoin } from "./deccoins";
import type { DistributionBank } from "./expected";
import { DISTRIBUTION_MODULE_ADDRESS, type DistributionKeeper } from "./keeper";

/** The module account holds the whole coins of the community pool plus every validator's outstanding rewards. */
export function holdingsViolations(keeper: DistributionKeeper, bank: Pick<DistributionBank, "allBalances">, state: KVReader): string[] {
  let owed: DecCoin[] = keeper.communityPool(state);
  for (const { rewards } of keeper.everyOutstanding(state)) owed = dec.add(owed, rewards);
  const expected = dec.truncate(owed).coins;
  const held = bank.allBalances(state, DISTRIBUTION_MODULE_ADDRESS).filter((c) => c.amount > 0n);
  const denoms = [...new Set([...expected.map((c) => c.denom), ...held.map((c) => c.denom)])].sort();
  const violations: string[] = [];
  for (const denom of denoms) {
    const want = expected.find((c) => c.denom === denom)?.amount ?? 0n;
    const have = held.find((c) => c.denom === denom)?.amount ?? 0n;
    if (want !== have) violations.push(`${toAccAddress(DISTRIBUTION_MODULE_ADDRESS)} holds ${have}${denom} but the community pool and outstanding rewards come to ${want}${denom}`);
  }
  return violations;
}

/** Each historical period is held by the open period (the one before it), its delegations and its slashes. */
export function referenceCountViolations(keeper: DistributionKeeper, state: KVReader): string[] {
  const expected = new Map<string, number>();
  const bump = (operator: Uint8Array, period: bigint) => {
    const id = `${toValoper(operator)}/${period}`;
    expected.set(id, (expected.get(id) ?? 0) + 1);
  };
  for (const operator of keeper.validatorsWithRecords(state)) bump(operator, keeper.current(state, operator)!.period - 1n);
  for (const { operator, info } of keeper.startingInfos(state)) bump(operator, info.previousPeriod);
  for (const { operator, event } of keeper.allSlashEvents(state)) bump(operator, event.period);
  const violations: string[] = [];
  for (const { operator, period, record } of keeper.historicals(state)) {
    const id = `${toValoper(operator)}/${period}`;
    const want = expected.get(id) ?? 0;
    expected.delete(id);
    if (want !== record.referenceCount) violations.push(`historical rewards ${id}: reference count ${record.referenceCount}, referenced ${want} times`);
  }
  for (const id of [...expected.keys()].sort()) violations.push(`historical rewards ${id} are referenced but missing`);
  return violations;
}

export function distributionInvariants(keeper: DistributionKeeper, bank: Pick<DistributionBank, "allBalances">) {
  return [
    { name: "distribution/module-account", full: (state: KVReader) => holdingsViolations(keeper, bank, state) },
    { name: "distribution/reference-count", full: (state: KVReader) => referenceCountViolations(keeper, state) },
  ];
}
