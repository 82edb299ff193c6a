// The upgrade tests' steps on a real chain: a MsgSoftwareUpgrade proposal passed by the validators' stake, the
// apps' own stop at the plan's height, the upgraded binary (test/fixtures/optd-upgraded.ts) started on a node's
// home, and the cosmos.upgrade.v1beta1 queries through stock CosmJS.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { GasPrice, QueryClient, SigningStargateClient, createProtobufRpcClient, setupDistributionExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { QueryClientImpl as UpgradeQueryClient } from "cosmjs-types/cosmos/upgrade/v1beta1/query";
import { MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { devAccountWallet, optchainRegistry } from "../../client";
import { GOV_AUTHORITY, GovernanceQueries, submitProposalMsg, voteMsg } from "../../client/governance";
import { LOCALNET_GOV_PARAMS } from "../../localnet/governance";
import { PROJECT_ROOT } from "../../localnet/cometbft";
import { spawnAppProcess } from "../../localnet/node";
import { type Localnet, rpcGet } from "../../localnet/network";
import type { optchain } from "../../proto/gen/optchain";
import { until } from "./live";

/** Governance short enough that a proposal executes within seconds of its votes. */
export const UPGRADE_GOV_PARAMS = { ...LOCALNET_GOV_PARAMS, voting_period_seconds: 6, timelock_seconds: 1 };

const FEE = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };

async function signer(rpc: string, account: number) {
  const wallet = await devAccountWallet(account);
  const [{ address }] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(rpc, wallet, { registry: optchainRegistry(), gasPrice: GasPrice.fromString("0.025uopt"), broadcastPollIntervalMs: 200 });
  return { address, client };
}

/**
 * Dev account `proposer` submits a proposal carrying MsgSoftwareUpgrade{plan}; each [account, option] of `votes`
 * then votes, all at once (validator i's operator is dev account i, so their votes weigh their stake). Every
 * signer connects first, so the votes go out as soon as the proposal is in a block. Returns the proposal id.
 */
