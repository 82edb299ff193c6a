// The Cosmos SDK's x/slashing queries, read in process by CosmJS's own setupSlashingExtension: its QueryClient
// is handed the app's ABCI query as its CometBFT client, so the request and response bytes are the ones a
// stock wallet or explorer sends and decodes over RPC.
import { rmSync } from "node:fs";
import fc from "fast-check";
import { fromBech32 } from "@cosmjs/encoding";
import { QueryClient, setupSlashingExtension } from "@cosmjs/stargate";
import type { CometClient } from "@cosmjs/tendermint-rpc";
import * as sdk from "cosmjs-types/cosmos/slashing/v1beta1/query";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { consensusAddress, toAccAddress, toValcons } from "../app/address";
import type { OptchainApp } from "../app/app";
import { optchain } from "../proto/gen/optchain";
import { GENESIS_TIME, initChain, openApp, runBlock } from "./helpers/inprocess";
import { validatorsGenesis } from "./helpers/validators";

jest.setTimeout(120_000);

const pb = optchain.slashing.v1;
const SLASHING = {
  signed_blocks_window: 10,
  min_signed_per_window: "0.5",
  downtime_jail_duration_seconds: 20,
  slash_fraction_downtime: "0.01",
  slash_fraction_double_sign: "0.05",
  max_jailed_power_per_block: "0.33",
};

async function setup(count: number) {
  const g = await validatorsGenesis(count, { slashing: SLASHING });
  const { app, dir } = openApp();
  initChain(app, g.appState);
  const net = { app, g, height: 0, close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
  return net;
}
type Net = Awaited<ReturnType<typeof setup>>;

/** One block whose last commit lacks the signatures of `absent`. */
function block(net: Net, absent: number[] = []) {
  net.height++;
  const votes = net.g.consensusKeys.map((key, i) => ({
    validator: { address: consensusAddress(key), power: 100n },
    blockIdFlag: absent.includes(i) ? BlockIDFlag.BLOCK_ID_FLAG_ABSENT : BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
  }));
  return runBlock(net.app, net.height, [], net.height === 1 ? {} : { decidedLastCommit: { round: 0, votes } });
}

/** The app's ABCI query as the one CometClient method QueryClient calls. */
function slashingClient(app: OptchainApp) {
  const comet = {
    abciQuery: async ({ path, data }: { path: string; data: Uint8Array }) => {
      const response = app.query({ path, data, height: 0n, prove: false });
      return { ...response, height: Number(response.height) || 1 };
    },
  } as unknown as CometClient;
  return QueryClient.withExtensions(comet, setupSlashingExtension);
}

const rawQuery = (app: OptchainApp, path: string, data: Uint8Array) => app.query({ path, data, height: 0n, prove: false });
const valcons = (net: Net, i: number) => toValcons(consensusAddress(net.g.consensusKeys[i]));
const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

test("CosmJS's setupSlashingExtension reads params, a downtime-jailed validator's signing info and the paged list", async () => {
  const net = await setup(4);
  try {
    const client = slashingClient(net.app);
    // queries read committed state: the first block commits genesis
    block(net);
    const { params } = await client.slashing.params();
    // LegacyDec in bytes fields: the text of its 18-decimal atomics, as gogoproto marshals it
    expect({ ...params, minSignedPerWindow: ascii(params.minSignedPerWindow), slashFractionDoubleSign: ascii(params.slashFractionDoubleSign), slashFractionDowntime: ascii(params.slashFractionDowntime) }).toEqual({
      signedBlocksWindow: 10n,
      minSignedPerWindow: "500000000000000000",
      downtimeJailDuration: { seconds: 20n, nanos: 0 },
      slashFractionDoubleSign: "50000000000000000",
      slashFractionDowntime: "10000000000000000",
    });

    for (let h = 2; h <= 12; h++) block(net, [2]);
    const before = (await client.slashing.signingInfo(valcons(net, 2))).valSigningInfo;
    expect(before).toEqual({ address: valcons(net, 2), startHeight: 2n, indexOffset: 11n, jailedUntil: { seconds: 0n, nanos: 0 }, tombstoned: false, missedBlocksCounter: 10n });
    block(net, [2]);
    const jailed = (await client.slashing.signingInfo(valcons(net, 2))).valSigningInfo;
    expect(jailed).toEqual({ address: valcons(net, 2), startHeight: 2n, indexOffset: 0n, jailedUntil: { seconds: GENESIS_TIME.seconds + 13n + 20n, nanos: 0 }, tombstoned: false, missedBlocksCounter: 0n });

    const all = await client.slashing.signingInfos();
    const sorted = [0, 1, 2, 3].map((i) => valcons(net, i)).sort((a, b) => Buffer.compare(fromBech32(a, 90).data, fromBech32(b, 90).data));
    expect(all.info.map((info) => info.address)).toEqual(sorted);
    expect(all.info.find((info) => info.address === valcons(net, 2))).toEqual(jailed);

    // two pages of two, walked with next_key as CosmJS's signingInfos(paginationKey) does
    const first = sdk.QuerySigningInfosResponse.decode(rawQuery(net.app, "/cosmos.slashing.v1beta1.Query/SigningInfos", sdk.QuerySigningInfosRequest.encode({ pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: true, reverse: false } }).finish()).value);
    expect(first.info.map((info) => info.address)).toEqual(sorted.slice(0, 2));
    expect(first.pagination?.total).toBe(4n);
    const second = await client.slashing.signingInfos(first.pagination!.nextKey);
    expect(second.info.map((info) => info.address)).toEqual(sorted.slice(2));
  } finally {
    net.close();
  }
});

