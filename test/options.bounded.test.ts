// Bounded work per block (issue 9, finding 4), as an attacker would probe it: an end-block's reads must not grow
// with the number of accounts, holders or orders; a tx iterating a huge prefix runs out of gas without reading
// it; list queries page. Work is counted through a counting store wrapper, never timed.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { depositCollateralMsg, placeOrderMsg } from "../client/options";
import type { Context } from "../app/context";
import { GasKVStore, GasMeter, infiniteGasMeter } from "../app/gas";
import { paginate } from "../app/pagination";
import { decFromString } from "../lib/fixed";
import { Branch } from "../app/store/branch";
import type { Bytes, IterateOptions, KVReader, KVStore } from "../app/store/types";
import { openInterestViolations } from "../modules/circuit/invariants";
import { INSURANCE_FUND_ADDRESS, OPTIONS_MODULE_ADDRESS } from "../modules/options/keeper";
import { runLiquidations } from "../modules/options/liquidation";
import { Account, Market, valueAccount } from "../modules/options/risk";
import { runSettlements, settlementAmount } from "../modules/options/settlement";
import { optchain } from "../proto/gen/optchain";
import { events, OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(300_000);

const pb = optchain.options.v1;
const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const CALM: Record<string, string> = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };

/** Counts every entry the code under test reads: a get or has is one, an iteration one per entry returned. */
class CountingStore implements KVStore {
  reads = 0;
  readonly iterated: Bytes[] = [];
  constructor(private readonly inner: KVStore) {}
  get(key: Bytes) {
    this.reads += 1;
    return this.inner.get(key);
  }
  has(key: Bytes) {
    this.reads += 1;
    return this.inner.has(key);
  }
  iterate(prefix: Bytes, opts?: IterateOptions) {
    const entries = this.inner.iterate(prefix, opts);
    this.reads += entries.length;
    this.iterated.push(prefix);
    return entries;
  }
  set(key: Bytes, value: Bytes) {
    this.inner.set(key, value);
  }
  delete(key: Bytes) {
    this.inner.delete(key);
  }
}

const ownerOf = (i: number) => createHash("sha256").update(`bounded test owner ${i}`).digest().subarray(0, 20);

