import fc from "fast-check";
// the app's writer, as the app re-encodes: cosmjs-types' own wrote 64-bit values in [2^31, 2^32) as garbage
import "../app/proto-binary";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { AUTH_INFO, MSG_SEND, SECP256K1_PUBKEY, type Schema, TX_BODY, TX_RAW, decodeCanonical } from "../app/tx/canonical";
import { ErrNotSupported, ErrTxDecode } from "../app/errors";
import type { MsgCodec } from "../app/module";

/**
 * decodeCanonical proves canonical form by walking the bytes against a schema instead of re-encoding what it
 * decoded. The re-encoding comparison it replaced is the reference, kept here only: on any input, canonical or
 * not, the walk must accept exactly what `encode(decode(bytes)) == bytes` accepts (except multisig, which the walk
 * refuses on purpose), or one encoding per tx, and so one hash per tx, no longer holds.
 */
function acceptedByReencoding<T>(bytes: Uint8Array, type: MsgCodec<T>): boolean {
  try {
    return Buffer.from(type.encode(type.decode(bytes)).finish()).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}

const cat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** LEB128 of `value` (mod 2^64), with `padding` extra groups that a minimal encoder never writes. */
function varint(value: bigint, padding = 0): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  for (let i = 0; i < padding; i++) {
    out[out.length - 1] |= 0x80;
    out.push(0);
  }
  return Uint8Array.from(out);
}

const padding = fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }) });
// the edges of every varint kind: int32 sign extension, the 64th bit, zero as the default
const value = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n - 2n ** 31n, 2n ** 64n - 2n ** 31n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);
const varintField = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(value, padding).map(([v, p]) => varint(v, p)) },
  // ten bytes whose last carries bits past the 64th, which the decoder drops
  { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ minLength: 9, maxLength: 9 }), fc.integer({ min: 0, max: 127 })).map(([low, last]) => Uint8Array.from([...low.map((b) => b | 0x80), last])) },
);
// a length past 32 bits, of which the decoder keeps the low 32, now and then
const delimited = (payload: fc.Arbitrary<Uint8Array>) =>
  fc
    .tuple(payload, padding, fc.oneof({ weight: 12, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 32n - 1n }) }))
    .map(([bytes, p, high]) => cat([varint(BigInt(bytes.length) + (high << 32n), p), bytes]));
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 6 }).map((s) => new Uint8Array(Buffer.from(s, "utf8"))),
  fc.string({ unit: "binary", maxLength: 4 }).map((s) => new Uint8Array(Buffer.from(s, "utf8"))),
  fc.uint8Array({ maxLength: 6 }), // invalid UTF-8, overlong forms, encoded surrogates
  fc.constantFrom(Uint8Array.from([0xed, 0xa0, 0x80]), Uint8Array.from([0xc0, 0x80]), Uint8Array.from([0xf0, 0x9f, 0x98, 0x80]), Uint8Array.from([0xf0])),
);

/** A payload of the given wire type with no regard for what the field holds. */
function wirePayload(wireType: number): fc.Arbitrary<Uint8Array> {
  if (wireType === 0) return varintField;
  if (wireType === 1) return fc.uint8Array({ minLength: 8, maxLength: 8 });
  if (wireType === 5) return fc.uint8Array({ minLength: 4, maxLength: 4 });
  if (wireType === 2) return delimited(fc.uint8Array({ maxLength: 6 }));
  return fc.constant(new Uint8Array());
}

function fieldPayload(kind: Schema[number][1], depth: number): fc.Arbitrary<Uint8Array> {
  if (typeof kind === "object") return delimited(depth > 0 ? message(kind, depth - 1) : fc.constant(new Uint8Array()));
  if (kind === "string") return delimited(text);
  if (kind === "bytes" || kind === "multisig") return delimited(fc.uint8Array({ maxLength: 6 }));
  return varintField;
}

/** Fields of `schema` (mostly) with the right wire types (mostly), in field order (mostly): canonical often enough. */
function message(schema: Schema, depth: number): fc.Arbitrary<Uint8Array> {
  const numbers = Object.keys(schema).map(Number);
  const known = fc.constantFrom(...numbers).chain((number) => {
    const kind = schema[number][1];
    const right = typeof kind === "object" || kind === "bytes" || kind === "string" || kind === "multisig" ? 2 : 0;
    return fc
      .oneof({ weight: 10, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }) })
      .chain((wireType) =>
        fc.tuple(fc.constant(number), padding, wireType === right ? fieldPayload(kind, depth) : wirePayload(wireType)).map(([n, p, payload]) => ({
          number: n,
          bytes: cat([varint(BigInt((n << 3) | wireType), p), payload]),
        })),
      );
  });
  const unknown = fc
    .tuple(fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 0, max: 5 }))
    .chain(([number, wireType]) => wirePayload(wireType).map((payload) => ({ number, bytes: cat([varint(BigInt((number << 3) | wireType)), payload]) })));
  return fc
    .tuple(fc.array(fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: unknown }), { maxLength: 5 }), fc.nat(3))
    .map(([fields, shuffle]) => cat((shuffle === 0 ? fields : [...fields].sort((a, b) => a.number - b.number)).map((field) => field.bytes)));
}

type Case = [name: string, schema: Schema, type: MsgCodec<unknown>];
const cases: Case[] = [
  ["TxRaw", TX_RAW, TxRaw],
  ["TxBody", TX_BODY, TxBody],
  ["AuthInfo", AUTH_INFO, AuthInfo],
  ["PubKey", SECP256K1_PUBKEY, PubKey],
  ["MsgSend", MSG_SEND, MsgSend],
];

describe("the schema walk accepts exactly what re-encoding accepts", () => {
  test.each(cases)("property: %s", (name, schema, type) => {
    let accepted = 0;
    fc.assert(
      fc.property(message(schema, 3), (bytes) => {
        const reference = acceptedByReencoding(bytes, type);
        let outcome: "accepted" | "multisig" | "refused";
        try {
          const decoded = decodeCanonical(name, bytes, schema, type);
          expect(decoded).toEqual(type.decode(bytes));
          outcome = "accepted";
        } catch (err) {
          if (ErrNotSupported.is(err)) outcome = "multisig";
          else {
            expect(ErrTxDecode.is(err)).toBe(true);
            outcome = "refused";
          }
        }
        if (outcome === "accepted") accepted++;
        if (outcome === "multisig") return;
        expect({ bytes: Buffer.from(bytes).toString("hex"), accepted: outcome === "accepted" }).toEqual({ bytes: Buffer.from(bytes).toString("hex"), accepted: reference });
      }),
      { numRuns: 3000 },
    );
    // not vacuous: a good share of the inputs are canonical, the rest are not
    expect(accepted).toBeGreaterThan(150);
    expect(accepted).toBeLessThan(2850);
  });
});
