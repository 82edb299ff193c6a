// README's worked example is this test's output: every figure in its table is what the chain reports for the
// trade it describes, so the guide cannot drift from the engine. After a deliberate change to the model,
// `README_EXAMPLE=write npx jest test/readme-example.test.ts` rewrites the table; otherwise a mismatch fails.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bidAuctionMsg, depositCollateralMsg, placeOrderMsg } from "../client/options";
import { events, ORACLE, OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(300_000);

const README = path.join(__dirname, "..", "README.md");
const BEGIN = "<!-- worked-example:begin (test/readme-example.test.ts) -->";
const END = "<!-- worked-example:end -->";
const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const SMILE_ASSETS = ["BTC-SMILE-PUT", "BTC-SMILE-CALL"].map((name) => ({ name, vote_threshold: "0.5" }));
/** Whole dollars, as a trader reads them. */
const usd = (uusdc: string | bigint | null | undefined) => `${(Number(BigInt(String(uusdc ?? "0").split(".")[0])) / 1e6).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

test("README's worked example: a short put from margin call to liquidation by auction", async () => {
  const chain = await OptionsChain.start({
    accounts: 4,
    fund: 1_000_000n * USDC,
    oracle: { assets: [...ORACLE.assets!, ...SMILE_ASSETS] },
    listings: [{ underlying: "BTC", strikes: [BTC(54_000)], expiries_unix: [OptionsChain.timeOf(7 * 86_400)], kinds: ["put"], contract_size: "1" }],
  });
  try {
    chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", "BTC-SMILE-PUT": "1.3", "BTC-SMILE-CALL": "1.1", uopt: "1" };
    await chain.settlePrices();
    const [alice, bob, carol] = [1, 2, 3].map((i) => chain.accounts[i].address);
    const id = Number(chain.seriesList()[0].id);
    const opened = await chain.block([
      await chain.sign(1, [depositCollateralMsg(alice, "uusdc", 25_000n * USDC), placeOrderMsg({ owner: alice, seriesId: id, side: "sell", quantity: 1, price: 300n * USDC })]),
      await chain.sign(2, [depositCollateralMsg(bob, "uusdc", 100_000n * USDC), placeOrderMsg({ owner: bob, seriesId: id, side: "buy", quantity: 1, price: 300n * USDC, timeInForce: "ioc" })]),
      await chain.sign(3, [depositCollateralMsg(carol, "uusdc", 100_000n * USDC)]),
    ]);
    expect(opened.txResults.map((r) => r.log)).toEqual(["", "", ""]);

    const rows: string[] = [];
    const row = (spot: number, state: string) => {
      const a = chain.account(1);
      const u = a.underlyings[0];
      const mark = a.positions.length > 0 ? usd(a.positions[0].mark) : "–";
      rows.push(`| ${spot.toLocaleString("en-US")} | ${mark} | ${usd(a.equity)} | ${usd(a.initialMargin)} | ${usd(a.maintenanceMargin)} | ${u ? `${u.worstScenario} (${Number(u.regime).toFixed(2)})` : "–"} | ${state} |`);
    };
    const open = chain.account(1);
    row(60_000, "open; IM = 1.25 × MM");

    let liquidatedAt: number | undefined;
    for (const spot of [57_000, 54_000, 51_000, 48_000, 45_000, 42_000]) {
      chain.prices = { ...chain.prices, BTC: BTC(spot) };
      for (let block = 0; block < 6 && liquidatedAt === undefined; block++) if (events(await chain.block(), "auction_started").length > 0) liquidatedAt = spot;
      const a = chain.account(1);
      const state = liquidatedAt ? "under MM: liquidation, auction starts" : BigInt(a.equity) < BigInt(a.initialMargin) ? "margin call: no new risk, no withdrawal" : "fine";
      row(spot, state);
      if (liquidatedAt) break;
    }
    expect(liquidatedAt).toBeDefined();

    await chain.block();
    await chain.block();
    const bid = await chain.block([await chain.sign(3, [bidAuctionMsg(carol, alice, 100)])]);
    expect(bid.txResults.map((r) => r.log)).toEqual([""]);
    const [fill] = events(bid.txResults[0], "auction_fill");
    const [penalty] = events(bid.txResults[0], "liquidation_penalty");
    row(liquidatedAt!, `Carol bids for 100 %: she takes the short put and is paid ${usd(fill.price)}, the mark + ${(Number(fill.discount) * 100).toFixed(2)} %`);

    const table = [
      "| BTC | put mark | Alice's equity | IM | MM | worst scenario (regime) | state |",
      "|---:|---:|---:|---:|---:|---|---|",
      ...rows,
    ].join("\n");
    const u = open.underlyings[0];
    const facts = [
      `Opening figures: the worst loss is ${usd(u.worstLoss)} (the extended −66 % scenario, counted at extended_weight 0.5), the contingency ${usd(u.contingency)} (2 % of spot per short), so MM = ${usd(open.maintenanceMargin)} and IM = ${usd(open.initialMargin)}.`,
      `With the bid Alice also pays the insurance fund a penalty of ${usd(penalty.amount)}: liquidation_penalty (10 %) of the ${usd(penalty.margin_released)} of MM the bid released.`,
    ].join("\n");
    const block = `${BEGIN}\n${table}\n\n${facts}\n${END}`;
    const readme = readFileSync(README, "utf8");
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    if (process.env.README_EXAMPLE === "write") {
      expect(start).toBeGreaterThanOrEqual(0);
      writeFileSync(README, readme.slice(0, start) + block + readme.slice(end + END.length));
    } else {
      expect(readme.slice(start, end + END.length)).toEqual(block);
    }
    expect(chain.invariantViolations()).toEqual([]);
  } finally {
    chain.close();
  }
});
