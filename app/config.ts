/** The chain's fixed contract with wallets and tests outside this repo; change none of it lightly. */
export const BECH32_PREFIX = "opt";
export const VALOPER_PREFIX = "optvaloper";
/** Consensus addresses (CometBFT's validator addresses) in the SDK's bech32 form: slashing's signing infos, explorers. */
export const VALCONS_PREFIX = "optvalcons";
export const STAKE_DENOM = "uopt";
export const COLLATERAL_DENOM = "uusdc";
export const DEFAULT_CHAIN_ID = "optchain-local-1";
export const DEFAULT_MIN_GAS_PRICE = "0.025uopt";
export const DEFAULT_RPC_PORT = 26657;
export const DEFAULT_ABCI_PORT = 26658;
export const APP_VERSION = 1n;
