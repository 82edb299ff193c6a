// Exchange providers through ccxt: one REST ticker per pair, read back as the exchange's own decimal string.
// ccxt's unified ticker holds floats; the raw answer it keeps under `info` holds what the exchange sent, and
// that is what becomes a fixed-point price, so no float ever reaches a vote.
import type { Exchange } from "ccxt";
import type { Dec } from "../../lib/fixed";
import { parseDecimalPrice } from "./sources";

/** One price of `base` in `quote` as one exchange gave it. */
export interface Quote {
  provider: string;
  base: string;
  quote: string;
  price: Dec;
  /** The exchange's own time of the price (ms); Kraken's and Bybit's tickers carry none. */
  timestampMs?: number;
}

export interface Pair {
  base: string;
  quote: string;
  /** The exchange's own market id when the rule below does not give it (an unusual listing). */
  marketId?: string;
}

export interface ProviderAnswer {
  quotes: Quote[];
  /** One line per pair the provider could not give (error, garbage). */
  problems: string[];
}

export interface MarketProvider {
  readonly name: string;
  fetchQuotes(pairs: readonly Pair[]): Promise<ProviderAnswer>;
}

export const SPOT_PROVIDERS = ["binance", "coinbase", "kraken", "okx", "bybit"] as const;
export const PROVIDERS = [...SPOT_PROVIDERS, "deribit"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The quote Deribit's volatility index is "priced" in: annualised implied volatility in percent. */
export const DVOL_QUOTE = "DVOL";

// Kraken still lists its oldest markets under X/Z-prefixed names, and its ticker answer is keyed by them.
const KRAKEN_ASSETS: Record<string, string> = { BTC: "XXBT", ETH: "XETH", USD: "ZUSD", EUR: "ZEUR", LTC: "XLTC", XRP: "XXRP", ETC: "XETC", XLM: "XXLM" };

/** The exchange's market id of a spot pair, by each exchange's naming rule. */
export function marketId(provider: ProviderName, pair: Pair): string {
  if (pair.marketId) return pair.marketId;
  const { base, quote } = pair;
  switch (provider) {
    case "binance":
    case "bybit":
      return `${base}${quote}`;
    case "coinbase":
    case "okx":
      return `${base}-${quote}`;
    case "kraken": {
      if (`${base}/${quote}` === "USDT/USD") return "USDTZUSD";
      const b = KRAKEN_ASSETS[base];
      const q = KRAKEN_ASSETS[quote];
      return b && q ? `${b}${q}` : `${base}${quote}`;
    }
    case "deribit":
      return base;
  }
}

/** Where each exchange's raw ticker keeps the last trade price, as a decimal string. */
function rawLast(provider: ProviderName, info: unknown): unknown {
  const raw = (info ?? {}) as Record<string, unknown>;
  switch (provider) {
    case "binance":
    case "bybit":
      return raw.lastPrice;
    case "coinbase":
      return raw.price;
    case "kraken":
      return Array.isArray(raw.c) ? raw.c[0] : undefined;
    case "okx":
      return raw.last;
    default:
      return undefined;
  }
}

/**
 * Points every REST base URL of the exchange at `baseUrl` (a proxy, a regional host, a test's fixture server),
 * keeping each URL's path: ccxt builds requests from `urls.api`, some with a `{hostname}` placeholder.
 */
export function pointAt(exchange: Exchange, baseUrl: string): void {
  const base = baseUrl.replace(/\/+$/, "");
  const rewrite = (node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string") node[key] = value.replace(/^[a-z]+:\/\/[^/]+/i, base);
      else if (value && typeof value === "object") rewrite(value as Record<string, unknown>);
    }
  };
  rewrite(exchange.urls.api as unknown as Record<string, unknown>);
}

export interface ProviderOptions {
  /** REST base URL instead of the exchange's own. */
  rest?: string;
  /** ccxt's request timeout. */
  timeoutMs?: number;
}

/**
 * ccxt takes seconds and ~100 MB to load: loaded only when an exchange provider is made, so an app whose
 * sidecar reads simulated or JSON sources never pays for it.
 */
function newExchange(provider: ProviderName, options: ProviderOptions): Exchange {
  const ccxt = require("ccxt") as Record<string, new (config: object) => Exchange>;
  const Constructor = ccxt[provider];
  const exchange = new Constructor({ timeout: options.timeoutMs ?? 2_000, enableRateLimit: true });
  if (options.rest) pointAt(exchange, options.rest);
  return exchange;
}

