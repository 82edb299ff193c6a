// The feeder's TOML config: errors name the field, `optd feeder init` writes a default that loads, both
// formats give the sidecar its sources, and a plaintext mnemonic is refused outside local networks.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decFromString as dec } from "../lib/fixed";
import { DEFAULT_FEEDER_TOML, isLocalnetChainId, loadFeederConfig, parseFeederToml } from "../client/feeder/config";
import { MarketSource } from "../client/feeder/markets";
import { SimulatedSource } from "../client/feeder/sources";
import { runFeeder } from "../cli/feeder";
import { Keyring } from "../cli/keyring";
import { DEV_MNEMONIC } from "../client/index";

const PAIRS = `[[currency_pairs]]\nbase = "BTC"\nquote = "USD"\nproviders = ["coinbase", "kraken"]\n`;

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "optchain-feeder-config-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseFeederToml: every error names the file and the field", () => {
  test.each([
    ["not TOML", `[[currency_pairs]\nbase = "BTC"`, /^f\.toml: not valid TOML: .*\(line 1\)/],
    ["an unknown top-level field", `price_feeder = 1\n${PAIRS}`, /^f\.toml: price_feeder: unknown field/],
    ["a key after a [[table]] belongs to it", `${PAIRS}\nprice_feeder = 1`, /^f\.toml: currency_pairs\[0\]\.price_feeder: unknown field/],
    ["a pair without base", `[[currency_pairs]]\nquote = "USD"\nproviders = ["kraken"]`, /^f\.toml: currency_pairs\[0\]\.base: is required$/],
    ["an unknown provider", `${PAIRS}\n[[currency_pairs]]\nbase = "ETH"\nquote = "USD"\nproviders = ["kraken", "binanse"]`, /^f\.toml: currency_pairs\[1\]\.providers\[1\]: unknown provider "binanse" \(binance, coinbase, kraken, okx, bybit, deribit\)$/],
    ["providers not a list", `[[currency_pairs]]\nbase = "BTC"\nquote = "USD"\nproviders = "kraken"`, /^f\.toml: currency_pairs\[0\]\.providers: must be a list of strings/],
    ["a USDT pair without USDT/USD", `[[currency_pairs]]\nbase = "BTC"\nquote = "USDT"\nproviders = ["binance"]`, /^f\.toml: currency_pairs: BTC\/USDT needs a USDT\/USD pair/],
    ["DVOL from a spot exchange", `[[currency_pairs]]\nbase = "BTC"\nquote = "DVOL"\nproviders = ["binance"]`, /^f\.toml: currency_pairs\[0\]\.providers: only deribit gives DVOL$/],
    ["a float threshold", `${PAIRS}\n[[deviation_thresholds]]\nbase = "BTC"\nthreshold = 0.05`, /^f\.toml: deviation_thresholds\[0\]\.threshold: must be a non-empty string, got 0\.05$/],
    ["a threshold of 150 %", `${PAIRS}\n[[deviation_thresholds]]\nbase = "BTC"\nthreshold = "1.5"`, /^f\.toml: deviation_thresholds\[0\]\.threshold: is a fraction of the median and must be below 1/],
    ["a scale that is not a decimal", `[[currency_pairs]]\nbase = "BTC"\nquote = "USD"\nproviders = ["kraken"]\nscale = "1e6"`, /^f\.toml: currency_pairs\[0\]\.scale: "1e6" is not a decimal string/],
    ["a negative timeout", `${PAIRS}\n[[provider_endpoints]]\nname = "kraken"\ntimeout_ms = -5`, /^f\.toml: provider_endpoints\[0\]\.timeout_ms: must be an integer ≥ 1, got -5$/],
    ["a rest URL without scheme", `${PAIRS}\n[[provider_endpoints]]\nname = "kraken"\nrest = "api.kraken.com"`, /^f\.toml: provider_endpoints\[0\]\.rest: "api\.kraken\.com" is not an http\(s\) URL$/],
    ["a websocket endpoint", `${PAIRS}\n[[provider_endpoints]]\nname = "kraken"\nwebsocket = "wss://ws.kraken.com"`, /^f\.toml: provider_endpoints\[0\]\.websocket: websocket feeds are not used/],
    ["an unknown keyring backend", `${PAIRS}\n[keyring]\nbackend = "os"`, /^f\.toml: keyring\.backend: "os" is not a keyring backend \(file, test, mnemonic-file\)$/],
    ["telemetry.enabled as a string", `${PAIRS}\n[telemetry]\nenabled = "yes"`, /^f\.toml: telemetry\.enabled: must be true or false/],
    ["a typo in [account]", `${PAIRS}\n[account]\nvalidator_address = "optvaloper1x"`, /^f\.toml: account\.validator_address: unknown field \(known: address, chain_id, validator\)$/],
    ["a market id for a provider the pair does not use", `[[currency_pairs]]\nbase = "BTC"\nquote = "USD"\nproviders = ["kraken"]\nmarket_ids = { coinbase = "BTC-USD" }`, /^f\.toml: currency_pairs\[0\]\.market_ids\.coinbase: unknown field/],
    ["nothing to price", `[account]\nvalidator = "optvaloper1x"`, /^f\.toml: currency_pairs: at least one/],
  ])("%s", (_name, text, message) => expect(() => parseFeederToml(text, "f.toml")).toThrow(message));

  test("defaults: chain asset and scale from the quote, thresholds as exact decimals", () => {
    const config = parseFeederToml(`${PAIRS}\n[[currency_pairs]]\nbase = "ETH"\nquote = "DVOL"\nproviders = ["deribit"]\n\n[[deviation_thresholds]]\nbase = "ETH-IV"\nthreshold = "0.1"`);
    expect(config.currencyPairs.map(({ chainAsset, scale }) => [chainAsset, scale])).toEqual([
      ["BTC", dec("1000000")],
      ["ETH-IV", dec("0.01")],
    ]);
    expect(config.deviationThresholds.get("ETH-IV")).toBe(dec("0.1"));
    expect(config.keyring.backend).toBe("file");
    expect(config.telemetry).toEqual({ enabled: false, listenAddress: "127.0.0.1:7171" });
  });
});

