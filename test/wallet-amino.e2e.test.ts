// A stock CosmJS amino signer (Secp256k1HdWallet signs only SIGN_MODE_LEGACY_AMINO_JSON, as Ledger does) against
// a real single-validator chain: a send, a collateral deposit, and an order placed and cancelled.
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { AminoTypes, GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { accAddressBytes, toValoper } from "../app/address";
import { BECH32_PREFIX, DEV_MNEMONIC, devHdPath, devWallet, optchainAminoTypes, optchainRegistry } from "../client";
import { Feeder } from "../client/feeder/feeder";
import { OracleSlashingQueries } from "../client/oracle";
import { cancelOrderMsg, depositCollateralMsg, OptionsQueries, placeOrderMsg, placeOrderResponse } from "../client/options";
import { LOCALNET_ORACLE_PARAMS } from "../localnet/feeders";
import { optchain } from "../proto/gen/optchain";
import { startTestnet } from "./helpers/chain";
import { TestPrices, until, usd } from "./helpers/live";
import { nativeDevSigner } from "./helpers/native-signer";

jest.setTimeout(240_000);

describe("an amino-only CosmJS wallet against a real chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let client: SigningStargateClient;
  let queries: OptionsQueries;
  let oracle: OracleSlashingQueries;
  let feeder: Feeder;
  let feeding: Promise<void>;
  let trader: string;
  let bob: string;

  beforeAll(async () => {
    const addresses = (await (await devWallet(10)).getAccounts()).map((a) => a.address);
    [, trader, bob] = addresses;
    const valoper = toValoper(accAddressBytes(addresses[0]));
    // Orders are margined against oracle prices, so a feeder votes for the validator from dev account 9.
    chain = await startTestnet(1, { voteExtensionsEnableHeight: 0, appState: { oracle: { params: { ...LOCALNET_ORACLE_PARAMS, vote_period: 10 }, feeder_delegations: [{ validator: valoper, feeder: addresses[9] }] } } });
    const rpc = chain.net.rpc(0);
    const silent = { info: () => undefined, error: () => undefined };
    feeder = await Feeder.connect({ rpc, validator: valoper, signer: await nativeDevSigner(9), sources: [new TestPrices()], log: silent });
    feeding = feeder.run();
    const wallet = await Secp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [devHdPath(1)] });
    client = await SigningStargateClient.connectWithSigner(rpc, wallet, {
      registry: optchainRegistry(),
      aminoTypes: new AminoTypes(optchainAminoTypes()),
      gasPrice: GasPrice.fromString("0.025uopt"),
      broadcastPollIntervalMs: 200,
    });
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
    client?.disconnect();
    await chain?.stop();
  });

  async function send(msgs: Parameters<SigningStargateClient["signAndBroadcast"]>[1], memo = "") {
    const result = await client.signAndBroadcast(trader, msgs, "auto", memo);
    expect(result.rawLog ?? "").toBe("");
    expect(result.code).toBe(0);
    const tx = Tx.decode((await client.getTx(result.transactionHash))!.tx);
    expect(AuthInfo.fromPartial(tx.authInfo!).signerInfos[0].modeInfo?.single?.mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
    return result;
  }

  test("sends uusdc", async () => {
    const before = BigInt((await client.getBalance(bob, "uusdc")).amount);
    await send([{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: trader, toAddress: bob, amount: [{ denom: "uusdc", amount: "1234" }] } }], "signed as a Ledger signs <&>");
    expect(BigInt((await client.getBalance(bob, "uusdc")).amount) - before).toBe(1234n);
  });

  test("deposits collateral, places an order and cancels it", async () => {
    const { marks } = await queries.marks("BTC");
    // the dearest series, whose mark is many ticks
    const target = marks.reduce((best, m) => (BigInt(m.mark!.split(".")[0]) > BigInt(best.mark!.split(".")[0]) ? m : best));
    const tick = BigInt((await queries.params())!.minPriceTick!);
    const price = (BigInt(target.mark!.split(".")[0]) / tick) * tick;
    const placed = await send([
      depositCollateralMsg(trader, "uusdc", usd(50_000)),
      placeOrderMsg({ owner: trader, seriesId: Number(target.seriesId), side: "buy", quantity: 1, price, clientOrderId: "amino-1" }),
    ]);
    const order = placeOrderResponse(placed.msgResponses[1]);
    expect(order).toMatchObject({ restingQuantity: 1 });
    expect((await queries.orders(trader)).map((o) => Number(o.id))).toEqual([order.orderId]);
    const cancelled = await send([cancelOrderMsg(trader, order.orderId)]);
    expect(optchain.options.v1.MsgCancelOrderResponse.decode(cancelled.msgResponses[0].value)).toMatchObject({ orderId: order.orderId, cancelledQuantity: 1 });
    expect(await queries.orders(trader)).toEqual([]);
  });
});
