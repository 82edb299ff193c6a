// Exchange quotes → chain prices: staleness, USDT→USD conversion, the per-asset unit scale, and a deviation
// filter across providers. All in fixed point; a provider's answer becomes a vote only through here.
import { type Dec, DEC_ONE, decFromString, decMul } from "../../lib/fixed";
import { type Candidate, DEFAULT_DEVIATION_THRESHOLD, type Drop, filterDeviation, medianOf } from "./deviation";
import { DVOL_QUOTE, type MarketProvider, type Pair, type Quote } from "./exchanges";
import type { FetchRequest, PriceSource, SourceAnswer } from "./sources";
import type { FeederMetrics } from "./telemetry";

/** The currency every price is converted to before its unit scale. */
export const USD = "USD";
/** Chain units per USD: the chain's prices are in uusdc. */
export const UUSDC_PER_USD = decFromString("1000000");
/** DVOL is in percent; the chain's implied vols are fractions. */
export const FRACTION_PER_DVOL_POINT = decFromString("0.01");

export interface CurrencyPair extends Pair {
  providers: string[];
  /** The oracle asset this pair prices ("BTC", "BTC-IV"). */
  chainAsset: string;
  /** Chain units per unit of the converted price: uusdc per USD, or fraction per DVOL point. */
  scale: Dec;
  /** Market ids by provider where the exchange's naming rule does not give them. */
  marketIds?: Record<string, string>;
}

export interface ProviderSettings {
  provider: MarketProvider;
  /** A poll slower than this is not waited for; its last quotes stay until they are stale. */
  timeoutMs: number;
  /** Quotes older than this (by the exchange's time, or by when they arrived if older) are dropped. */
  ttlMs: number;
  /** At most one poll per this interval: exchanges rate-limit public calls. */
  intervalMs: number;
}

export interface Aggregated {
  prices: Map<string, Dec>;
  drops: Drop[];
  /** Assets with candidates but no agreeing majority of providers. */
  abstained: { asset: string; message: string }[];
}

/**
 * Chain prices from providers' quotes. One candidate per provider and asset (the median of its pairs for the
 * asset, each converted to USD), so a provider listing BTC in three quotes still counts once.
 */
export function aggregateQuotes(
  quotes: readonly (Quote & { receivedAtMs: number })[],
  pairs: readonly CurrencyPair[],
  options: { nowMs: number; ttlMs: (provider: string) => number; threshold: (asset: string, base: string) => Dec; assets?: readonly string[] },
): Aggregated {
  const drops: Drop[] = [];
  const abstained: { asset: string; message: string }[] = [];
  const fresh = quotes.filter((quote) => {
    // The older of the exchange's time and ours: a quote stamped in the future still ages from its arrival.
    const seenMs = Math.min(quote.timestampMs ?? quote.receivedAtMs, quote.receivedAtMs);
    const ageMs = options.nowMs - seenMs;
    if (ageMs <= options.ttlMs(quote.provider)) return true;
    drops.push({ provider: quote.provider, asset: `${quote.base}/${quote.quote}`, reason: "stale", message: `${quote.provider} ${quote.base}/${quote.quote} is ${Math.round(ageMs / 1000)} s old (ttl ${options.ttlMs(quote.provider) / 1000} s): dropped` });
    return false;
  });

  const perProvider = (matches: (quote: Quote) => Dec | undefined): Candidate[] => {
    const byProvider = new Map<string, Dec[]>();
    for (const quote of fresh) {
      const value = matches(quote);
      if (value !== undefined) byProvider.set(quote.provider, [...(byProvider.get(quote.provider) ?? []), value]);
    }
    return [...byProvider].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([provider, values]) => ({ provider, value: medianOf(values.map((value, i) => ({ provider: `${i}`, value })))! }));
  };

  // Conversion rates to USD, each from its own pair (USDT/USD …) with its own deviation filter.
  const rates = new Map<string, Dec>([[USD, DEC_ONE]]);
  const quoteCurrencies = [...new Set(pairs.map((pair) => pair.quote))].filter((quote) => quote !== USD && quote !== DVOL_QUOTE).sort();
  for (const currency of quoteCurrencies) {
    const candidates = perProvider((quote) => (quote.base === currency && quote.quote === USD ? quote.price : undefined));
    const result = filterDeviation(`${currency}/${USD}`, candidates, options.threshold(currency, currency));
    drops.push(...result.drops);
    if (result.price !== undefined) rates.set(currency, result.price);
  }

  const prices = new Map<string, Dec>();
  const assets = [...new Set(pairs.map((pair) => pair.chainAsset))].filter((asset) => !options.assets || options.assets.includes(asset)).sort();
  for (const asset of assets) {
    const assetPairs = pairs.filter((pair) => pair.chainAsset === asset);
    const candidates = perProvider((quote) => {
      const pair = assetPairs.find((p) => p.base === quote.base && p.quote === quote.quote && p.providers.includes(quote.provider));
      if (!pair) return undefined;
      if (pair.quote === DVOL_QUOTE) return decMul(quote.price, pair.scale, "down");
      const rate = rates.get(pair.quote);
      if (rate === undefined) {
        drops.push({ provider: quote.provider, asset, reason: "no_conversion", message: `${quote.provider} ${asset}: no ${pair.quote}/${USD} rate to convert ${pair.base}/${pair.quote}: dropped` });
        return undefined;
      }
      return decMul(decMul(quote.price, rate, "down"), pair.scale, "down");
    });
    const result = filterDeviation(asset, candidates, options.threshold(asset, assetPairs[0].base));
    drops.push(...result.drops);
    if (result.abstain) abstained.push({ asset, message: result.abstain });
    if (result.price !== undefined) prices.set(asset, result.price);
  }
  return { prices, drops, abstained };
}

