import fc from "fast-check";
import { type KeyPart, key } from "./keys";

/** The encoding key() had before it wrote into one buffer: the reference its bytes must match. */
function concatenated(parts: KeyPart[]): Uint8Array {
  const encoder = new TextEncoder();
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? encoder.encode(part) : part)));
}

describe("key", () => {
  it("writes the bytes TextEncoder and Buffer.concat wrote, for any strings (lone surrogates too) and byte parts", () => {
    const part = fc.oneof(fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)), maxLength: 40 }), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(Buffer.from(key(...parts))).toEqual(Buffer.from(concatenated(parts)));
      }),
      { numRuns: 2000 },
    );
  });
});
