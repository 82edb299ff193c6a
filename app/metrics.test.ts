// /metrics scraped as Prometheus does, from the REST server over an in-process app that CometBFT's calls reach
// through the metrics wrapper: blocks with feeder votes, a silent validator, txs refused by CheckTx and failed
// in a block. The scrape is parsed as text (the exposition format's simple line grammar), not by prom-client.
import type { FastifyInstance } from "fastify";
import fc from "fast-check";
import { type GuardianAction, guardianApproveMsg, guardianProposeMsg } from "../client/governance";
import { depositCollateralMsg, placeOrderMsg } from "../client/options";
import { prevoteMsg, voteMsg } from "../client/oracle";
import { aggregateVoteHash } from "../modules/oracle/vote";
import { optchain } from "../proto/gen/optchain";
import { initChain, openApp, quietLogger, runBlock, sendMsg, signTx } from "../test/helpers/inprocess";
import { events, OptionsChain, testAccounts, USDC } from "../test/helpers/options";
import { Sequences, validatorsGenesis } from "../test/helpers/validators";
import type { AbciApplication } from "./abci/application";
import type { OptchainApp } from "./app";
import { restServer } from "./api/rest";
import { AppMetrics } from "./metrics";

jest.setTimeout(120_000);

const VALIDATORS = 4;
const FEEDING = 3;
const PRICES = ["uopt:1.25,BTC:65000,ETH:3000", "uopt:1.27,BTC:65100,ETH:3003", "uopt:1.24,BTC:64900,ETH:2998"];
const BLOCKS = 7;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** `name{a="x",b="y"} value` lines; # HELP / # TYPE comments and blank lines skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    samples.push({ name: match[1], labels, value: match[3] === "+Inf" ? Infinity : Number(match[3]) });
  }
  return samples;
}

function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

let app: OptchainApp;
let close: () => void;
let abci: AbciApplication;
let server: FastifyInstance;
let base: string;
let g: Awaited<ReturnType<typeof validatorsGenesis>>;
const seq = new Sequences();

const query = (path: string, data: Uint8Array = new Uint8Array()) => app.query({ path, data, height: 0n, prove: false }).value;
const scrape = async () => {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
};

beforeAll(async () => {
  // Period p = blocks {2p, 2p+1}: prevotes at 2, reveals and new prevotes at 4 and 6, tallies at 5 and 7.
  g = await validatorsGenesis(VALIDATORS, { oracle: { vote_period: 2, slash_window: 100, max_price_age_seconds: 1000 } });
  ({ app, close } = openApp());
  initChain(app, g.appState);
  const metrics = new AppMetrics(app, quietLogger);
  abci = metrics.instrument();
  server = restServer({ app, rpcUrl: "http://127.0.0.1:1", log: quietLogger, metrics });
  base = await server.listen({ host: "127.0.0.1", port: 0 });

  // Validators 0 to 2 feed (3/4 of the power, over the 2/3 quorum); validator 3's feeder stays silent.
  const committed: Array<{ salt: string; prices: string } | undefined> = [];
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: Uint8Array[] = [];
    if (height % 2 === 0) {
      for (let v = 0; v < FEEDING; v++) {
        const msgs = [];
        const last = committed[v];
        if (last) msgs.push(voteMsg(g.feeders[v], g.validators[v], last.salt, last.prices));
        const salt = `${v}${height}`.padStart(16, "0");
        msgs.push(prevoteMsg(g.feeders[v], g.validators[v], aggregateVoteHash(salt, PRICES[v], g.validators[v])));
        committed[v] = { salt, prices: PRICES[v] };
        txs.push(await signTx(VALIDATORS + v, msgs, seq.take(VALIDATORS + v)));
      }
    }
    // at height 3, a send that fails in the block (a sequence already used)
    if (height === 3) txs.push(await signTx(0, [sendMsg(g.operators[0], g.operators[1], "1")], { accountNumber: 0, sequence: 5 }));
    runBlock(abci, height, txs);
  }
});

afterAll(async () => {
  await server?.close();
  close?.();
});

