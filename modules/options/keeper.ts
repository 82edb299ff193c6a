import type { Event } from "cosmjs-types/tendermint/abci/types";
import { moduleAddress, sameAddress, toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import { readJson, readParams, writeJson } from "../../app/json-state";
import { LAST_BLOCK_TIME_KEY, u64 } from "../../app/keys";
import { successor } from "../../app/pagination";
import type { KVReader, KVStore } from "../../app/store/types";
import { type EwmaState, regimeFromStored, regimeToStored, type StoredRegime } from "../../lib/volatility";
import { ErrUnknownSeries } from "./errors";
import type { BankMover, MarketGate, PriceReader } from "./expected";
import {
  COLLATERAL_PREFIX,
  EWMA_PREFIX,
  EXPIRY_PREFIX,
  EXPOSED_PREFIX,
  LIQUIDATION_CURSOR_KEY,
  WATCH_CURSOR_KEY,
  WATCH_PREFIX,
  LP_PREFIX,
  LP_TOTAL_KEY,
  LP_WITHDRAWAL_PREFIX,
  NEXT_ORDER_ID_KEY,
  NEXT_SERIES_ID_KEY,
  NEXT_WITHDRAWAL_ID_KEY,
  ORDER_PREFIX,
  PARAMS_KEY,
  OPEN_INTEREST_PREFIX,
  POSITION_PREFIX,
  SERIES_PREFIX,
  SETTLE_WAIT_PREFIX,
  SETTLING_PREFIX,
  UNDERLYING_PREFIX,
  type BookSide,
  bookKey,
  bookOf,
  bookSide,
  clientOrderKey,
  collateralKey,
  collateralOf,
  ewmaKey,
  expiryKey,
  exposedKey,
  holderKey,
  holdersOf,
  lpKey,
  lpWithdrawalKey,
  orderKey,
  ordersOf,
  openInterestKey,
  openOrderCountKey,
  ownerOrderKey,
  positionKey,
  positionsOf,
  seriesKey,
  seriesNameKey,
  settleWaitKey,
  settlingKey,
  underlyingKey,
  watchKey,
} from "./keys";
import { DEFAULT_PARAMS, type OptionsParams, validateParams } from "./params";

export const OPTIONS_MODULE = "options";
/** The bank account holding every deposit, the insurance fund's included. */
export const OPTIONS_MODULE_ADDRESS = moduleAddress(OPTIONS_MODULE);
/** The insurance fund / backstop pool: an account in the options module's books, never a bank account. */
export const INSURANCE_FUND_ADDRESS = moduleAddress("options/insurance_fund");

export type OptionKind = "call" | "put";
/** expired: past expiry, resting orders being cancelled or waiting for a price; settling: holders being paid. */
export type SeriesStatus = "active" | "expired" | "settling" | "settled";

/** Amounts and Decs as decimal strings, nanoseconds as strings: JSON carries no bigint. */
export interface SeriesRecord {
  id: string;
  name: string;
  underlying: string;
  kind: OptionKind;
  /** Dec, uusdc per unit of the underlying */
  strike: string;
  /** Dec, underlying units per contract */
  contract_size: string;
  expiry_ns: string;
  status: SeriesStatus;
  /** Dec, set once settled */
  settlement_price: string;
}

/** exposed: every account with a position or a debt; watch: those last valued near maintenance margin. */
export type ScanList = "exposed" | "watch";

/**
 * A settlement under way. It first collects from every short (each pays what it can; shortfall is the rest)
 * while adding up what the longs are owed, with collectedThrough the last holder passed; then payable, the
 * uusdc the longs share (all they are owed, or what the fund holds if less), is fixed and the longs are paid.
 */
export interface SettlingTotals {
  paid: bigint;
  collected: bigint;
  shortfall?: bigint;
  longsOwed?: bigint;
  collectedThrough?: Uint8Array;
  payable?: bigint;
}

export interface StoredSettling {
  paid: string;
  collected: string;
  shortfall?: string;
  longs_owed?: string;
  collected_through?: string;
  payable?: string;
}

export function settlingToStored(t: SettlingTotals): StoredSettling {
  return {
    paid: t.paid.toString(),
    collected: t.collected.toString(),
    ...(t.shortfall !== undefined ? { shortfall: t.shortfall.toString() } : {}),
    ...(t.longsOwed !== undefined ? { longs_owed: t.longsOwed.toString() } : {}),
    ...(t.collectedThrough !== undefined ? { collected_through: Buffer.from(t.collectedThrough).toString("hex") } : {}),
    ...(t.payable !== undefined ? { payable: t.payable.toString() } : {}),
  };
}

export function settlingFromStored(s: StoredSettling): SettlingTotals {
  return {
    paid: BigInt(s.paid),
    collected: BigInt(s.collected),
    ...(s.shortfall !== undefined ? { shortfall: BigInt(s.shortfall) } : {}),
    ...(s.longs_owed !== undefined ? { longsOwed: BigInt(s.longs_owed) } : {}),
    ...(s.collected_through !== undefined ? { collectedThrough: Uint8Array.from(Buffer.from(s.collected_through, "hex")) } : {}),
    ...(s.payable !== undefined ? { payable: BigInt(s.payable) } : {}),
  };
}

export type OrderSide = "buy" | "sell";
export type TimeInForce = "gtc" | "ioc" | "post_only";

export interface OrderRecord {
  id: string;
  owner: string;
  series_id: string;
  side: OrderSide;
  quantity: string;
  remaining: string;
  /** uusdc per contract */
  price: string;
  time_in_force: TimeInForce;
  client_order_id: string;
  placed_height: string;
}

export interface PositionRecord {
  qty: string;
  /** Net premium paid for the open quantity; negative when received. */
  cost: string;
}

export interface WithdrawalRecord {
  id: string;
  owner: string;
  shares: string;
  release_ns: string;
}

const decodeInt = (bytes: Uint8Array | undefined) => (bytes === undefined ? 0n : BigInt(Buffer.from(bytes).toString("utf8")));
const encodeInt = (value: bigint) => Buffer.from(value.toString(), "utf8");
/** A stored JSON record, for readers that already hold its bytes (iterations, query pages). */
export const parse = <T>(bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString("utf8")) as T;
const U64 = 8;
const ADDRESS = 20;

export const sideOfBook = (side: OrderSide): BookSide => (side === "buy" ? "bid" : "ask");

export class OptionsKeeper {
  constructor(
    readonly bank: BankMover,
    readonly prices: PriceReader,
    readonly circuit: MarketGate,
  ) {}

  params(state: KVReader): OptionsParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: OptionsParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  /** Block time of the last block (the clock queries price by); 0 before the first block. */
  lastBlockTimeNs(state: KVReader): bigint {
    return decodeInt(state.get(LAST_BLOCK_TIME_KEY));
  }

  counters(state: KVReader): { series: bigint; order: bigint; withdrawal: bigint } {
    return {
      series: decodeInt(state.get(NEXT_SERIES_ID_KEY)) || 1n,
      order: decodeInt(state.get(NEXT_ORDER_ID_KEY)) || 1n,
      withdrawal: decodeInt(state.get(NEXT_WITHDRAWAL_ID_KEY)) || 1n,
    };
  }

  setCounters(store: KVStore, counters: { series: bigint; order: bigint; withdrawal: bigint }): void {
    store.set(NEXT_SERIES_ID_KEY, encodeInt(counters.series));
    store.set(NEXT_ORDER_ID_KEY, encodeInt(counters.order));
    store.set(NEXT_WITHDRAWAL_ID_KEY, encodeInt(counters.withdrawal));
  }

  private take(store: KVStore, counterKey: Uint8Array): bigint {
    const id = decodeInt(store.get(counterKey)) || 1n;
    store.set(counterKey, encodeInt(id + 1n));
    return id;
  }

  nextSeriesId(store: KVStore): bigint {
    return this.take(store, NEXT_SERIES_ID_KEY);
  }

  nextOrderId(store: KVStore): bigint {
    return this.take(store, NEXT_ORDER_ID_KEY);
  }

  nextWithdrawalId(store: KVStore): bigint {
    return this.take(store, NEXT_WITHDRAWAL_ID_KEY);
  }

  // --- series ---

  series(state: KVReader, id: bigint): SeriesRecord | undefined {
    return readJson<SeriesRecord>(state, seriesKey(id));
  }

  mustSeries(state: KVReader, id: bigint): SeriesRecord {
    const record = this.series(state, id);
    if (!record) throw ErrUnknownSeries.wrap(`series ${id}`);
    return record;
  }

  seriesIdByName(state: KVReader, name: string): bigint | undefined {
    const bytes = state.get(seriesNameKey(name));
    return bytes === undefined ? undefined : Buffer.from(bytes).readBigUInt64BE(0);
  }

  /** Writes a series; unsettled ones are indexed by expiry so settlement finds them in order. */
  setSeries(store: KVStore, record: SeriesRecord): void {
    const id = BigInt(record.id);
    writeJson(store, seriesKey(id), record);
    store.set(seriesNameKey(record.name), u64(id));
    store.set(underlyingKey(record.underlying), new Uint8Array());
    if (record.status === "settled") {
      store.delete(expiryKey(BigInt(record.expiry_ns), id));
      store.delete(settleWaitKey(id));
    } else {
      store.set(expiryKey(BigInt(record.expiry_ns), id), new Uint8Array());
    }
  }

  allSeries(state: KVReader): SeriesRecord[] {
    return state.iterate(SERIES_PREFIX).map(([, value]) => parse<SeriesRecord>(value));
  }

  /** Up to `limit` unsettled series whose expiry is at or before nowNs, earliest first. */
  dueSeries(state: KVReader, nowNs: bigint, limit?: number): bigint[] {
    const due: bigint[] = [];
    for (const [storeKey] of state.iterate(EXPIRY_PREFIX, { limit })) {
      const view = Buffer.from(storeKey.subarray(EXPIRY_PREFIX.length));
      if (view.readBigUInt64BE(0) > nowNs) break;
      due.push(view.readBigUInt64BE(U64));
    }
    return due;
  }

  /** Every underlying a series was listed on, in name order. */
  underlyings(state: KVReader): string[] {
    return state.iterate(UNDERLYING_PREFIX).map(([storeKey]) => Buffer.from(storeKey.subarray(UNDERLYING_PREFIX.length)).toString("utf8"));
  }

  settlementWaiting(state: KVReader, id: bigint): boolean {
    return state.has(settleWaitKey(id));
  }

  setSettlementWaiting(store: KVStore, id: bigint): void {
    store.set(settleWaitKey(id), new Uint8Array());
  }

  /** Totals of a settlement under way, paid over several blocks; zero before the first payout. */
  settlingTotals(state: KVReader, id: bigint): SettlingTotals {
    return settlingFromStored(readJson<StoredSettling>(state, settlingKey(id)) ?? { paid: "0", collected: "0" });
  }

  setSettlingTotals(store: KVStore, id: bigint, totals: SettlingTotals | undefined): void {
    if (totals === undefined) store.delete(settlingKey(id));
    else writeJson(store, settlingKey(id), settlingToStored(totals));
  }

  everySettlingTotals(state: KVReader): Array<{ id: bigint } & SettlingTotals> {
    return state.iterate(SETTLING_PREFIX).map(([storeKey]) => {
      const id = Buffer.from(storeKey.subarray(SETTLING_PREFIX.length)).readBigUInt64BE(0);
      return { id, ...this.settlingTotals(state, id) };
    });
  }

  waitingSettlements(state: KVReader): bigint[] {
    return state.iterate(SETTLE_WAIT_PREFIX).map(([storeKey]) => Buffer.from(storeKey.subarray(SETTLE_WAIT_PREFIX.length)).readBigUInt64BE(0));
  }

  // --- collateral (uusdc may be negative: a debt) ---

  collateral(state: KVReader, owner: Uint8Array, denom: string): bigint {
    return decodeInt(state.get(collateralKey(owner, denom)));
  }

  collaterals(state: KVReader, owner: Uint8Array): Array<{ denom: string; amount: bigint }> {
    const prefix = collateralOf(owner);
    return state.iterate(prefix).map(([storeKey, value]) => ({ denom: Buffer.from(storeKey.subarray(prefix.length)).toString("utf8"), amount: decodeInt(value) }));
  }

  setCollateral(store: KVStore, owner: Uint8Array, denom: string, amount: bigint): void {
    if (amount === 0n) store.delete(collateralKey(owner, denom));
    else store.set(collateralKey(owner, denom), encodeInt(amount));
    if (denom === COLLATERAL_DENOM) this.refreshExposed(store, owner);
  }

  /**
   * Keeps the exposed index equal to "holds a position or owes uusdc", so liquidation reads a bounded page of
   * it per block instead of every account.
   */
  private refreshExposed(store: KVStore, owner: Uint8Array): void {
    if (isInsuranceFund(owner)) return;
    const exposed = store.iterate(positionsOf(owner), { limit: 1 }).length > 0 || this.collateral(store, owner, COLLATERAL_DENOM) < 0n;
    const indexed = store.has(exposedKey(owner));
    if (exposed && !indexed) store.set(exposedKey(owner), new Uint8Array());
    else if (!exposed && indexed) store.delete(exposedKey(owner));
    if (!exposed) this.setWatched(store, owner, false);
  }

  /** Up to `limit` owners of a scan list in key order, from the index key `start` (inclusive) on, or from the first. */
  scanListOwners(state: KVReader, list: ScanList, limit: number, start?: Uint8Array): Array<{ key: Uint8Array; owner: Uint8Array }> {
    const prefix = list === "exposed" ? EXPOSED_PREFIX : WATCH_PREFIX;
    return state.iterate(prefix, { limit, start }).map(([storeKey]) => ({ key: storeKey, owner: storeKey.subarray(prefix.length) }));
  }

  scanCursor(state: KVReader, list: ScanList): Uint8Array | undefined {
    return state.get(list === "exposed" ? LIQUIDATION_CURSOR_KEY : WATCH_CURSOR_KEY);
  }

  setScanCursor(store: KVStore, list: ScanList, indexKey: Uint8Array | undefined): void {
    const cursorKey = list === "exposed" ? LIQUIDATION_CURSOR_KEY : WATCH_CURSOR_KEY;
    if (indexKey === undefined) store.delete(cursorKey);
    else store.set(cursorKey, indexKey);
  }

  /** Puts the owner on (or takes it off) the watch list; writes only a change. */
  setWatched(store: KVStore, owner: Uint8Array, watched: boolean): void {
    const present = store.has(watchKey(owner));
    if (watched && !present) store.set(watchKey(owner), new Uint8Array());
    else if (!watched && present) store.delete(watchKey(owner));
  }

  /** Every (owner, denom, amount), in key order. */
  everyCollateral(state: KVReader): Array<{ owner: Uint8Array; denom: string; amount: bigint }> {
    return state.iterate(COLLATERAL_PREFIX).map(([storeKey, value]) => ({ owner: storeKey.subarray(COLLATERAL_PREFIX.length, COLLATERAL_PREFIX.length + ADDRESS), ...this.collateralRecord(storeKey, value) }));
  }

  readonly collateralPrefix = COLLATERAL_PREFIX;

  /** One margin account balance as stored under COLLATERAL_PREFIX. */
  collateralRecord(storeKey: Uint8Array, value: Uint8Array): { denom: string; amount: bigint } {
    return { denom: Buffer.from(storeKey.subarray(COLLATERAL_PREFIX.length + ADDRESS)).toString("utf8"), amount: decodeInt(value) };
  }

  // --- positions (net per account per series) ---

  positions(state: KVReader, owner: Uint8Array): Array<{ seriesId: bigint; qty: bigint; cost: bigint }> {
    const prefix = positionsOf(owner);
    return state.iterate(prefix).map(([storeKey, value]) => {
      const record = parse<PositionRecord>(value);
      return { seriesId: Buffer.from(storeKey.subarray(prefix.length)).readBigUInt64BE(0), qty: BigInt(record.qty), cost: BigInt(record.cost) };
    });
  }

  position(state: KVReader, owner: Uint8Array, seriesId: bigint): { qty: bigint; cost: bigint } | undefined {
    const stored = state.get(positionKey(owner, seriesId));
    if (!stored) return undefined;
    const record = parse<PositionRecord>(stored);
    return { qty: BigInt(record.qty), cost: BigInt(record.cost) };
  }

  everyPosition(state: KVReader): Array<{ owner: Uint8Array; seriesId: bigint; qty: bigint; cost: bigint }> {
    return state.iterate(POSITION_PREFIX).map(([storeKey, value]) => ({ owner: storeKey.subarray(POSITION_PREFIX.length, POSITION_PREFIX.length + ADDRESS), ...this.positionRecord(storeKey, value) }));
  }

  readonly positionPrefix = POSITION_PREFIX;

  /** One position as stored under POSITION_PREFIX. */
  positionRecord(storeKey: Uint8Array, value: Uint8Array): { seriesId: bigint; qty: bigint; cost: bigint } {
    const record = parse<PositionRecord>(value);
    return { seriesId: Buffer.from(storeKey.subarray(POSITION_PREFIX.length + ADDRESS)).readBigUInt64BE(0), qty: BigInt(record.qty), cost: BigInt(record.cost) };
  }

  setPosition(store: KVStore, owner: Uint8Array, seriesId: bigint, qty: bigint, cost: bigint): void {
    const before = this.position(store, owner, seriesId)?.qty ?? 0n;
    const longDelta = (qty > 0n ? qty : 0n) - (before > 0n ? before : 0n);
    if (longDelta !== 0n) {
      const openInterest = this.openInterest(store, seriesId) + longDelta;
      if (openInterest === 0n) store.delete(openInterestKey(seriesId));
      else store.set(openInterestKey(seriesId), Buffer.from(openInterest.toString()));
    }
    if (qty === 0n) {
      store.delete(positionKey(owner, seriesId));
      store.delete(holderKey(seriesId, owner));
    } else {
      writeJson(store, positionKey(owner, seriesId), { qty: qty.toString(), cost: cost.toString() } satisfies PositionRecord);
      store.set(holderKey(seriesId, owner), new Uint8Array());
    }
    this.refreshExposed(store, owner);
  }

  /** Open long contracts in the series; every long has a short, so it is the open shorts too. */
  openInterest(state: KVReader, seriesId: bigint): bigint {
    const stored = state.get(openInterestKey(seriesId));
    return stored ? BigInt(Buffer.from(stored).toString("utf8")) : 0n;
  }

  openInterests(state: KVReader): Array<{ seriesId: bigint; contracts: bigint }> {
    return state.iterate(OPEN_INTEREST_PREFIX).map(([storeKey, value]) => ({
      seriesId: Buffer.from(storeKey.subarray(OPEN_INTEREST_PREFIX.length)).readBigUInt64BE(0),
      contracts: BigInt(Buffer.from(value).toString("utf8")),
    }));
  }

  /** Owners with a position in the series, in address order; the first `limit` of them (after `after`) when given. */
  holders(state: KVReader, seriesId: bigint, limit?: number, after?: Uint8Array): Uint8Array[] {
    const prefix = holdersOf(seriesId);
    const start = after === undefined ? undefined : successor(Buffer.concat([prefix, after]), false);
    return state.iterate(prefix, { limit, start }).map(([storeKey]) => storeKey.subarray(prefix.length));
  }

  // --- orders and books ---

  order(state: KVReader, id: bigint): OrderRecord | undefined {
    return readJson<OrderRecord>(state, orderKey(id));
  }

  orderByClientId(state: KVReader, owner: Uint8Array, clientOrderId: string): bigint | undefined {
    const bytes = state.get(clientOrderKey(owner, clientOrderId));
    return bytes === undefined ? undefined : Buffer.from(bytes).readBigUInt64BE(0);
  }

  openOrderIds(state: KVReader, owner: Uint8Array, limit?: number): bigint[] {
    const prefix = ordersOf(owner);
    return state.iterate(prefix, { limit }).map(([storeKey]) => Buffer.from(storeKey.subarray(prefix.length)).readBigUInt64BE(0));
  }

  /** Up to `limit` resting orders on one side, best price first and oldest first within a price. */
  bookOrders(state: KVReader, seriesId: bigint, side: BookSide, limit?: number): OrderRecord[] {
    return state.iterate(bookSide(seriesId, side), { limit }).map(([storeKey]) => {
      const id = Buffer.from(storeKey.subarray(storeKey.length - U64)).readBigUInt64BE(0);
      return readJson<OrderRecord>(state, orderKey(id))!;
    });
  }

  /** Resting orders of a series, both sides; the first `limit` of them when given. */
  seriesOrderIds(state: KVReader, seriesId: bigint, limit?: number): bigint[] {
    return state.iterate(bookOf(seriesId), { limit }).map(([storeKey]) => Buffer.from(storeKey.subarray(storeKey.length - U64)).readBigUInt64BE(0));
  }

  /** How many orders the owner has resting. */
  openOrderCount(state: KVReader, owner: Uint8Array): number {
    return Number(decodeInt(state.get(openOrderCountKey(owner))));
  }

  private addOpenOrders(store: KVStore, owner: Uint8Array, delta: number): void {
    const count = this.openOrderCount(store, owner) + delta;
    if (count === 0) store.delete(openOrderCountKey(owner));
    else store.set(openOrderCountKey(owner), encodeInt(BigInt(count)));
  }

  /** Puts an order on its book (or updates its remaining quantity there). */
  restOrder(store: KVStore, order: OrderRecord, owner: Uint8Array): void {
    const id = BigInt(order.id);
    if (!store.has(orderKey(id))) this.addOpenOrders(store, owner, 1);
    writeJson(store, orderKey(id), order);
    store.set(bookKey(BigInt(order.series_id), sideOfBook(order.side), BigInt(order.price), id), new Uint8Array());
    store.set(ownerOrderKey(owner, id), new Uint8Array());
    if (order.client_order_id !== "") store.set(clientOrderKey(owner, order.client_order_id), u64(id));
  }

  removeOrder(store: KVStore, order: OrderRecord, owner: Uint8Array): void {
    const id = BigInt(order.id);
    this.addOpenOrders(store, owner, -1);
    store.delete(orderKey(id));
    store.delete(bookKey(BigInt(order.series_id), sideOfBook(order.side), BigInt(order.price), id));
    store.delete(ownerOrderKey(owner, id));
    if (order.client_order_id !== "") store.delete(clientOrderKey(owner, order.client_order_id));
  }

  everyOrder(state: KVReader): OrderRecord[] {
    return state.iterate(ORDER_PREFIX).map(([, value]) => parse<OrderRecord>(value));
  }

  // --- backstop pool shares and withdrawals ---

  lpShares(state: KVReader, owner: Uint8Array): bigint {
    return decodeInt(state.get(lpKey(owner)));
  }

  setLpShares(store: KVStore, owner: Uint8Array, shares: bigint): void {
    if (shares === 0n) store.delete(lpKey(owner));
    else store.set(lpKey(owner), encodeInt(shares));
  }

  everyLp(state: KVReader): Array<{ owner: Uint8Array; shares: bigint }> {
    return state.iterate(LP_PREFIX).map(([storeKey, value]) => ({ owner: storeKey.subarray(LP_PREFIX.length), shares: decodeInt(value) }));
  }

  /** All shares, queued withdrawals included: those keep their claim until paid. */
  lpTotal(state: KVReader): bigint {
    return decodeInt(state.get(LP_TOTAL_KEY));
  }

  setLpTotal(store: KVStore, total: bigint): void {
    store.set(LP_TOTAL_KEY, encodeInt(total));
  }

  withdrawals(state: KVReader, limit?: number): WithdrawalRecord[] {
    return state.iterate(LP_WITHDRAWAL_PREFIX, { limit }).map(([, value]) => parse<WithdrawalRecord>(value));
  }

  addWithdrawal(store: KVStore, record: WithdrawalRecord): void {
    writeJson(store, lpWithdrawalKey(BigInt(record.release_ns), BigInt(record.id)), record);
  }

  removeWithdrawal(store: KVStore, record: WithdrawalRecord): void {
    store.delete(lpWithdrawalKey(BigInt(record.release_ns), BigInt(record.id)));
  }

  // --- realised volatility state ---

  ewma(state: KVReader, asset: string): EwmaState | undefined {
    const stored = readJson<{ variance: string; last_price: string; last_time_ns: string; samples: number; regime?: StoredRegime }>(state, ewmaKey(asset));
    return (
      stored && {
        variance: BigInt(stored.variance),
        lastPrice: BigInt(stored.last_price),
        lastTimeNs: BigInt(stored.last_time_ns),
        samples: stored.samples,
        regime: stored.regime && regimeFromStored(stored.regime),
      }
    );
  }

  setEwma(store: KVStore, asset: string, value: EwmaState): void {
    writeJson(store, ewmaKey(asset), {
      variance: value.variance.toString(),
      last_price: value.lastPrice.toString(),
      last_time_ns: value.lastTimeNs.toString(),
      samples: value.samples,
      regime: value.regime && regimeToStored(value.regime),
    });
  }

  everyEwma(state: KVReader): Array<{ asset: string; state: EwmaState }> {
    return state.iterate(EWMA_PREFIX).map(([storeKey]) => {
      const asset = Buffer.from(storeKey.subarray(EWMA_PREFIX.length)).toString("utf8");
      return { asset, state: this.ewma(state, asset)! };
    });
  }

  // --- money crossing the module boundary ---

  /** Bank → module account, credited to the owner's margin account. */
  deposit(store: KVStore, eventsOut: Event[], owner: Uint8Array, denom: string, amount: bigint): void {
    this.bank.send(store, eventsOut, owner, OPTIONS_MODULE_ADDRESS, [{ denom, amount }]);
    this.setCollateral(store, owner, denom, this.collateral(store, owner, denom) + amount);
  }

  /**
   * What every margin account together (the fund's included) holds of a denom, which collateral caps bound. The
   * module account's bank balance is that sum (the conservation invariant below, checked every block): deposits
   * and withdrawals move it, transfers between accounts (liquidation, debt conversion) leave it, and bank
   * refuses sends to module accounts, so nobody can inflate it to block others' deposits.
   */
  collateralTotal(state: KVReader, denom: string): bigint {
    return this.bank.balance(state, OPTIONS_MODULE_ADDRESS, denom);
  }

  /** Module account → bank; the caller has checked the owner may take it. */
  withdraw(store: KVStore, eventsOut: Event[], owner: Uint8Array, denom: string, amount: bigint): void {
    this.setCollateral(store, owner, denom, this.collateral(store, owner, denom) - amount);
    this.bank.send(store, eventsOut, OPTIONS_MODULE_ADDRESS, owner, [{ denom, amount }]);
  }

  /**
   * The conservation invariant: per denom, what the module account holds in bank equals the sum of every
   * margin account's balance (the insurance fund's included). Returns the violations, empty when it holds.
   */
  invariantViolations(state: KVReader): string[] {
    const sums = new Map<string, bigint>();
    for (const { denom, amount } of this.everyCollateral(state)) sums.set(denom, (sums.get(denom) ?? 0n) + amount);
    return this.collateralViolations(state, sums);
  }

  /** The conservation invariant, given every margin account's balance summed per denom (the circuit's paged check sums them over blocks). */
  collateralViolations(state: KVReader, sums: ReadonlyMap<string, bigint>): string[] {
    const denoms = new Set([...sums.keys(), ...this.params(state).collateral.map((c) => c.denom), COLLATERAL_DENOM]);
    const violations: string[] = [];
    for (const denom of [...denoms].sort()) {
      const held = this.bank.balance(state, OPTIONS_MODULE_ADDRESS, denom);
      const owed = sums.get(denom) ?? 0n;
      if (held !== owed) violations.push(`${denom}: module account holds ${held} but accounts and fund sum to ${owed}`);
    }
    return violations;
  }
}

export const fundAddress = () => toAccAddress(INSURANCE_FUND_ADDRESS);
export const isInsuranceFund = (owner: Uint8Array) => sameAddress(owner, INSURANCE_FUND_ADDRESS);
