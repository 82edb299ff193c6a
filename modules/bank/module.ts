import { AddressSet, accAddressBytes, toAccAddress } from "../../app/address";
import { parseAmount, validateDenom } from "../../app/coins";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { BankKeeper } from "./keeper";
import { msgSendHandler } from "./msgs";
import { DEFAULT_PARAMS, type BankParams } from "./params";
import { bankQueries } from "./queries";
import { type DenomMetadataJson, metadataFromJson, metadataToJson } from "./metadata";

export interface BankGenesis {
  params: BankParams;
  balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }>;
  /** The SDK's denom_metadata; exported only when some is set, so genesis files without it round-trip unchanged. */
  denom_metadata?: DenomMetadataJson[];
}

/** `blockedRecipients`: module accounts, whose balances move only through their own modules. */
export function bankModule(keeper: BankKeeper, blockedRecipients: Iterable<Uint8Array>): AppModule {
  return {
    name: "bank",
    msgs: [msgSendHandler(keeper, new AddressSet(blockedRecipients))],
    queries: bankQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<BankGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      const metadata = genesis.denom_metadata ?? [];
      if (!Array.isArray(metadata)) throw ErrInvalidGenesis.wrap("denom_metadata must be a list");
      const bases = new Set<string>();
      for (const entry of metadata) {
        const parsed = metadataFromJson(entry);
        if (bases.has(parsed.base)) throw ErrInvalidGenesis.wrap(`denom metadata for ${parsed.base} given twice`);
        bases.add(parsed.base);
        keeper.setDenomMetadata(ctx.store, parsed);
      }
      for (const entry of genesis.balances ?? []) {
        const address = accAddressBytes(entry.address);
        for (const coin of entry.coins) {
          validateDenom(coin.denom);
          const amount = parseAmount(coin.amount);
          if (amount === 0n) throw ErrInvalidGenesis.wrap(`zero balance of ${coin.denom} for ${entry.address}`);
          keeper.mint(ctx.store, [], address, [{ denom: coin.denom, amount }]);
        }
      }
    },

    exportGenesis(state): BankGenesis {
      const byAddress = new Map<string, Array<{ denom: string; amount: string }>>();
      // everyBalance is in store key order, so the export is in a canonical order too.
      for (const { address, denom, amount } of keeper.everyBalance(state)) {
        const bech32 = toAccAddress(address);
        const coins = byAddress.get(bech32) ?? [];
        coins.push({ denom, amount: amount.toString() });
        byAddress.set(bech32, coins);
      }
      const metadata = keeper.everyDenomMetadata(state).map(metadataToJson);
      return {
        params: keeper.params(state),
        balances: [...byAddress.entries()].map(([address, coins]) => ({ address, coins })),
        ...(metadata.length > 0 ? { denom_metadata: metadata } : {}),
      };
    },
  };
}
