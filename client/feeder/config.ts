// The feeder's TOML config, shaped like Ojo/Umee price-feeder's, and the one loader both the `optd feeder`
// tx feeder and the validator's price sidecar (`optd feeder sidecar`, client/feeder/sidecar.ts) read their sources from.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { type Dec, decFromString } from "../../lib/fixed";
import { DVOL_QUOTE, PROVIDERS, type Pair, type ProviderName, createProvider } from "./exchanges";
import { type CurrencyPair, FRACTION_PER_DVOL_POINT, MarketSource, type ProviderSettings, UUSDC_PER_USD } from "./markets";
import { type FeederConfig, type PriceSource, type SourceConfig, sourceFromConfig } from "./sources";
import type { FeederMetrics } from "./telemetry";

export interface ProviderEndpoint {
  name: ProviderName;
  rest?: string;
  timeoutMs: number;
  ttlMs: number;
  intervalMs: number;
}

export interface FeederTomlConfig {
  assets?: string[];
  currencyPairs: CurrencyPair[];
  deviationThresholds: Map<string, Dec>;
  providerEndpoints: Map<ProviderName, ProviderEndpoint>;
  sources: SourceConfig[];
  account: { address?: string; chainId?: string; validator?: string };
  keyring: { backend: KeyringBackendName; dir?: string; key?: string; mnemonicFile?: string; hdPath?: string };
  telemetry: { enabled: boolean; listenAddress: string };
  rpc: { rpcAddress?: string; timeoutMs?: number };
}

/** Spot tickers move every second; DVOL is a one-minute candle. */
const DEFAULT_TTL_MS: Record<ProviderName, number> = { binance: 30_000, coinbase: 30_000, kraken: 30_000, okx: 30_000, bybit: 30_000, deribit: 180_000 };
export const DEFAULT_TELEMETRY_LISTEN = "127.0.0.1:7171";
/** `optd keys`' backends (file: encrypted; test: plain text, localnets only), and a bare mnemonic file (localnets only). */
export const KEYRING_BACKENDS = ["file", "test", "mnemonic-file"] as const;
export type KeyringBackendName = (typeof KEYRING_BACKENDS)[number];

class ConfigError extends Error {}

type Table = Record<string, unknown>;

function fail(file: string, field: string, message: string): never {
  throw new ConfigError(`${file}: ${field}: ${message}`);
}

/** Reads a TOML document's fields with errors that name the field (`currency_pairs[1].providers[0]`). */
class Fields {
  constructor(private readonly file: string, private readonly table: Table, private readonly at: string, known: readonly string[]) {
    for (const key of Object.keys(table)) if (!known.includes(key)) fail(file, this.name(key), `unknown field (known: ${known.join(", ")})`);
  }

