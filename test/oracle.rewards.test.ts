// The oracle reward pool inside the whole app: fees paid by real signed txs flow into the pool, and each
// reward period pays the validators whose votes were in band, by power × in-band votes.
import { rmSync } from "node:fs";
import { toAccAddress, valoperBytes } from "../app/address";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import type { OptchainApp } from "../app/app";
import { FEE_COLLECTOR_ADDRESS } from "../app/tx/pipeline";
import { prevoteMsg, voteMsg } from "../client/oracle";
import { ORACLE_REWARD_POOL_ADDRESS } from "../modules/oracle/rewards";
import { aggregateVoteHash } from "../modules/oracle/vote";
import { optchain } from "../proto/gen/optchain";
import { initChain, openApp, runBlock, sendMsg, signTx } from "./helpers/inprocess";
import { Sequences, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(120_000);

const pb = optchain.oracle.v1;
const VALIDATORS = 4;
// powers 100, 200, 100, 100: the two honest hold 3/5, with the liar 4/5 voted (above the 2/3 quorum)
const TOKENS = [100_000_000n, 200_000_000n, 100_000_000n, 100_000_000n];
// Period p = blocks {2p, 2p+1}; the pool pays at heights 3, 7, 11, ... the whole pool each time (window = period).
const ORACLE = { vote_period: 2, slash_window: 1_000, reward_period_blocks: 4, reward_distribution_window: 4, reward_fee_share: "0.1" };
const HONEST = ["uopt:1.25,BTC:65000,ETH:3000", "uopt:1.26,BTC:65050,ETH:3001"];
const LIE = "uopt:1.625,BTC:84500,ETH:3900"; // 30 % above: out of band
const ROLE = (v: number) => (v < 2 ? HONEST[v] : v === 2 ? LIE : undefined); // validator 3 is silent
const FEE = 5000n;

const query = (app: OptchainApp, path: string, data: Uint8Array = new Uint8Array()) => {
  const response = app.query({ path, data, height: 0n, prove: false });
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return response.value;
};
const uopt = (app: OptchainApp, address: Uint8Array) => app.bank.balance(app.store, address, "uopt");
const attrs = (e: { attributes: Array<{ key: string; value: string }> }) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));
const amount = (coins: Array<{ denom?: string | null; amount?: string | null }> | null | undefined) => BigInt((coins ?? []).find((c) => c.denom === "uopt")?.amount ?? "0");

