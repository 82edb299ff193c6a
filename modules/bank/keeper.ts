import type { Event } from "cosmjs-types/tendermint/abci/types";
import { Metadata } from "cosmjs-types/cosmos/bank/v1beta1/bank";
import { type Coin, formatCoins } from "../../app/coins";
import { ErrInsufficientFunds } from "../../app/errors";
import { readParams, writeJson } from "../../app/json-state";
import { ADDRESS_BYTES, toAccAddress } from "../../app/address";
import type { KVReader, KVStore } from "../../app/store/types";
import type { AccountKeeper } from "./expected";
import * as events from "./events";
import { BALANCE_PREFIX, METADATA_PREFIX, PARAMS_KEY, SUPPLY_PREFIX, balanceKey, balancesOf, metadataKey, supplyKey } from "./keys";
import { type BankParams, DEFAULT_PARAMS, validateParams } from "./params";

/** A stored amount, for readers that already hold its bytes (query pages). */
export const decodeAmount = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? 0n : BigInt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
const encodeAmount = (amount: bigint) => Buffer.from(amount.toString(), "utf8");

export class BankKeeper {
  constructor(private readonly accounts: AccountKeeper) {}

  balance(state: KVReader, address: Uint8Array, denom: string): bigint {
    return decodeAmount(state.get(balanceKey(address, denom)));
  }

  allBalances(state: KVReader, address: Uint8Array): Coin[] {
    const prefix = balancesOf(address);
    return state.iterate(prefix).map(([storeKey, value]) => ({
      denom: Buffer.from(storeKey.subarray(prefix.length)).toString("utf8"),
      amount: decodeAmount(value),
    }));
  }

  supplyOf(state: KVReader, denom: string): bigint {
    return decodeAmount(state.get(supplyKey(denom)));
  }

  totalSupply(state: KVReader): Coin[] {
    return state.iterate(SUPPLY_PREFIX).map(([storeKey, value]) => ({
      denom: Buffer.from(storeKey.subarray(SUPPLY_PREFIX.length)).toString("utf8"),
      amount: decodeAmount(value),
    }));
  }

  /** Every (address, denom, amount) in key order: for invariants and genesis export. */
  everyBalance(state: KVReader): Array<{ address: Uint8Array; denom: string; amount: bigint }> {
    return state.iterate(BALANCE_PREFIX).map(([storeKey, value]) => ({
      address: storeKey.subarray(BALANCE_PREFIX.length, BALANCE_PREFIX.length + ADDRESS_BYTES),
      denom: Buffer.from(storeKey.subarray(BALANCE_PREFIX.length + ADDRESS_BYTES)).toString("utf8"),
      amount: decodeAmount(value),
    }));
  }

  /** `at` is the balance's key, built once for its read and its write. */
  private setBalance(store: KVStore, at: Uint8Array, amount: bigint): void {
    if (amount === 0n) store.delete(at);
    else store.set(at, encodeAmount(amount));
  }

  private subtract(store: KVStore, address: Uint8Array, coins: Coin[]): void {
    for (const coin of coins) {
      const at = balanceKey(address, coin.denom);
      const have = decodeAmount(store.get(at));
      if (have < coin.amount) {
        throw ErrInsufficientFunds.wrap(`spendable balance ${have}${coin.denom} is smaller than ${coin.amount}${coin.denom}`);
      }
      this.setBalance(store, at, have - coin.amount);
    }
  }

  private add(store: KVStore, address: Uint8Array, coins: Coin[]): void {
    this.accounts.ensureAccount(store, address);
    for (const coin of coins) {
      const at = balanceKey(address, coin.denom);
      this.setBalance(store, at, decodeAmount(store.get(at)) + coin.amount);
    }
  }

  /** `eventsOut` undefined: no one reads the events (a mempool check), so their addresses are not even encoded. */
  send(store: KVStore, eventsOut: Event[] | undefined, from: Uint8Array, to: Uint8Array, coins: Coin[]): void {
    this.subtract(store, from, coins);
    this.add(store, to, coins);
    if (eventsOut === undefined) return;
    const sender = toAccAddress(from);
    const recipient = toAccAddress(to);
    const amount = formatCoins(coins);
    eventsOut.push(events.coinSpent(sender, amount), events.coinReceived(recipient, amount), events.transfer(recipient, sender, amount));
  }

  /** New coins enter only here (genesis, rewards), so supply always equals the sum of balances. */
  mint(store: KVStore, eventsOut: Event[], to: Uint8Array, coins: Coin[]): void {
    this.add(store, to, coins);
    for (const coin of coins) store.set(supplyKey(coin.denom), encodeAmount(this.supplyOf(store, coin.denom) + coin.amount));
    const receiver = toAccAddress(to);
    const amount = formatCoins(coins);
    eventsOut.push(events.coinbase(receiver, amount), events.coinReceived(receiver, amount));
  }

  burn(store: KVStore, eventsOut: Event[], from: Uint8Array, coins: Coin[]): void {
    this.subtract(store, from, coins);
    for (const coin of coins) store.set(supplyKey(coin.denom), encodeAmount(this.supplyOf(store, coin.denom) - coin.amount));
    const burner = toAccAddress(from);
    const amount = formatCoins(coins);
    eventsOut.push(events.coinSpent(burner, amount), events.burn(burner, amount));
  }

  denomMetadata(state: KVReader, denom: string): Metadata | undefined {
    const bytes = state.get(metadataKey(denom));
    return bytes === undefined ? undefined : Metadata.decode(bytes);
  }

  /** Every denom's metadata in denom order: for genesis export. */
  everyDenomMetadata(state: KVReader): Metadata[] {
    return state.iterate(METADATA_PREFIX).map(([, value]) => Metadata.decode(value));
  }

  setDenomMetadata(store: KVStore, metadata: Metadata): void {
    store.set(metadataKey(metadata.base), Metadata.encode(metadata).finish());
  }

  params(state: KVReader): BankParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: BankParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }
}
