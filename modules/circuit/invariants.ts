// The options module's invariants, expressed over what its keeper exposes (OptionsBook). Bank's own are in
// modules/bank/invariants.ts; app.ts hands both lists to the circuit module.
import type { Invariant, OptionsBook } from "./expected";

/**
 * Every long contract has a short one: per series, the positions' quantities sum to zero. And the open interest
 * the module records (queries and metrics read it instead of summing positions) is the open long.
 */
export function openInterestViolations(
  positions: ReadonlyArray<{ seriesId: bigint; qty: bigint }>,
  recorded?: ReadonlyArray<{ seriesId: bigint; contracts: bigint }>,
): string[] {
  const net = new Map<bigint, { long: bigint; short: bigint; recorded: bigint }>();
  const entryOf = (seriesId: bigint) => net.get(seriesId) ?? { long: 0n, short: 0n, recorded: 0n };
  for (const { seriesId, qty } of positions) {
    const entry = entryOf(seriesId);
    if (qty > 0n) entry.long += qty;
    else entry.short -= qty;
    net.set(seriesId, entry);
  }
  for (const { seriesId, contracts } of recorded ?? []) net.set(seriesId, { ...entryOf(seriesId), recorded: contracts });
  return [...net.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([seriesId, { long, short, recorded: kept }]) => [
      ...(long !== short ? [`series ${seriesId}: open long ${long} but open short ${short}`] : []),
      ...(recorded !== undefined && kept !== long ? [`series ${seriesId}: recorded open interest ${kept} but open long ${long}`] : []),
    ]);
}

/** A record that does not parse is reported rather than thrown, so the pass goes on past it. */
function tallied<T>(describe: string, read: () => T, sums: (record: T) => Array<[string, bigint]>) {
  try {
    return { sums: sums(read()), violations: [] };
  } catch (err) {
    return { sums: [], violations: [`${describe}: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

const LONG = "long/";
const SHORT = "short/";

export function optionsInvariants(book: OptionsBook): Invariant[] {
  return [
    {
      name: "options/collateral",
      full: (state) => book.invariantViolations(state),
      paged: {
        prefix: book.collateralPrefix,
        tally: (storeKey, value) => tallied("malformed margin account", () => book.collateralRecord(storeKey, value), ({ denom, amount }) => [[denom, amount]]),
        compare: (state, sums) => book.collateralViolations(state, sums),
      },
    },
    {
      name: "options/open-interest",
      full: (state) => openInterestViolations(book.everyPosition(state), book.openInterests(state)),
      paged: {
        prefix: book.positionPrefix,
        tally: (storeKey, value) => tallied("malformed position", () => book.positionRecord(storeKey, value), ({ seriesId, qty }) => [qty > 0n ? [LONG + seriesId, qty] : [SHORT + seriesId, -qty]]),
        // the sums as one long and one short position per series: openInterestViolations nets them the same way
        compare: (state, sums) =>
          openInterestViolations(
            [...sums].map(([name, qty]) => (name.startsWith(LONG) ? { seriesId: BigInt(name.slice(LONG.length)), qty } : { seriesId: BigInt(name.slice(SHORT.length)), qty: -qty })),
            book.openInterests(state),
          ),
      },
    },
  ];
}
