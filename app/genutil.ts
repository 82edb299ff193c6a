// genutil: the founding validators' own signed MsgCreateValidator txs (gentxs), delivered at InitChain after every
// module's genesis, as the SDK's x/genutil does. A genesis whose gentx fails cannot start: InitChain refuses it.
import { TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TX_BODY, TX_RAW, decodeCanonical } from "./tx/canonical";
import { txHash } from "./tx/decode";
import type { TxOutcome } from "./tx/pipeline";

export const MSG_CREATE_VALIDATOR = "/cosmos.staking.v1beta1.MsgCreateValidator";

/**
 * app_state.genutil. Each gentx is held as the base64 of its TxRaw bytes (the SDK keeps proto3 JSON): the exact
 * bytes its signature covers, so InitChain needs no JSON codec and nothing can re-encode them differently.
 */
export interface GenutilGenesis {
  gen_txs: string[];
}

/** The gentxs' bytes, each refused unless it is canonical base64 of a tx made only of MsgCreateValidator. */
export function genesisTxs(raw: unknown): Uint8Array[] {
  if (raw === undefined) return [];
  const genTxs = (raw as Partial<GenutilGenesis> | null)?.gen_txs ?? [];
  if (!Array.isArray(genTxs)) throw new Error("app_state.genutil.gen_txs must be a list of base64 txs");
  return genTxs.map((text, index) => {
    const bytes = typeof text === "string" ? Buffer.from(text, "base64") : Buffer.alloc(0);
    if (typeof text !== "string" || bytes.length === 0 || bytes.toString("base64") !== text) throw new Error(`gentx ${index}: not canonical base64 of a tx`);
    let body: TxBody;
    try {
      body = decodeCanonical("TxBody", decodeCanonical("TxRaw", bytes, TX_RAW, TxRaw).bodyBytes, TX_BODY, TxBody);
    } catch (err) {
      throw new Error(`gentx ${index} (${txHash(bytes)}): ${(err as Error).message}`);
    }
    const other = body.messages.find((any) => any.typeUrl !== MSG_CREATE_VALIDATOR);
    if (body.messages.length === 0 || other) throw new Error(`gentx ${index} (${txHash(bytes)}): a gentx may hold only ${MSG_CREATE_VALIDATOR}, got ${other?.typeUrl ?? "no message"}`);
    return bytes;
  });
}

/** Delivers each gentx in order through `deliver` (the tx pipeline at genesis); the first that fails stops the chain. */
export function deliverGenesisTxs(raw: unknown, deliver: (bytes: Uint8Array) => TxOutcome): number {
  const txs = genesisTxs(raw);
  txs.forEach((bytes, index) => {
    const outcome = deliver(bytes);
    if (outcome.code !== 0) throw new Error(`gentx ${index} (${txHash(bytes)}) failed: ${outcome.codespace}/${outcome.code} ${outcome.log}`);
  });
  return txs.length;
}
