// Attacks on the feeder's aggregation: one compromised or broken provider must not move the vote beyond the
// deviation threshold, and is dropped with a log line.
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEC_ONE, decFromString as dec } from "../lib/fixed";
import { filterDeviation } from "../client/feeder/deviation";
import { aggregateQuotes, UUSDC_PER_USD } from "../client/feeder/markets";
import { FileSource, collectPrices } from "../client/feeder/sources";

describe("collectPrices against a lying source", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "optchain-feeder-attack-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = (name: string, btc: string) => {
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ BTC: btc }));
    return new FileSource(name, path.join(dir, `${name}.json`));
  };

  test("one of three sources lies by 30 %: dropped with a log line naming it, the vote stays on the honest ones", async () => {
    const collected = await collectPrices([source("a", "65000"), source("b", "65010"), source("liar", "84500")], { assets: ["BTC"], period: 1 });
    expect(collected.prices.get("BTC")).toBe(dec("65000"));
    expect(collected.problems).toEqual([expect.stringMatching(/^liar BTC 84500 is 29\.\d+% from the median 65010 \(threshold 5%\): dropped$/)]);
  });

  test("one of two sources lies 30 % low: the lower median would be the liar's price; the feeder abstains instead", async () => {
    const collected = await collectPrices([source("honest", "65000"), source("liar2", "45500")], { assets: ["BTC"], period: 1 });
    expect(collected.prices.has("BTC")).toBe(false);
    expect(collected.abstained).toEqual(["BTC"]);
    expect(collected.problems.join("\n")).toMatch(/only 1 of 2 providers within 5% of their median: abstaining/);
  });
});

/** Honest providers agree within the threshold; liars say anything, from dust to absurd; honest ones are a strict majority. */
const providerSets = fc
  .record({
    threshold: fc.bigInt(DEC_ONE / 1000n, DEC_ONE / 4n),
    base: fc.bigInt(DEC_ONE / 100n, 10n ** 33n),
    honestSpreads: fc.array(fc.bigInt(0n, 1_000_000n), { minLength: 1, maxLength: 9 }),
    lies: fc.array(fc.bigInt(1n, 10n ** 36n), { maxLength: 8 }),
  })
  .filter(({ honestSpreads, lies }) => lies.length < honestSpreads.length)
  .map(({ threshold, base, honestSpreads, lies }) => {
    // Each honest price in [base, base × (1 + threshold)]: any two are within threshold × the lower one.
    const honest = honestSpreads.map((spread) => base + (base * threshold * spread) / (DEC_ONE * 1_000_000n));
    return { threshold, honest, lies };
  });

describe("the deviation filter keeps an honest majority's price (property)", () => {
  test("filterDeviation: the result lies within the honest range, and no honest provider is dropped", () => {
    fc.assert(
      fc.property(providerSets, fc.integer(), ({ threshold, honest, lies }, order) => {
        const candidates = [...honest.map((value, i) => ({ provider: `honest${i}`, value })), ...lies.map((value, i) => ({ provider: `liar${i}`, value }))];
        // Providers answer in any order.
        const shuffled = candidates.map((c, i) => ({ c, k: (i * 7919 + order) % 10007 })).sort((a, b) => a.k - b.k).map(({ c }) => c);
        const result = filterDeviation("BTC", shuffled, threshold);
        const low = honest.reduce((a, b) => (a < b ? a : b));
        const high = honest.reduce((a, b) => (a > b ? a : b));
        expect(result.price).toBeDefined();
        expect(result.price! >= low && result.price! <= high).toBe(true);
        expect(result.drops.filter((drop) => drop.provider.startsWith("honest"))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test("aggregateQuotes end to end (USDT quotes converted through a USDT/USD median, one liar per pair): within the honest range", () => {
    fc.assert(
      fc.property(providerSets, fc.bigInt(DEC_ONE - DEC_ONE / 100n, DEC_ONE + DEC_ONE / 100n), ({ threshold, honest, lies }, usdt) => {
        const names = [...honest.map((_, i) => `honest${i}`), ...lies.map((_, i) => `liar${i}`)];
        const values = [...honest, ...lies];
        const quotes = [
          ...names.map((provider, i) => ({ provider, base: "BTC", quote: "USDT", price: values[i], receivedAtMs: 1000 })),
          // Three honest USDT/USD sources and one lying one.
          ...["c1", "c2", "c3"].map((provider) => ({ provider, base: "USDT", quote: "USD", price: usdt, receivedAtMs: 1000 })),
          { provider: "c4", base: "USDT", quote: "USD", price: usdt * 2n, receivedAtMs: 1000 },
        ];
        const pairs = [
          { base: "BTC", quote: "USDT", providers: names, chainAsset: "BTC", scale: UUSDC_PER_USD },
          { base: "USDT", quote: "USD", providers: ["c1", "c2", "c3", "c4"], chainAsset: "USDT", scale: UUSDC_PER_USD },
        ];
        const result = aggregateQuotes(quotes, pairs, { nowMs: 1000, ttlMs: () => 10_000, threshold: () => threshold, assets: ["BTC"] });
        const toChain = (price: bigint) => (((price * usdt) / DEC_ONE) * UUSDC_PER_USD) / DEC_ONE;
        const low = toChain(honest.reduce((a, b) => (a < b ? a : b)));
        const high = toChain(honest.reduce((a, b) => (a > b ? a : b)));
        const price = result.prices.get("BTC");
        expect(price !== undefined && price >= low && price <= high).toBe(true);
        expect(result.drops.filter((drop) => drop.provider.startsWith("honest") || drop.provider.startsWith("c") && drop.provider !== "c4")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
