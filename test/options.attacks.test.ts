// The options module as an attacker sees it (issue 9, findings 1 and 6): each test is the attacker's steps,
// through real signed txs in process, and asserts that the attack gains nothing and breaks no balance.
import { depositBackstopMsg, depositCollateralMsg, placeOrderMsg, withdrawBackstopMsg, withdrawCollateralMsg } from "../client/options";
import { guardianApproveMsg, guardianProposeMsg, type GuardianAction } from "../client/governance";
import { accAddressBytes } from "../app/address";
import { OPTIONS_MODULE_ADDRESS } from "../modules/options/keeper";
import { events, OptionsChain, testAccounts, USDC } from "./helpers/options";

jest.setTimeout(600_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const CALM: Record<string, string> = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
const EXPIRY = OptionsChain.timeOf(3600);
const LISTING = { underlying: "BTC", strikes: [BTC(60_000), BTC(65_000)], expiries_unix: [EXPIRY], kinds: ["call" as const], contract_size: "1" };
// Genesis lists strike × kind in this order: 1 = 60k call, 2 = 65k call.
const [CALL60, CALL65] = [1, 2];

async function start(accounts: number, extra: Partial<Parameters<typeof OptionsChain.start>[0]> = {}) {
  const chain = await OptionsChain.start({ accounts, fund: 1_000_000n * USDC, listings: [LISTING], ...extra });
  chain.prices = { ...CALM };
  await chain.settlePrices();
  return chain;
}

const uusdc = (chain: OptionsChain, index: number | string) => BigInt(chain.account(index).collateral.find((c) => c.denom === "uusdc")?.amount ?? "0");
const codes = (results: Array<{ codespace: string; code: number }>) => results.map((r) => `${r.codespace}/${r.code}`);
const bankUusdc = (chain: OptionsChain, address: Uint8Array) => chain.app.bank.balance(chain.app.store, address, "uusdc");

describe("finding 1: draining the options module with position-reducing trades", () => {
  test("A sells to B fairly, B asks an absurd price, A lifts it: refused, and B withdraws nothing beyond its due", async () => {
    const chain = await start(4);
    try {
      const [a, b, honest] = [1, 2, 3].map((i) => chain.accounts[i].address);
      const setup = (
        await chain.block([
          await chain.sign(3, [depositCollateralMsg(honest, "uusdc", 1_000_000n * USDC)]),
          await chain.sign(1, [depositCollateralMsg(a, "uusdc", 20_000n * USDC)]),
          await chain.sign(2, [depositCollateralMsg(b, "uusdc", 20_000n * USDC)]),
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: CALL60, side: "sell", quantity: 1, price: 200n * USDC })]),
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: CALL60, side: "buy", quantity: 1, price: 200n * USDC, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(setup.map((r) => r.log)).toEqual(["", "", "", "", ""]);
      const moduleBefore = bankUusdc(chain, OPTIONS_MODULE_ADDRESS);
      const absurd = 10_000_000n * USDC;
      const [ask, lift] = (
        await chain.block([
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: CALL60, side: "sell", quantity: 1, price: absurd })]),
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: CALL60, side: "buy", quantity: 1, price: absurd, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(codes([ask, lift])).toEqual(["options/22", "options/22"]);
      expect(ask.log).toMatch(/price 10000000000000 is outside the band \[\d+, \d+\] uusdc around the mark \d+/);
      const [withdrawal] = (await chain.block([await chain.sign(2, [withdrawCollateralMsg(b, "uusdc", absurd)])])).txResults;
      expect(codes([withdrawal])).toEqual(["options/10"]);
      expect(uusdc(chain, 1)).toBe(20_200n * USDC);
      expect(uusdc(chain, 2)).toBe(19_800n * USDC);
      expect(bankUusdc(chain, OPTIONS_MODULE_ADDRESS)).toBe(moduleBefore);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("a closing buy the taker's uusdc cannot pay is refused; a closing bid its owner can no longer pay is cancelled when hit", async () => {
    const chain = await start(3);
    try {
      const [a, b] = [1, 2].map((i) => chain.accounts[i].address);
      // A is margined by uopt and holds little uusdc: any closing trade must still pay its premium in uusdc.
      const setup = (
        await chain.block([
          await chain.sign(1, [depositCollateralMsg(a, "uusdc", 100n * USDC), depositCollateralMsg(a, "uopt", 100_000n * USDC)]),
          await chain.sign(2, [depositCollateralMsg(b, "uusdc", 50_000n * USDC)]),
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: CALL60, side: "sell", quantity: 1, price: 200n * USDC })]),
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: CALL60, side: "buy", quantity: 1, price: 200n * USDC, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(setup.map((r) => r.log)).toEqual(["", "", "", ""]);
      const [ask, lift] = (
        await chain.block([
          await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: CALL60, side: "sell", quantity: 1, price: 3_000n * USDC })]),
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: CALL60, side: "buy", quantity: 1, price: 3_000n * USDC, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(codes([ask, lift])).toEqual(["/0", "options/18"]);
      expect(lift.log).toMatch(/leaves -2700000000uusdc/);
      expect(uusdc(chain, 1)).toBe(300n * USDC);
      expect(chain.account(1).positions.map((p) => p.quantity)).toEqual(["-1"]);

      // A rests a bid it can pay, then withdraws the uusdc; when B sells into the bid, it is cancelled instead.
      const [bid, withdrawal] = (
        await chain.block([
          await chain.sign(1, [placeOrderMsg({ owner: a, seriesId: CALL60, side: "buy", quantity: 1, price: 250n * USDC })]),
          await chain.sign(1, [withdrawCollateralMsg(a, "uusdc", 290n * USDC)]),
        ])
      ).txResults;
      expect(codes([bid, withdrawal])).toEqual(["/0", "/0"]);
      const [hit] = (await chain.block([await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: CALL60, side: "sell", quantity: 1, price: 250n * USDC, timeInForce: "ioc" })])])).txResults;
      expect(hit.code).toBe(0);
      expect(events(hit, "order_filled")).toEqual([]);
      expect(events(hit, "order_cancelled")).toEqual(expect.arrayContaining([expect.objectContaining({ owner: a, reason: "insufficient_cash" })]));
      expect(uusdc(chain, 1)).toBe(10n * USDC);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  /** C buys the 60k call from M and writes the 65k call to L (a bull call spread), with `deposit` uusdc. */
  async function openSpread(chain: OptionsChain, deposit: bigint) {
    const [c, m, l] = [1, 2, 3].map((i) => chain.accounts[i].address);
    const results = (
      await chain.block([
        await chain.sign(1, [depositCollateralMsg(c, "uusdc", deposit)]),
        await chain.sign(2, [depositCollateralMsg(m, "uusdc", 500_000n * USDC)]),
        await chain.sign(3, [depositCollateralMsg(l, "uusdc", 500_000n * USDC)]),
        await chain.sign(2, [placeOrderMsg({ owner: m, seriesId: CALL60, side: "sell", quantity: 1, price: 200n * USDC }), placeOrderMsg({ owner: m, seriesId: CALL60, side: "buy", quantity: 1, price: 100n * USDC })]),
        await chain.sign(3, [placeOrderMsg({ owner: l, seriesId: CALL65, side: "buy", quantity: 1, price: 5n * USDC })]),
        await chain.sign(1, [placeOrderMsg({ owner: c, seriesId: CALL60, side: "buy", quantity: 1, price: 200n * USDC, timeInForce: "ioc" })]),
        await chain.sign(1, [placeOrderMsg({ owner: c, seriesId: CALL65, side: "sell", quantity: 1, price: 5n * USDC, timeInForce: "ioc" })]),
      ])
    ).txResults;
    expect(results.map((r) => r.log)).toEqual(["", "", "", "", "", "", ""]);
    expect(chain.account(1).positions.map((p) => [p.seriesId, p.quantity])).toEqual([
      [CALL60, "1"],
      [CALL65, "-1"],
    ]);
    return c;
  }

  const sellLongLeg = (chain: OptionsChain, c: string) => chain.sign(1, [placeOrderMsg({ owner: c, seriesId: CALL60, side: "sell", quantity: 1, price: 100n * USDC, timeInForce: "ioc" })]);

  test("closing the long leg of a spread into a naked short needs initial margin for the naked short", async () => {
    const chain = await start(4);
    try {
      const c = await openSpread(chain, 2_000n * USDC);
      const [close] = (await chain.block([await sellLongLeg(chain, c)])).txResults;
      expect(codes([close])).toEqual(["options/9"]);
      expect(close.log).toMatch(/needs initial margin \d+uusdc but equity would be \d+uusdc/);
      expect(chain.account(1).positions.map((p) => p.quantity)).toEqual(["1", "-1"]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("during a freeze, closing the long leg into a naked short is refused; buying back the short leg goes on", async () => {
    const guardians = (await testAccounts(6)).slice(4).map((a) => a.address);
    const chain = await start(6, { circuit: { guardians, guardian_threshold: 2, grace_period_blocks: 3 } });
    try {
      const c = await openSpread(chain, 100_000n * USDC);
      await freeze(chain, 4, 5, { freezeMarket: { underlying: "BTC" } });
      // L, long the 65k call alone, may sell it back during the freeze: that closes risk for both sides.
      const l = chain.accounts[3].address;
      const [close, lAsk, buyBack] = (
        await chain.block([
          await sellLongLeg(chain, c),
          await chain.sign(3, [placeOrderMsg({ owner: l, seriesId: CALL65, side: "sell", quantity: 1, price: 10n * USDC })]),
          await chain.sign(1, [placeOrderMsg({ owner: c, seriesId: CALL65, side: "buy", quantity: 1, price: 10n * USDC, timeInForce: "ioc" })]),
        ])
      ).txResults;
      expect(codes([close, lAsk, buyBack])).toEqual(["circuit/10", "/0", "/0"]);
      expect(close.log).toMatch(/BTC frozen \(guardian\).*no new risk is accepted/);
      expect(events(buyBack, "order_filled")).toHaveLength(1);
      expect(chain.account(1).positions.map((p) => [p.seriesId, p.quantity])).toEqual([[CALL60, "1"]]);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });

  test("prices off the tick are refused at placement", async () => {
    const chain = await start(2);
    try {
      const a = chain.accounts[1].address;
      const [offTick] = (
        await chain.block([await chain.sign(1, [depositCollateralMsg(a, "uusdc", 10_000n * USDC), placeOrderMsg({ owner: a, seriesId: CALL60, side: "buy", quantity: 1, price: 100n * USDC + 1n })])])
      ).txResults;
      expect(codes([offTick])).toEqual(["options/8"]);
      expect(offTick.log).toMatch(/price 100000001 is not a multiple of min_price_tick 10000/);
    } finally {
      chain.close();
    }
  });
});

async function freeze(chain: OptionsChain, g1: number, g2: number, action: GuardianAction) {
  const proposed = await chain.block([await chain.sign(g1, [guardianProposeMsg(chain.accounts[g1].address, action, "attack drill")])]);
  expect(proposed.txResults[0].log).toBe("");
  const id = Number(events(proposed.txResults[0], "guardian_proposal_submitted")[0].proposal_id);
  const approved = await chain.block([await chain.sign(g2, [guardianApproveMsg(chain.accounts[g2].address, id)])]);
  expect(approved.txResults[0].log).toBe("");
}

describe("finding 6: the first backstop depositor and the insurance fund's ownerless equity", () => {
  test("a fund with equity and no shares: depositing 1 uusdc buys 1 uusdc's worth, not the fund", async () => {
    const chain = await start(3, { fund: 250_000n * USDC, fundShares: 0n });
    try {
      const attacker = chain.accounts[1].address;
      const before = bankUusdc(chain, accAddressBytes(attacker));
      const [deposit] = (await chain.block([await chain.sign(1, [depositBackstopMsg(attacker, 1n)])])).txResults;
      expect(deposit.code).toBe(0);
      const shares = BigInt(events(deposit, "backstop_deposited")[0].shares);
      const [request] = (await chain.block([await chain.sign(1, [withdrawBackstopMsg(attacker, shares)])])).txResults;
      expect(request.code).toBe(0);
      let paid: Array<Record<string, string>> = [];
      for (let i = 0; i < 10 && paid.length === 0; i++) paid = events(await chain.block(), "backstop_withdrawal_paid");
      expect(paid).toHaveLength(1);
      expect(BigInt(paid[0].amount)).toBeLessThanOrEqual(1n);
      expect(bankUusdc(chain, accAddressBytes(attacker))).toBeLessThanOrEqual(before);
      expect(BigInt(chain.fund().equity)).toBeGreaterThanOrEqual(250_000n * USDC);
      expect(chain.invariantViolations()).toEqual([]);
    } finally {
      chain.close();
    }
  });
});
