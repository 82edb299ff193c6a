// A transaction as JSON (the SDK's layout, snake_case, messages with "@type"), and the exact bytes it stands for.
// Unsigned JSON from --generate-only, signed JSON from `tx sign`, and `tx broadcast` all go through these, so the
// bytes a signature covers are rebuilt identically from the file.
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { type EncodeObject, type OfflineDirectSigner, decodeTxRaw, encodePubkey, makeAuthInfoBytes, makeSignDoc } from "@cosmjs/proto-signing";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { camelKeys, snakeKeys } from "./fields";
import { abciQuery, abciQueryOk, rpc } from "./rpc";
import { type Catalogue, type TypeSchema, typeSchema } from "./schema";

export interface CoinJson {
  denom: string;
  amount: string;
}

export interface TxJson {
  body: { messages: Array<Record<string, unknown>>; memo: string; timeout_height: string };
  auth_info: {
    signer_infos: Array<{ public_key: { "@type": string; key: string }; mode_info: { single: { mode: "SIGN_MODE_DIRECT" } }; sequence: string }>;
    fee: { amount: CoinJson[]; gas_limit: string; payer: string; granter: string };
  };
  signatures: string[];
}

const SECP256K1_PUBKEY = "/cosmos.crypto.secp256k1.PubKey";

function schemaOf(catalogue: Catalogue, typeUrl: string): TypeSchema {
  return catalogue.msgs.find((msg) => msg.typeUrl === typeUrl) ?? typeSchema(typeUrl.slice(1));
}

/** Anys written as {"@type": "/x.y.Z", …fields} become {typeUrl, value: base64}, as both codecs read them. */
export function packAnys(catalogue: Catalogue, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((inner) => packAnys(catalogue, inner));
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, packAnys(catalogue, inner)] as const);
  const object = Object.fromEntries(entries);
  if (typeof object["@type"] !== "string") return object;
  const { "@type": typeUrl, ...fields } = object as Record<string, unknown> & { "@type": string };
  const schema = schemaOf(catalogue, typeUrl);
  return { typeUrl, value: toBase64(schema.encode(schema.fromJson(fields))) };
}

/** The other way: {typeUrl, value} that a known type decodes become {"@type", …fields}. */
export function unpackAnys(catalogue: Catalogue, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((inner) => unpackAnys(catalogue, inner));
  if (!value || typeof value !== "object" || value instanceof Uint8Array) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 2 && typeof object.typeUrl === "string" && (typeof object.value === "string" || object.value instanceof Uint8Array)) {
    try {
      const bytes = typeof object.value === "string" ? fromBase64(object.value) : object.value;
      const schema = schemaOf(catalogue, object.typeUrl);
      return { "@type": object.typeUrl, ...(unpackAnys(catalogue, schema.toJson(schema.decode(bytes))) as object) };
    } catch {
      return object;
    }
  }
  return Object.fromEntries(keys.map((key) => [key, unpackAnys(catalogue, object[key])]));
}

export function msgToJson(catalogue: Catalogue, msg: EncodeObject): Record<string, unknown> {
  const schema = schemaOf(catalogue, msg.typeUrl);
  return { "@type": msg.typeUrl, ...(snakeKeys(unpackAnys(catalogue, schema.toJson(msg.value))) as object) };
}

export function msgFromJson(catalogue: Catalogue, json: Record<string, unknown>): EncodeObject {
  const { "@type": typeUrl, ...fields } = json;
  if (typeof typeUrl !== "string") throw new Error(`a message without "@type": ${JSON.stringify(json).slice(0, 200)}`);
  if (!catalogue.registry.lookupType(typeUrl)) throw new Error(`${typeUrl} is not a message this chain routes; see \`optd tx --help\``);
  return { typeUrl, value: schemaOf(catalogue, typeUrl).fromJson(packAnys(catalogue, camelKeys(fields)) as Record<string, unknown>) };
}

