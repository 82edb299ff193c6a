// The validator's own prices for ExtendVote, read from the feeder's sources (client/feeder/sources.ts) inside
// the app process. Off-chain code: the wall clock is fine here, as it only decides what this validator signs.
import type { Logger } from "../logger";
import type { Dec } from "../../lib/fixed";
import { loadFeederConfig } from "../../client/feeder/config";
import { type PriceSource, collectPrices } from "../../client/feeder/sources";
import type { PriceFeed } from "./vote-extensions";

export interface SourcePriceFeedOptions {
  /** An answer older than this is not signed: the validator abstains rather than vote an old price. */
  maxAgeMs?: number;
  /** A source slower than this is skipped for the round (collectPrices drops it with a log line). */
  timeoutMs?: number;
  log?: Logger;
}

/**
 * Polls the sources in the background and keeps the last answer, so ExtendVote reads it without waiting:
 * the ABCI handlers are synchronous (the server answers each connection in order within one tick), and a
 * vote must never wait on an exchange. A poll every 200 ms keeps the signed prices at most that much older
 * than an on-demand ask would.
 */
export class SourcePriceFeed implements PriceFeed {
  private latest?: { prices: ReadonlyMap<string, Dec>; atMs: number };
  /** The config's assets, or else the chain's whitelist as ExtendVote last passed it (governance may change it). */
  private wanted: readonly string[];
  private timer?: NodeJS.Timeout;
  private inFlight = false;
  /** The height of the next vote: the simulated sources' clock, one step of their walk per block. */
  private nextHeight = 1;

  constructor(private readonly sources: readonly PriceSource[], private readonly configured: readonly string[] = [], private readonly options: SourcePriceFeedOptions = {}) {
    this.wanted = configured;
  }

  /** A feeder config, `.toml` (exchanges through ccxt) or `.json` (the older sources file). */
  static fromConfigFile(file: string, options: SourcePriceFeedOptions = {}): SourcePriceFeed {
    const { sources, assets } = loadFeederConfig(file);
    return new SourcePriceFeed(sources, assets, options);
  }

  prices(assets: readonly string[], height: bigint): ReadonlyMap<string, Dec> | undefined {
    if (this.configured.length === 0) this.wanted = assets;
    this.nextHeight = Number(height) + 1;
    const latest = this.latest;
    if (!latest || Date.now() - latest.atMs > (this.options.maxAgeMs ?? 2_000)) return undefined; // nondeterminism-ok: ExtendVote's own input
    return latest.prices;
  }

  /** One poll of every source; a source that fails, stalls or answers garbage is left out of this answer. */
  async refresh(): Promise<void> {
    if (this.inFlight || this.wanted.length === 0) return;
    this.inFlight = true;
    try {
      const startedMs = Date.now(); // nondeterminism-ok: ExtendVote's own input
      const request = { assets: this.wanted, period: this.nextHeight };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.timeoutMs ?? 500)));
      const collected = await Promise.race([collectPrices(this.sources, request), timeout]);
      clearTimeout(timer);
      if (!collected) {
        this.options.log?.error(`price feed: no answer within ${this.options.timeoutMs ?? 500} ms`);
        return;
      }
      for (const problem of collected.problems) this.options.log?.error(`price feed: ${problem}`);
      if (collected.prices.size > 0) this.latest = { prices: collected.prices, atMs: startedMs };
    } finally {
      this.inFlight = false;
    }
  }

  start(intervalMs = 200): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
