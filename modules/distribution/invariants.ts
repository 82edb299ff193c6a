// Distribution's invariants, run by the circuit module like bank's: the books it keeps must match the coins
// its account holds, and every historical period must be referenced exactly as often as its count says.
import { DelegatorStartingInfo, ValidatorCurrentRewards, ValidatorHistoricalRewards, ValidatorSlashEvent } from "cosmjs-types/cosmos/distribution/v1beta1/distribution";
import { sha256, toAccAddress, toValoper } from "../../app/address";
import { u64 } from "../../app/keys";
import type { KVReader } from "../../app/store/types";
import * as dec from "./deccoins";
import type { DecCoin } from "./deccoins";
import type { DistributionBank } from "./expected";
import { DISTRIBUTION_MODULE_ADDRESS, type DistributionKeeper } from "./keeper";
import { RECORDS_PREFIX, parseReferenceRecordKey } from "./keys";

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

const REFERENCES = "references/";
const WEIGHTED = "weighted/";

/**
 * A period's weight in the per-validator fingerprint: counts alone would accept a reference moved to another
 * period, and weights drawn from a hash make any such move show, except with a chance of about 2^-64.
 */
const periodWeight = (period: bigint) => sha256(u64(period)).readBigUInt64BE(0);

/**
 * The reference-count check split for the circuit's pages: starting infos and historical periods both grow with
 * delegations, so they cannot be read whole in a block. Each reference (the open period's to the one before it,
 * a delegation's starting info, a slash event) adds one and its period's weight under its validator; each
 * historical period takes off its reference count, and that many weights. Every sum is zero at a pass's end
 * exactly when the full check finds nothing (up to the weights' collisions), with two sums per validator kept
 * between blocks, whatever the delegators.
 */
function referenceTally(storeKey: Uint8Array, value: Uint8Array): { sums: Array<[string, bigint]>; violations: string[] } {
  const referenced = (operator: Uint8Array, period: bigint, times: bigint): Array<[string, bigint]> => {
    const valoper = toValoper(operator);
    return [
      [REFERENCES + valoper, times],
      [WEIGHTED + valoper, times * periodWeight(period)],
    ];
  };
  try {
    const parsed = parseReferenceRecordKey(storeKey);
    switch (parsed?.kind) {
      case "current": {
        const period = ValidatorCurrentRewards.decode(value).period;
        if (period < 1n) return { sums: [], violations: [`current rewards of ${toValoper(parsed.operator)}: period ${period}, below 1`] };
        return { sums: referenced(parsed.operator, period - 1n, 1n), violations: [] };
      }
      case "historical":
        return { sums: referenced(parsed.operator, parsed.period, -BigInt(ValidatorHistoricalRewards.decode(value).referenceCount)), violations: [] };
      case "starting":
        return { sums: referenced(parsed.operator, DelegatorStartingInfo.decode(value).previousPeriod, 1n), violations: [] };
      case "slash":
        return { sums: referenced(parsed.operator, ValidatorSlashEvent.decode(value).validatorPeriod, 1n), violations: [] };
    }
  } catch (err) {
    return { sums: [], violations: [`distribution record ${Buffer.from(storeKey).toString("hex")} is unreadable: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return { sums: [], violations: [] };
}

function referenceCompare(_state: KVReader, sums: ReadonlyMap<string, bigint>): string[] {
  const violations: string[] = [];
  for (const [name, difference] of [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (difference === 0n) continue;
    if (name.startsWith(REFERENCES)) {
      const operator = name.slice(REFERENCES.length);
      violations.push(difference > 0n ? `${operator}: ${difference} references to historical periods that do not count them` : `${operator}: historical periods count ${-difference} references that do not exist`);
    } else if (name.startsWith(WEIGHTED) && (sums.get(REFERENCES + name.slice(WEIGHTED.length)) ?? 0n) === 0n) {
      violations.push(`${name.slice(WEIGHTED.length)}: historical periods' reference counts sit on other periods than the references`);
    }
  }
  return violations;
}

export function distributionInvariants(keeper: DistributionKeeper, bank: Pick<DistributionBank, "allBalances">) {
  return [
    { name: "distribution/module-account", full: (state: KVReader) => holdingsViolations(keeper, bank, state) },
    // `full` names each period that is off, for genesis and an operator's check; blocks walk the pages
    { name: "distribution/reference-count", full: (state: KVReader) => referenceCountViolations(keeper, state), paged: { prefix: RECORDS_PREFIX, tally: referenceTally, compare: referenceCompare } },
  ];
}
