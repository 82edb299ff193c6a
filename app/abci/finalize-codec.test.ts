import fc from "fast-check";
import { Response, type ResponseFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { devWallet } from "../../client";
import "../proto-binary";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";
import { frame } from "./framing";
import { encodeFinalizeBlockResponseFrame } from "./finalize-codec";

/** What the server wrote before: the app's answer through fromPartial and the generic encoder. */
const generic = (response: unknown) => Buffer.from(frame(Response.encode(Response.fromPartial({ finalizeBlock: response as ResponseFinalizeBlock })).finish()));

// A response holds dozens of strings and gas figures: the ones the fast path leaves to the generic one are rare
// enough here that most responses still take it.
const text = fc.oneof(
  { weight: 30, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 10, arbitrary: fc.constant("") },
  { weight: 10, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 10, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  // lone surrogates, which cosmjs-types and Buffer write differently
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 4 }) },
);
const gas = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0n) },
  { weight: 10, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }) },
  { weight: 4, arbitrary: fc.constantFrom(127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n) },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 53n, -1n, -(2n ** 63n), 2n ** 63n - 1n) },
);
const attribute = fc.record({ key: text, value: text, index: fc.boolean() });
const event = fc.record({ type: text, attributes: fc.array(attribute, { maxLength: 4 }) });
const txResult = fc.record({
  code: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  data: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 200 })),
  log: text,
  info: text,
  gasWanted: gas,
  gasUsed: gas,
  events: fc.array(event, { maxLength: 4 }),
  codespace: text,
});
const response = fc.record({
  events: fc.array(event, { maxLength: 5 }),
  txResults: fc.array(txResult, { maxLength: 6 }),
  validatorUpdates: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, fc.constant([{ pubKey: { ed25519: new Uint8Array(32).fill(7) }, power: 10n }])),
  consensusParamUpdates: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, fc.constant({ block: { maxBytes: 1000n, maxGas: -1n } })),
  appHash: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ minLength: 32, maxLength: 32 })),
}).map((r) => r as unknown as ResponseFinalizeBlock);

const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const eventStrings = (e: { type: string; attributes: Array<{ key: string; value: string }> }) => [e.type, ...e.attributes.flatMap((a) => [a.key, a.value])];
const fastPathApplies = (r: ResponseFinalizeBlock) =>
  r.validatorUpdates.length === 0 &&
  r.consensusParamUpdates === undefined &&
  r.txResults.every((t) => [t.gasWanted, t.gasUsed].every((g) => g >= 0n && g <= BigInt(Number.MAX_SAFE_INTEGER))) &&
  ![...r.events.flatMap(eventStrings), ...r.txResults.flatMap((t) => [t.log, t.info, t.codespace, ...t.events.flatMap(eventStrings)])].some(hasLoneSurrogate);

/** A field of the response, at any depth, made absent or of another type: what fromPartial would have filled. */
function damaged(r: ResponseFinalizeBlock, pick: number, replacement: unknown): unknown {
  const copy = structuredClone(r) as unknown as Record<string, unknown>;
  const holders: Array<Record<string, unknown>> = [copy];
  for (const e of copy.events as Array<Record<string, unknown>>) holders.push(e, ...(e.attributes as Array<Record<string, unknown>>));
  for (const t of copy.txResults as Array<Record<string, unknown>>) {
    holders.push(t);
    for (const e of t.events as Array<Record<string, unknown>>) holders.push(e, ...(e.attributes as Array<Record<string, unknown>>));
  }
  const holder = holders[pick % holders.length];
  const keys = Object.keys(holder);
  holder[keys[Math.floor(pick / holders.length) % keys.length]] = replacement;
  return copy;
}

describe("FinalizeBlock's response encoding", () => {
  it("writes every generated response byte for byte as fromPartial and the generic encoder, and takes the fast path wherever it applies", () => {
    let fastCount = 0;
    fc.assert(
      fc.property(response, (r) => {
        const fast = encodeFinalizeBlockResponseFrame(r);
        if (fastPathApplies(r)) expect(fast).toBeDefined();
        if (fast === undefined) return;
        fastCount++;
        expect(fast).toEqual(generic(r));
      }),
      { numRuns: 2_000 },
    );
    expect(fastCount).toBeGreaterThan(300);
  });

  it("a response with a field missing or of another type anywhere is left to the generic path", () => {
    fc.assert(
      fc.property(response, fc.nat(), fc.constantFrom(undefined, null, 1, "x", 1n, true, {}), (r, pick, replacement) => {
        const broken = damaged(r, pick, replacement);
        const fast = encodeFinalizeBlockResponseFrame(broken as ResponseFinalizeBlock);
        // a replacement of the same type (a string for a string) keeps the response well-formed
        if (fast !== undefined) expect(fast).toEqual(generic(broken));
      }),
      { numRuns: 2_000 },
    );
    const base = { events: [], txResults: [], validatorUpdates: [], consensusParamUpdates: undefined, appHash: new Uint8Array() };
    const result = { code: 0, data: new Uint8Array(), log: "", info: "", gasWanted: 1n, gasUsed: 1n, events: [], codespace: "" };
    for (const partial of [
      { ...base, appHash: undefined },
      { ...base, txResults: [{ ...result, log: undefined }] },
      { ...base, txResults: [{ ...result, gasUsed: 5 }] },
      { ...base, events: [{ type: "t", attributes: [{ key: "k", value: "v" }] }] },
    ]) {
      expect(encodeFinalizeBlockResponseFrame(partial as unknown as ResponseFinalizeBlock)).toBeUndefined();
    }
  });

  it("writes the app's own answer to a block of transfers, refused ones included, as the generic encoder", async () => {
    const { app, close } = openApp();
    try {
      initChain(app, await devGenesis(4));
      runBlock(app, 1, []);
      const [, to] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
      const [{ address: from }] = (await (await devWallet(1)).getAccounts());
      const txs = [
        await signTx(0, [sendMsg(from, to, "5")], { accountNumber: 0, sequence: 0 }),
        await signTx(0, [sendMsg(from, to, "7")], { accountNumber: 0, sequence: 1 }),
        // a sequence already used: refused in the ante
        await signTx(0, [sendMsg(from, to, "9")], { accountNumber: 0, sequence: 1 }),
        // more than the sender holds: fails in the message
        await signTx(0, [sendMsg(from, to, "1000000000000000000000000")], { accountNumber: 0, sequence: 2 }),
      ];
      const response = runBlock(app, 2, txs);
      expect(response.txResults.map((r) => r.code === 0)).toEqual([true, true, false, false]);
      const fast = encodeFinalizeBlockResponseFrame(response);
      expect(fast).toBeDefined();
      expect(fast).toEqual(generic(response));
    } finally {
      close();
    }
  });
});
