// The price sidecar (`optd feeder sidecar`): a process beside the validator's node that polls the feeder's
// sources and answers the app's asks with the latest aggregated prices, as Skip Connect's oracle sidecar does for
// dYdX's ExtendVote. Off-chain code: the wall clock only dates the answers.
import type { Logger } from "../../app/logger";
import { type Dec, DEC_DECIMALS } from "../../lib/fixed";
import { type PriceSource, collectPrices } from "./sources";
import { type FeederMetrics, type Route, startTelemetryServer } from "./telemetry";

/** Where the sidecar listens unless told otherwise: loopback only, as the node's app is its one client. */
export const DEFAULT_SIDECAR_LISTEN = "127.0.0.1:8080";

/** GET /prices: each price as an integer of 10^-decimals units (sdk.Dec's 18), and when its collection started. */
export interface SidecarAnswer {
  prices: Record<string, string>;
  decimals: number;
  /** ISO 8601 */
  timestamp: string;
  /** The step of height-driven (simulated) sources these prices are for: the highest height asked so far. */
  height: string;
}

const ASSET = /^[A-Za-z0-9/-]{1,32}$/;
const MAX_ASSETS = 200;

export interface PriceSidecarOptions {
  sources: readonly PriceSource[];
  /** The config's assets; empty: whatever the app asks for (the chain's whitelist, which governance may change). */
  assets: readonly string[];
  metrics: FeederMetrics;
  log: Logger;
  /** Background polls keep real-market prices fresh while no new height is asked for. */
  pollMs?: number;
  /** A collection slower than this is abandoned, and the last prices stay. */
  collectTimeoutMs?: number;
}

export class PriceSidecar {
  private latest?: { prices: ReadonlyMap<string, Dec>; atMs: number; height: number };
  private wanted: readonly string[];
  private height = 0;
  private collecting?: Promise<void>;
  private reported = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: PriceSidecarOptions) {
    this.wanted = options.assets;
  }

  /**
   * The answer to one ask; undefined while there are no prices. A higher `height` than any before moves the
   * simulated sources one step, and is waited for so that every honest validator signs the same step; prices
   * of real markets come from the providers' last polls, so this costs no exchange round trip.
   */
  async answer(ask: { height?: number; assets?: readonly string[] }): Promise<SidecarAnswer | undefined> {
    if (this.options.assets.length === 0 && ask.assets && ask.assets.length > 0) this.wanted = ask.assets;
    if (ask.height !== undefined && ask.height > this.height) {
      this.height = ask.height;
      await this.collect();
      // a collection already under way when the ask came was for the height before
      if (this.latest && this.latest.height < this.height) await this.collect();
    } else if (!this.latest) {
      await this.collect();
    }
    const latest = this.latest;
    if (!latest) return undefined;
    return {
      prices: Object.fromEntries([...latest.prices].map(([asset, price]) => [asset, price.toString()])),
      decimals: DEC_DECIMALS,
      timestamp: new Date(latest.atMs).toISOString(),
      height: String(latest.height),
    };
  }

  start(): void {
    void this.collect();
    this.timer = setInterval(() => void this.collect(), this.options.pollMs ?? 500);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private collect(): Promise<void> {
    this.collecting ??= this.collectOnce().finally(() => (this.collecting = undefined));
    return this.collecting;
  }

  private async collectOnce(): Promise<void> {
    if (this.wanted.length === 0) return;
    const { log, metrics } = this.options;
    const timeoutMs = this.options.collectTimeoutMs ?? 1_000;
    const startedMs = Date.now();
    const height = this.height;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const collected = await Promise.race([collectPrices(this.options.sources, { assets: this.wanted, period: height }, undefined, metrics), timeout]);
    clearTimeout(timer);
    const problems = collected ? collected.problems : [`no collection within ${timeoutMs} ms; keeping the last prices`];
    // A dead source would otherwise be logged at every poll, several times a second.
    for (const problem of problems) if (!this.reported.has(problem)) log.error(problem);
    if (this.reported.size > 0 && problems.length === 0) log.info("every source answers again");
    this.reported = new Set(problems);
    if (!collected || collected.prices.size === 0) return;
    this.latest = { prices: collected.prices, atMs: startedMs, height };
    metrics.aggregated(collected.prices);
  }
}

