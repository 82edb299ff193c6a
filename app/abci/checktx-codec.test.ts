import fc from "fast-check";
import { type Event, Request, type RequestCheckTx, Response, type ResponseCheckTx } from "cosmjs-types/tendermint/abci/types";
import "../proto-binary";
import { frame } from "./framing";
import { decodeCheckTxRequest, encodeCheckTxResponseFrame } from "./checktx-codec";

const generic = (response: ResponseCheckTx) => Buffer.from(frame(Response.encode({ checkTx: response } as Response).finish()));

/** Field `field` of wire type `wire` as bytes: for hand-built requests the generic encoder never writes. */
const varint = (value: number): number[] => {
  const out: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return [...out, rest];
    out.push((rest % 128) | 0x80);
  }
};
const lengthDelimited = (field: number, body: Uint8Array | number[]) => [...varint((field << 3) | 2), ...varint(body.length), ...body];
const varintField = (field: number, value: number) => [...varint(field << 3), ...varint(value)];

const text = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  // lone surrogates, which cosmjs-types and Buffer write differently
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);
const gas = fc.oneof(
  fc.constant(0n),
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }) },
  fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  fc.constantFrom(127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, -1n, -(2n ** 63n)),
);
const response = fc.record({
  code: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  data: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 300 })),
  log: text,
  info: text,
  gasWanted: gas,
  gasUsed: gas,
  events: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Event[]>([]) },
    fc.array(fc.record({ type: fc.string({ maxLength: 10 }), attributes: fc.array(fc.record({ key: fc.string({ maxLength: 5 }), value: fc.string({ maxLength: 5 }), index: fc.boolean() }), { maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
  ),
  codespace: text,
});

const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const fastPathApplies = (r: ResponseCheckTx) =>
  r.events.length === 0 && [r.gasWanted, r.gasUsed].every((g) => g >= 0n && g <= BigInt(Number.MAX_SAFE_INTEGER)) && ![r.log, r.info, r.codespace].some(hasLoneSurrogate);

/** What the server did before the fast path: decode the whole Request, dispatch on its first set field. */
function genericCheckTx(bytes: Uint8Array): { request: Request } | undefined {
  try {
    return { request: Request.decode(bytes) };
  } catch {
    return undefined;
  }
}

function expectSameAsGeneric(bytes: Uint8Array, fast: RequestCheckTx | undefined): void {
  if (fast === undefined) return;
  const decoded = genericCheckTx(bytes);
  expect(decoded).toBeDefined();
  const { request } = decoded!;
  // The fast path stands in for the generic one only where the request is check_tx and nothing else.
  const setFields = Object.entries(request).filter(([, value]) => value !== undefined).map(([name]) => name);
  expect(setFields).toEqual(["checkTx"]);
  expect(Buffer.from(fast.tx)).toEqual(Buffer.from(request.checkTx!.tx));
  expect(fast.type).toBe(request.checkTx!.type);
}

describe("CheckTx's fast request decoding and response encoding", () => {
  it("encodes every response byte for byte as the generic encoder, and takes the fast path wherever it applies", () => {
    let fastCount = 0;
    fc.assert(
      fc.property(response, (r) => {
        const fast = encodeCheckTxResponseFrame(r);
        if (fastPathApplies(r)) expect(fast).toBeDefined();
        if (fast === undefined) return;
        fastCount++;
        expect(fast).toEqual(generic(r));
      }),
      { numRuns: 3_000 },
    );
    expect(fastCount).toBeGreaterThan(500);
  });

  it("encodes the app's own answers alike: accepted, refused with a log, out of gas", () => {
    const answers: ResponseCheckTx[] = [
      { code: 0, codespace: "", log: "", data: new Uint8Array(), info: "", gasWanted: 200_000n, gasUsed: 61_234n, events: [] },
      { code: 32, codespace: "sdk", log: "account sequence mismatch, expected 7, got 6: incorrect account sequence", data: new Uint8Array(), info: "", gasWanted: 200_000n, gasUsed: 41_000n, events: [] },
      { code: 11, codespace: "sdk", log: "out of gas in location: ReadFlat; gasWanted: 1, gasUsed: 1000: out of gas", data: new Uint8Array(), info: "", gasWanted: 1n, gasUsed: 1000n, events: [] },
    ];
    for (const answer of answers) expect(encodeCheckTxResponseFrame(answer)).toEqual(generic(answer));
  });

  it("decodes every CheckTx request the generic encoder writes, as Request.decode does", () => {
    const request = fc.record({
      tx: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 20_000 })),
      type: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 127 })),
    });
    fc.assert(
      fc.property(request, (checkTx) => {
        const bytes = Request.encode(Request.fromPartial({ checkTx })).finish();
        const fast = decodeCheckTxRequest(bytes);
        expect(fast).toBeDefined();
        expectSameAsGeneric(bytes, fast);
      }),
      { numRuns: 1_000 },
    );
  });

  it("decodes nothing differently from Request.decode, whatever the bytes: reordered, repeated, unknown or other fields, cut or corrupted", () => {
    const field = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((tx) => lengthDelimited(1, tx)),
      fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 128, max: 2 ** 14 })).map((type) => varintField(2, type)),
      fc.integer({ min: 3, max: 40 }).map((unknown) => varintField(unknown, 1)),
      fc.array(fc.constantFrom(0x00, 0x01, 0x0a, 0x10, 0x80, 0x81, 0xff), { minLength: 1, maxLength: 3 }),
    );
    const checkTxBody = fc.array(field, { maxLength: 4 }).map((fields) => fields.flat());
    const topField = fc.oneof(
      { weight: 5, arbitrary: checkTxBody.map((body) => lengthDelimited(8, body)) },
      fc.constant(lengthDelimited(2, [])), // flush
      fc.string({ maxLength: 8 }).map((message) => lengthDelimited(1, [...Buffer.from(message)])), // echo
      fc.integer({ min: 21, max: 60 }).map((unknown) => varintField(unknown, 3)),
    );
    const frameBytes = fc.array(topField, { minLength: 1, maxLength: 3 }).map((fields) => Uint8Array.from(fields.flat()));
    const corrupted = fc.tuple(frameBytes, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat()).map(([bytes, at, value, cut]) => {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[at % copy.length] = value;
      return copy.subarray(0, copy.length - (cut % 3));
    });
    fc.assert(
      fc.property(fc.oneof(frameBytes, corrupted, fc.uint8Array({ maxLength: 40 })), (bytes) => expectSameAsGeneric(bytes, decodeCheckTxRequest(bytes))),
      // a type varint longer than a byte, cut short or followed by what reads as a tx field
      { numRuns: 5_000, examples: [[Uint8Array.from([0x42, 2, 0x10, 0x80])], [Uint8Array.from([0x42, 5, 0x10, 0x8a, 0x0a, 0x01, 0x00])]] },
    );
  });
});
