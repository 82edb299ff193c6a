// Vote-extension prices on real 4-validator localnets: each app asks its own price sidecar process (optd feeder
// sidecar) and signs the answer into its precommits. timeout_commit 400 ms: at 100 ms on a loaded 2-core machine the proposer's commit often lacks one
// honest precommit, and 2 of 4 is no quorum.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { accAddressBytes, toValoper } from "../app/address";
import { devWallet } from "../client";
import { OracleSlashingQueries } from "../client/oracle";
import { LOCALNET_ORACLE_PARAMS, simulatedSources } from "../localnet/feeders";
import { cometConfigDir } from "../localnet/genesis";
import { localnetGovernanceGenesis } from "../localnet/governance";
import { Localnet, rpcGet } from "../localnet/network";
import { optchain } from "../proto/gen/optchain";
import { blockEvents, until } from "./helpers/live";
import { sidecars } from "./helpers/sidecars";

jest.setTimeout(300_000);
const pb = optchain.oracle.v1;

async function abciQuery(rpc: string, route: string, data: Uint8Array): Promise<Uint8Array> {
  const url = `${rpc}/abci_query?path=%22${encodeURIComponent(route)}%22&data=0x${Buffer.from(data).toString("hex")}`;
  const { result } = (await (await fetch(url)).json()) as { result: { response: { code?: number; log?: string; value?: string } } };
  if (result.response.code) throw new Error(result.response.log);
  return Buffer.from(result.response.value ?? "", "base64");
}

async function validators(): Promise<string[]> {
  return (await (await devWallet(4)).getAccounts()).map((account) => toValoper(accAddressBytes(account.address)));
}

const consensusAddress = (net: Localnet, i: number) => JSON.parse(readFileSync(path.join(cometConfigDir(net.nodes[i].home), "priv_validator_key.json"), "utf8")).address as string;

async function withNet(options: Omit<Parameters<typeof Localnet.create>[0], "dir" | "validators">, body: (net: Localnet) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-ve-"));
  const net = await Localnet.create({ dir, validators: 4, timeoutCommitMs: 400, ...options });
  try {
    await body(net);
    for (const node of net.nodes) expect(readFileSync(path.join(node.home, "cometbft.log"), "utf8")).not.toMatch(/CONSENSUS FAILURE/);
  } finally {
    await net.stop();
    if (!process.env.KEEP_TEST_CHAIN) rmSync(dir, { recursive: true, force: true });
  }
}

test("prices move every block; with one sidecar down and one validator lying 30 % they still update, and both are slashed and jailed at the window's end", async () => {
  // The liar's sidecar: the same walk, scaled by 1.3.
  const slashWindow = 30; // the first ends at height 29: after the ten blocks checked below
  const oracle = { params: { ...LOCALNET_ORACLE_PARAMS, slash_window: slashWindow, min_valid_per_window: "0.05", jail_duration_seconds: 600 } };
  await withNet({ appState: { oracle }, priceSources: (i) => (i === 2 ? simulatedSources("1.3") : simulatedSources()) }, async (net) => {
    await net.start();
    // validator 3's sidecar process dies: its app abstains once its last answer is 2 s old, a few blocks on
    await net.killSidecar(3);
    const killedAt = await net.height(0);
    const rpc = net.rpc(0);
    const start = await until("eight blocks on", async () => {
      const height = await net.height(0);
      return height >= Math.max(6, killedAt + 8) ? height : undefined;
    });

    // Ten consecutive blocks, each with a BTC price tallied from the previous height's extensions: the liar out of band, validator 3 absent.
    const prices: string[] = [];
    for (let height = start; height < start + 10; height++) {
      await until(`height ${height + 1}`, async () => ((await net.height(0)) > height ? true : undefined));
      const updated = (await blockEvents(rpc, height, "oracle_price_updated")).find((event) => event.asset === "BTC");
      expect(updated).toMatchObject({ absent: "1", outliers: "1" });
      expect(BigInt(updated?.price.split(".")[0] ?? "0")).toBeLessThan(70_000_000_000n);
      prices.push(updated?.price ?? "");
    }
    expect(new Set(prices).size).toBeGreaterThan(5);

    const operators = await validators();
    const misses = await Promise.all(
      operators.map(async (validator) => pb.QueryMissCounterResponse.decode(await abciQuery(rpc, "/optchain.oracle.v1.Query/MissCounter", pb.QueryMissCounterRequest.encode({ validator }).finish())).missCounter),
    );
    for (const offender of [misses[2], misses[3]]) expect(offender?.misses).toBeGreaterThanOrEqual(10);
    for (const honest of misses.slice(0, 2)) expect(honest?.misses ?? 0).toBeLessThan((misses[3]?.misses ?? 0) / 5);

    // Under min_valid_per_window both are slashed and jailed when the window ends, as with commit-reveal.
    const queries = await OracleSlashingQueries.connect(rpc);
    try {
      for (const offender of [2, 3]) {
        await until(`validator ${offender} jailed`, async () => ((await queries.signingInfo(operators[offender]))?.jailed ? true : undefined), 90_000);
        expect((await queries.slashHistory(operators[offender]))[0]).toMatchObject({ reason: "oracle" });
      }
      for (const honest of [0, 1]) expect((await queries.signingInfo(operators[honest]))?.jailed).toBeFalsy();
      const gone = [consensusAddress(net, 2), consensusAddress(net, 3)];
      await until("CometBFT to drop both", async () => {
        const set = ((await rpcGet(rpc, "validators")).validators as Array<{ address: string }>).map((v) => v.address);
        return set.length === 2 && !set.some((address) => gone.includes(address)) ? true : undefined;
      }, 30_000);
      // the two left hold all the bonded power now: prices go on every block
      const after = await net.height(0);
      await net.waitForHeight(after + 3, [0, 1], 60_000);
      const fresh = await queries.price("BTC");
      expect(Number(fresh?.height)).toBeGreaterThan(after);
      expect(BigInt(fresh?.price?.split(".")[0] ?? "0")).toBeLessThan(70_000_000_000n);
    } finally {
      queries.disconnect();
    }
  });
});

