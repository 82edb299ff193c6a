// Issue 10, weakness 3: the insurance fund warehoused risk, taking any position while its equity was ≥ 1
// uusdc. Now a liquidation puts what the book does not take up for a Dutch auction (MsgBidAuction, at mark
// less a discount growing each block); the fund takes positions only past the floor, within max_fund_margin.
// In process, through real blocks, the real oracle and the circuit's breaker.
import { bidAuctionMsg, depositCollateralMsg, placeOrderMsg, withdrawCollateralMsg } from "../client/options";
import { auctionStart } from "../modules/options/auction";
import { INSURANCE_FUND_ADDRESS } from "../modules/options/keeper";
import { Account, Market, valueAccount } from "../modules/options/risk";
import { optchain } from "../proto/gen/optchain";
import { events, OptionsChain, USDC } from "./helpers/options";

const pb = optchain.options.v1;

jest.setTimeout(180_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(86_400);

async function start(options: Record<string, unknown>, expiry = EXPIRY) {
  const chain = await OptionsChain.start({
    accounts: 5,
    fund: 1_000_000n * USDC,
    options,
    listings: [{ underlying: "BTC", strikes: [BTC(65_000)], expiries_unix: [expiry], kinds: ["call"], contract_size: "1" }],
  });
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
  return chain;
}

/** Writers 1 and 3 each sell 10 calls to account 2, then keep only IM + 5 %. */
async function writeCalls(chain: OptionsChain) {
  const id = Number(chain.seriesList()[0].id);
  const buyer = chain.accounts[2].address;
  const txs = [await chain.sign(2, [depositCollateralMsg(buyer, "uusdc", 500_000n * USDC)])];
  for (const writer of [1, 3]) {
    const w = chain.accounts[writer].address;
    txs.push(await chain.sign(writer, [depositCollateralMsg(w, "uusdc", 500_000n * USDC)]));
    txs.push(await chain.sign(writer, [placeOrderMsg({ owner: w, seriesId: id, side: "sell", quantity: 10, price: 300n * USDC })]));
    txs.push(await chain.sign(2, [placeOrderMsg({ owner: buyer, seriesId: id, side: "buy", quantity: 10, price: 300n * USDC, timeInForce: "ioc" })]));
  }
  const results = (await chain.block(txs)).txResults;
  expect(results.map((r) => r.log)).toEqual(results.map(() => ""));
  const withdrawals = [];
  for (const writer of [1, 3]) {
    const account = chain.account(writer);
    const excess = BigInt(account.equity) - (BigInt(account.initialMargin) * 105n) / 100n;
    withdrawals.push(await chain.sign(writer, [withdrawCollateralMsg(chain.accounts[writer].address, "uusdc", excess)]));
  }
  const out = (await chain.block(withdrawals)).txResults;
  expect(out.map((r) => r.log)).toEqual(["", ""]);
}

/** A rally past the breaker, held until confirmed: returns every block's events from the move on. */
async function rally(chain: OptionsChain, usd: number) {
  chain.prices = { ...chain.prices, BTC: BTC(usd) };
  const blocks = [];
  for (let i = 0; i < 4; i++) {
    blocks.push(await chain.block());
    expect(chain.invariantViolations()).toEqual([]);
  }
  return blocks;
}

const fundPositions = (chain: OptionsChain) => chain.app.options.positions(chain.app.store, INSURANCE_FUND_ADDRESS);

describe("liquidation by Dutch auction", () => {
  test("a crash with bidders ends with no positions in the fund", async () => {
    const chain = await start({ auction_blocks: 10 });
    try {
      await writeCalls(chain);
      const blocks = await rally(chain, 70_000);
      const started = blocks.flatMap((b) => events(b, "auction_started")).map((e) => e.account);
      expect(started.sort()).toEqual([chain.accounts[1].address, chain.accounts[3].address].sort());
      expect(fundPositions(chain)).toEqual([]);
      const bidder = chain.accounts[4].address;
      const bids = await chain.block([
        await chain.sign(4, [depositCollateralMsg(bidder, "uusdc", 2_000_000n * USDC)]),
        await chain.sign(4, [bidAuctionMsg(bidder, chain.accounts[1].address, 100)]),
        await chain.sign(4, [bidAuctionMsg(bidder, chain.accounts[3].address, 100)]),
      ]);
      expect(bids.txResults.map((r) => r.log)).toEqual(["", "", ""]);
      const txEvents = (type: string) => bids.txResults.flatMap((r) => events(r as Parameters<typeof events>[0], type));
      expect(txEvents("auction_fill")).toHaveLength(2);
      // the discount the bidder was given, between the auction's start and floor discounts (it read 0 before)
      for (const fill of txEvents("auction_fill")) expect({ discount: Number(fill.discount) > 0.05 && Number(fill.discount) <= 0.3 }).toEqual({ discount: true });
      expect(txEvents("auction_ended").map((e) => e.reason)).toEqual(["restored", "restored"]);
      // well past where the floor would have been: nothing left for the fund
      for (let i = 0; i < 12; i++) {
        await chain.block();
        expect(chain.invariantViolations()).toEqual([]);
      }
      expect(fundPositions(chain)).toEqual([]);
      expect(chain.account(4).positions).toEqual([expect.objectContaining({ quantity: "-20" })]);
    } finally {
      chain.close();
    }
  });

  test("a bid that would leave the bidder under IM, or on an account not in auction, is refused and changes nothing", async () => {
    const chain = await start({ auction_blocks: 10 });
    try {
      await writeCalls(chain);
      const bidder = chain.accounts[4].address;
      const early = await chain.block([await chain.sign(4, [bidAuctionMsg(bidder, chain.accounts[1].address, 100)])]);
      expect(early.txResults[0].log).toMatch(/not in a liquidation auction/);
      await rally(chain, 70_000);
      const poor = await chain.block([
        await chain.sign(4, [depositCollateralMsg(bidder, "uusdc", 1_000n * USDC)]),
        await chain.sign(4, [bidAuctionMsg(bidder, chain.accounts[1].address, 100)]),
      ]);
      expect(poor.txResults[0].log).toBe("");
      expect(poor.txResults[1].code).toBe(9);
      expect(chain.account(4).positions).toEqual([]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("the fund's auction ends when the positions it offered settle at expiry: nothing is left listed that no bid can take", async () => {
    const chain = await start({ auction_blocks: 3 }, OptionsChain.timeOf(40));
    try {
      await writeCalls(chain);
      await rally(chain, 70_000);
      for (let i = 0; i < 8 && fundPositions(chain).length === 0; i++) await chain.block();
      expect(fundPositions(chain).length).toBeGreaterThan(0);
      expect(auctionStart(chain.app.store, INSURANCE_FUND_ADDRESS)).toBeDefined();
      const ended: string[] = [];
      while (chain.seriesList()[0].status !== pb.SeriesStatus.SERIES_STATUS_SETTLED) {
        expect(chain.height).toBeLessThan(80);
        const block = await chain.block();
        ended.push(...events(block, "auction_ended").filter((e) => e.account === chain.fund().address).map((e) => e.reason));
      }
      expect(fundPositions(chain)).toEqual([]);
      expect(ended).toEqual(["settled"]);
      expect(auctionStart(chain.app.store, INSURANCE_FUND_ADDRESS)).toBeUndefined();
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("without bidders the fund takes positions only at the floor, its holdings stay within the cap, and it is unwound by a later bid", async () => {
    // room for one writer's closed calls (~255,000 USDC of MM), not both: the second is deleveraged
    const cap = 300_000n * USDC;
    const chain = await start({ auction_blocks: 3, max_fund_margin: cap.toString() });
    try {
      await writeCalls(chain);
      const blocks = await rally(chain, 70_000);
      expect(blocks.flatMap((b) => events(b, "auction_started"))).toHaveLength(2);
      expect(fundPositions(chain)).toEqual([]);
      const ended: string[] = [];
      for (let i = 0; i < 8; i++) {
        ended.push(...events(await chain.block(), "auction_ended").map((e) => e.reason));
        expect(chain.invariantViolations()).toEqual([]);
        const market = new Market(chain.app.options, chain.app.store, BigInt(chain.nowUnix) * 1_000_000_000n, "confirmed");
        expect(valueAccount(market, Account.load(chain.app.options, chain.app.store, INSURANCE_FUND_ADDRESS)).mm).toBeLessThanOrEqual(cap);
      }
      expect(ended).toEqual(["floor", "floor"]);
      // the fund's holdings are offered back the same way: a bidder takes all of them
      expect(fundPositions(chain).length).toBeGreaterThan(0);
      const bidder = chain.accounts[4].address;
      const fundAddress = chain.fund().address;
      const bid = await chain.block([
        await chain.sign(4, [depositCollateralMsg(bidder, "uusdc", 2_000_000n * USDC)]),
        await chain.sign(4, [bidAuctionMsg(bidder, fundAddress, 100)]),
      ]);
      expect(bid.txResults.map((r) => r.log)).toEqual(["", ""]);
      expect(fundPositions(chain)).toEqual([]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});
