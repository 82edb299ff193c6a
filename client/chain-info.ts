// What a wallet or an explorer needs to add the chain: Keplr's ChainInfo (window.keplr.experimentalSuggestChain)
// and the cosmos/chain-registry entries (chain.json, assetlist.json), all from one genesis so they name the same
// denoms, decimals and fees the chain enforces.
import type { AssetList, Chain } from "@chain-registry/types";
import { BECH32_PREFIX, DEFAULT_MIN_GAS_PRICE, STAKE_DENOM } from "../app/config";
import { DEFAULT_DENOM_METADATA, type DenomMetadataJson } from "../modules/bank/metadata";

/** Keplr's ChainInfo (@keplr-wallet/types), the fields experimentalSuggestChain reads. */
export interface KeplrCurrency {
  coinDenom: string;
  coinMinimalDenom: string;
  coinDecimals: number;
}
export interface KeplrFeeCurrency extends KeplrCurrency {
  gasPriceStep: { low: number; average: number; high: number };
}
export interface KeplrChainInfo {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  bip44: { coinType: number };
  bech32Config: {
    bech32PrefixAccAddr: string;
    bech32PrefixAccPub: string;
    bech32PrefixValAddr: string;
    bech32PrefixValPub: string;
    bech32PrefixConsAddr: string;
    bech32PrefixConsPub: string;
  };
  currencies: KeplrCurrency[];
  feeCurrencies: KeplrFeeCurrency[];
  stakeCurrency: KeplrCurrency;
  features: string[];
}

/** The Cosmos coin type (SLIP-44 118): the HD path m/44'/118'/0'/0/i the dev accounts and the CLI use too. */
export const COIN_TYPE = 118;

export interface ChainInfoInput {
  chainId: string;
  /** CometBFT RPC and REST/LCD URLs as wallets will reach them */
  rpc: string;
  rest: string;
  /** gRPC host:port, listed in chain.json's apis when given */
  grpc?: string;
  /** bank's denom_metadata; the chain's own uopt/uusdc metadata when the genesis has none */
  denomMetadata?: DenomMetadataJson[];
  /** auth's min_gas_price, e.g. "0.025uopt" (the fee currency and Keplr's low step) */
  minGasPrice?: string;
}

/** The parts of a genesis file chain info is read from. */
export interface GenesisLike {
  chain_id: string;
  app_state?: { bank?: { denom_metadata?: DenomMetadataJson[] }; auth?: { params?: { min_gas_price?: string } } };
}

export function chainInfoInputFromGenesis(genesis: GenesisLike, endpoints: { rpc: string; rest: string; grpc?: string }): ChainInfoInput {
  return {
    chainId: genesis.chain_id,
    ...endpoints,
    denomMetadata: genesis.app_state?.bank?.denom_metadata,
    minGasPrice: genesis.app_state?.auth?.params?.min_gas_price,
  };
}

function displayUnit(metadata: DenomMetadataJson): { denom: string; exponent: number } {
  const unit = metadata.denom_units.find((u) => u.denom === metadata.display);
  if (!unit) throw new Error(`denom metadata of ${metadata.base}: display ${metadata.display} is not one of its units`);
  return unit;
}

const currency = (metadata: DenomMetadataJson): KeplrCurrency => ({ coinDenom: metadata.symbol, coinMinimalDenom: metadata.base, coinDecimals: displayUnit(metadata).exponent });

/** The fee denom and its minimum price; only this one denom pays fees (the ante's min_gas_price). */
function feePrice(minGasPrice: string): { denom: string; price: number } {
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z][a-zA-Z0-9/:._-]*)$/.exec(minGasPrice);
  if (!match) throw new Error(`min_gas_price "${minGasPrice}" is not like 0.025uopt`);
  return { denom: match[2], price: Number(match[1]) };
}

function metadataOf(input: ChainInfoInput): DenomMetadataJson[] {
  const list = input.denomMetadata && input.denomMetadata.length > 0 ? input.denomMetadata : DEFAULT_DENOM_METADATA;
  return [...list].sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
}

