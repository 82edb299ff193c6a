import { byteString } from "../store/bytes";
import type { ProposedTx } from "./decode";

/**
 * A proposal's txs in an order they apply in. CometBFT's mempool can hand a proposer one signer's txs out of
 * sequence order (concurrent CheckTx calls from different peers append in the order their callbacks are set,
 * cometbft/cometbft#1620); in a block the later one then fails on its sequence, and so does every tx of that signer
 * after it, which recheck then evicts from every mempool: txs CheckTx accepted that never land.
 *
 * So each signer's txs are sorted by sequence into the places its txs held (other txs keep theirs), and only the
 * unbroken run from `nextSequence` (the committed account's) is kept: a gap, a used sequence or a second tx at one
 * sequence would fail in the block, so it stays in the mempool instead. A signer with no account is sorted but keeps
 * every tx, and a tx without a single keyed signer keeps its place; FinalizeBlock judges them as before. One sort and
 * one `nextSequence` call per signer.
 */
export function inSequence(
  txs: ProposedTx[],
  nextSequence: (pubkey: Uint8Array) => bigint | undefined,
): { txs: ProposedTx[]; moved: number; leftOut: number } {
  const places = new Map<string, number[]>();
  txs.forEach((tx, index) => {
    if (!tx.signer) return;
    const id = byteString(tx.signer.pubkey);
    const held = places.get(id);
    if (held) held.push(index);
    else places.set(id, [index]);
  });
  const ordered = txs.slice();
  const kept = txs.map(() => true);
  let moved = 0;
  for (const held of places.values()) {
    // Array.prototype.sort is stable: of two txs at one sequence the one reaped first comes first.
    const sorted = held.map((index) => txs[index]).sort((a, b) => compareSequence(a.signer!.sequence, b.signer!.sequence));
    let next = nextSequence(sorted[0].signer!.pubkey);
    held.forEach((place, k) => {
      if (sorted[k] !== txs[place]) moved++;
      ordered[place] = sorted[k];
      if (next === undefined) return;
      kept[place] = sorted[k].signer!.sequence === next;
      if (kept[place]) next += 1n;
    });
  }
  const proposal = ordered.filter((_, place) => kept[place]);
  return { txs: proposal, moved, leftOut: txs.length - proposal.length };
}

function compareSequence(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
