import type { RequestFinalizeBlock, ValidatorUpdate } from "cosmjs-types/tendermint/abci/types";
import type { Context } from "./context";
import type { KVReader } from "./store/types";

/**
 * A message's three phases (after Penumbra): checkStateless is pure and also runs in CheckTx;
 * checkStateful only reads; execute writes to a branch that is discarded if anything throws.
 */
export interface MsgHandler<T = unknown> {
  readonly typeUrl: string;
  readonly responseTypeUrl: string;
  decode(bytes: Uint8Array): T;
  /** Bech32 accounts that must sign; the first signer of the first message pays the fee. */
  signers(msg: T): string[];
  checkStateless(msg: T): void;
  checkStateful(ctx: Context, msg: T): void;
  execute(ctx: Context, msg: T): Uint8Array;
}

/** Answers one gRPC-style query path from the state at the queried height; errors are AppErrors. */
export type QueryHandler = (state: KVReader, request: Uint8Array) => Uint8Array;

export interface AppModule {
  readonly name: string;
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
