// Events that say the chain hurt itself: a test that drives blocks fails on any of them, in process after
// each FinalizeBlock, on a real chain from CometBFT's stored block results.
import type { Localnet } from "../../localnet/network";
import { rpcGet } from "../../localnet/network";

/**
 * Matched by event type: an end-block phase that threw and was contained (options), an account liquidation
 * passed over because valuing or closing it threw, an invariant found broken (circuit), any other guarded
 * begin/end-block hook that threw. A healthy chain emits none of them, so a test that sees one has found a
 * bug even if every assertion it makes passes.
 */
export const BROKEN_EVENT_TYPES: ReadonlySet<string> = new Set(["options_block_error", "liquidation_error", "invariant_broken", "block_hook_error"]);

interface AbciEvent {
  type: string;
  attributes: ReadonlyArray<{ key: string; value: string }>;
}

/** What one block produced, in the shape both ResponseFinalizeBlock and RPC `block_results` give. */
export interface BlockOutcome {
  height: number;
  blockEvents: readonly AbciEvent[];
  txResults: ReadonlyArray<{ code: number; events: readonly AbciEvent[] }>;
}

const describeEvent = (event: AbciEvent) => `${event.type} ${event.attributes.map((a) => `${a.key}=${a.value}`).join(" ")}`;

/** One line per broken event of the block: height, where (end-block or tx i), type and attributes. */
export function brokenEvents(outcome: BlockOutcome): string[] {
  const found = outcome.blockEvents.filter((e) => BROKEN_EVENT_TYPES.has(e.type)).map((e) => `height ${outcome.height}, end-block: ${describeEvent(e)}`);
  outcome.txResults.forEach((result, i) => {
    for (const e of result.events) if (BROKEN_EVENT_TYPES.has(e.type)) found.push(`height ${outcome.height}, tx ${i}: ${describeEvent(e)}`);
  });
  return found;
}

export function expectNoBrokenEvents(outcomes: readonly BlockOutcome[]): void {
  const found = outcomes.flatMap(brokenEvents);
  if (found.length > 0) throw new Error(`the chain reported ${found.length} broken-invariant or block-error event(s):\n${found.join("\n")}`);
}

interface RpcBlockResults {
  height: string;
  txs_results: Array<{ code: number; events?: AbciEvent[] }> | null;
  finalize_block_events: AbciEvent[] | null;
}

/**
 * A real node's stored results of one block (CometBFT v0.38 `block_results`: attributes as plain strings).
 * CometBFT stores a block before it executes it, so `status` can report a height whose results are not written
 * yet: a missing result is asked for again for a few seconds before it counts as an error.
 */
export async function blockOutcome(rpc: string, height: number): Promise<BlockOutcome> {
  let results: RpcBlockResults;
  for (let attempt = 0; ; attempt++) {
    try {
      results = (await rpcGet(rpc, `block_results?height=${height}`)) as RpcBlockResults;
      break;
    } catch (err) {
      if (attempt >= 20 || !String(err).includes("could not find results for height")) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    height,
    blockEvents: results.finalize_block_events ?? [],
    txResults: (results.txs_results ?? []).map((r) => ({ code: r.code ?? 0, events: r.events ?? [] })),
  };
}

/**
 * Results of blocks from..to (inclusive), a few requests in flight at a time: CometBFT answers
 * `block_results` one height per request, and a 2-core machine gains nothing from more than a handful.
 */
export async function blockOutcomes(rpc: string, from: number, to: number, inFlight = 6): Promise<BlockOutcome[]> {
  const outcomes: BlockOutcome[] = [];
  for (let start = from; start <= to; start += inFlight) {
    const heights = Array.from({ length: Math.min(inFlight, to - start + 1) }, (_, k) => start + k);
    outcomes.push(...(await Promise.all(heights.map((height) => blockOutcome(rpc, height)))));
  }
  return outcomes;
}

/** Txs that blocks from..to included and executed with code 0: what a scenario's load actually achieved. */
export async function includedOkTxs(rpc: string, from: number, to: number): Promise<number> {
  const outcomes = await blockOutcomes(rpc, from, to);
  return outcomes.reduce((sum, o) => sum + o.txResults.filter((r) => r.code === 0).length, 0);
}

/** Per network, the last height whose results were already checked: each call reads only new blocks. */
const checkedUpTo = new WeakMap<Localnet, number>();

/**
 * Reads every block the network produced since the last call (from the first node whose RPC answers) and
 * throws, listing height and event, if any carries a broken-invariant or block-error event. Returns the
 * heights it read. Run at the end of a test or scenario; `startTestnet`'s stop runs it before stopping.
 */
export async function assertNoBrokenInvariants(net: Localnet): Promise<{ from: number; to: number }> {
  let node: number | undefined;
  let top = 0;
  for (let i = 0; i < net.nodes.length && node === undefined; i++) {
    top = await net.height(i).then((h) => h, () => -1);
    if (top >= 0) node = i;
  }
  if (node === undefined) throw new Error(`no node of the network answers on RPC: its block results cannot be checked for broken invariants`);
  const from = (checkedUpTo.get(net) ?? 0) + 1;
  expectNoBrokenEvents(await blockOutcomes(net.rpc(node), from, top));
  checkedUpTo.set(net, Math.max(top, from - 1));
  return { from, to: top };
}