describe("liquidation scans a bounded, rotating set of accounts per block", () => {
  const EXPIRY = OptionsChain.timeOf(3600);
  const BUDGET = 10;
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await OptionsChain.start({
      accounts: 1,
      fund: 1_000_000n * USDC,
      options: { max_accounts_scanned_per_block: BUDGET, max_liquidations_per_block: 2 } as object,
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["call"], contract_size: "1" }],
    });
    chain.prices = { ...CALM };
    await chain.settlePrices();
  });
  afterAll(() => chain.close());

  /** n healthy longs (plenty of cash) and, optionally, naked shorts with no cash, written straight into a branch. */
  function population(healthy: number, underwater: number[] = []): Branch {
    const branch = new Branch(chain.app.store);
    const keeper = chain.app.options;
    for (let i = 0; i < healthy + underwater.length; i++) {
      const owner = ownerOf(i);
      if (underwater.includes(i)) {
        keeper.setPosition(branch, owner, 1n, -5n, -5n * 1000n * USDC);
        keeper.setCollateral(branch, owner, "uusdc", 1000n * USDC);
      } else {
        keeper.setCollateral(branch, owner, "uusdc", 1_000_000n * USDC);
        keeper.setPosition(branch, owner, 1n, 1n, 1000n * USDC);
      }
    }
    return branch;
  }

  const contextOver = (store: KVStore): Context => ({
    store,
    chainId: "optchain-test",
    height: BigInt(chain.height + 1),
    timeNs: BigInt(OptionsChain.timeOf(chain.height + 1)) * 1_000_000_000n,
    mode: "block",
    gas: infiniteGasMeter(),
    events: [],
  });

  function endBlockReads(store: KVStore): number {
    const counting = new CountingStore(store);
    runLiquidations(contextOver(counting), chain.app.options);
    return counting.reads;
  }

  test("the reads of one end-block stay flat from N to 10N accounts", () => {
    const small = endBlockReads(population(3 * BUDGET));
    const large = endBlockReads(population(30 * BUDGET));
    expect(small).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small + 5);
  });

  test("every exposed account is valued within ceil(N / budget) blocks, none twice before all once", () => {
    const n = 47;
    const branch = population(n);
    const seen = new Map<string, number>();
    const rounds = Math.ceil(n / BUDGET);
    for (let round = 0; round < rounds; round++) {
      const counting = new CountingStore(branch);
      const report = runLiquidations(contextOver(counting), chain.app.options);
      expect(report.scanned).toBeLessThanOrEqual(BUDGET);
      for (const prefix of counting.iterated) {
        const text = Buffer.from(prefix).toString("latin1");
        if (!text.startsWith("options/pos/") || prefix.length !== "options/pos/".length + 20) continue;
        const owner = Buffer.from(prefix.subarray("options/pos/".length)).toString("hex");
        seen.set(owner, (seen.get(owner) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(n);
    // the last round wraps round to the first accounts again; nobody is valued twice before everyone once
    const counts = [...seen.values()];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rounds * BUDGET);
    expect(counts.filter((c) => c === 2)).toHaveLength(rounds * BUDGET - n);
    expect(counts.every((c) => c === 1 || c === 2)).toBe(true);
  });

  test("an underwater account hidden among many is liquidated within one rotation, worst first among those scanned", () => {
    const n = 60;
    const hidden = [37, 38, 39];
    const branch = population(n, hidden);
    const liquidated: string[] = [];
    for (let round = 0; round < Math.ceil((n + hidden.length) / BUDGET) + 1; round++) {
      const ctx = contextOver(branch);
      runLiquidations(ctx, chain.app.options);
      liquidated.push(...ctx.events.filter((e) => e.type === "liquidation").map((e) => e.attributes.find((a) => a.key === "account")!.value));
    }
    expect(new Set(liquidated).size).toBe(hidden.length);
  });

  test("an account last valued near maintenance is on the watch list and is liquidated the block it falls under, wherever the rotation is", () => {
    const n = 100;
    const near = 73;
    const branch = population(n);
    const keeper = chain.app.options;
    const owner = ownerOf(near);
    keeper.setPosition(branch, owner, 1n, -5n, -5n * 1000n * USDC);
    const market = new Market(keeper, branch, contextOver(branch).timeNs, "confirmed");
    const valuation = valueAccount(market, Account.load(keeper, branch, owner));
    const cashNow = keeper.collateral(branch, owner, "uusdc");
    // equity 1.2 × MM: healthy, but inside the 1.5 watch ratio
    keeper.setCollateral(branch, owner, "uusdc", cashNow + (valuation.mm * 12n) / 10n - valuation.equity);
    const liquidatedIn = (store: KVStore) => {
      const ctx = contextOver(store);
      runLiquidations(ctx, keeper);
      return ctx.events.filter((e) => e.type === "liquidation").map((e) => e.attributes.find((a) => a.key === "account")!.value);
    };
    for (let round = 0; round < Math.ceil((n + 1) / BUDGET); round++) expect(liquidatedIn(branch)).toEqual([]);
    expect(branch.has(Buffer.concat([Buffer.from("options/watch/"), owner]))).toBe(true);
    expect(keeper.scanListOwners(branch, "watch", 10)).toHaveLength(1);
    // a move against it (its cash stands in for the price here) while the rotation is elsewhere
    const after = valueAccount(market, Account.load(keeper, branch, owner));
    keeper.setCollateral(branch, owner, "uusdc", keeper.collateral(branch, owner, "uusdc") - (after.equity - after.mm) - 1n);
    expect(liquidatedIn(branch)).toHaveLength(1);
  });
});

describe("expiry and settlement page over blocks", () => {
  const SOON = OptionsChain.timeOf(40);
  const ITEMS = 3;

  test("every holder is paid exactly once, orders are cancelled within the budget, and uusdc is conserved at every block", async () => {
    const holders = 8;
    const chain = await OptionsChain.start({
      accounts: holders + 2,
      fund: 100_000n * USDC,
      options: { max_settlement_items_per_block: ITEMS } as object,
      listings: [{ underlying: "BTC", strikes: [BTC(58_000)], expiries_unix: [SOON], kinds: ["call"], contract_size: "1" }],
    });
    try {
      chain.prices = { ...CALM };
      await chain.settlePrices();
      const writer = chain.accounts[1].address;
      const deposits = [await chain.sign(1, [depositCollateralMsg(writer, "uusdc", 1_000_000n * USDC)])];
      for (let i = 2; i < holders + 2; i++) deposits.push(await chain.sign(i, [depositCollateralMsg(chain.accounts[i].address, "uusdc", 100_000n * USDC)]));
      expect((await chain.block(deposits)).txResults.map((r) => r.log).every((log) => log === "")).toBe(true);
      const mark = 2_500n * USDC;
      const trades = [await chain.sign(1, [placeOrderMsg({ owner: writer, seriesId: 1, side: "sell", quantity: holders, price: mark })])];
      for (let i = 2; i < holders + 2; i++) trades.push(await chain.sign(i, [placeOrderMsg({ owner: chain.accounts[i].address, seriesId: 1, side: "buy", quantity: 1, price: mark, timeInForce: "ioc" })]));
      // resting orders left on the book for expiry to cancel
      for (let i = 2; i < 7; i++) trades.push(await chain.sign(i, [placeOrderMsg({ owner: chain.accounts[i].address, seriesId: 1, side: "buy", quantity: 1, price: 10n * USDC })]));
      expect((await chain.block(trades)).txResults.map((r) => r.log)).toEqual(trades.map(() => ""));
      expect(chain.account(2).positions).toHaveLength(1);

      const keeper = chain.app.options;
      const totalUusdc = () => keeper.everyCollateral(chain.app.store).filter((c) => c.denom === "uusdc").reduce((sum, c) => sum + c.amount, 0n);
      const before = totalUusdc();
      const paid = new Map<string, number>();
      let cancelled = 0;
      let settlingSeen = false;
      let settled = false;
      while (!settled) {
        const block = await chain.block();
        const work = events(block, "order_cancelled").length + events(block, "position_settled").length;
        expect(work).toBeLessThanOrEqual(ITEMS);
        cancelled += events(block, "order_cancelled").length;
        for (const e of events(block, "position_settled")) paid.set(e.owner, (paid.get(e.owner) ?? 0) + 1);
        expect(block.events.filter((e) => e.type === "options_block_error" || e.type === "invariant_broken")).toEqual([]);
        // invariants at every block boundary, mid-settlement included
        expect(chain.invariantViolations()).toEqual([]);
        expect(openInterestViolations(keeper.everyPosition(chain.app.store))).toEqual([]);
        expect(totalUusdc()).toBe(before);
        expect(chain.app.bank.balance(chain.app.store, OPTIONS_MODULE_ADDRESS, "uusdc")).toBe(before);
        if (chain.seriesList(true)[0].status === pb.SeriesStatus.SERIES_STATUS_SETTLING) settlingSeen = true;
        settled = events(block, "series_settled").length > 0;
        expect(chain.height).toBeLessThan(80);
      }
      expect(cancelled).toBe(5);
      expect(settlingSeen).toBe(true);
      expect(paid.size).toBe(holders + 1);
      expect([...paid.values()].every((count) => count === 1)).toBe(true);
      expect(keeper.everyPosition(chain.app.store)).toEqual([]);
      expect(chain.seriesList(true)[0].status).toBe(pb.SeriesStatus.SERIES_STATUS_SETTLED);
    } finally {
      chain.close();
    }
  });
});

describe("paged settlement, any holders and any budget (property)", () => {
  const EXPIRY = OptionsChain.timeOf(3600);
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await OptionsChain.start({
      accounts: 1,
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["put"], contract_size: "0.3" }],
    });
    chain.prices = { ...CALM };
    await chain.settlePrices();
  });
  afterAll(() => chain.close());

  test("each holder is paid its settlement amount exactly once; sums and open interest hold after every block", () => {
    const keeper = chain.app.options;
    const cash = (store: KVStore, owner: Uint8Array) => keeper.collateral(store, owner, "uusdc");
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.bigInt({ min: 40_000n, max: 70_000n }),
        (longs, shortWeights, budget, fundHolds, priceUsd) => {
          const store = new Branch(chain.app.store);
          keeper.setParams(store, { ...keeper.params(store), max_settlement_items_per_block: budget });
          // shorts split the longs' total in proportion to their weights; the fund may hold one of the legs
          const total = longs.reduce((a, b) => a + b, 0);
          const weightSum = shortWeights.reduce((a, b) => a + b, 0);
          const shorts = shortWeights.map((w) => Math.floor((w * total) / weightSum));
          shorts[0] += total - shorts.reduce((a, b) => a + b, 0);
          const positions: Array<[Uint8Array, bigint]> = [
            ...longs.map((q, i): [Uint8Array, bigint] => [ownerOf(1000 + i), BigInt(q)]),
            ...shorts.filter((q) => q > 0).map((q, i): [Uint8Array, bigint] => [fundHolds && i === 0 ? INSURANCE_FUND_ADDRESS : ownerOf(2000 + i), -BigInt(q)]),
          ];
          for (const [owner, qty] of positions) {
            keeper.setPosition(store, owner, 1n, qty, qty * 100n);
            keeper.setCollateral(store, owner, "uusdc", 1_000_000n * USDC);
          }
          const series = keeper.mustSeries(store, 1n);
          const price = decFromString(`${priceUsd * USDC}`);
          keeper.setSeries(store, { ...series, status: "settling", settlement_price: `${priceUsd * USDC}` });
          const before = new Map(positions.map(([owner]) => [Buffer.from(owner).toString("hex"), cash(store, owner)]));
          const sum = () => keeper.everyCollateral(store).reduce((a, c) => a + c.amount, 0n);
          const start = sum();
          const paidTimes = new Map<string, number>();
          for (let block = 0; keeper.mustSeries(store, 1n).status !== "settled"; block++) {
            // two passes: one collecting from the shorts (and counting the longs), one paying the longs
            expect(block).toBeLessThanOrEqual(2 * positions.length);
            const ctx: Context = { store, chainId: "t", height: 10n, timeNs: BigInt(EXPIRY + 60) * 1_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] };
            runSettlements(ctx, keeper);
            const settled = ctx.events.filter((e) => e.type === "position_settled");
            expect(settled.length).toBeLessThanOrEqual(budget);
            for (const e of settled) {
              const owner = e.attributes.find((a) => a.key === "owner")!.value;
              paidTimes.set(owner, (paidTimes.get(owner) ?? 0) + 1);
            }
            expect(sum()).toBe(start);
            expect(openInterestViolations(keeper.everyPosition(store))).toEqual([]);
          }
          expect([...paidTimes.values()].every((n) => n === 1)).toBe(true);
          expect(keeper.everyPosition(store)).toEqual([]);
          let fundExpected = before.get(Buffer.from(INSURANCE_FUND_ADDRESS).toString("hex")) ?? 0n;
          for (const [owner, qty] of positions) {
            const amount = settlementAmount(series, price, qty);
            if (Buffer.from(owner).equals(Buffer.from(INSURANCE_FUND_ADDRESS))) continue;
            expect(cash(store, owner) - before.get(Buffer.from(owner).toString("hex"))!).toBe(amount);
            fundExpected -= amount;
          }
          expect(cash(store, INSURANCE_FUND_ADDRESS)).toBe(fundExpected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("a series waiting for a price does not hold up others", () => {
  test("an earlier series on an underlying with no price waits; the next one still settles, with one series per block allowed", async () => {
    const expiry = OptionsChain.timeOf(20);
    const chain = await OptionsChain.start({
      accounts: 1,
      options: { max_settlements_per_block: 1 },
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [expiry], kinds: ["call"], contract_size: "1" }],
    });
    try {
      chain.prices = { ...CALM };
      await chain.settlePrices();
      const keeper = chain.app.options;
      const store = new Branch(chain.app.store);
      const btc = keeper.mustSeries(store, 1n);
      // listed straight into state: an earlier expiry on an asset the oracle never priced
      keeper.setSeries(store, { ...btc, id: "99", name: "NOPRICE-1", underlying: "NOPRICE", expiry_ns: (BigInt(expiry - 5) * 1_000_000_000n).toString() });
      const ctx: Context = { store, chainId: "t", height: 30n, timeNs: BigInt(OptionsChain.timeOf(30)) * 1_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] };
      runSettlements(ctx, keeper);
      expect(ctx.events.map((e) => e.type)).toEqual(["settlement_delayed", "series_settled"]);
      expect(keeper.mustSeries(store, 1n).status).toBe("settled");
      expect(keeper.mustSeries(store, 99n).status).toBe("expired");
    } finally {
      chain.close();
    }
  });
});

