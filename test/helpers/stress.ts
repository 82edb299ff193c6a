// The stress suite's market and its watch, shared by test/options.stress.test.ts and the crash_sim bench:
// writers short BTC options to buyers, optional bidders stand ready for liquidation auctions, and every block
// of a price path is checked (books equal bank, no block error, the fund within its cap) and counted (the
// liquidation queue, where every loss went). Violations throw plain Errors, so the bench stops on them too.
import { accAddressBytes, toAccAddress } from "../../app/address";
import { bidAuctionMsg, depositCollateralMsg, placeOrderMsg, withdrawCollateralMsg } from "../../client/options";
import { MissingMarketError } from "../../lib/margin";
import { everyAuction } from "../../modules/options/auction";
import { INSURANCE_FUND_ADDRESS } from "../../modules/options/keeper";
import type { OptionsParams } from "../../modules/options/params";
import { Account, Market, valueAccount } from "../../modules/options/risk";
import { events, OptionsChain, USDC } from "./options";

export const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
export const SPOT = 60_000;
const EXPIRY = OptionsChain.timeOf(7 * 86_400);

export interface BookSpec {
  /** Writers, and as many buyers; account 0 owns the fund's shares and does not trade. */
  writers: number;
  kind: "put" | "call";
  strikes: number[];
  fund: bigint;
  /** Accounts after the buyers that bid 100 % on every auction the block after it starts. */
  bidders?: number;
  options?: Partial<OptionsParams>;
  /** After trading, writer w withdraws uusdc down to IM + this + 5 × (w mod 8) percent: a market of thin writers. */
  cushionPercent?: bigint;
}

export interface StressBook {
  chain: OptionsChain;
  spec: BookSpec;
  /** Every trading account (writers, buyers, bidders), by index. */
  traders: number[];
  bidders: number[];
  filled: number;
  refused: number;
}

type Block = Awaited<ReturnType<OptionsChain["block"]>>;

/**
 * Writers sell 1–3 contracts of 0.1 BTC each, with collateral from thin to comfortable, and buyers lift them
 * in one block at spot 60,000; orders the margin check refuses stay refused (a stress market has marginal
 * traders too).
 */
