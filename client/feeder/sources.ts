// Price sources of the feeder. Off-chain code: floats and wall-clock time are fine here, prices leave it as
// exact decimal strings.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Dec, decFromString } from "../../lib/fixed";
import { DEFAULT_DEVIATION_THRESHOLD, filterDeviation } from "./deviation";
import type { FeederMetrics } from "./telemetry";

/** What a source is asked for: the assets, and the vote period (the simulator's clock, shared by every feeder). */
export interface FetchRequest {
  assets: readonly string[];
  period: number;
}

export interface SourceAnswer {
  prices: Map<string, Dec>;
  /** Assets the source should have given but could not (missing, garbage). */
  problems: string[];
}

export interface PriceSource {
  readonly name: string;
  /** Set when the source records its own providers' latency and errors (the exchanges): collectPrices does not. */
  readonly metersProviders?: boolean;
  /** Prices it could read, by asset; throws when the whole source is unusable (down, not JSON, …). */
  fetch(request: FetchRequest): Promise<SourceAnswer>;
}

export type SourceConfig =
  | { type: "http"; name?: string; url: string; paths?: Record<string, string>; timeout_ms?: number }
  | { type: "file"; name?: string; path: string; paths?: Record<string, string> }
  | { type: "simulated"; name?: string; seed: number | string; start: Record<string, string>; volatility?: string; reversion?: string; scale?: string };

export interface FeederConfig {
  sources: SourceConfig[];
  /** Assets to vote on; default: the chain's whitelist. */
  assets?: string[];
}

/**
 * A value found in a JSON document: `"data.BTC.price"`, `"tickers[0].last"`. Numbers and decimal strings are
 * accepted; anything else, zero or negative is garbage.
 */
export function readPath(document: unknown, path: string): Dec {
  let node: unknown = document;
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".").filter((p) => p !== "")) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, part)) throw new Error(`no "${path}" in the document`);
    node = (node as Record<string, unknown>)[part];
  }
  const price = toDec(node);
  if (price <= 0n) throw new Error(`"${path}" is ${JSON.stringify(node)}, not a positive price`);
  return price;
}

/** An exchange's price, a decimal string or a JSON number, as fixed point; anything else, zero or negative throws. */
export function parseDecimalPrice(value: unknown): Dec {
  const price = toDec(value);
  if (price <= 0n) throw new Error(`${JSON.stringify(value)} is not a positive price`);
  return price;
}

function toDec(value: unknown): Dec {
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) return decFromString(truncateDecimals(value.trim()));
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value < 1e21) {
    const text = String(value).includes("e") ? value.toFixed(18) : String(value);
    return decFromString(truncateDecimals(text));
  }
  throw new Error(`${JSON.stringify(value)?.slice(0, 60)} is not a price`);
}

/** Sources quote more digits than 18 now and then; the chain takes at most 18 decimals. */
function truncateDecimals(text: string): string {
  const [whole, fraction] = text.split(".");
  return fraction === undefined ? whole : `${whole}.${fraction.slice(0, 18)}`;
}

function pricesFrom(document: unknown, assets: readonly string[], paths: Record<string, string> | undefined): SourceAnswer {
  const prices = new Map<string, Dec>();
  const problems: string[] = [];
  for (const asset of assets) {
    const path = paths ? paths[asset] : asset;
    if (path === undefined) continue;
    try {
      prices.set(asset, readPath(document, path));
    } catch (err) {
      problems.push(`${asset}: ${(err as Error).message}`);
    }
  }
  return { prices, problems };
}

/** A JSON document over HTTP(S), with a JSON path per asset (default: the asset name at the top level). */
export class HttpJsonSource implements PriceSource {
  constructor(readonly name: string, private readonly url: string, private readonly paths?: Record<string, string>, private readonly timeoutMs = 2000) {}

