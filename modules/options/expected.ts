import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Coin } from "../../app/coins";
import type { KVReader, KVStore } from "../../app/store/types";

export interface OraclePrice {
  asset: string;
  /** Dec, 18 decimals: uusdc per 1 unit of the asset as named — 1 BTC, 1 ETH, 1 uopt. */
  price: bigint;
  height: bigint;
  timeNs: bigint;
}

/** What options needs from the oracle (implemented by the oracle keeper). */
export interface PriceReader {
  /** Latest tallied price; throws the oracle's registered ErrStalePrice when older than max_price_age (block time), ErrNoPrice when none. */
  price(state: KVReader, asset: string, nowNs: bigint): OraclePrice;
  /** Time-weighted average price over [fromNs, toNs] from the tallied history; throws ErrNoPrice if the history does not cover the window. */
  twap(state: KVReader, asset: string, fromNs: bigint, toNs: bigint): bigint;
  /** Tallied prices since sinceNs, oldest first (for realised volatility). */
  history(state: KVReader, asset: string, sinceNs: bigint): OraclePrice[];
}

/** What options needs from bank: to move collateral between users and the options module account. */
export interface BankMover {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
}
