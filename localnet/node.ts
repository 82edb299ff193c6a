import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AbciServer } from "../app/abci/server";
import { SidecarPriceFeed } from "../app/abci/price-feed";
import { OptchainApp } from "../app/app";
import { type LogFormat, consoleLogger } from "../app/logger";
import { AppMetrics } from "../app/metrics";
import { testFaultsFromEnv } from "../app/faults";
import { resumedHaltsFromEnv } from "../modules/circuit/halt";
import type { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import type { UpgradeHandlers } from "../modules/upgrade/expected";
import { writeUpgradeInfo } from "../modules/upgrade/info";
import { cometbftBinary, PROJECT_ROOT } from "./cometbft";
import { type NodeConfig, PRICE_SOURCES_FILE, appDataDir, cometConfigPath, cometHome, nodeConfigPath, readNodeConfig } from "./genesis";
import { setToml } from "./toml";
import { snapshotOptions } from "./statesync";
import { type ApiConfig, DEFAULT_API_PORT, DEFAULT_GRPC_PORT, parseApiAddress } from "../app/api/config";
import { startRestServer } from "../app/api/rest";
import { startGrpcServer } from "../app/api/grpc";

export interface RunningApp {
  app: OptchainApp;
  metrics: AppMetrics;
  server: AbciServer;
  /** The app stopped its node for a plan it has no handler for (the node then exits with UPGRADE_NEEDED_EXIT_CODE). */
  readonly upgradeNeeded: boolean;
  stop(): Promise<void>;
}

/**
 * The app half of a node: the ABCI server on the port the node's optd.json names. `resumeHalts` (with
 * OPTCHAIN_RESUME_HALT) are guardian halt heights the operator restarts past. CometBFT calls the app through
 * its metrics' wrapper, which times and counts each call; the REST API serves them at /metrics.
 */
export async function startApp(
  home: string,
  quiet = false,
  resumeHalts: readonly bigint[] = [],
  logFormat: LogFormat = "text",
  upgradeHandlers: UpgradeHandlers = new Map(),
): Promise<RunningApp> {
  const config = readNodeConfig(home);
  const log = consoleLogger("app", quiet, logFormat);
  const faults = testFaultsFromEnv(process.env);
  if (Object.keys(faults).length > 0) log.error(`UNSAFE test faults switched on: ${JSON.stringify(faults, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  const resume = [...resumedHaltsFromEnv(process.env), ...resumeHalts];
  const priceFeed = config.oracle_sidecar ? new SidecarPriceFeed(config.oracle_sidecar, { log }) : undefined;
  priceFeed?.start();
  let upgradeNeeded: Plan | undefined;
  const app = new OptchainApp({
    dataDir: appDataDir(home),
    logger: log,
    keepRecent: config.keep_recent,
    minRetainBlocks: config.min_retain_blocks ?? 0,
    snapshots: snapshotOptions(home, config),
    faults,
    resumeHalts: resume,
    priceFeed,
    upgradeHandlers,
    // Every validator reaches the plan's height on the same state, so each stops there alike; cosmovisor (or the
    // operator) restarts the home with a binary that has the plan's handler. SIGTERM is the node's own clean stop.
    onUpgradeNeeded: (plan) => {
      upgradeNeeded = plan;
      log.error("stopping for the upgrade");
      setImmediate(() => process.kill(process.pid, "SIGTERM"));
    },
  });
  // Restarted on a state whose plan is due: this binary could only refuse every block, or fork.
  const committed = BigInt(app.store.lastHeight);
  const due = app.upgrade.refusal(app.store, committed + 1n);
  if (due !== undefined) {
    if (due.needsBinary) writeUpgradeInfo(home, due.plan);
    priceFeed?.stop();
    app.close();
    throw new Error(`${due.reason}; this binary cannot go past height ${committed}: start the home with the binary made for ${due.plan.name}`);
  }
  if (resume.length > 0) log.info(`resuming past guardian halt height(s) ${resume.join(", ")}`);
  const metrics = new AppMetrics(app, log);
  const server = new AbciServer(metrics.instrument(), log);
  const host = nodeHost(config);
  await server.listen(host, config.ports.abci);
  log.info(`ABCI listening on ${host}:${config.ports.abci}, committed height ${app.store.lastHeight}`);
  const api = await startRestServer({ app, rpcUrl: `http://${host}:${config.ports.rpc}`, log, config: apiConfig(config), metrics });
  const grpc = await startGrpcServer({ app, rpcUrl: `http://${host}:${config.ports.rpc}`, log, config: grpcConfig(config) });
  return {
    app,
    metrics,
    server,
    get upgradeNeeded() {
      return upgradeNeeded !== undefined;
    },
    async stop() {
      await api?.close();
      await grpc?.close();
      await server.close();
      priceFeed?.stop();
      app.close();
      // Last, as the process exits: cosmovisor (v1.5.0) runs `optd status` when it sees the file, seconds for a
      // node script, and if the node exits meanwhile its exit path and its poll race and it gives up. Found at the
      // exit, the file is seen once, by the exit path.
      if (upgradeNeeded) log.error(`wrote ${writeUpgradeInfo(home, upgradeNeeded)}`);
    },
  };
}

/** `optd start`'s flags; each absent one leaves the home's setting as it is. */
export interface StartFlags {
  genesis?: string;
  p2pLaddr?: string;
  externalAddress?: string;
  seeds?: string;
  persistentPeers?: string;
  rpcLaddr?: string;
  /** The ABCI server's address (simd's --address), CometBFT's proxy_app. */
  address?: string;
  minRetainBlocks?: number;
  /** --pruning: the app state versions kept for queries at past heights (optd.json keep_recent) */
  pruning?: string;
  /** app.toml's api.address and api.enable */
  apiAddress?: string;
  apiEnable?: boolean;
  /** app.toml's grpc.address and grpc.enable */
  grpcAddress?: string;
  grpcEnable?: boolean;
  /** config.toml's instrumentation.prometheus_listen_addr (CometBFT's own metrics) */
  prometheusAddress?: string;
  /** --oracle.sidecar: the price sidecar ExtendVote's prices come from (optd.json oracle_sidecar); "" = none, abstain */
  oracleSidecar?: string;
}

/** The REST API's settings: as `optd start --api.*` saved them, else on at 127.0.0.1 on the home's API port. */
export function apiConfig(config: NodeConfig): ApiConfig {
  return config.api ?? { enable: true, address: `tcp://${nodeHost(config)}:${config.ports.api ?? DEFAULT_API_PORT}` };
}

/** Where the node's listeners are: its own address in a multi-host net, else loopback. */
export const nodeHost = (config: NodeConfig) => config.host ?? "127.0.0.1";

/** The command line as given, or run inside the node's network namespace when it has one. */
function inNamespace(config: NodeConfig, command: string, args: string[]): [string, string[]] {
  return config.netns ? ["ip", ["netns", "exec", config.netns, command, ...args]] : [command, args];
}

/** The gRPC API's settings: as `optd start --grpc.*` saved them, else on at 127.0.0.1 on the home's gRPC port (off in a home that has none). */
export function grpcConfig(config: NodeConfig): ApiConfig {
  return config.grpc ?? { enable: config.ports.grpc !== undefined, address: `tcp://${nodeHost(config)}:${config.ports.grpc ?? DEFAULT_GRPC_PORT}` };
}

/**
 * `--pruning`, as the SDK's strategies: versions of the app state kept for queries at past heights (0 = all).
 * Snapshots read the latest state, never old versions, so any setting still serves state sync.
 */
export function pruningKeepRecent(value: string): number {
  const strategies: Record<string, number> = { nothing: 0, default: 362_880, everything: 2 };
  if (Object.hasOwn(strategies, value)) return strategies[value];
  const match = /^keep-recent=([1-9][0-9]{0,9})$/.exec(value);
  if (!match) throw new Error(`--pruning wants nothing, default, everything or keep-recent=N (N >= 1), got "${value}"`);
  return Number(match[1]);
}

const LADDR = /^tcp:\/\/[^\s/:]+:([0-9]{1,5})$/;
const PEER = /^[0-9a-f]{40}@[^\s/:@,]+:[0-9]{1,5}$/;

/**
 * Saves start flags into the home before CometBFT starts: config.toml, which `cometbft start` reads, and
 * optd.json, which the app reads; a later start without flags keeps them. Every value is checked first, so a
 * typo is refused here with its flag's name instead of surfacing later in cometbft.log.
 */
export function saveStartFlags(home: string, flags: StartFlags): void {
  const port = (value: string, name: string, pattern = LADDR) => {
    const match = pattern.exec(value);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) {
      throw new Error(`--${name} wants ${pattern === LADDR ? "tcp://HOST:PORT" : "tcp://127.0.0.1:PORT"}, got "${value}"`);
    }
    return Number(match[1]);
  };
  const peers = (value: string, name: string) => {
    if (value !== "" && !value.split(",").every((peer) => PEER.test(peer))) throw new Error(`--${name} wants NODE_ID@HOST:PORT[,…] (40 hex digits of node id), got "${value}"`);
    return value;
  };
  const config = readNodeConfig(home);
  const saved = JSON.stringify(config);
  const settings: Array<[string, string, string]> = [];
  if (flags.genesis !== undefined) {
    const file = path.resolve(flags.genesis);
    if (!existsSync(file)) throw new Error(`--genesis ${file} does not exist`);
    // `optd export` names the chain from optd.json: it follows the genesis the node now runs.
    config.chain_id = String(JSON.parse(readFileSync(file, "utf8")).chain_id);
    settings.push(["", "genesis_file", file]);
  }
  if (flags.p2pLaddr !== undefined) {
    config.ports.p2p = port(flags.p2pLaddr, "p2p.laddr");
    settings.push(["p2p", "laddr", flags.p2pLaddr]);
  }
  if (flags.externalAddress !== undefined) {
    if (!/^[^\s/:]+:[0-9]{1,5}$/.test(flags.externalAddress)) throw new Error(`--p2p.external-address wants HOST:PORT, got "${flags.externalAddress}"`);
    settings.push(["p2p", "external_address", flags.externalAddress]);
  }
  if (flags.seeds !== undefined) settings.push(["p2p", "seeds", peers(flags.seeds, "p2p.seeds")]);
  if (flags.persistentPeers !== undefined) settings.push(["p2p", "persistent_peers", peers(flags.persistentPeers, "p2p.persistent-peers")]);
  if (flags.rpcLaddr !== undefined) {
    config.ports.rpc = port(flags.rpcLaddr, "rpc.laddr");
    settings.push(["rpc", "laddr", flags.rpcLaddr]);
  }
  if (flags.address !== undefined) {
    // The ABCI socket answers anyone who reaches it as if it were CometBFT: it listens on loopback only.
    config.ports.abci = port(flags.address, "address", /^tcp:\/\/127\.0\.0\.1:([0-9]{1,5})$/);
    settings.push(["", "proxy_app", flags.address]);
  }
  if (flags.prometheusAddress !== undefined) {
    const match = /^[^\s/:]*:([0-9]{1,5})$/.exec(flags.prometheusAddress);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) throw new Error(`--instrumentation.prometheus-listen-addr wants [HOST]:PORT, got "${flags.prometheusAddress}"`);
    config.ports.prometheus = Number(match[1]);
    settings.push(["instrumentation", "prometheus_listen_addr", flags.prometheusAddress]);
  }
  if (flags.oracleSidecar === "") delete config.oracle_sidecar;
  else if (flags.oracleSidecar !== undefined) {
    if (!/^http:\/\/[^\s/:@]+:[0-9]{1,5}\/?$/.test(flags.oracleSidecar)) throw new Error(`--oracle.sidecar wants http://HOST:PORT (the sidecar's listen address), got "${flags.oracleSidecar}"`);
    config.oracle_sidecar = flags.oracleSidecar.replace(/\/$/, "");
  }
  if (flags.minRetainBlocks !== undefined) config.min_retain_blocks = flags.minRetainBlocks;
  if (flags.pruning !== undefined) config.keep_recent = pruningKeepRecent(flags.pruning);
  if (flags.apiAddress !== undefined || flags.apiEnable !== undefined) {
    const api = { ...apiConfig(config) };
    if (flags.apiAddress !== undefined) {
      config.ports.api = parseApiAddress(flags.apiAddress).port;
      api.address = flags.apiAddress;
    }
    if (flags.apiEnable !== undefined) api.enable = flags.apiEnable;
    config.api = api;
  }
  if (flags.grpcAddress !== undefined || flags.grpcEnable !== undefined) {
    const grpc = { ...grpcConfig(config) };
    if (flags.grpcAddress !== undefined) {
      config.ports.grpc = parseApiAddress(flags.grpcAddress, "--grpc.address").port;
      grpc.address = flags.grpcAddress;
      // Naming an address asks for the API, even in a home made before it (where it is off by default).
      if (flags.grpcEnable === undefined) grpc.enable = true;
    }
    if (flags.grpcEnable !== undefined) grpc.enable = flags.grpcEnable;
    config.grpc = grpc;
  }
  // Rewriting config.toml drops its comments: only when a flag changes it.
  if (settings.length > 0) {
    let toml = readFileSync(cometConfigPath(home), "utf8");
    for (const [section, key, value] of settings) toml = setToml(toml, section, key, value);
    writeFileSync(cometConfigPath(home), toml);
  }
  if (JSON.stringify(config) !== saved) writeFileSync(nodeConfigPath(home), JSON.stringify(config, null, 2));
}

