// The feeder's /metrics (Prometheus) and /healthz. Off-chain: floats and the wall clock are fine here, the
// gauges only show what was voted.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { type Dec, decToFloat } from "../../lib/fixed";

/** How long without a price answer before /healthz says 503. */
export const HEALTHY_WITHIN_MS = 30_000;

export class FeederMetrics {
  readonly registry = new Registry();
  private readonly price: Gauge<"asset">;
  private readonly providerErrors: Counter<"provider" | "reason">;
  private readonly providerLatencySeconds: Histogram<"provider">;
  private readonly drops: Counter<"provider" | "asset" | "reason">;
  private readonly votes: Counter<"result">;
  private readonly misses: Gauge<"validator">;
  private readonly ballots: Gauge<"validator">;
  private readonly answerSeconds: Histogram;
  private readonly sidecarRequests: Counter<"result">;
  private readonly sidecarRequestSeconds: Histogram;
  /** Wall-clock time of the last answer that held at least one price. */
  lastPricesAtMs?: number;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.price = new Gauge({ name: "feeder_price", help: "Last aggregated price per oracle asset, in chain units (uusdc per unit; implied vol as a fraction)", labelNames: ["asset"], registers });
    this.providerErrors = new Counter({ name: "feeder_provider_errors_total", help: "Provider polls that failed, timed out, or answered a pair with garbage", labelNames: ["provider", "reason"], registers });
    this.providerLatencySeconds = new Histogram({ name: "feeder_provider_latency_seconds", help: "Time for a provider to answer one poll", labelNames: ["provider"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers });
    this.drops = new Counter({ name: "feeder_provider_dropped_total", help: "Provider prices left out: stale, outside the deviation threshold, or not convertible to USD", labelNames: ["provider", "asset", "reason"], registers });
    this.votes = new Counter({ name: "feeder_votes_total", help: "Vote txs sent, by result", labelNames: ["result"], registers });
    this.misses = new Gauge({ name: "feeder_oracle_misses", help: "The validator's oracle misses this slash window, as the chain counts them", labelNames: ["validator"], registers });
    this.ballots = new Gauge({ name: "feeder_oracle_ballots", help: "Ballots this slash window while the validator was active, as the chain counts them", labelNames: ["validator"], registers });
    this.answerSeconds = new Histogram({ name: "feeder_answer_seconds", help: "Time to answer one ask for prices (the sidecar's answer to ExtendVote's poll, or a vote period's collection)", buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2], registers });
    this.sidecarRequests = new Counter({ name: "feeder_sidecar_requests_total", help: "Asks for prices the sidecar answered (the app's polls), by result: prices, or none fresh to give", labelNames: ["result"], registers });
    this.sidecarRequestSeconds = new Histogram({ name: "feeder_sidecar_request_seconds", help: "Time the sidecar took to answer one ask for prices", buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5], registers });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: "feeder_" });
  }

  providerLatency(provider: string, seconds: number): void {
    this.providerLatencySeconds.observe({ provider }, seconds);
  }

  providerError(provider: string, reason: string, count = 1): void {
    this.providerErrors.inc({ provider, reason }, count);
  }

  dropped(provider: string, asset: string, reason: string): void {
    this.drops.inc({ provider, asset, reason });
  }

  answered(prices: ReadonlyMap<string, Dec>, seconds: number): void {
    this.answerSeconds.observe(seconds);
    this.aggregated(prices);
  }

  /** The prices of one collection over every source, as the gauges show them. */
  aggregated(prices: ReadonlyMap<string, Dec>): void {
    for (const [asset, price] of prices) this.price.set({ asset }, decToFloat(price));
    if (prices.size > 0) this.lastPricesAtMs = Date.now();
  }

  sidecarAnswered(result: "prices" | "none", seconds: number): void {
    this.sidecarRequests.inc({ result });
    this.sidecarRequestSeconds.observe(seconds);
  }

  voteSent(result: "accepted" | "refused"): void {
    this.votes.inc({ result });
  }

  missCounter(validator: string, misses: number, ballots: number): void {
    this.misses.set({ validator }, misses);
    this.ballots.set({ validator }, ballots);
  }

  health(): { ok: boolean; lastPricesAgeMs?: number } {
    if (this.lastPricesAtMs === undefined) return { ok: false };
    const lastPricesAgeMs = Date.now() - this.lastPricesAtMs;
    return { ok: lastPricesAgeMs <= HEALTHY_WITHIN_MS, lastPricesAgeMs };
  }
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Serves /metrics and /healthz on `listen` ("127.0.0.1:7171", port 0 for any free one), and `routes` beside
 * them (the sidecar's /prices).
 */
export async function startTelemetryServer(listen: string, metrics: FeederMetrics, routes: Record<string, Route> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const separator = listen.lastIndexOf(":");
  if (separator < 0) throw new Error(`telemetry listen address ${JSON.stringify(listen)} is not host:port`);
  const host = listen.slice(0, separator).replace(/^\[|\]$/g, "");
  const port = Number(listen.slice(separator + 1));
  const server = http.createServer((req, res) => {
    const route = (req.url ?? "/").split("?")[0];
    if (Object.hasOwn(routes, route)) {
      routes[route](req, res);
    } else if (route === "/metrics") {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": metrics.registry.contentType });
          res.end(text);
        },
        (err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        },
      );
    } else if (route === "/healthz") {
      const health = metrics.health();
      res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(health));
    } else {
      res.writeHead(404);
      res.end(`not found: ${["/metrics", "/healthz", ...Object.keys(routes)].join(", ")}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // a client's kept-alive connection (the app polls several times a second) would hold close() open
        server.closeAllConnections();
      }),
  };
}