export function unsignedTx(catalogue: Catalogue, msgs: EncodeObject[], fee: { amount: CoinJson[]; gas: string; payer?: string; granter?: string }, memo: string): TxJson {
  return {
    body: { messages: msgs.map((msg) => msgToJson(catalogue, msg)), memo, timeout_height: "0" },
    auth_info: { signer_infos: [], fee: { amount: fee.amount, gas_limit: fee.gas, payer: fee.payer ?? "", granter: fee.granter ?? "" } },
    signatures: [],
  };
}

export function readTxJson(text: string, file: string): TxJson {
  let tx: TxJson;
  try {
    tx = JSON.parse(text) as TxJson;
  } catch (err) {
    throw new Error(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!tx?.body || !Array.isArray(tx.body.messages) || !tx.auth_info?.fee || !Array.isArray(tx.signatures)) {
    throw new Error(`${file}: not a transaction; write one with \`optd tx <module> <action> … --generate-only > ${file}\``);
  }
  return tx;
}

function bodyBytes(catalogue: Catalogue, tx: TxJson): Uint8Array {
  const messages = tx.body.messages.map((json) => catalogue.registry.encodeAsAny(msgFromJson(catalogue, json)));
  return TxBody.encode(TxBody.fromPartial({ messages, memo: tx.body.memo ?? "", timeoutHeight: BigInt(tx.body.timeout_height ?? "0") })).finish();
}

function authInfoBytes(tx: TxJson): Uint8Array {
  const signers = tx.auth_info.signer_infos.map((info) => {
    if (info.public_key["@type"] !== SECP256K1_PUBKEY) throw new Error(`unsupported public key type ${info.public_key["@type"]}`);
    return { pubkey: encodePubkey(encodeSecp256k1Pubkey(fromBase64(info.public_key.key))), sequence: BigInt(info.sequence) };
  });
  const fee = tx.auth_info.fee;
  return makeAuthInfoBytes(signers, fee.amount, Number(fee.gas_limit), fee.granter || undefined, fee.payer || undefined);
}

export function txBytes(catalogue: Catalogue, tx: TxJson, emptySignatures = false): Uint8Array {
  return TxRaw.encode({
    bodyBytes: bodyBytes(catalogue, tx),
    authInfoBytes: authInfoBytes(tx),
    signatures: emptySignatures ? tx.auth_info.signer_infos.map(() => new Uint8Array()) : tx.signatures.map((sig) => fromBase64(sig)),
  }).finish();
}

/** The JSON of a transaction's bytes, as stored in a block. */
export function txFromBytes(catalogue: Catalogue, bytes: Uint8Array): TxJson {
  const raw = decodeTxRaw(bytes);
  const fee = raw.authInfo.fee;
  return {
    body: {
      messages: raw.body.messages.map((any) => {
        try {
          return msgToJson(catalogue, { typeUrl: any.typeUrl, value: schemaOf(catalogue, any.typeUrl).decode(any.value) });
        } catch {
          return { "@type": any.typeUrl, value: toBase64(any.value) };
        }
      }),
      memo: raw.body.memo,
      timeout_height: raw.body.timeoutHeight.toString(),
    },
    auth_info: {
      signer_infos: raw.authInfo.signerInfos.map((info) => ({
        public_key: { "@type": info.publicKey?.typeUrl ?? "", key: info.publicKey ? toBase64(info.publicKey.value.slice(2)) : "" },
        mode_info: { single: { mode: "SIGN_MODE_DIRECT" as const } },
        sequence: info.sequence.toString(),
      })),
      fee: { amount: (fee?.amount ?? []).map(({ denom, amount }) => ({ denom, amount })), gas_limit: (fee?.gasLimit ?? 0n).toString(), payer: fee?.payer ?? "", granter: fee?.granter ?? "" },
    },
    signatures: raw.signatures.map((sig) => toBase64(sig)),
  };
}

export interface SignerAccount {
  address: string;
  pubkey: Uint8Array;
}

/** Account number and sequence from the chain; a friendly error for an account never funded. */
export async function accountOf(node: string, address: string): Promise<{ accountNumber: bigint; sequence: bigint }> {
  const answer = await abciQuery(node, "/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish());
  if (answer.code !== 0) {
    if (/not found/.test(answer.log)) throw new Error(`account ${address} does not exist on chain yet: send it some uopt first (\`optd tx bank send … ${address} 1000000uopt\`)`);
    throw new Error(`account ${address}: ${answer.log}`);
  }
  const any = QueryAccountResponse.decode(answer.value).account!;
  const account = BaseAccount.decode(any.value);
  return { accountNumber: account.accountNumber, sequence: account.sequence };
}

function withSigner(tx: TxJson, signer: SignerAccount, sequence: bigint): TxJson {
  if (tx.signatures.length > 0 || tx.auth_info.signer_infos.length > 0) throw new Error("this transaction is already signed");
  return {
    ...tx,
    auth_info: {
      ...tx.auth_info,
      signer_infos: [{ public_key: { "@type": SECP256K1_PUBKEY, key: toBase64(signer.pubkey) }, mode_info: { single: { mode: "SIGN_MODE_DIRECT" } }, sequence: sequence.toString() }],
    },
  };
}

/** Gas the app's own simulation of the tx uses. */
export async function simulateGas(catalogue: Catalogue, node: string, tx: TxJson, signer: SignerAccount, sequence: bigint): Promise<number> {
  const bytes = txBytes(catalogue, withSigner({ ...tx, signatures: [] }, signer, sequence), true);
  const answer = await abciQueryOk(node, "/cosmos.tx.v1beta1.Service/Simulate", SimulateRequest.encode(SimulateRequest.fromPartial({ txBytes: bytes })).finish());
  return Number(SimulateResponse.decode(answer).gasInfo?.gasUsed ?? 0n);
}

export async function signTx(
  catalogue: Catalogue,
  tx: TxJson,
  wallet: OfflineDirectSigner,
  signer: SignerAccount,
  chainId: string,
  account: { accountNumber: bigint; sequence: bigint },
): Promise<TxJson> {
  const withInfo = withSigner(tx, signer, account.sequence);
  const doc = makeSignDoc(bodyBytes(catalogue, withInfo), authInfoBytes(withInfo), chainId, Number(account.accountNumber));
  const { signature } = await wallet.signDirect(signer.address, doc);
  return { ...withInfo, signatures: [signature.signature] };
}

export interface BroadcastResult {
  txhash: string;
  height: string;
  code: number;
  codespace: string;
  raw_log: string;
  gas_wanted: string;
  gas_used: string;
  msg_responses?: unknown[];
  events?: unknown[];
}

/** Sends the tx and waits (up to `timeoutMs`) for its block, as `--broadcast-mode sync` plus a wait. */
export async function broadcast(catalogue: Catalogue, node: string, bytes: Uint8Array, timeoutMs = 60_000): Promise<BroadcastResult> {
  const checked = await rpc(node, "broadcast_tx_sync", { tx: `0x${Buffer.from(bytes).toString("hex")}` });
  const txhash = String(checked.hash);
  if (checked.code !== 0) return { txhash, height: "0", code: checked.code, codespace: checked.codespace ?? "", raw_log: checked.log ?? "", gas_wanted: "0", gas_used: "0" };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return txResult(catalogue, await rpc(node, "tx", { hash: `0x${txhash}` }));
    } catch (err) {
      if (!/not found/i.test(String(err)) || Date.now() > deadline) {
        if (Date.now() > deadline) throw new Error(`tx ${txhash} passed CheckTx but was not in a block within ${timeoutMs / 1000}s; look later with \`optd query tx ${txhash}\``);
        throw err;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export function txResult(catalogue: Catalogue, found: any): BroadcastResult {
  const result = found.tx_result ?? {};
  let msgResponses: unknown[] | undefined;
  if (result.data) {
    msgResponses = TxMsgData.decode(fromBase64(result.data)).msgResponses.map((any) => unpackAnys(catalogue, { typeUrl: any.typeUrl, value: any.value }));
  }
  return {
    txhash: String(found.hash),
    height: String(found.height),
    code: result.code ?? 0,
    codespace: result.codespace ?? "",
    raw_log: result.log ?? "",
    gas_wanted: String(result.gas_wanted ?? "0"),
    gas_used: String(result.gas_used ?? "0"),
    msg_responses: msgResponses === undefined ? undefined : (snakeKeys(msgResponses) as unknown[]),
    events: result.events,
  };
}
