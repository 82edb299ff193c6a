import { AddressSet, accAddressBytes, toAccAddress } from "../../app/address";
import { parseAmount, validateDenom } from "../../app/coins";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { BankKeeper } from "./keeper";
import { msgSendHandler } from "./msgs";
import { DEFAULT_PARAMS, type BankParams } from "./params";
import { bankQueries } from "./queries";

export interface BankGenesis {
  params: BankParams;
  balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }>;
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
      return {
        params: keeper.params(state),
        balances: [...byAddress.entries()].map(([address, coins]) => ({ address, coins })),
      };
    },
  };
}
