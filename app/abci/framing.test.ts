import fc from "fast-check";
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder, FramingError, MAX_FRAME_BYTES, encodeUvarint, frame } from "./framing";

const echo = (message: string) => Request.encode(Request.fromPartial({ echo: { message } })).finish();

describe("uvarint length prefix", () => {
  test.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16384, [0x80, 0x80, 0x01]],
  ])("%d encodes as %j (unsigned, not zigzag as before v0.35)", (value, bytes) => {
    expect([...encodeUvarint(value)]).toEqual(bytes);
  });
});

describe("FrameDecoder", () => {
  const messages = ["a", "x".repeat(200), "", "hello"].map(echo);
  const stream = Buffer.concat(messages.map(frame));

  test("coalesced frames in one chunk come out one by one", () => {
    const frames = new FrameDecoder().push(stream);
    expect(frames.map((f) => Buffer.from(f).toString("hex"))).toEqual(messages.map((m) => Buffer.from(m).toString("hex")));
  });

  test.each([1, 2, 3, 7, 64])("the same stream split into %d-byte chunks gives the same frames", (size) => {
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += size) frames.push(...decoder.push(stream.subarray(i, i + size)));
    expect(frames.map((f) => Request.decode(f).echo?.message)).toEqual(["a", "x".repeat(200), "", "hello"]);
    expect(decoder.pendingBytes).toBe(0);
  });

  test("a frame split inside its length prefix waits for the rest", () => {
    const big = frame(echo("y".repeat(1000)));
    const decoder = new FrameDecoder();
    expect(decoder.push(big.subarray(0, 1))).toEqual([]);
    expect(decoder.push(big.subarray(1))).toHaveLength(1);
  });

  test("a length beyond the limit is a framing error, not an unbounded buffer", () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push(encodeUvarint(MAX_FRAME_BYTES + 1))).toThrow(FramingError);
  });

  test("a varint longer than 8 bytes is malformed", () => {
    expect(() => new FrameDecoder().push(Buffer.alloc(9, 0xff))).toThrow(/longer than 8 bytes/);
  });

  test("responses round-trip through the same framing", () => {
    const bytes = frame(Response.encode(Response.fromPartial({ flush: {} })).finish());
    const [decoded] = new FrameDecoder().push(bytes);
    expect(Response.decode(decoded).flush).toEqual({});
  });
});

describe("FrameDecoder, any chunking", () => {
  // Small frames beside ones far larger than a read, cut anywhere (inside a prefix too), one byte at a time or many
  // frames at once: the frames come out whole and in order, and what is held back is exactly what is not out yet.
  const body = fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ maxLength: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 200_000 }).map((n) => new Uint8Array(n).fill(n & 0xff)) });
  test("property: frames out equal frames in, pendingBytes equals what is not out", () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 40 }), (bodies, cuts) => {
        const stream = Buffer.concat(bodies.map(frame));
        const decoder = new FrameDecoder();
        const out: Uint8Array[] = [];
        let sent = 0;
        let outBytes = 0;
        for (let i = 0; sent < stream.length; i++) {
          const next = Math.min(stream.length, sent + cuts[i % cuts.length]);
          for (const got of decoder.push(stream.subarray(sent, next))) {
            out.push(Uint8Array.from(got));
            outBytes += frame(got).length;
          }
          sent = next;
          expect(decoder.pendingBytes).toBe(sent - outBytes);
        }
        expect(out.map((b) => Buffer.from(b).toString("hex"))).toEqual(bodies.map((b) => Buffer.from(b).toString("hex")));
        expect(decoder.pendingBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
