import { QueryClient, SigningStargateClient, calculateFee, GasPrice, setupDistributionExtension } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { toValoper, accAddressBytes } from "../app/address";
import { devAccountWallet } from "../client";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(120_000);

const FEE = calculateFee(200_000, GasPrice.fromString("0.025uopt"));

/** Stock CosmJS, no custom registry: fees accrue to the genesis validator's self-delegation and withdrawRewards pays them. */
test("fees become rewards on a real one-validator chain; CosmJS's distribution extension reads them and withdrawRewards pays them", async () => {
  const chain = await startTestnet(1);
  const wallet = await devAccountWallet(0);
  const [{ address: operator }] = await wallet.getAccounts();
  const validator = toValoper(accAddressBytes(operator));
  const client = await SigningStargateClient.connectWithSigner(chain.net.rpc(0), wallet, { broadcastPollIntervalMs: 200 });
  const comet = await Comet38Client.connect(chain.net.rpc(0));
  try {
    const distribution = QueryClient.withExtensions(comet, setupDistributionExtension).distribution;
    expect((await distribution.params()).params).toMatchObject({ communityTax: "20000000000000000", withdrawAddrEnabled: true });
    for (let i = 0; i < 3; i++) expect((await client.sendTokens(operator, operator, [{ denom: "uusdc", amount: "1" }], FEE)).code).toBe(0);
    await chain.net.waitForHeight((await client.getHeight()) + 2);

    const { rewards } = await distribution.delegationRewards(operator, validator);
    // LegacyDec on the wire: 18 decimals as an integer string
    const owed = BigInt(rewards.find((c) => c.denom === "uopt")?.amount ?? "0") / 10n ** 18n;
    expect(owed).toBeGreaterThan(0n);
    expect((await distribution.delegationTotalRewards(operator)).rewards.map((r) => r.validatorAddress)).toEqual([validator]);
    expect((await distribution.delegatorValidators(operator)).validators).toEqual([validator]);
    expect((await distribution.delegatorWithdrawAddress(operator)).withdrawAddress).toBe(operator);
    expect(BigInt((await distribution.communityPool()).pool[0].amount)).toBeGreaterThan(0n);
    expect((await distribution.validatorOutstandingRewards(validator)).rewards?.rewards.length).toBe(1);
    expect((await distribution.validatorCommission(validator)).commission).toBeDefined();
    expect((await distribution.validatorSlashes(validator, 1, await client.getHeight())).slashes).toEqual([]);

    const before = BigInt((await client.getBalance(operator, "uopt")).amount);
    const result = await client.withdrawRewards(operator, validator, FEE);
    expect(result.code).toBe(0);
    const paid = result.events.filter((e) => e.type === "withdraw_rewards").map((e) => e.attributes.find((a) => a.key === "amount")?.value);
    expect(paid).toHaveLength(1);
    const amount = BigInt(paid[0]!.replace(/uopt$/, ""));
    expect(amount).toBeGreaterThanOrEqual(owed);
    expect(BigInt((await client.getBalance(operator, "uopt")).amount)).toBe(before - BigInt(FEE.amount[0].amount) + amount);
  } finally {
    client.disconnect();
    comet.disconnect();
    await chain.stop();
  }
});