export async function writtenBook(spec: BookSpec): Promise<StressBook> {
  const bidderCount = spec.bidders ?? 0;
  const chain = await OptionsChain.start({
    accounts: 1 + 2 * spec.writers + bidderCount,
    fund: spec.fund,
    options: spec.options,
    listings: [{ underlying: "BTC", strikes: spec.strikes.map(BTC), expiries_unix: [EXPIRY], kinds: [spec.kind], contract_size: "0.1" }],
  });
  chain.prices = { BTC: BTC(SPOT), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
  const address = (i: number) => chain.accounts[i].address;
  const series = (w: number) => 1 + (w % spec.strikes.length);
  const txs: Uint8Array[] = [];
  for (let w = 1; w <= spec.writers; w++) {
    // 2.5× what thin writers held before issue 10, whose IM covers the extended −66 % at weight 0.5
    const collateral = BigInt(3_750 + (w % 7) * 1_000) * USDC;
    const price = BigInt(100 + (w % 5) * 20) * USDC;
    txs.push(
      await chain.sign(w, [
        depositCollateralMsg(address(w), "uusdc", collateral),
        depositCollateralMsg(address(w), "uopt", 500n * USDC),
        placeOrderMsg({ owner: address(w), seriesId: series(w), side: "sell", quantity: 1 + (w % 3), price }),
      ]),
    );
  }
  for (let w = 1; w <= spec.writers; w++) {
    const buyer = spec.writers + w;
    txs.push(
      await chain.sign(buyer, [
        depositCollateralMsg(address(buyer), "uusdc", 5_000n * USDC),
        placeOrderMsg({ owner: address(buyer), seriesId: series(w), side: "buy", quantity: 3, price: 200n * USDC, timeInForce: "ioc" }),
      ]),
    );
  }
  const bidders = Array.from({ length: bidderCount }, (_, k) => 1 + 2 * spec.writers + k);
  for (const b of bidders) txs.push(await chain.sign(b, [depositCollateralMsg(address(b), "uusdc", 50_000_000n * USDC)]));
  const trading = await chain.block(txs);
  const refused = trading.txResults.filter((r) => r.code !== 0);
  const wrong = refused.find((r) => r.codespace !== "options");
  if (wrong) throw new Error(`a setup tx failed outside the options module: ${wrong.log}`);
  if (spec.cushionPercent !== undefined) {
    const withdrawals: Uint8Array[] = [];
    for (let w = 1; w <= spec.writers; w++) {
      const account = chain.account(w);
      if (account.positions.length === 0) continue;
      const cushion = spec.cushionPercent + 5n * BigInt(w % 8);
      const excess = BigInt(account.equity) - (BigInt(account.initialMargin) * (100n + cushion)) / 100n;
      if (excess > 0n) withdrawals.push(await chain.sign(w, [withdrawCollateralMsg(address(w), "uusdc", excess)]));
    }
    const failed = (await chain.block(withdrawals)).txResults.find((r) => r.code !== 0);
    if (failed) throw new Error(`a writer's withdrawal down to its cushion over IM failed: ${failed.log}`);
  }
  const traders = Array.from({ length: chain.accounts.length - 1 }, (_, i) => i + 1);
  return { chain, spec, traders, bidders, filled: trading.txResults.flatMap((r) => events(r, "order_filled")).length, refused: refused.length };
}

export interface Tally {
  blocks: number;
  liquidations: number;
  closes: { book: number; insurance_fund: number; adl: number };
  auctionFills: number;
  bidsRefused: number;
  takeovers: number;
  /** uusdc of insolvent accounts' losses the fund took over, within its cap */
  fundLoss: bigint;
  /** uusdc of losses shared among traders (ADL) or left with the fund past its cap */
  socialised: bigint;
  badDebt: bigint;
  settlementSocialised: bigint;
  /** most accounts under maintenance (or owing money) after any block: the liquidation queue */
  largestQueue: number;
  /** most consecutive blocks any one account stayed under maintenance */
  longestWait: number;
}

const sum = (list: Array<Record<string, string>>, key: string) => list.reduce((total, e) => total + BigInt(e[key]), 0n);
const nsOf = (chain: OptionsChain) => BigInt(chain.nowUnix) * 1_000_000_000n;

/** Checks and counts every block of a stress run. */
export class StressWatch {
  readonly tally: Tally = {
    blocks: 0,
    liquidations: 0,
    closes: { book: 0, insurance_fund: 0, adl: 0 },
    auctionFills: 0,
    bidsRefused: 0,
    takeovers: 0,
    fundLoss: 0n,
    socialised: 0n,
    badDebt: 0n,
    settlementSocialised: 0n,
    largestQueue: 0,
    longestWait: 0,
  };
  /** Wall milliseconds spent in these checks, apart from the blocks themselves (the bench reports both). */
  checkMs = 0;
  /** Accounts under maintenance (or owing money) after the last block. */
  queue = 0;
  /** Every block's liquidation events, in order, for scenario-specific checks. */
  readonly liquidated: Array<Array<Record<string, string>>> = [];
  private readonly owners: Uint8Array[];
  private readonly waitingSince = new Map<number, number>();
  private readonly cap: bigint;
  private readonly maxPerBlock: number;
  private readonly auctionBlocks: number;

  constructor(readonly book: StressBook) {
    const params = book.chain.app.options.params(book.chain.app.store);
    this.cap = BigInt(params.max_fund_margin);
    this.maxPerBlock = params.max_liquidations_per_block;
    this.auctionBlocks = params.auction_blocks;
    this.owners = book.traders.map((i) => accAddressBytes(book.chain.accounts[i].address));
  }

  /** One block at the chain's current prices; bidders first bid on every auction open before it. */
  async block(): Promise<Block> {
    const { chain } = this.book;
    const auctions = this.book.bidders.length === 0 ? [] : everyAuction(chain.app.store);
    const signed: Uint8Array[] = [];
    for (let k = 0; k < auctions.length; k++) {
      const bidder = this.book.bidders[k % this.book.bidders.length];
      signed.push(await chain.sign(bidder, [bidAuctionMsg(chain.accounts[bidder].address, toAccAddress(auctions[k].owner), 100)]));
    }
    const block = await chain.block(signed);
    const started = process.hrtime.bigint();
    this.check(block);
    this.checkMs += Number(process.hrtime.bigint() - started) / 1e6;
    return block;
  }

  async blocks(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.block();
  }

  private check(block: Block): void {
    const { chain } = this.book;
    const t = this.tally;
    t.blocks += 1;
    const height = chain.height;
    // block errors, broken invariants and liquidation errors fail the block in runBlock (test/helpers/broken-events.ts)
    const all = { events: [...block.events, ...block.txResults.flatMap((r) => r.events)] };
    const violations = chain.invariantViolations();
    if (violations.length > 0) throw new Error(`block ${height}: the module's books differ from bank: ${violations.join("; ")}`);
    for (const r of block.txResults) {
      if (r.code === 0) continue;
      // a bid on an auction that ended, or that the bidder's margin cannot carry, is refused and changes nothing
      if (r.codespace !== "options") throw new Error(`block ${height}: a bid failed outside the options module: ${r.log}`);
      t.bidsRefused += 1;
    }

    const liquidations = events(all, "liquidation");
    if (liquidations.length > this.maxPerBlock) throw new Error(`block ${height}: ${liquidations.length} liquidations, more than ${this.maxPerBlock}`);
    for (const l of liquidations) {
      if (BigInt(l.equity) >= BigInt(l.maintenance_margin)) throw new Error(`block ${height}: ${l.account} liquidated at equity ${l.equity} ≥ MM ${l.maintenance_margin}`);
    }
    this.liquidated.push(liquidations);
    t.liquidations += liquidations.length;
    for (const c of events(all, "liquidation_close")) t.closes[c.counterparty as keyof Tally["closes"]] += 1;
    t.auctionFills += events(all, "auction_fill").length;
    const takeovers = events(all, "insurance_fund_takeover");
    t.takeovers += takeovers.length;
    t.fundLoss += sum(takeovers, "loss");
    t.socialised += sum(events(all, "socialised_loss"), "amount");
    t.badDebt += sum(events(all, "bad_debt"), "amount");
    t.settlementSocialised += sum(events(all, "settlement_shortfall"), "socialised");

    const market = new Market(chain.app.options, chain.app.store, nsOf(chain), "confirmed");
    // the fund takes positions only within its cap; a price move alone may carry its MM past it, but then
    // it may take nothing more that block
    const fundTook = takeovers.some((e) => e.positions !== "0") || events(all, "liquidation_close").some((c) => c.counterparty === "insurance_fund");
    const fundMm = valueAccount(market, Account.load(chain.app.options, chain.app.store, INSURANCE_FUND_ADDRESS)).mm;
    if (fundTook && fundMm > this.cap) throw new Error(`block ${height}: the fund took positions and its MM ${fundMm} exceeds its cap ${this.cap}`);

    let queue = 0;
    this.owners.forEach((owner, i) => {
      const account = Account.load(chain.app.options, chain.app.store, owner);
      if (account.positions.size === 0 && account.cash >= 0n) {
        this.waitingSince.delete(i);
        return;
      }
      let under: boolean;
      try {
        const v = valueAccount(market, account);
        under = v.equity < v.mm;
      } catch (err) {
        if (!(err instanceof MissingMarketError)) throw err;
        under = true; // an account that cannot be valued waits like one under maintenance
      }
      if (!under) {
        this.waitingSince.delete(i);
        return;
      }
      queue += 1;
      const since = this.waitingSince.get(i) ?? height;
      this.waitingSince.set(i, since);
      t.longestWait = Math.max(t.longestWait, height - since + 1);
    });
    this.queue = queue;
    t.largestQueue = Math.max(t.largestQueue, queue);
  }

  /**
   * The most blocks an account may wait under maintenance: its auction's blocks, a block per
   * max_liquidations_per_block accounts ahead of it, and the two blocks a tally needs to reach the next one.
   */
  waitBound(): number {
    return this.auctionBlocks + Math.ceil(this.tally.largestQueue / this.maxPerBlock) + 2;
  }

  /** Where everything stands at the end: accounts under MM or hiding negative equity, and the fund's book. */
  finish() {
    const { chain } = this.book;
    const market = new Market(chain.app.options, chain.app.store, nsOf(chain), "confirmed");
    let underMaintenance = 0;
    let hidden = 0n;
    for (const owner of this.owners) {
      const v = valueAccount(market, Account.load(chain.app.options, chain.app.store, owner));
      if (v.mm > 0n && v.equity < v.mm) underMaintenance += 1;
      if (v.equity < 0n) hidden += -v.equity;
    }
    const fund = Account.load(chain.app.options, chain.app.store, INSURANCE_FUND_ADDRESS);
    const fundValue = valueAccount(market, fund);
    const t = this.tally;
    return {
      underMaintenance,
      /** negative equity still sitting in traders' accounts: a loss nobody has booked */
      hidden,
      /** every loss beyond an account's own equity that the fund did not take within its cap */
      badDebtOutsideFund: t.socialised + t.badDebt + t.settlementSocialised + hidden,
      fund: {
        positions: fund.positions.size,
        contracts: [...fund.positions.values()].reduce((n, p) => n + (p.qty < 0n ? -p.qty : p.qty), 0n),
        positionValue: fundValue.positionValue,
        equity: fundValue.equity,
        mm: fundValue.mm,
        cap: this.cap,
      },
    };
  }
}

export const CRASH_SECONDS = 600;
export const CRASH_STRIKES = [50_000, 55_000, 58_000];

/**
 * The stress suite's crash: writers of puts, nobody bidding, BTC from 60,000 down 40 % in a straight line over
 * ten minutes (a tally a second, one block a second), then up to `drainBlocks` more at the bottom until nobody
 * is left under maintenance. `timed` wraps the crash's blocks, for the bench.
 */
export async function tenMinuteCrash(writers: number, timed: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(), drainBlocks = 60) {
  const book = await writtenBook({ writers, kind: "put", strikes: CRASH_STRIKES, fund: 5_000_000n * USDC });
  const watch = new StressWatch(book);
  const { chain } = book;
  try {
    await timed(async () => {
      for (let s = 1; s <= CRASH_SECONDS; s++) {
        chain.prices = { ...chain.prices, BTC: BTC(Math.round(SPOT - (SPOT * 0.4 * s) / CRASH_SECONDS)) };
        await watch.block();
      }
      for (let i = 0; i < drainBlocks && (i < 3 || watch.queue > 0); i++) await watch.block();
    });
    return { book, tally: watch.tally, end: watch.finish(), waitBound: watch.waitBound(), checkMs: watch.checkMs };
  } finally {
    chain.close();
  }
}
