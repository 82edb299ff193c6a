// Vote-extension prices on a real 4-validator localnet: each app polls its own sources (the feeder's simulated
// walk) and signs them into its precommits; validator 3's source is down, so it abstains. timeout_commit 400 ms: at
// 100 ms on a loaded 2-core machine the proposer's commit often lacks one honest precommit, and 2 of 4 is no quorum.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { accAddressBytes, toValoper } from "../app/address";
import { devWallet } from "../client";
import type { FeederConfig } from "../client/feeder/sources";
import { SIMULATED_START } from "../localnet/feeders";
import { nodeConfigPath, readNodeConfig } from "../localnet/genesis";
import { Localnet } from "../localnet/network";
import { optchain } from "../proto/gen/optchain";
import { blockEvents, until } from "./helpers/live";

jest.setTimeout(240_000);
const pb = optchain.oracle.v1;

async function abciQuery(rpc: string, route: string, data: Uint8Array): Promise<Uint8Array> {
  const url = `${rpc}/abci_query?path=%22${encodeURIComponent(route)}%22&data=0x${Buffer.from(data).toString("hex")}`;
  const { result } = (await (await fetch(url)).json()) as { result: { response: { code?: number; log?: string; value?: string } } };
  if (result.response.code) throw new Error(result.response.log);
  return Buffer.from(result.response.value ?? "", "base64");
}

test("prices move every block from vote extensions; with one price source down they still update and its validator misses", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-ve-"));
  const net = await Localnet.create({ dir, validators: 4, timeoutCommitMs: 400, voteExtensionsEnableHeight: 2 });
  try {
    const honest: FeederConfig = { sources: [{ type: "simulated", name: "simulated", seed: "optchain-localnet", start: SIMULATED_START }] };
    // Nothing listens on port 1: every poll fails, as when a validator's price sidecar is down.
    const down: FeederConfig = { sources: [{ type: "http", name: "sidecar", url: "http://127.0.0.1:1/prices", timeout_ms: 100 }], assets: ["BTC"] };
    net.nodes.forEach((node, i) => {
      writeFileSync(path.join(node.home, "price-sources.json"), JSON.stringify(i === 3 ? down : honest));
      const config = readNodeConfig(node.home);
      writeFileSync(nodeConfigPath(node.home), JSON.stringify({ ...config, price_sources: "price-sources.json" }, null, 2));
    });
    await net.start();
    const rpc = net.rpc(0);
    const start = await until("height 6", async () => ((await net.height(0)) >= 6 ? net.height(0) : undefined));

    // Ten consecutive blocks, each with a BTC price tallied from the previous height's extensions.
    const prices: string[] = [];
    for (let height = start; height < start + 10; height++) {
      await until(`height ${height + 1}`, async () => ((await net.height(0)) > height ? true : undefined));
      const updated = (await blockEvents(rpc, height, "oracle_price_updated")).find((event) => event.asset === "BTC");
      expect(updated).toBeDefined();
      expect(Number(updated?.absent)).toBeGreaterThanOrEqual(1);
      prices.push(updated?.price ?? "");
    }
    expect(new Set(prices).size).toBeGreaterThan(5);

    const accounts = (await (await devWallet(4)).getAccounts()).map((account) => toValoper(accAddressBytes(account.address)));
    const misses = await Promise.all(
      accounts.map(async (validator) => pb.QueryMissCounterResponse.decode(await abciQuery(rpc, "/optchain.oracle.v1.Query/MissCounter", pb.QueryMissCounterRequest.encode({ validator }).finish())).missCounter),
    );
    expect(misses[3]?.misses).toBeGreaterThanOrEqual(10);
    for (const honestValidator of misses.slice(0, 3)) expect(honestValidator?.misses ?? 0).toBeLessThan((misses[3]?.misses ?? 0) / 5);
    expect(readFileSync(path.join(net.nodes[0].home, "cometbft.log"), "utf8")).not.toMatch(/CONSENSUS FAILURE/);
  } finally {
    await net.stop();
    if (!process.env.KEEP_TEST_CHAIN) rmSync(dir, { recursive: true, force: true });
  }
});
