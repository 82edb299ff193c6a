import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { KVStore } from "./store/types";
import type { GasMeter } from "./gas";

export type ExecMode = "check" | "recheck" | "simulate" | "finalize" | "genesis" | "block";

/** Everything a handler may know about where it runs; time and height come from the block header only. */
export interface Context {
  readonly store: KVStore;
  readonly chainId: string;
  readonly height: bigint;
  /** Block time in whole nanoseconds since the Unix epoch, from the header. */
  readonly timeNs: bigint;
  readonly mode: ExecMode;
  readonly gas: GasMeter;
  readonly events: Event[];
}

export function withStore(ctx: Context, store: KVStore, events: Event[] = ctx.events): Context {
  return { ...ctx, store, events };
}

/** Builds an ABCI event; every attribute needs a non-empty key or CosmJS's decoder throws. */
export function event(type: string, attributes: Record<string, string>): Event {
  return {
    type,
    attributes: Object.keys(attributes).map((key) => ({ key, value: attributes[key], index: true })),
  };
}
