// Ports for localnet nodes that nothing else on the machine can take between the choice and the node's bind.
//
// A port the kernel hands out for listen(0) lies in its ephemeral range, where every outgoing connection on the
// machine also takes its local port: under load (a chaos run's RPC polling and p2p dialling) one of them took a
// port freed a moment before the node bound it, and the node died of EADDRINUSE. Ports outside that range are
// never handed out by the kernel, so only programs that bind fixed ports can want them: other localnets, which
// claim each port with a lock file first, and anything already listening, which the bind probe sees.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { NodePorts } from "./genesis";

const PORTS_PER_NODE = 7;
/** Below it sit the well-known and registered ports that services on a developer's machine commonly bind. */
const LOWEST_PORT = 10_000;
const HIGHEST_PORT = 65_535;
const LOCK_DIR = path.join(os.tmpdir(), "optchain-localnet-ports");

/** The kernel's ephemeral range (net.ipv4.ip_local_port_range), Linux's default where it cannot be read. */
export function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low <= high) return { low, high };
  } catch {
    // not Linux: fall through
  }
  return { low: 32_768, high: 60_999 };
}

/** Every port at or above LOWEST_PORT that the kernel never hands out on its own. */
function candidatePorts(): number[] {
  const { low, high } = ephemeralRange();
  const out: number[] = [];
  for (let port = LOWEST_PORT; port <= HIGHEST_PORT; port++) if (port < low || port > high) out.push(port);
  return out;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock file of a port for this process. A lock whose owner has exited is stale and taken over; a
 * claim lasts as long as the claiming process (a jest worker keeps its ports for all its test files).
 */
export function claimPortLock(port: number, lockDir = LOCK_DIR): boolean {
  mkdirSync(lockDir, { recursive: true });
  const file = path.join(lockDir, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let owner: number;
    try {
      owner = Number(readFileSync(file, "utf8"));
    } catch {
      continue; // released between our open and read
    }
    // A lock being written has no pid yet: its writer is alive.
    if (owner === process.pid || !Number.isInteger(owner) || owner <= 0 || processAlive(owner)) return false;
    try {
      unlinkSync(file);
    } catch {
      // another claimant removed it first; the next open decides
    }
  }
  return false;
}

export function releasePortLock(port: number, lockDir = LOCK_DIR): void {
  try {
    if (Number(readFileSync(path.join(lockDir, String(port)), "utf8")) === process.pid) unlinkSync(path.join(lockDir, String(port)));
  } catch {
    // not ours or already gone
  }
}

/** Nothing listens on the port on any address: a wildcard bind fails if something holds it on any one. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The port's lock, kept only if nothing listens on the port. */
export async function claimFreePort(port: number, lockDir = LOCK_DIR): Promise<boolean> {
  if (!claimPortLock(port, lockDir)) return false;
  if (await bindable(port)) return true;
  releasePortLock(port, lockDir);
  return false;
}

/**
 * Ports for `nodes` localnet nodes, seven each (p2p, rpc, abci, api, prometheus, grpc, sidecar): outside the
 * kernel's ephemeral range, claimed by lock file against other localnets (other test files, other runs), and
 * free when chosen. Each call starts at a random place in the range, so concurrent claimants rarely meet.
 */
export async function freePorts(nodes: number, lockDir = LOCK_DIR): Promise<NodePorts[]> {
  const candidates = candidatePorts();
  const start = Math.floor(Math.random() * candidates.length);
  const ports: number[] = [];
  for (let i = 0; i < candidates.length && ports.length < nodes * PORTS_PER_NODE; i++) {
    const port = candidates[(start + i) % candidates.length];
    if (await claimFreePort(port, lockDir)) ports.push(port);
  }
  if (ports.length < nodes * PORTS_PER_NODE) throw new Error(`only ${ports.length} free ports outside the ephemeral range for ${nodes} nodes`);
  return Array.from({ length: nodes }, (_, i) => {
    const [p2p, rpc, abci, api, prometheus, grpc, sidecar] = ports.slice(PORTS_PER_NODE * i, PORTS_PER_NODE * (i + 1));
    return { p2p, rpc, abci, api, prometheus, grpc, sidecar };
  });
}
