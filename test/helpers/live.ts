// Pieces the real-chain options tests share: a price source the test moves, polling, and block-level events.
import type { CometClient } from "@cosmjs/tendermint-rpc";
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

/** The latest block's time in unix seconds: expiries are judged by block time, which a slow start or a loaded machine puts behind any wall clock read earlier. */
export async function chainTimeS(comet: CometClient): Promise<number> {
  return Math.floor((await comet.block()).block.header.time.getTime() / 1000);
}

/**
 * Waits until the app has committed `height`: CometBFT serves a block's results before the app's Commit, so a
 * query right after reading them may still answer from the height before.
 */
export async function untilCommitted(comet: CometClient, height: number): Promise<void> {
  await until(`the app committing height ${height}`, async () => ((await comet.abciInfo()).lastBlockHeight! >= height ? true : undefined));
}
