// Settlement on confirmed prices only (issue 11): the settlement TWAP used every tally in its window, so one
// print ten times the market, tallied once just before expiry and gone the next block, moved the settlement
// price by 90 % of itself over a 10-second window and paid the calls of the series out of their writers'
// collateral. The circuit never confirmed that print; the TWAP now weighs the confirmed price at each tally.
import { decFromString, decToString } from "../lib/fixed";
import { events, OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(120_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY_HEIGHT = 30;
const WINDOW_S = 10;

async function settleWith(spotAt: (height: number) => string) {
  const chain = await OptionsChain.start({
    accounts: 1,
    options: { settlement_window_s: WINDOW_S },
    listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [OptionsChain.timeOf(EXPIRY_HEIGHT)], kinds: ["call"], contract_size: "1" }],
  });
  try {
    chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
    await chain.settlePrices();
    for (;;) {
      // what the feeder sends in the next block is tallied in the one after
      chain.prices = { ...chain.prices, BTC: spotAt(chain.height + 2) };
      const block = await chain.block();
      if (events(block, "series_settled").length > 0) break;
      expect(chain.height).toBeLessThan(EXPIRY_HEIGHT + 10);
    }
    const [oracle, store] = [chain.app.oracle, chain.app.store];
    const windowNs = [EXPIRY_HEIGHT - WINDOW_S, EXPIRY_HEIGHT].map((height) => BigInt(OptionsChain.timeOf(height)) * 1_000_000_000n);
    const twapOfTallies = oracle.twapOf(store, "BTC", oracle.history(store, "BTC"), windowNs[0], windowNs[1]);
    return { settlement: chain.seriesList(true)[0].settlementPrice!, twapOfTallies: decToString(twapOfTallies, { trimZeros: true }) };
  } finally {
    chain.close();
  }
}

test("one print ten times the market, tallied once inside the settlement window, does not move the settlement price", async () => {
  const wild = EXPIRY_HEIGHT - 4;
  const { settlement, twapOfTallies } = await settleWith((height) => (height === wild ? BTC(600_000) : BTC(60_000)));
  // the tallies themselves average 114,000 over the window: 60,000 plus a tenth of the 540,000 jump
  expect(twapOfTallies).toBe(BTC(114_000));
  expect(decFromString(settlement)).toBe(decFromString(BTC(60_000)));
});

test("a move the breaker confirms (within max_price_jump) counts at once, as before", async () => {
  const { settlement, twapOfTallies } = await settleWith((height) => (height >= EXPIRY_HEIGHT - 5 ? BTC(63_000) : BTC(60_000)));
  expect(decFromString(settlement)).toBe(decFromString(twapOfTallies));
  expect(decFromString(settlement)).toBe(decFromString(BTC(61_500)));
});
