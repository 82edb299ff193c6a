import fc from "fast-check";
import { isLowS } from "./sigverify";

const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const sBytes = (s: bigint) => Buffer.from(s.toString(16).padStart(64, "0"), "hex");

describe("low-S check", () => {
  it("property: a 64-byte signature is low-S exactly when S as a number is at most n/2", () => {
    const s = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      fc.bigInt({ min: -1000n, max: 1000n }).map((d) => HALF_ORDER + d),
      fc.constantFrom(0n, 1n, HALF_ORDER, HALF_ORDER + 1n, 2n ** 255n, 2n ** 256n - 1n),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), s, (r, value) => {
        expect(isLowS(Uint8Array.from([...r, ...sBytes(value)]))).toBe(value <= HALF_ORDER);
      }),
      { numRuns: 3_000 },
    );
  });
});