function find(list: DenomMetadataJson[], denom: string): DenomMetadataJson {
  const found = list.find((m) => m.base === denom);
  if (!found) throw new Error(`no denom metadata for ${denom}: add it to the genesis' bank.denom_metadata`);
  return found;
}

/** A gas price step, kept to 6 decimals so 0.05 × 1.6 reads 0.08 and not 0.08000000000000002. */
const step = (price: number, factor: number) => Number((price * factor).toFixed(6));

/** Keplr's ChainInfo: pass it to window.keplr.experimentalSuggestChain. */
export function keplrChainInfo(input: ChainInfoInput): KeplrChainInfo {
  const metadata = metadataOf(input);
  const fee = feePrice(input.minGasPrice ?? DEFAULT_MIN_GAS_PRICE);
  return {
    chainId: input.chainId,
    chainName: `optchain (${input.chainId})`,
    rpc: input.rpc,
    rest: input.rest,
    bip44: { coinType: COIN_TYPE },
    bech32Config: {
      bech32PrefixAccAddr: BECH32_PREFIX,
      bech32PrefixAccPub: `${BECH32_PREFIX}pub`,
      bech32PrefixValAddr: `${BECH32_PREFIX}valoper`,
      bech32PrefixValPub: `${BECH32_PREFIX}valoperpub`,
      bech32PrefixConsAddr: `${BECH32_PREFIX}valcons`,
      bech32PrefixConsPub: `${BECH32_PREFIX}valconspub`,
    },
    currencies: metadata.map(currency),
    // The low step is the chain's floor; average and high leave room when blocks fill.
    feeCurrencies: [{ ...currency(find(metadata, fee.denom)), gasPriceStep: { low: fee.price, average: step(fee.price, 1.2), high: step(fee.price, 1.6) } }],
    stakeCurrency: currency(find(metadata, STAKE_DENOM)),
    features: [],
  };
}

/** chain-registry names a chain in lower-case letters and digits. */
export const registryName = (chainId: string) => chainId.toLowerCase().replace(/[^a-z0-9]/g, "");

/** cosmos/chain-registry's chain.json (typed by @chain-registry/types, whose fields are camelCase). */
export function registryChain(input: ChainInfoInput): Chain {
  const keplr = keplrChainInfo(input);
  const fee = keplr.feeCurrencies[0];
  return {
    $schema: "../chain.schema.json",
    chainName: registryName(input.chainId),
    chainType: "cosmos",
    chainId: input.chainId,
    prettyName: "optchain",
    status: "live",
    networkType: /-local-/.test(input.chainId) ? "devnet" : "testnet",
    bech32Prefix: BECH32_PREFIX,
    bech32Config: keplr.bech32Config,
    daemonName: "optd",
    nodeHome: "$HOME/.optd",
    keyAlgos: ["secp256k1"],
    slip44: COIN_TYPE,
    fees: { feeTokens: [{ denom: fee.coinMinimalDenom, fixedMinGasPrice: fee.gasPriceStep.low, lowGasPrice: fee.gasPriceStep.low, averageGasPrice: fee.gasPriceStep.average, highGasPrice: fee.gasPriceStep.high }] },
    staking: { stakingTokens: [{ denom: keplr.stakeCurrency.coinMinimalDenom }] },
    codebase: { consensus: { type: "cometbft", version: "v0.38.25" }, sdk: { type: "other" } },
    apis: {
      rpc: [{ address: input.rpc }],
      rest: [{ address: input.rest }],
      ...(input.grpc ? { grpc: [{ address: input.grpc }] } : {}),
    },
  };
}

/** cosmos/chain-registry's assetlist.json: one sdk.coin asset per denom with metadata. */
export function registryAssetList(input: ChainInfoInput): AssetList {
  return {
    $schema: "../assetlist.schema.json",
    chainName: registryName(input.chainId),
    assets: metadataOf(input).map((m) => ({
      description: m.description,
      denomUnits: m.denom_units.map((u) => ({ denom: u.denom, exponent: u.exponent, ...(u.aliases.length > 0 ? { aliases: u.aliases } : {}) })),
      typeAsset: "sdk.coin",
      base: m.base,
      name: m.name,
      display: m.display,
      symbol: m.symbol,
    })),
  };
}
