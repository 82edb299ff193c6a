import fc from "fast-check";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { BinaryWriter } from "cosmjs-types/binary";
import { pooledAlloc } from "./proto-writer";

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
