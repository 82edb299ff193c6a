// The injected votes read in place (readCommitLayout) against the decode and re-encode that judged every injected
// tx before, kept here only as the reference: every node must accept exactly the txs it accepted before, with the
// same votes.
import "../../app/proto-binary";
import fc from "fast-check";
import { ExtendedCommitInfo, type ExtendedVoteInfo } from "cosmjs-types/tendermint/abci/types";
import { decodeInjectedVotes, encodeInjectedVotes, INJECTED_VOTES_PREFIX, readCommitLayout, uvarint } from "./ve";

function referenceDecode(body: Uint8Array): ExtendedCommitInfo | undefined {
  try {
    const info = ExtendedCommitInfo.decode(body);
    return Buffer.from(ExtendedCommitInfo.encode(info).finish()).equals(Buffer.from(body)) ? info : undefined;
  } catch {
    return undefined;
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
/** Every field and its presence, bytes as hex: toEqual on cosmjs' objects would not tell a Buffer from a Uint8Array's contents. */
const view = (info: ExtendedCommitInfo | undefined) =>
  info && {
    round: info.round,
    votes: info.votes.map((vote) => ({
      keys: Object.keys(vote).join(","),
      validator: vote.validator && { address: hex(vote.validator.address), power: vote.validator.power.toString() },
      voteExtension: hex(vote.voteExtension),
      extensionSignature: hex(vote.extensionSignature),
      blockIdFlag: vote.blockIdFlag,
    })),
  };

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
const power = fc.oneof(fc.bigInt(0n, 300n), fc.bigInt(1n, (1n << 31n) - 1n), fc.bigInt(1n << 30n, (1n << 63n) - 1n), fc.bigInt(-(1n << 63n), -1n), fc.constantFrom(0n, 1n, (1n << 31n) - 1n, 1n << 31n));
const vote: fc.Arbitrary<ExtendedVoteInfo> = fc.record({
  validator: fc.option(fc.record({ address: fc.oneof(fc.uint8Array({ minLength: 20, maxLength: 20 }), bytes(3)), power }), { nil: undefined, freq: 8 }),
  voteExtension: fc.oneof(bytes(40), fc.uint8Array({ minLength: 120, maxLength: 300 })),
  extensionSignature: fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), bytes(2)),
  blockIdFlag: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3, max: 300 }), fc.constantFrom(127, 128, 2 ** 31 - 1)),
}) as fc.Arbitrary<ExtendedVoteInfo>;
const round = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -5, max: 2 ** 31 - 1 }), fc.constantFrom(2 ** 28 - 1, 2 ** 28, -1));
const commit = fc.record({ round, votes: fc.array(vote, { maxLength: 6 }) });
const encoded = commit.map((info) => Buffer.from(ExtendedCommitInfo.encode(info).finish()));

const varint = (value: number) => [...uvarint(value)];
const delimited = (tag: number, payload: number[]) => [tag, ...varint(payload.length), ...payload];
/** A field piece, or none; pieces are then repeated, dropped or shuffled. */
const piece = (make: fc.Arbitrary<number[]>) => fc.option(make, { nil: undefined, freq: 8 });
const arranged = (pieces: fc.Arbitrary<Array<number[] | undefined>>) =>
  fc.tuple(pieces, fc.nat()).map(([parts, seed]) => {
    const kept = parts.filter((part): part is number[] => part !== undefined);
    // mostly in field order, each once: the one-field departures from the encoder's form are the ones to catch
    if (seed % 8 === 0 && kept.length > 1) kept.push(...kept.splice((seed >> 3) % kept.length, 1));
    if (seed % 8 === 1 && kept.length > 0) kept.push(kept[(seed >> 3) % kept.length]);
    return kept.flat();
  });
const smallValue = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.constantFrom(1, 2, 3), weight: 3 }, { arbitrary: fc.constantFrom(127, 128, 2 ** 28 - 1, 2 ** 28), weight: 1 }, { arbitrary: fc.nat(), weight: 1 });
const validatorPiece = arranged(
  fc.tuple(
    piece(fc.oneof({ arbitrary: fc.uint8Array({ minLength: 20, maxLength: 20 }), weight: 3 }, { arbitrary: fc.constant(new Uint8Array()), weight: 1 }, { arbitrary: bytes(3), weight: 1 }).map((address) => delimited(0x0a, [...address]))),
    piece(smallValue.map((value) => [0x18, ...varint(value)])),
  ),
).map((payload) => delimited(0x0a, payload));
const votePiece = arranged(
  fc.tuple(
    piece(validatorPiece),
    piece(bytes(5).map((extension) => delimited(0x1a, [...extension]))),
    piece(bytes(3).map((signature) => delimited(0x22, [...signature]))),
    piece(smallValue.map((flag) => [0x28, ...varint(flag)])),
  ),
).map((payload) => delimited(0x12, payload));
/** Bodies built field by field: defaults written out, fields repeated or out of order, lengths of zero. */
const handBuilt = arranged(fc.tuple(piece(smallValue.map((value) => [0x08, ...varint(value)])), piece(votePiece), piece(votePiece), piece(votePiece))).map((body) => Buffer.from(body));

