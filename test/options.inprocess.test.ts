// The options module inside the whole app: real signed txs through FinalizeBlock, prices from the real oracle
// module (the validator's feeder votes every block), end-block liquidation and settlement, typed queries.
import { cancelOrderMsg, depositBackstopMsg, depositCollateralMsg, listSeriesMsg, placeOrderMsg, withdrawBackstopMsg, withdrawCollateralMsg } from "../client/options";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { optchain } from "../proto/gen/optchain";
import { guardianApproveMsg, guardianProposeMsg, type GuardianAction } from "../client/governance";
import { events, OptionsChain, testAccounts, USDC } from "./helpers/options";

jest.setTimeout(180_000);

const pb = optchain.options.v1;
const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const CALM: Record<string, string> = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
const EXPIRY = OptionsChain.timeOf(3600);

async function start(accounts = 6, fund = 1_000_000n * USDC, options = {}) {
  const chain = await OptionsChain.start({
    accounts,
    fund,
    options,
    listings: [{ underlying: "BTC", strikes: [BTC(55_000), BTC(60_000), BTC(65_000)], expiries_unix: [EXPIRY], kinds: ["call", "put"], contract_size: "1" }],
  });
  chain.prices = { ...CALM };
  await chain.settlePrices();
  return chain;
}

const seriesId = (chain: OptionsChain, name: string) => Number(chain.seriesList().find((s) => s.name === name)!.id);
const call60 = (chain: OptionsChain) => seriesId(chain, `BTC-${EXPIRY}-60000-C`);

