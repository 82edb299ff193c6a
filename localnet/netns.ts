// Validators on separate "hosts" on one machine: each in its own Linux network namespace with its own address on a
// bridge, so p2p, external addresses and peers work as between machines (nothing reaches another node over
// loopback). Made and removed with iproute2 (`ip`), which needs root (CAP_NET_ADMIN).
import { execFileSync } from "node:child_process";

export interface HostNetwork {
  /** node i's address on the bridge */
  hosts: string[];
  /** node i's namespace (`ip netns exec NAME …`) */
  namespaces: string[];
  bridge: string;
  /** the host's own address on the bridge, from which tests and the localnet's status line reach the nodes */
  gateway: string;
  /** Deletes the namespaces (and with them their veth ends) and the bridge; safe to call twice. */
  remove(): void;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

/** Why namespaces cannot be made here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== "linux") return `network namespaces are Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "making network namespaces needs root (CAP_NET_ADMIN)";
  try {
    ip("netns", "list");
  } catch (err) {
    return `iproute2's ip cannot list namespaces: ${(err as Error).message.split("\n")[0]}`;
  }
  return undefined;
}

/**
 * `count` namespaces `<tag>n<i>` on bridge `<tag>br`, in 10.<a>.<b>.0/24 with the bridge at .1 and node i at
 * .(10 + i). The subnet comes from the tag, so two networks with different tags never share addresses; an old
 * network with the same tag (left by a killed run) is removed first.
 */
export function createHostNetwork(count: number, tag: string): HostNetwork {
  if (!/^[a-z][a-z0-9]{0,7}$/.test(tag)) throw new Error(`network tag must be 1-8 lowercase letters or digits, got "${tag}"`);
  if (count < 1 || count > 200) throw new Error(`between 1 and 200 hosts, got ${count}`);
  const hash = [...tag].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 62_500, 7);
  const subnet = `10.${200 + Math.floor(hash / 250) % 50}.${hash % 250}`;
  const bridge = `${tag}br`;
  const namespaces = Array.from({ length: count }, (_, i) => `${tag}n${i}`);
  const network: HostNetwork = {
    hosts: namespaces.map((_, i) => `${subnet}.${10 + i}`),
    namespaces,
    bridge,
    gateway: `${subnet}.1`,
    remove() {
      const existing = ip("netns", "list");
      for (const name of namespaces) if (new RegExp(`^${name}( |$)`, "m").test(existing)) ip("netns", "delete", name);
      if (ip("link", "show").includes(` ${bridge}:`)) ip("link", "delete", bridge, "type", "bridge");
    },
  };
  network.remove();
  try {
    ip("link", "add", bridge, "type", "bridge");
    ip("addr", "add", `${network.gateway}/24`, "dev", bridge);
    ip("link", "set", bridge, "up");
    namespaces.forEach((name, i) => {
      const [outside, inside] = [`${tag}v${i}`, `${tag}p${i}`];
      ip("netns", "add", name);
      ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      ip("link", "set", inside, "netns", name);
      ip("link", "set", outside, "master", bridge);
      ip("link", "set", outside, "up");
      ip("-n", name, "addr", "add", `${network.hosts[i]}/24`, "dev", inside);
      ip("-n", name, "link", "set", inside, "up");
      ip("-n", name, "link", "set", "lo", "up");
      ip("-n", name, "route", "add", "default", "via", network.gateway);
    });
  } catch (err) {
    network.remove();
    throw err;
  }
  return network;
}
