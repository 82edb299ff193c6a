// The oracle on a real 4-validator chain: four `optd feeder` processes (three honest, one lying 30 % high),
// CometBFT dropping the punished validators from its set, the chain going on.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { accAddressBytes, toValoper } from "../../app/address";
import { DEV_MNEMONIC, devAccountWallet, devWallet, optchainRegistry } from "../../client";
import { OracleSlashingQueries, delegateFeedConsentMsg } from "../../client/oracle";
import type { FeederConfig } from "../../client/feeder/sources";
import { PROJECT_ROOT } from "../../localnet/cometbft";
import { feederAddresses, feederHdPath } from "../../localnet/feeders";
import { rpcGet, sleep } from "../../localnet/network";
import { assertNoBrokenInvariants, includedOkTxs } from "../helpers/broken-events";
import { startTestnet } from "../helpers/chain";

jest.setTimeout(600_000);

const ORACLE = {
  vote_period: 3,
  // long enough that the liar's first outlier tally is seen before its first window ends and jails it
  slash_window: 90,
  min_valid_per_window: "0.05",
  jail_duration_seconds: 600,
  max_price_age_seconds: 60,
  assets: ["uopt", "BTC", "ETH"].map((name) => ({ name, vote_threshold: "0.5" })),
};
// uusdc per 1 unit; the honest sources spread over BTC 64,950–65,050 USDC
const HONEST_LOW = { BTC: "64950000000", ETH: "2998000000", uopt: "1.249" };
const HONEST_HIGH = { BTC: "65050000000", ETH: "3002000000", uopt: "1.251" };
const LIE = { BTC: "84500000000", ETH: "3900000000", uopt: "1.625" };

