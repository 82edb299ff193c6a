import { SigningStargateClient, StargateClient, calculateFee, type DeliverTxResponse } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, GasPrice } from "@cosmjs/stargate";
import { DEFAULT_CHAIN_ID, devAccountWallet, devWallet, optchainRegistry } from "../client";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(180_000);

const FEE = calculateFee(200_000, GasPrice.fromString("0.025uopt"));

describe("a CosmJS 0.39 wallet against a real single-validator chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let rpc: string;
  let alice: string;
  let bob: string;
  let client: SigningStargateClient;

  beforeAll(async () => {
    chain = await startTestnet(1);
    rpc = chain.net.rpc(0);
    const accounts = await (await devWallet(2)).getAccounts();
    [alice, bob] = accounts.map((a) => a.address);
    client = await SigningStargateClient.connectWithSigner(rpc, await devAccountWallet(0), {
      registry: optchainRegistry(),
      gasPrice: GasPrice.fromString("0.025uopt"),
      broadcastPollIntervalMs: 200,
    });
  });

  afterAll(async () => {
    client?.disconnect();
    await chain?.stop();
  });

  async function balances() {
    return { alice: await client.getAllBalances(alice), bob: await client.getAllBalances(bob), seq: await client.getSequence(alice) };
  }

  test("reads chain id, accounts, sequences and balances", async () => {
    expect(await client.getChainId()).toBe(DEFAULT_CHAIN_ID);
    const account = await client.getAccount(alice);
    expect(account?.address).toBe(alice);
    const { sequence, accountNumber } = await client.getSequence(alice);
    expect(accountNumber).toBe(0n);
    expect(sequence).toBeGreaterThanOrEqual(0);
    expect(BigInt((await client.getBalance(alice, "uopt")).amount)).toBeGreaterThanOrEqual(1_000_000_000_000n);
    expect((await client.getAllBalances(alice)).map((c) => c.denom)).toEqual(["uopt", "uusdc"]);
    expect(await client.getBalance(alice, "unknowncoin")).toEqual({ denom: "unknowncoin", amount: "0" });
    expect(await client.getAccount("opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g")).toBeNull();
  });

  test("simulates, sends, and reads the tx back", async () => {
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.fromPartial({ fromAddress: alice, toAddress: bob, amount: [{ denom: "uusdc", amount: "1234" }] }) };
    const gas = await client.simulate(alice, [msg], "");
    expect(gas).toBeGreaterThan(10_000);
    const before = await balances();
    const sent = await client.sendTokens(alice, bob, [{ denom: "uusdc", amount: "1000" }], "auto", "first send");
    expect(sent.code).toBe(0);
    expect(sent.gasUsed).toBeGreaterThan(0n);
    const viaBroadcast: DeliverTxResponse = await client.signAndBroadcast(alice, [msg], FEE, "second send");
    expect(viaBroadcast.code).toBe(0);
    expect(viaBroadcast.msgResponses.map((r) => r.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse"]);

    const tx = await client.getTx(viaBroadcast.transactionHash);
    expect(tx?.code).toBe(0);
    expect(tx?.gasUsed).toBe(viaBroadcast.gasUsed);
    const transfers = tx?.events.filter((e) => e.type === "transfer") ?? [];
    expect(transfers).toHaveLength(2); // the fee, then the send
    expect(transfers[0].attributes).toEqual(expect.arrayContaining([{ key: "amount", value: "5000uopt" }]));
    expect(transfers[1].attributes).toEqual(
      expect.arrayContaining([
        { key: "recipient", value: bob },
        { key: "sender", value: alice },
        { key: "amount", value: "1234uusdc" },
      ]),
    );
    const after = await balances();
    const usdc = (coins: readonly { denom: string; amount: string }[]) => BigInt(coins.find((c) => c.denom === "uusdc")!.amount);
    expect(usdc(after.bob.slice()) - usdc(before.bob.slice())).toBe(2234n);
    expect(usdc(before.alice.slice()) - usdc(after.alice.slice())).toBe(2234n);
    expect(after.seq.sequence).toBe(before.seq.sequence + 2);
  });

  describe("refuses bad txs with a clear error and changes nothing", () => {
    const send = (amount: string) => ({
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      value: MsgSend.fromPartial({ fromAddress: alice, toAddress: bob, amount: [{ denom: "uusdc", amount }] }),
    });

    async function expectRefused(broadcast: () => Promise<unknown>, pattern: RegExp) {
      const before = await balances();
      let message = "";
      try {
        const result = (await broadcast()) as DeliverTxResponse;
        message = `code ${result.code}: ${result.rawLog}`;
        expect(result.code).not.toBe(0);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(pattern);
      expect(await balances()).toEqual(before);
    }

    test("bad signature", async () => {
      const signed = await client.sign(alice, [send("5")], FEE, "");
      const raw = TxRaw.fromPartial({ ...signed, signatures: [Uint8Array.from(signed.signatures[0]).map((b, i) => (i === 5 ? b ^ 1 : b))] });
      await expectRefused(() => client.broadcastTx(TxRaw.encode(raw).finish()), /signature verification failed/);
    });

    test("wrong sequence", async () => {
      const { accountNumber, sequence } = await client.getSequence(alice);
      const signed = await client.sign(alice, [send("5")], FEE, "", { accountNumber, sequence: sequence + 7, chainId: DEFAULT_CHAIN_ID });
      await expectRefused(() => client.broadcastTx(TxRaw.encode(signed).finish()), new RegExp(`account sequence mismatch, expected ${sequence}, got ${sequence + 7}`));
    });

    test("unknown message type", async () => {
      const registry = new Registry([...defaultRegistryTypes, ["/optchain.nonexistent.v1.MsgNothing", MsgSend]]);
      const rogue = await SigningStargateClient.connectWithSigner(rpc, await devAccountWallet(0), { registry });
      const msg = { typeUrl: "/optchain.nonexistent.v1.MsgNothing", value: MsgSend.fromPartial({ fromAddress: alice, toAddress: bob, amount: [{ denom: "uusdc", amount: "5" }] }) };
      await expectRefused(() => rogue.signAndBroadcast(alice, [msg], FEE), /unable to resolve type URL \/optchain.nonexistent.v1.MsgNothing/);
      rogue.disconnect();
    });

    test("fee below the minimum gas price", async () => {
      await expectRefused(
        () => client.signAndBroadcast(alice, [send("5")], { amount: [{ denom: "uopt", amount: "10" }], gas: "200000" }),
        /insufficient fee; got: "10uopt" required: "5000uopt"/,
      );
    });

    test("insufficient funds", async () => {
      await expectRefused(() => client.signAndBroadcast(alice, [send("999999999999999999999")], FEE), /insufficient funds/);
    });
  });

  test("StargateClient reads the same state without a signer", async () => {
    const reader = await StargateClient.connect(rpc);
    expect((await reader.getBalance(alice, "uopt")).amount).toBe((await client.getBalance(alice, "uopt")).amount);
    expect(await reader.getHeight()).toBeGreaterThan(1);
    reader.disconnect();
  });
});
