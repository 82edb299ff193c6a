import fc from "fast-check";
import { makeSignDoc } from "@cosmjs/proto-signing";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, Fee, ModeInfo, SignerInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Any } from "cosmjs-types/google/protobuf/any";
import { accAddressBytes } from "../app/address";
import type { OptchainApp } from "../app/app";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { devAccountWallet } from "../client";
import * as auth from "../modules/auth/keeper";
import { devGenesis, initChain, openApp, runBlock } from "./helpers/inprocess";

jest.setTimeout(120_000);

// ---- protobuf wire bytes by hand, to build what a well-behaved encoder never writes ----
function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const cat = (...parts: Array<Uint8Array | number[]>) => new Uint8Array(Buffer.concat(parts.map((part) => Uint8Array.from(part))));
/** A length-delimited field. */
const field = (no: number, bytes: Uint8Array | number[]) => cat(varint((no << 3) | 2), varint(bytes.length), bytes);
const UNKNOWN = field(9, [1, 2, 3]);

const SEND = "/cosmos.bank.v1beta1.MsgSend";
const FEE = { amount: [{ denom: "uopt", amount: "5000" }], gasLimit: 200_000n, payer: "", granter: "" };

let app: OptchainApp;
let close: () => void;
let alice: string;
let bob: string;
let pubkey: Uint8Array;
let wallet: Awaited<ReturnType<typeof devAccountWallet>>;
let height = 1;

beforeAll(async () => {
  ({ app, close } = openApp());
  initChain(app, await devGenesis(2));
  runBlock(app, height, []);
  wallet = await devAccountWallet(0);
  const [account] = await wallet.getAccounts();
  alice = account.address;
  pubkey = account.pubkey;
  bob = (await (await devAccountWallet(1)).getAccounts())[0].address;
});
afterAll(() => close());

const aliceAccount = () => auth.getAccount(app.store, accAddressBytes(alice))!;
const balance = (denom: string) => app.bank.balance(app.store, accAddressBytes(alice), denom);

const sendAny = (amount = "1") => Any.fromPartial({ typeUrl: SEND, value: MsgSend.encode({ fromAddress: alice, toAddress: bob, amount: [{ denom: "uusdc", amount }] }).finish() });
const sendBytes = () => sendAny().value;
const messageAny = (value: Uint8Array) => Any.fromPartial({ typeUrl: SEND, value });
const body = (overrides: Partial<TxBody> = {}) => TxBody.encode(TxBody.fromPartial({ messages: [sendAny()], ...overrides })).finish();
const signerInfo = (overrides: Partial<SignerInfo> = {}) =>
  SignerInfo.fromPartial({
    publicKey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key: pubkey }).finish() },
    modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
    sequence: aliceAccount().sequence,
    ...overrides,
  });
const authInfo = (overrides: Partial<AuthInfo> = {}) => AuthInfo.encode(AuthInfo.fromPartial({ signerInfos: [signerInfo()], fee: FEE, ...overrides })).finish();

/** Signed by alice over exactly these body and auth info bytes, as a wallet would sign them. */
async function sign(bodyBytes: Uint8Array, authInfoBytes: Uint8Array): Promise<TxRaw> {
  const doc = makeSignDoc(bodyBytes, authInfoBytes, DEFAULT_CHAIN_ID, Number(aliceAccount().accountNumber));
  const { signature } = await wallet.signDirect(alice, doc);
  return { bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, "base64")] };
}
const encode = (raw: TxRaw) => TxRaw.encode(raw).finish();

