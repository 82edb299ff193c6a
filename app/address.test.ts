// An address has exactly one accepted spelling: lower-case bech32 of 20 bytes under the right prefix. These
// properties close the class behind issue 9, finding 3: no spelling of an address decodes to other bytes, no
// second spelling of the same bytes is accepted, and membership of a blocklist cannot depend on case.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { toBech32 } from "@cosmjs/encoding";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { ensureAccount } from "../modules/auth/keeper";
import { ErrBlockedAddress } from "../modules/bank/errors";
import { BankKeeper } from "../modules/bank/keeper";
import { msgSendHandler } from "../modules/bank/msgs";
import {
  ADDRESS_BYTES,
  AddressSet,
  accAddressBytes,
  addressFromPubkey,
  addressKeyPart,
  includesAccAddress,
  sameAccAddress,
  sameAddress,
  toAccAddress,
  toValoper,
  valoperBytes,
} from "./address";
import { ErrInvalidAddress } from "./errors";

const address = fc.uint8Array({ minLength: ADDRESS_BYTES, maxLength: ADDRESS_BYTES });
/** Which characters of a bech32 string to upper-case: none, all, or any mix. */
const caseMask = fc.oneof(fc.constant("none" as const), fc.constant("all" as const), fc.array(fc.boolean(), { minLength: 90, maxLength: 90 }));

function applyCase(text: string, mask: "none" | "all" | boolean[]): string {
  if (mask === "none") return text;
  if (mask === "all") return text.toUpperCase();
  return [...text].map((c, i) => (mask[i] ? c.toUpperCase() : c)).join("");
}

/** The decoded bytes, or the registered error; anything else thrown fails the property. */
function decodeOrError(decode: (text: string) => Uint8Array, text: string): Uint8Array | "invalid" {
  try {
    return decode(text);
  } catch (err) {
    expect(ErrInvalidAddress.is(err)).toBe(true);
    return "invalid";
  }
}

describe("decoding at the edge", () => {
  test("any case of an address decodes to its own bytes or is refused; only the lower-case spelling is accepted", () => {
    fc.assert(
      fc.property(address, caseMask, (bytes, mask) => {
        const canonical = toAccAddress(bytes);
        const spelled = applyCase(canonical, mask);
        const decoded = decodeOrError(accAddressBytes, spelled);
        if (decoded === "invalid") expect(spelled).not.toBe(canonical);
        else {
          expect(Buffer.from(decoded).equals(Buffer.from(bytes))).toBe(true);
          expect(spelled).toBe(canonical);
        }
      }),
    );
  });

  test("one changed character never yields another accepted address (a valid checksum would need more)", () => {
    const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    fc.assert(
      fc.property(address, fc.nat(), fc.constantFrom(...charset), (bytes, at, replacement) => {
        const canonical = toAccAddress(bytes);
        const position = 4 + (at % (canonical.length - 4));
        const mutated = canonical.slice(0, position) + replacement + canonical.slice(position + 1);
        const decoded = decodeOrError(accAddressBytes, mutated);
        if (decoded !== "invalid") {
          expect(mutated).toBe(canonical);
          expect(Buffer.from(decoded).equals(Buffer.from(bytes))).toBe(true);
        }
      }),
    );
  });

  test("exactly 20 bytes: every other length is refused and named", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 50 }), (bytes) => {
        const text = toBech32("opt", bytes);
        if (bytes.length === ADDRESS_BYTES) expect(Buffer.from(accAddressBytes(text)).equals(Buffer.from(bytes))).toBe(true);
        else expect(() => accAddressBytes(text)).toThrow(`must be 20 bytes, got ${bytes.length}`);
      }),
    );
  });

  test("account and operator prefixes are not interchangeable, nor another chain's", () => {
    fc.assert(
      fc.property(address, (bytes) => {
        expect(() => accAddressBytes(toValoper(bytes))).toThrow('must start with "opt1"');
        expect(() => valoperBytes(toAccAddress(bytes))).toThrow('must start with "optvaloper1"');
        expect(() => accAddressBytes(toBech32("cosmos", bytes))).toThrow('must start with "opt1"');
        expect(() => valoperBytes(toValoper(bytes).toUpperCase())).toThrow("must be lower case");
      }),
    );
  });

  test("the memo of decoded addresses hands out copies: a caller changing its bytes changes no later decode", () => {
    const bytes = Buffer.alloc(20, 5);
    const first = accAddressBytes(toAccAddress(bytes));
    first.fill(0);
    expect(Buffer.from(accAddressBytes(toAccAddress(bytes))).equals(bytes)).toBe(true);
  });

  test("store keys take 20-byte addresses only", () => {
    expect(addressKeyPart(Buffer.alloc(20, 1))).toHaveLength(20);
    expect(() => addressKeyPart(Buffer.alloc(32, 1))).toThrow("a 32-byte address cannot be part of a store key");
  });
});

