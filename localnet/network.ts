import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type NetworkOptions, type NodePorts, PRICE_SOURCES_FILE, buildNetwork, isInitialised, nodeConfigPath, nodeHome, readNodeConfig, setPriceSources } from "./genesis";
import { nodeHost, spawnAppProcess, spawnCometbft, spawnSidecar } from "./node";
import { httpJson } from "../app/api/http-json";
import { freePorts } from "./ports";

export interface NodeStatus {
  height: number;
  appHash: string;
  peers: number;
  catchingUp: boolean;
}

interface NodeProcesses {
  home: string;
  ports: NodePorts;
  /** the address its RPC and ABCI listen on */
  host: string;
  app?: ChildProcess;
  comet?: ChildProcess;
  /** the price sidecar its app asks for vote-extension prices */
  sidecar?: ChildProcess;
}

/**
 * N validators on loopback, each as two processes (app and CometBFT) so either can be killed alone, and a third,
 * its price sidecar, when prices come by vote extensions.
 * Used by `optd localnet` and by every test that needs a real chain.
 */
export class Localnet {
  readonly nodes: NodeProcesses[];

  private constructor(readonly dir: string, count: number, private readonly appEnv: NodeJS.ProcessEnv) {
    this.nodes = Array.from({ length: count }, (_, i) => {
      const home = nodeHome(dir, i);
      const config = readNodeConfig(home);
      return { home, ports: config.ports, host: nodeHost(config) };
    });
  }

  /** Builds the homes unless they exist (a second run resumes from disk); `reset` starts afresh. */
  static async create(
    options: Omit<NetworkOptions, "ports"> & { ports?: NodePorts[]; reset?: boolean; appEnv?: NodeJS.ProcessEnv },
  ): Promise<Localnet> {
    if (options.reset || !isInitialised(options.dir, options.validators)) {
      const ports = options.ports ?? (await freePorts(options.validators));
      await buildNetwork({ ...options, ports });
    } else {
      options.ports?.forEach((ports, i) => giveSidecar(nodeHome(options.dir, i), ports.sidecar));
    }
    return new Localnet(options.dir, options.validators, options.appEnv ?? {});
  }

  rpc(index: number): string {
    return `http://${this.nodes[index].host}:${this.nodes[index].ports.rpc}`;
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.nodes.length; i++) await this.startNode(i);
  }

  async startNode(index: number, appEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    await this.startSidecar(index);
    await this.startApp(index, appEnv);
    this.startComet(index);
    await this.waitForRpc(index);
  }

  async waitForRpc(index: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.isAlive(index)) throw new Error(`cometbft of node ${index} exited; see ${this.nodes[index].home}/cometbft.log`);
      if (await this.height(index).then(() => true, () => false)) return;
      if (Date.now() > deadline) throw new Error(`RPC of node ${index} did not answer within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  async startApp(index: number, appEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    const node = this.nodes[index];
    if (node.app && node.app.exitCode === null && node.app.signalCode === null) return;
    node.app = spawnAppProcess(node.home, { ...this.appEnv, ...appEnv });
    await waitForPort(node.host, node.ports.abci, node.app, "app");
  }

  /** Nothing for a node without one (commit-reveal); its log is <home>/sidecar.log. */
  async startSidecar(index: number): Promise<void> {
    const node = this.nodes[index];
    if (node.sidecar && node.sidecar.exitCode === null && node.sidecar.signalCode === null) return;
    node.sidecar = spawnSidecar(node.home);
    if (node.sidecar) await waitForPort(node.host, node.ports.sidecar!, node.sidecar, "price sidecar");
  }

  async killSidecar(index: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await stopProcess(this.nodes[index].sidecar, signal);
  }

  /** SIGSTOP: the sidecar still accepts connections (the kernel does) but answers nothing until resumed. */
  stallSidecar(index: number, stalled: boolean): void {
    this.nodes[index].sidecar?.kill(stalled ? "SIGSTOP" : "SIGCONT");
  }

  startComet(index: number): void {
    const node = this.nodes[index];
    if (node.comet && node.comet.exitCode === null && node.comet.signalCode === null) return;
    node.comet = spawnCometbft(node.home);
  }

  /** SIGSTOP: the node falls behind as if cut off, its peers' connections held open, until resumed. */
  stallComet(index: number, stalled: boolean): void {
    this.nodes[index].comet?.kill(stalled ? "SIGSTOP" : "SIGCONT");
  }

  async killApp(index: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await stopProcess(this.nodes[index].app, signal);
  }

  async killComet(index: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await stopProcess(this.nodes[index].comet, signal);
  }

  /** Stops CometBFT before its app, so it never sees its app vanish mid-request; the sidecar last. */
  async stopNode(index: number, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    await this.killComet(index, signal);
    await this.killApp(index, signal);
    this.stallSidecar(index, false);
    await this.killSidecar(index, signal);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((_, i) => this.stopNode(i)));
  }

  isAlive(index: number): boolean {
    const comet = this.nodes[index].comet;
    return !!comet && comet.exitCode === null && comet.signalCode === null;
  }

  async status(index: number): Promise<NodeStatus> {
    const status = await rpcGet(this.rpc(index), "status");
    const netInfo = await rpcGet(this.rpc(index), "net_info");
    return {
      height: Number(status.sync_info.latest_block_height),
      appHash: status.sync_info.latest_app_hash,
      peers: Number(netInfo.n_peers),
      catchingUp: status.sync_info.catching_up,
    };
  }

  async height(index: number): Promise<number> {
    const status = await rpcGet(this.rpc(index), "status");
    return Number(status.sync_info.latest_block_height);
  }

  /** App hash after executing block `height`, as recorded in the header of height+1. */
  async appHashAfter(index: number, height: number): Promise<string> {
    const block = await rpcGet(this.rpc(index), `block?height=${height + 1}`);
    return block.block.header.app_hash;
  }

  async blockHash(index: number, height: number): Promise<string> {
    const block = await rpcGet(this.rpc(index), `block?height=${height}`);
    return block.block_id.hash;
  }

  async waitForHeight(height: number, indexes = this.nodes.map((_, i) => i), timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const index of indexes) {
      for (;;) {
        const current = await this.height(index).catch(() => 0);
        if (current >= height) break;
        if (Date.now() > deadline) throw new Error(`node ${index} did not reach height ${height} within ${timeoutMs} ms (at ${current})`);
        await sleep(100);
      }
    }
  }
}

/** A home made when the app polled its sources itself: they become the config of a sidecar on `port`. */
function giveSidecar(home: string, port: number | undefined): void {
  const config = readNodeConfig(home);
  const sources = path.join(home, PRICE_SOURCES_FILE);
  if (config.ports.sidecar !== undefined || port === undefined || !existsSync(sources)) return;
  writeFileSync(nodeConfigPath(home), JSON.stringify({ ...config, ports: { ...config.ports, sidecar: port } }, null, 2));
  setPriceSources(home, JSON.parse(readFileSync(sources, "utf8")));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rpcGet(rpc: string, pathAndQuery: string): Promise<any> {
  const body = (await httpJson(`${rpc}/${pathAndQuery}`)) as { result?: unknown; error?: { data?: string; message?: string } };
  if (body.error) throw new Error(`${pathAndQuery}: ${body.error.data ?? body.error.message}`);
  return body.result;
}

async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A hang guard only: at load ~24 on 2 cores an app process once took over 30 s to listen, with a sidecar starting beside each node. */
async function waitForPort(host: string, port: number, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} process exited with code ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}
