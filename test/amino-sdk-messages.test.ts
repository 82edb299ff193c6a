// Legacy Amino JSON for the SDK's staking and distribution messages (Ledger's only sign mode): the chain's sign
// doc, rebuilt from the proto message by the shared table, must be the very bytes CosmJS's stock converters
// (createStakingAminoConverters / createDistributionAminoConverters, what wallets use) give; and a stock
// Secp256k1HdWallet delegates and withdraws rewards through SigningStargateClient in process.
import { rmSync } from "node:fs";
import fc from "fast-check";
import { type AminoMsg, Secp256k1HdWallet, encodeEd25519Pubkey, makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { encodePubkey } from "@cosmjs/proto-signing";
import { AminoTypes, SigningStargateClient, createDistributionAminoConverters, createStakingAminoConverters } from "@cosmjs/stargate";
import { MsgFundCommunityPool, MsgSetWithdrawAddress, MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { QueryDelegationRequest, QueryDelegationResponse } from "cosmjs-types/cosmos/staking/v1beta1/query";
import { MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { MsgBeginRedelegate, MsgCancelUnbondingDelegation, MsgCreateValidator, MsgDelegate, MsgEditValidator, MsgUndelegate } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { PubKey as Secp256k1PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { accAddressBytes, consensusAddress } from "../app/address";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { aminoSignBytes } from "../app/tx/decode";
import { BECH32_PREFIX, DEV_MNEMONIC, devHdPath, optchainRegistry } from "../client";
import { aminoMsgOf, optchainAminoTypes } from "../client/amino";
import * as auth from "../modules/auth/keeper";
import { initChain, openApp, runBlock } from "./helpers/inprocess";
import { validatorsGenesis } from "./helpers/validators";

jest.setTimeout(120_000);

type Codec = { encode(m: never): { finish(): Uint8Array }; decode(b: Uint8Array): unknown; fromPartial(o: never): unknown };
const stock = { ...createStakingAminoConverters(), ...createDistributionAminoConverters() };
const ours = optchainAminoTypes();
const FEE = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");
/** The whole sign doc, as the chain checks a signature against it. */
const doc = (msg: AminoMsg) => utf8(serializeSignDoc(makeSignDoc([msg], FEE, "optchain-1", "memo", 7, 3)));
const chainDoc = (typeUrl: string, codec: Codec, value: unknown) => utf8(aminoSignBytes({ msgs: [aminoMsgOf(typeUrl, codec.decode(codec.encode(value as never).finish()))], fee: FEE, memo: "memo", timeoutHeight: 0n }, "optchain-1", 7n, 3n));
const stockDoc = (typeUrl: string, value: unknown) => doc({ type: stock[typeUrl].aminoType, value: stock[typeUrl].toAmino(value) });

const DEL = "opt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
const VAL = "optvaloper1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5wdqk5c";
const VAL2 = "optvaloper1zg69v7ys40x77y352eufp27daufrg4ncvzvdzs";
const coin = (amount: string) => ({ denom: "uopt", amount });
const description = { moniker: "node-7", identity: "", website: "https://example.org", securityContact: "ops@example.org", details: "a <validator> & friends" };
const consensusKey = encodePubkey(encodeEd25519Pubkey(new Uint8Array(32).fill(7)));

/** One realistic message per type, with the SDK's amino name this chain signs under. */
const CASES: Array<[typeUrl: string, aminoType: string, codec: Codec, value: unknown]> = [
  ["/cosmos.staking.v1beta1.MsgDelegate", "cosmos-sdk/MsgDelegate", MsgDelegate, { delegatorAddress: DEL, validatorAddress: VAL, amount: coin("1000000") }],
  ["/cosmos.staking.v1beta1.MsgUndelegate", "cosmos-sdk/MsgUndelegate", MsgUndelegate, { delegatorAddress: DEL, validatorAddress: VAL, amount: coin("5") }],
  ["/cosmos.staking.v1beta1.MsgBeginRedelegate", "cosmos-sdk/MsgBeginRedelegate", MsgBeginRedelegate, { delegatorAddress: DEL, validatorSrcAddress: VAL, validatorDstAddress: VAL2, amount: coin("42") }],
  ["/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation", "cosmos-sdk/MsgCancelUnbondingDelegation", MsgCancelUnbondingDelegation, { delegatorAddress: DEL, validatorAddress: VAL, amount: coin("5"), creationHeight: 12345n }],
  ["/cosmos.staking.v1beta1.MsgEditValidator", "cosmos-sdk/MsgEditValidator", MsgEditValidator, { description, validatorAddress: VAL, commissionRate: "125000000000000000", minSelfDelegation: "1000" }],
  [
    "/cosmos.staking.v1beta1.MsgCreateValidator",
    "cosmos-sdk/MsgCreateValidator",
    MsgCreateValidator,
    {
      description,
      commission: { rate: "100000000000000000", maxRate: "1000000000000000000", maxChangeRate: "10000000000000000" },
      minSelfDelegation: "1",
      delegatorAddress: "",
      validatorAddress: VAL,
      pubkey: consensusKey,
      value: coin("1000000"),
    },
  ],
  ["/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", "cosmos-sdk/MsgWithdrawDelegationReward", MsgWithdrawDelegatorReward, { delegatorAddress: DEL, validatorAddress: VAL }],
  ["/cosmos.distribution.v1beta1.MsgSetWithdrawAddress", "cosmos-sdk/MsgModifyWithdrawAddress", MsgSetWithdrawAddress, { delegatorAddress: DEL, withdrawAddress: "opt1zg69v7ys40x77y352eufp27daufrg4nclcs4jt" }],
  ["/cosmos.distribution.v1beta1.MsgFundCommunityPool", "cosmos-sdk/MsgFundCommunityPool", MsgFundCommunityPool, { amount: [coin("9"), { denom: "uusdc", amount: "1" }], depositor: DEL }],
  ["/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission", "cosmos-sdk/MsgWithdrawValCommission", MsgWithdrawValidatorCommission, { validatorAddress: VAL }],
];

describe("the chain's amino sign doc is CosmJS's, byte for byte", () => {
  test.each(CASES)("%s under %s", (typeUrl, aminoType, codec, value) => {
    expect(ours[typeUrl].aminoType).toBe(aminoType);
    expect(aminoType.length).toBeLessThanOrEqual(39);
    const chain = chainDoc(typeUrl, codec, value);
    if (typeUrl.endsWith("MsgWithdrawValidatorCommission")) {
      // CosmJS 0.39 names it cosmos-sdk/MsgWithdrawValidatorCommission, over the SDK's 39-character limit; the
      // SDK (and this chain) use MsgWithdrawValCommission. The value is the same.
      expect(stock[typeUrl].aminoType).toBe("cosmos-sdk/MsgWithdrawValidatorCommission");
      expect(chain).toBe(stockDoc(typeUrl, value).replace("cosmos-sdk/MsgWithdrawValidatorCommission", aminoType));
    } else {
      expect(chain).toBe(stockDoc(typeUrl, value));
    }
    // and what a wallet hands back (through JSON) is the same proto message
    const back = ours[typeUrl].fromAmino(JSON.parse(JSON.stringify(aminoMsgOf(typeUrl, value).value)));
    expect(Buffer.from(codec.encode(codec.fromPartial(back as never) as never).finish())).toEqual(Buffer.from(codec.encode(codec.fromPartial(value as never) as never).finish()));
  });

  test("golden: MsgDelegate and MsgEditValidator as the SDK writes them (decimals with all 18 places)", () => {
    expect(chainDoc(...([CASES[0][0], CASES[0][2], CASES[0][3]] as const))).toContain(
      `"msgs":[{"type":"cosmos-sdk/MsgDelegate","value":{"amount":{"amount":"1000000","denom":"uopt"},"delegator_address":"${DEL}","validator_address":"${VAL}"}}]`,
    );
    expect(chainDoc(CASES[4][0], CASES[4][2], CASES[4][3])).toContain(
      `{"type":"cosmos-sdk/MsgEditValidator","value":{"commission_rate":"0.125000000000000000","description":{"details":"a \\u003cvalidator\\u003e \\u0026 friends","identity":"","moniker":"node-7","security_contact":"ops@example.org","website":"https://example.org"},"min_self_delegation":"1000","validator_address":"${VAL}"}}`,
    );
    expect(chainDoc(CASES[5][0], CASES[5][2], CASES[5][3])).toContain(`"pubkey":{"type":"tendermint/PubKeyEd25519","value":"${Buffer.alloc(32, 7).toString("base64")}"}`);
  });

  // Random messages of every type: any field the two tables write differently shows up as different bytes.
  const text = fc.string({ unit: "grapheme", maxLength: 10 });
  const address = fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 });
  const amount = fc.record({ denom: text, amount: text });
  const atomics = fc.bigInt({ min: 0n, max: 10n ** 21n }).map(String);
  const desc = fc.record({ moniker: text, identity: text, website: text, securityContact: text, details: text });
  const arbitraries: Record<string, fc.Arbitrary<unknown>> = {
    MsgDelegate: fc.record({ delegatorAddress: address, validatorAddress: address, amount }),
    MsgUndelegate: fc.record({ delegatorAddress: address, validatorAddress: address, amount }),
    MsgBeginRedelegate: fc.record({ delegatorAddress: address, validatorSrcAddress: address, validatorDstAddress: address, amount }),
    MsgCancelUnbondingDelegation: fc.record({ delegatorAddress: address, validatorAddress: address, amount, creationHeight: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
    MsgEditValidator: fc.record({ description: desc, validatorAddress: address, commissionRate: fc.oneof(fc.constant(""), atomics), minSelfDelegation: fc.oneof(fc.constant(""), atomics) }),
    MsgCreateValidator: fc.record({
      description: desc,
      commission: fc.record({ rate: atomics, maxRate: atomics, maxChangeRate: atomics }),
      minSelfDelegation: atomics,
      delegatorAddress: text,
      validatorAddress: address,
      pubkey: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((key) => encodePubkey(encodeEd25519Pubkey(key))),
      value: amount,
    }),
    MsgWithdrawDelegatorReward: fc.record({ delegatorAddress: address, validatorAddress: address }),
    MsgSetWithdrawAddress: fc.record({ delegatorAddress: address, withdrawAddress: address }),
    MsgFundCommunityPool: fc.record({ amount: fc.array(amount, { maxLength: 3 }), depositor: address }),
    MsgWithdrawValidatorCommission: fc.record({ validatorAddress: address }),
  };
  test.each(CASES.map(([typeUrl, , codec]) => [typeUrl, codec] as const))("property: %s, random fields", (typeUrl, codec) => {
    fc.assert(
      fc.property(arbitraries[typeUrl.split(".").pop()!], (value) => {
        const expected = stockDoc(typeUrl, value).replace("cosmos-sdk/MsgWithdrawValidatorCommission", "cosmos-sdk/MsgWithdrawValCommission");
        expect(chainDoc(typeUrl, codec, value)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe("what the sign doc would not show is refused", () => {
  const create = CASES[5][3] as Record<string, unknown>;
  const sign = (value: unknown) => () => chainDoc("/cosmos.staking.v1beta1.MsgCreateValidator", MsgCreateValidator, value);

  test("a consensus key that is not ed25519 (sdk/8)", () => {
    const secp = { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: Secp256k1PubKey.encode({ key: new Uint8Array(33).fill(2) }).finish() };
    expect(sign({ ...create, pubkey: secp })).toThrow(expect.objectContaining({ codespace: "sdk", code: 8 }));
  });

  test("key bytes with a field the JSON does not carry (sdk/2)", () => {
    const padded = Buffer.concat([Ed25519PubKey.encode({ key: new Uint8Array(32).fill(7) }).finish(), Buffer.from([0x10, 0x01])]);
    expect(sign({ ...create, pubkey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: padded } })).toThrow(expect.objectContaining({ codespace: "sdk", code: 2 }));
  });

  test("a string field holding \"0\" is written, not taken for an empty one: two different txs never share one sign doc", () => {
    // Before: "0" was omitted like "", so {amount: "0"} and {amount: ""} signed the same bytes.
    const deposit = (amount: string) => aminoMsgOf("/optchain.options.v1.MsgDepositCollateral", { owner: DEL, denom: "uusdc", amount });
    expect(deposit("0")).not.toEqual(deposit(""));
    expect(aminoMsgOf("/cosmos.staking.v1beta1.MsgEditValidator", { description, validatorAddress: VAL, commissionRate: "", minSelfDelegation: "0" }).value).toMatchObject({ min_self_delegation: "0" });
  });

  test("a commission rate that is no LegacyDec (sdk/2)", () => {
    const edit = (commissionRate: string) => () => chainDoc("/cosmos.staking.v1beta1.MsgEditValidator", MsgEditValidator, { ...(CASES[4][3] as object), commissionRate });
    for (const bad of ["0.1", "1e18", " 1", "0x10"]) expect(edit(bad)).toThrow(expect.objectContaining({ codespace: "sdk", code: 2 }));
  });
});

describe("x/upgrade's messages, signed nested in a governance proposal", () => {
  const UPGRADE = "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade";
  const upgrade = (plan: Record<string, unknown>) => MsgSoftwareUpgrade.fromPartial({ authority: DEL, plan: { name: "v2", height: 100n, ...plan } });
  const proposal = (msg: MsgSoftwareUpgrade) =>
    aminoMsgOf("/optchain.gov.v1.MsgSubmitProposal", { proposer: DEL, messages: [{ typeUrl: UPGRADE, value: MsgSoftwareUpgrade.encode(msg).finish() }], initialDeposit: [], title: "t", summary: "s" });

  test("golden: the plan as the SDK writes it (int64 height as a string, the time CosmJS always encodes, empty info left out)", () => {
    expect(utf8(aminoSignBytes({ msgs: [proposal(upgrade({}))], fee: FEE, memo: "", timeoutHeight: 0n }, "c", 0n, 0n))).toContain(
      `"messages":[{"type":"cosmos-sdk/MsgSoftwareUpgrade","value":{"authority":"${DEL}","plan":{"height":"100","name":"v2","time":"1970-01-01T00:00:00Z"}}}]`,
    );
    expect(aminoMsgOf("/cosmos.upgrade.v1beta1.MsgCancelUpgrade", { authority: DEL })).toEqual({ type: "cosmos-sdk/MsgCancelUpgrade", value: { authority: DEL } });
  });

  test("an IBC client state (no amino name: sdk/29) or a time amino cannot write (sdk/2) is refused", () => {
    const clientState = { typeUrl: "/ibc.lightclients.tendermint.v1.ClientState", value: new Uint8Array([1]) };
    expect(() => proposal(upgrade({ upgradedClientState: clientState }))).toThrow(expect.objectContaining({ codespace: "sdk", code: 29 }));
    expect(() => proposal(upgrade({ time: { seconds: 253_402_300_800n, nanos: 0 } }))).toThrow(expect.objectContaining({ codespace: "sdk", code: 2 }));
  });

  test("property: proto → amino → proto gives back the same bytes", () => {
    const seconds = fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n });
    const time = fc.record({ seconds, nanos: fc.nat({ max: 999_999_999 }) });
    fc.assert(
      fc.property(fc.record({ name: fc.string({ maxLength: 10 }), height: fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), info: fc.string({ maxLength: 10 }), time }), (plan) => {
        // the bytes the chain would accept: cosmjs-types' own re-encoding of what it decodes
        const bytes = MsgSoftwareUpgrade.encode(MsgSoftwareUpgrade.decode(MsgSoftwareUpgrade.encode(upgrade(plan)).finish())).finish();
        const json = JSON.parse(JSON.stringify(aminoMsgOf(UPGRADE, MsgSoftwareUpgrade.decode(bytes)).value));
        expect(Buffer.from(MsgSoftwareUpgrade.encode(MsgSoftwareUpgrade.fromPartial(ours[UPGRADE].fromAmino(json))).finish())).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

describe("a stock amino signer (Secp256k1HdWallet) delegates and withdraws rewards, in process", () => {
  test("MsgDelegate, then MsgWithdrawDelegatorReward, both SIGN_MODE_LEGACY_AMINO_JSON", async () => {
    const g = await validatorsGenesis(2);
    const { app, dir } = openApp();
    let height = 0;
    const block = (txs: Uint8Array[] = []) =>
      runBlock(app, ++height, txs, {
        decidedLastCommit: { round: 0, votes: g.consensusKeys.map((key) => ({ validator: { address: consensusAddress(key), power: 100n }, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT })) },
      });
    try {
      initChain(app, g.appState);
      block();
      // a feeder account (index 2) that is no operator delegates to validator 0
      const wallet = await Secp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [devHdPath(2)] });
      const [{ address: delegator }] = await wallet.getAccounts();
      expect(delegator).toBe(g.feeders[0]);
      const client = await SigningStargateClient.offline(wallet, { registry: optchainRegistry(), aminoTypes: new AminoTypes(optchainAminoTypes()) });
      const sign = async (msgs: Array<{ typeUrl: string; value: unknown }>) => {
        const { accountNumber, sequence } = auth.getAccount(app.store, accAddressBytes(delegator))!;
        const raw = await client.sign(delegator, msgs, FEE, "", { accountNumber, sequence: Number(sequence), chainId: DEFAULT_CHAIN_ID });
        expect(AuthInfo.decode(raw.authInfoBytes).signerInfos[0].modeInfo?.single?.mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
        return TxRaw.encode(raw).finish();
      };
      const validator = g.validators[0];
      const uopt = () => app.bank.balance(app.store, accAddressBytes(delegator), "uopt");

      const delegated = block([await sign([{ typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: { delegatorAddress: delegator, validatorAddress: validator, amount: coin("2000000") } }])]);
      expect(delegated.txResults[0]).toMatchObject({ code: 0 });
      const response = app.query({ path: "/cosmos.staking.v1beta1.Query/Delegation", data: QueryDelegationRequest.encode({ delegatorAddr: delegator, validatorAddr: validator }).finish(), height: 0n, prove: false });
      expect(QueryDelegationResponse.decode(response.value).delegationResponse?.balance).toEqual(coin("2000000"));

      // fees of the next block's tx are shared at the block after: the delegation earns a part of them
      block([await sign([{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: delegator, toAddress: g.operators[1], amount: [{ denom: "uusdc", amount: "1" }] } }])]);
      block();
      const before = uopt();
      const withdrawn = block([await sign([{ typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", value: { delegatorAddress: delegator, validatorAddress: validator } }])]);
      expect(withdrawn.txResults[0]).toMatchObject({ code: 0 });
      const event = withdrawn.txResults[0].events.find((e) => e.type === "withdraw_rewards")!;
      const paid = BigInt(/^(\d+)uopt$/.exec(event.attributes.find((a) => a.key === "amount")!.value)![1]);
      expect(paid).toBeGreaterThan(0n);
      expect(uopt() - before).toBe(paid - 10_000n);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
