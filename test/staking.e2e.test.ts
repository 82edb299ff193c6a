import { QueryClient, SigningStargateClient, calculateFee, GasPrice, setupSlashingExtension, setupStakingExtension } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { toValcons } from "../app/address";
import { decFromString } from "../lib/fixed";
import { optchain } from "../proto/gen/optchain";
import { devAccountWallet } from "../client";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(120_000);

const FEE = calculateFee(400_000, GasPrice.fromString("0.025uopt"));
const UNBONDING_SECONDS = 4;

/** Stock CosmJS, no custom code: delegateTokens, undelegateTokens and the staking and slashing query extensions on a real chain. */
describe("staking through stock CosmJS on a real one-validator chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let client: SigningStargateClient;
  let comet: Comet38Client;
  let delegator: string;

  beforeAll(async () => {
    chain = await startTestnet(1, { appState: { staking: { params: { unbonding_time: UNBONDING_SECONDS } } } });
    const wallet = await devAccountWallet(5);
    [{ address: delegator }] = await wallet.getAccounts();
    client = await SigningStargateClient.connectWithSigner(chain.net.rpc(0), wallet, { broadcastPollIntervalMs: 200 });
    comet = await Comet38Client.connect(chain.net.rpc(0));
  });

  afterAll(async () => {
    client?.disconnect();
    comet?.disconnect();
    await chain?.stop();
  });

  test("delegate, query, undelegate, and the tokens come back after unbonding_time", async () => {
    const staking = QueryClient.withExtensions(comet, setupStakingExtension).staking;
    const { validators } = await staking.validators("BOND_STATUS_BONDED");
    expect(validators).toHaveLength(1);
    const validator = validators[0].operatorAddress;
    expect(validators[0].tokens).toBe("100000000");
    expect((await staking.params()).params).toMatchObject({ bondDenom: "uopt", maxValidators: 100, unbondingTime: { seconds: BigInt(UNBONDING_SECONDS) } });

    const delegated = await client.delegateTokens(delegator, validator, { denom: "uopt", amount: "5000000" }, FEE);
    expect(delegated.code).toBe(0);
    expect(await client.getDelegation(delegator, validator)).toEqual({ denom: "uopt", amount: "5000000" });
    const mine = await staking.delegatorDelegations(delegator);
    expect(mine.delegationResponses.map((r) => [r.delegation.validatorAddress, r.balance.amount])).toEqual([[validator, "5000000"]]);
    expect((await staking.validatorDelegations(validator)).delegationResponses).toHaveLength(2);
    expect((await staking.validator(validator)).validator.tokens).toBe("105000000");
    expect((await staking.pool()).pool).toEqual({ bondedTokens: "105000000", notBondedTokens: "0" });

    const undelegated = await client.undelegateTokens(delegator, validator, { denom: "uopt", amount: "2000000" }, FEE);
    expect(undelegated.code).toBe(0);
    expect(undelegated.msgResponses.map((r) => r.typeUrl)).toEqual(["/cosmos.staking.v1beta1.MsgUndelegateResponse"]);
    const { unbond } = await staking.unbondingDelegation(delegator, validator);
    expect(unbond.entries.map((e) => e.balance)).toEqual(["2000000"]);
    expect((await staking.pool()).pool).toEqual({ bondedTokens: "103000000", notBondedTokens: "2000000" });
    const before = BigInt((await client.getBalance(delegator, "uopt")).amount);

    // Nothing else moves the delegator's funds meanwhile: the payout is exactly the entry.
    const deadline = Date.now() + 60_000;
    while ((await staking.delegatorUnbondingDelegations(delegator)).unbondingResponses.length > 0) {
      if (Date.now() > deadline) throw new Error("the unbonding entry never matured");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(BigInt((await client.getBalance(delegator, "uopt")).amount) - before).toBe(2_000_000n);
    expect(await client.getDelegation(delegator, validator)).toEqual({ denom: "uopt", amount: "3000000" });
    expect((await staking.pool()).pool).toEqual({ bondedTokens: "103000000", notBondedTokens: "0" });
  });

  test("setupSlashingExtension: the signing validator's info by its optvalcons address, the list, and the params", async () => {
    const slashing = QueryClient.withExtensions(comet, setupSlashingExtension).slashing;
    const address = toValcons((await comet.validators({})).validators[0].address);
    const { valSigningInfo } = await slashing.signingInfo(address);
    expect(valSigningInfo).toMatchObject({ address, tombstoned: false, missedBlocksCounter: 0n, jailedUntil: { seconds: 0n, nanos: 0 } });
    expect(valSigningInfo.indexOffset).toBeGreaterThan(0n);
    expect((await slashing.signingInfos()).info.map((info) => info.address)).toEqual([address]);
    const { params } = await slashing.params();
    const own = optchain.slashing.v1.QueryParamsResponse.decode((await comet.abciQuery({ path: "/optchain.slashing.v1.Query/Params", data: new Uint8Array() })).value).params!;
    const atomics = (decimal: string) => decFromString(decimal).toString();
    expect({ ...params, minSignedPerWindow: Buffer.from(params.minSignedPerWindow).toString(), slashFractionDowntime: Buffer.from(params.slashFractionDowntime).toString() }).toMatchObject({
      signedBlocksWindow: BigInt(own.signedBlocksWindow ?? 0),
      minSignedPerWindow: atomics(own.minSignedPerWindow ?? ""),
      downtimeJailDuration: { seconds: BigInt(own.downtimeJailDurationSeconds ?? 0), nanos: 0 },
      slashFractionDowntime: atomics(own.slashFractionDowntime ?? ""),
    });
  });
});
