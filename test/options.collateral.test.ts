// Native-token collateral (issue 10, weakness 7, the Mango Markets pattern): uopt is priced by the validators
// who hold it. A pumped tally must not margin naked shorts or let uusdc out; deposits stop at caps; a volatile
// uopt price lowers what uopt counts for.
import fc from "fast-check";
import { accAddressBytes } from "../app/address";
import { DEFAULT_CHAIN_ID } from "../app/config";
import type { Context } from "../app/context";
import { AppError } from "../app/errors";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { depositCollateralMsg, placeOrderMsg, withdrawCollateralMsg } from "../client/options";
import { localnetOptionsParams } from "../localnet/options";
import { DEFAULT_PARAMS as CIRCUIT_DEFAULTS } from "../modules/circuit/params";
import { optionsMsgs } from "../modules/options/msgs";
import { DEFAULT_PARAMS as OPTIONS_DEFAULTS, QUOTE_COLLATERAL, validateParams } from "../modules/options/params";
import { Account, Market, valueAccount } from "../modules/options/risk";
import { optchain } from "../proto/gen/optchain";
import { events, OptionsChain, TEST_UOPT_COLLATERAL, USDC } from "./helpers/options";

const pb = optchain.options.v1;

jest.setTimeout(180_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const CALM: Record<string, string> = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
const EXPIRY = OptionsChain.timeOf(7 * 86_400);
const OPT = 1_000_000n; // uopt per OPT; the oracle prices 1 uopt in uusdc, so at "1" one OPT is worth one USDC
const big = (text: string | null | undefined) => BigInt(text ?? "not a number");

async function start(accounts = 3, options = {}) {
  const chain = await OptionsChain.start({
    accounts,
    options,
    fund: 1_000_000n * USDC,
    listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["call"], contract_size: "1" }],
  });
  chain.prices = { ...CALM };
  await chain.settlePrices();
  return chain;
}

const collateral = (chain: OptionsChain, index: number, denom: string) => chain.account(index).collateral.find((c) => c.denom === denom)!;