type Case = [name: string, build: () => Promise<Uint8Array>, code: number, log: RegExp];
const cases: Case[] = [
  // Anyone can do these to a tx they relay: the signatures still verify, the tx hash changes.
  ["an unknown field appended to TxRaw", async () => cat(encode(await sign(body(), authInfo())), UNKNOWN), 2, /unknown field 9 in TxRaw/],
  [
    "TxRaw fields out of order",
    async () => {
      const raw = await sign(body(), authInfo());
      return cat(field(2, raw.authInfoBytes), field(1, raw.bodyBytes), field(3, raw.signatures[0]));
    },
    2,
    /TxRaw is not canonically encoded/,
  ],
  [
    "a TxRaw field repeated",
    async () => {
      const raw = await sign(body(), authInfo());
      return cat(field(1, raw.bodyBytes), field(1, raw.bodyBytes), field(2, raw.authInfoBytes), field(3, raw.signatures[0]));
    },
    2,
    /TxRaw is not canonically encoded/,
  ],
  [
    "a non-minimal length varint in TxRaw",
    async () => {
      const raw = await sign(body(), authInfo());
      const bodyField = cat([0x0a], [(raw.bodyBytes.length & 0x7f) | 0x80, (raw.bodyBytes.length >> 7) | 0x80, 0x00], raw.bodyBytes);
      return cat(bodyField, field(2, raw.authInfoBytes), field(3, raw.signatures[0]));
    },
    2,
    /TxRaw is not canonically encoded/,
  ],
  // The signer's own malleability, refused as the SDK refuses it.
  ["an unknown field in TxBody", async () => encode(await sign(cat(body(), UNKNOWN), authInfo())), 2, /unknown field 9 in TxBody/],
  ["an unknown field in a message's Any", async () => encode(await sign(field(1, cat(Any.encode(sendAny()).finish(), UNKNOWN)), authInfo())), 2, /unknown field 9 in TxBody.messages/],
  // Inside a message: the Any's value is the module message's own encoding, held to the same rule.
  ["an unknown field in a message", async () => encode(await sign(body({ messages: [messageAny(cat(sendBytes(), UNKNOWN))] }), authInfo())), 2, /MsgSend is not canonically encoded/],
  [
    "message fields out of order",
    async () => {
      const msg = MsgSend.decode(sendBytes());
      const reordered = cat(field(2, Buffer.from(msg.toAddress)), field(1, Buffer.from(msg.fromAddress)), field(3, MsgSend.encode({ ...msg, fromAddress: "", toAddress: "" }).finish().subarray(2)));
      return encode(await sign(body({ messages: [messageAny(reordered)] }), authInfo()));
    },
    2,
    /MsgSend is not canonically encoded/,
  ],
  [
    "unknown groups nested past any stack inside a message",
    // A decoder skips an unknown group by recursion: at 20,000 levels some nodes would overflow and others not.
    async () => encode(await sign(body({ messages: [messageAny(cat(sendBytes(), new Array(20_000).fill(75), new Array(20_000).fill(76)))] }), authInfo())),
    2,
    /MsgSend (is not canonically encoded|.*nested too deeply)/,
  ],
  ["an unknown field in AuthInfo", async () => encode(await sign(body(), cat(authInfo(), UNKNOWN))), 2, /unknown field 9 in AuthInfo/],
  [
    "an unknown field in SignerInfo",
    async () => encode(await sign(body(), cat(field(1, cat(SignerInfo.encode(signerInfo()).finish(), UNKNOWN)), field(2, Fee.encode(FEE).finish())))),
    2,
    /unknown field 9 in AuthInfo.signer_infos/,
  ],
  [
    "an unknown field in ModeInfo",
    async () => {
      const info = cat(SignerInfo.encode(signerInfo({ modeInfo: undefined })).finish(), field(2, cat(ModeInfo.encode({ single: { mode: SignMode.SIGN_MODE_DIRECT } }).finish(), UNKNOWN)));
      return encode(await sign(body(), cat(field(1, info), field(2, Fee.encode(FEE).finish()))));
    },
    2,
    /unknown field 9 in AuthInfo.signer_infos.mode_info/,
  ],
  [
    "an unknown field in the public key",
    async () => {
      const key = { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: cat(PubKey.encode({ key: pubkey }).finish(), UNKNOWN) };
      return encode(await sign(body(), authInfo({ signerInfos: [signerInfo({ publicKey: key })] })));
    },
    2,
    /unknown field 9 in the secp256k1 public key/,
  ],
  ["an unknown field in Fee", async () => encode(await sign(body(), cat(field(1, SignerInfo.encode(signerInfo()).finish()), field(2, cat(Fee.encode(FEE).finish(), UNKNOWN))))), 2, /unknown field 9 in AuthInfo.fee/],
  ["a multisig signer", async () => encode(await sign(body(), authInfo({ signerInfos: [signerInfo({ modeInfo: { multi: { bitarray: undefined, modeInfos: [] } } })] }))), 37, /multisig.*not supported/],
  [
    "mode info nested past any stack",
    async () => {
      // ModeInfo{multi: Multi{mode_infos: [ModeInfo{...}]}}, 20,000 levels: headers built inside out, joined once
      const inner = ModeInfo.encode({ single: { mode: SignMode.SIGN_MODE_DIRECT } }).finish();
      const headers: number[][] = [];
      let length = inner.length;
      for (let level = 0; level < 40_000; level++) {
        const header = [0x12, ...varint(length)];
        headers.push(header);
        length += header.length;
      }
      const modeInfo = cat(...headers.reverse(), inner);
      return encode(await sign(body(), cat(field(1, cat(SignerInfo.encode(signerInfo({ modeInfo: undefined })).finish(), field(2, modeInfo))), field(2, Fee.encode(FEE).finish()))));
    },
    37,
    /multisig.*not supported/,
  ],
  ["a non-critical extension option", async () => encode(await sign(body({ nonCriticalExtensionOptions: [sendAny()] }), authInfo())), 31, /extension options are not supported/],
  ["a critical extension option", async () => encode(await sign(body({ extensionOptions: [sendAny()] }), authInfo())), 31, /extension options are not supported/],
  // Fields this chain would otherwise silently ignore.
  ["a fee payer", async () => encode(await sign(body(), authInfo({ fee: { ...FEE, payer: bob } }))), 37, /fee payer is not supported/],
  ["a fee granter", async () => encode(await sign(body(), authInfo({ fee: { ...FEE, granter: bob } }))), 37, /fee granter is not supported/],
  ["a tip", async () => encode(await sign(body(), authInfo({ tip: { amount: [{ denom: "uopt", amount: "1" }], tipper: alice } }))), 37, /tips are not supported/],
  ["an unordered tx", async () => encode(await sign(body({ unordered: true }), authInfo())), 37, /unordered txs are not supported/],
  ["a timeout timestamp", async () => encode(await sign(body({ timeoutTimestamp: { seconds: 1n, nanos: 0 } }), authInfo())), 37, /timeout timestamp is not supported/],
  ["a timeout height already passed", async () => encode(await sign(body({ timeoutHeight: BigInt(height) }), authInfo())), 30, /timeout height .* is below the block height/],
];

