import { hash } from "node:crypto";
import { type AminoMsg, type StdFee, makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { accAddressBytes, sameAddress } from "../address";
import { type Coin, parseCoins } from "../coins";
import {
  ErrInvalidGasLimit,
  ErrInvalidPubKey,
  ErrInvalidRequest,
  ErrMemoTooLarge,
  ErrNoSignatures,
  ErrNotSupported,
  ErrTooManySignatures,
  ErrTxTooLarge,
  ErrUnauthorized,
  ErrUnknownExtensionOptions,
} from "../errors";
import { decodeMsg, type MsgHandler } from "../module";
import type { AuthParams } from "../../modules/auth/params";
import { SECP256K1_PUBKEY_TYPE } from "../../modules/auth/keeper";
import { aminoMsgOf, aminoTypeOf } from "../../client/amino";
import type { MsgRouter } from "./router";
import { AUTH_INFO, SECP256K1_PUBKEY, TX_BODY, TX_RAW, decodeCanonical } from "./canonical";

export interface DecodedMsg {
  typeUrl: string;
  handler: MsgHandler<unknown>;
  msg: unknown;
}

export interface SignerSlot {
  address: string;
  /** `address` decoded, once per tx. */
  addressBytes: Uint8Array;
  /** From the tx's signer info; absent when the account's stored key is to be used. */
  pubkey?: Uint8Array;
  sequence: bigint;
  signature: Uint8Array;
  /** SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON; anything else is refused unless simulating. */
  mode: SignMode;
}

/** The parts of a legacy StdSignDoc that do not depend on the signer (see aminoSignBytes). */
export interface AminoSignParts {
  msgs: AminoMsg[];
  fee: StdFee;
  memo: string;
  timeoutHeight: bigint;
}

export interface DecodedTx {
  hash: string;
  raw: TxRaw;
  msgs: readonly DecodedMsg[];
  signers: SignerSlot[];
  fee: Coin[];
  gasLimit: bigint;
  timeoutHeight: bigint;
  /** Set when some signer signs with SIGN_MODE_LEGACY_AMINO_JSON. */
  amino?: AminoSignParts;
}

/** The legacy StdSignDoc, serialized exactly as CosmJS (and so Ledger and Keplr) serializes what it signs. */
export function aminoSignBytes(parts: AminoSignParts, chainId: string, accountNumber: bigint, sequence: bigint): Uint8Array {
  // makeSignDoc leaves timeout_height out when it is 0, as the SDK's omitempty does.
  return serializeSignDoc(makeSignDoc(parts.msgs, parts.fee, chainId, parts.memo, accountNumber, sequence.toString(), parts.timeoutHeight || undefined));
}

const SIGN_MODES: ReadonlySet<SignMode> = new Set([SignMode.SIGN_MODE_DIRECT, SignMode.SIGN_MODE_LEGACY_AMINO_JSON]);

export function txHash(bytes: Uint8Array): string {
  return hash("sha256", bytes, "hex").toUpperCase();
}

/**
 * The gas a tx asks for, as proposals count it against the block's max_gas: its fee's gas limit, or 0 for a tx
 * whose envelope does not decode (it fails in FinalizeBlock without using any). The same on every node, as
 * PrepareProposal and ProcessProposal must agree.
 */
export function declaredGas(bytes: Uint8Array): bigint {
  return authInfoOf(bytes)?.fee?.gasLimit ?? 0n;
}

/** What a proposer reads of a tx without running it: its gas, and its signer's key and sequence when it has one signer that carries a secp256k1 key. */
export interface ProposedTx {
  bytes: Uint8Array;
  gasLimit: bigint;
  signer?: { pubkey: Uint8Array; sequence: bigint };
}

/** `decoded`: the tx as decodeTx read these bytes, when this node kept it; it gives the same answer as the bytes. */
export function proposedTx(bytes: Uint8Array, decoded?: DecodedTx): ProposedTx {
  if (decoded) {
    const [signer, ...more] = decoded.signers;
    return { bytes, gasLimit: decoded.gasLimit, signer: signer?.pubkey && more.length === 0 ? { pubkey: signer.pubkey, sequence: signer.sequence } : undefined };
  }
  const authInfo = authInfoOf(bytes);
  const gasLimit = authInfo?.fee?.gasLimit ?? 0n;
  const infos = authInfo?.signerInfos ?? [];
  if (infos.length !== 1 || infos[0].publicKey?.typeUrl !== SECP256K1_PUBKEY_TYPE) return { bytes, gasLimit };
  try {
    const pubkey = decodeCanonical("the secp256k1 public key", infos[0].publicKey.value, SECP256K1_PUBKEY, PubKey).key;
    return { bytes, gasLimit, signer: { pubkey, sequence: infos[0].sequence } };
  } catch {
    return { bytes, gasLimit };
  }
}

function authInfoOf(bytes: Uint8Array): AuthInfo | undefined {
  try {
    const raw = decodeCanonical("TxRaw", bytes, TX_RAW, TxRaw);
    return decodeCanonical("AuthInfo", raw.authInfoBytes, AUTH_INFO, AuthInfo);
  } catch {
    return undefined;
  }
}

/** Everything that can be checked without state: run by CheckTx, FinalizeBlock and Simulate alike. */
/** `forSimulation` relaxes what a wallet cannot know before simulating: signatures, sign mode and gas limit. */
export function decodeTx(bytes: Uint8Array, router: MsgRouter, params: AuthParams, forSimulation: boolean): DecodedTx {
  const requireSignatures = !forSimulation;
  if (bytes.length > params.max_tx_bytes) throw ErrTxTooLarge.wrap(`tx of ${bytes.length} bytes exceeds ${params.max_tx_bytes}`);
  const raw = decodeCanonical("TxRaw", bytes, TX_RAW, TxRaw);
  const body = decodeCanonical("TxBody", raw.bodyBytes, TX_BODY, TxBody);
  const authInfo = decodeCanonical("AuthInfo", raw.authInfoBytes, AUTH_INFO, AuthInfo);

  if (body.messages.length === 0) throw ErrInvalidRequest.wrap("tx has no messages");
  if (body.extensionOptions.length > 0 || body.nonCriticalExtensionOptions.length > 0) {
    throw ErrUnknownExtensionOptions.wrap("tx extension options are not supported");
  }
  // Refused rather than ignored: a signer who set them expects them to hold.
  if (body.unordered) throw ErrNotSupported.wrap("unordered txs are not supported; sign with the account's sequence");
  if (body.timeoutTimestamp) throw ErrNotSupported.wrap("tx timeout timestamp is not supported; use timeout_height");
  if (authInfo.fee?.payer) throw ErrNotSupported.wrap("fee payer is not supported; the first signer pays the fee");
  if (authInfo.fee?.granter) throw ErrNotSupported.wrap("fee granter is not supported; the first signer pays the fee");
  if (authInfo.tip) throw ErrNotSupported.wrap("tips are not supported");
  if (body.memo.length > params.max_memo_characters) {
    throw ErrMemoTooLarge.wrap(`maximum number of characters is ${params.max_memo_characters} but received ${body.memo.length} characters`);
  }
  const aminoSigned = requireSignatures && authInfo.signerInfos.some((info) => info.modeInfo?.single?.mode === SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  // Before routing, so an amino signer learns that the type cannot be amino-signed, whether or not it is routed.
  if (aminoSigned) for (const any of body.messages) aminoTypeOf(any.typeUrl);
  const msgs = body.messages.map((any) => {
    const handler = router.handler(any.typeUrl);
    const msg = decodeMsg(handler, any.value);
    handler.checkStateless(msg);
    return { typeUrl: any.typeUrl, handler, msg };
  });

  const signerAddresses: string[] = [];
  const signerBytes: Uint8Array[] = [];
  for (const { handler, msg } of msgs) {
    for (const signer of handler.signers(msg)) {
      const bytes = accAddressBytes(signer);
      if (signerBytes.some((known) => sameAddress(known, bytes))) continue;
      signerAddresses.push(signer);
      signerBytes.push(bytes);
    }
  }
  if (signerAddresses.length > params.tx_sig_limit) {
    throw ErrTooManySignatures.wrap(`signatures: ${signerAddresses.length}, limit: ${params.tx_sig_limit}`);
  }
  if (authInfo.signerInfos.length !== signerAddresses.length) {
    throw ErrUnauthorized.wrap(`wrong number of signers; expected ${signerAddresses.length}, got ${authInfo.signerInfos.length}`);
  }
  if (requireSignatures && raw.signatures.length === 0) throw ErrNoSignatures.wrap("tx carries no signatures");
  if (raw.signatures.length !== authInfo.signerInfos.length && requireSignatures) {
    throw ErrUnauthorized.wrap(`wrong number of signatures; expected ${authInfo.signerInfos.length}, got ${raw.signatures.length}`);
  }
  const signers = authInfo.signerInfos.map((info, index): SignerSlot => {
    const mode = info.modeInfo?.single?.mode ?? SignMode.SIGN_MODE_UNSPECIFIED;
    if (requireSignatures && !SIGN_MODES.has(mode)) {
      throw ErrUnauthorized.wrap(`signer ${index} uses sign mode ${mode}; only SIGN_MODE_DIRECT and SIGN_MODE_LEGACY_AMINO_JSON are supported`);
    }
    // Amino sign bytes leave the auth info out: a key the tx may omit (the account's stored one) could be
    // dropped by anyone relaying the tx, re-hashing it under a valid signature.
    if (requireSignatures && mode === SignMode.SIGN_MODE_LEGACY_AMINO_JSON && !info.publicKey) {
      throw ErrInvalidPubKey.wrap(`signer ${index} signs amino JSON, which does not cover the signer info: it must carry the public key`);
    }
    let pubkey: Uint8Array | undefined;
    if (info.publicKey) {
      if (info.publicKey.typeUrl !== SECP256K1_PUBKEY_TYPE) {
        throw ErrInvalidPubKey.wrap(`signer ${index} has key type ${info.publicKey.typeUrl}; only ${SECP256K1_PUBKEY_TYPE} is supported`);
      }
      pubkey = decodeCanonical("the secp256k1 public key", info.publicKey.value, SECP256K1_PUBKEY, PubKey).key;
    }
    return { address: signerAddresses[index], addressBytes: signerBytes[index], pubkey, sequence: info.sequence, signature: raw.signatures[index] ?? new Uint8Array(), mode };
  });

  const gasLimit = authInfo.fee?.gasLimit ?? 0n;
  if (requireSignatures && gasLimit <= 0n || gasLimit > BigInt(params.max_gas_per_tx)) {
    throw ErrInvalidGasLimit.wrap(`gas limit ${gasLimit} must be in [1, ${params.max_gas_per_tx}]`);
  }
  const fee = parseCoins(authInfo.fee?.amount ?? [], true);
  // Every field of the body and auth info not listed here is refused above or fixed by the signer's checks
  // (sequence, public key), so the amino doc covers the whole tx as the direct sign doc does.
  const amino: AminoSignParts | undefined = aminoSigned
    ? {
        msgs: msgs.map(({ typeUrl, msg }) => aminoMsgOf(typeUrl, msg)),
        fee: { amount: (authInfo.fee?.amount ?? []).map(({ denom, amount }) => ({ denom, amount })), gas: gasLimit.toString() },
        memo: body.memo,
        timeoutHeight: body.timeoutHeight,
      }
    : undefined;
  const frozenMsgs = Object.freeze(msgs.map(({ typeUrl, handler, msg }) => Object.freeze({ typeUrl, handler, msg: deepFreeze(msg) })));
  return Object.freeze({ hash: txHash(bytes), raw: deepFreeze(raw), msgs: frozenMsgs, signers: deepFreeze(signers), fee: deepFreeze(fee), gasLimit, timeoutHeight: body.timeoutHeight, amino: deepFreeze(amino) });
}

/**
 * A decoded tx is shared by CheckTx, recheck and FinalizeBlock (the pipeline's PendingTxs), so nothing may write to
 * it: frozen, a handler that tried would fail alike on every node, whether it decoded the tx afresh or not. Byte
 * arrays cannot be frozen and are left as they are.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