describe("comparing and blocking by bytes", () => {
  const keeper = new BankKeeper({ ensureAccount });

  test("a blocked address is refused in every spelling; an unblocked one passes in its own", () => {
    fc.assert(
      fc.property(fc.uniqueArray(address, { minLength: 2, maxLength: 6, selector: (b) => Buffer.from(b).toString("hex") }), fc.nat(), caseMask, (addresses, pick, mask) => {
        const [free, ...blocked] = addresses;
        const handler = msgSendHandler(keeper, new AddressSet(blocked));
        const send = (to: string) => () => handler.checkStateless(MsgSend.fromPartial({ fromAddress: toAccAddress(free), toAddress: to, amount: [{ denom: "uusdc", amount: "1" }] }));
        const target = blocked[pick % blocked.length];
        const spelled = applyCase(toAccAddress(target), mask);
        let refusal: unknown;
        try {
          send(spelled)();
        } catch (err) {
          refusal = err;
        }
        expect(ErrBlockedAddress.is(refusal) || ErrInvalidAddress.is(refusal)).toBe(true);
        if (spelled === toAccAddress(target)) expect(ErrBlockedAddress.is(refusal)).toBe(true);
        expect(send(toAccAddress(free))).not.toThrow();
      }),
    );
  });

  test("sameAddress, sameAccAddress and includesAccAddress agree with byte equality", () => {
    fc.assert(
      fc.property(address, address, fc.boolean(), (a, b, equal) => {
        const other = equal ? Uint8Array.from(a) : b;
        const bytesEqual = Buffer.from(a).equals(Buffer.from(other));
        expect(sameAddress(a, other)).toBe(bytesEqual);
        expect(sameAccAddress(toAccAddress(a), toAccAddress(other))).toBe(bytesEqual);
        expect(includesAccAddress([toAccAddress(other)], toAccAddress(a))).toBe(bytesEqual);
        expect(new AddressSet([other]).has(a)).toBe(bytesEqual);
      }),
    );
  });

  test("byte comparison sees through views: a subarray of a larger buffer equals its copy", () => {
    const backing = Buffer.concat([Buffer.alloc(7, 9), Buffer.alloc(20, 3), Buffer.alloc(5, 9)]);
    expect(sameAddress(backing.subarray(7, 27), Buffer.alloc(20, 3))).toBe(true);
    expect(new AddressSet([backing.subarray(7, 27)]).has(Buffer.alloc(20, 3))).toBe(true);
  });
});

describe("a key's address, remembered", () => {
  /** The derivation before the memo: ripemd160(sha256(key)), every time. */
  const hashed = (key: Uint8Array) => createHash("ripemd160").update(createHash("sha256").update(key).digest()).digest();
  // A few keys repeat (the memo's hits), sliced out of larger buffers at any offset (the key is the view's bytes),
  // and callers may scribble on what they got back.
  // Keys differing in a single byte, anywhere, so that a memo keyed on less than the whole key would answer wrong.
  const pool = fc
    .tuple(fc.uint8Array({ minLength: 33, maxLength: 33 }), fc.array(fc.tuple(fc.nat({ max: 32 }), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }))
    .map(([base, flips]) => [base, ...flips.map(([at, by]) => base.map((byte, i) => (i === at ? (byte + by) & 0xff : byte)))]);
  const use = fc.record({ pick: fc.nat(), fresh: fc.option(fc.uint8Array({ minLength: 0, maxLength: 40 })), pad: fc.nat({ max: 5 }), scribble: fc.boolean() });

  test("equals the hashes of exactly the key's bytes, whatever was asked before or done to earlier answers", () => {
    fc.assert(
      fc.property(pool, fc.array(use, { minLength: 1, maxLength: 30 }), (keys, uses) => {
        for (const { pick, fresh, pad, scribble } of uses) {
          const key = fresh ?? keys[pick % keys.length];
          const backing = Buffer.concat([Buffer.alloc(pad, 0xee), key, Buffer.alloc(pad, 0xee)]);
          const view = new Uint8Array(backing.buffer, backing.byteOffset + pad, key.length);
          const got = addressFromPubkey(view);
          expect(Buffer.from(got).equals(hashed(key))).toBe(true);
          if (scribble) got.fill(0xab);
        }
      }),
    );
  });
});
