// Genesis round-trip and replay determinism of the options module, through the whole app in process.
import { depositBackstopMsg, depositCollateralMsg, placeOrderMsg, withdrawBackstopMsg } from "../../client/options";
import { initChain, openApp, runBlock } from "../../test/helpers/inprocess";
import { OptionsChain, USDC } from "../../test/helpers/options";

jest.setTimeout(120_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(40);

/** Trading, resting orders, a liquidation, a queued LP withdrawal, realised vol and a settlement. */
async function scenario(chain: OptionsChain, afterBlock: (height: number, appHash: string) => void): Promise<void> {
  const run = async (txs: Uint8Array[] = []) => afterBlock(chain.height + 1, Buffer.from((await chain.block(txs)).appHash).toString("hex"));
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await run();
  await run();
  const [w, b, lp] = chain.accounts.slice(1, 4).map((a) => a.address);
  await run([
    await chain.sign(1, [depositCollateralMsg(w, "uusdc", 25_000n * USDC), depositCollateralMsg(w, "uopt", 10_000n * USDC)]),
    await chain.sign(2, [depositCollateralMsg(b, "uusdc", 50_000n * USDC)]),
    await chain.sign(3, [depositBackstopMsg(lp, 20_000n * USDC)]),
  ]);
  await run([
    await chain.sign(1, [placeOrderMsg({ owner: w, seriesId: 2, side: "sell", quantity: 4, price: 900n * USDC })]),
    await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: 2, side: "buy", quantity: 3, price: 950n * USDC, timeInForce: "ioc" })]),
    await chain.sign(2, [placeOrderMsg({ owner: b, seriesId: 5, side: "buy", quantity: 2, price: 100n * USDC, clientOrderId: "bid" })]),
    await chain.sign(3, [withdrawBackstopMsg(lp, 5_000n * USDC)]),
  ]);
  for (const spot of [60_500, 61_500, 63_000, 66_000, 64_000]) {
    chain.prices = { ...chain.prices, BTC: BTC(spot) };
    await run();
  }
  while (chain.nowUnix < EXPIRY + 3) await run();
}

async function newChain() {
  return OptionsChain.start({
    accounts: 4,
    fund: 500_000n * USDC,
    listings: [{ underlying: "BTC", strikes: [BTC(58_000), BTC(62_000)], expiries_unix: [EXPIRY, EXPIRY + 86_400], kinds: ["call", "put"], contract_size: "1" }],
    options: { backstop_withdrawal_delay_s: 100 },
  });
}

test("two runs of the same blocks, one restarting half way, agree on every app hash", async () => {
  const [first, second] = [await newChain(), await newChain()];
  try {
    const hashes: string[][] = [[], []];
    await scenario(first, (_, hash) => hashes[0].push(hash));
    await scenario(second, (height, hash) => {
      hashes[1].push(hash);
      if (height === 8) second.restart();
    });
    expect(hashes[1]).toEqual(hashes[0]);
    expect(new Set(hashes[0]).size).toBe(hashes[0].length);
    // the scenario did what it says: a liquidation or settlement happened, and state is conserved
    expect(first.seriesList(true).filter((s) => s.settlementPrice !== "").length).toBe(4);
    expect(first.invariantViolations()).toEqual([]);
  } finally {
    first.close();
    second.close();
  }
});

test("genesis export → import → export is the identity for the options section", async () => {
  const chain = await newChain();
  const fresh = openApp();
  try {
    await scenario(chain, () => undefined);
    const exported = chain.app.exportGenesis();
    const options = exported.options as Record<string, unknown[]>;
    expect(options.orders.length).toBeGreaterThan(0);
    expect(options.accounts.length).toBeGreaterThan(2);
    expect(options.volatility.length).toBe(1);
    expect((options.backstop as unknown as { withdrawals: unknown[] }).withdrawals).toHaveLength(1);
    initChain(fresh.app, exported);
    runBlock(fresh.app, 1, []);
    expect(fresh.app.exportGenesis().options).toEqual(options);
    expect(fresh.app.options.invariantViolations(fresh.app.store)).toEqual([]);
  } finally {
    chain.close();
    fresh.close();
  }
});
