// The oracle and slashing modules inside the whole app: real signed txs through FinalizeBlock, tallies at
// period ends, the slash window, queries as a wallet sends them.
import { rmSync } from "node:fs";
import { QuerySupplyOfRequest, QuerySupplyOfResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { consensusAddress } from "../app/address";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { DEV_ACCOUNT_BALANCE } from "../client";
import { OptchainApp } from "../app/app";
import { delegateFeedConsentMsg, prevoteMsg, unjailMsg, voteMsg } from "../client/oracle";
import { aggregateVoteHash } from "../modules/oracle/vote";
import { optchain } from "../proto/gen/optchain";
import { GENESIS_TIME, initChain, openApp, quietLogger, runBlock, signTx } from "./helpers/inprocess";
import { Sequences, VALIDATOR_TOKENS, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(120_000);

const pb = optchain.oracle.v1;
const VALIDATORS = 4;
// Period p = blocks {2p, 2p+1}; tallies at odd heights; a slash window ends at heights 19, 39, ...
const ORACLE = { vote_period: 2, slash_window: 20, min_valid_per_window: "0.5", jail_duration_seconds: 30, max_price_age_seconds: 10, reward_band: "0.02" };
const HONEST = ["uopt:1.25,BTC:65000,ETH:3000", "uopt:1.26,BTC:65050,ETH:3001", "uopt:1.24,BTC:64950,ETH:2999"];
const LIE = "uopt:1.625,BTC:84500,ETH:3900"; // 30 % above
const SALT = (validator: number, height: number) => `${validator.toString(16).padStart(8, "0")}${height.toString(16).padStart(16, "0")}`;

const query = (app: OptchainApp, path: string, data: Uint8Array = new Uint8Array()) => {
  const response = app.query({ path, data, height: 0n, prove: false });
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return response.value;
};

interface Net {
  app: OptchainApp;
  dir: string;
  close: () => void;
  g: Awaited<ReturnType<typeof validatorsGenesis>>;
  seq: Sequences;
  height: number;
  /** what each validator's feeder committed to in its last prevote */
  committed: Array<{ salt: string; prices: string } | undefined>;
}

async function startNet(): Promise<Net> {
  const g = await validatorsGenesis(VALIDATORS, { oracle: ORACLE, delegate: false });
  const { app, dir } = openApp();
  initChain(app, g.appState);
  const net: Net = { app, dir, g, seq: new Sequences(), height: 0, committed: [], close: () => (net.app.close(), rmSync(dir, { recursive: true, force: true })) };
  return net;
}

function block(net: Net, txs: Uint8Array[]) {
  net.height++;
  return runBlock(net.app, net.height, txs);
}

/**
 * One feeder tx for this block: the reveal of its last commitment (if any), then a new prevote, as the feeder
 * sends them. `prices` undefined = silent.
 */
async function feederTx(net: Net, validator: number, prices: string | undefined): Promise<Uint8Array[]> {
  if (prices === undefined) return [];
  const feeder = net.g.feeders[validator];
  const valoper = net.g.validators[validator];
  const msgs = [];
  const last = net.committed[validator];
  if (last) msgs.push(voteMsg(feeder, valoper, last.salt, last.prices));
  const salt = SALT(validator, net.height + 1);
  msgs.push(prevoteMsg(feeder, valoper, aggregateVoteHash(salt, prices, valoper)));
  net.committed[validator] = { salt, prices };
  return [await signTx(VALIDATORS + validator, msgs, net.seq.take(VALIDATORS + validator))];
}

/** Runs blocks up to and including `until`; feeders send at the first block of every period. */
async function runPeriods(net: Net, until: number, pricesOf: (validator: number) => string | undefined) {
  const responses = [];
  while (net.height < until) {
    const next = net.height + 1;
    const txs: Uint8Array[] = [];
    if (next % ORACLE.vote_period === 0) {
      for (let v = 0; v < VALIDATORS; v++) txs.push(...(await feederTx(net, v, pricesOf(v))));
    }
    const response = block(net, txs);
    response.txResults.forEach((r) => {
      if (r.code !== 0) throw new Error(`feeder tx failed at ${next}: ${r.log}`);
    });
    responses.push(response);
  }
  return responses;
}

const validatorTokens = (app: OptchainApp, valoper: string) =>
  BigInt(optchain.staking.v1.QueryValidatorResponse.decode(query(app, "/optchain.staking.v1.Query/Validator", optchain.staking.v1.QueryValidatorRequest.encode({ operatorAddress: valoper }).finish())).validator!.tokens!);

describe("oracle and slashing in the app", () => {
  let net: Net;
  beforeAll(async () => {
    net = await startNet();
  });
  afterAll(() => net?.close());

  test("validators delegate feeding by tx; the delegate votes, the validator's own key no longer may", async () => {
    const txs = [];
    for (let v = 0; v < VALIDATORS; v++) txs.push(await signTx(v, [delegateFeedConsentMsg(net.g.validators[v], net.g.feeders[v])], net.seq.take(v)));
    // validator 0's own account tries to prevote after delegating, in the same block: refused
    txs.push(await signTx(0, [prevoteMsg(net.g.operators[0], net.g.validators[0], "ab".repeat(20))], net.seq.take(0)));
    const response = block(net, txs);
    expect(response.txResults.slice(0, VALIDATORS).map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(response.txResults[VALIDATORS]).toMatchObject({ codespace: "oracle", code: 11 });
    const feeder = pb.QueryFeederDelegationResponse.decode(
      query(net.app, "/optchain.oracle.v1.Query/FeederDelegation", pb.QueryFeederDelegationRequest.encode({ validator: net.g.validators[2] }).finish()),
    ).feeder;
    expect(feeder).toBe(net.g.feeders[2]);
  });

  test("commit-reveal refusals: wrong hash, wrong period, duplicate prevote, undelegated feeder, unknown asset", async () => {
    const [f0, f1] = net.g.feeders;
    const [v0, v1] = net.g.validators;
    const salt = "00112233445566778899";
    // height 2 (period 1): prevotes
    const r2 = block(net, [
      await signTx(VALIDATORS, [prevoteMsg(f0, v0, aggregateVoteHash(salt, HONEST[0], v0))], net.seq.take(VALIDATORS)),
      await signTx(VALIDATORS, [prevoteMsg(f0, v0, aggregateVoteHash(salt, HONEST[0], v0))], net.seq.take(VALIDATORS)),
      await signTx(VALIDATORS + 1, [prevoteMsg(f1, v0, aggregateVoteHash(salt, HONEST[0], v0))], net.seq.take(VALIDATORS + 1)),
      await signTx(VALIDATORS + 1, [prevoteMsg(f1, v1, aggregateVoteHash(salt, "DOGE:1", v1))], net.seq.take(VALIDATORS + 1)),
    ]);
    expect(r2.txResults.map((r) => [r.codespace, r.code])).toEqual([["", 0], ["oracle", 13], ["oracle", 11], ["", 0]]);
    // height 3 (still period 1): a reveal in the same period is refused
    const r3 = block(net, [await signTx(VALIDATORS, [voteMsg(f0, v0, salt, HONEST[0])], net.seq.take(VALIDATORS))]);
    expect(r3.txResults[0]).toMatchObject({ codespace: "oracle", code: 9 });
    // height 4 (period 2): a reveal that does not match, then an unknown asset, then the right one
    const r4 = block(net, [
      await signTx(VALIDATORS, [voteMsg(f0, v0, salt, HONEST[1])], net.seq.take(VALIDATORS)),
      await signTx(VALIDATORS + 1, [voteMsg(f1, v1, salt, "DOGE:1")], net.seq.take(VALIDATORS + 1)),
      await signTx(VALIDATORS, [voteMsg(f0, v0, salt, HONEST[0])], net.seq.take(VALIDATORS)),
    ]);
    expect(r4.txResults.map((r) => [r.codespace, r.code])).toEqual([["oracle", 10], ["oracle", 4], ["", 0]]);
    expect(r4.txResults[0].log).toContain("does not match the prevote hash");
    // height 5 ends period 2: one voter of four is below the quorum, so no price (only the three silent miss)
    const r5 = block(net, []);
    expect(r5.events.filter((e) => e.type === "oracle_ballot_dropped")).toHaveLength(3);
    expect(pb.QueryPricesResponse.decode(query(net.app, "/optchain.oracle.v1.Query/Prices")).prices).toEqual([]);
  });

  test("three honest feeders and a liar: prices are the honest median; the liar is an outlier, then slashed and jailed", async () => {
    const responses = await runPeriods(net, 19, (v) => (v === 3 ? LIE : HONEST[v]));
    const prices = pb.QueryPricesResponse.decode(query(net.app, "/optchain.oracle.v1.Query/Prices")).prices;
    expect(prices.map((p) => [p.asset, p.price, p.stale])).toEqual([
      ["BTC", "65000", false],
      ["ETH", "3000", false],
      ["uopt", "1.25", false],
    ]);
    const tally = pb.QueryLastTallyResponse.decode(query(net.app, "/optchain.oracle.v1.Query/LastTally", pb.QueryLastTallyRequest.encode({ asset: "BTC" }).finish())).tally!;
    expect(tally.passed).toBe(true);
    expect(tally.votes!.map((v) => [v.validator, v.price, v.inBand])).toEqual([
      [net.g.validators[2], "64950", true],
      [net.g.validators[0], "65000", true],
      [net.g.validators[1], "65050", true],
      [net.g.validators[3], "84500", false],
    ]);
    expect(tally.absent).toEqual([]);

    const last = responses[responses.length - 1];
    const liar = net.g.validators[3];
    const slash = last.events.find((e) => e.type === "slash");
    expect(Object.fromEntries(slash!.attributes.map((a) => [a.key, a.value]))).toMatchObject({ validator: liar, reason: "oracle", fraction: "0.001", burned: "100000" });
    expect(last.events.some((e) => e.type === "jail" && e.attributes.some((a) => a.value === liar))).toBe(true);
    // CometBFT hears of it in the same block: power 0 for the liar's consensus key
    expect(last.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[3] }, power: 0n }]);
    expect(validatorTokens(net.app, liar)).toBe(VALIDATOR_TOKENS - 100_000n);
    // burned from the bonded pool: supply shrinks by exactly the slash
    const supply = QuerySupplyOfResponse.decode(query(net.app, "/cosmos.bank.v1beta1.Query/SupplyOf", QuerySupplyOfRequest.encode({ denom: "uopt" }).finish()));
    expect(BigInt(supply.amount!.amount)).toBe(2n * BigInt(VALIDATORS) * DEV_ACCOUNT_BALANCE + BigInt(VALIDATORS) * VALIDATOR_TOKENS - 100_000n);

    const info = optchain.slashing.v1.QuerySigningInfoResponse.decode(
      query(net.app, "/optchain.slashing.v1.Query/SigningInfo", optchain.slashing.v1.QuerySigningInfoRequest.encode({ validator: liar }).finish()),
    ).info!;
    expect(info).toMatchObject({ jailed: true, tombstoned: false, jailedUntilUnixNanos: ((GENESIS_TIME.seconds + 19n + 30n) * 1_000_000_000n).toString() });
    expect(info.consensusAddress).toBe(Buffer.from(consensusAddress(net.g.consensusKeys[3])).toString("hex").toUpperCase());
    const history = optchain.slashing.v1.QuerySlashHistoryResponse.decode(
      query(net.app, "/optchain.slashing.v1.Query/SlashHistory", optchain.slashing.v1.QuerySlashHistoryRequest.encode({ validator: liar }).finish()),
    ).slashes;
    expect(history.map((s) => [s.reason, s.burned, s.height])).toEqual([["oracle", "100000", 19]]);
    // miss counters restarted with the window
    const counters = pb.QueryMissCountersResponse.decode(query(net.app, "/optchain.oracle.v1.Query/MissCounters")).missCounters;
    expect(counters.map((c) => [c.misses, c.ballots])).toEqual([[0, 0], [0, 0], [0, 0]]);
  });

  test("a jailed validator's feeder is refused; unjail before the jail time fails, after it restores the power", async () => {
    const liar = 3;
    const refused = block(net, [await signTx(VALIDATORS + liar, [prevoteMsg(net.g.feeders[liar], net.g.validators[liar], "cd".repeat(20))], net.seq.take(VALIDATORS + liar))]);
    expect(refused.txResults[0]).toMatchObject({ codespace: "oracle", code: 12 });
    const early = block(net, [await signTx(liar, [unjailMsg(net.g.validators[liar])], net.seq.take(liar))]);
    expect(early.txResults[0]).toMatchObject({ codespace: "slashing", code: 4 });
    while (net.height < 19 + 30 - 1) block(net, []);
    const unjailed = block(net, [await signTx(liar, [unjailMsg(net.g.validators[liar])], net.seq.take(liar))]);
    expect(unjailed.txResults[0].code).toBe(0);
    expect(unjailed.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[liar] }, power: 99n }]);
    const again = block(net, [await signTx(liar, [unjailMsg(net.g.validators[liar])], net.seq.take(liar))]);
    expect(again.txResults[0]).toMatchObject({ codespace: "slashing", code: 5 });
  });

  test("without votes the price goes stale: queries flag it and readers get a typed error", () => {
    const now = BigInt(GENESIS_TIME.seconds + BigInt(net.height)) * 1_000_000_000n;
    expect(() => net.app.oracle.price(net.app.store, "BTC", now)).toThrow(/price is stale/);
    const price = pb.QueryPriceResponse.decode(query(net.app, "/optchain.oracle.v1.Query/Price", pb.QueryPriceRequest.encode({ asset: "BTC" }).finish())).price!;
    expect(price).toMatchObject({ asset: "BTC", price: "65000", stale: true, height: 19 });
  });
});

