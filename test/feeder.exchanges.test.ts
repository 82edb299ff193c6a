// The feeder's exchange providers through ccxt against recorded responses served from 127.0.0.1 (no internet):
// each exchange's ticker into chain units, USDT conversion, staleness, and the providers that lie, answer
// garbage or stall, dropped with a log line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decFromString as dec } from "../lib/fixed";
import { loadFeederConfig } from "../client/feeder/config";
import { type ProviderName, createProvider } from "../client/feeder/exchanges";
import type { PriceSource } from "../client/feeder/sources";
import { FeederMetrics, startTelemetryServer } from "../client/feeder/telemetry";
import { STALL, type FixtureServer, startFixtureServer } from "./fixtures/exchanges/server";

/** When the fixtures were recorded (their timestamps are a few seconds before it). */
const RECORDED_MS = Date.UTC(2025, 11, 1);
const PROVIDER_NAMES: ProviderName[] = ["binance", "coinbase", "kraken", "okx", "bybit", "deribit"];

let server: FixtureServer;
let dir: string;
beforeAll(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(path.join(os.tmpdir(), "optchain-feeder-exchanges-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let configs = 0;
/** A TOML config whose providers all point at the fixture server; `endpoint` adds fields to one provider's. */
function writeConfig(pairs: string, endpoint: Partial<Record<ProviderName, string>> = {}): string {
  const endpoints = PROVIDER_NAMES.map((name) => `[[provider_endpoints]]\nname = "${name}"\nrest = "${server.baseFor(name)}"\ninterval_ms = 0\n${endpoint[name] ?? ""}\n`).join("\n");
  const file = path.join(dir, `feeder-${++configs}.toml`);
  writeFileSync(file, `${endpoints}\n${pairs}`);
  return file;
}

const pair = (base: string, quote: string, providers: string[]) => `[[currency_pairs]]\nbase = "${base}"\nquote = "${quote}"\nproviders = ${JSON.stringify(providers)}\n`;
const USDT_FROM_COINBASE = pair("USDT", "USD", ["coinbase"]);
const ALL = [
  pair("BTC", "USDT", ["binance", "okx", "bybit"]),
  pair("BTC", "USD", ["coinbase", "kraken"]),
  pair("ETH", "USDT", ["binance", "okx", "bybit"]),
  pair("ETH", "USD", ["coinbase", "kraken"]),
  pair("USDT", "USD", ["coinbase", "kraken"]),
  pair("BTC", "DVOL", ["deribit"]),
  pair("ETH", "DVOL", ["deribit"]),
].join("\n");
const ASSETS = ["BTC", "ETH", "BTC-IV", "ETH-IV"];

function load(file: string, nowMs = RECORDED_MS + 5_000, metrics?: FeederMetrics): PriceSource {
  const { sources } = loadFeederConfig(file, { now: () => nowMs, metrics });
  expect(sources).toHaveLength(1);
  return sources[0];
}

const chainUnits = (prices: ReadonlyMap<string, bigint>) => Object.fromEntries([...prices].map(([asset, price]) => [asset, price]));

describe("each exchange's recorded ticker", () => {
  // Expected: the exchange's decimal string exactly; USDT prices × 0.99985 (Coinbase's USDT-USD), × 1e6 uusdc.
  test.each<[ProviderName, string, { base: string; quote: string; last: string; timestampMs?: number }[], Record<string, string>]>([
    ["binance", pair("BTC", "USDT", ["binance"]) + pair("ETH", "USDT", ["binance"]) + USDT_FROM_COINBASE, [
      { base: "BTC", quote: "USDT", last: "65010.5", timestampMs: 1764547199000 },
      { base: "ETH", quote: "USDT", last: "3201.2", timestampMs: 1764547199000 },
    ], { BTC: "65000748425", ETH: "3200719820" }],
    ["okx", pair("BTC", "USDT", ["okx"]) + pair("ETH", "USDT", ["okx"]) + USDT_FROM_COINBASE, [
      { base: "BTC", quote: "USDT", last: "65012.1", timestampMs: 1764547199412 },
      { base: "ETH", quote: "USDT", last: "3201.35", timestampMs: 1764547199380 },
    ], { BTC: "65002348185", ETH: "3200869797.5" }],
    ["bybit", pair("BTC", "USDT", ["bybit"]) + pair("ETH", "USDT", ["bybit"]) + USDT_FROM_COINBASE, [
      { base: "BTC", quote: "USDT", last: "65009.9" },
      { base: "ETH", quote: "USDT", last: "3201.1" },
    ], { BTC: "65000148515", ETH: "3200619835" }],
    ["coinbase", pair("BTC", "USD", ["coinbase"]) + pair("ETH", "USD", ["coinbase"]) + USDT_FROM_COINBASE, [
      { base: "BTC", quote: "USD", last: "64998.12", timestampMs: Date.parse("2025-11-30T23:59:58.913Z") },
      { base: "ETH", quote: "USD", last: "3200.55", timestampMs: Date.parse("2025-11-30T23:59:59.120Z") },
      { base: "USDT", quote: "USD", last: "0.99985", timestampMs: Date.parse("2025-11-30T23:59:57.004Z") },
    ], { BTC: "64998120000", ETH: "3200550000" }],
    ["kraken", pair("BTC", "USD", ["kraken"]) + pair("ETH", "USD", ["kraken"]) + pair("USDT", "USD", ["kraken"]), [
      { base: "BTC", quote: "USD", last: "64999.8" },
      { base: "ETH", quote: "USD", last: "3200.61" },
      { base: "USDT", quote: "USD", last: "0.9999" },
    ], { BTC: "64999800000", ETH: "3200610000" }],
    ["deribit", pair("BTC", "DVOL", ["deribit"]) + pair("ETH", "DVOL", ["deribit"]), [
      { base: "BTC", quote: "DVOL", last: "55.23", timestampMs: 1764547140000 },
      { base: "ETH", quote: "DVOL", last: "70.08", timestampMs: 1764547140000 },
    ], { "BTC-IV": "0.5523", "ETH-IV": "0.7008" }],
  ])("%s: exact decimal quotes, then chain units", async (name, pairs, quotes, expected) => {
    const provider = createProvider(name, quotes, { rest: server.baseFor(name) });
    const answer = await provider.fetchQuotes(quotes);
    expect(answer.problems).toEqual([]);
    expect(answer.quotes).toEqual(quotes.map(({ base, quote, last, timestampMs }) => ({ provider: name, base, quote, price: dec(last), timestampMs })));

    const source = load(writeConfig(pairs));
    const result = await source.fetch({ assets: ASSETS, period: 1 });
    expect(result.problems).toEqual([]);
    expect(chainUnits(result.prices)).toEqual(Object.fromEntries(Object.entries(expected).map(([asset, price]) => [asset, dec(price)])));
  });

  test("all five exchanges and DVOL: the median across providers, USDT converted through the USDT/USD median", async () => {
    const result = await load(writeConfig(ALL)).fetch({ assets: ASSETS, period: 1 });
    expect(result.problems).toEqual([]);
    // BTC: Coinbase 64998.12, Kraken 64999.8, Bybit 65009.9 × 0.99985, Binance 65010.5 × 0.99985, OKX 65012.1 × 0.99985
    // (USDT/USD: the lower median of Coinbase 0.99985 and Kraken 0.9999).
    expect(chainUnits(result.prices)).toEqual({ BTC: dec("65000148515"), ETH: dec("3200619835"), "BTC-IV": dec("0.5523"), "ETH-IV": dec("0.7008") });
  });
});

describe("providers that lie, answer garbage, stall or go stale", () => {
  afterEach(() => PROVIDER_NAMES.forEach((name) => server.tamper(name, undefined)));

  test("Binance lies by 30 %: dropped by the deviation filter with a log line; the vote stays within the honest range", async () => {
    server.tamper("binance", (_file, body) => body.replace(/"lastPrice":"(\d+\.\d+)"/, (_m, price: string) => `"lastPrice":"${(Number(price) * 1.3).toFixed(2)}"`));
    const metrics = new FeederMetrics();
    const result = await load(writeConfig(ALL), undefined, metrics).fetch({ assets: ASSETS, period: 1 });
    // In chain units: 84513.65 USDT × 0.99985 × 1e6 uusdc.
    expect(result.problems).toEqual([
      "binance BTC 84500972952.5 is 30.00% from the median 65000148515 (threshold 5%): dropped",
      "binance ETH 4160935766 is 30.00% from the median 3200619835 (threshold 5%): dropped",
    ]);
    // Left: Coinbase, Kraken, Bybit, OKX; the lower median of four is Kraken's.
    expect(result.prices.get("BTC")).toBe(dec("64999800000"));
    expect((await metrics.registry.getSingleMetricAsString("feeder_provider_dropped_total"))).toContain('feeder_provider_dropped_total{provider="binance",asset="BTC",reason="deviation"} 1');
  });

  test("OKX answers garbage (an HTML error page for one pair, a non-number for the other): skipped with a log line", async () => {
    server.tamper("okx", (file, body) => (file.includes("BTC") ? "<html><body>502 Bad Gateway</body></html>" : body.replace(/"last":"[^"]+"/, '"last":"NaN"')));
    const result = await load(writeConfig(ALL)).fetch({ assets: ASSETS, period: 1 });
    // Nothing usable from OKX: one line for the provider, naming each pair's fault.
    expect(result.problems).toEqual([expect.stringMatching(/^provider okx: BTC\/USDT: .*; ETH\/USDT: /)]);
    expect(result.prices.get("BTC")).toBe(dec("64999800000"));
    expect(result.prices.get("ETH")).toBe(dec("3200610000"));
  });

  test("Bybit stalls: not waited for past its timeout, said so once, and the others still vote", async () => {
    server.tamper("bybit", () => STALL);
    const source = load(writeConfig(ALL, { bybit: "timeout_ms = 300" }));
    const startedMs = Date.now();
    const result = await source.fetch({ assets: ASSETS, period: 1 });
    expect(Date.now() - startedMs).toBeLessThan(2_000);
    expect(result.problems).toEqual([expect.stringMatching(/^provider bybit: no answer within 300 ms/)]);
    expect(result.prices.get("BTC")).toBe(dec("64999800000"));
    // Still stalled at the next poll: not logged again.
    expect((await source.fetch({ assets: ASSETS, period: 2 })).problems).toEqual([]);
  });

  test("an exchange that stalls once its quotes are in hand delays no answer: its last quotes are used while fresh", async () => {
    // A ten-minute timeout: were the answer waiting on the stalled poll, this test would run out of time instead.
    const source = load(writeConfig(ALL, { bybit: "timeout_ms = 600000" }));
    expect((await source.fetch({ assets: ASSETS, period: 1 })).prices.get("BTC")).toBe(dec("65000148515"));
    server.tamper("bybit", () => STALL);
    const during = await source.fetch({ assets: ASSETS, period: 2 });
    expect(during.problems).toEqual([]);
    expect(during.prices.get("BTC")).toBe(dec("65000148515"));
    expect(server.requests.filter((request) => request.startsWith("bybit ")).length).toBeGreaterThanOrEqual(4);
  });

  test("staleness: 45 s after the recording, the quotes stamped by their exchange are past the 30 s ttl and dropped", async () => {
    const result = await load(writeConfig(ALL), RECORDED_MS + 45_000).fetch({ assets: ASSETS, period: 1 });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        "binance BTC/USDT is 46 s old (ttl 30 s): dropped",
        "coinbase BTC/USD is 46 s old (ttl 30 s): dropped",
        "coinbase USDT/USD is 48 s old (ttl 30 s): dropped",
        "okx BTC/USDT is 46 s old (ttl 30 s): dropped",
      ]),
    );
    expect(result.problems.filter((line) => /kraken|bybit|deribit/.test(line))).toEqual([]);
    // Kraken's and Bybit's tickers carry no time: fresh from their arrival. USDT/USD is Kraken's 0.9999 alone.
    // BTC: the lower median of Kraken 64999.8 and Bybit 65009.9 × 0.9999.
    expect(result.prices.get("BTC")).toBe(dec("64999800000"));
    expect(result.prices.get("BTC-IV")).toBe(dec("0.5523"));
  });

  test("no USDT/USD rate (both its providers down): USDT quotes are dropped, not voted as if USDT were USD", async () => {
    server.tamper("coinbase", (file, body) => (file.includes("USDT") ? "{}" : body));
    server.tamper("kraken", (_file, body) => body.replace(/"USDTZUSD":\{"a":\["[^"]+"/, '"USDTZUSD":{"a":["x"').replace(/"c":\["0\.99990000"/, '"c":["-1"'));
    const result = await load(writeConfig(ALL)).fetch({ assets: ASSETS, period: 1 });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^provider coinbase: USDT\/USD: /),
        expect.stringMatching(/^provider kraken: USDT\/USD: "-1" is not a/),
        "binance BTC: no USDT/USD rate to convert BTC/USDT: dropped",
        "okx ETH: no USDT/USD rate to convert ETH/USDT: dropped",
      ]),
    );
    // Coinbase 64998.12 and Kraken 64999.8 only.
    expect(result.prices.get("BTC")).toBe(dec("64998120000"));
  });
});

describe("telemetry", () => {
  test("/metrics over HTTP: last prices, provider latency and errors; /healthz turns 200 once prices flow", async () => {
    const metrics = new FeederMetrics();
    const telemetry = await startTelemetryServer("127.0.0.1:0", metrics);
    try {
      expect((await fetch(`${telemetry.url}/healthz`)).status).toBe(503);
      server.tamper("okx", () => "not json");
      await load(writeConfig(ALL), undefined, metrics).fetch({ assets: ASSETS, period: 1 });
      metrics.missCounter("optvaloper1xyz", 3, 40);
      metrics.voteSent("accepted");
      const response = await fetch(`${telemetry.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('feeder_price{asset="BTC"} 64999800000');
      expect(text).toContain('feeder_price{asset="BTC-IV"} 0.5523');
      expect(text).toMatch(/feeder_provider_latency_seconds_count\{provider="binance"\} 1/);
      expect(text).toContain('feeder_provider_errors_total{provider="okx",reason="bad_answer"} 2');
      expect(text).toContain('feeder_oracle_misses{validator="optvaloper1xyz"} 3');
      expect(text).toContain('feeder_votes_total{result="accepted"} 1');
      expect(text).toMatch(/feeder_answer_seconds_count 1/);
      const health = await fetch(`${telemetry.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
    } finally {
      server.tamper("okx", undefined);
      await telemetry.close();
    }
  });
});
