// `optd feeder --sidecar URL`: the commit-reveal feeder votes what the validator's running sidecar serves. Against a
// real `optd feeder sidecar` process on a simulated walk: each vote period it gets exactly the prices a feeder
// polling the same sources itself would vote, and a sidecar that is gone leaves it with no price (it abstains).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { sidecarSource } from "../cli/feeder";
import { loadFeederConfig } from "../client/feeder/config";
import { collectPrices } from "../client/feeder/sources";
import { PROJECT_ROOT } from "../localnet/cometbft";

jest.setTimeout(120_000);

const ASSETS = ["BTC", "ETH"];
const SOURCES = { sources: [{ type: "simulated", name: "walk", seed: "feeder-sidecar", start: { BTC: "65000000000", ETH: "3200000000" } }], assets: ASSETS };

let dir: string;
let sidecar: ChildProcess;
let url: string;
const spawned: ChildProcess[] = [];

/** A real `optd feeder sidecar` process on `config`, and the URL it serves once it says so. */
async function startSidecarProcess(config: object, name: string): Promise<{ child: ChildProcess; url: string }> {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "feeder", "sidecar", "--config", file, "--listen", "127.0.0.1:0"], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  spawned.push(child);
  const served = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const at = /at (http:\/\/127\.0\.0\.1:\d+)\/prices/.exec(output);
      if (at) resolve(at[1]);
    });
    child.on("exit", (code) => reject(new Error(`the sidecar exited with ${code} before serving: ${output}`)));
  });
  return { child, url: served };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "optchain-feeder-sidecar-"));
  ({ child: sidecar, url } = await startSidecarProcess(SOURCES, "sources"));
});

afterAll(() => {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

test("each vote period the feeder gets from the sidecar exactly what polling the same sources itself gives", async () => {
  const source = sidecarSource(url);
  const direct = loadFeederConfig(path.join(dir, "sources.json")).sources;
  for (const period of [1, 2, 3, 7]) {
    const viaSidecar = await collectPrices([source], { assets: ASSETS, period });
    const polled = await collectPrices(direct, { assets: ASSETS, period });
    expect(viaSidecar.problems).toEqual([]);
    expect(viaSidecar.prices.size).toBe(2);
    expect(viaSidecar.prices).toEqual(polled.prices);
  }
});

test("a sidecar that is gone gives no price: the feeder abstains", async () => {
  sidecar.kill("SIGKILL");
  await new Promise((resolve) => sidecar.once("exit", resolve));
  const collected = await collectPrices([sidecarSource(url, { timeoutMs: 500 })], { assets: ASSETS, period: 8 });
  expect(collected.prices.size).toBe(0);
  expect(collected.problems.join("\n")).toMatch(/sidecar/);
});

test("a sidecar whose sources went dead keeps serving its last prices: too old to vote, the feeder abstains", async () => {
  let up = true;
  const exchange = http.createServer((_req, res) => {
    if (up) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ BTC: "65000000000", ETH: "3200000000" }));
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => exchange.listen(0, "127.0.0.1", resolve));
  try {
    const source = { type: "http", name: "exchange", url: `http://127.0.0.1:${(exchange.address() as AddressInfo).port}/`, timeout_ms: 200 };
    const stale = await startSidecarProcess({ sources: [source], assets: ASSETS }, "stale");
    const feederSource = sidecarSource(stale.url, { maxAgeMs: 2_000 });
    expect((await collectPrices([feederSource], { assets: ASSETS, period: 1 })).prices.size).toBe(2);
    up = false;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const collected = await collectPrices([feederSource], { assets: ASSETS, period: 2 });
    expect(collected.prices.size).toBe(0);
    expect(collected.problems.join("\n")).toMatch(/collected \d+ ms ago/);
  } finally {
    exchange.close();
  }
});
