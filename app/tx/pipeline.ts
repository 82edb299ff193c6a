import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import { addressFromPubkey, moduleAddress } from "../address";
import { formatCoins, parseGasPrice, requiredFee } from "../coins";
import { type Context, type ExecMode, event } from "../context";
import {
  ErrInsufficientFee,
  ErrInsufficientFunds,
  ErrInvalidPubKey,
  ErrTxTimeoutHeight,
  ErrUnauthorized,
  ErrUnknownAddress,
  ErrWrongSequence,
  errorCode,
} from "../errors";
import { GasKVStore, GasMeter } from "../gas";
import { Branch } from "../store/branch";
import type { KVStore } from "../store/types";
import * as auth from "../../modules/auth/keeper";
import type { AuthParams } from "../../modules/auth/params";
import type { BankKeeper } from "../../modules/bank/keeper";
import type { MsgGate } from "../module";
import { type DecodedTx, aminoSignBytes, decodeTx, txHash } from "./decode";
import type { MsgRouter } from "./router";
import { SignatureCache } from "./sigverify";

export const FEE_COLLECTOR = "fee_collector";
export const FEE_COLLECTOR_ADDRESS = moduleAddress(FEE_COLLECTOR);

export interface TxOutcome {
  code: number;
  codespace: string;
  log: string;
  data: Uint8Array;
  gasWanted: bigint;
  gasUsed: bigint;
  events: Event[];
  msgResponses: Array<{ typeUrl: string; value: Uint8Array }>;
  hash?: string;
}

export interface BlockInfo {
  chainId: string;
  height: bigint;
  timeNs: bigint;
}

/**
 * decode → ante (signatures, sequences, fee) → messages. The ante writes (fee, sequence) persist even when a
 * message fails, as in the SDK; a failed message's writes are discarded with its branch.
 */
export class TxPipeline {
  private readonly signatures = new SignatureCache();
  private readonly pending = new PendingTxs();

  /** `gate` (the circuit breakers) judges every message before its stateful checks. */
  constructor(private readonly router: MsgRouter, private readonly bank: BankKeeper, private readonly gate?: MsgGate) {}

  /**
   * The decode CheckTx kept of these bytes while this node holds them in its mempool. Proposals read every tx's
   * gas and signer; an entry is the decode of exactly these bytes (keyed on their hash), so it answers as decoding
   * them again would, for a hash (~0.4 µs) instead of a decode (3.5-5 µs).
   */
  remembered(bytes: Uint8Array, params: AuthParams): DecodedTx | undefined {
    return this.pending.get(txHash(bytes), params)?.tx;
  }

  run(mode: ExecMode, bytes: Uint8Array, base: KVStore, block: BlockInfo): TxOutcome {
    let tx: DecodedTx;
    const params = auth.getParams(base);
    const pendingKey = mode === "recheck" || mode === "finalize" ? txHash(bytes) : undefined;
    const pending = pendingKey === undefined ? undefined : this.pending.get(pendingKey, params);
    try {
      tx = pending?.tx ?? decodeTx(bytes, this.router, params, mode === "simulate");
    } catch (err) {
      // Only an entry remembered under other params can fail to decode now; it is not needed any more.
      if (mode === "recheck" || mode === "finalize") this.pending.forget(pendingKey ?? txHash(bytes));
      return failure(err, 0n, 0n);
    }
    if (mode === "finalize") this.pending.forget(tx.hash);
    // Simulation measures gas before the wallet has chosen a limit, so it runs against the per-tx maximum.
    const meter = new GasMeter(mode === "simulate" ? BigInt(params.max_gas_per_tx) : tx.gasLimit);
    // In a block the fee and sequence stick even if a message fails, so the ante's branch is written at once; in
    // CheckTx and Simulate a failed tx must leave no trace, so the messages run on top of the ante's branch and
    // both are kept only on success.
    const anteBranch = new Branch(base);
    const anteEvents: Event[] = [];
    const signed: SignerMemo[] = pending?.signed ?? [];
    const ctx = (store: KVStore, events: Event[]): Context => ({
      store: new GasKVStore(store, meter),
      chainId: block.chainId,
      height: block.height,
      timeNs: block.timeNs,
      mode,
      gas: meter,
      events,
    });
    try {
      this.ante(ctx(anteBranch, anteEvents), tx, bytes.length, signed);
    } catch (err) {
      if (pendingKey !== undefined) this.pending.forget(pendingKey);
      return failure(err, tx.gasLimit, meter.consumed);
    }
    if (mode === "recheck") {
      // After each block CometBFT re-checks every pending tx; what can have changed for them is the sequence
      // and the fee balance, both checked by the ante. Messages were judged at their first CheckTx.
      anteBranch.write();
      return { ...NO_RESULT, gasWanted: tx.gasLimit, gasUsed: meter.consumed, events: anteEvents, hash: tx.hash };
    }
    if (mode === "finalize") anteBranch.write();

    // ResponseCheckTx carries neither events nor data (app.ts), so a mempool check builds neither.
    const forMempool = mode === "check";
    const msgBranch = new Branch(mode === "finalize" ? base : anteBranch);
    const msgEvents: Event[] = [];
    const msgCtx = ctx(msgBranch, msgEvents);
    const msgResponses: TxOutcome["msgResponses"] = [];
    try {
      tx.msgs.forEach(({ typeUrl, handler, msg }, index) => {
        this.gate?.allow(msgCtx, typeUrl, msg);
        handler.checkStateful(msgCtx, msg);
        const response = handler.execute(msgCtx, msg);
        msgResponses.push({ typeUrl: handler.responseTypeUrl, value: response });
        if (forMempool) return;
        msgEvents.push(
          event("message", {
            action: typeUrl,
            sender: tx.signers[0].address,
            module: handler.typeUrl.split(".")[1] ?? "",
            msg_index: index.toString(),
          }),
        );
      });
    } catch (err) {
      const result = failure(err, tx.gasLimit, meter.consumed);
      return { ...result, events: anteEvents, hash: tx.hash };
    }
    msgBranch.write();
    if (mode !== "finalize") anteBranch.write();
    if (mode === "check") this.pending.remember(tx.hash, params, tx, signed);
    return {
      code: 0,
      codespace: "",
      log: "",
      data: forMempool ? NO_RESULT.data : TxMsgData.encode(TxMsgData.fromPartial({ msgResponses })).finish(),
      gasWanted: tx.gasLimit,
      gasUsed: meter.consumed,
      events: [...anteEvents, ...msgEvents],
      msgResponses,
      hash: tx.hash,
    };
  }