test("replay: the same feeder txs on two apps give the same app hash at every height, across a restart", async () => {
  const hashes: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const net = await startNet();
    const txs: Uint8Array[] = [];
    for (let v = 0; v < VALIDATORS; v++) txs.push(await signTx(v, [delegateFeedConsentMsg(net.g.validators[v], net.g.feeders[v])], net.seq.take(v)));
    hashes.push([Buffer.from(block(net, txs).appHash).toString("hex")]);
    while (net.height < 23) {
      if (run === 1 && net.height === 11) {
        net.app.close();
        net.app = new OptchainApp({ dataDir: net.dir, logger: quietLogger });
      }
      const responses = await runPeriods(net, net.height + 1, (v) => (v === 3 ? (net.height < 19 ? LIE : undefined) : v === 2 && net.height > 12 ? undefined : HONEST[v]));
      hashes[run].push(Buffer.from(responses[0].appHash).toString("hex"));
      if (net.height === 22) expectGenesisRoundTrip(net.app);
    }
    net.close();
  }
  expect(hashes[1]).toEqual(hashes[0]);
  expect(new Set(hashes[0]).size).toBe(hashes[0].length);
});

/** Mid-window state (votes revealed, prevotes pending, misses counted, a jailed liar): export → import → export. */
function expectGenesisRoundTrip(app: OptchainApp) {
  const exported = app.exportGenesis();
  const oracle = exported.oracle as Record<string, unknown[]>;
  for (const section of ["feeder_delegations", "prices", "price_history", "prevotes", "votes", "tallies", "last_ballot", "miss_counters"]) {
    expect([section, oracle[section].length]).not.toEqual([section, 0]);
  }
  for (const name of ["oracle", "slashing"]) {
    const module = app.modules.find((m) => m.name === name)!;
    const state = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    module.initGenesis({ store: state, chainId: "t", height: 0n, timeNs: 0n, mode: "genesis", gas: infiniteGasMeter(), events: [] }, JSON.parse(JSON.stringify(exported[name])));
    expect(module.exportGenesis(state)).toEqual(exported[name]);
  }
}
