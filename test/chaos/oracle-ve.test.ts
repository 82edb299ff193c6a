// Vote-extension prices under faults, longer than test/oracle-ve.e2e.test.ts: a proposer that drops a vote from
// its injected votes the whole run, two sidecars flapping down and up, then a validator lying 30 % until it is
// slashed and jailed. Each validator's app asks its own price sidecar process, whose source is a fixture HTTP
// server (test/helpers/sidecars.ts); "down" is that process killed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { accAddressBytes, toValoper } from "../../app/address";
import { devWallet } from "../../client";
import { OracleSlashingQueries } from "../../client/oracle";
import { LOCALNET_ORACLE_PARAMS } from "../../localnet/feeders";
import { cometConfigDir } from "../../localnet/genesis";
import { localnetGovernanceGenesis } from "../../localnet/governance";
import { rpcGet } from "../../localnet/network";
import { startTestnet } from "../helpers/chain";
import { blockEvents, until } from "../helpers/live";
import { SIDECAR_PRICES, sidecars } from "../helpers/sidecars";

jest.setTimeout(600_000);

const SLASH_WINDOW = 45;
const MAX_PRICE_AGE_S = 4;

test("a vote-dropping proposer never commits, two sidecars flapping hold the price and trip the stale breaker, a liar is slashed and jailed", async () => {
  const cars = await sidecars();
  const accounts = (await (await devWallet(10)).getAccounts()).map((account) => account.address);
  const operators = accounts.slice(0, 4).map((address) => toValoper(accAddressBytes(address)));
  const circuit = localnetGovernanceGenesis(accounts).circuit as { params: Record<string, unknown> };
  const chain = await startTestnet(4, {
    timeoutCommitMs: 300,
    priceSources: cars.config,
    appState: {
      circuit: { params: { ...circuit.params, max_price_age_seconds: MAX_PRICE_AGE_S } },
      oracle: { params: { ...LOCALNET_ORACLE_PARAMS, slash_window: SLASH_WINDOW, min_valid_per_window: "0.05", jail_duration_seconds: 600 } },
    },
  });
  const net = chain.net;
  const rpc = net.rpc(0);
  const queries = await OracleSlashingQueries.connect(rpc);
  const address = (i: number) => JSON.parse(readFileSync(path.join(cometConfigDir(net.nodes[i].home), "priv_validator_key.json"), "utf8")).address as string;
  /** Every BTC price tallied in blocks from..to: none may be the liar's, whatever happens. */
  const btcPrices = async (from: number, to: number) => {
    const prices: bigint[] = [];
    for (let h = from; h <= to; h++) for (const event of await blockEvents(rpc, h, "oracle_price_updated")) if (event.asset === "BTC") prices.push(BigInt(event.price.split(".")[0]));
    return prices;
  };
  const eventAt = async (from: number, type: string, match: (event: Record<string, string>) => boolean) => {
    const to = await net.height(0);
    for (let h = from; h <= to; h++) if ((await blockEvents(rpc, h, type)).some(match)) return h;
    return undefined;
  };
  try {
    // validator 3 drops a committed vote from whatever it proposes, from the start of extensions to the end
    await net.stopNode(3);
    await net.startNode(3, { OPTCHAIN_UNSAFE_TEST_FAULTS: "1", OPTCHAIN_TEST_PROPOSAL_FAULT: "drop-vote" });
    await until("a BTC price", async () => Number((await queries.price("BTC"))?.height) || undefined, 60_000);

    // Two sidecars down twice: ballots dropped (2 of 4 < 2/3), the price holds, the stale breaker freezes; one back lifts it.
    for (let cycle = 0; cycle < 2; cycle++) {
      await net.killSidecar(1);
      await net.killSidecar(2);
      const downAt = await net.height(0);
      const frozen = await until(`cycle ${cycle}: the stale breaker on BTC`, () => eventAt(downAt, "market_frozen", (e) => e.underlying === "BTC" && e.kind === "stale_price"), 60_000);
      const held = await queries.price("BTC");
      await net.waitForHeight(frozen + 5, [0], 30_000);
      expect((await queries.price("BTC"))?.height).toBe(held?.height);
      expect(await eventAt(frozen + 1, "oracle_ballot_dropped", (e) => e.asset === "BTC")).toBeDefined();
      await net.startSidecar(1);
      await net.startSidecar(2);
      await until(`cycle ${cycle}: the freeze to lift`, () => eventAt(frozen, "market_unfrozen", (e) => e.underlying === "BTC"), 60_000);
    }

    // A liar: validator 2's sidecar 30 % high until its window ends; the median stays honest all along.
    const lieFrom = await net.height(0);
    cars.setPercent(2, 130n);
    // the window it started lying in may hold enough valid ballots: jailed at that one's end or the next's
    await until("the liar jailed", async () => ((await queries.signingInfo(operators[2]))?.jailed ? true : undefined), 180_000);
    expect((await queries.slashHistory(operators[2]))[0]).toMatchObject({ reason: "oracle" });
    for (const honest of [0, 1, 3]) expect((await queries.signingInfo(operators[honest]))?.jailed).toBeFalsy();
    await until("CometBFT to drop the liar", async () => (((await rpcGet(rpc, "validators")).validators as Array<{ address: string }>).every((v) => v.address !== address(2)) ? true : undefined), 30_000);
    const end = (await net.height(0)) + 5;
    await net.waitForHeight(end, [0, 1, 3], 60_000);
    const prices = await btcPrices(lieFrom, end);
    expect(prices.length).toBeGreaterThan(20);
    for (const price of prices) expect(price).toBe(SIDECAR_PRICES.BTC);

    // The dropper's proposals never committed: heights it proposed first were decided in a later round by another.
    const rejected = [...readFileSync(path.join(net.nodes[0].home, "app.log"), "utf8").matchAll(/rejecting the proposal for height (\d+): vote \d+ \([0-9a-f]+\) has flag/g)].map((m) => Number(m[1]));
    expect(rejected.length).toBeGreaterThan(3);
    for (let h = 3; h <= end; h++) {
      const { block } = await rpcGet(rpc, `block?height=${h}`);
      expect(block.header.proposer_address).not.toBe(address(3));
    }
    for (const h of rejected.filter((h) => h <= end)) expect(Number((await rpcGet(rpc, `commit?height=${h}`)).signed_header.commit.round)).toBeGreaterThan(0);
  } finally {
    queries.disconnect();
    await chain.stop();
    await cars.close();
  }
});