describe("trading through real txs", () => {
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await start();
  });
  afterAll(() => chain.close());

  test("genesis listed the grid; the authority lists more at once; others may not", async () => {
    expect(chain.seriesList().map((s) => s.name)).toContain(`BTC-${EXPIRY}-55000-P`);
    expect(chain.seriesList()).toHaveLength(6);
    const grid = { underlying: "BTC", strikes: [BTC(70_000), BTC(80_000)], expiriesUnix: [EXPIRY, EXPIRY + 86_400], kinds: ["call" as const], contractSize: "0.1" };
    const [listed, refused] = (
      await chain.block([await chain.sign(0, [listSeriesMsg({ authority: chain.accounts[0].address, ...grid })]), await chain.sign(1, [listSeriesMsg({ authority: chain.accounts[1].address, ...grid, strikes: [BTC(90_000)] })])])
    ).txResults;
    expect(listed.code).toBe(0);
    expect(pb.MsgListSeriesResponse.decode(msgResponse(listed)).seriesIds).toEqual([7, 8, 9, 10]);
    expect(chain.seriesList()).toHaveLength(10);
    expect(refused.code).toBe(4);
    expect(refused.log).toMatch(/may not list series/);
  });

  test("deposit, rest an ask, lift it with an IOC bid: premium moves, positions open, margin is reported", async () => {
    const id = call60(chain);
    const [writer, buyer] = [chain.accounts[1].address, chain.accounts[2].address];
    let results = (
      await chain.block([
        await chain.sign(1, [depositCollateralMsg(writer, "uusdc", 300_000n * USDC), depositCollateralMsg(writer, "uopt", 20_000n * USDC)]),
        await chain.sign(2, [depositCollateralMsg(buyer, "uusdc", 50_000n * USDC)]),
      ])
    ).txResults;
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    results = (
      await chain.block([
        await chain.sign(1, [placeOrderMsg({ owner: writer, seriesId: id, side: "sell", quantity: 5, price: 2_500n * USDC, clientOrderId: "w-1" })]),
        await chain.sign(2, [placeOrderMsg({ owner: buyer, seriesId: id, side: "buy", quantity: 3, price: 2_600n * USDC, timeInForce: "ioc" })]),
      ])
    ).txResults;
    expect(results.map((r) => [r.code, r.log])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const fill = events(results[1], "order_filled")[0];
    expect(fill).toMatchObject({ quantity: "3", price: String(2_500n * USDC), maker: writer, taker: buyer, taker_side: "buy" });
    expect(chain.book(id).asks).toEqual([{ price: String(2_500n * USDC), quantity: 2, orders: 1 }]);

    const w = chain.account(1);
    expect(w.positions).toEqual([expect.objectContaining({ seriesId: id, quantity: "-3", cost: String(-7_500n * USDC) })]);
    expect(w.collateral.find((c) => c.denom === "uusdc")!.amount).toBe(String(307_500n * USDC));
    expect(w.collateral.find((c) => c.denom === "uopt")).toMatchObject({ haircut: "0.5", value: String(10_000n * USDC) });
    expect(w.marginAvailable).toBe(true);
    expect(BigInt(w.initialMargin)).toBeGreaterThan(BigInt(w.maintenanceMargin));
    expect(BigInt(w.equity)).toBe(BigInt(w.collateralValue) + BigInt(w.positionValue));
    expect(w.underlyings[0]).toMatchObject({ underlying: "BTC", volSource: "implied", worstScenario: expect.stringMatching(/^spot \+/) });
    expect(Number(w.positions[0].greeks!.delta)).toBeCloseTo(-3 * 0.5, 0);
    expect(Number(w.positions[0].greeks!.gamma)).toBeLessThan(0);
    const b = chain.account(2);
    expect(b.positions[0].quantity).toBe("3");
    expect(BigInt(b.maintenanceMargin)).toBeLessThanOrEqual(BigInt(b.positionValue) + 1n);
    expect(chain.invariantViolations()).toEqual([]);
  });

  test("a withdrawal that would leave the writer below initial margin is refused; a small one passes", async () => {
    const writer = chain.accounts[1].address;
    const w = chain.account(1);
    const free = BigInt(w.equity) - BigInt(w.initialMargin);
    const [tooMuch, fine] = (
      await chain.block([
        // 1,000 USDC past what is free: the next block's time decay moves marks and margin a little
        await chain.sign(1, [withdrawCollateralMsg(writer, "uusdc", free + 1_000n * USDC)]),
        await chain.sign(1, [withdrawCollateralMsg(writer, "uusdc", free / 2n)]),
      ])
    ).txResults;
    expect(tooMuch.code).toBe(9);
    expect(tooMuch.log).toMatch(/below initial margin/);
    expect(fine.code).toBe(0);
  });

  test("post-only that would cross, duplicate client ids, unknown series and a zero price are refused with reasons", async () => {
    const id = call60(chain);
    const [a, b] = [chain.accounts[2].address, chain.accounts[1].address];
    const results = (
      await chain.block([
        await chain.sign(2, [placeOrderMsg({ owner: a, seriesId: id, side: "buy", quantity: 1, price: 3_000n * USDC, timeInForce: "post_only" })]),
        await chain.sign(1, [placeOrderMsg({ owner: b, seriesId: id, side: "sell", quantity: 1, price: 2_700n * USDC, clientOrderId: "w-1" })]),
        await chain.sign(2, [placeOrderMsg({ owner: a, seriesId: 999, side: "buy", quantity: 1, price: 1n })]),
        await chain.sign(2, [placeOrderMsg({ owner: a, seriesId: id, side: "buy", quantity: 1, price: 0n })]),
      ])
    ).txResults;
    expect(results.map((r) => r.code)).toEqual([13, 14, 6, 8]);
  });

  test("cancel by client order id; the book empties", async () => {
    const id = call60(chain);
    const writer = chain.accounts[1].address;
    const [cancel, again] = (await chain.block([await chain.sign(1, [cancelOrderMsg(writer, { clientOrderId: "w-1" })]), await chain.sign(1, [cancelOrderMsg(writer, { clientOrderId: "w-1" })])]))
      .txResults;
    expect(cancel.code).toBe(0);
    expect(pb.MsgCancelOrderResponse.decode(msgResponse(cancel))).toMatchObject({ cancelledQuantity: 2 });
    expect(again.code).toBe(12);
    expect(chain.book(id).asks).toEqual([]);
  });

  test("an order whose fill would take the buyer below initial margin is refused, and nothing changes", async () => {
    const id = call60(chain);
    const [maker, poor] = [chain.accounts[1].address, chain.accounts[3].address];
    const before = chain.account(1);
    const results = (
      await chain.block([
        await chain.sign(3, [depositCollateralMsg(poor, "uusdc", 1_000n * USDC)]),
        await chain.sign(1, [placeOrderMsg({ owner: maker, seriesId: id, side: "buy", quantity: 2, price: 1_000n * USDC })]),
        // selling 2 naked calls against 1,000 USDC: far below the ~15 % of spot a short needs
        await chain.sign(3, [placeOrderMsg({ owner: poor, seriesId: id, side: "sell", quantity: 2, price: 1_000n * USDC, timeInForce: "ioc" })]),
      ])
    ).txResults;
    expect(results.map((r) => r.code)).toEqual([0, 0, 9]);
    expect(results[2].log).toMatch(/needs initial margin \d+uusdc but equity would be/);
    expect(chain.account(3).positions).toEqual([]);
    expect(chain.account(1).positions.map((p) => [p.seriesId, p.quantity, p.cost])).toEqual(before.positions.map((p) => [p.seriesId, p.quantity, p.cost]));
  });

  test("a resting order its owner can no longer afford is cancelled with the reason when it would fill", async () => {
    const id = call60(chain);
    const [seller, buyer] = [chain.accounts[4].address, chain.accounts[2].address];
    // deposits just enough for the resting ask, then withdraws all but a sliver in the same block
    let results = (
      await chain.block([
        await chain.sign(4, [depositCollateralMsg(seller, "uusdc", 50_000n * USDC)]),
        await chain.sign(4, [placeOrderMsg({ owner: seller, seriesId: id, side: "sell", quantity: 1, price: 1_500n * USDC })]),
        await chain.sign(4, [withdrawCollateralMsg(seller, "uusdc", 49_900n * USDC)]),
      ])
    ).txResults;
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    // the buy reaches that ask first (cheapest), which is cancelled; it then fills nothing else and rests
    results = (await chain.block([await chain.sign(2, [placeOrderMsg({ owner: buyer, seriesId: id, side: "buy", quantity: 1, price: 1_500n * USDC, timeInForce: "ioc" })])])).txResults;
    expect(results[0].code).toBe(0);
    expect(events(results[0], "order_cancelled")).toEqual(
      expect.arrayContaining([expect.objectContaining({ owner: seller, reason: "insufficient_margin" }), expect.objectContaining({ owner: buyer, reason: "immediate_or_cancel" })]),
    );
    expect(chain.account(4).positions).toEqual([]);
  });
});

const msgResponse = (result: { data: Uint8Array }) => TxMsgData.decode(result.data).msgResponses[0].value;