test("two sidecars down: prices hold and the stale breaker freezes; a proposer that forges its injected votes is rejected and the chain goes on", async () => {
  const cars = await sidecars();
  const accounts = (await (await devWallet(10)).getAccounts()).map((account) => account.address);
  const circuit = localnetGovernanceGenesis(accounts).circuit as { params: Record<string, unknown> };
  const appState = { circuit: { params: { ...circuit.params, max_price_age_seconds: 4 } } };
  try {
    await withNet({ appState, priceSources: cars.config }, async (net) => {
      // validator 3's app tampers with the votes it injects whenever it proposes
      for (let i = 0; i < 4; i++) await net.startNode(i, i === 3 ? { OPTCHAIN_UNSAFE_TEST_FAULTS: "1", OPTCHAIN_TEST_PROPOSAL_FAULT: "forge-vote" } : {});
      const rpc = net.rpc(0);
      // CosmJS's connect reads /status, whose empty latest_block_hash before the first block it refuses ("Value must not be empty")
      await net.waitForHeight(1, [0], 60_000);
      const queries = await OracleSlashingQueries.connect(rpc);
      try {
        const first = await until("a BTC price", async () => (await queries.price("BTC"))?.height, 60_000);
        await net.killSidecar(2);
        await net.killSidecar(3);
        // the last price from 3 of 4 is followed by ballots of 2 of 4: dropped, the price holds
        const held = await until("a dropped BTC ballot", async () => {
          const height = await net.height(0);
          return (await blockEvents(rpc, height, "oracle_ballot_dropped")).some((event) => event.asset === "BTC") ? height : undefined;
        }, 30_000);
        const holding = await queries.price("BTC");
        expect(Number(holding?.height)).toBeGreaterThanOrEqual(Number(first));
        const frozen = await until("the stale-price breaker on BTC", async () => {
          const height = await net.height(0);
          for (let h = held; h <= height; h++) {
            if ((await blockEvents(rpc, h, "market_frozen")).some((event) => event.underlying === "BTC" && event.kind === "stale_price")) return h;
          }
          return undefined;
        }, 60_000);
        expect((await queries.price("BTC").catch(() => undefined))?.height ?? holding?.height).toBe(holding?.height);

        // one sidecar back: 3 of 4 again, prices resume and the freeze lifts
        await net.startSidecar(2);
        await until("a fresh BTC price", async () => (Number((await queries.price("BTC"))?.height) > Number(holding?.height) ? true : undefined), 30_000);
        await until("the freeze to lift", async () => {
          const height = await net.height(0);
          for (let h = frozen; h <= height; h++) if ((await blockEvents(rpc, h, "market_unfrozen")).some((event) => event.underlying === "BTC")) return true;
          return undefined;
        }, 30_000);

        // The forger's proposals never commit: each height whose proposal validator 0 rejected was decided in a
        // later round, and every block since extensions came in was proposed by another validator.
        const last = await net.height(0);
        const forger = consensusAddress(net, 3);
        const rejected = [...readFileSync(path.join(net.nodes[0].home, "app.log"), "utf8").matchAll(/rejecting the proposal for height (\d+): vote \d+ \([0-9a-f]+\): the extension signature does not verify/g)].map((m) => Number(m[1]));
        expect(rejected.length).toBeGreaterThan(0);
        expect(Math.min(...rejected)).toBeLessThanOrEqual(last);
        for (let h = 3; h <= last; h++) {
          const { block } = await rpcGet(rpc, `block?height=${h}`);
          expect(block.header.proposer_address).not.toBe(forger);
          if (rejected.includes(h)) expect(Number((await rpcGet(rpc, `commit?height=${h}`)).signed_header.commit.round)).toBeGreaterThan(0);
        }
      } finally {
        queries.disconnect();
      }
    });
  } finally {
    await cars.close();
  }
});
