import fc from "fast-check";
import { byteString, compareBytes } from "./bytes";

describe("byteString", () => {
  it("gives one id per byte sequence, whether it is held in a Buffer, a Uint8Array or a view into a larger one, in bytewise order", () => {
    const held = (bytes: Uint8Array, before: Uint8Array) => {
      const larger = new Uint8Array([...before, ...bytes, 7]);
      const view = larger.subarray(before.length, before.length + bytes.length);
      return [Buffer.from(bytes), new Uint8Array(bytes), view, Buffer.from(larger.buffer, before.length, bytes.length)];
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 5 }), (a, b, before) => {
        const ids = held(a, before).map(byteString);
        expect(new Set(ids).size).toBe(1);
        expect(ids[0].length).toBe(a.length);
        const other = byteString(held(b, before)[2]);
        expect(other === ids[0]).toBe(compareBytes(a, b) === 0);
        expect(Math.sign(compareBytes(a, b))).toBe(ids[0] < other ? -1 : ids[0] > other ? 1 : 0);
      }),
    );
  });
});