/** Serves /a in a CoinGecko-like shape and /b flat, on 127.0.0.1; /a can be made to fail. */
async function priceServer() {
  let aDown = false;
  const server = http.createServer((req, res) => {
    if (req.url === "/a" && aDown) {
      res.writeHead(503).end("maintenance");
      return;
    }
    const body = req.url === "/a" ? { bitcoin: { usd: 65_000_000_000 }, ethereum: { usd: 3_000_000_000 }, opt: { usd: 1.25 } } : HONEST_HIGH;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, setADown: (down: boolean) => (aDown = down), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("oracle on a 4-validator chain with real feeders", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let server: Awaited<ReturnType<typeof priceServer>>;
  let queries: OracleSlashingQueries;
  let validators: string[];
  let feeders: string[];
  const processes: ChildProcess[] = [];
  /** Seen in the first test, while the liar still votes: its first window ends in jail. */
  let liarOutlierTally: Awaited<ReturnType<OracleSlashingQueries["lastTally"]>>;
  const logFile = (i: number) => path.join(chain.dir, `feeder${i}.log`);
  const log = (i: number) => readFileSync(logFile(i), "utf8");

  beforeAll(async () => {
    // blocks slow enough that a feeder on a loaded 2-core machine lands prevote and reveal in their periods
    chain = await startTestnet(4, { timeoutCommitMs: 300, voteExtensionsEnableHeight: 0, appState: { oracle: { params: ORACLE, feeder_delegations: [] } } });
    server = await priceServer();
    queries = await OracleSlashingQueries.connect(chain.net.rpc(0));
    validators = (await (await devWallet(4)).getAccounts()).map((a) => toValoper(accAddressBytes(a.address)));
    feeders = await feederAddresses(4);
  });

  /**
   * Each test's load is the feeders' own txs (plus the validators' CosmJS txs in the first): every feeder
   * whose validator is active sends one tx per vote period, and at least two feeders vote in every test.
   * The floor asks for one tx included with code 0 every two vote periods, a quarter of what two feeders
   * send: a feeder on a loaded 2-core machine may miss a period now and then, but a test in which the feeders
   * got nothing through would pass its other checks on stale prices.
   */
  let testStartHeight = 0;
  beforeEach(async () => {
    testStartHeight = await chain.net.height(0);
  });
  afterEach(async () => {
    const end = await chain.net.height(0);
    const included = await includedOkTxs(chain.net.rpc(0), testStartHeight + 1, end);
    expect(included).toBeGreaterThanOrEqual(Math.max(1, Math.floor((end - testStartHeight) / (2 * ORACLE.vote_period))));
    await assertNoBrokenInvariants(chain.net);
  });

  afterAll(async () => {
    await Promise.all(processes.filter((p) => p.exitCode === null && p.signalCode === null).map((p) => (p.kill("SIGKILL"), once(p, "exit"))));
    queries?.disconnect();
    await server?.close();
    await chain?.stop();
  });

  function startFeeder(i: number, config: FeederConfig): void {
    const configFile = path.join(chain.dir, `feeder${i}.json`);
    writeFileSync(configFile, JSON.stringify(config));
    const mnemonicFile = path.join(chain.dir, "feeder.mnemonic");
    writeFileSync(mnemonicFile, DEV_MNEMONIC);
    const out = openSync(logFile(i), "a");
    const args = ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "feeder", "--validator", validators[i], "--mnemonic-file", mnemonicFile];
    args.push("--hd-path", feederHdPath(i), "--sources", configFile, "--rpc", chain.net.rpc(i));
    processes[i] = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ["ignore", out, out] });
    closeSync(out);
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(500);
    }
  }

  const cometValidators = async () => ((await rpcGet(chain.net.rpc(0), "validators")).validators as Array<{ address: string; voting_power: string }>).map((v) => v.address);
  const consensusAddressOf = async (i: number) => (await queries.signingInfo(validators[i]))!.consensusAddress!;
  const inHonestSpread = (price: string | null | undefined) => BigInt(price!.split(".")[0]) >= 64_950_000_000n && BigInt(price!.split(".")[0]) <= 65_050_000_000n;

  test("validators fund separate feeder keys and delegate voting to them with MsgDelegateFeedConsent, through CosmJS", async () => {
    for (let i = 0; i < 4; i++) {
      const client = await SigningStargateClient.connectWithSigner(chain.net.rpc(i), await devAccountWallet(i), {
        registry: optchainRegistry(),
        gasPrice: GasPrice.fromString("0.025uopt"),
        broadcastPollIntervalMs: 200,
      });
      const [{ address }] = await (await devAccountWallet(i)).getAccounts();
      // the validator funds its feeder's fees and lets it vote, in one tx
      const fund = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: feeders[i], amount: [{ denom: "uopt", amount: "1000000000" }] } };
      const result = await client.signAndBroadcast(address, [fund, delegateFeedConsentMsg(validators[i], feeders[i])], "auto");
      client.disconnect();
      expect(result.code).toBe(0);
      expect(await queries.feederDelegation(validators[i])).toBe(feeders[i]);
    }
    writeFileSync(path.join(chain.dir, "low.json"), JSON.stringify(HONEST_LOW));
    writeFileSync(path.join(chain.dir, "lie.json"), JSON.stringify(LIE));
    writeFileSync(path.join(chain.dir, "garbage.json"), "this is not json");
    const paths = { BTC: "bitcoin.usd", ETH: "ethereum.usd", uopt: "opt.usd" };
    startFeeder(0, { sources: [{ type: "http", name: "exchange-a", url: `${server.base}/a`, paths }] });
    startFeeder(1, { sources: [{ type: "http", name: "exchange-b", url: `${server.base}/b` }, { type: "file", name: "low", path: "low.json" }] });
    startFeeder(2, {
      sources: [
        { type: "http", name: "exchange-b", url: `${server.base}/b` },
        { type: "http", name: "dead", url: "http://127.0.0.1:9/", timeout_ms: 500 },
        { type: "file", name: "garbage", path: "garbage.json" },
      ],
    });
    startFeeder(3, { sources: [{ type: "file", name: "lies", path: "lie.json" }] });
    const tally = await waitFor("a first BTC price", async () => {
      const last = await queries.lastTally("BTC");
      return last?.passed ? last : undefined;
    }, 90_000);
    expect(inHonestSpread(tally.median)).toBe(true);
    liarOutlierTally = await waitFor("a tally showing the liar outside the band", async () => {
      const last = await queries.lastTally("BTC");
      return last?.votes?.some((v) => v.validator === validators[3] && v.inBand === false) ? last : undefined;
    }, 60_000);
    // the honest feeder with a dead and a garbage source skipped them and said why
    expect(log(2)).toMatch(/source dead skipped: .*fetch failed|source dead skipped: .*(ECONNREFUSED|abort)/i);
    expect(log(2)).toContain("source garbage skipped");
  });

  test("a feeder whose only source fails abstains, logs it, and votes again once the source is back", async () => {
    server.setADown(true);
    await waitFor("feeder 0 to abstain", async () => /abstaining on uopt, BTC, ETH: no healthy source/.test(log(0)), 60_000);
    const abstainedAt = log(0).length;
    server.setADown(false);
    const back = await waitFor("feeder 0 to vote again", async () => /committed to BTC:65000000000,ETH:3000000000,uopt:1.25 /.test(log(0).slice(abstainedAt)), 60_000);
    expect(back).toBe(true);
    expect(log(0)).toMatch(/source exchange-a skipped: HTTP 503/);
    await waitFor("a tally with validator 0's vote again", async () => (await queries.lastTally("BTC"))?.votes?.some((v) => v.validator === validators[0] && v.price === "65000000000"), 60_000);
  });

  test("a feeder whose account sequence moved under it (another tx of its key) re-reads it and goes on", async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: "opt", hdPaths: [stringToPath(feederHdPath(1))] });
    const client = await SigningStargateClient.connectWithSigner(chain.net.rpc(1), wallet, { registry: optchainRegistry(), gasPrice: GasPrice.fromString("0.025uopt"), broadcastPollIntervalMs: 200 });
    try {
      // the feeder signs with the sequence it tracks; whichever of the two txs comes second is refused at CheckTx
      await waitFor("a tx of the feeder's own key", async () => (await client.sendTokens(feeders[1], feeders[1], [{ denom: "uopt", amount: "1" }], "auto")).code === 0, 60_000);
    } finally {
      client.disconnect();
    }
    const before = log(1).length;
    await waitFor("feeder 1 to commit again", async () => / committed to BTC:/.test(log(1).slice(before)), 60_000);
    await waitFor("feeder 1 to commit twice more", async () => (log(1).slice(before).match(/ committed to BTC:/g) ?? []).length >= 2, 60_000);
    expect(log(1)).toMatch(/sequence mismatch .*re-reading the account/);
  });

  test("the liar is an outlier, then slashed and jailed after its slash window: power 0 in CometBFT, blocks go on, the median stays honest", async () => {
    const outlierTally = liarOutlierTally!;
    expect(inHonestSpread(outlierTally.median)).toBe(true);
    expect(outlierTally.votes!.filter((v) => v.validator !== validators[3]).every((v) => v.inBand)).toBe(true);

    await waitFor("the liar to be jailed", async () => (await queries.signingInfo(validators[3]))?.jailed, 180_000);
    const [slash] = await queries.slashHistory(validators[3]);
    expect(slash).toMatchObject({ reason: "oracle", fraction: "0.001", burned: "100000" });
    const liarAddress = await consensusAddressOf(3);
    await waitFor("CometBFT to drop the liar from its validator set", async () => !(await cometValidators()).includes(liarAddress), 30_000);
    expect(await cometValidators()).toHaveLength(3);
    const height = await chain.net.height(0);
    await chain.net.waitForHeight(height + 5, [0, 1, 2, 3], 60_000);
    const btc = await queries.price("BTC");
    expect(inHonestSpread(btc!.price)).toBe(true);
    expect(log(3)).toMatch(/not voting: .*is jailed/);
  });

  test("a feeder that goes silent gets the same: its validator is slashed and jailed, the two left keep the chain and the prices going", async () => {
    processes[2].kill("SIGTERM");
    await once(processes[2], "exit");
    await waitFor("the silent validator to be jailed", async () => (await queries.signingInfo(validators[2]))?.jailed, 240_000);
    const [slash] = await queries.slashHistory(validators[2]);
    expect(slash).toMatchObject({ reason: "oracle" });
    const silentAddress = await consensusAddressOf(2);
    await waitFor("CometBFT to drop the silent validator", async () => !(await cometValidators()).includes(silentAddress), 30_000);
    expect(await cometValidators()).toHaveLength(2);
    const before = Number((await queries.price("BTC"))!.height);
    const fresh = await waitFor("a price tallied by the two validators left", async () => {
      const price = await queries.price("BTC");
      return Number(price!.height) > before + ORACLE.vote_period ? price : undefined;
    }, 60_000);
    expect(inHonestSpread(fresh?.price)).toBe(true);
  });
});