describe("the Mango pattern: pumping the uopt tally", () => {
  let chain: OptionsChain;
  let id: number;
  /** IM of the attacker's honest book, 3/4 of which its uopt covers at the calm price */
  let im = 0n;
  beforeAll(async () => {
    chain = await start();
    id = Number(chain.seriesList()[0].id);
    const [attacker, buyer] = [chain.accounts[1].address, chain.accounts[2].address];
    let results = (
      await chain.block([
        await chain.sign(1, [depositCollateralMsg(attacker, "uusdc", 300_000n * USDC)]),
        await chain.sign(2, [depositCollateralMsg(buyer, "uusdc", 1_000_000n * USDC), placeOrderMsg({ owner: buyer, seriesId: id, side: "buy", quantity: 2, price: 2_000n * USDC })]),
      ])
    ).txResults;
    expect(results.map((r) => [r.code, r.log])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const sold = (await chain.block([await chain.sign(1, [placeOrderMsg({ owner: attacker, seriesId: id, side: "sell", quantity: 2, price: 2_000n * USDC, timeInForce: "ioc" })])])).txResults[0];
    expect([sold.code, sold.log]).toEqual([0, ""]);
    expect(events(sold, "order_filled")).toHaveLength(1);
    // uopt worth 3/4 of the book's IM at half its price, and uusdc down to a quarter of IM free
    im = big(chain.account(1).initialMargin);
    const uopt = (3n * im) / 2n;
    results = (await chain.block([await chain.sign(1, [depositCollateralMsg(attacker, "uopt", uopt)])])).txResults;
    expect(results[0].code).toBe(0);
    const a = chain.account(1);
    const free = big(a.equity) - big(a.initialMargin);
    results = (await chain.block([await chain.sign(1, [withdrawCollateralMsg(attacker, "uusdc", free - im / 4n)])])).txResults;
    expect([results[0].code, results[0].log]).toEqual([0, ""]);
  });
  afterAll(() => chain.close());

  /**
   * Two more calls (about IM more, with a quarter of IM free at the calm price) and a withdrawal of every
   * uusdc held before them (which leaves uopt, 3/4 of IM, and the marks against IM): both are margined only if
   * the pumped uopt (3.75 × IM) counts.
   */
  async function attack(): Promise<Array<[number, string]>> {
    const [attacker, buyer] = [chain.accounts[1].address, chain.accounts[2].address];
    const cash = big(collateral(chain, 1, "uusdc").amount);
    const results = (
      await chain.block([
        await chain.sign(2, [placeOrderMsg({ owner: buyer, seriesId: id, side: "buy", quantity: 2, price: 2_000n * USDC })]),
        await chain.sign(1, [placeOrderMsg({ owner: attacker, seriesId: id, side: "sell", quantity: 2, price: 2_000n * USDC, timeInForce: "ioc" })]),
        await chain.sign(1, [withdrawCollateralMsg(attacker, "uusdc", cash)]),
      ])
    ).txResults;
    return results.slice(1).map((r) => [r.code, r.log]);
  }

  test("a 5x tally, not yet confirmed by the breaker, counts at the confirmed price: the shorts and the withdrawal are refused", async () => {
    expect(big(collateral(chain, 1, "uopt").value)).toBe((3n * im) / 4n);
    chain.prices = { ...CALM, uopt: "5" };
    await chain.settlePrices();
    const [sell, withdraw] = await attack();
    expect(sell[0]).toBe(9);
    expect(sell[1]).toMatch(/initial margin/);
    expect(withdraw[0]).toBe(9);
    // priced at the confirmed 1, not the tallied 5; and the jump's volatility takes the haircut to nothing
    expect(collateral(chain, 1, "uopt")).toMatchObject({ price: expect.stringMatching(/^1(\.0+)?$/), value: "0" });
    // liquidation counts it at the confirmed price and the base haircut: the tick liquidated nobody
    expect(chain.account(1).positions[0].quantity).toBe("-2");
    expect(chain.invariantViolations()).toEqual([]);
  });

  test("held until the breaker confirms it, the 5x move widens the haircut to nothing: still refused", async () => {
    for (let i = 0; i < 3; i++) await chain.block();
    const [sell, withdraw] = await attack();
    expect(sell[0]).toBe(9);
    expect(withdraw[0]).toBe(9);
    const uopt = collateral(chain, 1, "uopt");
    expect(Number(uopt.price)).toBe(5);
    expect(uopt.value).toBe("0");
    expect(chain.account(1).positions[0].quantity).toBe("-2");
    expect(chain.invariantViolations()).toEqual([]);
  });
});

describe("caps on uopt deposits", () => {
  const caps = { ...TEST_UOPT_COLLATERAL, max_per_account: String(1_000n * OPT), max_total: String(1_500n * OPT) };
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await start(3, { collateral: [caps, QUOTE_COLLATERAL] });
  });
  afterAll(() => chain.close());

  const deposit = async (index: number, amount: bigint) => (await chain.block([await chain.sign(index, [depositCollateralMsg(chain.accounts[index].address, "uopt", amount)])])).txResults[0];

  test("past the per-account cap or the global one a deposit is refused with options/24 and changes nothing; room made by a withdrawal is usable", async () => {
    expect((await deposit(1, 1_000n * OPT)).code).toBe(0);
    const over = await deposit(1, 1n);
    expect([over.codespace, over.code]).toEqual(["options", 24]);
    expect(over.log).toMatch(/past the cap of 1000000000uopt per account/);
    const global = await deposit(2, 501n * OPT);
    expect([global.codespace, global.code]).toEqual(["options", 24]);
    expect(global.log).toMatch(/all accounts would hold 1501000000uopt/);
    expect(chain.account(2).collateral).toEqual([]);
    expect((await deposit(2, 500n * OPT)).code).toBe(0);
    const out = (await chain.block([await chain.sign(1, [withdrawCollateralMsg(chain.accounts[1].address, "uopt", 200n * OPT)])])).txResults[0];
    expect(out.code).toBe(0);
    expect((await deposit(2, 200n * OPT)).code).toBe(0);
    expect(collateral(chain, 1, "uopt").amount).toBe(String(800n * OPT));
    expect(collateral(chain, 2, "uopt").amount).toBe(String(700n * OPT));
    expect(chain.invariantViolations()).toEqual([]);
  });

  test("when governance lowers the caps under what is held, margin counts only the capped share", () => {
    const keeper = chain.app.options;
    const store = new Branch(chain.app.store);
    const params = keeper.params(store);
    const value = (index: number) => {
      const market = new Market(keeper, store, keeper.lastBlockTimeNs(store));
      return valueAccount(market, Account.load(keeper, store, accAddressBytes(chain.accounts[index].address))).collateralValue;
    };
    // 800 and 700 OPT at 1 USDC, half of it counted
    expect([value(1), value(2)]).toEqual([400n * USDC, 350n * USDC]);
    keeper.setParams(store, { ...params, collateral: params.collateral.map((c) => (c.denom === "uopt" ? { ...c, max_per_account: String(750n * OPT) } : c)) });
    expect([value(1), value(2)]).toEqual([375n * USDC, 350n * USDC]);
    // 1,500 OPT held against a global cap of 750: each counts half of what its own cap leaves
    keeper.setParams(store, { ...params, collateral: params.collateral.map((c) => (c.denom === "uopt" ? { ...c, max_per_account: String(750n * OPT), max_total: String(750n * OPT) } : c)) });
    expect([value(1), value(2)]).toEqual([187_500_000n, 175n * USDC]);
  });
});

