import { decFromString as dec } from "../../lib/fixed";
import { aggregateVoteHash, formatPrices, parsePrices, validateHash, validateSalt } from "./vote";

const VALOPER = "optvaloper1f6hf65n5q4ryhrufjtmmjp356hctwur662fm8d";

describe("commit-reveal hash", () => {
  test("is the first 20 bytes of sha256(\"{salt}:{prices}:{validator}\") (vector from Python's hashlib)", () => {
    expect(aggregateVoteHash("0123456789abcdef", "BTC:65000,ETH:3000.5,uopt:1.25", VALOPER)).toBe("9f83672b651ed0f4ea8ebb6d2e27f4d90649fab2");
  });

  test("changes with any part of the input", () => {
    const base = aggregateVoteHash("0123456789abcdef", "BTC:65000", VALOPER);
    expect(aggregateVoteHash("0123456789abcdee", "BTC:65000", VALOPER)).not.toBe(base);
    expect(aggregateVoteHash("0123456789abcdef", "BTC:65001", VALOPER)).not.toBe(base);
    expect(aggregateVoteHash("0123456789abcdef", "BTC:65000", VALOPER.replace("8d", "8e"))).not.toBe(base);
  });

  test.each([
    ["0123456789abcdef", true],
    ["a".repeat(64), true],
    ["0123456789abcde", false], // 15 characters: too little entropy
    ["a".repeat(65), false],
    ["0123456789ABCDEF", false],
    ["0123456789abcdeg", false],
  ])("salt %s valid: %s", (salt, valid) => {
    if (valid) expect(() => validateSalt(salt)).not.toThrow();
    else expect(() => validateSalt(salt)).toThrow(/malformed salt/);
  });

  test.each([
    ["9f83672b651ed0f4ea8ebb6d2e27f4d90649fab2", true],
    ["9f83672b651ed0f4ea8ebb6d2e27f4d90649fab", false],
    ["9F83672B651ED0F4EA8EBB6D2E27F4D90649FAB2", false],
    ["", false],
  ])("hash %s valid: %s", (hash, valid) => {
    if (valid) expect(() => validateHash(hash)).not.toThrow();
    else expect(() => validateHash(hash)).toThrow(/malformed prevote hash/);
  });
});

describe("prices string", () => {
  test("parses ASSET:PRICE pairs; empty abstains from everything", () => {
    expect(parsePrices("BTC:65000.5,ETH:3000,BTC-IV:0.65")).toEqual([
      { asset: "BTC", price: dec("65000.5") },
      { asset: "ETH", price: dec("3000") },
      { asset: "BTC-IV", price: dec("0.65") },
    ]);
    expect(parsePrices("")).toEqual([]);
  });

  test.each([
    ["BTC", "not ASSET:PRICE"],
    ["BTC:1:2", "not ASSET:PRICE"],
    ["BTC:65000,", "not ASSET:PRICE"],
    ["BTC:0", "must be positive"],
    ["BTC:-1", "must be positive"],
    ["BTC:1e3", "not a decimal"],
    ["BTC:1.0000000000000000001", "not a decimal"],
    ["BTC: 1", "not a decimal"],
    ["BTC:1,BTC:2", "appears twice"],
    ["1BTC:1", "not an asset name"],
    ["BT/C:1", "not an asset name"],
    [`BTC:1${"0".repeat(31)}`, "at most 1e30"],
  ])("refuses %s (%s)", (text, reason) => {
    expect(() => parsePrices(text)).toThrow(reason);
  });

  test("formats canonically: assets in code-unit order, shortest decimals; round-trips", () => {
    const text = formatPrices([
      { asset: "uopt", price: dec("1.250") },
      { asset: "ETH", price: dec("3000") },
      { asset: "BTC", price: dec("65000.5") },
    ]);
    expect(text).toBe("BTC:65000.5,ETH:3000,uopt:1.25");
    expect(formatPrices(parsePrices(text))).toBe(text);
  });
});
