import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Localnet } from "../../localnet/network";
import { freePorts } from "../../localnet/ports";
import { type HostNetwork, createHostNetwork, netnsUnavailable } from "../../localnet/netns";

/** `describe`, or `describe.skip` with the reason printed where namespaces cannot be made (not root, no iproute2). */
export function describeWithNetns(file: string): jest.Describe {
  const unavailable = netnsUnavailable();
  if (unavailable) console.warn(`SKIPPED ${file}: ${unavailable}`);
  return unavailable ? describe.skip : describe;
}

/** A localnet whose validators each run in their own namespace on a bridge made for it; `stop` removes it all. */
export async function startNetnsChain(validators: number): Promise<{ hosts: HostNetwork; localnet: Localnet; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-netns-"));
  const hosts = createHostNetwork(validators, `t${process.pid % 100_000}`);
  try {
    // Ports free on the host are free in the fresh namespaces too.
    const localnet = await Localnet.create({ dir, validators, ports: await freePorts(validators), timeoutCommitMs: 200, hosts: hosts.hosts, netns: hosts.namespaces });
    await localnet.start();
    return {
      hosts,
      localnet,
      stop: async () => {
        await localnet.stop();
        hosts.remove();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    hosts.remove();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
