import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { readParams, writeJson } from "../../app/json-state";
import type { KVReader, KVStore } from "../../app/store/types";
import { toAccAddress } from "../../app/address";
import { ACCOUNT_PREFIX, NEXT_ACCOUNT_NUMBER_KEY, PARAMS_KEY, accountKey } from "./keys";
import { type AuthParams, DEFAULT_PARAMS, validateParams } from "./params";

export const SECP256K1_PUBKEY_TYPE = "/cosmos.crypto.secp256k1.PubKey";

export function getAccount(state: KVReader, address: Uint8Array): BaseAccount | undefined {
  const bytes = state.get(accountKey(address));
  return bytes === undefined ? undefined : BaseAccount.decode(bytes);
}

export function setAccount(store: KVStore, address: Uint8Array, account: BaseAccount): void {
  store.set(accountKey(address), BaseAccount.encode(account).finish());
}

/**
 * Creates the account on first use with the next account number, as the SDK does when funds first arrive. Every
 * transfer's fee and recipient come here: an existing account is read (its gas, as always) but not decoded.
 */
export function ensureAccount(store: KVStore, address: Uint8Array): void {
  if (store.get(accountKey(address)) !== undefined) return;
  const account = BaseAccount.fromPartial({
    address: toAccAddress(address),
    accountNumber: nextAccountNumber(store),
    sequence: 0n,
  });
  setAccount(store, address, account);
}

function nextAccountNumber(store: KVStore): bigint {
  const current = store.get(NEXT_ACCOUNT_NUMBER_KEY);
  const number = current === undefined ? 0n : BigInt(Buffer.from(current).toString("utf8"));
  store.set(NEXT_ACCOUNT_NUMBER_KEY, Buffer.from((number + 1n).toString(), "utf8"));
  return number;
}

export function secp256k1PubkeyOf(account: BaseAccount): Uint8Array | undefined {
  if (!account.pubKey) return undefined;
  return PubKey.decode(account.pubKey.value).key;
}

export function allAccounts(state: KVReader): BaseAccount[] {
  return state.iterate(ACCOUNT_PREFIX).map(([, value]) => BaseAccount.decode(value));
}

export function getParams(state: KVReader): AuthParams {
  return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
}

export function setParams(store: KVStore, params: AuthParams): void {
  validateParams(params);
  writeJson(store, PARAMS_KEY, params);
}
