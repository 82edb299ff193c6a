// Slashing judges each asset's misses on its own (a validator that never prices one asset is slashed for it), so
// the MissCounter queries must show them per asset, or a validator cannot see why it was slashed: through
// abci_query (gRPC serves the same handler) and the REST gateway, on a real socket.
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import type { FastifyInstance } from "fastify";
import { consensusAddress } from "../app/address";
import { restServer } from "../app/api/rest";
import type { OptchainApp } from "../app/app";
import { DEC_ONE } from "../lib/fixed";
import { encodeInjectedVotes, encodeVoteExtension } from "../modules/oracle/ve";
import { optchain } from "../proto/gen/optchain";
import { initChain, openApp, runBlock } from "./helpers/inprocess";
import { validatorsGenesis } from "./helpers/validators";

const pb = optchain.oracle.v1;
const BOTH = encodeVoteExtension(new Map([["BTC", 65_000n * DEC_ONE], ["ETH", 3_000n * DEC_ONE]]));
const BTC_ONLY = encodeVoteExtension(new Map([["BTC", 65_000n * DEC_ONE]]));
/** Blocks 2..5 carry votes: four counted ballots of each asset in the window (it ends at height 99). */
const VOTED_BLOCKS = [2, 3, 4, 5];

let app: OptchainApp;
let close: () => void;
let validators: string[];
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  const g = await validatorsGenesis(5, { oracle: { assets: ["BTC", "ETH"].map((name) => ({ name, vote_threshold: "0.5" })), slash_window: 100, vote_period: 1 } });
  validators = g.validators;
  ({ app, close } = openApp());
  initChain(app, g.appState, 1n);
  runBlock(app, 1, []);
  // validators 0-2 price both assets, 3 never prices ETH, 4 enters the set at height 4 and prices both
  for (const height of VOTED_BLOCKS) {
    const inSet = height >= 4 ? [0, 1, 2, 3, 4] : [0, 1, 2, 3];
    const votes = inSet.map((i) => ({ validator: { address: consensusAddress(g.consensusKeys[i]), power: 100n }, voteExtension: i === 3 ? BTC_ONLY : BOTH, extensionSignature: new Uint8Array(64), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT }));
    runBlock(app, height, [encodeInjectedVotes({ round: 0, votes })]);
  }
  server = restServer({ app, rpcUrl: "http://127.0.0.1:1", log: { info: () => undefined, error: () => undefined } });
  base = await server.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await server?.close();
  close?.();
});

function query(path: string, data: Uint8Array) {
  const response = app.query({ path, data, height: 0n, prove: false });
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return response.value;
}

/** The decoded per-asset entries as plain objects (protobufjs decodes into message classes). */
const assetsOf = (counter: { assets?: Array<{ asset?: string | null; misses?: number | null; ballots?: number | null }> | null } | null | undefined) =>
  counter?.assets?.map(({ asset, misses, ballots }) => ({ asset, misses, ballots }));

const missCounter = (validator: string, pagination?: { key?: Uint8Array; limit?: number; countTotal?: boolean }) =>
  pb.QueryMissCounterResponse.decode(query("/optchain.oracle.v1.Query/MissCounter", pb.QueryMissCounterRequest.encode({ validator, pagination }).finish()));

test("MissCounter shows each asset's misses and ballots, and the window's own ballot count", () => {
  const { missCounter: counter } = missCounter(validators[3]);
  expect(counter).toMatchObject({ validator: validators[3], misses: 4, ballots: 8, windowBallots: 8 });
  expect(assetsOf(counter)).toEqual([
    { asset: "BTC", misses: 0, ballots: 4 },
    { asset: "ETH", misses: 4, ballots: 4 },
  ]);
  // the newcomer counted two blocks' ballots of the window's four: it will not be judged at this window's end
  const newcomer = missCounter(validators[4]).missCounter;
  expect(newcomer).toMatchObject({ misses: 0, ballots: 4, windowBallots: 8 });
  expect(assetsOf(newcomer)).toEqual([{ asset: "BTC", misses: 0, ballots: 2 }, { asset: "ETH", misses: 0, ballots: 2 }]);
});

test("MissCounter pages the per-asset counts by asset name", () => {
  const first = missCounter(validators[3], { limit: 1, countTotal: true });
  expect(assetsOf(first.missCounter)).toEqual([{ asset: "BTC", misses: 0, ballots: 4 }]);
  expect(first.pagination?.total).toBe(2);
  expect(first.pagination?.nextKey?.length).toBeGreaterThan(0);
  const second = missCounter(validators[3], { key: first.pagination?.nextKey ?? undefined, limit: 1 });
  expect(assetsOf(second.missCounter)).toEqual([{ asset: "ETH", misses: 4, ballots: 4 }]);
  expect(second.pagination?.nextKey ?? new Uint8Array()).toHaveLength(0);
  // the totals are the whole counter's on every page
  expect(second.missCounter).toMatchObject({ misses: 4, ballots: 8 });
});

test("MissCounters lists every bonded validator with its per-asset counts", () => {
  const { missCounters } = pb.QueryMissCountersResponse.decode(query("/optchain.oracle.v1.Query/MissCounters", pb.QueryMissCountersRequest.encode({}).finish()));
  const byValidator = new Map(missCounters.map((counter) => [counter.validator, counter]));
  expect(assetsOf(byValidator.get(validators[0]))).toEqual([{ asset: "BTC", misses: 0, ballots: 4 }, { asset: "ETH", misses: 0, ballots: 4 }]);
  expect(assetsOf(byValidator.get(validators[3]))).toEqual([{ asset: "BTC", misses: 0, ballots: 4 }, { asset: "ETH", misses: 4, ballots: 4 }]);
  expect(missCounters.every((counter) => counter.windowBallots === 8)).toBe(true);
});

test("REST: /optchain/oracle/v1/miss_counter answers the per-asset counts in the SDK gateway's JSON, paged", async () => {
  const response = await fetch(`${base}/optchain/oracle/v1/miss_counter?validator=${validators[3]}&pagination.limit=1`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { miss_counter: Record<string, unknown>; pagination: { next_key: string | null } };
  expect(body.miss_counter).toEqual({ validator: validators[3], misses: "4", ballots: "8", assets: [{ asset: "BTC", misses: "0", ballots: "4" }], window_ballots: "8" });
  expect(body.pagination.next_key).toEqual(expect.any(String));
});
