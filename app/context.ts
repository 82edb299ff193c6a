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

/**
 * Attributes CometBFT's kv indexer keeps, so `tx_search` (and CosmJS's searchTx) can find txs by them.
 * Indexing every attribute costs the node a write per attribute per tx; the rest stay readable in results.
 */
export const INDEXED_ATTRIBUTES: ReadonlySet<string> = new Set([
  "message.action",
  "message.sender",
  "message.module",
  "transfer.recipient",
  "transfer.sender",
  "tx.acc_seq",
  "tx.fee_payer",
  // block events the dashboard finds by CometBFT's block_search (app/api/dashboard.ts)
  "liquidation.account",
  "insurance_fund_takeover.account",
  "series_settled.series_id",
  // what users search for (CometBFT's kv indexer keeps only attributes marked index): tx_search for their fills,
  // orders, deposits and settlements; block_search for liquidations, tallies, breaker trips and jailings
  "order_filled.series_id",
  "order_filled.maker",
  "order_filled.taker",
  "order_placed.owner",
  "collateral_deposited.owner",
  "collateral_withdrawn.owner",
  "liquidation_close.account",
  "position_settled.owner",
  "oracle_price_updated.asset",
  "oracle_ballot_dropped.asset",
  "circuit_breaker_tripped.type_url",
  "market_frozen.underlying",
  "price_jump.asset",
  "jail.validator",
  "slash.validator",
]);

/** INDEXED_ATTRIBUTES by event type: an event looks its keys up without building "type.key" for each. */
const INDEXED_BY_TYPE = new Map<string, Set<string>>();
for (const name of INDEXED_ATTRIBUTES) {
  const dot = name.indexOf(".");
  const keys = INDEXED_BY_TYPE.get(name.slice(0, dot)) ?? new Set<string>();
  INDEXED_BY_TYPE.set(name.slice(0, dot), keys.add(name.slice(dot + 1)));
}

/** Builds an ABCI event; every attribute needs a non-empty key or CosmJS's decoder throws. */
export function event(type: string, attributes: Record<string, string>): Event {
  const indexed = INDEXED_BY_TYPE.get(type);
  const list: Event["attributes"] = [];
  for (const key of Object.keys(attributes)) list.push({ key, value: attributes[key], index: indexed?.has(key) ?? false });
  return { type, attributes: list };
}
