import { addressKeyPart } from "../../app/address";
import { key } from "../../app/keys";

// staking/val/<20-byte operator address> → JSON ValidatorRecord
export const VALIDATOR_PREFIX = key("staking/val/");
export const validatorKey = (operator: Uint8Array) => key(VALIDATOR_PREFIX, addressKeyPart(operator));
// staking/cons/<20-byte consensus address> → operator address bytes
export const consensusIndexKey = (consensusAddress: Uint8Array) => key("staking/cons/", addressKeyPart(consensusAddress));
// staking/pending_update/<operator> → empty: power changed this block, report it to CometBFT at end-block
export const PENDING_UPDATE_PREFIX = key("staking/pending_update/");
export const pendingUpdateKey = (operator: Uint8Array) => key(PENDING_UPDATE_PREFIX, addressKeyPart(operator));
// staking/params → JSON StakingParams
export const PARAMS_KEY = key("staking/params");
