import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { decFromString as dec } from "../../lib/fixed";
import { FileSource, HttpJsonSource, SimulatedSource, collectPrices, readPath, sourceFromConfig } from "./sources";

const ASSETS = ["BTC", "ETH", "uopt"];

/** A JSON price server on 127.0.0.1 whose answer a test can change; nothing here reaches the internet. */
async function priceServer(): Promise<{ url: string; answer: (status: number, body: string) => void; close: () => Promise<void> }> {
  let reply = { status: 200, body: "{}" };
  const server = http.createServer((_req, res) => {
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ticker`,
    answer: (status, body) => (reply = { status, body }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("readPath", () => {
  const document = { data: { BTC: { price: "65000.5" }, ETH: 3000.25, list: [{ last: 1.5 }] }, zero: 0, text: "abc", tiny: 1e-7 };
  test.each([
    ["data.BTC.price", "65000.5"],
    ["data.ETH", "3000.25"],
    ["data.list[0].last", "1.5"],
    ["data.list.0.last", "1.5"],
    ["tiny", "0.0000001"],
  ])("%s → %s", (jsonPath, expected) => expect(readPath(document, jsonPath)).toBe(dec(expected)));

  test.each([
    ["data.SOL", "no"],
    ["zero", "not a positive price"],
    ["text", "not a price"],
    ["data", "not a price"],
    ["data.list[3].last", "no"],
  ])("%s is garbage (%s)", (jsonPath, reason) => expect(() => readPath(document, jsonPath)).toThrow(reason));
});

describe("sources", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "optchain-sources-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("HTTP JSON: prices by path; a missing asset is reported, not invented", async () => {
    const server = await priceServer();
    try {
      server.answer(200, JSON.stringify({ result: { btc: { usd: 65000 }, eth: { usd: "3000.5" } } }));
      const source = new HttpJsonSource("exchange", server.url, { BTC: "result.btc.usd", ETH: "result.eth.usd", uopt: "result.opt.usd" });
      const answer = await source.fetch({ assets: ASSETS, period: 1 });
      expect([...answer.prices]).toEqual([
        ["BTC", dec("65000")],
        ["ETH", dec("3000.5")],
      ]);
      expect(answer.problems).toEqual(['uopt: no "result.opt.usd" in the document']);
    } finally {
      await server.close();
    }
  });

  test.each([
    [500, "{}", "HTTP 500"],
    [200, "<html>rate limited</html>", "not JSON"],
  ])("HTTP JSON: status %i / %s is a dead source", async (status, body, reason) => {
    const server = await priceServer();
    try {
      server.answer(status, body);
      await expect(new HttpJsonSource("exchange", server.url).fetch({ assets: ASSETS, period: 1 })).rejects.toThrow(reason);
    } finally {
      await server.close();
    }
  });

  test("HTTP JSON: a server that never answers times out", async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await expect(new HttpJsonSource("slow", url, undefined, 200).fetch({ assets: ASSETS, period: 1 })).rejects.toThrow(/abort|timeout/i);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("file: read at every fetch, so an operator can edit it; relative paths resolve against the config", async () => {
    writeFileSync(path.join(dir, "prices.json"), JSON.stringify({ BTC: "65000", ETH: 3000 }));
    const source = sourceFromConfig({ type: "file", path: "prices.json" }, 0, dir);
    expect(source.name).toBe("file-0");
    expect([...(await source.fetch({ assets: ["BTC", "ETH"], period: 1 })).prices]).toEqual([
      ["BTC", dec("65000")],
      ["ETH", dec("3000")],
    ]);
    writeFileSync(path.join(dir, "prices.json"), JSON.stringify({ BTC: "66000", ETH: 3000 }));
    expect((await source.fetch({ assets: ["BTC"], period: 2 })).prices.get("BTC")).toBe(dec("66000"));
    await expect(new FileSource("gone", path.join(dir, "missing.json")).fetch({ assets: ASSETS, period: 1 })).rejects.toThrow(/ENOENT/);
  });

  test("simulated: the same seed gives the same price per period to every feeder, whenever it started; scale makes a liar", async () => {
    const start = { BTC: "65000", uopt: "1.25" };
    const early = new SimulatedSource("a", "seed-1", start);
    const late = new SimulatedSource("b", "seed-1", start);
    const other = new SimulatedSource("c", "seed-2", start);
    const liar = new SimulatedSource("d", "seed-1", start, { scale: "1.3" });
    const at = async (source: SimulatedSource, period: number) => (await source.fetch({ assets: ["BTC", "uopt", "ETH"], period })).prices;
    for (let period = 1; period <= 50; period++) await at(early, period);
    const fromEarly = await at(early, 50);
    expect(await at(late, 50)).toEqual(fromEarly);
    expect(fromEarly.has("ETH")).toBe(false);
    expect((await at(other, 50)).get("BTC")).not.toBe(fromEarly.get("BTC"));
    const ratio = Number((await at(liar, 50)).get("BTC")) / Number(fromEarly.get("BTC"));
    expect(ratio).toBeCloseTo(1.3, 6);
    // it moves, but stays near its start (mean reversion)
    const walk = await Promise.all(Array.from({ length: 200 }, (_, k) => at(early, k + 1)));
    const btc = walk.map((prices) => Number(prices.get("BTC")) / 1e18);
    expect(new Set(btc).size).toBeGreaterThan(150);
    expect(Math.min(...btc)).toBeGreaterThan(65000 * 0.9);
    expect(Math.max(...btc)).toBeLessThan(65000 * 1.1);
  });
});

describe("collectPrices", () => {
  test("median per asset over healthy sources; dead and garbage sources are skipped and said so; no source → abstain", async () => {
    const server = await priceServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-collect-"));
    try {
      server.answer(200, JSON.stringify({ BTC: 65100, ETH: "garbage" }));
      writeFileSync(path.join(dir, "a.json"), JSON.stringify({ BTC: "65000", ETH: "3000" }));
      writeFileSync(path.join(dir, "b.json"), JSON.stringify({ BTC: "64900", ETH: "3010" }));
      const sources = [
        new HttpJsonSource("http", server.url),
        new FileSource("a", path.join(dir, "a.json")),
        new FileSource("b", path.join(dir, "b.json")),
        new FileSource("dead", path.join(dir, "nope.json")),
      ];
      const collected = await collectPrices(sources, { assets: ASSETS, period: 7 });
      expect([...collected.prices]).toEqual([
        ["BTC", dec("65000")],
        ["ETH", dec("3000")],
      ]);
      expect(collected.abstained).toEqual(["uopt"]);
      expect(collected.problems).toEqual([
        'source http: ETH: "garbage" is not a price',
        "source http: uopt: no \"uopt\" in the document",
        'source a: uopt: no "uopt" in the document',
        'source b: uopt: no "uopt" in the document',
        expect.stringMatching(/^source dead skipped: ENOENT/),
      ]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every source down: every asset abstained, nothing thrown", async () => {
    const collected = await collectPrices([new FileSource("gone", "/nonexistent/prices.json")], { assets: ASSETS, period: 1 });
    expect(collected.prices.size).toBe(0);
    expect(collected.abstained).toEqual(ASSETS);
    expect(collected.problems).toHaveLength(1);
  });
});