describe("bad addresses are refused with a typed error, not read as another validator's", () => {
  let net: Net;
  beforeAll(async () => {
    net = await setup(2);
    block(net);
  });
  afterAll(() => net.close());

  const ask = (consAddress: string) => rawQuery(net.app, "/cosmos.slashing.v1beta1.Query/SigningInfo", sdk.QuerySigningInfoRequest.encode({ consAddress }).finish());

  test.each([
    ["the operator address of the same validator", () => net.g.validators[0], 7],
    ["an account address of the same bytes", () => toAccAddress(consensusAddress(net.g.consensusKeys[0])), 7],
    ["the upper-case spelling", () => valcons(net, 0).toUpperCase(), 7],
    ["the hex consensus address", () => Buffer.from(consensusAddress(net.g.consensusKeys[0])).toString("hex"), 7],
    ["an empty address", () => "", 7],
    ["a well-formed consensus address no validator has", () => toValcons(new Uint8Array(20).fill(9)), 22],
  ])("%s", (_what, address, code) => {
    expect(ask(address())).toMatchObject({ codespace: "sdk", code });
  });
});

test("property: after any pattern of missed blocks the SDK view says what the module's own view says", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.subarray([0, 1, 2]), { minLength: 1, maxLength: 24 }), async (pattern) => {
      const net = await setup(3);
      try {
        block(net);
        for (const absent of pattern) block(net, absent);
        const client = slashingClient(net.app);
        const { info } = await client.slashing.signingInfos();
        expect(info).toHaveLength(3);
        for (let i = 0; i < 3; i++) {
          const own = pb.QuerySigningInfoResponse.decode(rawQuery(net.app, "/optchain.slashing.v1.Query/SigningInfo", pb.QuerySigningInfoRequest.encode({ validator: net.g.validators[i] }).finish()).value).info!;
          const untilNs = BigInt(own.jailedUntilUnixNanos ?? "0");
          const { valSigningInfo } = await client.slashing.signingInfo(valcons(net, i));
          expect(info.find((entry) => entry.address === valcons(net, i))).toEqual(valSigningInfo);
          expect(valSigningInfo).toEqual({
            address: valcons(net, i),
            startHeight: BigInt(own.startHeight ?? 0),
            indexOffset: BigInt(own.indexOffset ?? 0),
            jailedUntil: { seconds: untilNs / 1_000_000_000n, nanos: Number(untilNs % 1_000_000_000n) },
            tombstoned: own.tombstoned ?? false,
            missedBlocksCounter: BigInt(own.missedBlocksCounter ?? 0),
          });
        }
      } finally {
        net.close();
      }
    }),
    { numRuns: 8 },
  );
});
