import { event } from "../../app/context";
import { type Coin, formatCoins } from "../../app/coins";

export const coinSpent = (spender: string, coins: Coin[]) => event("coin_spent", { spender, amount: formatCoins(coins) });
export const coinReceived = (receiver: string, coins: Coin[]) => event("coin_received", { receiver, amount: formatCoins(coins) });
export const transfer = (recipient: string, sender: string, coins: Coin[]) =>
  event("transfer", { recipient, sender, amount: formatCoins(coins) });
export const coinbase = (minter: string, coins: Coin[]) => event("coinbase", { minter, amount: formatCoins(coins) });
export const burn = (burner: string, coins: Coin[]) => event("burn", { burner, amount: formatCoins(coins) });
