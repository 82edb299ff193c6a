// The price sidecar's HTTP answers, and the app's feed reading them: real loopback servers, the simulated walk.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { SidecarPriceFeed } from "../../app/abci/price-feed";
import { DEC_ONE } from "../../lib/fixed";
import { parseSidecarAnswer, startSidecar } from "./sidecar";
import { FileSource, SimulatedSource } from "./sources";
import { FeederMetrics } from "./telemetry";

const quiet = { info: () => undefined, error: () => undefined };
const START = { BTC: "65000000000", ETH: "3200000000" };
const simulated = () => new SimulatedSource("simulated", "sidecar-test", START);

async function withSidecar(assets: string[], body: (url: string) => Promise<void>): Promise<void> {
  const sidecar = await startSidecar("127.0.0.1:0", { sources: [simulated()], assets, metrics: new FeederMetrics(), log: quiet });
  try {
    await body(sidecar.url);
  } finally {
    await sidecar.close();
  }
}

const ask = async (url: string, query: string) => {
  const response = await fetch(`${url}/prices${query}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("optd feeder sidecar over HTTP", () => {
  test("nothing to price: 503; asked for the chain's assets at a height, the simulated step of that height as fixed-point integers", async () => {
    await withSidecar([], async (url) => {
      expect(await ask(url, "")).toEqual({ status: 503, body: { error: "no prices yet" } });
      const at5 = await ask(url, "?height=5&assets=BTC,ETH");
      expect(at5.status).toBe(200);
      const expected = await simulated().fetch({ assets: ["BTC", "ETH"], period: 5 });
      expect(parseSidecarAnswer(at5.body).prices).toEqual(expected.prices);
      expect(at5.body).toMatchObject({ decimals: 18, height: "5" });
      const at6 = parseSidecarAnswer((await ask(url, "?height=6&assets=BTC,ETH")).body);
      expect(at6.prices).toEqual((await simulated().fetch({ assets: ["BTC", "ETH"], period: 6 })).prices);
      expect(at6.prices.get("BTC")).not.toBe(expected.prices.get("BTC"));
      // a lower height (an app restarted behind) never walks the sidecar back
      expect((await ask(url, "?height=2")).body).toMatchObject({ height: "6" });
    });
  });

  test("a bad ask is refused with 400 and changes nothing", async () => {
    await withSidecar(["BTC"], async (url) => {
      for (const query of ["?height=0", "?height=-3", "?height=1e9", "?height=abc", "?assets=BTC,%20ETH", `?assets=${"A,".repeat(300)}A`]) {
        expect((await ask(url, query)).status).toBe(400);
      }
      expect((await ask(url, "?height=3")).body).toMatchObject({ height: "3" });
    });
  });
});

describe("parseSidecarAnswer: what the app will sign", () => {
  const good = { prices: { BTC: (65_000_000_000n * DEC_ONE).toString() }, decimals: 18, timestamp: "2026-01-01T00:00:00.000Z", height: "4" };

  test("refuses other scales, decimals, signs, numbers and dates instead of signing a wrong price", () => {
    expect(parseSidecarAnswer(good).prices.get("BTC")).toBe(65_000_000_000n * DEC_ONE);
    for (const bad of [
      { ...good, decimals: 6 },
      { ...good, decimals: undefined },
      { ...good, prices: { BTC: "65000.5" } },
      { ...good, prices: { BTC: "-1" } },
      { ...good, prices: { BTC: 65000 } },
      { ...good, prices: { BTC: "1e30" } },
      { ...good, prices: { "BTC ": "1" } },
      { ...good, prices: null },
      { ...good, timestamp: "yesterday" },
      { ...good, timestamp: 0 },
      null,
      "prices",
      [],
    ]) {
      expect(() => parseSidecarAnswer(bad)).toThrow();
    }
  });

  test("property: any JSON either throws or gives only prices that were plain integer strings, at 18 decimals", () => {
    const answer = fc.record({
      prices: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String), fc.jsonValue())), fc.jsonValue()),
      decimals: fc.oneof(fc.constant(18), fc.integer()),
      timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()),
    });
    fc.assert(
      fc.property(fc.oneof(answer, fc.jsonValue()), (body) => {
        let parsed: ReturnType<typeof parseSidecarAnswer>;
        try {
          parsed = parseSidecarAnswer(body);
        } catch {
          return;
        }
        const raw = (body as { prices: Record<string, unknown> }).prices;
        expect((body as { decimals: number }).decimals).toBe(18);
        expect(Number.isFinite(parsed.atMs)).toBe(true);
        for (const [asset, price] of parsed.prices) {
          expect(typeof raw[asset]).toBe("string");
          expect(price.toString()).toBe(BigInt(raw[asset] as string).toString());
          expect(price).toBeGreaterThanOrEqual(0n);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("SidecarPriceFeed: the app's side", () => {
  test("signs the sidecar's fresh answer; once the sidecar is gone its last prices age out and it abstains", async () => {
    const sidecar = await startSidecar("127.0.0.1:0", { sources: [simulated()], assets: [], metrics: new FeederMetrics(), log: quiet });
    const feed = new SidecarPriceFeed(sidecar.url, { maxAgeMs: 300, timeoutMs: 200, log: quiet });
    expect(feed.prices(["BTC"], 7n)).toBeUndefined();
    await feed.refresh();
    const signed = feed.prices(["BTC"], 7n);
    expect(signed).toEqual((await simulated().fetch({ assets: ["BTC"], period: 8 })).prices);
    await sidecar.close();
    for (;;) {
      await feed.refresh();
      if (feed.prices(["BTC"], 8n) === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  test("a sidecar whose sources all die keeps its last prices, dated when they were collected: the app abstains once they are old", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-sidecar-"));
    const file = path.join(dir, "prices.json");
    writeFileSync(file, JSON.stringify({ BTC: "65000000000" }));
    const sidecar = await startSidecar("127.0.0.1:0", { sources: [new FileSource("file", file)], assets: ["BTC"], metrics: new FeederMetrics(), log: quiet, pollMs: 50 });
    const feed = new SidecarPriceFeed(sidecar.url, { maxAgeMs: 300, log: quiet });
    try {
      await feed.refresh();
      expect(feed.prices(["BTC"], 1n)?.get("BTC")).toBe(65_000_000_000n * DEC_ONE);
      rmSync(file);
      for (;;) {
        await feed.refresh();
        if (feed.prices(["BTC"], 1n) === undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(parseSidecarAnswer((await ask(sidecar.url, "")).body).prices.get("BTC")).toBe(65_000_000_000n * DEC_ONE);
    } finally {
      await sidecar.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a sidecar that accepts the connection and never answers: the ask gives up, the feed keeps answering at once and abstains", async () => {
    const held: net.Socket[] = [];
    const stalled = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const errors: string[] = [];
    const feed = new SidecarPriceFeed(`http://127.0.0.1:${(stalled.address() as net.AddressInfo).port}`, { timeoutMs: 100, log: { info: () => undefined, error: (line: string) => void errors.push(line) } });
    try {
      await feed.refresh();
      await feed.refresh();
      expect(feed.prices(["BTC"], 1n)).toBeUndefined();
      expect(errors).toEqual([expect.stringMatching(/no answer within 100 ms; abstaining/)]);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });
});