  name(key: string): string {
    return this.at ? `${this.at}.${key}` : key;
  }

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const value = this.table[key];
    if (value === undefined) return required ? fail(this.file, this.name(key), "is required") : undefined;
    if (typeof value !== "string" || value.trim() === "") fail(this.file, this.name(key), `must be a non-empty string, got ${JSON.stringify(value)}`);
    return value;
  }

  /** Decimals are written as strings ("0.05"): a TOML float would be rounded before it is read. */
  decimal(key: string, required = false): Dec | undefined {
    const text = this.string(key, required as true);
    if (text === undefined) return undefined;
    let value: Dec;
    try {
      value = decFromString(text);
    } catch {
      fail(this.file, this.name(key), `${JSON.stringify(text)} is not a decimal string like "0.05"`);
    }
    if (value <= 0n) fail(this.file, this.name(key), `must be positive, got ${JSON.stringify(text)}`);
    return value;
  }

  integer(key: string, fallback: number, min: number): number {
    const value = this.table[key];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) fail(this.file, this.name(key), `must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.table[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") fail(this.file, this.name(key), `must be true or false, got ${JSON.stringify(value)}`);
    return value;
  }

  strings(key: string, required = false): string[] | undefined {
    const value = this.table[key];
    if (value === undefined) return required ? fail(this.file, this.name(key), "is required") : undefined;
    if (!Array.isArray(value)) fail(this.file, this.name(key), `must be a list of strings, got ${JSON.stringify(value)}`);
    value.forEach((item, i) => {
      if (typeof item !== "string" || item === "") fail(this.file, `${this.name(key)}[${i}]`, `must be a non-empty string, got ${JSON.stringify(item)}`);
    });
    return value as string[];
  }

  table_(key: string): Table {
    const value = this.table[key];
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail(this.file, this.name(key), "must be a table");
    return value as Table;
  }

  tables(key: string): Table[] {
    const value = this.table[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) fail(this.file, this.name(key), `must be an array of tables ([[${key}]])`);
    return value as Table[];
  }
}

function providerName(file: string, field: string, value: string): ProviderName {
  const known = PROVIDERS.find((name) => name === value);
  if (!known) fail(file, field, `unknown provider ${JSON.stringify(value)} (${PROVIDERS.join(", ")})`);
  return known;
}

/** Parses and checks a feeder TOML document; every error names the file and the field. */
export function parseFeederToml(text: string, file = "feeder.toml"): FeederTomlConfig {
  let document: Table;
  try {
    document = parseToml(text) as Table;
  } catch (err) {
    throw new ConfigError(`${file}: not valid TOML: ${(err as Error).message.split("\n")[0]}${"line" in (err as object) ? ` (line ${(err as { line: number }).line})` : ""}`);
  }
  const top = new Fields(file, document, "", ["assets", "currency_pairs", "deviation_thresholds", "provider_endpoints", "sources", "account", "keyring", "telemetry", "rpc"]);

  const providerEndpoints = new Map<ProviderName, ProviderEndpoint>();
  top.tables("provider_endpoints").forEach((table, i) => {
    const at = `provider_endpoints[${i}]`;
    const fields = new Fields(file, table, at, ["name", "rest", "websocket", "timeout_ms", "ttl_ms", "interval_ms"]);
    const name = providerName(file, `${at}.name`, fields.string("name", true));
    if (providerEndpoints.has(name)) fail(file, `${at}.name`, `${name} is listed twice`);
    if (fields.string("websocket") !== undefined) fail(file, `${at}.websocket`, "websocket feeds are not used by this feeder yet (REST only); remove the field");
    const rest = fields.string("rest");
    if (rest !== undefined && !/^https?:\/\/[^/]+/.test(rest)) fail(file, `${at}.rest`, `${JSON.stringify(rest)} is not an http(s) URL`);
    providerEndpoints.set(name, { name, rest, timeoutMs: fields.integer("timeout_ms", 2_000, 1), ttlMs: fields.integer("ttl_ms", DEFAULT_TTL_MS[name], 1), intervalMs: fields.integer("interval_ms", 2_000, 0) });
  });

  const currencyPairs: CurrencyPair[] = top.tables("currency_pairs").map((table, i) => {
    const at = `currency_pairs[${i}]`;
    const fields = new Fields(file, table, at, ["base", "quote", "providers", "chain_asset", "scale", "market_ids"]);
    const base = fields.string("base", true);
    const quote = fields.string("quote", true);
    const providers = fields.strings("providers", true)!.map((name, j) => providerName(file, `${at}.providers[${j}]`, name));
    if (providers.length === 0) fail(file, `${at}.providers`, "must name at least one provider");
    if (quote === DVOL_QUOTE && providers.some((name) => name !== "deribit")) fail(file, `${at}.providers`, `only deribit gives ${DVOL_QUOTE}`);
    if (quote !== DVOL_QUOTE && providers.includes("deribit")) fail(file, `${at}.providers`, `deribit gives only ${DVOL_QUOTE} pairs here`);
    const marketIdsTable = fields.table_("market_ids");
    const marketIds = new Fields(file, marketIdsTable, `${at}.market_ids`, providers);
    const scale = fields.decimal("scale") ?? (quote === DVOL_QUOTE ? FRACTION_PER_DVOL_POINT : UUSDC_PER_USD);
    return {
      base,
      quote,
      providers: [...providers],
      chainAsset: fields.string("chain_asset") ?? (quote === DVOL_QUOTE ? `${base}-IV` : base),
      scale,
      marketIds: Object.fromEntries(providers.flatMap((name) => (marketIds.string(name) ? [[name, marketIds.string(name)!]] : []))),
    };
  });
  for (const pair of currencyPairs) {
    if (pair.quote === "USD" || pair.quote === DVOL_QUOTE) continue;
    if (!currencyPairs.some((other) => other.base === pair.quote && other.quote === "USD")) {
      fail(file, "currency_pairs", `${pair.base}/${pair.quote} needs a ${pair.quote}/USD pair to convert its price to USD; add [[currency_pairs]] base = "${pair.quote}", quote = "USD"`);
    }
  }

  const deviationThresholds = new Map<string, Dec>();
  top.tables("deviation_thresholds").forEach((table, i) => {
    const fields = new Fields(file, table, `deviation_thresholds[${i}]`, ["base", "threshold"]);
    const threshold = fields.decimal("threshold", true)!;
    if (threshold >= decFromString("1")) fail(file, `deviation_thresholds[${i}].threshold`, "is a fraction of the median and must be below 1 (0.05 = 5 %)");
    deviationThresholds.set(fields.string("base", true), threshold);
  });

  const sources = top.tables("sources").map((table, i) => {
    if (!["http", "file", "simulated"].includes(String(table.type))) fail(file, `sources[${i}].type`, `must be "http", "file" or "simulated", got ${JSON.stringify(table.type)}`);
    return table as unknown as SourceConfig;
  });
  if (currencyPairs.length === 0 && sources.length === 0) fail(file, "currency_pairs", "at least one [[currency_pairs]] (or [[sources]]) is required");

  const account = new Fields(file, top.table_("account"), "account", ["address", "chain_id", "validator"]);
  const keyring = new Fields(file, top.table_("keyring"), "keyring", ["backend", "dir", "key", "mnemonic_file", "hd_path"]);
  const backendName = keyring.string("backend") ?? "file";
  const backend = KEYRING_BACKENDS.find((known) => known === backendName);
  if (!backend) fail(file, "keyring.backend", `${JSON.stringify(backendName)} is not a keyring backend (${KEYRING_BACKENDS.join(", ")})`);
  const telemetry = new Fields(file, top.table_("telemetry"), "telemetry", ["enabled", "listen_address"]);
  const rpc = new Fields(file, top.table_("rpc"), "rpc", ["rpc_address", "timeout_ms"]);
  const rpcAddress = rpc.string("rpc_address");
  if (rpcAddress !== undefined && !/^(https?|wss?):\/\//.test(rpcAddress)) fail(file, "rpc.rpc_address", `${JSON.stringify(rpcAddress)} is not a URL`);

  return {
    assets: top.strings("assets"),
    currencyPairs,
    deviationThresholds,
    providerEndpoints,
    sources,
    account: { address: account.string("address"), chainId: account.string("chain_id"), validator: account.string("validator") },
    keyring: { backend, dir: keyring.string("dir"), key: keyring.string("key"), mnemonicFile: keyring.string("mnemonic_file"), hdPath: keyring.string("hd_path") },
    telemetry: { enabled: telemetry.boolean("enabled", false), listenAddress: telemetry.string("listen_address") ?? DEFAULT_TELEMETRY_LISTEN },
    rpc: { rpcAddress, timeoutMs: rpc.integer("timeout_ms", 10_000, 1) },
  };
}

/** The exchanges of a TOML config as one price source; a provider no pair names is not created. */
export function marketSourceFrom(config: FeederTomlConfig, options: { metrics?: FeederMetrics; now?: () => number } = {}): MarketSource {
  const providers = new Map<string, ProviderSettings>();
  for (const name of PROVIDERS) {
    const pairs: Pair[] = config.currencyPairs.filter((pair) => pair.providers.includes(name)).map((pair) => ({ base: pair.base, quote: pair.quote, marketId: pair.marketIds?.[name] }));
    if (pairs.length === 0) continue;
    const endpoint = config.providerEndpoints.get(name);
    const timeoutMs = endpoint?.timeoutMs ?? 2_000;
    providers.set(name, {
      provider: createProvider(name, pairs, { rest: endpoint?.rest, timeoutMs }),
      timeoutMs,
      ttlMs: endpoint?.ttlMs ?? DEFAULT_TTL_MS[name],
      intervalMs: endpoint?.intervalMs ?? 2_000,
    });
  }
  return new MarketSource({ pairs: config.currencyPairs, providers, thresholds: config.deviationThresholds, metrics: options.metrics, now: options.now });
}

export interface LoadedFeederConfig {
  sources: PriceSource[];
  /** Assets to vote on; empty: the chain's whitelist. */
  assets: string[];
  /** The whole TOML config (account, keyring, telemetry, rpc); absent for a JSON config. */
  toml?: FeederTomlConfig;
}

/**
 * A feeder config from a `.toml` file (exchanges, thresholds, account…) or a `.json` one (the older
 * `{"sources": […], "assets": […]}`), as the price sources to poll and the assets to vote on.
 */
export function loadFeederConfig(file: string, options: { metrics?: FeederMetrics; now?: () => number } = {}): LoadedFeederConfig {
  const text = readFileSync(file, "utf8");
  const baseDir = path.dirname(path.resolve(file));
  if (file.endsWith(".toml")) {
    const toml = parseFeederToml(text, file);
    const sources: PriceSource[] = toml.currencyPairs.length > 0 ? [marketSourceFrom(toml, options)] : [];
    sources.push(...toml.sources.map((source, i) => sourceFromConfig(source, i, baseDir)));
    return { sources, assets: toml.assets ?? [], toml };
  }
  const config = JSON.parse(text) as FeederConfig;
  if (!Array.isArray(config.sources) || config.sources.length === 0) throw new Error(`${file}: "sources" must list at least one source`);
  return { sources: config.sources.map((source, i) => sourceFromConfig(source, i, baseDir)), assets: config.assets ?? [] };
}

/** Chain ids of local networks (the localnet's optchain-local-1), where a key in plain text is acceptable. */
export function isLocalnetChainId(chainId: string): boolean {
  return /-local-[A-Za-z0-9]+$/.test(chainId);
}

export const DEFAULT_FEEDER_TOML = `# optd feeder configuration, shaped like Ojo/Umee price-feeder's.
# Prices are voted in chain units: uusdc per 1 unit of the asset (BTC at 65,000 USD is 65000000000), implied
# vols as fractions (a DVOL of 55 is 0.55). Decimals are strings so that nothing is rounded on the way in.

# Assets to vote on; without this line, the chain's whitelist (assets no pair prices are abstained on).
# assets = ["BTC", "ETH", "BTC-IV", "ETH-IV"]

[account]
# The feeder's own account (it signs the vote txs; never the validator's key), its chain and validator.
address = "opt1..."
chain_id = "optchain-1"
validator = "optvaloper1..."

[keyring]
# The key of \`optd keys add feeder\` (backend "file": encrypted; its passphrase is asked for, or read from
# OPTD_KEYRING_PASSPHRASE). Found by name (key), else by [account] address. "test" (plain text) and
# "mnemonic-file" (a BIP-39 mnemonic in mnemonic_file, with hd_path) are refused unless the chain id ends in
# -local-N, as the localnet's does.
backend = "file"
dir = "~/.optd/keyring-file"
key = "feeder"
# mnemonic_file = "feeder.mnemonic"
# hd_path = "m/44'/118'/0'/0/0"

[rpc]
rpc_address = "http://127.0.0.1:26657"
timeout_ms = 10000

[telemetry]
# /metrics (Prometheus) and /healthz of the tx feeder. \`optd feeder sidecar --config\` this file serves them beside
# /prices on its own --listen address, and reads neither [account], [keyring] nor [rpc].
enabled = true
listen_address = "127.0.0.1:7171"

# Drop a provider whose price is further than this fraction from the median of all providers of the asset.
# base may name a base currency (BTC) or a chain asset (BTC-IV). Default 0.05.
[[deviation_thresholds]]
base = "BTC"
threshold = "0.02"

[[deviation_thresholds]]
base = "ETH"
threshold = "0.02"

[[deviation_thresholds]]
base = "USDT"
threshold = "0.01"

[[deviation_thresholds]]
base = "BTC-IV"
threshold = "0.1"

[[deviation_thresholds]]
base = "ETH-IV"
threshold = "0.1"

# Per provider (optional): rest = another base URL (a regional host such as https://api.binance.us, or a
# proxy), timeout_ms per poll, ttl_ms (older quotes are dropped, by the exchange's own timestamp where its
# ticker has one), interval_ms between polls (exchanges rate-limit public calls).
[[provider_endpoints]]
name = "binance"
timeout_ms = 2000
ttl_ms = 30000
interval_ms = 2000

[[provider_endpoints]]
name = "deribit"
ttl_ms = 180000
interval_ms = 10000

# A pair quoted in anything but USD is converted through that currency's own USD pair (USDT/USD below).
# chain_asset defaults to base (base-IV for DVOL); scale defaults to 1000000 (uusdc per USD), 0.01 for DVOL.
# market_ids = { kraken = "XXBTZUSD" } sets an exchange's market id where its naming rule does not give it.
[[currency_pairs]]
base = "BTC"
quote = "USDT"
providers = ["binance", "okx", "bybit"]

[[currency_pairs]]
base = "BTC"
quote = "USD"
providers = ["coinbase", "kraken"]

[[currency_pairs]]
base = "ETH"
quote = "USDT"
providers = ["binance", "okx", "bybit"]

[[currency_pairs]]
base = "ETH"
quote = "USD"
providers = ["coinbase", "kraken"]

[[currency_pairs]]
base = "USDT"
quote = "USD"
providers = ["coinbase", "kraken"]

[[currency_pairs]]
base = "BTC"
quote = "DVOL"
providers = ["deribit"]

[[currency_pairs]]
base = "ETH"
quote = "DVOL"
providers = ["deribit"]
`;

/** Writes the commented default config; refuses to overwrite an existing file. */
export function writeDefaultFeederConfig(file: string): void {
  if (existsSync(file)) throw new Error(`${file} exists; not overwriting it`);
  writeFileSync(file, DEFAULT_FEEDER_TOML, { mode: 0o644 });
}
