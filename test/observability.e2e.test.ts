// What an operator scrapes and ships from one real node run by `optd start --log-format json`: CometBFT's
// Prometheus endpoint on the port the home's config names, the app's /metrics on the REST API, and logs that
// are JSON lines from the first to the last.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { type NodePorts, buildNetwork, cometConfigPath, nodeHome } from "../localnet/genesis";
import { sleep } from "../localnet/network";
import { freePorts } from "../localnet/ports";

jest.setTimeout(120_000);

const OPTD = [path.join(PROJECT_ROOT, "cli", "optd.ts")];
const optd = (args: string[]) => spawn(process.execPath, ["--import", "tsx", ...OPTD, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid) } });

/** The value of an unlabelled sample in a Prometheus text exposition. */
function value(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("a node's metrics and JSON logs", () => {
  let dir: string;
  let home: string;
  let ports: NodePorts;
  let node: ChildProcess | undefined;
  let stdout = "";
  let stderr = "";

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "optchain-observability-"));
    [ports] = await freePorts(1);
    await buildNetwork({ dir, validators: 1, ports: [ports], timeoutCommitMs: 100 });
    home = nodeHome(dir, 0);
  });

  afterAll(async () => {
    if (node && node.exitCode === null) {
      node.kill("SIGTERM");
      await once(node, "exit");
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("the generated config.toml turns CometBFT's Prometheus on, on the node's own port", () => {
    const config = parse(readFileSync(cometConfigPath(home), "utf8")) as Record<string, Record<string, unknown>>;
    expect(config.instrumentation).toMatchObject({ prometheus: true, prometheus_listen_addr: `127.0.0.1:${ports.prometheus}` });
  });

  test("an unknown --log-format is refused before anything starts or is saved", () => {
    const before = readFileSync(cometConfigPath(home), "utf8");
    const result = spawnSync(process.execPath, ["--import", "tsx", ...OPTD, "start", "--home", home, "--log-format", "xml", "--rpc.laddr", "tcp://127.0.0.1:1"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--log-format wants text or json, got "xml"');
    const badAddress = spawnSync(process.execPath, ["--import", "tsx", ...OPTD, "start", "--home", home, "--instrumentation.prometheus-listen-addr", "tcp://127.0.0.1:26660"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(badAddress.status).toBe(1);
    expect(badAddress.stderr).toContain("--instrumentation.prometheus-listen-addr wants [HOST]:PORT");
    expect(readFileSync(cometConfigPath(home), "utf8")).toBe(before);
  });

  test("optd start --log-format json: blocks show in both /metrics, and every log line is a JSON object", async () => {
    node = optd(["start", "--home", home, "--log-format", "json"]);
    node.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    node.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

    const deadline = Date.now() + 60_000;
    let app = "";
    for (;;) {
      if (node.exitCode !== null) throw new Error(`optd start exited with ${node.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no block 3 within a minute; stdout:\n${stdout}`);
      app = await fetch(`http://127.0.0.1:${ports.api}/metrics`).then((r) => r.text(), () => "");
      if ((value(app, "optchain_block_height") ?? 0) >= 3) break;
      await sleep(200);
    }
    expect(value(app, "optchain_finalize_block_duration_seconds_count")).toBeGreaterThanOrEqual(3);
    expect(value(app, "optchain_commit_duration_seconds_count")).toBeGreaterThanOrEqual(3);
    const comet = await (await fetch(`http://127.0.0.1:${ports.prometheus}/metrics`)).text();
    expect(comet).toMatch(/^cometbft_consensus_height\{chain_id="[^"]+"\} [0-9]+$/m);

    node.kill("SIGTERM");
    await once(node, "exit");
    const lines = stdout.split("\n").filter((line) => line !== "");
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records) expect(record).toMatchObject({ level: expect.stringMatching(/^(info|error)$/), time: expect.any(String), component: expect.any(String), msg: expect.any(String) });
    const messages = records.map((r) => `${r.component} ${r.msg}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^app ABCI listening on 127\.0\.0\.1:/), expect.stringMatching(/^app REST API listening/), expect.stringMatching(/^optd CometBFT started/)]));
    // errors, if any, go to stderr in the same form
    for (const line of stderr.split("\n").filter((l) => l !== "")) expect(JSON.parse(line)).toMatchObject({ level: "error" });
  });
});