export async function proposeUpgrade(
  rpc: string,
  proposer: number,
  plan: { name: string; height: number; info: string },
  votes: Array<[number, optchain.gov.v1.VoteOption]>,
): Promise<number> {
  const [from, ...voters] = await Promise.all([proposer, ...votes.map(([account]) => account)].map((account) => signer(rpc, account)));
  try {
    const upgrade = { typeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", value: MsgSoftwareUpgrade.fromPartial({ authority: GOV_AUTHORITY, plan: { ...plan, height: BigInt(plan.height) } }) };
    const submitted = await from.client.signAndBroadcast(from.address, [submitProposalMsg(from.address, [upgrade], [{ denom: "uopt", amount: "1000000" }], plan.name)], FEE);
    if (submitted.code !== 0) throw new Error(`the upgrade proposal was refused: ${submitted.rawLog}`);
    const id = submitted.events.find((e) => e.type === "proposal_submitted")?.attributes.find((a) => a.key === "proposal_id")?.value;
    if (id === undefined) throw new Error("no proposal_submitted event in the proposal's tx");
    await Promise.all(
      voters.map(async (voter, k) => {
        const result = await voter.client.signAndBroadcast(voter.address, [voteMsg(voter.address, Number(id), votes[k][1])], FEE);
        if (result.code !== 0) throw new Error(`account ${votes[k][0]}'s vote was refused: ${result.rawLog}`);
      }),
    );
    return Number(id);
  } finally {
    for (const { client } of [from, ...voters]) client.disconnect();
  }
}

/**
 * A plan height about `seconds` of block time ahead, at the fastest pace of the last blocks' header times: the
 * proposal's voting and timelock run in block time, so a fixed number of blocks is too few on a fast machine and
 * idles on a slow one. The fastest stretch, not the mean, because a loaded machine's pace swings threefold within
 * a minute, and a plan reached before the test has seen its proposal executed stops the chain under the test's feet;
 * a plan further off only makes the wait longer.
 */
export async function heightInSeconds(net: Localnet, seconds: number): Promise<number> {
  const SAMPLE = 12;
  const STRETCH = 4;
  // Block 1 carries the genesis time, from before the nodes started: the sample starts later.
  const from = Math.max(3, await net.height(0));
  await net.waitForHeight(from + SAMPLE, [0]);
  const heights = Array.from({ length: SAMPLE + 1 }, (_, k) => from + k);
  const times = await Promise.all(heights.map(async (h) => Date.parse((await rpcGet(net.rpc(0), `block?height=${h}`)).block.header.time)));
  const stretches = times.slice(STRETCH).map((time, k) => (time - times[k]) / STRETCH);
  const perBlockMs = Math.max(1, Math.min(...stretches));
  return (await net.height(0)) + Math.max(SAMPLE, Math.ceil((seconds * 1000) / perBlockMs));
}

/**
 * An upgrade `seconds` of block time ahead, proposed (proposeUpgrade) and executed. When the chain's pace rose
 * enough that the height came before the execution, the proposal fails ("not above the current height") and is
 * made again twice as far ahead, three times at most. Returns the plan's height and the executed proposal.
 */
export async function passUpgrade(
  net: Localnet,
  proposer: number,
  plan: { name: string; info: string },
  votes: Array<[number, optchain.gov.v1.VoteOption]>,
  seconds: number,
) {
  const gov = await GovernanceQueries.connect(net.rpc(0));
  try {
    for (let attempt = 0; ; attempt++) {
      const height = await heightInSeconds(net, seconds * 2 ** attempt);
      const id = await proposeUpgrade(net.rpc(0), proposer, { ...plan, height }, votes);
      const proposal = await until(`upgrade proposal ${id} to end`, async () => {
        const current = await gov.proposal(id);
        return current && !["deposit", "voting", "passed"].includes(current.status ?? "") ? current : undefined;
      });
      if (proposal.status === "executed") return { height, proposal };
      if (attempt < 2 && proposal.status === "failed" && (proposal.failedReason ?? "").includes("is not above the current height")) continue;
      throw new Error(`upgrade proposal ${id} ended ${proposal.status}: ${proposal.failedReason}`);
    }
  } finally {
    gov.disconnect();
  }
}

/** Waits for a process to end on its own; throws after `timeoutMs`. */
export async function exited(child: ChildProcess, what: string, timeoutMs = 120_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    once(child, "exit"),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not stop within ${timeoutMs} ms`)), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Waits for the apps of `indexes` to stop themselves at the plan: each must exit once its node has committed
 * `height - 1`. The wait lasts as long as the chain moves (a loaded machine's pace can drop well below the one the
 * plan's height was picked at); it fails only after `stallMs` without a new height on a running node, and then
 * says where each node stood and what its app last logged.
 */
export async function stoppedAtPlan(net: Localnet, indexes: number[], height: number, stallMs = 60_000): Promise<void> {
  const last = new Map(indexes.map((i) => [i, { height: -1, since: Date.now() }]));
  for (;;) {
    const running = indexes.filter((i) => { const app = net.nodes[i].app!; return app.exitCode === null && app.signalCode === null; });
    if (running.length === 0) return;
    for (const i of running) {
      const seen = await net.height(i).catch(() => -1);
      const progress = last.get(i)!;
      if (seen > progress.height) last.set(i, { height: seen, since: Date.now() });
      else if (Date.now() - progress.since > stallMs) {
        const tail = (file: string) => readFileSync(path.join(net.nodes[i].home, file), "utf8").trimEnd().split("\n").slice(-8).join("\n    ");
        const where = indexes.map((k) => `node ${k}: ${running.includes(k) ? `running at height ${last.get(k)!.height}` : `exited ${net.nodes[k].app!.exitCode ?? net.nodes[k].app!.signalCode}`}`).join("; ");
        throw new Error(`node ${i}'s app did not stop for the plan at ${height}: no new height for ${stallMs} ms (${where}).\n  app.log:\n    ${tail("app.log")}\n  cometbft.log:\n    ${tail("cometbft.log")}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The upgraded binary's entry point (see the fixture's usage). */
export const UPGRADED_OPTD = path.join(PROJECT_ROOT, "test", "fixtures", "optd-upgraded.ts");

/**
 * Node `index`'s home started again with the binary it ran before (no handler for the plan): the exit code once it
 * gives up. It becomes the node's app process, so one that wrongly starts is stopped with the localnet.
 */
export async function restartOldBinary(net: Localnet, index: number): Promise<number | null> {
  const child = spawnAppProcess(net.nodes[index].home);
  net.nodes[index].app = child;
  await exited(child, `node ${index}'s old binary (it should refuse to start)`, 180_000);
  return child.exitCode;
}

export const upgradedLogPath = (home: string) => path.join(home, "app-upgraded.log");

/**
 * Node `index`'s app replaced by the upgraded binary with a handler for `name`, logging to app-upgraded.log.
 * It becomes the node's app process, so the localnet stops it like any other. Resolves once it listens.
 */
export async function startUpgradedApp(net: Localnet, index: number, name: string): Promise<ChildProcess> {
  const node = net.nodes[index];
  const logFile = upgradedLogPath(node.home);
  const log = openSync(logFile, "a");
  const from = readFileSync(logFile, "utf8").length;
  const child = spawn(process.execPath, ["--import", "tsx", UPGRADED_OPTD, "--upgrade", name, "start", "--abci-only", "--home", node.home], { stdio: ["ignore", log, log], cwd: PROJECT_ROOT });
  closeSync(log);
  node.app = child;
  const text = () => readFileSync(logFile, "utf8").slice(from);
  await until(`node ${index}'s upgraded app to listen`, async () => child.exitCode !== null || text().includes("ABCI listening") || undefined, 180_000);
  if (child.exitCode !== null) throw new Error(`node ${index}'s upgraded app exited with ${child.exitCode}: ${text()}`);
  return child;
}

/**
 * What cosmovisor does on every host at once: as soon as a node's app has stopped for the plan, `onStopped(i)`
 * checks that node and its home gets the upgraded binary. A node still short of `height - 1` when its peers stopped
 * cannot learn that block until upgraded peers serve it, and stops then. Fails only when nothing moved for
 * `stallMs` (no node's height, no app stopping or starting), saying where each node stood.
 */
export async function upgradeEachAsItStops(net: Localnet, height: number, name: string, onStopped: (index: number) => Promise<void>, stallMs = 90_000): Promise<void> {
  const waiting = new Set(net.nodes.keys());
  const heights = net.nodes.map(() => -1);
  const upgrades: Array<Promise<void>> = [];
  let failure: unknown;
  let lastMove = Date.now();
  const upgrade = async (i: number) => {
    await onStopped(i);
    await net.killComet(i, "SIGTERM");
    await startUpgradedApp(net, i, name);
    net.startComet(i);
    lastMove = Date.now();
  };
  while (waiting.size > 0 && failure === undefined) {
    for (const i of [...waiting]) {
      const app = net.nodes[i].app!;
      if (app.exitCode === null && app.signalCode === null) continue;
      waiting.delete(i);
      lastMove = Date.now();
      upgrades.push(upgrade(i).catch((err) => void (failure ??= err)));
    }
    // A node whose CometBFT is stopped (SIGSTOP) accepts the connection and never answers.
    const seen = await Promise.all(net.nodes.map((_, i) => Promise.race([net.height(i).catch(() => -1), new Promise<number>((resolve) => setTimeout(resolve, 2_000, -1))])));
    seen.forEach((h, i) => {
      if (h > heights[i]) [heights[i], lastMove] = [h, Date.now()];
    });
    if (Date.now() - lastMove > stallMs) {
      const where = net.nodes.map((_, i) => `node ${i}: ${waiting.has(i) ? `old app running, height ${heights[i]}` : "upgraded"}`).join("; ");
      const stuck = [...waiting][0];
      const tail = (file: string) => readFileSync(path.join(net.nodes[stuck].home, file), "utf8").trimEnd().split("\n").slice(-8).join("\n    ");
      failure ??= new Error(`the upgrade at ${height} stalled: nothing moved for ${stallMs} ms (${where}).\n  node ${stuck}'s app.log:\n    ${tail("app.log")}\n  cometbft.log:\n    ${tail("cometbft.log")}`);
    }
    if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await Promise.all(upgrades);
  if (failure !== undefined) throw failure;
}

/** cosmos.upgrade.v1beta1 and distribution's params as stock CosmJS reads them from one node. */
export async function upgradeQueries(rpc: string) {
  const comet = await connectComet(rpc);
  const queryClient = QueryClient.withExtensions(comet, setupDistributionExtension);
  const upgrade = new UpgradeQueryClient(createProtobufRpcClient(queryClient));
  return {
    currentPlan: async () => (await upgrade.CurrentPlan({})).plan,
    appliedPlanHeight: async (name: string) => Number((await upgrade.AppliedPlan({ name })).height),
    moduleVersions: async () => new Map((await upgrade.ModuleVersions({ moduleName: "" })).moduleVersions.map((m) => [m.name, Number(m.version)])),
    communityTax: async () => (await queryClient.distribution.params()).params?.communityTax,
    disconnect: () => comet.disconnect(),
  };
}
