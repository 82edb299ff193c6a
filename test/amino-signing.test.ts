// SIGN_MODE_LEGACY_AMINO_JSON (what Ledger signs), in process: golden sign bytes against the Cosmos SDK's, the
// attacks on an amino-signed tx (tampering, replay, unsigned parts, unknown types), and the converter table
// checked field by field against the .proto files.
import path from "node:path";
import fc from "fast-check";
import * as protobuf from "protobufjs";
import { type AminoMsg, Secp256k1HdWallet, makeSignDoc } from "@cosmjs/amino";
import { AminoTypes, SigningStargateClient } from "@cosmjs/stargate";
import { type EncodeObject, makeSignDoc as makeDirectSignDoc } from "@cosmjs/proto-signing";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { AuthInfo, SignerInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { accAddressBytes } from "../app/address";
import type { OptchainApp } from "../app/app";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { aminoSignBytes } from "../app/tx/decode";
import { MsgRouter } from "../app/tx/router";
import { BECH32_PREFIX, DEV_MNEMONIC, devAccountWallet, devHdPath, optchainRegistry, optchainTypes } from "../client";
import { aminoMsgOf, optchainAminoTypes } from "../client/amino";
import { cancelOrderMsg, depositCollateralMsg } from "../client/options";
import * as auth from "../modules/auth/keeper";
import { optchain } from "../proto/gen/optchain";
import { DEFAULT_FEE, devGenesis, initChain, openApp, runBlock, sendMsg } from "./helpers/inprocess";

jest.setTimeout(120_000);

const SEND = "/cosmos.bank.v1beta1.MsgSend";
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");
/** The chain's path: the proto message as its decoder yields it, converted by the shared table. */
const chainAmino = (typeUrl: string, codec: { encode(m: unknown): { finish(): Uint8Array }; decode(b: Uint8Array): unknown }, value: unknown) =>
  aminoMsgOf(typeUrl, codec.decode(codec.encode(value).finish()));

describe("golden amino sign bytes for MsgSend, as the Cosmos SDK writes them", () => {
  test("the message (cosmos-sdk x/bank/types/msgs_test.go, TestMsgSendGetSignBytes)", () => {
    const msg = chainAmino(SEND, MsgSend, MsgSend.fromPartial({ fromAddress: "cosmos1d9h8qat57ljhcm", toAddress: "cosmos1da6hgur4wsmpnjyg", amount: [{ denom: "atom", amount: "10" }] }));
    // The message is one element of the doc's msgs; the rest of the doc is checked by the next vector.
    const doc = utf8(aminoSignBytes({ msgs: [msg], fee: { amount: [], gas: "0" }, memo: "", timeoutHeight: 0n }, "c", 0n, 0n));
    expect(doc).toContain(
      `"msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"10","denom":"atom"}],"from_address":"cosmos1d9h8qat57ljhcm","to_address":"cosmos1da6hgur4wsmpnjyg"}}]`,
    );
  });

  test("the whole doc, with an empty amount kept and a timeout height (cosmos-sdk x/authz/msgs_test.go, TestAminoJSON, the MsgExec case)", () => {
    // The SDK's vector wraps the MsgSend in an authz MsgExec, which this chain does not route; the wrapper is
    // written out here, the MsgSend inside it comes from the chain's converter, the envelope from aminoSignBytes.
    const send = chainAmino(SEND, MsgSend, MsgSend.fromPartial({ fromAddress: "cosmos1ghi", toAddress: "cosmos1jkl" }));
    const exec: AminoMsg = { type: "cosmos-sdk/MsgExec", value: { grantee: "cosmos1def", msgs: [send] } };
    expect(utf8(aminoSignBytes({ msgs: [exec], fee: { amount: [], gas: "0" }, memo: "memo", timeoutHeight: 1n }, "foo", 1n, 1n))).toBe(
      `{"account_number":"1","chain_id":"foo","fee":{"amount":[],"gas":"0"},"memo":"memo","msgs":[{"type":"cosmos-sdk/MsgExec","value":{"grantee":"cosmos1def","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[],"from_address":"cosmos1ghi","to_address":"cosmos1jkl"}}]}}],"sequence":"1","timeout_height":"1"}`,
    );
  });

  test("HTML characters are escaped as Go's encoding/json escapes them, and a zero timeout height is left out", () => {
    const msg = chainAmino(SEND, MsgSend, MsgSend.fromPartial({ fromAddress: "a", toAddress: "b", amount: [{ denom: "uopt", amount: "1" }] }));
    const doc = utf8(aminoSignBytes({ msgs: [msg], fee: { amount: [{ denom: "uopt", amount: "5000" }], gas: "200000" }, memo: "<a&b>", timeoutHeight: 0n }, "x", 3n, 4n));
    expect(doc).toBe(
      `{"account_number":"3","chain_id":"x","fee":{"amount":[{"amount":"5000","denom":"uopt"}],"gas":"200000"},"memo":"\\u003ca\\u0026b\\u003e","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"1","denom":"uopt"}],"from_address":"a","to_address":"b"}}],"sequence":"4"}`,
    );
  });
});

describe("the converter table", () => {
  const converters = optchainAminoTypes();
  // The SDK's own messages are in CosmJS's default registry; their names are checked in amino-sdk-messages.test.ts.
  const optchainUrls = optchainTypes.map(([typeUrl]) => typeUrl).filter((typeUrl) => typeUrl.startsWith("/optchain."));

  test("covers every optchain message the client registers, under fixed names of at most 39 characters, each used once", () => {
    const typeUrls = Object.keys(converters);
    expect(typeUrls.filter((typeUrl) => typeUrl.startsWith("/optchain.")).sort()).toEqual([...optchainUrls].sort());
    const names = typeUrls.map((typeUrl) => converters[typeUrl].aminoType);
    expect(new Set(names).size).toBe(names.length);
    for (const [typeUrl, name] of typeUrls.map((t, i) => [t, names[i]])) {
      expect(name).toEqual(typeUrl.startsWith("/optchain.") ? `optchain/${typeUrl.split(".").pop()}` : expect.stringMatching(/^cosmos-sdk\/Msg/));
      expect(name.length).toBeLessThanOrEqual(39);
    }
  });

  // Random messages built from the .proto files themselves: a field the table forgot, or wrote so that two
  // messages share one JSON, would be a part of the tx an amino signature does not cover; it fails here.
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(__dirname, "../proto", target);
  root.loadSync(optchainUrls.map((typeUrl) => `${typeUrl.split(".").slice(0, 3).join("/").slice(1)}/tx.proto`).filter((f, i, all) => all.indexOf(f) === i), { keepCase: false });
  root.resolveAll();
  const codecOf = (typeUrl: string) => typeUrl.slice(1).split(".").reduce<any>((node, part) => node[part], { optchain });
  const NESTABLE = ["/optchain.gov.v1.MsgUpdateParams", "/optchain.options.v1.MsgListSeries", "/optchain.circuit.v1.MsgGuardianApprove"];

  function arbitraryOf(type: protobuf.Type, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of type.fieldsArray) {
      let one: fc.Arbitrary<unknown>;
      if (f.resolvedType instanceof protobuf.Enum) one = fc.constantFrom(...Object.values(f.resolvedType.values));
      else if (f.resolvedType?.fullName === ".optchain.gov.v1.Any") {
        one = fc.constantFrom(...NESTABLE).chain((typeUrl) =>
          arbitraryOf(root.lookupType(typeUrl.slice(1)), depth + 1).map((value) => ({ typeUrl, value: codecOf(typeUrl).encode(value).finish() })),
        );
      } else if (f.resolvedType instanceof protobuf.Type) one = arbitraryOf(f.resolvedType, depth + 1);
      else {
        const scalars: Record<string, fc.Arbitrary<unknown>> = {
          string: fc.string({ unit: "grapheme", maxLength: 12 }),
          uint64: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          int64: fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
          uint32: fc.nat({ max: 0xffffffff }),
        };
        if (!scalars[f.type]) throw new Error(`no generator for ${type.name}.${f.name} (${f.type}): teach the table and this test about it`);
        one = scalars[f.type];
      }
      if (f.repeated) fields[f.name] = fc.array(one, { maxLength: 3 });
      // optional nested messages: absent, or present (possibly empty), which the proto bytes tell apart
      else fields[f.name] = f.resolvedType instanceof protobuf.Type ? fc.option(one, { nil: undefined }) : fc.oneof(one, fc.constant(undefined));
    }
    if (depth > 3) throw new Error("proto types nest deeper than expected");
    // A oneof holds one member at most (decoding keeps the last one on the wire).
    const oneofs = type.oneofsArray.map((oneof) => oneof.fieldsArray.map((f) => f.name));
    return fc.record(fields).map((record) => {
      for (const members of oneofs) members.filter((name) => record[name] !== undefined).slice(1).forEach((name) => delete record[name]);
      return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    });
  }

  test.each(optchainUrls)("%s: proto → amino → proto gives back the same bytes, and the client's JSON is the chain's", (typeUrl) => {
    const codec = codecOf(typeUrl);
    const converter = converters[typeUrl];
    fc.assert(
      fc.property(arbitraryOf(root.lookupType(typeUrl.slice(1)), 0), (value) => {
        const bytes = codec.encode(value).finish();
        const onChain = aminoMsgOf(typeUrl, codec.decode(bytes));
        expect({ type: converter.aminoType, value: converter.toAmino(codec.create(value)) }).toEqual(onChain);
        // a wallet may hand the signed doc back through JSON
        const back = converter.fromAmino(JSON.parse(JSON.stringify(onChain.value)));
        expect(Buffer.from(codec.encode(back).finish()).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test("MsgSend round-trips the same way", () => {
    const coin = fc.record({ denom: fc.string({ maxLength: 8 }), amount: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.record({ fromAddress: fc.string({ maxLength: 8 }), toAddress: fc.string({ maxLength: 8 }), amount: fc.array(coin, { maxLength: 3 }) }), (value) => {
        const bytes = MsgSend.encode(MsgSend.fromPartial(value)).finish();
        const onChain = aminoMsgOf(SEND, MsgSend.decode(bytes));
        expect(Buffer.from(MsgSend.encode(MsgSend.fromPartial(converters[SEND].fromAmino(JSON.parse(JSON.stringify(onChain.value))))).finish()).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});

describe("amino-signed txs through CheckTx and FinalizeBlock", () => {
  let app: OptchainApp;
  let close: () => void;
  let alice: string;
  let bob: string;
  let wallet: Secp256k1HdWallet;
  let signer: SigningStargateClient;
  let height = 1;

  beforeAll(async () => {
    ({ app, close } = openApp());
    initChain(app, await devGenesis(2));
    runBlock(app, height, []);
    wallet = await Secp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [devHdPath(0)] });
    [{ address: alice }] = await wallet.getAccounts();
    bob = (await (await Secp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [devHdPath(1)] })).getAccounts())[0].address;
    signer = await SigningStargateClient.offline(wallet, { registry: optchainRegistry(), aminoTypes: new AminoTypes(optchainAminoTypes()) });
  });
  afterAll(() => close());

  const account = () => auth.getAccount(app.store, accAddressBytes(alice))!;
  const balance = (address: string) => app.bank.balance(app.store, accAddressBytes(address), "uusdc");
  const check = (tx: Uint8Array) => app.checkTx({ tx, type: 0 });
  const deliver = (tx: Uint8Array) => runBlock(app, ++height, [tx]).txResults[0];

  async function signAmino(msgs: EncodeObject[], memo = "", timeoutHeight?: bigint): Promise<TxRaw> {
    const { accountNumber, sequence } = account();
    return signer.sign(alice, msgs, DEFAULT_FEE, memo, { accountNumber, sequence: Number(sequence), chainId: DEFAULT_CHAIN_ID }, timeoutHeight);
  }
  const encode = (raw: TxRaw) => TxRaw.encode(raw).finish();
  const withBody = (raw: TxRaw, change: (body: TxBody) => TxBody) => encode({ ...raw, bodyBytes: TxBody.encode(change(TxBody.decode(raw.bodyBytes))).finish() });
  const withAuthInfo = (raw: TxRaw, change: (info: AuthInfo) => AuthInfo) => encode({ ...raw, authInfoBytes: AuthInfo.encode(change(AuthInfo.decode(raw.authInfoBytes))).finish() });

  test("every message the chain routes has an amino name", () => {
    expect(new MsgRouter(app.modules).typeUrls).toEqual(Object.keys(optchainAminoTypes()).sort());
  });

  test("a stock CosmJS amino signer's tx passes CheckTx and executes", async () => {
    const raw = await signAmino([sendMsg(alice, bob, "7")], "hello <ledger>", 1000n);
    expect(AuthInfo.decode(raw.authInfoBytes).signerInfos[0].modeInfo?.single?.mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
    expect(check(encode(raw))).toMatchObject({ code: 0 });
    const before = balance(bob);
    const sequence = account().sequence;
    expect(deliver(encode(raw))).toMatchObject({ code: 0 });
    expect(balance(bob) - before).toBe(7n);
    expect(account().sequence).toBe(sequence + 1n);
  });

  test("options messages and several messages in one amino tx", async () => {
    const raw = await signAmino([depositCollateralMsg(alice, "uusdc", 1_000_000n), sendMsg(alice, bob, "1")]);
    expect(deliver(encode(raw))).toMatchObject({ code: 0 });
    // nothing to cancel: the signature and conversion are accepted, the module refuses on its own terms
    const cancel = await signAmino([cancelOrderMsg(alice, { clientOrderId: "none" })]);
    expect(deliver(encode(cancel))).toMatchObject({ codespace: "options", code: 12 });
  });

  type Tamper = [what: string, tamper: (raw: TxRaw) => Uint8Array];
  const tampers: Tamper[] = [
    ["the memo", (raw) => withBody(raw, (body) => ({ ...body, memo: "changed" }))],
    ["the timeout height", (raw) => withBody(raw, (body) => ({ ...body, timeoutHeight: body.timeoutHeight + 1n }))],
    ["a message field", (raw) => withBody(raw, (body) => ({ ...body, messages: [{ typeUrl: SEND, value: MsgSend.encode(sendMsg(alice, bob, "8").value).finish() }] }))],
    ["the message type (same fields, another type)", (raw) => withBody(raw, (body) => ({ ...body, messages: [{ ...body.messages[0], typeUrl: "/optchain.options.v1.MsgDepositCollateral" }] }))],
    ["the fee amount", (raw) => withAuthInfo(raw, (info) => ({ ...info, fee: { ...info.fee!, amount: [{ denom: "uopt", amount: "5001" }] } }))],
    ["the gas limit", (raw) => withAuthInfo(raw, (info) => ({ ...info, fee: { ...info.fee!, gasLimit: 199_999n } }))],
  ];

  test.each(tampers)("changing %s after signing is refused and changes nothing", async (_what, tamper) => {
    const raw = await signAmino([sendMsg(alice, bob, "7")], "memo", 5000n);
    const before = { bob: balance(bob), sequence: account().sequence };
    const tx = tamper(raw);
    const result = check(tx);
    expect(result.code).not.toBe(0);
    expect(deliver(tx).code).toBe(result.code);
    expect({ bob: balance(bob), sequence: account().sequence }).toEqual(before);
  });

  test("the untampered tx of the same shape is accepted (the cases above fail for the tampering alone)", async () => {
    expect(deliver(encode(await signAmino([sendMsg(alice, bob, "7")], "memo", 5000n)))).toMatchObject({ code: 0 });
  });

  test("a replay with the same sequence is refused", async () => {
    const tx = encode(await signAmino([sendMsg(alice, bob, "3")]));
    expect(deliver(tx)).toMatchObject({ code: 0 });
    const before = balance(bob);
    expect(check(tx)).toMatchObject({ codespace: "sdk", code: 32 });
    expect(deliver(tx)).toMatchObject({ codespace: "sdk", code: 32 });
    expect(balance(bob)).toBe(before);
  });

  test("a message type without an amino name is refused with sdk/29 invalid type", async () => {
    // Signed by hand: CosmJS itself would not convert a type it has no converter for.
    const typeUrl = "/optchain.nonexistent.v1.MsgNothing";
    const { accountNumber, sequence } = account();
    const doc = makeSignDoc([{ type: "optchain/MsgNothing", value: { owner: alice } }], DEFAULT_FEE, DEFAULT_CHAIN_ID, "", accountNumber, Number(sequence));
    const { signature } = await wallet.signAmino(alice, doc);
    const good = await signAmino([sendMsg(alice, bob, "1")]);
    const tx = withBody({ ...good, signatures: [Buffer.from(signature.signature, "base64")] }, (body) => ({ ...body, messages: [{ typeUrl, value: MsgSend.encode(sendMsg(alice, bob, "1").value).finish() }] }));
    const result = check(tx);
    expect(result).toMatchObject({ codespace: "sdk", code: 29 });
    expect(result.log).toMatch(/\/optchain.nonexistent.v1.MsgNothing has no amino JSON form/);
    expect(deliver(tx)).toMatchObject({ codespace: "sdk", code: 29 });
  });

  test("an amino signer info without its public key is refused: the amino doc does not cover it", async () => {
    const raw = await signAmino([sendMsg(alice, bob, "1")]);
    const tx = withAuthInfo(raw, (info) => ({ ...info, signerInfos: [{ ...info.signerInfos[0], publicKey: undefined }] }));
    expect(deliver(tx)).toMatchObject({ codespace: "sdk", code: 8 });
    expect(deliver(encode(raw))).toMatchObject({ code: 0 });
  });

  test.each([
    ["SIGN_MODE_TEXTUAL", SignMode.SIGN_MODE_TEXTUAL],
    ["SIGN_MODE_DIRECT_AUX", SignMode.SIGN_MODE_DIRECT_AUX],
    ["SIGN_MODE_EIP_191", SignMode.SIGN_MODE_EIP_191],
    ["SIGN_MODE_UNSPECIFIED", SignMode.SIGN_MODE_UNSPECIFIED],
  ])("a signer info claiming %s over an amino signature is refused", async (_name, mode) => {
    const raw = await signAmino([sendMsg(alice, bob, "1")]);
    const tx = withAuthInfo(raw, (info) => ({ ...info, signerInfos: [{ ...info.signerInfos[0], modeInfo: { single: { mode } } }] }));
    expect(check(tx)).toMatchObject({ codespace: "sdk", code: 4 });
  });

  test("signers of one tx may use different modes, each checked by its own", async () => {
    const bobWallet = await devAccountWallet(1);
    const [bobKey] = await bobWallet.getAccounts();
    const [aliceKey] = await wallet.getAccounts();
    const stored = (address: string) => auth.getAccount(app.store, accAddressBytes(address))!;
    const msgs = [sendMsg(alice, bob, "2"), sendMsg(bob, alice, "5")];
    const bodyBytes = optchainRegistry().encode({ typeUrl: "/cosmos.tx.v1beta1.TxBody", value: { messages: msgs, memo: "two signers" } });
    const info = (pubkey: Uint8Array, mode: SignMode, sequence: bigint) =>
      SignerInfo.fromPartial({ publicKey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: pubkey }).finish() }, modeInfo: { single: { mode } }, sequence });
    const authInfoBytes = AuthInfo.encode(
      AuthInfo.fromPartial({
        signerInfos: [info(aliceKey.pubkey, SignMode.SIGN_MODE_LEGACY_AMINO_JSON, stored(alice).sequence), info(bobKey.pubkey, SignMode.SIGN_MODE_DIRECT, stored(bob).sequence)],
        fee: { amount: [...DEFAULT_FEE.amount], gasLimit: BigInt(DEFAULT_FEE.gas) },
      }),
    ).finish();
    const converters = new AminoTypes(optchainAminoTypes());
    const aminoSignature = async (memo: string) =>
      Buffer.from((await wallet.signAmino(alice, makeSignDoc(msgs.map((m) => converters.toAmino(m)), DEFAULT_FEE, DEFAULT_CHAIN_ID, memo, stored(alice).accountNumber, Number(stored(alice).sequence)))).signature.signature, "base64");
    const directSignature = Buffer.from((await bobWallet.signDirect(bob, makeDirectSignDoc(bodyBytes, authInfoBytes, DEFAULT_CHAIN_ID, Number(stored(bob).accountNumber)))).signature.signature, "base64");

    const forged = encode({ bodyBytes, authInfoBytes, signatures: [await aminoSignature("another memo"), directSignature] });
    expect(deliver(forged)).toMatchObject({ codespace: "sdk", code: 4 });
    const before = balance(alice);
    expect(deliver(encode({ bodyBytes, authInfoBytes, signatures: [await aminoSignature("two signers"), directSignature] }))).toMatchObject({ code: 0 });
    expect(balance(alice) - before).toBe(3n);
  });

  test("an amino signature presented as a direct one is refused", async () => {
    const raw = await signAmino([sendMsg(alice, bob, "1")]);
    const asDirect = withAuthInfo(raw, (info) => ({ ...info, signerInfos: [{ ...info.signerInfos[0], modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } } }] }));
    expect(deliver(asDirect)).toMatchObject({ codespace: "sdk", code: 4 });
    expect(deliver(encode(raw))).toMatchObject({ code: 0 });
  });
});
