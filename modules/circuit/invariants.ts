// The options module's invariants, expressed over what its keeper exposes (OptionsBook). Bank's own are in
// modules/bank/invariants.ts; app.ts hands both lists to the circuit module.
import type { Invariant, OptionsBook } from "./expected";

/** Every long contract has a short one: per series, the positions' quantities sum to zero. */
export function openInterestViolations(positions: ReadonlyArray<{ seriesId: bigint; qty: bigint }>): string[] {
  const net = new Map<bigint, { long: bigint; short: bigint }>();
  for (const { seriesId, qty } of positions) {
    const entry = net.get(seriesId) ?? { long: 0n, short: 0n };
    if (qty > 0n) entry.long += qty;
    else entry.short -= qty;
    net.set(seriesId, entry);
  }
  return [...net.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, { long, short }]) => long !== short)
    .map(([seriesId, { long, short }]) => `series ${seriesId}: open long ${long} but open short ${short}`);
}

export function optionsInvariants(book: OptionsBook): Invariant[] {
  return [
    { name: "options/collateral", full: (state) => book.invariantViolations(state) },
    { name: "options/open-interest", full: (state) => openInterestViolations(book.everyPosition(state)) },
  ];
}
