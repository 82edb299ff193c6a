import { addressKeyPart } from "../../app/address";
import { key } from "../../app/keys";

// auth/acc/<20-byte address> → cosmos.auth.v1beta1.BaseAccount
export const ACCOUNT_PREFIX = key("auth/acc/");
export const accountKey = (address: Uint8Array) => key(ACCOUNT_PREFIX, addressKeyPart(address));
// auth/next_account_number → decimal string
export const NEXT_ACCOUNT_NUMBER_KEY = key("auth/next_account_number");
// auth/params → JSON AuthParams
export const PARAMS_KEY = key("auth/params");