describe("gas is charged per entry as a tx iterates", () => {
  const PREFIX = Buffer.from("huge/");
  function hugePrefix(entries: number): Branch {
    const base = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    for (let i = 0; i < entries; i++) base.set(Buffer.concat([PREFIX, Buffer.from(i.toString().padStart(8, "0"))]), Buffer.from("v"));
    return base;
  }

  test("a tx iterating a huge prefix with low gas runs out of gas having read only what it could pay for", () => {
    const counting = new CountingStore(hugePrefix(20_000));
    const gas = new GasKVStore(counting, new GasMeter(10_000n));
    expect(() => gas.iterate(PREFIX)).toThrow(/out of gas/);
    // each entry costs at least 30 + 3 × 5 prefix bytes: 10,000 gas pays for at most 222 of them
    expect(counting.reads).toBeLessThanOrEqual(223);
  });

  test("with enough gas it reads everything and charges each entry", () => {
    const counting = new CountingStore(hugePrefix(500));
    const meter = new GasMeter(10_000_000n);
    expect(new GasKVStore(counting, meter).iterate(PREFIX)).toHaveLength(500);
    expect(meter.consumed).toBe(500n * (30n + 3n * BigInt(PREFIX.length + 8 + 1)));
  });
});

describe("pagination", () => {
  const PREFIX = Buffer.from("list/");
  const keyOf = (i: number) => Buffer.from(i.toString(16).padStart(4, "0"));

  /** A branch over a branch: writes, overwrites and deletes in both layers, as a query sees a store. */
  function layered(ids: number[], deleted: number[]): KVReader {
    const base = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    for (const i of ids.filter((_, n) => n % 2 === 0)) base.set(Buffer.concat([PREFIX, keyOf(i)]), Buffer.from(`v${i}`));
    base.set(Buffer.from("lisu"), Buffer.from("outside"));
    base.set(Buffer.from("list"), Buffer.from("outside"));
    const top = new Branch(base);
    for (const i of ids.filter((_, n) => n % 2 === 1)) top.set(Buffer.concat([PREFIX, keyOf(i)]), Buffer.from(`v${i}`));
    for (const i of deleted) top.delete(Buffer.concat([PREFIX, keyOf(i)]));
    return top;
  }

  const decode = (key: Bytes, value: Bytes) => `${Buffer.from(key).toString()}=${Buffer.from(value).toString()}`;

  test("paging returns every item exactly once in order, next_key empty at the end, limit enforced", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xfff }), { maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 0xfff }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (ids, deleted, limit, reverse) => {
          const state = layered(ids, deleted);
          const all = state.iterate(PREFIX, { reverse }).map(([k, v]) => decode(k.subarray(PREFIX.length), v));
          const seen: string[] = [];
          let key: Uint8Array = new Uint8Array();
          for (let pages = 0; ; pages++) {
            expect(pages).toBeLessThanOrEqual(all.length + 1);
            const page = paginate(state, PREFIX, { key, limit, reverse }, decode);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items);
            if (page.nextKey.length === 0) break;
            expect(page.items).toHaveLength(limit);
            key = page.nextKey;
          }
          expect(seen).toEqual(all);
          const byOffset: string[] = [];
          for (let offset = 0; offset <= all.length; offset += limit) byOffset.push(...paginate(state, PREFIX, { offset, limit, reverse }, decode).items);
          expect(byOffset).toEqual(all);
          expect(paginate(state, PREFIX, { limit, countTotal: true }, decode).total).toBe(all.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("a filter pages over what matches; defaults and the cap on limit", () => {
    const state = layered(Array.from({ length: 1500 }, (_, i) => i), []);
    const odd = (key: Bytes) => (parseInt(Buffer.from(key).toString(), 16) % 2 === 1 ? Buffer.from(key).toString() : undefined);
    const first = paginate(state, PREFIX, { limit: 10 }, odd);
    expect(first.items).toEqual(["0001", "0003", "0005", "0007", "0009", "000b", "000d", "000f", "0011", "0013"]);
    expect(Buffer.from(first.nextKey).toString()).toBe("0014");
    expect(paginate(state, PREFIX, { key: first.nextKey, limit: 2 }, odd).items).toEqual(["0015", "0017"]);
    expect(paginate(state, PREFIX, undefined, decode).items).toHaveLength(100);
    expect(paginate(state, PREFIX, { limit: 5000 }, decode).items).toHaveLength(1000);
    expect(() => paginate(state, PREFIX, { key: keyOf(3), offset: 2 }, decode)).toThrow(/either offset or key/);
  });
});

