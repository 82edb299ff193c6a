import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { devWallet } from "../../client";
import { type Localnet, rpcGet, sleep } from "../../localnet/network";
import { type TransferLoad, startTransfers } from "./load";
import { isInjectedVotesTx } from "../../modules/oracle/ve";

export interface SteadyLoadReport {
  seconds: number;
  accepted: number;
  committed: number;
  tx_per_s: number;
  p50_ms: number;
  p99_ms: number;
  app_rss_mib_start: number[];
  app_rss_mib_end: number[];
  hashes: string[];
}

function rssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return Math.round(kib / 1024);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `senders` dev accounts, spread over the nodes, each sending as fast as CheckTx answers (closed loop), for
 * `seconds`. Inclusion latency = when the test first sees the block holding a tx − when it was handed over.
 */
export async function runSteadyLoad(net: Localnet, seconds: number, senders = 8): Promise<SteadyLoadReport> {
  const recipient = (await (await devWallet(10)).getAccounts())[9].address;
  const rssStart = net.nodes.map((node) => rssMiB(node.app?.pid));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let height = await net.height(0);
  const loads: TransferLoad[] = await Promise.all(
    Array.from({ length: senders }, (_, k) => startTransfers(net.rpc(k % net.nodes.length), k, recipient, 0)),
  );
  const started = Date.now();
  let committed = 0;
  const watchBlocks = async (until: () => boolean) => {
    while (!until()) {
      for (const load of loads) for (const { hash, sentAt: at } of load.accepted.splice(0)) sentAt.set(hash, at);
      const latest = await net.height(0);
      while (height < latest) {
        height++;
        const { block } = await rpcGet(net.rpc(0), `block?height=${height}`);
        const seenAt = Date.now();
        for (const tx of block.data.txs as string[]) {
          // the proposer's vote-extension tx is no sender's
          if (isInjectedVotesTx(Buffer.from(tx, "base64"))) continue;
          const hash = createHash("sha256").update(Buffer.from(tx, "base64")).digest("hex").toUpperCase();
          const at = sentAt.get(hash);
          if (at !== undefined) latencies.push(seenAt - at);
          committed++;
        }
      }
      await sleep(100);
    }
  };
  await watchBlocks(() => Date.now() - started >= seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  const committedInWindow = committed;
  await Promise.all(loads.map((load) => load.stop()));
  for (const load of loads) for (const { hash, sentAt: at } of load.accepted.splice(0)) sentAt.set(hash, at);
  // drain: everything accepted should land within a few blocks
  const drainUntil = Date.now() + 30_000;
  await watchBlocks(() => latencies.length >= sentAt.size || Date.now() > drainUntil);
  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed),
    accepted: sentAt.size,
    committed: committedInWindow,
    tx_per_s: Math.round(committedInWindow / elapsed),
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    app_rss_mib_start: rssStart,
    app_rss_mib_end: net.nodes.map((node) => rssMiB(node.app?.pid)),
    hashes: [...sentAt.keys()],
  };
}