describe("non-canonical or unhonoured tx input is refused in CheckTx and FinalizeBlock alike and changes nothing", () => {
  test.each(cases)("%s", async (_name, build, code, log) => {
    const before = [aliceAccount().sequence, balance("uopt"), balance("uusdc")];
    const tx = await build();
    const checked = app.checkTx({ tx, type: 0 });
    expect({ code: checked.code, codespace: checked.codespace }).toEqual({ code, codespace: "sdk" });
    expect(checked.log).toMatch(log);
    const [result] = runBlock(app, ++height, [tx]).txResults;
    expect({ code: result.code, codespace: result.codespace }).toEqual({ code, codespace: "sdk" });
    expect(result.log).toMatch(log);
    expect([aliceAccount().sequence, balance("uopt"), balance("uusdc")]).toEqual(before);
  });

  test("the same tx, canonical and honoured, passes both (a timeout height in the future is fine)", async () => {
    const tx = encode(await sign(body({ timeoutHeight: BigInt(height + 10) }), authInfo()));
    expect(app.checkTx({ tx, type: 0 }).code).toBe(0);
    expect(runBlock(app, ++height, [tx]).txResults[0].code).toBe(0);
  });
});

type Mutation = { kind: "flip"; at: number; bit: number } | { kind: "insert"; at: number; byte: number } | { kind: "delete"; at: number } | { kind: "truncate"; at: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = m.at % (bytes.length + (m.kind === "insert" ? 1 : 0));
  const out = [...bytes];
  if (m.kind === "flip") out[at] ^= 1 << m.bit;
  if (m.kind === "insert") out.splice(at, 0, m.byte);
  if (m.kind === "delete") out.splice(at, 1);
  return Uint8Array.from(m.kind === "truncate" ? out.slice(0, at) : out);
}

test("property: any mutation of a valid TxRaw gets an error code, never throws, and writes nothing", async () => {
  const valid = encode(await sign(body(), authInfo()));
  const next = BigInt(height + 1);
  const block = (txs: Uint8Array[]) =>
    app.finalizeBlock({
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
      hash: new Uint8Array(32),
      height: next,
      time: { seconds: 1_800_000_000n + next, nanos: 0 },
      nextValidatorsHash: new Uint8Array(32),
      proposerAddress: new Uint8Array(20),
    });
  // Finalized but not committed: each run judges the mutant against the same committed state.
  const emptyHash = Buffer.from(block([]).appHash).toString("hex");
  expect(Buffer.from(block([]).appHash).toString("hex")).toBe(emptyHash);
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
      const tx = mutations.reduce(mutate, valid);
      fc.pre(!Buffer.from(tx).equals(Buffer.from(valid)));
      expect(app.checkTx({ tx, type: 0 }).code).not.toBe(0);
      const response = block([tx]);
      expect(response.txResults).toHaveLength(1);
      expect(response.txResults[0].code).not.toBe(0);
      expect(Buffer.from(response.appHash).toString("hex")).toBe(emptyHash);
    }),
    { numRuns: 400 },
  );
  // and the unmutated tx is still good, so the mutants were refused for being mutants
  expect(block([valid]).txResults[0].code).toBe(0);
});