test("blocks and commits: one histogram observation each, buckets cumulative up to +Inf", async () => {
  const samples = await scrape();
  expect(sample(samples, "optchain_block_height")).toBe(BLOCKS);
  for (const name of ["optchain_finalize_block_duration_seconds", "optchain_commit_duration_seconds"]) {
    expect(sample(samples, `${name}_count`)).toBe(BLOCKS);
    expect(sample(samples, `${name}_sum`)).toBeGreaterThan(0);
    const buckets = samples.filter((s) => s.name === `${name}_bucket`);
    expect(buckets.length).toBeGreaterThan(5);
    const counts = buckets.map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(sample(samples, `${name}_bucket`, { le: "+Inf" })).toBe(BLOCKS);
  }
  // 3 feeder txs at heights 2, 4, 6 succeed; the stale-sequence send at 3 fails with sdk/32
  expect(sample(samples, "optchain_finalize_block_txs_total", { result: "ok" })).toBe(3 * FEEDING);
  expect(sample(samples, "optchain_finalize_block_txs_total", { result: "failed", codespace: "sdk", code: "32" })).toBe(1);
});

test("CheckTx refusals are counted by codespace and code; an accepted tx is not a refusal", async () => {
  const before = await scrape();
  expect(sample(before, "optchain_mempool_refusals_total", { type: "new", codespace: "sdk", code: "32" })).toBeUndefined();

  const stale = await signTx(0, [sendMsg(g.operators[0], g.operators[1], "1")], { accountNumber: 0, sequence: 9 });
  expect(abci.checkTx({ tx: stale, type: 0 })).toMatchObject({ codespace: "sdk", code: 32 });
  expect(abci.checkTx({ tx: stale, type: 0 }).code).toBe(32);
  const garbage = abci.checkTx({ tx: new Uint8Array([0xff, 0x01, 0x02]), type: 0 });
  expect(garbage.code).not.toBe(0);
  const good = await signTx(0, [sendMsg(g.operators[0], g.operators[1], "1")], { accountNumber: 0, sequence: 0 });
  expect(abci.checkTx({ tx: good, type: 0 }).code).toBe(0);
  // after a block, CometBFT rechecks what is left in the mempool: this one's sequence is now taken
  expect(abci.checkTx({ tx: good, type: 1 })).toMatchObject({ codespace: "sdk", code: 32 });

  const after = await scrape();
  expect(sample(after, "optchain_mempool_refusals_total", { type: "new", codespace: "sdk", code: "32" })).toBe(2);
  expect(sample(after, "optchain_mempool_refusals_total", { type: "new", codespace: garbage.codespace, code: String(garbage.code) })).toBe(1);
  expect(sample(after, "optchain_check_tx_total", { type: "new", result: "refused" })).toBe(3);
  expect(sample(after, "optchain_check_tx_total", { type: "new", result: "accepted" })).toBe(1);
  expect(sample(after, "optchain_mempool_refusals_total", { type: "recheck", codespace: "sdk", code: "32" })).toBe(1);
  expect(sample(after, "optchain_check_tx_total", { type: "recheck", result: "refused" })).toBe(1);
  expect(sample(after, "optchain_check_tx_duration_seconds_count", { type: "new" })).toBe(4);
});

test("proposals count the txs they put back in sequence order and those they leave in the mempool", async () => {
  const before = await scrape();
  expect(sample(before, "optchain_proposal_txs_reordered_total")).toBe(0);
  expect(sample(before, "optchain_proposal_txs_left_out_total")).toBe(0);

  // operator 1 has sent nothing: its committed sequence is 0. The mempool reaped 1 before 0, and 3 without 2.
  const send = (sequence: number) => signTx(1, [sendMsg(g.operators[1], g.operators[2], "1")], { accountNumber: 1, sequence });
  const [s0, s1, s3] = await Promise.all([send(0), send(1), send(3)]);
  const proposal = { txs: [s1, s0, s3], maxTxBytes: 1_000_000n, height: BigInt(BLOCKS + 1), time: { seconds: 0n, nanos: 0 }, localLastCommit: { round: 0, votes: [] }, misbehavior: [], nextValidatorsHash: new Uint8Array(), proposerAddress: new Uint8Array() };
  expect(abci.prepareProposal(proposal).txs).toEqual([s0, s1]);
  // one in order, as a proposal usually is: nothing counted
  expect(abci.prepareProposal({ ...proposal, txs: [s0, s1] }).txs).toEqual([s0, s1]);

  const after = await scrape();
  expect(sample(after, "optchain_proposal_txs_reordered_total")).toBe(2);
  expect(sample(after, "optchain_proposal_txs_left_out_total")).toBe(1);
});

