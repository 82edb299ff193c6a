import fc from "fast-check";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import { UnbondingDelegation } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { utf8Read } from "cosmjs-types/utf8";
import { pooledAlloc, readProtoString } from "./proto-binary";

/** Encodes with the library's own allocator in place, as before the exact-size one replaced it. */
function withPooledAlloc<T>(encode: () => T): T {
  const exact = BinaryWriter.alloc;
  BinaryWriter.alloc = pooledAlloc;
  try {
    return encode();
  } finally {
    BinaryWriter.alloc = exact;
  }
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max });

describe("BinaryWriter with exact-size buffers", () => {
  it("writes the bytes the pooled allocator wrote, for messages below, at and above the pool's 4 KiB", () => {
    const body = fc.record({
      messages: fc.array(fc.record({ typeUrl: fc.string({ maxLength: 40 }), value: bytes(6000) }), { maxLength: 3 }),
      memo: fc.string({ maxLength: 300 }),
      timeoutHeight: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    });
    fc.assert(
      fc.property(body, (partial) => {
        const message = TxBody.fromPartial(partial);
        const exact = TxBody.encode(message).finish();
        expect(Buffer.from(exact)).toEqual(Buffer.from(withPooledAlloc(() => TxBody.encode(message).finish())));
        expect(exact.byteLength).toBe(exact.buffer.byteLength);
      }),
      { numRuns: 300 },
    );
  });

  it("writes accounts alike", () => {
    const account = fc.record({ address: fc.string({ maxLength: 64 }), accountNumber: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), sequence: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) });
    fc.assert(
      fc.property(account, (partial) => {
        const message = BaseAccount.fromPartial(partial);
        expect(Buffer.from(BaseAccount.encode(message).finish())).toEqual(Buffer.from(withPooledAlloc(() => BaseAccount.encode(message).finish())));
      }),
      { numRuns: 300 },
    );
  });
});

/** Protobuf's varint of a 64-bit value, from the bigint itself: what every other protobuf library writes. */
function referenceVarint(value: bigint): Buffer {
  let rest = BigInt.asUintN(64, value);
  const out: number[] = [];
  for (; rest > 127n; rest >>= 7n) out.push(Number(rest & 127n) | 128);
  out.push(Number(rest));
  return Buffer.from(out);
}

const zigzag = (value: bigint) => BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
/** Every width's edges, [2^31, 2^32) above all (cosmjs-types 0.11 wrote those as a 5-byte varint that read back as garbage or 0). */
const int64s = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 2n ** 31n - 2n, max: 2n ** 32n + 1n }),
  fc.bigInt({ min: 2n ** 63n - 2n ** 32n, max: 2n ** 63n - 1n }),
  fc.constantFrom(0n, 1n, -1n, 127n, 128n, 2n ** 31n, 2n ** 32n - 1n, -(2n ** 31n), -(2n ** 63n)),
);

describe("BinaryWriter's 64-bit varints", () => {
  it("int64, uint64 and sint64 write protobuf's bytes and read back the value, [2^31, 2^32) included", () => {
    fc.assert(
      fc.property(int64s, (value) => {
        const int64 = BinaryWriter.create().int64(value).finish();
        expect(Buffer.from(int64)).toEqual(referenceVarint(value));
        expect(new BinaryReader(int64).int64()).toBe(value);
        const uint64 = BinaryWriter.create().uint64(BigInt.asUintN(64, value)).finish();
        expect(Buffer.from(uint64)).toEqual(referenceVarint(value));
        expect(new BinaryReader(uint64).uint64()).toBe(BigInt.asUintN(64, value));
        const sint64 = BinaryWriter.create().sint64(value).finish();
        expect(Buffer.from(sint64)).toEqual(referenceVarint(zigzag(value)));
        expect(new BinaryReader(sint64).sint64()).toBe(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("an unbonding entry completing after 2038-01-19 (Timestamp seconds ≥ 2^31) is stored readable", () => {
    const entry = { creationHeight: 2n ** 31n + 5n, completionTime: Timestamp.fromPartial({ seconds: 2n ** 31n + 128n, nanos: 7 }), initialBalance: "4", balance: "4", unbondingId: 2n ** 31n, unbondingOnHoldRefCount: 0n };
    const bytes = UnbondingDelegation.encode({ delegatorAddress: "a", validatorAddress: "b", entries: [entry] }).finish();
    expect(UnbondingDelegation.decode(bytes).entries).toEqual([entry]);
  });
});

describe("BinaryReader strings", () => {
  /** Mostly ASCII, as a tx's strings are, with any byte (invalid UTF-8 included) mixed in. */
  const stringBytes = fc.oneof(fc.uint8Array({ max: 0x7f, maxLength: 60 }), fc.uint8Array({ maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 20 }).map((text) => new Uint8Array(Buffer.from(text, "utf8"))));

  it("reads any bytes as cosmjs-types' own utf8Read does", () => {
    fc.assert(
      fc.property(stringBytes, (raw) => expect(readProtoString(raw)).toBe(utf8Read(raw, 0, raw.length))),
      { numRuns: 2000 },
    );
  });

  it("decodes a message's string fields, read from inside a larger buffer, as utf8Read reads their bytes", () => {
    fc.assert(
      fc.property(stringBytes, fc.uint8Array({ maxLength: 5 }), (memo, before) => {
        const field = new BinaryWriter().uint32(0x12).bytes(memo).finish();
        const buffer = Buffer.concat([before, field]);
        const body = TxBody.decode(buffer.subarray(before.length));
        expect(body.memo).toBe(utf8Read(memo, 0, memo.length));
      }),
      { numRuns: 500 },
    );
  });
});
