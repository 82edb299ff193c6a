// The validator's own prices for ExtendVote, asked of its price sidecar (`optd feeder sidecar`, client/feeder/
// sidecar.ts). Off-chain code: the wall clock is fine here, as it only decides what this validator signs.
import type { Logger } from "../logger";
import type { Dec } from "../../lib/fixed";
import { askSidecar } from "../../client/feeder/sidecar";
import type { PriceFeed } from "./vote-extensions";

export interface SidecarPriceFeedOptions {
  /** Prices the sidecar collected longer ago than this are not signed: the validator abstains rather than vote an old price. */
  maxAgeMs?: number;
  /** An ask the sidecar has not answered by then is given up; the last answer stays until it is too old. */
  timeoutMs?: number;
  log?: Logger;
}

/**
 * Asks the sidecar in the background and keeps the last answer, so ExtendVote reads it without waiting: the ABCI
 * handlers are synchronous (the server answers each connection in order within one tick), and a vote must never
 * wait on another process. An ask every 100 ms keeps the signed prices at most about that much older than an ask
 * at ExtendVote would.
 */
export class SidecarPriceFeed implements PriceFeed {
  private latest?: { prices: ReadonlyMap<string, Dec>; atMs: number };
  /** The chain's whitelist as ExtendVote last passed it: a sidecar without configured assets serves these. */
  private wanted: readonly string[] = [];
  /** The height of the next vote: the simulated sources' clock, one step of their walk per block. */
  private nextHeight = 1;
  private inFlight = false;
  private timer?: NodeJS.Timeout;
  /** The failure last logged: a dead sidecar is said once, not at every ask. */
  private failing?: string;

  /** `url`: the sidecar's base, "http://127.0.0.1:8080". */
  constructor(private readonly url: string, private readonly options: SidecarPriceFeedOptions = {}) {}

  prices(assets: readonly string[], height: bigint): ReadonlyMap<string, Dec> | undefined {
    this.wanted = assets;
    this.nextHeight = Number(height) + 1;
    const latest = this.latest;
    if (!latest || Date.now() - latest.atMs > (this.options.maxAgeMs ?? 2_000)) return undefined; // nondeterminism-ok: ExtendVote's own input
    return latest.prices;
  }

  /** One ask; a sidecar that is down, stalls or answers garbage leaves the last answer to age out. */
  async refresh(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const timeoutMs = this.options.timeoutMs ?? 300;
    try {
      this.latest = await askSidecar(this.url, { height: this.nextHeight, assets: this.wanted }, timeoutMs);
      if (this.failing) this.options.log?.info(`price sidecar ${this.url} answers again`);
      this.failing = undefined;
    } catch (err) {
      const error = err as Error;
      const reason = error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`;
      if (reason !== this.failing) this.options.log?.error(`price sidecar ${this.url}: ${reason}; abstaining once its last prices are ${this.options.maxAgeMs ?? 2_000} ms old`);
      this.failing = reason;
    } finally {
      this.inFlight = false;
    }
  }

  start(intervalMs = 100): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