/** Writer sells `qty` of the series to the buyer, then withdraws down to IM + cushion %. */
async function writeOptions(chain: OptionsChain, writer: number, buyer: number, id: number, qty: number, premium: bigint, cushionPercent: bigint) {
  const [w, b] = [chain.accounts[writer].address, chain.accounts[buyer].address];
  const results = (
    await chain.block([
      await chain.sign(writer, [depositCollateralMsg(w, "uusdc", 500_000n * USDC)]),
      await chain.sign(buyer, [depositCollateralMsg(b, "uusdc", 500_000n * USDC)]),
      await chain.sign(writer, [placeOrderMsg({ owner: w, seriesId: id, side: "sell", quantity: qty, price: premium })]),
      await chain.sign(buyer, [placeOrderMsg({ owner: b, seriesId: id, side: "buy", quantity: qty, price: premium, timeInForce: "ioc" })]),
    ])
  ).txResults;
  expect(results.map((r) => r.log)).toEqual(["", "", "", ""]);
  const account = chain.account(writer);
  const excess = BigInt(account.equity) - (BigInt(account.initialMargin) * (100n + cushionPercent)) / 100n;
  const [withdrawal] = (await chain.block([await chain.sign(writer, [withdrawCollateralMsg(w, "uusdc", excess)])])).txResults;
  expect(withdrawal.log).toBe("");
}

/** Moves the oracle: one block commits the new prices, the next reveals and tallies them; returns that block. */
async function movePrices(chain: OptionsChain, prices: Record<string, string>) {
  chain.prices = { ...chain.prices, ...prices };
  await chain.block();
  return chain.block();
}

/**
 * A move past the circuit's max_price_jump (10 %) freezes the underlying, and liquidations keep valuing at
 * the last confirmed price until the jump has held two more tallies: returns the block that confirms it.
 */
async function moveAndConfirm(chain: OptionsChain, prices: Record<string, string>) {
  const jumped = await movePrices(chain, prices);
  expect(events(jumped, "price_jump")).toHaveLength(1);
  expect(events(jumped, "liquidation")).toEqual([]);
  expect(events(await chain.block(), "liquidation")).toEqual([]);
  const confirmed = await chain.block();
  expect(events(confirmed, "price_confirmed")).toHaveLength(1);
  return confirmed;
}

