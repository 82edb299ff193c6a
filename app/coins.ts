import { ErrInvalidCoins } from "./errors";

export interface Coin {
  denom: string;
  amount: bigint;
}

/** The SDK's denom rule, so denoms that work elsewhere in Cosmos work here. */
const DENOM_PATTERN = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,77})$/;

export function validateDenom(denom: string): void {
  if (!DENOM_PATTERN.test(denom)) throw ErrInvalidCoins.wrap(`invalid denom "${denom}"`);
}

export function parseAmount(amount: string, what = "amount"): bigint {
  if (!AMOUNT_PATTERN.test(amount)) throw ErrInvalidCoins.wrap(`${what} "${amount}" is not a non-negative integer`);
  return BigInt(amount);
}

/** Coins as the SDK requires them in messages: positive amounts, valid denoms, sorted, no duplicates. */
export function parseCoins(coins: ReadonlyArray<{ denom: string; amount: string }>, allowEmpty = false): Coin[] {
  if (coins.length === 0 && !allowEmpty) throw ErrInvalidCoins.wrap("no coins given");
  const parsed = coins.map((coin) => {
    validateDenom(coin.denom);
    const amount = parseAmount(coin.amount, `amount of ${coin.denom}`);
    if (amount === 0n) throw ErrInvalidCoins.wrap(`amount of ${coin.denom} must be positive`);
    return { denom: coin.denom, amount };
  });
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i - 1].denom >= parsed[i].denom) {
      throw ErrInvalidCoins.wrap(`coins must be sorted by denom without duplicates, got ${formatCoins(parsed)}`);
    }
  }
  return parsed;
}

export function formatCoins(coins: ReadonlyArray<Coin>): string {
  return coins.map((coin) => `${coin.amount}${coin.denom}`).join(",");
}

/** A price per unit of gas such as "0.025uopt", held as an integer scaled by 10^18 so the fee check is exact. */
export interface GasPrice {
  denom: string;
  amountScaled: bigint;
}
export const GAS_PRICE_SCALE = 10n ** 18n;

/** The last price parsed: every tx's ante asks for min_gas_price, which changes only through governance. */
let lastGasPrice: { text: string; price: Readonly<GasPrice> } | undefined;

export function parseGasPrice(text: string): Readonly<GasPrice> {
  if (lastGasPrice?.text === text) return lastGasPrice.price;
  const price = Object.freeze(parseGasPriceUncached(text));
  lastGasPrice = { text, price };
  return price;
}

function parseGasPriceUncached(text: string): GasPrice {
  const match = /^([0-9]+)(?:\.([0-9]{1,18}))?([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/.exec(text);
  if (!match) throw ErrInvalidCoins.wrap(`invalid gas price "${text}", want e.g. "0.025uopt"`);
  const fraction = (match[2] ?? "").padEnd(18, "0");
  return { denom: match[3], amountScaled: BigInt(match[1]) * GAS_PRICE_SCALE + BigInt(fraction) };
}

/** The smallest fee that pays for gasLimit at this price: rounded up, against the payer. */
export function requiredFee(price: GasPrice, gasLimit: bigint): bigint {
  return (price.amountScaled * gasLimit + GAS_PRICE_SCALE - 1n) / GAS_PRICE_SCALE;
}
