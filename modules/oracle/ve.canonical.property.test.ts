// The vote extension's canonical check by the schema walk against the decode-and-re-encode it replaced, kept
// here only as the reference: every node must accept exactly the extensions it accepted before.
import fc from "fast-check";
import type { Dec } from "../../lib/fixed";
import { optchain } from "../../proto/gen/optchain";
import { ASSET_NAME } from "./params";
import { rowPrices } from "../../test/helpers/price-rows";
import { assetPositions } from "./codec";
import { decodeVoteExtension, encodeVoteExtension, extensionBallot, MAX_VOTE_EXTENSION_BYTES } from "./ve";
import { MAX_PRICE } from "./vote";

const pb = optchain.oracle.v1;
const WHITELIST = new Set(["BTC", "ETH", "uopt"]);
/** The same names in a whitelist order other than name order: the block's ballots come out by position. */
const LISTED = ["uopt", "ETH", "BTC"];
const POSITIONS = assetPositions(LISTED);

function referenceDecode(bytes: Uint8Array, whitelist: ReadonlySet<string>): { prices: Map<string, Dec> } | { error: string } {
  const prices = new Map<string, Dec>();
  if (bytes.length === 0) return { prices };
  if (bytes.length > MAX_VOTE_EXTENSION_BYTES) return { error: "size" };
  let decoded: optchain.oracle.v1.VoteExtensionPrices;
  try {
    decoded = pb.VoteExtensionPrices.decode(bytes);
  } catch {
    return { error: "undecodable" };
  }
  let previous = "";
  for (const entry of decoded.prices) {
    const asset = entry.asset ?? "";
    const price = entry.price ?? new Uint8Array();
    if (!ASSET_NAME.test(asset) || !whitelist.has(asset)) return { error: "whitelist" };
    if (prices.size > 0 && (previous < asset ? -1 : previous > asset ? 1 : 0) >= 0) return { error: "order" };
    if (price.length === 0 || price[0] === 0) return { error: "minimal" };
    const value = BigInt(`0x${Buffer.from(price).toString("hex")}`);
    if (value > MAX_PRICE) return { error: "bound" };
    prices.set(asset, value);
    previous = asset;
  }
  if (prices.size === 0 || !Buffer.from(encodeVoteExtension(prices)).equals(Buffer.from(bytes))) return { error: "canonical" };
  return { prices };
}

const varint = (value: number, padding: number) => {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  for (let i = 0; i < padding; i++) out.push(rest | 0x80), (rest = 0);
  out.push(rest);
  return out;
};

/** One field, `padding` extra varint groups in its tag or length (0: the encoder's own form). */
const field = (number: number, wireType: number, payload: number[], padTag: number, padLength: number) => [
  ...varint((number << 3) | wireType, padTag),
  ...(wireType === 2 ? varint(payload.length, padLength) : []),
  ...payload,
];

const pad = fc.constantFrom(0, 0, 0, 0, 1);
const assetField = fc
  .tuple(fc.constantFrom("BTC", "ETH", "uopt", "DOGE", "", "B\u00e9", "A"), pad, pad)
  .map(([asset, t, l]) => field(1, 2, [...Buffer.from(asset, "utf8")], t, l));
const priceField = fc
  .tuple(fc.oneof(fc.uint8Array({ maxLength: 3 }), fc.constant(Uint8Array.from(Buffer.from((MAX_PRICE + 1n).toString(16).padStart(40, "0"), "hex")))), pad, pad)
  .map(([price, t, l]) => field(2, 2, [...price], t, l));
const strayField = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 1, 2, 5), fc.uint8Array({ maxLength: 3 })).map(([n, w, p]) =>
  w === 0 ? field(n, 0, [p[0] ?? 0], 0, 0) : w === 1 ? field(n, 1, [0, 0, 0, 0, 0, 0, 0, 0], 0, 0) : w === 5 ? field(n, 5, [0, 0, 0, 0], 0, 0) : field(n, 2, [...p], 0, 0),
);
const entry = fc.tuple(fc.array(fc.oneof({ weight: 4, arbitrary: assetField }, { weight: 4, arbitrary: priceField }, { weight: 1, arbitrary: strayField }), { maxLength: 4 }), pad, pad).map(([fields, t, l]) => field(1, 2, fields.flat(), t, l));
const structured = fc.array(fc.oneof({ weight: 8, arbitrary: entry }, { weight: 1, arbitrary: strayField }), { maxLength: 4 }).map((fields) => Uint8Array.from(fields.flat()));

const valid = fc
  .subarray(["BTC", "ETH", "uopt"], { minLength: 1 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.bigInt({ min: 1n, max: MAX_PRICE }), { minLength: names.length, maxLength: names.length })))
  .map(([names, values]) => encodeVoteExtension(new Map(names.map((name, i) => [name, values[i]]))));
const mutated = fc.tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "delete")).map(([bytes, at, value, how]) => {
  const out = [...bytes];
  const i = at % (out.length + 1);
  if (how === "set" && i < out.length) out[i] = value;
  else if (how === "insert") out.splice(i, 0, value);
  else out.splice(i, 1);
  return Uint8Array.from(out);
});

const sameVerdict = (bytes: Uint8Array) => {
  const reference = referenceDecode(bytes, WHITELIST);
  const walked = decodeVoteExtension(bytes, WHITELIST);
  expect("error" in walked).toBe("error" in reference);
  if ("prices" in reference) expect(walked).toEqual(reference);
  const ballot = extensionBallot(bytes, POSITIONS);
  expect("error" in ballot).toBe("error" in reference);
  if ("prices" in reference) expect("prices" in ballot && { prices: rowPrices(ballot.prices), bytes: ballot.bytes }).toEqual({ prices: LISTED.map((name) => reference.prices.get(name)), bytes });
};

describe("decodeVoteExtension and the block's extensionBallot by the canonical walk", () => {
  test("accept and refuse exactly what decode + re-encode did, with the same prices (by whitelist position in the ballot)", () => {
    fc.assert(fc.property(fc.oneof(valid, mutated, structured, fc.uint8Array({ maxLength: 40 })), sameVerdict), { numRuns: 3000 });
  });

  test.each([
    ["the encoder's bytes", [0x0a, 0x08, 0x0a, 0x03, 0x42, 0x54, 0x43, 0x12, 0x01, 0x05]],
    ["price before asset", [0x0a, 0x08, 0x12, 0x01, 0x05, 0x0a, 0x03, 0x42, 0x54, 0x43]],
    ["a padded entry length", [0x0a, 0x88, 0x00, 0x0a, 0x03, 0x42, 0x54, 0x43, 0x12, 0x01, 0x05]],
    ["an asset written twice", [0x0a, 0x0d, 0x0a, 0x03, 0x42, 0x54, 0x43, 0x0a, 0x03, 0x42, 0x54, 0x43, 0x12, 0x01, 0x05]],
    ["an unknown field inside an entry", [0x0a, 0x0a, 0x0a, 0x03, 0x42, 0x54, 0x43, 0x12, 0x01, 0x05, 0x18, 0x01]],
  ])("%s: same verdict", (_, bytes) => sameVerdict(Uint8Array.from(bytes)));
});