describe("oracle rewards in the app", () => {
  let app: OptchainApp;
  let dir: string;
  let g: Awaited<ReturnType<typeof validatorsGenesis>>;
  const seq = new Sequences();
  let height = 0;
  const committed: Array<{ salt: string; prices: string } | undefined> = [];

  beforeAll(async () => {
    g = await validatorsGenesis(VALIDATORS, { tokens: TOKENS, oracle: ORACLE });
    ({ app, dir } = openApp());
    initChain(app, g.appState);
  });
  afterAll(() => (app.close(), rmSync(dir, { recursive: true, force: true })));

  const reward = (validator: string) =>
    pb.QueryValidatorRewardResponse.decode(query(app, "/optchain.oracle.v1.Query/ValidatorReward", pb.QueryValidatorRewardRequest.encode({ validator }).finish())).reward!;
  const paidTo = (validator: string) => amount(reward(validator).rewards);

  /** One block; feeders send (reveal + prevote, one fee each) at the first block of every period. */
  async function block() {
    height++;
    const txs: Uint8Array[] = [];
    if (height % ORACLE.vote_period === 0) {
      for (let v = 0; v < VALIDATORS; v++) {
        const prices = ROLE(v);
        if (prices === undefined) continue;
        const msgs = [];
        const last = committed[v];
        if (last) msgs.push(voteMsg(g.feeders[v], g.validators[v], last.salt, last.prices));
        const salt = `${v.toString(16).padStart(8, "0")}${height.toString(16).padStart(16, "0")}`;
        msgs.push(prevoteMsg(g.feeders[v], g.validators[v], aggregateVoteHash(salt, prices, g.validators[v])));
        committed[v] = { salt, prices };
        txs.push(await signTx(VALIDATORS + v, msgs, seq.take(VALIDATORS + v)));
      }
    }
    const poolBefore = uopt(app, ORACLE_REWARD_POOL_ADDRESS);
    const rewardsBefore = g.validators.map(paidTo);
    const response = runBlock(app, height, txs);
    response.txResults.forEach((r) => expect([r.code, r.log]).toEqual([0, ""]));
    return { response, txs: txs.length, poolBefore, rewardsBefore };
  }

  test("a tenth of what the fee collector holds at end-block moves into the pool every block; nothing is paid before a ballot passes", async () => {
    for (let i = 0; i < 2; i++) {
      const { response, txs, poolBefore } = await block();
      const gained = uopt(app, ORACLE_REWARD_POOL_ADDRESS) - poolBefore;
      const collector = uopt(app, FEE_COLLECTOR_ADDRESS);
      // whatever distribution took in its begin-block, the oracle took its share of what was there at end-block
      expect(gained).toBe(((collector + gained) * 1n) / 10n);
      expect(collector + gained).toBeGreaterThanOrEqual(BigInt(txs) * FEE);
      if (txs > 0) expect(gained).toBeGreaterThan(0n);
      expect(response.events.filter((e) => e.type === "oracle_reward")).toEqual([]);
    }
    expect(height).toBe(2);
  });

  test("the payout: the two honest validators share the pool 1:2 by power; the liar and the silent get nothing; dust stays", async () => {
    // heights 3..7: tallies at 3 (no reveals yet), 5 and 7 (reveals); the pool pays at 3 (no weights: nothing) and at 7
    let payout;
    while (height < 7) {
      const result = await block();
      if (height === 3) expect(result.response.events.filter((e) => e.type === "oracle_reward")).toEqual([]);
      payout = result;
    }
    const { response, poolBefore, rewardsBefore } = payout!;
    const funded = response.events.filter((e) => e.type === "oracle_reward_funded").map((e) => attrs(e).fees);
    const skimmed = funded.length === 0 ? 0n : BigInt(funded[0].replace(/uopt$/, ""));
    const pool = poolBefore + skimmed;
    // weights: two passed tallies (5 and 7) × three assets in band × power
    const weights = [100n * 3n * 2n, 200n * 3n * 2n, 0n, 0n];
    const total = weights.reduce((a, b) => a + b, 0n);
    const expected = weights.map((w) => (pool * w) / total);
    // where the coins go is the allocator's business (the operator's account, or distribution's F1 books)
    const received = g.validators.map((validator, i) => paidTo(validator) - rewardsBefore[i]);
    expect(received).toEqual(expected);
    expect(response.events.filter((e) => e.type === "oracle_reward_refused")).toEqual([]);
    expect(expected[0]).toBeGreaterThan(0n);
    const paid = expected.reduce((a, b) => a + b, 0n);
    // rounding down leaves the dust in the pool
    expect(uopt(app, ORACLE_REWARD_POOL_ADDRESS)).toBe(pool - paid);
    expect(pool - paid).toBeLessThan(BigInt(VALIDATORS));
    // one event per payout, in operator order
    const rewardEvents = response.events.filter((e) => e.type === "oracle_reward").map(attrs);
    expect(rewardEvents).toHaveLength(2);
    expect(rewardEvents).toEqual(expect.arrayContaining([
      { validator: g.validators[0], amount: `${expected[0]}uopt`, weight: "600", total_weight: "1800" },
      { validator: g.validators[1], amount: `${expected[1]}uopt`, weight: "1200", total_weight: "1800" },
    ]));
  });

  test("queries: the pool's books balance (pool + paid == funded), each validator's rewards and misses", () => {
    const books = pb.QueryRewardPoolResponse.decode(query(app, "/optchain.oracle.v1.Query/RewardPool"));
    expect(amount(books.pool)).toBe(uopt(app, ORACLE_REWARD_POOL_ADDRESS));
    expect(amount(books.pool) + amount(books.paid)).toBe(amount(books.funded));
    expect(amount(books.paid)).toBeGreaterThan(0n);

    const list = pb.QueryValidatorRewardsResponse.decode(query(app, "/optchain.oracle.v1.Query/ValidatorRewards", pb.QueryValidatorRewardsRequest.encode({ pagination: { limit: 10 } }).finish()));
    const byValidator = new Map(list.rewards.map((r) => [r.validator, r]));
    expect(list.rewards).toHaveLength(VALIDATORS);
    const paid = g.validators.map((v) => amount(byValidator.get(v)!.rewards));
    expect(paid[0] + paid[1]).toBe(amount(books.paid));
    expect(paid.slice(2)).toEqual([0n, 0n]);
    // 3 ballots counted per tally at 3 (absent from a ballot anyone voted in? nobody voted: not counted), 5, 7
    expect(g.validators.map((v) => [byValidator.get(v)!.misses, byValidator.get(v)!.ballots])).toEqual([
      [0, 6],
      [0, 6],
      [6, 6],
      [6, 6],
    ]);
    // weights restarted with the payout
    expect(list.rewards.map((r) => [r.weight, r.inBandVotes])).toEqual(g.validators.map(() => ["0", 0]));

    expect(reward(g.validators[1])).toEqual(byValidator.get(g.validators[1]));
    const params = pb.QueryParamsResponse.decode(query(app, "/optchain.oracle.v1.Query/Params")).params!;
    expect(params).toMatchObject({ rewardFeeShare: "0.1", rewardPeriodBlocks: 4, rewardDistributionWindow: 4, rewardInflationPerBlock: "0" });
  });

  test("weights earned mid-period show in the queries and survive a genesis export and import", async () => {
    await block(); // 8
    await block(); // 9: tally, weights for the period so far
    const weight = reward(g.validators[0]);
    expect([weight.weight, weight.inBandVotes]).toEqual(["300", 3]);

    const exported = app.exportGenesis().oracle as Record<string, unknown>;
    expect((exported.validator_rewards as unknown[]).length).toBe(2);
    expect((exported.reward_weights as unknown[]).length).toBe(2);
    const module = app.modules.find((m) => m.name === "oracle")!;
    const state = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    module.initGenesis({ store: state, chainId: "t", height: 0n, timeNs: 0n, mode: "genesis", gas: infiniteGasMeter(), events: [] }, JSON.parse(JSON.stringify(exported)));
    expect(module.exportGenesis(state)).toEqual(exported);
    expect(app.oracle.rewards.weight(state, valoperBytes(g.validators[0]))).toEqual({ weight: "300", in_band: 3 });
  });

  test("the pool account refuses user sends: its coins move only through the oracle", async () => {
    height++;
    const response = runBlock(app, height, [await signTx(VALIDATORS + 3, [sendMsg(g.feeders[3], toAccAddress(ORACLE_REWARD_POOL_ADDRESS), "1", "uopt")], seq.take(VALIDATORS + 3))]);
    expect(response.txResults[0]).toMatchObject({ codespace: "bank" });
    expect(response.txResults[0].code).not.toBe(0);
  });
});
