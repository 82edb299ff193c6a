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
  /** Tallied prices since sinceNs, oldest first (for realised volatility). */
  history(state: KVReader, asset: string, sinceNs: bigint): OraclePrice[];
}

/** What options needs from bank: to move collateral between users and the options module account. */
export interface BankMover {
  balance(state: KVReader, address: Uint8Array, denom: string): bigint;
  send(store: KVStore, eventsOut: Event[], from: Uint8Array, to: Uint8Array, coins: Coin[]): void;
}

/**
 * What options asks the circuit module (implemented by the circuit keeper): whether the market takes new risk,
 * breakers scoped to a series or an underlying, the price liquidations may use and the grace period after a
 * freeze. A freeze stops new risk only: closing, deposits, cancels, liquidation and settlement go on.
 */
export interface MarketGate {
  /** Throws the circuit's ErrMarketFrozen, with the freeze's reason, while the underlying or the whole market is frozen. */
  assertCanAddRisk(state: KVReader, underlying: string, height: bigint): void;
  canAddRisk(state: KVReader, underlying: string, height: bigint): boolean;
  /** Throws the circuit's ErrMsgDisabled when a guardian breaker covers the message type for the series or underlying. */
  assertNotTripped(state: KVReader, typeUrl: string, scope: { seriesId?: bigint; underlying?: string }): void;
  /** The last confirmed tally (a jump counts once it has held `confirmations` tallies); undefined when none is fresh. */
  liquidationPrice(state: KVReader, underlying: string, nowNs: bigint): OraclePrice | undefined;
  /**
   * The oracle's time-weighted average over [fromNs, toNs] of the confirmed price at each tally; throws the
   * oracle's errors when the kept history does not cover the window or a price was held stale inside it.
   */
  settlementTwap(state: KVReader, underlying: string, fromNs: bigint, toNs: bigint): bigint;
  /** True for a while after a freeze of the underlying (or the whole market) ended. */
  inGracePeriod(state: KVReader, underlying: string, height: bigint): boolean;
}
