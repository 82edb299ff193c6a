// The options module on a real single-validator chain, driven as a user would: CosmJS wallets with the
// project's Registry, prices from the real oracle module (a feeder process loop voting for the validator),
// liquidation and settlement observed in the blocks CometBFT committed.
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { accAddressBytes, toValoper } from "../app/address";
import { devWallet, optchainRegistry } from "../client";
import { Feeder } from "../client/feeder/feeder";
import { depositCollateralMsg, listSeriesMsg, OptionsQueries, placeOrderMsg, placeOrderResponse, withdrawCollateralMsg } from "../client/options";
import { OracleSlashingQueries } from "../client/oracle";
import { decFromString } from "../lib/fixed";
import { LOCALNET_ORACLE_PARAMS } from "../localnet/feeders";
import { localnetOptionsParams } from "../localnet/options";
import { optchain } from "../proto/gen/optchain";
import { startTestnet } from "./helpers/chain";
import { blockEvents, chainTimeS, TestPrices, until, untilCommitted, usd, USDC } from "./helpers/live";
import { nativeDevSigner } from "./helpers/native-signer";

jest.setTimeout(300_000);

const pb = optchain.options.v1;

describe("options on a real chain through CosmJS", () => {
  /** The oracle's kept BTC history, each price holding from its block time until the next: the mean over [expiry − 10 s, expiry]. */
  async function expectedTwap(expiryNs: bigint): Promise<bigint> {
    const request = optchain.oracle.v1.QueryPriceHistoryRequest.encode({ asset: "BTC" }).finish();
    const { value } = await queries.queryClient.queryAbci("/optchain.oracle.v1.Query/PriceHistory", request);
    const points = optchain.oracle.v1.QueryPriceHistoryResponse.decode(value).prices.map((p) => ({ price: decFromString(p.price!), timeNs: BigInt(p.timeUnixNanos!) }));
    const from = expiryNs - 10_000_000_000n;
    let weighted = 0n;
    points.forEach((point, i) => {
      const next = i + 1 < points.length && points[i + 1].timeNs < expiryNs ? points[i + 1].timeNs : expiryNs;
      const begin = point.timeNs > from ? point.timeNs : from;
      if (point.timeNs < expiryNs && next > begin) weighted += point.price * (next - begin);
    });
    return weighted / (expiryNs - from);
  }

  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let rpc: string;
  let addresses: string[];
  let clients: SigningStargateClient[];
  let queries: OptionsQueries;
  let oracle: OracleSlashingQueries;
  let feeder: Feeder;
  let feeding: Promise<void>;
  const source = new TestPrices();
  const LATER = Math.floor(Date.now() / 1000) + 86_400;
  // Listed after the liquidation, SOON_MARGIN_S after the block time then: enough for the listing and the two
  // trades, and the 63,500 tally is already in the history the settlement window reads.
  const SOON_MARGIN_S = 30;
  let soon: number;

  beforeAll(async () => {
    addresses = (await (await devWallet(10)).getAccounts()).map((a) => a.address);
    const valoper = toValoper(accAddressBytes(addresses[0]));
    chain = await startTestnet(1, {
      voteExtensionsEnableHeight: 0, // prices by the test's own commit-reveal feeder
      appState: {
        oracle: { params: { ...LOCALNET_ORACLE_PARAMS, vote_period: 10, max_price_age_seconds: 30 }, feeder_delegations: [{ validator: valoper, feeder: addresses[9] }] },
        options: {
          // Sized on the scenario grid: with the extended crash/rally table's tail charge (tested in lib/margin
          // and in process) the writer would need ~3x the collateral and a move past the jump breaker to be liquidated.
          params: { ...localnetOptionsParams(addresses[0]), settlement_window_s: 10, extended_weight: "0", auction_blocks: 1 },
          listings: [
            { underlying: "BTC", strikes: [usd(65_000)], expiries_unix: [LATER], kinds: ["call"], contract_size: "1" },
          ],
        },
      },
    });
    rpc = chain.net.rpc(0);
    feeder = await Feeder.connect({ rpc, validator: valoper, signer: await nativeDevSigner(9), sources: [source], log: { info: () => undefined, error: () => undefined } });
    feeding = feeder.run();
    clients = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) =>
        SigningStargateClient.connectWithSigner(rpc, await nativeDevSigner(i), { registry: optchainRegistry(), gasPrice: GasPrice.fromString("0.025uopt"), broadcastPollIntervalMs: 200 }),
      ),
    );
    queries = await OptionsQueries.connect(rpc);
    oracle = await OracleSlashingQueries.connect(rpc);
    await until("a BTC price from the oracle", async () => ((await oracle.price("BTC"))?.price ? true : undefined));
  });

  afterAll(async () => {
    feeder?.stop();
    await feeding;
    feeder?.disconnect();
    queries?.disconnect();
    oracle?.disconnect();
    clients?.forEach((c) => c.disconnect());
    await chain?.stop();
  });

  const send = async (i: number, msgs: Parameters<SigningStargateClient["signAndBroadcast"]>[1]) => {
    const result = await clients[i].signAndBroadcast(addresses[i], msgs, "auto");
    expect(result.rawLog ?? "").toBe("");
    expect(result.code).toBe(0);
    return result;
  };

  test("the authority lists a strike/expiry grid in one tx", async () => {
    const result = await send(0, [
      listSeriesMsg({ authority: addresses[0], underlying: "ETH", strikes: [usd(2_800), usd(3_200)], expiriesUnix: [LATER, LATER + 7 * 86_400], kinds: ["call", "put"], contractSize: "1" }),
    ]);
    expect(pb.MsgListSeriesResponse.decode(result.msgResponses[0].value).seriesIds).toHaveLength(8);
    expect((await queries.seriesList("ETH")).map((s) => s.name)).toContain(`ETH-${LATER}-2800-P`);
  });

  test("deposit, place and match orders; read positions, margin, Greeks and the scenario that sets it", async () => {
    const id = Number((await queries.seriesList("BTC")).find((s) => s.name === `BTC-${LATER}-65000-C`)!.id);
    await send(1, [depositCollateralMsg(addresses[1], "uusdc", usd(200_000))]);
    await send(2, [depositCollateralMsg(addresses[2], "uusdc", usd(200_000))]);
    const ask = await send(1, [placeOrderMsg({ owner: addresses[1], seriesId: id, side: "sell", quantity: 10, price: usd(400), clientOrderId: "ask-1" })]);
    expect(placeOrderResponse(ask.msgResponses[0])).toMatchObject({ filledQuantity: 0, restingQuantity: 10 });
    expect((await queries.book(id)).asks).toEqual([{ price: usd(400), quantity: 10, orders: 1 }]);
    const bid = await send(2, [placeOrderMsg({ owner: addresses[2], seriesId: id, side: "buy", quantity: 10, price: usd(450), timeInForce: "ioc" })]);
    expect(placeOrderResponse(bid.msgResponses[0])).toMatchObject({ filledQuantity: 10, restingQuantity: 0, fills: [{ maker: addresses[1], quantity: 10, price: usd(400) }] });

    const writer = await queries.account(addresses[1]);
    expect(writer.positions).toEqual([expect.objectContaining({ seriesId: id, quantity: "-10", cost: String(-4_000n * USDC) })]);
    expect(writer.marginAvailable).toBe(true);
    expect(BigInt(writer.initialMargin!)).toBeGreaterThan(BigInt(writer.maintenanceMargin!));
    expect(writer.underlyings[0]).toMatchObject({ underlying: "BTC", volSource: "implied", worstScenario: expect.stringMatching(/^spot \+\d+% vol up$/) });
    expect(Number(writer.positions[0].greeks!.delta)).toBeLessThan(0);
    expect((await queries.account(addresses[2])).positions[0].quantity).toBe("10");
  });

  test("a withdrawal that would leave the account below initial margin is refused", async () => {
    const writer = await queries.account(addresses[1]);
    const free = BigInt(writer.equity!) - BigInt(writer.initialMargin!);
    await expect(clients[1].signAndBroadcast(addresses[1], [withdrawCollateralMsg(addresses[1], "uusdc", free + 10n * USDC)], "auto")).rejects.toThrow(/below initial margin/);
    // down to 2 % above initial margin, which the next test's price move will break
    await send(1, [withdrawCollateralMsg(addresses[1], "uusdc", free - BigInt(writer.initialMargin!) / 50n)]);
  });

  test("a price move puts the writer under maintenance and the block that tallies it liquidates", async () => {
    const before = await queries.account(addresses[1]);
    source.prices = { ...source.prices, BTC: usd(63_500) };
    const tallied = await until("the oracle tallying 63,500", async () => {
      const price = await oracle.price("BTC");
      return price && decFromString(price.price!) === decFromString(usd(63_500)) ? Number(price.height) : undefined;
    });
    const liquidations = await until("the liquidation event", async () => {
      const found = await blockEvents(rpc, tallied, "liquidation");
      return found.length > 0 ? found : undefined;
    });
    expect(liquidations).toEqual([expect.objectContaining({ account: addresses[1] })]);
    // nobody bids: the writer's book is put up for auction, and at its floor the next block the fund takes part
    expect(await blockEvents(rpc, tallied, "auction_started")).toEqual([expect.objectContaining({ account: addresses[1] })]);
    const closes = await until("the fund's closes at the auction's floor", async () => {
      const found = await blockEvents(rpc, tallied + 1, "liquidation_close").catch(() => []);
      return found.length > 0 ? found : undefined;
    });
    expect(closes.length).toBeGreaterThan(0);
    await untilCommitted(oracle.comet, tallied + 1);
    const after = await queries.account(addresses[1]);
    expect(BigInt(after.positions[0]?.quantity ?? "0")).toBeGreaterThan(BigInt(before.positions[0].quantity!));
    expect(BigInt(after.equity!)).toBeGreaterThanOrEqual(BigInt(after.initialMargin!));
    expect((await queries.insuranceFund()).positions.length).toBeGreaterThan(0);
  });

  test("a series listed to expire soon is traded, to settle at the end", async () => {
    soon = (await chainTimeS(oracle.comet)) + SOON_MARGIN_S;
    const listed = await send(0, [listSeriesMsg({ authority: addresses[0], underlying: "BTC", strikes: [usd(60_000)], expiriesUnix: [soon], kinds: ["call"], contractSize: "1" })]);
    const id = Number(pb.MsgListSeriesResponse.decode(listed.msgResponses[0].value).seriesIds[0]);
    await send(3, [depositCollateralMsg(addresses[3], "uusdc", usd(100_000)), placeOrderMsg({ owner: addresses[3], seriesId: id, side: "sell", quantity: 2, price: usd(300) })]);
    await send(4, [depositCollateralMsg(addresses[4], "uusdc", usd(10_000)), placeOrderMsg({ owner: addresses[4], seriesId: id, side: "buy", quantity: 2, price: usd(300), timeInForce: "ioc" })]);
    expect((await queries.account(addresses[4])).positions.map((p) => p.quantity)).toEqual(["2"]);
  });

  test("the soon series settles at expiry on the TWAP of the window before it", async () => {
    const id = Number((await queries.seriesList("BTC")).find((s) => Number(s.expiryUnix) === soon)!.id);
    const buyerBefore = BigInt((await queries.account(addresses[4])).collateral.find((c) => c.denom === "uusdc")!.amount!);
    // a second price, meant to land inside the settlement window (commit and reveal take a few blocks)
    await until("the block time reaching 9 s before expiry", async () => ((await chainTimeS(oracle.comet)) >= soon - 9 ? true : undefined));
    source.prices = { ...source.prices, BTC: usd(62_000) };
    const settled = await until("settlement", async () => {
      const series = await queries.series(id);
      return series?.status === pb.SeriesStatus.SERIES_STATUS_SETTLED ? series : undefined;
    }, 150_000);
    const price = decFromString(settled.settlementPrice!);
    expect(price).toBe(await expectedTwap(BigInt(soon) * 1_000_000_000n));
    expect(price).toBeGreaterThanOrEqual(decFromString(usd(62_000)));
    expect(price).toBeLessThanOrEqual(decFromString(usd(63_500)));
    const payoff = (2n * (price - decFromString(usd(60_000)))) / 10n ** 18n;
    const buyer = await queries.account(addresses[4]);
    expect(buyer.positions).toEqual([]);
    expect(BigInt(buyer.collateral.find((c) => c.denom === "uusdc")!.amount!) - buyerBefore).toBe(payoff);
  });
});