test("with no confirmed price (a jump pending past the circuit's price age) uopt counts for nothing; once confirmed, at the new price", async () => {
  const chain = await OptionsChain.start({
    accounts: 2,
    options: { collateral: [{ ...TEST_UOPT_COLLATERAL, vol_haircut_slope: "0" }, QUOTE_COLLATERAL] },
    circuit: { confirmations: 8, max_price_age_seconds: 4 },
  });
  try {
    chain.prices = { ...CALM };
    await chain.settlePrices();
    const owner = chain.accounts[1].address;
    expect((await chain.block([await chain.sign(1, [depositCollateralMsg(owner, "uopt", 1_000n * OPT)])])).txResults[0].code).toBe(0);
    expect(collateral(chain, 1, "uopt")).toMatchObject({ value: String(500n * USDC) });
    chain.prices = { ...CALM, uopt: "2" };
    await chain.settlePrices();
    // pending, and the confirmed 1 still fresh: the lower of the two
    expect(collateral(chain, 1, "uopt")).toMatchObject({ price: expect.stringMatching(/^1(\.0+)?$/), value: String(500n * USDC) });
    for (let i = 0; i < 4; i++) await chain.block();
    expect(collateral(chain, 1, "uopt")).toMatchObject({ price: expect.stringMatching(/^0(\.0+)?$/), value: "0" });
    for (let i = 0; i < 4; i++) await chain.block();
    expect(collateral(chain, 1, "uopt")).toMatchObject({ price: expect.stringMatching(/^2(\.0+)?$/), value: String(1_000n * USDC) });
  } finally {
    chain.close();
  }
});

