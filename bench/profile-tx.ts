/**
 * `npm run bench:profile`: where the app's CPU goes per transfer. Runs CheckTx on 5,000 CosmJS-signed
 * transfers, then FinalizeBlock + Commit of the same txs on an app that never checked them (a block another
 * validator proposed), under V8's sampling profiler, and prints self time grouped by what the code does.
 * Sampling attributes time to the function on top of the stack: the groups below are exclusive, and their sum
 * is the whole measured phase. Not a test.
 *
 * `npm run bench:profile -- mempool` instead replays what the `tx_per_s` localnet asks of the app, over the
 * app's real ABCI server and sockets, behind the metrics wrapper as a node serves it: CheckTx of 6,000 transfers
 * (10 accounts × 600, as the bench sends them), then blocks of as many as max_gas admits, each followed by CometBFT's recheck of every tx still pending,
 * until none is. It prints CPU per call by phase (min/median/max of `ROUNDS` rounds, default 3, each on a fresh
 * app), then profiles one more round (not with `PROFILE=0`). `SIGNED_TXS=file` keeps the signed transfers there for the next run.
 *
 * `npm run bench:profile -- chain <file.cpuprofile> [txs]` reads the app process's profile from a real chain
 * (`OPTCHAIN_APP_CPU_PROF=dir` on `bench/run.ts tx_per_s`) and splits it by ABCI method (see chainProfile).
 */
import net from "node:net";
import { Session } from "node:inspector/promises";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Request } from "cosmjs-types/tendermint/abci/types";
import type { DeepPartial } from "cosmjs-types/helpers";
import { AbciServer } from "../app/abci/server";
import { AppMetrics } from "../app/metrics";
import { FrameDecoder, frame } from "../app/abci/framing";
import { DEFAULT_CHAIN_ID } from "../app/config";
import { BLOCK_MAX_GAS } from "../localnet/genesis";
import { DEFAULT_FEE, GENESIS_TIME, devGenesis, initChain, openApp, quietLogger, runBlock } from "../test/helpers/inprocess";
import { presignTransfers } from "./signed-txs";
import * as auth from "../modules/auth/keeper";
import { accAddressBytes } from "../app/address";
import { devWallet } from "../client";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, "..");