/** GET /prices[?height=N][&assets=A,B]: 200 with a SidecarAnswer, 503 while there are no prices, 400 for a bad ask. */
export function pricesRoute(sidecar: PriceSidecar, metrics: FeederMetrics): Route {
  return (req, res) => {
    const startedMs = performance.now();
    const query = new URL(req.url ?? "/", "http://sidecar").searchParams;
    const heightText = query.get("height");
    const assets = query.get("assets")?.split(",");
    if ((heightText !== null && !/^[1-9][0-9]{0,14}$/.test(heightText)) || (assets && (assets.length > MAX_ASSETS || !assets.every((asset) => ASSET.test(asset))))) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "height must be a positive integer, assets a comma-separated list of asset names" }));
      return;
    }
    sidecar.answer({ height: heightText === null ? undefined : Number(heightText), assets }).then(
      (answer) => {
        metrics.sidecarAnswered(answer ? "prices" : "none", (performance.now() - startedMs) / 1000);
        res.writeHead(answer ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(answer ?? { error: "no prices yet" }));
      },
      (err: Error) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: err.message })),
    );
  };
}

/** The sidecar polling its sources and serving /prices, /metrics and /healthz on `listen`. */
export async function startSidecar(listen: string, options: PriceSidecarOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const sidecar = new PriceSidecar(options);
  const server = await startTelemetryServer(listen, options.metrics, { "/prices": pricesRoute(sidecar, options.metrics) });
  sidecar.start();
  return {
    url: server.url,
    close: async () => {
      sidecar.stop();
      await server.close();
    },
  };
}

/**
 * One ask of a running sidecar's /prices, as the app's vote extensions and the commit-reveal feeder both make it:
 * `height` is the simulated sources' clock (left out, the sidecar answers its current step); `assets` empty asks
 * for what it is configured with. Throws on a timeout, an error answer or a malformed one (parseSidecarAnswer).
 */
export async function askSidecar(base: string, ask: { height?: number; assets: readonly string[] }, timeoutMs: number): Promise<{ prices: Map<string, Dec>; atMs: number }> {
  const query = new URLSearchParams();
  if (ask.height !== undefined) query.set("height", String(ask.height));
  if (ask.assets.length > 0) query.set("assets", ask.assets.join(","));
  const response = await fetch(`${base}/prices?${query}`, { signal: AbortSignal.timeout(timeoutMs) });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`HTTP ${response.status}${typeof body === "object" && body !== null && "error" in body ? `: ${String(body.error)}` : ""}`);
  return parseSidecarAnswer(body);
}

/** A sidecar's answer as the app reads it; throws on anything malformed, so a broken sidecar is never signed. */
export function parseSidecarAnswer(body: unknown): { prices: Map<string, Dec>; atMs: number } {
  const answer = body as Partial<SidecarAnswer> | null;
  if (answer === null || typeof answer !== "object" || typeof answer.prices !== "object" || answer.prices === null) throw new Error("the answer has no prices");
  if (answer.decimals !== DEC_DECIMALS) throw new Error(`prices with ${JSON.stringify(answer.decimals)} decimals, not ${DEC_DECIMALS}`);
  const atMs = typeof answer.timestamp === "string" ? Date.parse(answer.timestamp) : NaN;
  if (!Number.isFinite(atMs)) throw new Error(`timestamp ${JSON.stringify(answer.timestamp)} is not a date`);
  const prices = new Map<string, Dec>();
  for (const [asset, value] of Object.entries(answer.prices)) {
    if (!ASSET.test(asset) || typeof value !== "string" || !/^[0-9]{1,60}$/.test(value)) throw new Error(`${JSON.stringify(asset).slice(0, 40)}: ${JSON.stringify(value).slice(0, 70)} is not a fixed-point integer`);
    prices.set(asset, BigInt(value));
  }
  return { prices, atMs };
}
