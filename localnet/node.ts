import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { AbciServer } from "../app/abci/server";
import { OptchainApp } from "../app/app";
import { consoleLogger } from "../app/logger";
import { testFaultsFromEnv } from "../app/faults";
import { resumedHaltsFromEnv } from "../modules/circuit/halt";
import { cometbftBinary, PROJECT_ROOT } from "./cometbft";
import { appDataDir, cometHome, readNodeConfig } from "./genesis";

export interface RunningApp {
  app: OptchainApp;
  server: AbciServer;
  stop(): Promise<void>;
}

/**
 * The app half of a node: the ABCI server on the port the node's optd.json names. `resumeHalts` (with
 * OPTCHAIN_RESUME_HALT) are guardian halt heights the operator restarts past.
 */
export async function startApp(home: string, quiet = false, resumeHalts: readonly bigint[] = []): Promise<RunningApp> {
  const config = readNodeConfig(home);
  const log = consoleLogger("app", quiet);
  const faults = testFaultsFromEnv(process.env);
  if (Object.keys(faults).length > 0) log.error(`UNSAFE test faults switched on: ${JSON.stringify(faults, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  const resume = [...resumedHaltsFromEnv(process.env), ...resumeHalts];
  const app = new OptchainApp({ dataDir: appDataDir(home), logger: log, keepRecent: config.keep_recent, faults, resumeHalts: resume });
  if (resume.length > 0) log.info(`resuming past guardian halt height(s) ${resume.join(", ")}`);
  const server = new AbciServer(app, log);
  await server.listen("127.0.0.1", config.ports.abci);
  log.info(`ABCI listening on 127.0.0.1:${config.ports.abci}, committed height ${app.store.lastHeight}`);
  return {
    app,
    server,
    async stop() {
      await server.close();
      app.close();
    },
  };
}

/** The CometBFT half, with its output in <home>/cometbft.log. */
export function spawnCometbft(home: string): ChildProcess {
  const log = openSync(path.join(home, "cometbft.log"), "a");
  const child = spawn(cometbftBinary(), ["start", "--home", cometHome(home)], { stdio: ["ignore", log, log] });
  closeSync(log);
  return child;
}

/** A separate app process (`optd start --abci-only`), so tests and the localnet can kill app and CometBFT apart. */
export function spawnAppProcess(home: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = openSync(path.join(home, "app.log"), "a");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "start", "--abci-only", "--home", home], {
    stdio: ["ignore", log, log],
    cwd: PROJECT_ROOT,
    env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid), ...env },
  });
  closeSync(log);
  return child;
}
