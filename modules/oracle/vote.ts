// The commit-reveal wire format shared by the chain and the feeder.
import { sha256 } from "../../app/address";
import { type Dec, decFromString, decToString } from "../../lib/fixed";
import { ErrInvalidHash, ErrInvalidPrices, ErrInvalidSalt } from "./errors";
import { ASSET_NAME } from "./params";

export interface AssetPrice {
  asset: string;
  price: Dec;
}

/** The prevote hash is this many bytes of sha256, as in Terra. */
export const PREVOTE_HASH_BYTES = 20;
/** At least 64 bits of salt: a short salt lets anyone brute-force a prevote from a guess of the price. */
const SALT = /^[0-9a-f]{16,64}$/;
const HASH = /^[0-9a-f]{40}$/;
const MAX_PRICES_LENGTH = 8192;
/** A price of 10^30 (10^48 in Dec units) is far above any real one; bounding it keeps stored values short. */
export const MAX_PRICE = 10n ** 48n;

/** Hex of the first 20 bytes of sha256("{salt}:{prices}:{validator}"). */
export function aggregateVoteHash(salt: string, prices: string, validator: string): string {
  return sha256(Buffer.from(`${salt}:${prices}:${validator}`, "utf8")).subarray(0, PREVOTE_HASH_BYTES).toString("hex");
}

export function validateSalt(salt: string): void {
  if (!SALT.test(salt)) throw ErrInvalidSalt.wrap(`salt must be 16 to 64 lowercase hex characters, got ${salt.length} characters`);
}

export function validateHash(hash: string): void {
  if (!HASH.test(hash)) throw ErrInvalidHash.wrap(`hash must be 40 lowercase hex characters (20 bytes), got ${JSON.stringify(hash.slice(0, 64))}`);
}

/**
 * "BTC:65000.5,ETH:3000" → prices. An empty string abstains from every asset. Each asset at most once;
 * prices positive with at most 18 decimals (an asset left out is how a feeder abstains, not a zero).
 */
export function parsePrices(text: string): AssetPrice[] {
  if (text.length > MAX_PRICES_LENGTH) throw ErrInvalidPrices.wrap(`prices string of ${text.length} characters is longer than ${MAX_PRICES_LENGTH}`);
  if (text === "") return [];
  const seen = new Set<string>();
  return text.split(",").map((pair) => {
    const parts = pair.split(":");
    if (parts.length !== 2) throw ErrInvalidPrices.wrap(`"${pair.slice(0, 80)}" is not ASSET:PRICE`);
    const [asset, priceText] = parts;
    if (!ASSET_NAME.test(asset)) throw ErrInvalidPrices.wrap(`"${asset.slice(0, 40)}" is not an asset name`);
    if (seen.has(asset)) throw ErrInvalidPrices.wrap(`asset ${asset} appears twice`);
    seen.add(asset);
    let price: Dec;
    try {
      price = decFromString(priceText);
    } catch {
      throw ErrInvalidPrices.wrap(`price of ${asset} "${priceText.slice(0, 40)}" is not a decimal with at most 18 decimals`);
    }
    if (price <= 0n || price > MAX_PRICE) throw ErrInvalidPrices.wrap(`price of ${asset} must be positive and at most 1e30, got ${priceText}`);
    return { asset, price };
  });
}

/** The canonical form: assets in code-unit order, shortest decimals. */
export function formatPrices(prices: readonly AssetPrice[]): string {
  return [...prices]
    .sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0))
    .map(({ asset, price }) => `${asset}:${decToString(price, { trimZeros: true })}`)
    .join(",");
}
