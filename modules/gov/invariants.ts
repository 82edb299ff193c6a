import { toAccAddress } from "../../app/address";
import type { KVReader } from "../../app/store/types";
import type { DepositBank } from "./expected";
import { GOV_MODULE_ADDRESS, type GovKeeper } from "./keeper";

/** The gov account holds exactly the deposits not yet refunded or burned. */
export function govInvariants(keeper: GovKeeper, bank: DepositBank) {
  return [
    {
      name: "gov/deposits",
      full(state: KVReader): string[] {
        const owed = new Map<string, bigint>();
        for (const { amount } of keeper.allDeposits(state)) for (const coin of amount) owed.set(coin.denom, (owed.get(coin.denom) ?? 0n) + coin.amount);
        for (const coin of keeper.params(state).min_deposit) if (!owed.has(coin.denom)) owed.set(coin.denom, 0n);
        return [...owed.keys()]
          .sort()
          .filter((denom) => bank.balance(state, GOV_MODULE_ADDRESS, denom) !== owed.get(denom))
          .map((denom) => `${toAccAddress(GOV_MODULE_ADDRESS)} holds ${bank.balance(state, GOV_MODULE_ADDRESS, denom)}${denom} but deposits sum to ${owed.get(denom)}${denom}`);
      },
    },
  ];
}
