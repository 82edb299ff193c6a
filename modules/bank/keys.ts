import { addressKeyPart } from "../../app/address";
import { key } from "../../app/keys";

// bank/bal/<20-byte address><denom> → amount, decimal string; absent means zero
export const BALANCE_PREFIX = key("bank/bal/");
export const balancesOf = (address: Uint8Array) => key(BALANCE_PREFIX, addressKeyPart(address));
export const balanceKey = (address: Uint8Array, denom: string) => key(BALANCE_PREFIX, addressKeyPart(address), denom);
// bank/supply/<denom> → total supply, decimal string
export const SUPPLY_PREFIX = key("bank/supply/");
export const supplyKey = (denom: string) => key(SUPPLY_PREFIX, denom);
// bank/params → JSON BankParams
export const PARAMS_KEY = key("bank/params");
// bank/meta/<denom> → protobuf cosmos.bank.v1beta1.Metadata (the SDK's record, as wallets read it)
export const METADATA_PREFIX = key("bank/meta/");
export const metadataKey = (denom: string) => key(METADATA_PREFIX, denom);
