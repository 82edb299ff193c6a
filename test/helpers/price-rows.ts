// A PriceRow (modules/oracle/codec.ts) read back as a list of bigints, for tests that compare decoded prices with
// what the code before it gave.
import type { PriceRow } from "../../modules/oracle/codec";

/** Every position's price (undefined: none), exactly. */
export function rowPrices(row: PriceRow): Array<bigint | undefined> {
  return Array.from(row.high, (high, at) => (high < 0 ? undefined : high === Infinity ? row.wide?.[at] : (BigInt(high) << 48n) + BigInt(row.low[at])));
}
