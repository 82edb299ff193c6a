import type { RequestFinalizeBlock, ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import { type Context, event, withStore } from "./context";
import { Branch } from "./store/branch";
import { type Schema, decodeCanonical } from "./tx/canonical";
import type { KVReader } from "./store/types";

/**
 * A message's three phases (after Penumbra): checkStateless is pure and also runs in CheckTx;
 * checkStateful only reads; execute writes to a branch that is discarded if anything throws.
 */
export interface MsgHandler<T = unknown> {
  readonly typeUrl: string;
  readonly responseTypeUrl: string;
  /** The message's protobuf codec; decodeMsg accepts only bytes it would write itself. */
  readonly codec: MsgCodec<T>;
  /** The codec's fields, when known: decodeMsg then proves canonical form by walking them instead of re-encoding. */
  readonly schema?: Schema;
  /** Bech32 accounts that must sign; the first signer of the first message pays the fee. */
  signers(msg: T): string[];
  checkStateless(msg: T): void;
  checkStateful(ctx: Context, msg: T): void;
  execute(ctx: Context, msg: T): Uint8Array;
}

export interface MsgCodec<T> {
  decode(bytes: Uint8Array): T;
  encode(msg: T): { finish(): Uint8Array };
}

/** A message decoded from exactly the bytes its codec writes for it (see decodeCanonical); ErrTxDecode otherwise. */
export function decodeMsg<T>(handler: Pick<MsgHandler<T>, "typeUrl" | "codec" | "schema">, bytes: Uint8Array): T {
  if (handler.schema) {
    // The walk only speeds up what it accepts; anything it refuses goes the re-encoding way, which refuses it too
    // (test/tx-canonical-walk.test.ts) and says why in the words it always has.
    try {
      return decodeCanonical(handler.typeUrl, bytes, handler.schema, handler.codec);
    } catch {
      // refused below, as before the walk
    }
  }
  return decodeCanonical(handler.typeUrl, bytes, undefined, handler.codec);
}

/** Answers one gRPC-style query path from the state at the queried height; errors are AppErrors. */
export type QueryHandler = (state: KVReader, request: Uint8Array) => Uint8Array;

export interface AppModule {
  readonly name: string;
  /** The version of this module's state layout; an upgrade's migrations move it on (x/upgrade's ModuleVersions). 1 when absent. */
  readonly consensusVersion?: number;
  initGenesis(ctx: Context, genesis: unknown): void;
  exportGenesis(state: KVReader): unknown;
  readonly msgs: MsgHandler<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly queries: Record<string, QueryHandler>;
  beginBlock?(ctx: Context, block: RequestFinalizeBlock): void;
  endBlock?(ctx: Context): ValidatorUpdate[] | void;
}

/**
 * Refuses a message before its stateful checks (the circuit module's breakers), by throwing a registered error.
 * The pipeline calls it for every message of every tx, and governance for every message it executes.
 */
export interface MsgGate {
  allow(ctx: Context, typeUrl: string, msg: unknown): void;
}

export type BlockPhase = "begin_block" | "end_block";

/**
 * Runs block work on its own branch of ctx.store: its writes and events land only if it returns, so a throw
 * (a bug or corrupted state, never a user's fault) drops exactly its own writes. The error's message is
 * returned for the caller to report; the throw is deterministic, so every node drops the same writes.
 */
export function onBranch<T>(ctx: Context, work: (branchCtx: Context) => T): { ok: true; value: T } | { ok: false; error: string } {
  const branch = new Branch(ctx.store);
  const branchCtx = withStore(ctx, branch, []);
  let value: T;
  try {
    value = work(branchCtx);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  branch.write();
  ctx.events.push(...branchCtx.events);
  return { ok: true, value };
}

/** A module's begin- or end-block threw: its writes were dropped and the market frozen. */
export const blockHookError = (module: string, phase: BlockPhase, error: string) => event("block_hook_error", { module, phase, error });
