// The app's Prometheus metrics, served at GET /metrics on the REST API (as the SDK serves its telemetry there).
// Everything here is node-local and observed from outside consensus: the ABCI calls are timed by a wrapper
// around the app, never inside it, and state gauges are read at scrape time from the last committed state
// through the app's own query handlers, so no value here is ever fed back into a block.
import type * as abci from "cosmjs-types/tendermint/abci/types";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AbciApplication } from "./abci/application";
import type { OptchainApp } from "./app";
import type { Logger } from "./logger";
import { allPages } from "../client/pages";
import { optchain } from "../proto/gen/optchain";

const { oracle, circuit, options } = optchain;

const PREFIX = "optchain_";
const BLOCK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const TX_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/** CometBFT's CheckTxType: 0 a tx new to the mempool, 1 a recheck after a block. */
const checkType = (type: number) => (type === 1 ? "recheck" : "new");
const CHECK_TYPES = ["new", "recheck"] as const;
const CHECK_RESULTS = ["accepted", "refused"] as const;

/**
 * `check_tx_duration_seconds` and `check_tx_total`, counted in plain fields on CheckTx's path and handed to
 * prom-client only when scraped: prom-client's `observe` and `inc` validate and hash their label object on every
 * call, which was ~3 % of the app's busy time on a loaded chain (CheckTx runs up to three times per transfer).
 * The exposition is the one prom-client's own Histogram and Counter give for the same calls, series in the order
 * first seen, `_sum` the same additions in the same order (app/metrics-checktx.test.ts holds it to theirs).
 */
export class CheckTxTallies {
  /** Per type (index of CHECK_TYPES): per-bucket counts (not cumulative), sum and count of the durations. */
  private readonly durations = CHECK_TYPES.map(() => ({ buckets: new Array<number>(TX_BUCKETS.length).fill(0), sum: 0, count: 0 }));
  /** Per type × result (type * 2 + result), calls since the last scrape handed them to the counter. */
  private readonly calls = [0, 0, 0, 0];
  /** Types and type × result pairs in the order first seen, as prom-client lists label sets. */
  private readonly typesSeen: number[] = [];
  private readonly pairsSeen: number[] = [];

  constructor(registers: Registry[]) {
    const histogram = {
      name: PREFIX + "check_tx_duration_seconds",
      help: "Wall time of one CheckTx",
      type: "histogram",
      aggregator: "sum",
      get: async () => ({ name: histogram.name, help: histogram.help, type: histogram.type, aggregator: histogram.aggregator, values: this.durationValues() }),
      reset: () => {
        this.typesSeen.length = 0;
        for (const tally of this.durations) {
          tally.buckets.fill(0);
          tally.sum = 0;
          tally.count = 0;
        }
      },
    };
    // prom-client's registry formats any metric whose get() answers in its metric shape; it keeps no histogram
    // that can be told counts in bulk, so this one answers its series itself.
    for (const registry of registers) registry.registerMetric(histogram as unknown as Histogram);
    const counter: Counter<"type" | "result"> = new Counter({
      name: PREFIX + "check_tx_total",
      help: "CheckTx calls by type (new, recheck) and result (accepted, refused)",
      labelNames: ["type", "result"],
      registers,
      collect: () => {
        for (const pair of this.pairsSeen) {
          if (this.calls[pair] === 0) continue;
          counter.inc({ type: CHECK_TYPES[pair >> 1], result: CHECK_RESULTS[pair & 1] }, this.calls[pair]);
          this.calls[pair] = 0;
        }
      },
    });
  }

  /** `type` is CometBFT's CheckTxType (1 a recheck, anything else new), as `checkType` reads it. */
  record(type: number, seconds: number, accepted: boolean): void {
    const typeIndex = type === 1 ? 1 : 0;
    const tally = this.durations[typeIndex];
    if (tally.count === 0 && !this.typesSeen.includes(typeIndex)) this.typesSeen.push(typeIndex);
    let bucket = 0;
    while (bucket < TX_BUCKETS.length && seconds > TX_BUCKETS[bucket]) bucket++;
    if (bucket < TX_BUCKETS.length) tally.buckets[bucket]++;
    tally.sum += seconds;
    tally.count++;
    const pair = typeIndex * 2 + (accepted ? 0 : 1);
    if (this.calls[pair]++ === 0 && !this.pairsSeen.includes(pair)) this.pairsSeen.push(pair);
  }

