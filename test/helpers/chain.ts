import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Localnet } from "../../localnet/network";
import type { NetworkOptions } from "../../localnet/genesis";
import { assertNoBrokenInvariants } from "./broken-events";

/**
 * A localnet in its own temp dir on free ports. `stop` first reads every block's results and fails if any
 * carries a broken-invariant or block-error event (see broken-events.ts), then kills every process and
 * removes the dir whatever that check found.
 */
export async function startTestnet(
  validators: number,
  options: Partial<Omit<NetworkOptions, "dir" | "validators">> & { appEnv?: NodeJS.ProcessEnv } = {},
): Promise<{ net: Localnet; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-test-"));
  const net = await Localnet.create({ dir, validators, timeoutCommitMs: 100, ...options });
  await net.start();
  await net.waitForHeight(2, undefined, 90_000);
  return {
    net,
    dir,
    stop: async () => {
      try {
        await assertNoBrokenInvariants(net);
      } finally {
        await net.stop();
        if (!process.env.KEEP_TEST_CHAIN) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