  /**
   * `signed` holds, per signer, what a signature already verified in an earlier check of these same bytes: the
   * bytes fix everything else the verdict depends on (sign bytes, signature, the signer's address), so with the
   * same key, account number and chain id the address and signature checks give the same answer again.
   */
  private ante(ctx: Context, tx: DecodedTx, txBytes: number, signed: SignerMemo[]): void {
    // A mempool check's events are dropped (ResponseCheckTx carries none), so they are not built.
    const events = ctx.mode === "check" || ctx.mode === "recheck" ? undefined : ctx.events;
    const params = auth.getParams(ctx.store);
    if (tx.timeoutHeight > 0n && ctx.height > tx.timeoutHeight) {
      throw ErrTxTimeoutHeight.wrap(`tx timeout height ${tx.timeoutHeight} is below the block height ${ctx.height}`);
    }
    ctx.gas.consume(BigInt(params.tx_size_cost_per_byte) * BigInt(txBytes), "txSize");

    const payer = tx.signers[0].addressBytes;
    const minPrice = parseGasPrice(params.min_gas_price);
    const needed = requiredFee(minPrice, tx.gasLimit);
    const paid = tx.fee.find((coin) => coin.denom === minPrice.denom)?.amount ?? 0n;
    // Simulation runs with an empty fee by design (CosmJS asks for gas before it knows the fee); gentxs carry none (SDK genutil).
    if (ctx.mode !== "simulate" && ctx.mode !== "genesis" && paid < needed) {
      throw ErrInsufficientFee.wrap(`insufficient fee; got: "${formatCoins(tx.fee) || "0" + minPrice.denom}" required: "${needed}${minPrice.denom}"`);
    }
    // A simulated tx has no fee and empty signatures yet; charge as if it had them, so that "auto" gas
    // (simulated gas × 1.4 in CosmJS) covers the signed tx.
    const simulatedFee = ctx.mode === "simulate" && tx.fee.length === 0 ? [{ denom: minPrice.denom, amount: 1n }] : undefined;
    if (ctx.mode === "simulate") {
      const missingSignatureBytes = tx.signers.reduce((sum, signer) => sum + Math.max(0, 64 - signer.signature.length), 0);
      ctx.gas.consume(BigInt(params.tx_size_cost_per_byte) * BigInt(missingSignatureBytes), "txSize");
    }
    const fee = simulatedFee ?? tx.fee;
    if (fee.length > 0) {
      try {
        this.bank.send(ctx.store, events, payer, FEE_COLLECTOR_ADDRESS, fee);
      } catch (err) {
        if (ErrInsufficientFunds.is(err)) throw ErrInsufficientFunds.wrap(`${(err as Error).message}; cannot pay fee ${formatCoins(fee)}`);
        throw err;
      }
    }
    events?.push(event("tx", { fee: formatCoins(tx.fee), fee_payer: tx.signers[0].address }));

    for (const [index, signer] of tx.signers.entries()) {
      const address = signer.addressBytes;
      const account = auth.getAccount(ctx.store, address);
      if (!account) throw ErrUnknownAddress.wrap(`account ${signer.address} does not exist`);
      const pubkey = signer.pubkey ?? auth.secp256k1PubkeyOf(account);
      if (!pubkey) throw ErrInvalidPubKey.wrap(`no public key for ${signer.address}: the first tx of an account must carry it`);
      // Genesis signs with account number 0 (below), never with a memo.
      const known = signed[index];
      const verifiedBefore =
        ctx.mode !== "genesis" && known !== undefined && known.accountNumber === account.accountNumber && known.chainId === ctx.chainId && Buffer.from(known.pubkey).equals(pubkey);
      if (!verifiedBefore && !Buffer.from(addressFromPubkey(pubkey)).equals(Buffer.from(address))) {
        throw ErrInvalidPubKey.wrap(`public key does not belong to signer ${signer.address}`);
      }
      if (signer.sequence !== account.sequence) {
        throw ErrWrongSequence.wrap(`account sequence mismatch, expected ${account.sequence}, got ${signer.sequence}`);
      }
      ctx.gas.consume(BigInt(params.sig_verify_cost_secp256k1), "ante verify: secp256k1");
      // A wallet simulates before it signs.
      if (ctx.mode !== "simulate" && !verifiedBefore) {
        // At genesis every signer signs with account number 0, as the SDK's ante does at height 0 (gentxs are
        // signed before the accounts are numbered).
        const accountNumber = ctx.mode === "genesis" ? 0n : account.accountNumber;
        const signBytes =
          signer.mode === SignMode.SIGN_MODE_LEGACY_AMINO_JSON
            ? aminoSignBytes(tx.amino!, ctx.chainId, accountNumber, account.sequence)
            : SignDoc.encode({ bodyBytes: tx.raw.bodyBytes, authInfoBytes: tx.raw.authInfoBytes, chainId: ctx.chainId, accountNumber }).finish();
        // CheckTx remembers good verdicts for the recheck after each block and for the block that includes the tx.
        if (!this.signatures.verify(pubkey, signBytes, signer.signature, ctx.mode !== "finalize")) {
          throw ErrUnauthorized.wrap(
            `signature verification failed; please verify account number (${accountNumber}) and chain-id (${ctx.chainId})`,
          );
        }
        signed[index] = { pubkey, accountNumber, chainId: ctx.chainId };
      }
      if (!account.pubKey) {
        account.pubKey = { typeUrl: auth.SECP256K1_PUBKEY_TYPE, value: PubKey.encode({ key: pubkey }).finish() };
      }
      events?.push(event("tx", { acc_seq: `${signer.address}/${account.sequence}` }));
      account.sequence += 1n;
      auth.setAccount(ctx.store, address, account);
    }
    events?.push(event("tx", { signature: tx.signers.map((signer) => Buffer.from(signer.signature).toString("base64")).join(",") }));
  }
}