  private durationValues() {
    const name = PREFIX + "check_tx_duration_seconds";
    return this.typesSeen.flatMap((typeIndex) => {
      const type = CHECK_TYPES[typeIndex];
      const { buckets, sum, count } = this.durations[typeIndex];
      let cumulative = 0;
      return [
        ...TX_BUCKETS.map((le, i) => ({ labels: { le, type }, value: (cumulative += buckets[i]), metricName: `${name}_bucket` })),
        { labels: { le: "+Inf", type }, value: count, metricName: `${name}_bucket` },
        { labels: { type }, value: sum, metricName: `${name}_sum` },
        { labels: { type }, value: count, metricName: `${name}_count` },
      ];
    });
  }
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export class AppMetrics {
  readonly registry = new Registry();
  private readonly finalizeDuration: Histogram<never>;
  private readonly commitDuration: Histogram<never>;
  private readonly checkTallies: CheckTxTallies;
  private readonly refusals: Counter<"type" | "codespace" | "code">;
  private readonly blockTxs: Counter<"result" | "codespace" | "code">;
  private readonly liquidations: Counter<never>;
  private readonly liquidationCloses: Counter<"counterparty">;
  private readonly fundTakeovers: Counter<never>;
  private readonly height: Gauge<never>;
  private readonly price: Gauge<"asset">;
  private readonly priceStale: Gauge<"asset">;
  private readonly misses: Gauge<"validator">;
  private readonly ballots: Gauge<"validator">;
  private readonly breaker: Gauge<"type_url" | "series_id" | "underlying">;
  private readonly frozen: Gauge<"underlying">;
  private readonly grace: Gauge<"underlying">;
  private readonly priceBreakerPending: Gauge<"asset">;
  private readonly fundEquity: Gauge<never>;
  private readonly openInterest: Gauge<"series" | "underlying">;
  private readonly scrapeErrors: Counter<"part">;
  private readonly proposalReordered: Counter<never>;
  private readonly proposalLeftOut: Counter<never>;

  constructor(
    private readonly app: OptchainApp,
    private readonly log: Logger,
  ) {
    const registers = [this.registry];
    const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []) =>
      new Histogram<L>({ name: PREFIX + name, help, buckets, labelNames, registers });
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Counter<L>({ name: PREFIX + name, help, labelNames, registers });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name: PREFIX + name, help, labelNames, registers });

    this.finalizeDuration = histogram("finalize_block_duration_seconds", "Wall time of FinalizeBlock (begin-block, every tx, end-block); _count is blocks finalized", BLOCK_BUCKETS);
    this.commitDuration = histogram("commit_duration_seconds", "Wall time of Commit (writing the block's state)", BLOCK_BUCKETS);
    this.checkTallies = new CheckTxTallies(registers);
    this.refusals = counter("mempool_refusals_total", "Txs CheckTx refused, by the registered error's codespace and code", ["type", "codespace", "code"]);
    this.blockTxs = counter("finalize_block_txs_total", "Txs executed in finalized blocks, by result (ok, failed) and error", ["result", "codespace", "code"]);
    this.liquidations = counter("liquidations_total", "Accounts taken into liquidation (liquidation events)");
    this.liquidationCloses = counter("liquidation_closes_total", "Positions closed by liquidation, by counterparty (book, insurance_fund, adl)", ["counterparty"]);
    this.fundTakeovers = counter("insurance_fund_takeovers_total", "Insolvent accounts the insurance fund took over");
    this.height = gauge("block_height", "Last committed height");
    this.price = gauge("oracle_price", "Last tallied oracle price (quote units per unit of the asset)", ["asset"]);
    this.priceStale = gauge("oracle_price_stale", "1 when the asset's last price is older than max_price_age_seconds", ["asset"]);
    this.misses = gauge("oracle_misses", "Oracle ballots missed by the validator in the current slash window", ["validator"]);
    this.ballots = gauge("oracle_ballots", "Oracle ballots counted for the validator in the current slash window", ["validator"]);
    this.breaker = gauge("circuit_breaker_tripped", "1 for every tripped message-type breaker, by type and scope", ["type_url", "series_id", "underlying"]);
    this.frozen = gauge("market_frozen", "1 when the market is frozen (underlying \"\" is the whole options market)", ["underlying"]);
    this.grace = gauge("market_grace_period", "1 while liquidation of newly under-margined accounts waits after an unfreeze", ["underlying"]);
    this.priceBreakerPending = gauge("price_breaker_pending", "1 while a jumped price waits for its confirmations before liquidations use it", ["asset"]);
    this.fundEquity = gauge("insurance_fund_equity_uusdc", "Insurance fund equity (collateral plus positions at mark); absent without a fresh price");
    this.openInterest = gauge("open_interest_contracts", "Open long contracts per series (equal to open shorts)", ["series", "underlying"]);
    // CometBFT's mempool can hold one sender's txs out of sequence order (app/tx/proposal.ts): how often a
    // proposal had to mend that shows whether this node's mempool is under that race.
    this.proposalReordered = counter("proposal_txs_reordered_total", "Txs this node's proposals put back in their sender's sequence order");
    this.proposalLeftOut = counter("proposal_txs_left_out_total", "Txs this node's proposals left in the mempool: a gap before their sequence, a used sequence, or a second tx at one sequence");
    this.scrapeErrors = counter("metrics_scrape_errors_total", "State reads at scrape time that failed (their gauges are left out; the app log says why)", ["part"]);
  }

  /** The app as CometBFT should call it: every call passes straight through, the consensus ones timed and counted. */
  instrument(): AbciApplication {
    const app: AbciApplication = this.app;
    return {
      info: (req) => app.info(req),
      initChain: (req) => app.initChain(req),
      query: (req) => app.query(req),
      checkTx: (req) => this.checkTx(req),
      prepareProposal: (req) => this.prepareProposal(req),
      processProposal: (req) => app.processProposal(req),
      extendVote: (req) => app.extendVote(req),
      verifyVoteExtension: (req) => app.verifyVoteExtension(req),
      finalizeBlock: (req) => this.finalizeBlock(req),
      commit: () => this.commit(),
      listSnapshots: () => app.listSnapshots(),
      offerSnapshot: (req) => app.offerSnapshot(req),
      loadSnapshotChunk: (req) => app.loadSnapshotChunk(req),
      applySnapshotChunk: (req) => app.applySnapshotChunk(req),
    };
  }

  /** The Prometheus text exposition, with state gauges read from the last committed block. */
  async text(): Promise<string> {
    await this.readState();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private checkTx(req: abci.RequestCheckTx): abci.ResponseCheckTx {
    const start = process.hrtime.bigint();
    const response = this.app.checkTx(req);
    this.checkTallies.record(req.type, seconds(start), response.code === 0);
    if (response.code !== 0) this.refusals.inc({ type: checkType(req.type), codespace: response.codespace, code: String(response.code) });
    return response;
  }

  private prepareProposal(req: abci.RequestPrepareProposal): abci.ResponsePrepareProposal {
    const response = this.app.prepareProposal(req);
    this.proposalReordered.inc(this.app.lastProposalOrder.moved);
    this.proposalLeftOut.inc(this.app.lastProposalOrder.leftOut);
    return response;
  }

  private finalizeBlock(req: abci.RequestFinalizeBlock): abci.ResponseFinalizeBlock {
    const start = process.hrtime.bigint();
    const response = this.app.finalizeBlock(req);
    this.finalizeDuration.observe(seconds(start));
    for (const result of response.txResults) {
      this.blockTxs.inc({ result: result.code === 0 ? "ok" : "failed", codespace: result.codespace, code: String(result.code) });
    }
    // Liquidations run in options' end-block, so their events are the block's, not a tx's.
    for (const event of response.events) {
      if (event.type === "liquidation") this.liquidations.inc();
      else if (event.type === "insurance_fund_takeover") this.fundTakeovers.inc();
      else if (event.type === "liquidation_close") {
        const counterparty = event.attributes.find((attribute) => attribute.key === "counterparty")?.value ?? "";
        this.liquidationCloses.inc({ counterparty });
      }
    }
    return response;
  }

  private commit(): abci.ResponseCommit {
    const start = process.hrtime.bigint();
    const response = this.app.commit();
    this.commitDuration.observe(seconds(start));
    return response;
  }

  /** One query at the last committed height, through the same entry point CometBFT's abci_query reaches. */
  private async query(path: string, request: Uint8Array): Promise<Uint8Array> {
    const response = this.app.query({ path, data: request, height: 0n, prove: false });
    if (response.code !== 0) throw new Error(`${path}: ${response.codespace}/${response.code} ${response.log}`);
    return response.value;
  }

  /**
   * Each part on its own: a query that fails (a bug, a state no handler expected) leaves its gauges out and is
   * counted, instead of taking the block and mempool metrics down with the whole scrape.
   */
  private async readState(): Promise<void> {
    const gauges = [this.price, this.priceStale, this.misses, this.ballots, this.breaker, this.frozen, this.grace, this.priceBreakerPending, this.fundEquity, this.openInterest];
    // A label that left the state (a reset breaker, a removed validator) must leave the exposition too.
    for (const gauge of gauges) gauge.reset();
    this.height.set(this.app.store.lastHeight);
    if (this.app.store.lastHeight === 0) return;
    const parts: Array<[string, () => Promise<void>]> = [
      ["oracle_prices", () => this.readPrices()],
      ["oracle_misses", () => this.readMisses()],
      ["circuit", () => this.readCircuit()],
      ["insurance_fund", () => this.readFund()],
      ["open_interest", async () => this.readOpenInterest()],
    ];
    for (const [part, read] of parts) {
      try {
        await read();
      } catch (err) {
        this.scrapeErrors.inc({ part });
        this.log.error(`metrics: reading ${part} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async readPrices(): Promise<void> {
    const prices = await allPages(async (pagination) => {
      const response = oracle.v1.QueryPricesResponse.decode(await this.query("/optchain.oracle.v1.Query/Prices", oracle.v1.QueryPricesRequest.encode({ pagination }).finish()));
      return { items: response.prices, nextKey: response.pagination?.nextKey };
    });
    for (const price of prices) {
      const asset = price.asset ?? "";
      this.price.set({ asset }, Number(price.price));
      this.priceStale.set({ asset }, price.stale ? 1 : 0);
    }
  }

  private async readMisses(): Promise<void> {
    const counters = await allPages(async (pagination) => {
      const response = oracle.v1.QueryMissCountersResponse.decode(await this.query("/optchain.oracle.v1.Query/MissCounters", oracle.v1.QueryMissCountersRequest.encode({ pagination }).finish()));
      return { items: response.missCounters, nextKey: response.pagination?.nextKey };
    });
    for (const counter of counters) {
      const validator = counter.validator ?? "";
      this.misses.set({ validator }, Number(counter.misses));
      this.ballots.set({ validator }, Number(counter.ballots));
    }
  }

  private async readCircuit(): Promise<void> {
    const breakers = await allPages(async (pagination) => {
      const response = circuit.v1.QueryBreakersResponse.decode(await this.query("/optchain.circuit.v1.Query/Breakers", circuit.v1.QueryBreakersRequest.encode({ pagination }).finish()));
      return { items: response.breakers, nextKey: response.pagination?.nextKey };
    });
    for (const breaker of breakers) {
      const seriesId = breaker.scope?.seriesId ? String(breaker.scope.seriesId) : "";
      this.breaker.set({ type_url: breaker.typeUrl ?? "", series_id: seriesId, underlying: breaker.scope?.underlying ?? "" }, 1);
    }
    const markets = await allPages(async (pagination) => {
      const response = circuit.v1.QueryMarketsResponse.decode(await this.query("/optchain.circuit.v1.Query/Markets", circuit.v1.QueryMarketsRequest.encode({ pagination }).finish()));
      return { items: response.markets, nextKey: response.pagination?.nextKey };
    });
    for (const market of markets) {
      const underlying = market.underlying ?? "";
      this.frozen.set({ underlying }, market.frozen ? 1 : 0);
      this.grace.set({ underlying }, market.inGracePeriod ? 1 : 0);
    }
    const priceBreakers = await allPages(async (pagination) => {
      const response = circuit.v1.QueryPriceBreakersResponse.decode(await this.query("/optchain.circuit.v1.Query/PriceBreakers", circuit.v1.QueryPriceBreakersRequest.encode({ pagination }).finish()));
      return { items: response.assets, nextKey: response.pagination?.nextKey };
    });
    for (const state of priceBreakers) this.priceBreakerPending.set({ asset: state.asset ?? "" }, state.pendingPrice ? 1 : 0);
  }

  private async readFund(): Promise<void> {
    // One pending withdrawal is enough: only the equity is wanted.
    const request = options.v1.QueryInsuranceFundRequest.encode({ pagination: { limit: 1 } }).finish();
    const fund = options.v1.QueryInsuranceFundResponse.decode(await this.query("/optchain.options.v1.Query/InsuranceFund", request));
    if (fund.equity) this.fundEquity.set(Number(fund.equity));
  }

  private async readOpenInterest(): Promise<void> {
    const entries = await allPages(async (pagination) => {
      const response = options.v1.QueryOpenInterestResponse.decode(await this.query("/optchain.options.v1.Query/OpenInterest", options.v1.QueryOpenInterestRequest.encode({ pagination }).finish()));
      return { items: response.openInterest, nextKey: response.pagination?.nextKey };
    });
    // A series whose last position closed is no longer listed: its gauge must drop, not keep its last value.
    this.openInterest.reset();
    for (const entry of entries) {
      const series = this.app.options.series(this.app.store, BigInt(entry.seriesId ?? 0));
      this.openInterest.set({ series: series?.name ?? String(entry.seriesId), underlying: series?.underlying ?? "" }, Number(entry.contracts ?? 0));
    }
  }
}
