import { event } from "../../app/context";
import type { Coin } from "../../app/coins";
import { formatCoins } from "../../app/coins";
import { type DecCoins } from "./deccoins";
import { decToString } from "../../lib/fixed";

// The SDK's event types and attributes (x/distribution/types/events.go), so explorers read them unchanged.
const formatDecCoins = (coins: DecCoins) => coins.map((c) => `${decToString(c.amount)}${c.denom}`).join(",");

export const commission = (validator: string, amount: DecCoins) => event("commission", { amount: formatDecCoins(amount), validator });
export const rewards = (validator: string, amount: DecCoins) => event("rewards", { amount: formatDecCoins(amount), validator });
export const withdrawRewards = (validator: string, delegator: string, amount: Coin[]) =>
  event("withdraw_rewards", { amount: formatCoins(amount), validator, delegator });
export const withdrawCommission = (validator: string, amount: Coin[]) => event("withdraw_commission", { amount: formatCoins(amount), validator });
export const setWithdrawAddress = (delegator: string, withdrawAddress: string) => event("set_withdraw_address", { withdraw_address: withdrawAddress, delegator });
export const fundCommunityPool = (depositor: string, amount: Coin[]) => event("fund_community_pool", { depositor, amount: formatCoins(amount) });
