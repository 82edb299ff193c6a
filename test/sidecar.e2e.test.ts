// The price sidecar as a process of its own (optd feeder sidecar) beside each validator of a real 4-validator
// localnet: killed, the validator abstains; restarted, it votes prices again; stalled (SIGSTOP), its precommits
// still come, empty, since ExtendVote never waits on it; stopped with its node; and its /prices, /metrics and
// /healthz over HTTP.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { parseSidecarAnswer } from "../client/feeder/sidecar";
import { cometConfigDir } from "../localnet/genesis";
import { Localnet, rpcGet } from "../localnet/network";
import { decodeInjectedVotes } from "../modules/oracle/ve";
import { until } from "./helpers/live";

jest.setTimeout(300_000);

const WATCHED = 3;

/** Validator `index`'s precommit for height - 1 as the block at `height` carries it: absent, or its extension's size (0: it abstained). */
async function precommitAt(net: Localnet, height: number, index: number): Promise<"absent" | number> {
  const { block } = await rpcGet(net.rpc(0), `block?height=${height}`);
  const info = decodeInjectedVotes(Buffer.from(block.data.txs[0], "base64"));
  if (!info) throw new Error(`block ${height} has no injected votes`);
  const address = JSON.parse(readFileSync(path.join(cometConfigDir(net.nodes[index].home), "priv_validator_key.json"), "utf8")).address as string;
  const vote = info.votes.find((v) => Buffer.from(v.validator!.address).toString("hex").toUpperCase() === address);
  return !vote || vote.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT ? "absent" : vote.voteExtension.length;
}

/** The first block from `from` on whose votes show the watched validator's precommit matching `wanted`. */
async function firstBlock(net: Localnet, from: number, what: string, wanted: (precommit: "absent" | number) => boolean): Promise<number> {
  let height = from;
  return until(what, async () => {
    while (height <= (await net.height(0))) {
      if (wanted(await precommitAt(net, height, WATCHED))) return height;
      height++;
    }
    return undefined;
  }, 60_000);
}

const votedPrices = (precommit: "absent" | number) => precommit !== "absent" && precommit > 0;
const abstained = (precommit: "absent" | number) => precommit === 0;

test("a killed sidecar makes its validator abstain and a restarted one votes again; a stalled one never holds up its precommits; it stops with its node; /metrics counts the asks", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-sidecar-"));
  const net = await Localnet.create({ dir, validators: 4, timeoutCommitMs: 400 });
  try {
    await net.start();
    const sidecar = `http://127.0.0.1:${net.nodes[WATCHED].ports.sidecar}`;
    const voting = await firstBlock(net, 3, "the watched validator's first prices", votedPrices);

    // What the app reads: fixed-point integers and a timestamp. Then the sidecar's own metrics of those asks.
    const answer = parseSidecarAnswer(await (await fetch(`${sidecar}/prices`)).json());
    expect(answer.prices.get("BTC")).toBeGreaterThan(60_000_000_000n * 10n ** 18n);
    expect((await fetch(`${sidecar}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${sidecar}/metrics`)).text();
    const asks = Number(/^feeder_sidecar_requests_total\{result="prices"\} (\d+)$/m.exec(metrics)?.[1]);
    expect(asks).toBeGreaterThan(voting);
    expect(Number(/^feeder_sidecar_request_seconds_count (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(asks);
    expect(Number(/^feeder_provider_latency_seconds_count\{provider="simulated"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^feeder_price\{asset="BTC"\} 6\d{10}/m);

    // Killed: the app's last answer ages out and the validator signs empty extensions; restarted, prices again.
    await net.killSidecar(WATCHED);
    const killedAt = await net.height(0);
    const abstaining = await firstBlock(net, killedAt, "the watched validator abstaining", abstained);
    await net.waitForHeight(abstaining + 3, [0]);
    for (let height = abstaining; height <= abstaining + 3; height++) expect(votedPrices(await precommitAt(net, height, WATCHED))).toBe(false);
    await net.startSidecar(WATCHED);
    await firstBlock(net, (await net.height(0)) + 1, "the watched validator voting again", votedPrices);

    // Stalled: connections are accepted but never answered. ExtendVote answers from what the app has, so the
    // validator's precommits keep coming (empty once the last prices age out): a wait on the sidecar would lose them.
    net.stallSidecar(WATCHED, true);
    const stalledAt = await net.height(0);
    const stalledAbstaining = await firstBlock(net, stalledAt, "the stalled sidecar's validator abstaining", abstained);
    const last = stalledAbstaining + 10;
    await net.waitForHeight(last + 1, [0]);
    const precommits = await Promise.all(Array.from({ length: 10 }, (_, i) => precommitAt(net, stalledAbstaining + 1 + i, WATCHED)));
    expect(precommits.filter(abstained).length).toBeGreaterThanOrEqual(7);
    expect(precommits.filter(votedPrices)).toEqual([]);
    expect(readFileSync(path.join(net.nodes[WATCHED].home, "app.log"), "utf8")).toMatch(/price sidecar http:\/\/127\.0\.0\.1:\d+: no answer within 300 ms/);
    net.stallSidecar(WATCHED, false);
    await firstBlock(net, (await net.height(0)) + 1, "the watched validator voting after the stall", votedPrices);

    // Stopping the node stops its sidecar with it.
    await net.stopNode(WATCHED);
    await expect(fetch(`${sidecar}/healthz`)).rejects.toThrow();
  } finally {
    await net.stop();
    if (!process.env.KEEP_TEST_CHAIN) rmSync(dir, { recursive: true, force: true });
  }
});
