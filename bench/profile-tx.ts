/**
 * `npm run bench:profile`: where the app's CPU goes per transfer. Runs CheckTx on 5,000 CosmJS-signed
 * transfers, then FinalizeBlock + Commit of the same txs on an app that never checked them (a block another
 * validator proposed), under V8's sampling profiler, and prints self time grouped by what the code does.
 * Sampling attributes time to the function on top of the stack: the groups below are exclusive, and their sum
 * is the whole measured phase. Not a test.
 */
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { devGenesis, initChain, openApp, runBlock } from "../test/helpers/inprocess";
import { presignTransfers } from "./signed-txs";

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

async function main(): Promise<void> {
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