/** What a stack frame's code is for, from its file: first match wins. */
const GROUPS: Array<[string, RegExp]> = [
  ["secp256k1 signature (noble)", /@noble\/(curves|secp256k1)/],
  ["hashing (noble / node crypto)", /@noble\/hashes|node:crypto/],
  ["protobuf decode/encode (cosmjs-types, protobufjs)", /cosmjs-types|protobufjs|\/proto\/gen\//],
  ["store: Merkle tree and branches (app/store)", /\/app\/store\//],
  ["LMDB (native store)", /\/lmdb\/|msgpackr/],
  ["tx pipeline: decode, ante, fees (app/tx)", /\/app\/tx\//],
  ["bank/auth modules", /\/modules\/(bank|auth)\//],
  ["events and ABCI responses (app/abci, app/context)", /\/app\/(abci|context)/],
  ["other app code", /\/(app|modules|lib)\//],
  ["test harness (block driver)", /\/test\/helpers\//],
  ["other node_modules", /node_modules/],
];

function summarise(profile: Profile): Array<{ group: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])!;
    const { url, functionName } = node.callFrame;
    let group = GROUPS.find(([, pattern]) => pattern.test(url))?.[0];
    if (!group) group = url === "" ? `V8 / native: ${functionName || "(anonymous)"}` : `other: ${path.relative(ROOT, url.replace("file://", ""))}`;
    // (program) and (garbage collector) are V8's own: keep them by name
    totals.set(group, (totals.get(group) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return [...totals].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms);
}

async function profiled<T>(session: Session, run: () => T): Promise<{ result: T; profile: Profile }> {
  await session.post("Profiler.start");
  const result = run();
  const { profile } = await session.post("Profiler.stop");
  return { result, profile: profile as unknown as Profile };
}

/** The functions with the most self time, named with their file: the groups say what, these say where. */
function hottest(profile: Profile, count: number): Array<{ group: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const { url, functionName } = byId.get(profile.samples[i])!.callFrame;
    const name = `${functionName || "(anonymous)"} ${url ? path.relative(ROOT, url.replace("file://", "")) : "(native)"}`;
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return [...totals].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms).slice(0, count);
}

function report(title: string, profile: Profile, txs: number): void {
  const rows = summarise(profile);
  const total = rows.reduce((sum, r) => sum + r.ms, 0);
  const line = ({ group, ms }: { group: string; ms: number }) => `  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${((ms * 1000) / txs).toFixed(0).padStart(5)} µs/tx  ${group}`;
  console.log(`\n${title}: ${total.toFixed(0)} ms sampled, ${((total * 1000) / txs).toFixed(0)} µs per tx`);
  for (const row of rows.filter((r) => r.ms / total >= 0.01)) console.log(line(row));
  console.log("  hottest functions:");
  for (const row of hottest(profile, 12)) console.log(line(row));
}

/** One ABCI connection as CometBFT uses it: requests written in a burst, answered in order. */
class AbciConnection {
  private readonly decoder = new FrameDecoder();
  private waiting?: { count: number; done: () => void };
  private answered = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk) => {
      this.answered += this.decoder.push(chunk).length;
      if (this.waiting && this.answered >= this.waiting.count) this.waiting.done();
    });
  }

  static open(port: number): Promise<AbciConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new AbciConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends pre-encoded frames and a Flush, and waits for every answer, which the client does not decode. */
  call(frames: Buffer[]): Promise<void> {
    const count = this.answered + frames.length + 1;
    return new Promise((resolve) => {
      this.waiting = { count, done: resolve };
      this.socket.write(Buffer.concat([...frames, FLUSH]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

const FLUSH = frame(Request.encode(Request.fromPartial({ flush: {} })).finish());

interface MempoolRound {
  cpuMs: { check: number; recheck: number; block: number };
  rechecks: number;
  blocks: number[];
}

const encodeRequest = (request: DeepPartial<Request>) => frame(Request.encode(Request.fromPartial(request)).finish());
const checkTxFrame = (tx: Uint8Array, type: 0 | 1) => encodeRequest({ checkTx: { tx, type } });

interface MempoolRound {
  cpuMs: { check: number; recheck: number; block: number };
  rechecks: number;
  blocks: number[];
}

/**
 * One replay of the localnet's load on a fresh app, its requests encoded beforehand so that only the app's side
 * is timed (and profiled, between `before` and `after`). Blocks take txs in mempool order up to max_gas.
 */
async function mempoolRound(txs: Uint8Array[], accounts: number, before: () => Promise<void>, after: () => Promise<void>): Promise<MempoolRound> {
  const { app, close } = openApp();
  app.initChain({
    time: GENESIS_TIME,
    chainId: DEFAULT_CHAIN_ID,
    validators: [],
    appStateBytes: Buffer.from(JSON.stringify(await devGenesis(accounts + 1))),
    initialHeight: 1n,
    consensusParams: { block: { maxBytes: 0n, maxGas: BLOCK_MAX_GAS } },
  });
  runBlock(app, 1, []);
  // As a node serves it (localnet/node.ts): behind the metrics wrapper, which times and counts every call.
  const server = new AbciServer(new AppMetrics(app, quietLogger).instrument(), quietLogger);
  await server.listen("127.0.0.1", 0);
  const [mempool, consensus] = await Promise.all([AbciConnection.open(server.port), AbciConnection.open(server.port)]);
  const perBlock = Number(BLOCK_MAX_GAS / BigInt(DEFAULT_FEE.gas));
  const checks = txs.map((tx) => checkTxFrame(tx, 0));
  const blocks: Array<{ size: number; requests: Buffer[]; rechecks: Buffer[] }> = [];
  for (let from = 0, height = 2; from < txs.length; from += perBlock, height++) {
    const time = { seconds: GENESIS_TIME.seconds + BigInt(height), nanos: 0 };
    const included = txs.slice(from, from + perBlock);
    blocks.push({
      size: included.length,
      requests: [
        encodeRequest({ finalizeBlock: { txs: included, height: BigInt(height), time, hash: new Uint8Array(32), nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) } }),
        encodeRequest({ commit: {} }),
      ],
      rechecks: txs.slice(from + perBlock).map((tx) => checkTxFrame(tx, 1)),
    });
  }
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const round: MempoolRound = { cpuMs: { check: 0, recheck: 0, block: 0 }, rechecks: 0, blocks: blocks.map((b) => b.size) };
  await before();
  let started = cpu();
  await mempool.call(checks);
  round.cpuMs.check += cpu() - started;
  for (const block of blocks) {
    started = cpu();
    await consensus.call(block.requests);
    round.cpuMs.block += cpu() - started;
    started = cpu();
    if (block.rechecks.length > 0) await mempool.call(block.rechecks);
    round.cpuMs.recheck += cpu() - started;
    round.rechecks += block.rechecks.length;
  }
  await after();
  mempool.close();
  consensus.close();
  await server.close();
  const committed = auth.getAccount(app.store, accAddressBytes((await (await devWallet(1)).getAccounts())[0].address));
  if (committed?.sequence !== BigInt(txs.length / accounts)) throw new Error(`the first account's sequence is ${committed?.sequence}: not every transfer was committed`);
  close();
  return round;
}

async function mempoolScenario(): Promise<void> {
  const accounts = 10;
  const perAccount = await presignTransfers(accounts, 600, undefined, process.env.SIGNED_TXS);
  const txs = perAccount[0].flatMap((_, seq) => perAccount.map((list) => list[seq]));
  const rounds = Number(process.env.ROUNDS ?? 3);
  const results: MempoolRound[] = [];
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  let profile: Profile | undefined;
  const unprofiled = async () => undefined;
  for (let i = 0; i < rounds; i++) results.push(await mempoolRound(txs, accounts, unprofiled, unprofiled));
  // one more round under the profiler, which slows what it samples, so it is not among the timed ones
  if (process.env.PROFILE !== "0") {
    const start = async () => void (await session.post("Profiler.start"));
    const stop = async () => void (profile = (await session.post("Profiler.stop")).profile as unknown as Profile);
    await mempoolRound(txs, accounts, start, stop);
  }
  session.disconnect();
  const os = await import("node:os");
  const { rechecks, blocks } = results[0];
  console.log(`${txs.length} transfers, blocks ${blocks.join(", ")}, ${rechecks} rechecks; ${new Date().toISOString()}, load average ${os.loadavg()[0].toFixed(1)}`);
  const perTx = (ms: number, n: number) => ((ms * 1000) / n).toFixed(0).padStart(5);
  const row = (name: string, values: number[], n: number) =>
    console.log(`  ${name.padEnd(28)} µs CPU per call, min ${perTx(Math.min(...values), n)}  median ${perTx(values.sort((a, b) => a - b)[values.length >> 1], n)}  max ${perTx(Math.max(...values), n)}`);
  row("new CheckTx", results.map((r) => r.cpuMs.check), txs.length);
  row("recheck", results.map((r) => r.cpuMs.recheck), rechecks);
  row("FinalizeBlock + Commit", results.map((r) => r.cpuMs.block), txs.length);
  row("all, per transfer", results.map((r) => r.cpuMs.check + r.cpuMs.recheck + r.cpuMs.block), txs.length);
  if (!profile) return;
  report("whole replay (one more round, profiled), per transfer", profile, txs.length);
  if (process.env.PROFILE_DIR) writeFileSync(path.join(process.env.PROFILE_DIR, "mempool.cpuprofile"), JSON.stringify(profile));
}

/** The app's ABCI methods (app/app.ts), by the function name a sample's stack passes through. */
const ABCI_PHASES: Record<string, string> = {
  checkNewTx: "CheckTx of a new tx",
  recheckTx: "recheck",
  prepareProposal: "PrepareProposal",
  processProposal: "ProcessProposal",
  extendVote: "ExtendVote",
  verifyVoteExtension: "VerifyVoteExtension",
  finalizeBlock: "FinalizeBlock",
  commit: "Commit",
  query: "Query",
  info: "Info",
};

/**
 * `npm run bench:profile -- chain <file.cpuprofile> <txs>`: the app process's profile from a real chain
 * (OPTCHAIN_APP_CPU_PROF, localnet/node.ts) split by the ABCI method each sample ran under, from the first
 * CheckTx sample to the last FinalizeBlock or Commit one (module loading and the idle start left out); samples
 * under no method are the ABCI server's own framing and protobuf, GC, idle, or other work (REST, timers).
 */
function chainProfile(file: string, txs: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile & { startTime: number };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOf = new Map<number, string>();
  const phase = (id: number): string => {
    const known = phaseOf.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    let found: string;
    if (url.endsWith("/app/app.ts") && ABCI_PHASES[functionName]) found = ABCI_PHASES[functionName];
    else if (functionName === "(garbage collector)" || functionName === "(idle)" || functionName === "(program)") found = functionName;
    else {
      const up = parent.get(id);
      const above = up === undefined ? "other (no ABCI method: REST, timers, LMDB callbacks)" : phase(up);
      found = above.startsWith("other") && /\/app\/abci\/(server|framing)\.ts$/.test(url) ? "ABCI server: framing, Request decode, Response encode" : above;
    }
    phaseOf.set(id, found);
    return found;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const phases = profile.samples.map(phase);
  const first = phases.findIndex((p) => p.startsWith("CheckTx"));
  let last = phases.length - 1;
  while (last > first && phases[last] !== "FinalizeBlock" && phases[last] !== "Commit") last--;
  const totals = new Map<string, number>();
  const inPhase = new Map<string, Profile>();
  for (let i = first; i <= last; i++) {
    const ms = profile.timeDeltas[i] / 1000;
    totals.set(phases[i], (totals.get(phases[i]) ?? 0) + ms);
    const part = inPhase.get(phases[i]) ?? { nodes: profile.nodes, samples: [], timeDeltas: [] };
    part.samples.push(profile.samples[i]);
    part.timeDeltas.push(profile.timeDeltas[i]);
    inPhase.set(phases[i], part);
  }
  const busy = [...totals].filter(([name]) => name !== "(idle)").reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`${path.basename(file)}: ${((times[last] - times[first]) / 1e6).toFixed(1)} s from the first CheckTx to the last block, ${busy.toFixed(0)} ms busy (idle left out), ${((busy * 1000) / txs).toFixed(0)} µs per tx of ${txs}`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${((ms * 1000) / txs).toFixed(0).padStart(5)} µs/tx  ${name}`);
  }
  for (const [name, part] of inPhase) if (name !== "(idle)" && (totals.get(name) ?? 0) / busy >= 0.05) report(name, part, txs);
}

async function main(): Promise<void> {
  if (process.argv[2] === "mempool") return mempoolScenario();
  if (process.argv[2] === "chain") return chainProfile(process.argv[3], Number(process.argv[4] ?? 6000));
  const perAccount = await presignTransfers(10, 500);
  const txs = perAccount[0].flatMap((_, seq) => perAccount.map((list) => list[seq]));
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  const fresh = async () => {
    const opened = openApp();
    initChain(opened.app, await devGenesis(10));
    runBlock(opened.app, 1, []);
    return opened;
  };
  const checker = await fresh();
  const check = await profiled(session, () => txs.filter((tx) => checker.app.checkTx({ tx, type: 0 }).code === 0).length);
  if (check.result !== txs.length) throw new Error(`only ${check.result} of ${txs.length} passed CheckTx`);
  checker.close();
  const proposer = await fresh();
  const block = await profiled(session, () => runBlock(proposer.app, 2, txs));
  if (block.result.txResults.some((r) => r.code !== 0)) throw new Error("a transfer failed in FinalizeBlock");
  proposer.close();
  session.disconnect();
  console.log(`${txs.length} transfers, ${new Date().toISOString()}, load average ${(await import("node:os")).loadavg()[0].toFixed(1)}`);
  report("CheckTx", check.profile, txs.length);
  report("FinalizeBlock + Commit, signatures not seen before", block.profile, txs.length);
  // for Chrome DevTools or speedscope: the whole call trees
  const out = process.env.PROFILE_DIR;
  if (out) {
    writeFileSync(path.join(out, "check-tx.cpuprofile"), JSON.stringify(check.profile));
    writeFileSync(path.join(out, "finalize-block.cpuprofile"), JSON.stringify(block.profile));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