export interface MarketSourceOptions {
  pairs: CurrencyPair[];
  providers: Map<string, ProviderSettings>;
  /** Deviation threshold by chain asset or base (a fraction of the median); default 5 %. */
  thresholds: Map<string, Dec>;
  metrics?: FeederMetrics;
  now?: () => number;
}

interface ProviderState {
  quotes: Map<string, Quote & { receivedAtMs: number }>;
  /** What its last finished poll could not give, kept until the next one finishes. */
  problems: Map<string, string>;
  lastPollMs: number;
  inFlight?: Promise<void>;
  /** Whether the poll in flight was already counted as timed out. */
  timeoutCounted?: boolean;
}

/**
 * Every configured exchange as one price source: each poll asks the providers that are due, waits for each at
 * most its timeout, and aggregates what is fresh. Problems are returned once when they start (a dead exchange
 * would otherwise log at every poll of the validator's sidecar, at every block and more).
 */
export class MarketSource implements PriceSource {
  readonly name = "markets";
  readonly metersProviders = true;
  private readonly state = new Map<string, ProviderState>();
  private reported = new Set<string>();

  constructor(private readonly options: MarketSourceOptions) {
    for (const name of options.providers.keys()) this.state.set(name, { quotes: new Map(), problems: new Map(), lastPollMs: -Infinity });
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  async fetch(request: FetchRequest): Promise<SourceAnswer> {
    const startedMs = Date.now();
    const problems = new Map<string, string>();
    const names = [...this.options.providers.keys()].sort();
    await Promise.all(names.map((name) => this.poll(name, problems)));
    for (const name of names) for (const [key, message] of this.state.get(name)!.problems) problems.set(key, message);
    const quotes = names.flatMap((name) => [...this.state.get(name)!.quotes.values()]);
    const { thresholds } = this.options;
    const result = aggregateQuotes(quotes, this.options.pairs, {
      nowMs: this.now(),
      ttlMs: (provider) => this.options.providers.get(provider)?.ttlMs ?? 0,
      threshold: (asset, base) => thresholds.get(asset) ?? thresholds.get(base) ?? DEFAULT_DEVIATION_THRESHOLD,
      assets: request.assets,
    });
    for (const drop of result.drops) {
      problems.set(`${drop.provider}:${drop.asset}:${drop.reason}`, drop.message);
      this.options.metrics?.dropped(drop.provider, drop.asset, drop.reason);
    }
    for (const { asset, message } of result.abstained) problems.set(`abstain:${asset}`, message);
    const prices = new Map([...result.prices].filter(([asset]) => request.assets.includes(asset)));
    this.options.metrics?.answered(prices, (Date.now() - startedMs) / 1000);
    const fresh = [...problems].filter(([key]) => !this.reported.has(key)).map(([, message]) => message);
    this.reported = new Set(problems.keys());
    return { prices, problems: fresh };
  }

  private async poll(name: string, problems: Map<string, string>): Promise<void> {
    const settings = this.options.providers.get(name)!;
    const state = this.state.get(name)!;
    if (!state.inFlight && Date.now() - state.lastPollMs < settings.intervalMs) return;
    if (!state.inFlight) {
      const pairs = this.options.pairs.filter((pair) => pair.providers.includes(name));
      const startedMs = Date.now();
      state.lastPollMs = startedMs;
      state.timeoutCounted = false;
      state.inFlight = settings.provider
        .fetchQuotes(pairs)
        .then(
          (answer) => {
            const receivedAtMs = this.now();
            for (const quote of answer.quotes) state.quotes.set(`${quote.base}/${quote.quote}`, { ...quote, receivedAtMs });
            this.options.metrics?.providerLatency(name, (Date.now() - startedMs) / 1000);
            // A provider that gave nothing is down, under one key whatever the cause, so a stall that becomes
            // ccxt's request timeouts is not reported again.
            state.problems =
              answer.quotes.length === 0 && answer.problems.length > 0
                ? new Map([[`${name}:down`, `provider ${name}: ${answer.problems.join("; ")}`]])
                : new Map(answer.problems.map((problem) => [`${name}:pair:${problem.split(":")[0]}`, `provider ${name}: ${problem}`]));
            if (answer.problems.length > 0) this.options.metrics?.providerError(name, "bad_answer", answer.problems.length);
          },
          (err: Error) => {
            this.options.metrics?.providerError(name, "failed");
            state.problems = new Map([[`${name}:down`, `provider ${name} failed: ${err.message.slice(0, 200)}`]]);
          },
        )
        .finally(() => (state.inFlight = undefined));
    }
    // With quotes in hand the poll refreshes them in the background: the sidecar's answer to ExtendVote must not
    // wait on an exchange. Only a provider with nothing yet is waited for, up to its timeout.
    const elapsedMs = Date.now() - state.lastPollMs;
    let timedOut = elapsedMs > settings.timeoutMs;
    if (state.quotes.size === 0 && !timedOut) {
      let timer: NodeJS.Timeout | undefined;
      timedOut = await Promise.race([
        state.inFlight!.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), settings.timeoutMs - elapsedMs))),
      ]);
      clearTimeout(timer);
    }
    if (timedOut) {
      if (!state.timeoutCounted) this.options.metrics?.providerError(name, "timeout");
      state.timeoutCounted = true;
      problems.set(`${name}:down`, `provider ${name}: no answer within ${settings.timeoutMs} ms; using its last quotes until they are stale`);
    }
  }
}