describe("optd feeder init", () => {
  test("writes the commented default, which parses and loads as one market source; refuses to overwrite", async () => {
    const file = path.join(dir, "feeder.toml");
    await runFeeder(["init", "--config", file]);
    expect(readFileSync(file, "utf8")).toBe(DEFAULT_FEEDER_TOML);
    expect(readFileSync(file, "utf8")).toMatch(/^# optd feeder configuration/);
    const loaded = loadFeederConfig(file);
    expect(loaded.sources).toHaveLength(1);
    expect(loaded.sources[0]).toBeInstanceOf(MarketSource);
    expect(loaded.toml?.currencyPairs.map((pair) => `${pair.base}/${pair.quote}→${pair.chainAsset}`)).toEqual([
      "BTC/USDT→BTC",
      "BTC/USD→BTC",
      "ETH/USDT→ETH",
      "ETH/USD→ETH",
      "USDT/USD→USDT",
      "BTC/DVOL→BTC-IV",
      "ETH/DVOL→ETH-IV",
    ]);
    expect(loaded.toml?.telemetry.enabled).toBe(true);
    await expect(runFeeder(["init", "--config", file])).rejects.toThrow(/exists; not overwriting/);
  });
});

describe("loadFeederConfig (what optd feeder sidecar reads)", () => {
  test("JSON: the older sources file, unchanged", async () => {
    const file = path.join(dir, "sources.json");
    writeFileSync(file, JSON.stringify({ sources: [{ type: "simulated", seed: 1, start: { BTC: "65000000000" } }], assets: ["BTC"] }));
    const loaded = loadFeederConfig(file);
    expect(loaded.assets).toEqual(["BTC"]);
    expect(loaded.sources[0]).toBeInstanceOf(SimulatedSource);
    expect(loaded.toml).toBeUndefined();
  });

  test("TOML: exchanges as one market source, plus [[sources]] of the older kinds (a uopt price the exchanges do not list)", async () => {
    const file = path.join(dir, "mixed.toml");
    writeFileSync(file, `assets = ["BTC", "uopt"]\n\n${PAIRS}\n[[sources]]\ntype = "simulated"\nname = "opt"\nseed = "s"\nstart = { uopt = "1.25" }\n`);
    const loaded = loadFeederConfig(file);
    expect(loaded.assets).toEqual(["BTC", "uopt"]);
    expect(loaded.sources.map((source) => source.name)).toEqual(["markets", "opt"]);
    expect((await loaded.sources[1].fetch({ assets: ["uopt"], period: 0 })).prices.get("uopt")).toBe(dec("1.25"));
  });
});

describe("keys: a plaintext mnemonic file only on local networks", () => {
  test.each([
    ["optchain-local-1", true],
    ["optchain-local", false],
    ["testnet-local-7", true],
    ["optchain-1", false],
    ["optchain-localnet-1", false],
    ["local-optchain-1", false],
  ])("%s → %s", (chainId, local) => expect(isLocalnetChainId(chainId)).toBe(local));

  test("optd feeder refuses a mnemonic file for a config naming a non-local chain, before reading the key", async () => {
    const file = path.join(dir, "prod.toml");
    writeFileSync(file, `${PAIRS}\n[account]\nchain_id = "optchain-1"\nvalidator = "optvaloper1x"\n\n[keyring]\nbackend = "mnemonic-file"\nmnemonic_file = "does-not-exist.mnemonic"\n`);
    await expect(runFeeder(["--config", file])).rejects.toThrow(/refusing to read the feeder's key from the mnemonic file .*does-not-exist\.mnemonic \(plain text\) for chain "optchain-1"/);
    expect(existsSync(path.join(dir, "does-not-exist.mnemonic"))).toBe(false);
  });

  test("the test keyring (plain text) is refused too; the file keyring's key is unsealed with OPTD_KEYRING_PASSPHRASE", async () => {
    const keyringDir = path.join(dir, "keyring");
    await new Keyring(path.join(keyringDir, "test"), "test").add("feeder", DEV_MNEMONIC, undefined);
    await new Keyring(path.join(keyringDir, "file"), "file").add("feeder", DEV_MNEMONIC, "correct horse");
    const config = (backend: string) => {
      const file = path.join(dir, `keyring-${backend}.toml`);
      writeFileSync(file, `${PAIRS}\n[account]\nchain_id = "optchain-1"\nvalidator = "optvaloper1x"\n\n[keyring]\nbackend = "${backend}"\ndir = "keyring/${backend}"\nkey = "feeder"\n\n[rpc]\nrpc_address = "http://127.0.0.1:9"\n`);
      return file;
    };
    await expect(runFeeder(["--config", config("test")])).rejects.toThrow(/refusing to read the feeder's key from the test keyring .* \(plain text\) for chain "optchain-1"/);
    const saved = process.env.OPTD_KEYRING_PASSPHRASE;
    try {
      process.env.OPTD_KEYRING_PASSPHRASE = "wrong";
      await expect(runFeeder(["--config", config("file")])).rejects.toThrow(/passphrase/i);
      // The right passphrase gets as far as the node, which is not there.
      process.env.OPTD_KEYRING_PASSPHRASE = "correct horse";
      await expect(runFeeder(["--config", config("file")])).rejects.toThrow(/fetch failed|ECONNREFUSED|connect/i);
    } finally {
      if (saved === undefined) delete process.env.OPTD_KEYRING_PASSPHRASE;
      else process.env.OPTD_KEYRING_PASSPHRASE = saved;
    }
  });
});
