// The asset keys with their names' length-prefixed bytes kept between calls: the same bytes as built afresh,
// however often a name repeats, and a name too long for a key is refused every time.
import fc from "fast-check";
import { key, lengthPrefixed, u64 } from "../../app/keys";
import { HISTORY_COUNT_PREFIX, HISTORY_PREFIX, PRICE_PREFIX, TALLY_PREFIX, historyCountKey, historyKey, historyPrefix, priceKey, tallyKey } from "./keys";

const fresh = (prefix: Uint8Array, name: string, ...rest: Uint8Array[]) => Buffer.from(key(prefix, lengthPrefixed(Buffer.from(name, "utf8")), ...rest)).toString("hex");
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("oracle asset keys", () => {
  test("equal to keys built afresh, on repeated and unicode names", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("BTC", "ETH", "BTC-IV"), fc.string({ unit: "binary", maxLength: 90 })), { maxLength: 12 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (names, slot) => {
        for (const name of [...names, ...names]) {
          if (Buffer.byteLength(name, "utf8") > 255) {
            expect(() => priceKey(name)).toThrow(/too long/);
            continue;
          }
          expect([hex(priceKey(name)), hex(tallyKey(name)), hex(historyCountKey(name)), hex(historyPrefix(name)), hex(historyKey(name, slot))]).toEqual([
            fresh(PRICE_PREFIX, name),
            fresh(TALLY_PREFIX, name),
            fresh(HISTORY_COUNT_PREFIX, name),
            fresh(HISTORY_PREFIX, name),
            fresh(HISTORY_PREFIX, name, u64(slot)),
          ]);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("a name of 256 bytes is refused on every call", () => {
    const name = "x".repeat(256);
    for (let i = 0; i < 3; i++) expect(() => tallyKey(name)).toThrow(/too long/);
  });
});