describe("caps under any order of deposits and withdrawals", () => {
  const PER_ACCOUNT = 1_000n * OPT;
  const TOTAL = 1_500n * OPT;
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await start(3, { collateral: [{ ...TEST_UOPT_COLLATERAL, max_per_account: String(PER_ACCOUNT), max_total: String(TOTAL) }, QUOTE_COLLATERAL] });
  });
  afterAll(() => chain.close());

  test("property: a deposit is refused (options/24, nothing written) exactly when it would pass a cap; holdings never do", () => {
    const keeper = chain.app.options;
    const handler = (name: string) => optionsMsgs(keeper).find((h) => h.typeUrl.endsWith(name))!;
    const [deposit, withdraw] = [handler("MsgDepositCollateral"), handler("MsgWithdrawCollateral")];
    const owners = chain.accounts.map((a) => a.address);
    const step = fc.record({ account: fc.integer({ min: 0, max: owners.length - 1 }), out: fc.boolean(), amount: fc.bigInt({ min: 1n, max: 900n * OPT }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const store = new Branch(chain.app.store);
        for (const { account, out, amount } of steps) {
          const owner = accAddressBytes(owners[account]);
          const [held, total] = [keeper.collateral(store, owner, "uopt"), keeper.collateralTotal(store, "uopt")];
          const refused = out ? amount > held : held + amount > PER_ACCOUNT || total + amount > TOTAL;
          const tx = new Branch(store);
          const ctx: Context = { store: tx, chainId: DEFAULT_CHAIN_ID, height: BigInt(chain.height + 1), timeNs: BigInt(OptionsChain.timeOf(chain.height + 1)) * 1_000_000_000n, mode: "finalize", gas: infiniteGasMeter(), events: [] };
          const msg = { owner: owners[account], denom: "uopt", amount: amount.toString() };
          const handle = out ? withdraw : deposit;
          try {
            handle.checkStateful(ctx, msg);
            handle.execute(ctx, msg);
            tx.write();
            expect(refused).toBe(false);
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect([(err as AppError).codespace, (err as AppError).code]).toEqual(["options", out ? 10 : 24]);
            expect(refused).toBe(true);
          }
          for (const o of owners) expect(keeper.collateral(store, accAddressBytes(o), "uopt")).toBeLessThanOrEqual(PER_ACCOUNT);
          expect(keeper.collateralTotal(store, "uopt")).toBeLessThanOrEqual(TOTAL);
          expect(keeper.invariantViolations(store)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("a volatile uopt price", () => {
  let chain: OptionsChain;
  beforeAll(async () => {
    chain = await start();
    const owner = chain.accounts[1].address;
    expect((await chain.block([await chain.sign(1, [depositCollateralMsg(owner, "uopt", 10_000n * OPT)])])).txResults[0].code).toBe(0);
    for (let i = 0; i < 5; i++) await chain.block();
  });
  afterAll(() => chain.close());

  const swing = async (high: string, ticks: number) => {
    for (let i = 0; i < ticks; i++) {
      chain.prices = { ...CALM, uopt: i % 2 === 0 ? high : "1" };
      await chain.block();
    }
    // back at 1, and tallied (the feeder reveals a block late)
    chain.prices = { ...CALM };
    await chain.settlePrices();
  };

  test("counts for less at the same price once it has swung, and for nothing when it swings wildly", async () => {
    const calm = collateral(chain, 1, "uopt");
    expect(calm).toMatchObject({ haircut: "0.5", value: String(5_000n * USDC) });
    await swing("1.0003", 20);
    const swung = collateral(chain, 1, "uopt");
    expect(Number(swung.price)).toBe(1);
    expect(big(swung.value)).toBeLessThan(big(calm.value));
    expect(big(swung.value)).toBeGreaterThan(0n);
    expect(Number(swung.haircut)).toBeLessThan(0.5);
    await swing("1.05", 6);
    expect(collateral(chain, 1, "uopt")).toMatchObject({ value: "0" });
  });
});

test("uopt is watched by the circuit's price breaker by default, and capped and volatility-haircut on the localnet", () => {
  expect(CIRCUIT_DEFAULTS.price_breaker_assets.map((a) => a.name)).toContain("uopt");
  const localnet = { ...OPTIONS_DEFAULTS, ...localnetOptionsParams("") };
  expect(() => validateParams(localnet)).not.toThrow();
  const uopt = localnet.collateral.find((c) => c.denom === "uopt")!;
  expect(BigInt(uopt.max_per_account)).toBeGreaterThan(0n);
  expect(BigInt(uopt.max_total)).toBeGreaterThanOrEqual(BigInt(uopt.max_per_account));
  expect(Number(uopt.vol_haircut_slope)).toBeGreaterThan(0);
});

test("the Params query shows each collateral's caps and volatility rule", async () => {
  const chain = await OptionsChain.start({ accounts: 1 });
  try {
    await chain.block();
    const { params } = pb.QueryParamsResponse.decode(chain.query("Params", pb.QueryParamsRequest.encode({}).finish()));
    expect(params!.collateral).toEqual([
      expect.objectContaining({ denom: "uopt", maxPerAccount: TEST_UOPT_COLLATERAL.max_per_account, maxTotal: TEST_UOPT_COLLATERAL.max_total, calmVol: "1", volHaircutSlope: "0.5", volWindowS: 3600 }),
      expect.objectContaining({ denom: "uusdc", maxPerAccount: "0", maxTotal: "0", volWindowS: 0 }),
    ]);
  } finally {
    chain.close();
  }
});
