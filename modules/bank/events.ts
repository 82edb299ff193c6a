import { event } from "../../app/context";

// `amount` is formatCoins of the coins moved: a transfer's three events carry the same one, formatted once.
export const coinSpent = (spender: string, amount: string) => event("coin_spent", { spender, amount });
export const coinReceived = (receiver: string, amount: string) => event("coin_received", { receiver, amount });
export const transfer = (recipient: string, sender: string, amount: string) => event("transfer", { recipient, sender, amount });
export const coinbase = (minter: string, amount: string) => event("coinbase", { minter, amount });
export const burn = (burner: string, amount: string) => event("burn", { burner, amount });