/** A live commit's vote with exactly one field off the encoder's form, beside a well-formed one. */
const oneOff = fc
  .record({
    address: fc.uint8Array({ minLength: 20, maxLength: 20 }),
    power: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2 ** 31 - 2, max: 2 ** 40 })),
    extension: fc.uint8Array({ minLength: 1, maxLength: 5 }),
    flag: fc.integer({ min: 1, max: 3 }),
    round: fc.integer({ min: 0, max: 300 }),
    tweak: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ address, power, extension, flag, round, tweak }) => {
    const fields = (off: boolean) => {
      const validator = [...(off && tweak === 0 ? [0x0a, 0] : delimited(0x0a, [...address])), ...(off && tweak === 1 ? [0x18, 0] : [0x18, ...varint(power)])];
      const parts = [
        off && tweak === 5 ? [] : delimited(0x0a, validator),
        off && tweak === 2 ? [0x1a, 0] : delimited(0x1a, [...extension]),
        off && tweak === 3 ? [0x22, 0] : delimited(0x22, new Array<number>(64).fill(7)),
        off && tweak === 4 ? [0x28, 0] : [0x28, flag],
      ];
      if (off && tweak === 6) parts.push(...parts.splice(1, 1));
      if (off && tweak === 7) parts.push([0x28, flag]);
      return delimited(0x12, parts.flat());
    };
    const roundPiece = tweak === 8 ? [0x08, 0] : round > 0 ? [0x08, ...varint(round)] : [];
    return Buffer.from([...roundPiece, ...fields(false), ...fields(true)]);
  });

/** Encodings and what an attacker makes of them: bytes changed, added, removed, cut, fields appended, varints padded. */
const mutated = fc.oneof(
  encoded,
  fc.tuple(encoded, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([body, at, value]) => {
    const out = Buffer.from(body);
    if (out.length > 0) out[at % out.length] = value;
    return out;
  }),
  fc.tuple(encoded, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([body, at, value]) => {
    const cut = body.length === 0 ? 0 : at % (body.length + 1);
    return Buffer.concat([body.subarray(0, cut), Buffer.from([value]), body.subarray(cut)]);
  }),
  fc.tuple(encoded, fc.nat()).map(([body, at]) => (body.length === 0 ? body : Buffer.concat([body.subarray(0, at % body.length), body.subarray((at % body.length) + 1)]))),
  fc.tuple(encoded, fc.nat()).map(([body, at]) => body.subarray(0, body.length === 0 ? 0 : at % body.length)),
  fc.tuple(encoded, bytes(6)).map(([body, tail]) => Buffer.concat([body, tail])),
  fc.tuple(encoded, fc.nat()).map(([body, at]) => {
    // a varint byte under 0x80 padded into two groups: the same value, not the encoder's form
    const out = Buffer.from(body);
    const start = body.length === 0 ? 0 : at % body.length;
    for (let i = start; i < out.length; i++) if (out[i] < 0x80) return Buffer.concat([out.subarray(0, i), Buffer.from([out[i] | 0x80, 0]), out.subarray(i + 1)]);
    return out;
  }),
  bytes(60),
  handBuilt,
  oneOff,
);

describe("the injected votes read in place", () => {
  test("every body gets the verdict and the votes decode + re-encode gives", () => {
    fc.assert(
      fc.property(mutated, (body) => {
        const expected = view(referenceDecode(body));
        const walked = readCommitLayout(body);
        // what the walk accepts is exactly canonical; what it leaves goes to the reference itself
        if (walked !== undefined) expect(view(walked)).toEqual(expected);
        expect(view(decodeInjectedVotes(Buffer.concat([INJECTED_VOTES_PREFIX, body])))).toEqual(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  // CometBFT caps the total voting power at 2^60 - 1 (MaxTotalVotingPower), so one validator's power can pass 2^31 and 2^53
  test("a live commit's votes (any positive power CometBFT allows, round under 2^28) are read in place or decoded alike", () => {
    const live = fc.record({
      round: fc.integer({ min: 0, max: 2 ** 28 - 1 }),
      votes: fc.array(
        fc.record({
          validator: fc.record({ address: fc.uint8Array({ minLength: 20, maxLength: 20 }), power: fc.oneof(fc.bigInt(1n, (1n << 31n) - 1n), fc.bigInt(1n << 31n, 1n << 32n), fc.bigInt(1n, (1n << 60n) - 1n)) }),
          voteExtension: bytes(300),
          extensionSignature: fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.constant(new Uint8Array())),
          blockIdFlag: fc.integer({ min: 1, max: 3 }),
        }),
        { maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(live, (info) => {
        const tx = encodeInjectedVotes(info);
        const walked = readCommitLayout(tx.subarray(INJECTED_VOTES_PREFIX.length));
        // the walk reads powers a double holds exactly; larger ones go to the decoder, with the same votes
        if (info.votes.every(({ validator }) => validator.power <= BigInt(Number.MAX_SAFE_INTEGER))) expect(walked).toBeDefined();
        expect(view(decodeInjectedVotes(tx))).toEqual(view(info));
      }),
      { numRuns: 1_000 },
    );
  });
});