describe("liquidation", () => {
  test("a spot move puts a writer under maintenance; its book goes up for auction and, with no bid, the fund takes part of it at the floor, restoring IM", async () => {
    const chain = await start(6, 1_000_000n * USDC, { auction_blocks: 1 });
    try {
      const id = seriesId(chain, `BTC-${EXPIRY}-65000-C`);
      await writeOptions(chain, 1, 2, id, 10, 300n * USDC, 5n);
      const before = chain.account(1);
      expect(BigInt(before.equity)).toBeGreaterThan(BigInt(before.initialMargin));
      const fundBefore = BigInt(chain.fund().equity);

      // past the 10 % breaker: since issue 10 IM covers a +100 % rally at weight 0.5, and a 5 % move no longer
      // takes 5 % above IM under maintenance
      const block = await moveAndConfirm(chain, { BTC: BTC(70_000) });
      const [liquidation] = events(block, "liquidation");
      expect(liquidation).toMatchObject({ account: chain.accounts[1].address });
      expect(BigInt(liquidation.equity)).toBeLessThan(BigInt(liquidation.maintenance_margin));
      expect(BigInt(liquidation.equity)).toBeGreaterThan(0n);
      expect(events(block, "auction_started")).toEqual([expect.objectContaining({ account: chain.accounts[1].address })]);
      expect(events(block, "liquidation_close")).toEqual([]);
      const floor = await chain.block();
      const closes = events(floor, "liquidation_close");
      expect(closes.length).toBeGreaterThan(0);
      expect(closes.every((c) => c.counterparty === "insurance_fund")).toBe(true);
      expect(events(floor, "auction_ended")).toEqual([expect.objectContaining({ account: chain.accounts[1].address, reason: "floor" })]);
      const closed = closes.reduce((n, c) => n + Number(c.quantity), 0);
      expect(closed).toBeGreaterThan(0);
      expect(closed).toBeLessThan(10);

      const after = chain.account(1);
      expect(after.positions[0].quantity).toBe(String(-10 + closed));
      expect(BigInt(after.equity)).toBeGreaterThanOrEqual(BigInt(after.initialMargin));
      const fund = chain.fund();
      expect(fund.positions[0]).toMatchObject({ seriesId: id, quantity: String(-closed) });
      // the calls moved at mark; the account paid the fund a penalty on the margin the liquidation released
      const [penalty] = events(floor, "liquidation_penalty");
      expect(BigInt(penalty.amount)).toBeGreaterThan(0n);
      expect(BigInt(penalty.amount)).toBeLessThanOrEqual(BigInt(penalty.margin_released));
      expect(BigInt(fund.equity)).toBeGreaterThan(fundBefore);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("volatility feedback: implied vol doubling raises IM before spot moves, and the margin call follows", async () => {
    // a rise allowance of 2 lets the regime reach 2.5 at once; MM follows after 5 s (one-second blocks)
    const chain = await start(6, 1_000_000n * USDC, { regime_max_rise_per_hour: "2", mm_regime_lag_seconds: 5, auction_blocks: 1 });
    try {
      const put = seriesId(chain, `BTC-${EXPIRY}-55000-P`);
      await writeOptions(chain, 1, 2, put, 10, 100n * USDC, 3n);
      const calm = chain.account(1);
      // a vol 2.5 times the last is held by the circuit's breaker until it has held two more tallies
      const block = await moveAndConfirm(chain, { "BTC-IV": "1.5" });
      // the margin call: IM rose once the vol was confirmed, MM not yet, so nobody is liquidated on that block
      expect(events(block, "liquidation")).toEqual([]);
      const called = chain.account(1);
      expect(BigInt(called.equity)).toBeLessThan(BigInt(called.initialMargin));
      expect(BigInt(called.equity)).toBeGreaterThanOrEqual(BigInt(called.maintenanceMargin));
      let stressedView: Record<string, string> | undefined;
      for (let i = 0; i < 6 && !stressedView; i++) stressedView = events(await chain.block(), "liquidation")[0];
      expect(stressedView).toMatchObject({ account: chain.accounts[1].address });
      if (!stressedView) return;
      // the spot never moved; only the vol regime did
      expect(chain.prices.BTC).toBe(BTC(60_000));
      // 2× before issue 10; the extended −66 % (widened to −95 % at regime 2.5) now sets both, and a put loses
      // at most its strike, so the rise is smaller
      expect(BigInt(stressedView.initial_margin)).toBeGreaterThan((14n * BigInt(calm.initialMargin)) / 10n);
      expect(BigInt(stressedView.equity)).toBeLessThan(BigInt(stressedView.maintenance_margin));
      // nobody bids: the next block the auction is at its floor and the fund takes part of the book
      await chain.block();
      const after = chain.account(1);
      expect(after.underlyings[0]).toMatchObject({ volSource: "implied", regime: "2.500000000000000000" });
      expect(BigInt(after.equity)).toBeGreaterThanOrEqual(BigInt(after.initialMargin));
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("an insolvent writer is taken over by the fund, which records the loss", async () => {
    const chain = await start();
    try {
      const id = seriesId(chain, `BTC-${EXPIRY}-60000-C`);
      await writeOptions(chain, 1, 2, id, 10, 500n * USDC, 2n);
      const fundBefore = BigInt(chain.fund().equity);
      // +100 %: since issue 10 an account at IM survives the +50 % that made it insolvent before
      const block = await moveAndConfirm(chain, { BTC: BTC(120_000) });
      const [takeover] = events(block, "insurance_fund_takeover");
      expect(takeover).toMatchObject({ account: chain.accounts[1].address, positions: "1" });
      expect(BigInt(takeover.loss)).toBeGreaterThan(0n);
      expect(chain.account(1).positions).toEqual([]);
      expect(chain.account(1).collateral).toEqual([]);
      expect(chain.fund().positions[0]).toMatchObject({ seriesId: id, quantity: "-10" });
      expect(BigInt(chain.fund().equity)).toBeLessThan(fundBefore);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("with the fund empty the loss is socialised: the most profitable longs are deleveraged, with an event", async () => {
    const chain = await start(6, 0n);
    try {
      const id = seriesId(chain, `BTC-${EXPIRY}-60000-C`);
      await writeOptions(chain, 1, 2, id, 10, 500n * USDC, 2n);
      const buyerBefore = chain.account(2);
      const block = await moveAndConfirm(chain, { BTC: BTC(120_000) });
      const [loss] = events(block, "socialised_loss");
      expect(loss).toMatchObject({ account: chain.accounts[1].address, counterparties: "1" });
      expect(BigInt(loss.amount)).toBeGreaterThan(0n);
      expect(events(block, "liquidation_close").every((c) => c.counterparty === "adl" && c.counterparty_address === chain.accounts[2].address)).toBe(true);
      const buyer = chain.account(2);
      expect(buyer.positions).toEqual([]);
      // the buyer received the mark for its calls less its share of the writer's shortfall
      const received = BigInt(buyer.collateral[0].amount!) - BigInt(buyerBefore.collateral[0].amount!);
      expect(received).toBeGreaterThan(0n);
      expect(received).toBeLessThan(10n * 60_000n * USDC);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("the circuit's market gate", () => {
  const [G1, G2] = [4, 5];
  async function gatedChain() {
    const guardians = (await testAccounts(6)).slice(G1).map((a) => a.address);
    const chain = await OptionsChain.start({
      accounts: 6,
      fund: 1_000_000n * USDC,
      circuit: { guardians, guardian_threshold: 2, grace_period_blocks: 3 },
      // MM follows a regime rise at once here: these tests are about the gate, not the margin call's notice
      options: { mm_regime_lag_seconds: 0 },
      listings: [{ underlying: "BTC", strikes: [BTC(65_000), BTC(70_000)], expiries_unix: [EXPIRY], kinds: ["call"], contract_size: "1" }],
    });
    chain.prices = { ...CALM };
    await chain.settlePrices();
    return chain;
  }

  /** Two guardians' approvals: the proposal, then the approval that executes it. Returns the executing block. */
  async function guardians(chain: OptionsChain, action: GuardianAction, reason: string) {
    const proposed = await chain.block([await chain.sign(G1, [guardianProposeMsg(chain.accounts[G1].address, action, reason)])]);
    expect(proposed.txResults[0].log).toBe("");
    const id = Number(events(proposed.txResults[0], "guardian_proposal_submitted")[0].proposal_id);
    const approved = await chain.block([await chain.sign(G2, [guardianApproveMsg(chain.accounts[G2].address, id)])]);
    expect(approved.txResults[0].log).toBe("");
    return approved;
  }

  test("frozen: new risk is refused with the freeze's reason; closing, deposits, cancels and liquidation go on", async () => {
    const chain = await gatedChain();
    try {
      const [writer, buyer, opener] = [1, 2, 3].map((i) => chain.accounts[i].address);
      await writeOptions(chain, 1, 2, 1, 10, 300n * USDC, 5n);
      // resting from before the freeze: an ask that would open a short for its owner
      const [resting] = (
        await chain.block([await chain.sign(3, [depositCollateralMsg(opener, "uusdc", 100_000n * USDC), placeOrderMsg({ owner: opener, seriesId: 1, side: "sell", quantity: 1, price: 250n * USDC })])])
      ).txResults;
      expect(resting.log).toBe("");
      await guardians(chain, { freezeMarket: { underlying: "BTC" } }, "feed incident");

      const w = chain.account(1);
      const free = BigInt(w.equity) - BigInt(w.initialMargin);
      const results = (
        await chain.block([
          await chain.sign(3, [placeOrderMsg({ owner: opener, seriesId: 1, side: "sell", quantity: 1, price: 260n * USDC })]),
          await chain.sign(2, [placeOrderMsg({ owner: buyer, seriesId: 1, side: "sell", quantity: 1, price: 280n * USDC }), placeOrderMsg({ owner: buyer, seriesId: 1, side: "sell", quantity: 2, price: 900n * USDC, clientOrderId: "later" })]),
          await chain.sign(3, [depositCollateralMsg(opener, "uusdc", 1_000n * USDC)]),
          await chain.sign(1, [withdrawCollateralMsg(writer, "uusdc", free + USDC)]),
          await chain.sign(1, [withdrawCollateralMsg(writer, "uusdc", free / 2n)]),
        ])
      ).txResults;
      expect(results.map((r) => `${r.codespace}/${r.code}`)).toEqual(["circuit/10", "/0", "/0", "circuit/10", "/0"]);
      expect(results[0].log).toMatch(/^BTC frozen \(guardian\) since height \d+: guardian proposal 1: feed incident: market is frozen: no new risk is accepted$/);

      // the writer buys back: the opener's resting ask would open a short, so it goes; the buyer's closing ask fills
      const [buyBack, cancel] = (
        await chain.block([
          await chain.sign(1, [placeOrderMsg({ owner: writer, seriesId: 1, side: "buy", quantity: 1, price: 300n * USDC, timeInForce: "ioc" })]),
          await chain.sign(2, [cancelOrderMsg(buyer, { clientOrderId: "later" })]),
        ])
      ).txResults;
      expect([buyBack.log, cancel.log]).toEqual(["", ""]);
      expect(events(buyBack, "order_cancelled")[0]).toMatchObject({ owner: opener, reason: "market_frozen" });
      expect(events(buyBack, "order_filled")).toEqual([expect.objectContaining({ maker: buyer, quantity: "1", price: String(280n * USDC) })]);
      expect(chain.account(1).positions[0].quantity).toBe("-9");
      expect(chain.account(3).positions).toEqual([]);

      // past the 10 % breaker, confirmed: since issue 10 a 6 % move no longer takes 5 % above IM under maintenance
      const liquidated = await moveAndConfirm(chain, { BTC: BTC(71_000) });
      expect(events(liquidated, "liquidation")).toEqual([expect.objectContaining({ account: writer })]);
      expect(chain.app.circuit.canAddRisk(chain.app.store, "BTC", BigInt(chain.height + 1))).toBe(false);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("a breaker scoped to one series stops its orders only", async () => {
    const chain = await gatedChain();
    try {
      const buyer = chain.accounts[2].address;
      await guardians(chain, { tripBreaker: { typeUrls: ["/optchain.options.v1.MsgPlaceOrder"], scope: { seriesId: 2 } } }, "bad strike");
      const bid = (seriesId: number) => placeOrderMsg({ owner: buyer, seriesId, side: "buy", quantity: 1, price: 10n * USDC });
      const results = (await chain.block([await chain.sign(2, [depositCollateralMsg(buyer, "uusdc", 1_000n * USDC)]), await chain.sign(2, [bid(2)]), await chain.sign(2, [bid(1)])])).txResults;
      expect(results.map((r) => `${r.codespace}/${r.code}`)).toEqual(["/0", "circuit/9", "/0"]);
      expect(results[1].log).toMatch(/MsgPlaceOrder series 2 since height \d+ \(guardian proposal 1: bad strike\): message type is disabled by a circuit breaker/);
    } finally {
      chain.close();
    }
  });

  test("after a breaker on closing orders is reset, a newly under-margined writer is liquidated only once the grace period is over", async () => {
    const chain = await gatedChain();
    try {
      await writeOptions(chain, 1, 2, 1, 10, 300n * USDC, 5n);
      const closing = ["/optchain.options.v1.MsgPlaceOrder"];
      await guardians(chain, { tripBreaker: { typeUrls: closing } }, "matching bug");
      await guardians(chain, { resetBreaker: { typeUrls: closing } }, "fixed");
      const graceUntil = chain.height + 3;
      expect(chain.app.circuit.inGracePeriod(chain.app.store, "BTC", BigInt(graceUntil))).toBe(true);

      // implied vol up by half (regime 1.5), the most the vol breaker passes in one tally: since issue 10 no spot
      // move inside the 10 % breaker takes an account 5 % above IM under maintenance
      const moved = await movePrices(chain, { "BTC-IV": "0.9" });
      expect(events(moved, "liquidation_skipped")).toEqual([{ underlying: "BTC", accounts: "1", reason: "grace period after closing was blocked" }]);
      let liquidated: Array<Record<string, string>> = [];
      while (liquidated.length === 0) {
        expect(chain.height).toBeLessThanOrEqual(graceUntil);
        liquidated = events(await chain.block(), "liquidation");
      }
      expect(chain.height).toBe(graceUntil + 1);
      expect(liquidated).toEqual([expect.objectContaining({ account: chain.accounts[1].address })]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("settlement at expiry", () => {
  const SOON = OptionsChain.timeOf(30);
  async function soonChain(maxPriceAgeSeconds = 30) {
    const chain = await OptionsChain.start({
      accounts: 3,
      oracle: { max_price_age_seconds: maxPriceAgeSeconds },
      fund: 100_000n * USDC,
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [SOON], kinds: ["call", "put"], contract_size: "0.5" }],
    });
    chain.prices = { ...CALM };
    await chain.settlePrices();
    const [w, b] = [chain.accounts[1].address, chain.accounts[2].address];
    const results = (
      await chain.block([
        await chain.sign(1, [depositCollateralMsg(w, "uusdc", 200_000n * USDC)]),
        await chain.sign(2, [depositCollateralMsg(b, "uusdc", 200_000n * USDC)]),
        await chain.sign(1, [placeOrderMsg({ owner: w, seriesId: 1, side: "sell", quantity: 4, price: 400n * USDC }), placeOrderMsg({ owner: w, seriesId: 2, side: "sell", quantity: 4, price: 400n * USDC })]),
        await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: 1, side: "buy", quantity: 3, price: 400n * USDC }), placeOrderMsg({ owner: b, seriesId: 2, side: "buy", quantity: 3, price: 400n * USDC })]),
      ])
    ).txResults;
    expect(results.map((r) => r.log)).toEqual(["", "", "", ""]);
    return chain;
  }

  /** The oracle's tallied BTC prices, each holding from its block time until the next: the TWAP over [from, to]. */
  function expectedTwap(chain: OptionsChain, fromNs: bigint, toNs: bigint): bigint {
    const points = chain.app.oracle.history(chain.app.store, "BTC", 0n);
    let weighted = 0n;
    for (let i = 0; i < points.length; i++) {
      const start = points[i].timeNs > fromNs ? points[i].timeNs : fromNs;
      const next = i + 1 < points.length ? points[i + 1].timeNs : toNs;
      const end = next < toNs ? next : toNs;
      if (end > start) weighted += points[i].price * (end - start);
    }
    return weighted / (toNs - fromNs);
  }

  test("every position is paid on the TWAP over the window before expiry; orders are cancelled; the series is archived", async () => {
    const chain = await soonChain();
    try {
      const ownerBefore = [chain.account(1), chain.account(2)].map((a) => BigInt(a.collateral.find((c) => c.denom === "uusdc")!.amount!));
      let settledBlock;
      let spot = 60_000;
      while (!settledBlock) {
        spot += 250; // a steady rally through the settlement window
        chain.prices = { ...chain.prices, BTC: BTC(spot) };
        const block = await chain.block();
        if (events(block, "series_settled").length > 0) settledBlock = block;
        expect(chain.height).toBeLessThan(60);
      }
      expect(events(settledBlock, "order_cancelled").map((e) => [e.series_id, e.remaining, e.reason])).toEqual([
        ["1", "1", "expired"],
        ["2", "1", "expired"],
      ]);
      const series = chain.seriesList(true);
      expect(series.map((s) => s.status)).toEqual([pb.SeriesStatus.SERIES_STATUS_SETTLED, pb.SeriesStatus.SERIES_STATUS_SETTLED]);
      const expiryNs = BigInt(SOON) * 1_000_000_000n;
      const twap = expectedTwap(chain, expiryNs - 10_000_000_000n, expiryNs);
      expect(BigInt(series[0].settlementPrice!.replace(".", ""))).toBe(twap);
      // the call pays (S − K) × 0.5 per contract to the holder of 3; the put expires worthless
      const exact = (twap - 60_000n * USDC * 10n ** 18n) * 3n; // × 10^18, then × 0.5 per contract
      const [payoff, owed] = [exact / (2n * 10n ** 18n), (exact + 2n * 10n ** 18n - 1n) / (2n * 10n ** 18n)];
      const after = [chain.account(1), chain.account(2)].map((a) => BigInt(a.collateral.find((c) => c.denom === "uusdc")!.amount!));
      expect(after[1] - ownerBefore[1]).toBe(payoff);
      expect(ownerBefore[0] - after[0]).toBe(owed); // the writer pays rounded up, the buyer is paid rounded down
      expect(chain.account(1).positions).toEqual([]);
      expect(chain.book(1)).toEqual({ bids: [], asks: [] });
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("with no fresh oracle price at expiry, settlement waits (one event) and settles once prices are back", async () => {
    const chain = await soonChain(10);
    try {
      // the feeder goes silent well before expiry; prices go stale after 10 s
      let delayed: Array<Record<string, string>> = [];
      while (chain.nowUnix < SOON + 40) delayed = delayed.concat(events(await chain.block([], false), "settlement_delayed"));
      expect(delayed.map((e) => e.series_id)).toEqual(["1", "2"]);
      expect(delayed[0].reason).toMatch(/stale|no price/i);
      expect(chain.seriesList().map((s) => s.status)).toEqual([pb.SeriesStatus.SERIES_STATUS_EXPIRED, pb.SeriesStatus.SERIES_STATUS_EXPIRED]);
      chain.prices = { ...CALM, BTC: BTC(61_000) };
      let settled: Array<Record<string, string>> = [];
      for (let i = 0; i < 20 && settled.length === 0; i++) settled = events(await chain.block(), "series_settled");
      expect(settled.map((e) => [e.series_id, e.waited])).toEqual([
        ["1", "true"],
        ["2", "true"],
      ]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("backstop pool", () => {
  test("an LP deposits for shares and withdraws after the delay at the shares' value then", async () => {
    const chain = await start(6);
    try {
      const lp = chain.accounts[5].address;
      const [deposit, tooMany] = (await chain.block([await chain.sign(5, [depositBackstopMsg(lp, 100_000n * USDC)]), await chain.sign(5, [withdrawBackstopMsg(lp, 200_000n * USDC)])])).txResults;
      expect(deposit.code).toBe(0);
      expect(pb.MsgDepositBackstopResponse.decode(msgResponse(deposit)).shares).toBe(String(100_000n * USDC));
      expect(tooMany.code).toBe(20);
      expect(chain.fund().totalShares).toBe(String(1_100_000n * USDC));

      const [request] = (await chain.block([await chain.sign(5, [withdrawBackstopMsg(lp, 100_000n * USDC)])])).txResults;
      expect(request.code).toBe(0);
      const releaseUnix = pb.MsgWithdrawBackstopResponse.decode(msgResponse(request)).releaseUnix;
      expect(releaseUnix).toBe(chain.nowUnix + 5);
      expect(chain.fund().pendingWithdrawals).toHaveLength(1);
      let paid: Array<Record<string, string>> = [];
      while (paid.length === 0) {
        const block = await chain.block();
        paid = events(block, "backstop_withdrawal_paid");
        if (paid.length === 0) expect(chain.nowUnix).toBeLessThan(releaseUnix);
      }
      expect(chain.nowUnix).toBe(releaseUnix);
      expect(paid[0]).toMatchObject({ owner: lp, shares: String(100_000n * USDC), amount: String(100_000n * USDC) });
      expect(chain.fund().totalShares).toBe(String(1_000_000n * USDC));
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("multi-asset collateral", () => {
  test("a debt left by settlement is paid by the fund buying the debtor's uopt at its haircut value", async () => {
    const soon = OptionsChain.timeOf(20);
    const chain = await OptionsChain.start({
      accounts: 3,
      fund: 100_000n * USDC,
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [soon], kinds: ["call"], contract_size: "1" }],
    });
    try {
      chain.prices = { ...CALM };
      await chain.settlePrices();
      const [w, b] = [chain.accounts[1].address, chain.accounts[2].address];
      const results = (
        await chain.block([
          // margined almost entirely by uopt (counted at half its oracle price)
          await chain.sign(1, [depositCollateralMsg(w, "uusdc", 100n * USDC), depositCollateralMsg(w, "uopt", 100_000n * USDC)]),
          await chain.sign(2, [depositCollateralMsg(b, "uusdc", 10_000n * USDC)]),
          await chain.sign(1, [placeOrderMsg({ owner: w, seriesId: 1, side: "sell", quantity: 1, price: 200n * USDC })]),
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: 1, side: "buy", quantity: 1, price: 200n * USDC, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(results.map((r) => r.log)).toEqual(["", "", "", ""]);
      const converted: Array<Record<string, string>> = [];
      let settledAt = 0;
      while (converted.length === 0 && chain.height < 40) {
        chain.prices = { ...chain.prices, BTC: BTC(61_000) };
        const block = await chain.block();
        if (events(block, "series_settled").length > 0) settledAt = chain.height;
        converted.push(...events(block, "collateral_converted"));
      }
      expect(settledAt).toBeGreaterThan(0);
      // the writer owed 1,000 USDC with 300 in cash: the fund paid the 700 for 1,400 uopt (worth 0.5 each to margin)
      expect(converted).toEqual([{ account: w, denom: "uopt", amount: String(1_400n * USDC), uusdc: String(700n * USDC) }]);
      const writer = chain.account(1);
      expect(writer.collateral.map((c) => [c.denom, c.amount])).toEqual([["uopt", String(98_600n * USDC)]]);
      expect(chain.fund().collateral.map((c) => [c.denom, c.amount])).toEqual([
        ["uopt", String(1_400n * USDC)],
        ["uusdc", String(99_300n * USDC)],
      ]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("queries", () => {
  test("params, marks, orders and backstop answer typed responses", async () => {
    const chain = await start(3);
    try {
      const id = call60(chain);
      const owner = chain.accounts[1].address;
      await chain.block([await chain.sign(1, [depositCollateralMsg(owner, "uusdc", 100_000n * USDC), placeOrderMsg({ owner, seriesId: id, side: "buy", quantity: 2, price: 100n * USDC, clientOrderId: "b" })])]);
      const params = pb.QueryParamsResponse.decode(chain.query("Params")).params!;
      expect(params).toMatchObject({ authority: chain.accounts[0].address, imFactor: "1.25", maxLiquidationsPerBlock: 20, spotShockSteps: 3 });
      const marks = pb.QueryMarksResponse.decode(chain.query("Marks", pb.QueryMarksRequest.encode({ underlying: "BTC" }).finish()));
      expect(marks.market).toMatchObject({ underlying: "BTC", spot: "60000000000.000000000000000000", volSource: "implied", markVol: "0.600000000000000000" });
      expect(marks.marks).toHaveLength(6);
      const atm = marks.marks.find((m) => m.seriesId === id)!;
      expect(Number(atm.greeks!.delta)).toBeGreaterThan(0.4);
      expect(Number(atm.greeks!.delta)).toBeLessThan(0.6);
      const orders = pb.QueryOrdersResponse.decode(chain.query("Orders", pb.QueryOrdersRequest.encode({ owner }).finish())).orders;
      expect(orders).toEqual([expect.objectContaining({ owner, seriesId: id, side: pb.Side.SIDE_BUY, remaining: 2, price: String(100n * USDC), clientOrderId: "b" })]);
      const backstop = pb.QueryBackstopResponse.decode(chain.query("Backstop", pb.QueryBackstopRequest.encode({ owner: chain.accounts[0].address }).finish()));
      expect(backstop).toMatchObject({ shares: String(1_000_000n * USDC), value: String(1_000_000n * USDC) });
      expect(() => chain.query("Series", pb.QuerySeriesRequest.encode({ id: 99 }).finish())).toThrow(/series does not exist/);
    } finally {
      chain.close();
    }
  });

  test("open interest follows trades: opened, moved between holders, closed", async () => {
    const chain = await start(4, 2_000_000n * USDC);
    try {
      const id = call60(chain);
      const openInterest = () => pb.QueryOpenInterestResponse.decode(chain.query("OpenInterest", pb.QueryOpenInterestRequest.encode({}).finish())).openInterest;
      const trade = async (seller: number, buyer: number, quantity: number) => {
        const [s, bu] = [chain.accounts[seller].address, chain.accounts[buyer].address];
        const results = (
          await chain.block([
            await chain.sign(seller, [placeOrderMsg({ owner: s, seriesId: id, side: "sell", quantity, price: 100n * USDC })]),
            await chain.sign(buyer, [placeOrderMsg({ owner: bu, seriesId: id, side: "buy", quantity, price: 100n * USDC, timeInForce: "ioc" })]),
          ])
        ).txResults;
        expect(results.map((r) => r.log)).toEqual(["", ""]);
      };
      await chain.block(await Promise.all([1, 2, 3].map((i) => chain.sign(i, [depositCollateralMsg(chain.accounts[i].address, "uusdc", 1_000_000n * USDC)]))));
      expect(openInterest()).toEqual([]);
      await trade(1, 2, 3); // a writes 3 to b
      expect(openInterest()).toEqual([{ seriesId: id, contracts: 3 }]);
      await trade(2, 3, 2); // b sells 2 of its longs to c: still 3 open
      expect(openInterest()).toEqual([{ seriesId: id, contracts: 3 }]);
      await trade(3, 1, 2); // a buys back from c: 1 open (b's last long against a's short)
      expect(openInterest()).toEqual([{ seriesId: id, contracts: 1 }]);
      await trade(2, 1, 1); // closed out
      expect(openInterest()).toEqual([]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});

describe("matching limits", () => {
  test("self-trades cancel the resting order; an order stopped by max_fills_per_order never rests crossed", async () => {
    const chain = await start(4, 1_000_000n * USDC, { max_fills_per_order: 2 });
    try {
      const id = call60(chain);
      const [a, b] = [chain.accounts[1].address, chain.accounts[2].address];
      await chain.block([
        await chain.sign(1, [depositCollateralMsg(a, "uusdc", 500_000n * USDC)]),
        await chain.sign(2, [depositCollateralMsg(b, "uusdc", 500_000n * USDC)]),
      ]);
      const asks = [];
      for (const price of [1_000n, 1_010n, 1_020n, 1_030n]) asks.push(await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: id, side: "sell", quantity: 1, price: price * USDC })]));
      await chain.block(asks);
      const [self, limited] = (
        await chain.block([
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: id, side: "buy", quantity: 1, price: 900n * USDC }), placeOrderMsg({ owner: a, seriesId: id, side: "buy", quantity: 1, price: 1_000n * USDC })]),
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: id, side: "buy", quantity: 3, price: 1_050n * USDC })]),
        ])
      ).txResults;
      expect(self.code).toBe(0);
      expect(events(self, "order_cancelled")).toEqual([expect.objectContaining({ owner: a, reason: "self_trade", remaining: "1" })]);
      expect(limited.code).toBe(0);
      expect(events(limited, "order_filled").map((f) => f.price)).toEqual([String(1_010n * USDC), String(1_020n * USDC)]);
      expect(events(limited, "order_cancelled")).toEqual([expect.objectContaining({ owner: b, reason: "fill_limit", remaining: "1" })]);
      const book = chain.book(id);
      expect(book.asks).toEqual([{ price: String(1_030n * USDC), quantity: 1, orders: 1 }]);
      expect(book.bids.map((l) => l.price)).toEqual([String(1_000n * USDC), String(900n * USDC)]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});
