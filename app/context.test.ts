import fc from "fast-check";
import { INDEXED_ATTRIBUTES, event } from "./context";

describe("event", () => {
  const listed = [...INDEXED_ATTRIBUTES].map((name) => name.split("."));
  const types = [...new Set(listed.map(([type]) => type)), "coin_spent", "tx", "other"];
  const keys = [...new Set(listed.map(([, key]) => key)), "amount", "fee", "0", "msg_index"];

  it("keeps the attributes in their order and marks for the indexer exactly those listed as type.key", () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uniqueArray(fc.constantFrom(...keys)), fc.string(), (type, names, value) => {
        const attributes = Object.fromEntries(names.map((key) => [key, value]));
        expect(event(type, attributes)).toEqual({
          type,
          attributes: Object.keys(attributes).map((key) => ({ key, value, index: INDEXED_ATTRIBUTES.has(`${type}.${key}`) })),
        });
      }),
    );
  });

  it("indexes a transfer's sender and recipient, not its amount", () => {
    expect(event("transfer", { recipient: "r", sender: "s", amount: "1uopt" }).attributes.map(({ key, index }) => [key, index])).toEqual([
      ["recipient", true],
      ["sender", true],
      ["amount", false],
    ]);
  });
});