test("oracle gauges are the committed tally and miss counters, read through the query handlers", async () => {
  const samples = await scrape();
  const pb = optchain.oracle.v1;
  for (const asset of ["BTC", "ETH", "uopt"]) {
    const tally = pb.QueryLastTallyResponse.decode(query("/optchain.oracle.v1.Query/LastTally", pb.QueryLastTallyRequest.encode({ asset }).finish())).tally!;
    expect(tally.passed).toBe(true);
    expect(sample(samples, "optchain_oracle_price", { asset })).toBe(Number(tally.median));
    expect(sample(samples, "optchain_oracle_price_stale", { asset })).toBe(0);
  }
  expect(sample(samples, "optchain_oracle_price", { asset: "BTC" })).toBe(65000);
  expect(sample(samples, "optchain_oracle_price", { asset: "uopt" })).toBe(1.25);
  const counters = pb.QueryMissCountersResponse.decode(query("/optchain.oracle.v1.Query/MissCounters")).missCounters;
  expect(counters.length).toBe(VALIDATORS);
  for (const counter of counters) expect(sample(samples, "optchain_oracle_misses", { validator: counter.validator! })).toBe(Number(counter.misses));
  // the silent validator missed the ballots of 3 assets in the two tallies (5 and 7) the feeding ones voted in
  const misses = (v: number) => sample(samples, "optchain_oracle_misses", { validator: g.validators[v] })!;
  expect(misses(3) - misses(0)).toBe(3 * 2);
});

test("market state: nothing frozen, no breaker tripped, no metrics part failed", async () => {
  const samples = await scrape();
  expect(samples.filter((s) => s.name === "optchain_circuit_breaker_tripped")).toEqual([]);
  expect(samples.filter((s) => s.name === "optchain_market_frozen" && s.value !== 0)).toEqual([]);
  expect(samples.filter((s) => s.name === "optchain_metrics_scrape_errors_total")).toEqual([]);
  expect(sample(samples, "optchain_insurance_fund_equity_uusdc")).toBeGreaterThanOrEqual(0);
});

test("property: whatever bytes reach CheckTx, each refusal is counted once under the code it was answered with", async () => {
  const counted = (samples: Sample[]) => samples.filter((s) => s.name === "optchain_mempool_refusals_total");
  const key = (labels: Record<string, string>) => `${labels.type} ${labels.codespace}/${labels.code}`;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(0, 1)), { maxLength: 30 }), async (txs) => {
      const before = new Map(counted(await scrape()).map((s) => [key(s.labels), s.value]));
      const expected = new Map<string, number>();
      for (const [tx, type] of txs) {
        const response = abci.checkTx({ tx, type });
        if (response.code === 0) continue;
        const k = key({ type: type === 1 ? "recheck" : "new", codespace: response.codespace, code: String(response.code) });
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
      const after = counted(await scrape());
      for (const s of after) expect(s.value - (before.get(key(s.labels)) ?? 0)).toBe(expected.get(key(s.labels)) ?? 0);
      for (const k of expected.keys()) expect(after.some((s) => key(s.labels) === k)).toBe(true);
    }),
    { numRuns: 25 },
  );
});