/** A signature that verified: the key, account number and chain id it was checked under. */
interface SignerMemo {
  pubkey: Uint8Array;
  accountNumber: bigint;
  chainId: string;
}

/**
 * The decoded form of each tx CheckTx let into the mempool, with its signers' verified signatures, for the
 * recheck after every block and for FinalizeBlock: decoding is a function of the bytes and the auth params alone
 * (the router is fixed), and params are one frozen object per distinct stored value (readParams), so an entry
 * whose params object is not the current one is not used. A DecodedTx is frozen (decodeTx), so no ante or handler
 * run on it can make it differ from what a node that never saw the tx decodes; a signer memo is used only under
 * the account number, chain id and key it was verified with. So a block's results are the same with or without
 * an entry (test/sigcache-split.test.ts). Keyed on the tx hash. An entry goes when its tx is in a block, fails a
 * recheck, or is the oldest of `capacity`.
 */
class PendingTxs {
  private readonly entries = new Map<string, { params: AuthParams; tx: DecodedTx; signed: SignerMemo[] }>();
  constructor(private readonly capacity = 50_000) {}

  get(hash: string, params: AuthParams): { tx: DecodedTx; signed: SignerMemo[] } | undefined {
    const entry = this.entries.get(hash);
    return entry?.params === params ? entry : undefined;
  }

  remember(hash: string, params: AuthParams, tx: DecodedTx, signed: SignerMemo[]): void {
    if (this.entries.size >= this.capacity && !this.entries.has(hash)) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(hash, { params, tx, signed });
  }

  forget(hash: string): void {
    this.entries.delete(hash);
  }
}

const NO_RESULT: Pick<TxOutcome, "code" | "codespace" | "log" | "data" | "msgResponses"> = {
  code: 0,
  codespace: "",
  log: "",
  data: new Uint8Array(),
  msgResponses: [],
};

function failure(err: unknown, gasWanted: bigint, gasUsed: bigint): TxOutcome {
  const { code, codespace, log } = errorCode(err);
  return { ...NO_RESULT, code, codespace, log, gasWanted, gasUsed, events: [] };
}