/** The CometBFT half, with its output in <home>/cometbft.log. */
export function spawnCometbft(home: string): ChildProcess {
  const log = openSync(path.join(home, "cometbft.log"), "a");
  const [command, args] = inNamespace(readNodeConfig(home), cometbftBinary(), ["start", "--home", cometHome(home)]);
  const child = spawn(command, args, { stdio: ["ignore", log, log] });
  closeSync(log);
  return child;
}

/**
 * The node's price sidecar (`optd feeder sidecar`) on the home's sources and sidecar port, with its output in
 * <home>/sidecar.log; none for a home without them (commit-reveal, or made before sidecars).
 */
export function spawnSidecar(home: string): ChildProcess | undefined {
  const config = readNodeConfig(home);
  const sources = path.join(home, PRICE_SOURCES_FILE);
  if (config.ports.sidecar === undefined || !existsSync(sources)) return undefined;
  const log = openSync(path.join(home, "sidecar.log"), "a");
  const optd = ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "feeder", "sidecar", "--config", sources, "--listen", `${nodeHost(config)}:${config.ports.sidecar}`];
  const [command, args] = inNamespace(config, process.execPath, optd);
  const child = spawn(command, args, { stdio: ["ignore", log, log], cwd: PROJECT_ROOT, env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid) } });
  closeSync(log);
  return child;
}

/**
 * A separate app process (`optd start --abci-only`), so tests and the localnet can kill app and CometBFT apart.
 * OPTCHAIN_APP_CPU_PROF=dir runs it under `node --cpu-prof` (refused in NODE_OPTIONS): V8's sampling profile
 * of the whole process, written to dir when it stops on SIGTERM (bench/README.md, "The app on a real chain").
 */
export function spawnAppProcess(home: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = openSync(path.join(home, "app.log"), "a");
  const profileDir = process.env.OPTCHAIN_APP_CPU_PROF;
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-interval", "500"] : [];
  const optd = [...profile, "--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "start", "--abci-only", "--home", home];
  const [command, args] = inNamespace(readNodeConfig(home), process.execPath, optd);
  const child = spawn(command, args, {
    stdio: ["ignore", log, log],
    cwd: PROJECT_ROOT,
    env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid), ...env },
  });
  closeSync(log);
  return child;
}
