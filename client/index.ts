import { type GeneratedType, DirectSecp256k1HdWallet, Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, GasPrice } from "@cosmjs/stargate";
import { stringToPath } from "@cosmjs/crypto";
import { BECH32_PREFIX, COLLATERAL_DENOM, DEFAULT_CHAIN_ID, DEFAULT_MIN_GAS_PRICE, STAKE_DENOM } from "../app/config";
import { optchain } from "../proto/gen/optchain";
import { MsgCancelUpgrade, MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";

export { BECH32_PREFIX, COLLATERAL_DENOM, DEFAULT_CHAIN_ID, STAKE_DENOM };
export { optchainAminoTypes } from "./amino";

/**
 * The localnet's funded dev accounts come from this mnemonic (HD paths m/44'/118'/0'/0/0 … /9).
 * It is public: never hold real value with it.
 */
export const DEV_MNEMONIC =
  "group crawl fog lesson cube acoustic hospital advice improve ginger baby blind danger matrix athlete broken amateur situate crane upper demise arm similar ill";
export const DEV_ACCOUNT_COUNT = 10;
export const DEV_ACCOUNT_BALANCE = 1_000_000_000_000_000n;

export const devHdPath = (index: number) => stringToPath(`m/44'/118'/0'/0/${index}`);

/** optchain's own message types, added to CosmJS's defaults; wallets and feeders pass this to connectWithSigner. */
export const optchainTypes: ReadonlyArray<[string, GeneratedType]> = [
  ["/optchain.oracle.v1.MsgDelegateFeedConsent", optchain.oracle.v1.MsgDelegateFeedConsent],
  ["/optchain.oracle.v1.MsgAggregatePricePrevote", optchain.oracle.v1.MsgAggregatePricePrevote],
  ["/optchain.oracle.v1.MsgAggregatePriceVote", optchain.oracle.v1.MsgAggregatePriceVote],
  ["/optchain.slashing.v1.MsgUnjail", optchain.slashing.v1.MsgUnjail],
  ["/optchain.options.v1.MsgListSeries", optchain.options.v1.MsgListSeries],
  ["/optchain.options.v1.MsgDepositCollateral", optchain.options.v1.MsgDepositCollateral],
  ["/optchain.options.v1.MsgWithdrawCollateral", optchain.options.v1.MsgWithdrawCollateral],
  ["/optchain.options.v1.MsgPlaceOrder", optchain.options.v1.MsgPlaceOrder],
  ["/optchain.options.v1.MsgCancelOrder", optchain.options.v1.MsgCancelOrder],
  ["/optchain.options.v1.MsgDepositBackstop", optchain.options.v1.MsgDepositBackstop],
  ["/optchain.options.v1.MsgWithdrawBackstop", optchain.options.v1.MsgWithdrawBackstop],
  ["/optchain.options.v1.MsgBidAuction", optchain.options.v1.MsgBidAuction],
  ["/optchain.circuit.v1.MsgGuardianPropose", optchain.circuit.v1.MsgGuardianPropose],
  ["/optchain.circuit.v1.MsgGuardianApprove", optchain.circuit.v1.MsgGuardianApprove],
  ["/optchain.gov.v1.MsgSubmitProposal", optchain.gov.v1.MsgSubmitProposal],
  ["/optchain.gov.v1.MsgDeposit", optchain.gov.v1.MsgDeposit],
  ["/optchain.gov.v1.MsgVote", optchain.gov.v1.MsgVote],
  ["/optchain.gov.v1.MsgUpdateParams", optchain.gov.v1.MsgUpdateParams],
  // The SDK's own x/upgrade messages, which CosmJS's defaults leave out: a proposal carries them.
  ["/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", MsgSoftwareUpgrade],
  ["/cosmos.upgrade.v1beta1.MsgCancelUpgrade", MsgCancelUpgrade],
];

export function optchainRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...optchainTypes]);
}

export function defaultGasPrice(): GasPrice {
  return GasPrice.fromString(DEFAULT_MIN_GAS_PRICE);
}

export async function devWallet(count = DEV_ACCOUNT_COUNT, mnemonic = DEV_MNEMONIC): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {
    prefix: BECH32_PREFIX,
    hdPaths: Array.from({ length: count }, (_, index) => devHdPath(index)),
  });
}

/** A wallet holding one dev account, so each test or load client signs with its own sequence. */
export async function devAccountWallet(index: number, mnemonic = DEV_MNEMONIC): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: BECH32_PREFIX, hdPaths: [devHdPath(index)] });
}
