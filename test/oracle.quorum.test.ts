// The low-turnout attack on the oracle, in the whole app: 34 % of the stake lies while only 26 % of the honest
// stake votes. The ballot must need at least 2/3 of all bonded power, not a share of those who turned up; below
// that the last price stays, ages into the stale-price breaker, and nobody who voted is blamed.
import { rmSync } from "node:fs";
import { OptchainApp } from "../app/app";
import { prevoteMsg, voteMsg } from "../client/oracle";
import { aggregateVoteHash } from "../modules/oracle/vote";
import { optchain } from "../proto/gen/optchain";
import { GENESIS_TIME, initChain, openApp, runBlock, signTx } from "./helpers/inprocess";
import { Sequences, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(120_000);

const pb = optchain.oracle.v1;
// Period p = blocks {2p, 2p+1}: prevotes in the first block, reveals of the last prevote with them, tallies at odd heights.
const ORACLE = { vote_period: 2, slash_window: 1_000, max_price_age_seconds: 10 };
const CIRCUIT = { max_price_age_seconds: 10 };
// Powers 34, 26, 20 and 20 (tokens / power_reduction): the attacker, the one honest validator that votes, two that do not.
const TOKENS = [34_000_000n, 26_000_000n, 20_000_000n, 20_000_000n];
const [ATTACKER, HONEST_VOTER] = [0, 1];
const HONEST = "uopt:1.25,BTC:65000,ETH:3000";
const LIE = "uopt:1.1125,BTC:57850,ETH:2670"; // 11 % below

interface Net {
  app: OptchainApp;
  height: number;
  g: Awaited<ReturnType<typeof validatorsGenesis>>;
  seq: Sequences;
  committed: Array<{ salt: string; prices: string } | undefined>;
  close: () => void;
}

async function startNet(): Promise<Net> {
  const g = await validatorsGenesis(TOKENS.length, { tokens: TOKENS, oracle: ORACLE });
  g.appState.circuit = { params: CIRCUIT };
  const { app, dir } = openApp();
  initChain(app, g.appState);
  // the first period (blocks 2 and 3) starts at height 2
  runBlock(app, 1, []);
  return { app, g, height: 1, seq: new Sequences(), committed: [], close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * One vote period (two blocks). Each feeder reveals what it committed to last period and commits to
 * `prices(v)` for the next one; undefined = silent (no reveal, no prevote). Returns the tallying block.
 */
async function period(net: Net, prices: (validator: number) => string | undefined) {
  const txs: Uint8Array[] = [];
  const first = net.height + 1;
  for (let v = 0; v < TOKENS.length; v++) {
    const next = prices(v);
    const last = net.committed[v];
    net.committed[v] = undefined;
    if (next === undefined) continue;
    const [feeder, valoper] = [net.g.feeders[v], net.g.validators[v]];
    const salt = `${v.toString(16).padStart(8, "0")}${first.toString(16).padStart(16, "0")}`;
    const msgs = [...(last ? [voteMsg(feeder, valoper, last.salt, last.prices)] : []), prevoteMsg(feeder, valoper, aggregateVoteHash(salt, next, valoper))];
    net.committed[v] = { salt, prices: next };
    txs.push(await signTx(TOKENS.length + v, msgs, net.seq.take(TOKENS.length + v)));
  }
  const opening = runBlock(net.app, ++net.height, txs);
  opening.txResults.forEach((r) => expect([r.code, r.log]).toEqual([0, ""]));
  return runBlock(net.app, ++net.height, []);
}

function query<T>(net: Net, path: string, decode: (bytes: Uint8Array) => T, request: Uint8Array = new Uint8Array()): T {
  const response = net.app.query({ path, data: request, height: 0n, prove: false });
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return decode(response.value);
}

const btcPrice = (net: Net) => query(net, "/optchain.oracle.v1.Query/Price", pb.QueryPriceResponse.decode, pb.QueryPriceRequest.encode({ asset: "BTC" }).finish()).price!;
const btcTally = (net: Net) => query(net, "/optchain.oracle.v1.Query/LastTally", pb.QueryLastTallyResponse.decode, pb.QueryLastTallyRequest.encode({ asset: "BTC" }).finish()).tally!;
const misses = (net: Net) =>
  Object.fromEntries(query(net, "/optchain.oracle.v1.Query/MissCounters", pb.QueryMissCountersResponse.decode).missCounters.map((c) => [c.validator, [c.misses, c.ballots]]));

describe("a 34 % liar with 26 % honest turnout", () => {
  let net: Net;
  beforeAll(async () => {
    net = await startNet();
    // everyone votes honestly: the commitments of period 1 are revealed and tallied in period 2
    await period(net, () => HONEST);
    await period(net, () => HONEST);
    expect(btcPrice(net)).toMatchObject({ price: "65000", height: 5 });
  });
  afterAll(() => net?.close());

  test("cannot set the price: 60 % of the bonded power voted, under the 2/3 quorum, so the last price stays", async () => {
    const voting = (v: number) => (v === ATTACKER ? LIE : v === HONEST_VOTER ? HONEST : undefined);
    // the attacker's lie is committed this period and revealed (and tallied) in the next
    await period(net, voting);
    const tallied = await period(net, voting);
    const tally = btcTally(net);
    expect([tally.height, tally.votedPower, tally.totalPower]).toEqual([net.height, 60, 100]);
    expect(tally.passed).toBe(false);
    expect(tallied.events.filter((e) => e.type === "oracle_price_updated")).toEqual([]);
    expect(btcPrice(net)).toMatchObject({ price: "65000", height: 5 });
  });

  test("nobody who voted in the ballot that did not pass is blamed; the validators that stayed silent are", () => {
    const tally = btcTally(net);
    expect(tally.votes!.every((vote) => vote.inBand === false)).toBe(true);
    const counters = misses(net);
    const [attacker, honest, silentA, silentB] = net.g.validators;
    // per asset: the honest ballot that passed, then two periods of ballots that did not pass but had votes in them
    expect(counters[honest]).toEqual([0, 9]);
    expect(counters[attacker]).toEqual([0, 9]);
    expect(counters[silentA]).toEqual([6, 9]);
    expect(counters[silentB]).toEqual([6, 9]);
  });

  test("the held price ages into the stale-price breaker: readers get ErrPriceStale and BTC is frozen", async () => {
    const voting = (v: number) => (v === ATTACKER ? LIE : v === HONEST_VOTER ? HONEST : undefined);
    while (net.height < 5 + ORACLE.max_price_age_seconds + 2) await period(net, voting);
    const now = (GENESIS_TIME.seconds + BigInt(net.height)) * 1_000_000_000n;
    expect(() => net.app.oracle.price(net.app.store, "BTC", now)).toThrow(/price is stale/);
    expect(btcPrice(net)).toMatchObject({ price: "65000", stale: true });
    expect(net.app.circuit.activeFreezes(net.app.store, "BTC", BigInt(net.height)).map((f) => f.kind)).toEqual(["stale_price"]);
  });

  test("once two thirds of the power vote again (the silent validators return), the honest price passes and the liar is out of band", async () => {
    const voting = (v: number) => (v === ATTACKER ? LIE : HONEST);
    await period(net, voting);
    await period(net, voting);
    const tally = btcTally(net);
    expect([tally.passed, tally.median, tally.votedPower]).toEqual([true, "65000", 100]);
    expect(tally.votes!.filter((vote) => !vote.inBand).map((vote) => vote.validator)).toEqual([net.g.validators[ATTACKER]]);
    expect(btcPrice(net)).toMatchObject({ price: "65000", height: net.height, stale: false });
  });
});
