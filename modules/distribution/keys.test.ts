import fc from "fast-check";
import {
  COMMISSION_PREFIX,
  FEE_POOL_KEY,
  HISTORICAL_PREFIX,
  OUTSTANDING_PREFIX,
  SLASH_PREFIX,
  STARTING_PREFIX,
  commissionKey,
  currentKey,
  historicalKey,
  outstandingKey,
  parseReferenceRecordKey,
  slashKey,
  startingKey,
  withdrawAddrKey,
} from "./keys";

const address = fc.uint8Array({ minLength: 20, maxLength: 20 });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
// the store hands keys out as views into larger buffers
const inLargerBuffer = (k: Uint8Array, offset: number) => {
  const buffer = new Uint8Array(offset + k.length + 3).fill(0xee);
  buffer.set(k, offset);
  return buffer.subarray(offset, offset + k.length);
};

describe("distribution reference-record keys", () => {
  it("read back every part the key builders put in, at any offset in a buffer", () => {
    fc.assert(
      fc.property(address, address, u64, u64, fc.nat(16), (operator, delegator, period, height, offset) => {
        expect(parseReferenceRecordKey(inLargerBuffer(currentKey(operator), offset))).toEqual({ kind: "current", operator: Buffer.from(operator) });
        expect(parseReferenceRecordKey(inLargerBuffer(historicalKey(operator, period), offset))).toEqual({ kind: "historical", operator: Buffer.from(operator), period });
        expect(parseReferenceRecordKey(inLargerBuffer(startingKey(delegator, operator), offset))).toEqual({ kind: "starting", delegator: Buffer.from(delegator), operator: Buffer.from(operator) });
        expect(parseReferenceRecordKey(inLargerBuffer(slashKey(operator, height, period), offset))).toEqual({ kind: "slash", operator: Buffer.from(operator), height, period });
      }),
    );
  });

  it("read no other record, nor a reference record's prefix with a key of the wrong length", () => {
    fc.assert(
      fc.property(address, fc.uint8Array({ maxLength: 60 }), (operator, tail) => {
        for (const other of [outstandingKey(operator), commissionKey(operator), withdrawAddrKey(operator), FEE_POOL_KEY]) expect(parseReferenceRecordKey(other)).toBeUndefined();
        for (const [prefix, length] of [
          [HISTORICAL_PREFIX, 28],
          [STARTING_PREFIX, 40],
          [SLASH_PREFIX, 36],
        ] as const) {
          const k = Buffer.concat([prefix, tail]);
          if (tail.length !== length) expect(parseReferenceRecordKey(k)).toBeUndefined();
        }
        expect(parseReferenceRecordKey(Buffer.concat([OUTSTANDING_PREFIX, tail]))).toBeUndefined();
        expect(parseReferenceRecordKey(Buffer.concat([COMMISSION_PREFIX, tail]))).toBeUndefined();
      }),
    );
  });
});