describe("list queries page through the app", () => {
  const EXPIRIES = Array.from({ length: 40 }, (_, i) => OptionsChain.timeOf(10_000 + i * 86_400));
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await OptionsChain.start({
      accounts: 2,
      fund: 100_000n * USDC,
      listings: [{ underlying: "BTC", strikes: [BTC(50_000), BTC(60_000), BTC(70_000)], expiries_unix: EXPIRIES, kinds: ["call", "put"], contract_size: "1" }],
    });
    chain.prices = { ...CALM };
    await chain.settlePrices();
    const owner = chain.accounts[1].address;
    // bids inside the fill band around the 50k call's mark (about 10,000 USDC)
    const orders = [9000, 8000, 8000, 7000, 6000, 5000].map((usd) => placeOrderMsg({ owner, seriesId: 1, side: "buy", quantity: 1, price: BigInt(usd) * USDC }));
    const results = (await chain.block([await chain.sign(1, [depositCollateralMsg(owner, "uusdc", 100_000n * USDC), ...orders])])).txResults;
    expect(results.map((r) => r.log)).toEqual([""]);
  });
  afterAll(() => chain.close());

  const seriesPage = (pagination: object) =>
    pb.QuerySeriesListResponse.decode(chain.query("SeriesList", pb.QuerySeriesListRequest.encode({ underlying: "", includeSettled: true, pagination }).finish()));

  test("SeriesList: every series exactly once in id order, at most limit per page, next_key empty at the end", () => {
    const ids: number[] = [];
    let key: Uint8Array = new Uint8Array();
    let pages = 0;
    do {
      const response = seriesPage({ key, limit: 7 });
      expect(response.series.length).toBeLessThanOrEqual(7);
      ids.push(...response.series.map((s) => Number(s.id)));
      key = response.pagination?.nextKey ?? new Uint8Array();
      pages += 1;
    } while (key.length > 0);
    expect(ids).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(pages).toBe(Math.ceil(240 / 7));
    expect(seriesPage({}).series).toHaveLength(100);
    expect(seriesPage({ offset: 230, countTotal: true }).pagination?.total).toBe(240);
    expect(seriesPage({ limit: 3, reverse: true }).series.map((s) => Number(s.id))).toEqual([240, 239, 238]);
  });

  test("Book: one side pages by price level; both sides at once cannot page by key", () => {
    const bookPage = (pagination: object, side: number) => pb.QueryBookResponse.decode(chain.query("Book", pb.QueryBookRequest.encode({ seriesId: 1, depth: 0, pagination, side }).finish()));
    const levels: Array<[string, number]> = [];
    let key: Uint8Array = new Uint8Array();
    do {
      const response = bookPage({ key, limit: 2 }, pb.Side.SIDE_BUY);
      expect(response.bids.length).toBeLessThanOrEqual(2);
      expect(response.asks).toEqual([]);
      levels.push(...response.bids.map((l): [string, number] => [l.price!, Number(l.orders)]));
      key = response.pagination?.nextKey ?? new Uint8Array();
    } while (key.length > 0);
    expect(levels).toEqual([9000, 8000, 7000, 6000, 5000].map((usd): [string, number] => [(BigInt(usd) * USDC).toString(), usd === 8000 ? 2 : 1]));
    expect(() => bookPage({ key: Buffer.from("x"), limit: 2 }, pb.Side.SIDE_UNSPECIFIED)).toThrow(/needs one side/);
  });

  test("bank AllBalances pages by denom", () => {
    const { QueryAllBalancesRequest, QueryAllBalancesResponse } = jest.requireActual("cosmjs-types/cosmos/bank/v1beta1/query");
    const ask = (key: Uint8Array) => {
      const request = QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address: chain.accounts[0].address, pagination: { key, limit: 1n } })).finish();
      const response = chain.app.query({ path: "/cosmos.bank.v1beta1.Query/AllBalances", data: request, height: 0n, prove: false });
      return QueryAllBalancesResponse.decode(response.value);
    };
    const first = ask(new Uint8Array());
    const second = ask(first.pagination.nextKey);
    expect([...first.balances, ...second.balances].map((c: { denom: string }) => c.denom)).toEqual(["uopt", "uusdc"]);
    expect(second.pagination.nextKey).toHaveLength(0);
  });
});