describe("options and circuit metrics on a market with a trade, a liquidation, a freeze and a tripped breaker", () => {
  const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
  const EXPIRY = OptionsChain.timeOf(3600);
  let chain: OptionsChain;
  let metrics: AppMetrics;
  let liquidations = 0;
  let takeovers = 0;
  let closes: Array<Record<string, string>> = [];

  beforeAll(async () => {
    const guardians = (await testAccounts(4)).slice(2).map((a) => a.address);
    chain = await OptionsChain.start({
      accounts: 4,
      fund: 250_000n * USDC,
      listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["call"], contract_size: "1" }],
      circuit: { guardians, guardian_threshold: 2 },
    });
    metrics = new AppMetrics(chain.app, quietLogger);
    chain.finalizer = metrics.instrument();
    // every block's liquidation events, to compare with what the wrapper counted from the same responses
    const block = async (txs: Uint8Array[] = []) => {
      const response = await chain.block(txs);
      liquidations += events(response, "liquidation").length;
      takeovers += events(response, "insurance_fund_takeover").length;
      closes = [...closes, ...events(response, "liquidation_close")];
      return response;
    };
    chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
    await block();
    await block();
    const [writer, buyer] = [chain.accounts[0].address, chain.accounts[1].address];
    const trade = await block([
      await chain.sign(0, [depositCollateralMsg(writer, "uusdc", 300_000n * USDC), placeOrderMsg({ owner: writer, seriesId: 1, side: "sell", quantity: 5, price: 2_500n * USDC })]),
      await chain.sign(1, [depositCollateralMsg(buyer, "uusdc", 50_000n * USDC), placeOrderMsg({ owner: buyer, seriesId: 1, side: "buy", quantity: 3, price: 2_600n * USDC, timeInForce: "ioc" })]),
    ]);
    expect(trade.txResults.map((r) => r.log)).toEqual(["", ""]);
    // BTC triples: the writer's 3 short calls are worth far more than its collateral, and it is liquidated
    // (insolvent: the insurance fund takes it over).
    chain.prices = { ...chain.prices, BTC: BTC(180_000) };
    for (let i = 0; i < 20 && liquidations === 0; i++) await block();
    expect(liquidations).toBeGreaterThan(0);
    expect(takeovers + closes.length).toBeGreaterThan(0);
    const act = async (action: GuardianAction) => {
      const proposed = await block([await chain.sign(2, [guardianProposeMsg(chain.accounts[2].address, action, "drill")])]);
      const id = Number(events(proposed.txResults[0], "guardian_proposal_submitted")[0].proposal_id);
      const approved = await block([await chain.sign(3, [guardianApproveMsg(chain.accounts[3].address, id)])]);
      expect(approved.txResults[0].log).toBe("");
    };
    await act({ freezeMarket: { underlying: "BTC" } });
    await act({ tripBreaker: { typeUrls: ["/cosmos.bank.v1beta1.MsgSend"] } });
  });
  afterAll(() => chain?.close());

  test("liquidations and takeovers counted from the block events; open interest, fund equity, the frozen underlying and the tripped breaker as the queries answer them", async () => {
    const samples = parseExposition(await metrics.text());
    expect(sample(samples, "optchain_liquidations_total")).toBe(liquidations);
    expect(sample(samples, "optchain_insurance_fund_takeovers_total")).toBe(takeovers);
    for (const counterparty of ["book", "insurance_fund", "adl"]) {
      expect(sample(samples, "optchain_liquidation_closes_total", { counterparty }) ?? 0).toBe(closes.filter((e) => e.counterparty === counterparty).length);
    }
    const series = chain.seriesList().find((s) => Number(s.id) === 1)!;
    expect(sample(samples, "optchain_open_interest_contracts", { series: series.name!, underlying: "BTC" })).toBe(3);
    expect(sample(samples, "optchain_insurance_fund_equity_uusdc")).toBe(Number(chain.fund().equity));
    expect(sample(samples, "optchain_insurance_fund_equity_uusdc")).toBeGreaterThan(0);
    expect(sample(samples, "optchain_market_frozen", { underlying: "BTC" })).toBe(1);
    expect(sample(samples, "optchain_circuit_breaker_tripped", { type_url: "/cosmos.bank.v1beta1.MsgSend", series_id: "", underlying: "" })).toBe(1);
    expect(sample(samples, "optchain_block_height")).toBe(chain.height);
    expect(samples.filter((s) => s.name === "optchain_metrics_scrape_errors_total")).toEqual([]);
  });
});