/**
 * A spot exchange. Its markets are built from the configured pairs rather than loaded: loadMarkets costs one
 * to five large requests per exchange (and for some an authenticated currencies call), and a ticker needs
 * only the market id and the spot flag.
 */
export class CcxtSpotProvider implements MarketProvider {
  private readonly exchange: Exchange;
  private readonly symbols = new Map<string, Pair>();

  constructor(readonly name: ProviderName, pairs: readonly Pair[], options: ProviderOptions = {}) {
    this.exchange = newExchange(name, options);
    const markets = pairs.map((pair) => {
      const symbol = `${pair.base}/${pair.quote}`;
      this.symbols.set(symbol, pair);
      return this.exchange.safeMarketStructure({ id: marketId(name, pair), symbol, base: pair.base, quote: pair.quote, baseId: pair.base, quoteId: pair.quote, type: "spot", spot: true, active: true });
    });
    this.exchange.setMarkets(markets);
  }

  async fetchQuotes(pairs: readonly Pair[]): Promise<ProviderAnswer> {
    // Kraken allows about one public call a second (ccxt spaces them so): its ticker takes every pair at once.
    const batch = this.name === "kraken" ? this.exchange.fetchTickers(pairs.map((pair) => `${pair.base}/${pair.quote}`)) : undefined;
    batch?.catch(() => undefined);
    const results = await Promise.all(
      pairs.map(async (pair): Promise<Quote | string> => {
        const symbol = `${pair.base}/${pair.quote}`;
        try {
          const ticker = batch ? (await batch)[symbol] : await this.exchange.fetchTicker(symbol);
          if (!ticker) throw new Error("no ticker for it in the answer");
          const price = parseDecimalPrice(rawLast(this.name, ticker.info));
          return { provider: this.name, base: pair.base, quote: pair.quote, price, timestampMs: ticker.timestamp ?? undefined };
        } catch (err) {
          return `${symbol}: ${(err as Error).message.slice(0, 200)}`;
        }
      }),
    );
    return { quotes: results.filter((r): r is Quote => typeof r !== "string"), problems: results.filter((r): r is string => typeof r === "string") };
  }
}

/**
 * Deribit's DVOL index (30-day implied volatility of BTC or ETH options, in percent) through ccxt's implicit
 * call of the public `get_volatility_index_data`: the last close of the one-minute candles of the last five
 * minutes. ccxt has no unified method for it (fetchVolatilityHistory is realised volatility).
 */
export class DeribitDvolProvider implements MarketProvider {
  readonly name = "deribit";
  private readonly exchange: Exchange;

  constructor(options: ProviderOptions = {}) {
    this.exchange = newExchange("deribit", options);
  }

  async fetchQuotes(pairs: readonly Pair[]): Promise<ProviderAnswer> {
    const results = await Promise.all(
      pairs.map(async (pair): Promise<Quote | string> => {
        try {
          if (pair.quote !== DVOL_QUOTE) throw new Error(`deribit gives only ${DVOL_QUOTE} (the volatility index), not ${pair.quote}`);
          const now = Date.now();
          const implicit = this.exchange as unknown as { publicGetGetVolatilityIndexData(params: object): Promise<unknown> };
          const response = (await implicit.publicGetGetVolatilityIndexData({ currency: marketId("deribit", pair), start_timestamp: now - 300_000, end_timestamp: now, resolution: "60" })) as { result?: { data?: unknown } };
          const candles = response?.result?.data;
          if (!Array.isArray(candles) || candles.length === 0) throw new Error("no volatility index candles in the answer");
          // Candles come oldest first: [timestamp ms, open, high, low, close].
          const last = candles[candles.length - 1] as unknown[];
          if (!Array.isArray(last) || typeof last[0] !== "number") throw new Error(`${JSON.stringify(last).slice(0, 80)} is not a candle`);
          return { provider: this.name, base: pair.base, quote: pair.quote, price: parseDecimalPrice(last[4]), timestampMs: last[0] };
        } catch (err) {
          return `${pair.base}/${pair.quote}: ${(err as Error).message.slice(0, 200)}`;
        }
      }),
    );
    return { quotes: results.filter((r): r is Quote => typeof r !== "string"), problems: results.filter((r): r is string => typeof r === "string") };
  }
}

export function createProvider(name: ProviderName, pairs: readonly Pair[], options: ProviderOptions = {}): MarketProvider {
  return name === "deribit" ? new DeribitDvolProvider(options) : new CcxtSpotProvider(name, pairs, options);
}