  async fetch({ assets }: FetchRequest): Promise<SourceAnswer> {
    const response = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${this.url}`);
    const text = await response.text();
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Error(`${this.url} answered something that is not JSON: ${JSON.stringify(text.slice(0, 60))}`);
    }
    return pricesFrom(document, assets, this.paths);
  }
}

/** A JSON file read at every fetch (an operator's manual override, or a test's). */
export class FileSource implements PriceSource {
  constructor(readonly name: string, private readonly path: string, private readonly paths?: Record<string, string>) {}

  async fetch({ assets }: FetchRequest): Promise<SourceAnswer> {
    const text = await readFile(this.path, "utf8");
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Error(`${this.path} is not JSON`);
    }
    return pricesFrom(document, assets, this.paths);
  }
}

/**
 * A mean-reverting random walk of log prices, one step per vote period, driven by sha256(seed, asset, step):
 * every feeder with the same seed sees the same price in the same period, whenever it started, so a localnet
 * of honest simulated feeders agrees. `scale` multiplies the result (a lying feeder is scale 1.3).
 */
export class SimulatedSource implements PriceSource {
  private readonly walks = new Map<string, { step: number; logDeviation: number }>();
  private readonly start: Map<string, number>;
  private readonly volatility: number;
  private readonly reversion: number;
  private readonly scale: number;

  constructor(readonly name: string, private readonly seed: string, start: Record<string, string>, options: { volatility?: string; reversion?: string; scale?: string } = {}) {
    this.start = new Map(Object.entries(start).map(([asset, price]) => [asset, Number(price)]));
    for (const [asset, price] of this.start) if (!(price > 0)) throw new Error(`simulated start price of ${asset} must be positive`);
    this.volatility = Number(options.volatility ?? "0.002");
    this.reversion = Number(options.reversion ?? "0.02");
    this.scale = Number(options.scale ?? "1");
  }

  async fetch({ assets, period }: FetchRequest): Promise<SourceAnswer> {
    const prices = new Map<string, Dec>();
    for (const asset of assets) {
      const start = this.start.get(asset);
      if (start === undefined) continue;
      const price = start * Math.exp(this.logDeviationAt(asset, period)) * this.scale;
      prices.set(asset, decFromString(truncateDecimals(price.toFixed(Math.max(2, 8 - Math.floor(Math.log10(price)))))));
    }
    return { prices, problems: [] };
  }

  /** Steps are computed once and forward only; a feeder starting late catches up in one loop. */
  private logDeviationAt(asset: string, step: number): number {
    let walk = this.walks.get(asset);
    if (!walk || walk.step > step) walk = { step: 0, logDeviation: 0 };
    while (walk.step < step) {
      walk.step++;
      walk.logDeviation = walk.logDeviation * (1 - this.reversion) + this.volatility * this.normal(asset, walk.step);
    }
    this.walks.set(asset, walk);
    return walk.logDeviation;
  }

  /** A standard normal draw from two uniform draws of the hash (Box–Muller). */
  private normal(asset: string, step: number): number {
    const digest = createHash("sha256").update(`${this.seed}:${asset}:${step}`).digest();
    const u1 = (digest.readUInt32BE(0) + 1) / 4294967297;
    const u2 = digest.readUInt32BE(4) / 4294967296;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

export function sourceFromConfig(config: SourceConfig, index: number, baseDir: string): PriceSource {
  const name = config.name ?? `${config.type}-${index}`;
  switch (config.type) {
    case "http":
      return new HttpJsonSource(name, config.url, config.paths, config.timeout_ms);
    case "file":
      return new FileSource(name, config.path.startsWith("/") ? config.path : `${baseDir}/${config.path}`, config.paths);
    case "simulated":
      return new SimulatedSource(name, String(config.seed), config.start, config);
    default:
      throw new Error(`source ${index}: unknown type ${JSON.stringify((config as { type?: unknown }).type)} (http, file or simulated)`);
  }
}

export interface Collected {
  /** Median per asset over the sources that answered it; assets with no healthy source are left out (abstained). */
  prices: Map<string, Dec>;
  abstained: string[];
  /** One line per problem: a dead source, or an asset a source could not give. */
  problems: string[];
}

/**
 * Asks every source at once; a source that fails or answers garbage is skipped, and one further than
 * `threshold` (a fraction) from the sources' median is dropped; each is said so. `metrics` gets each source's
 * latency and failures.
 */
export async function collectPrices(sources: readonly PriceSource[], request: FetchRequest, threshold: Dec = DEFAULT_DEVIATION_THRESHOLD, metrics?: FeederMetrics): Promise<Collected> {
  const results = await Promise.all(
    sources.map(async (source) => {
      const meter = source.metersProviders ? undefined : metrics;
      const startedMs = Date.now();
      try {
        const answer = await source.fetch(request);
        meter?.providerLatency(source.name, (Date.now() - startedMs) / 1000);
        if (answer.problems.length > 0) meter?.providerError(source.name, "bad_answer", answer.problems.length);
        return { prices: answer.prices, problems: answer.problems.map((problem) => `source ${source.name}: ${problem}`) };
      } catch (err) {
        meter?.providerError(source.name, "failed");
        return { prices: new Map<string, Dec>(), problems: [`source ${source.name} skipped: ${(err as Error).message}`] };
      }
    }),
  );
  const answers = results.map((result) => result.prices);
  const problems = results.flatMap((result) => result.problems);
  const prices = new Map<string, Dec>();
  const abstained: string[] = [];
  for (const asset of request.assets) {
    const candidates = answers.flatMap((answer, i) => {
      const price = answer.get(asset);
      return price === undefined ? [] : [{ provider: sources[i].name, value: price }];
    });
    const filtered = filterDeviation(asset, candidates, threshold);
    problems.push(...filtered.drops.map((drop) => drop.message));
    if (filtered.abstain) problems.push(filtered.abstain);
    if (filtered.price === undefined) abstained.push(asset);
    else prices.set(asset, filtered.price);
  }
  return { prices, abstained, problems };
}
