// Pieces the real-chain options tests share: a price source the test moves, polling, and block-level events.
import type { PriceSource } from "../../client/feeder/sources";
import { decFromString } from "../../lib/fixed";
import { blockOutcome } from "./broken-events";

export const USDC = 1_000_000n;
export const usd = (whole: number) => (BigInt(whole) * USDC).toString();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The feeder's source: whatever prices the test sets, in uusdc per unit of the asset. */
export class TestPrices implements PriceSource {
  readonly name = "test";
  prices: Record<string, string> = { BTC: usd(60_000), "BTC-IV": "0.6", ETH: usd(3_000), "ETH-IV": "0.7", uopt: "1" };
  async fetch() {
    return { prices: new Map(Object.entries(this.prices).map(([asset, price]) => [asset, decFromString(price)])), problems: [] };
  }
}

/** Polls until `probe` returns a value (a throw counts as not yet). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** Block-level (end-block) events of one height, as attribute maps. */
export async function blockEvents(rpc: string, height: number, type: string): Promise<Array<Record<string, string>>> {
  return (await blockOutcome(rpc, height)).blockEvents
    .filter((e) => e.type === type)
    .map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));
}
