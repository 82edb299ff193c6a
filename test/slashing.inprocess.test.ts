// Downtime, double signing, the per-block jail cap and the last-validator guard, driven through FinalizeBlock
// with the commit signatures and misbehavior CometBFT would report.
import { rmSync } from "node:fs";
import type { Misbehavior, RequestFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { MisbehaviorType } from "cosmjs-types/tendermint/abci/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import type { EvidenceParams } from "cosmjs-types/tendermint/types/params";
import fc from "fast-check";
import { consensusAddress, valoperBytes } from "../app/address";
import { OptchainApp } from "../app/app";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { unjailMsg } from "../client/oracle";
import { optchain } from "../proto/gen/optchain";
import { GENESIS_TIME, initChain, openApp, quietLogger, runBlock, signTx } from "./helpers/inprocess";
import { Sequences, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(60_000);

const pb = optchain.slashing.v1;
const SLASHING = {
  signed_blocks_window: 10,
  min_signed_per_window: "0.5",
  downtime_jail_duration_seconds: 20,
  slash_fraction_downtime: "0.01",
  slash_fraction_double_sign: "0.05",
  max_jailed_power_per_block: "0.33",
};

type Net = Awaited<ReturnType<typeof setup>>;

async function setup(count: number, options: { staking?: Record<string, unknown>; evidence?: EvidenceParams } = {}) {
  const g = await validatorsGenesis(count, { slashing: SLASHING });
  if (options.staking) (g.appState.staking as Record<string, unknown>).params = options.staking;
  const { app, dir } = openApp();
  initChain(app, g.appState, undefined, options.evidence);
  const net = { app, dir, g, height: 0, seq: new Sequences(), close: () => (net.app.close(), rmSync(dir, { recursive: true, force: true })) };
  return net;
}

/** A fresh chain of `count` validators for one test, closed after it whatever happens. */
async function onChain(count: number, run: (net: Net) => Promise<void>, options: Parameters<typeof setup>[1] = {}): Promise<void> {
  const net = await setup(count, options);
  try {
    await run(net);
  } finally {
    net.close();
  }
}

/** The previous block's commit as CometBFT reports it: every validator signed but those in `absent`. */
function commit(net: Net, absent: number[]): RequestFinalizeBlock["decidedLastCommit"] {
  return {
    round: 0,
    votes: net.g.consensusKeys.map((key, i) => ({
      validator: { address: consensusAddress(key), power: 100n },
      blockIdFlag: absent.includes(i) ? BlockIDFlag.BLOCK_ID_FLAG_ABSENT : BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
    })),
  };
}

function doubleSign(net: Net, validator: number): Misbehavior {
  return {
    type: MisbehaviorType.DUPLICATE_VOTE,
    validator: { address: consensusAddress(net.g.consensusKeys[validator]), power: 100n },
    height: BigInt(Math.max(1, net.height - 1)),
    time: { seconds: GENESIS_TIME.seconds, nanos: 0 },
    totalVotingPower: 400n,
  };
}

function block(net: Net, txs: Uint8Array[] = [], consensus: Parameters<typeof runBlock>[3] = {}) {
  net.height++;
  return runBlock(net.app, net.height, txs, consensus);
}

const attrs = (event: { attributes: Array<{ key: string; value: string }> }) => Object.fromEntries(event.attributes.map((a) => [a.key, a.value]));
const eventsOf = (response: ReturnType<typeof block>, type: string) => response.events.filter((e) => e.type === type).map(attrs);

function signingInfo(app: OptchainApp, validator: string) {
  const response = app.query({ path: "/optchain.slashing.v1.Query/SigningInfo", data: pb.QuerySigningInfoRequest.encode({ validator }).finish(), height: 0n, prove: false });
  return pb.QuerySigningInfoResponse.decode(response.value).info!;
}

test("downtime: more than half of the window missed → slashed 1 %, jailed for 20 s, power 0; absent signatures of a jailed validator are ignored; unjail after the jail time", () =>
  onChain(4, async (net) => {
    block(net);
    // the first commit seen starts validator 2's window at height 2: its grace ends after height 12
    for (let h = 2; h <= 12; h++) {
      const response = block(net, [], { decidedLastCommit: commit(net, [2]) });
      expect(response.validatorUpdates).toEqual([]);
    }
    expect(signingInfo(net.app, net.g.validators[2])).toMatchObject({ startHeight: 2, missedBlocksCounter: 10, jailed: false });
    const jailed = block(net, [], { decidedLastCommit: commit(net, [2]) });
    expect(eventsOf(jailed, "slash")).toEqual([{ validator: net.g.validators[2], reason: "downtime", fraction: "0.01", burned: "1000000", tombstoned: "false" }]);
    expect(jailed.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[2] }, power: 0n }]);
    const until = (GENESIS_TIME.seconds + 13n + 20n) * 1_000_000_000n;
    expect(signingInfo(net.app, net.g.validators[2])).toMatchObject({ jailed: true, missedBlocksCounter: 0, jailedUntilUnixNanos: until.toString() });
    // CometBFT still lists it for two more commits; nothing happens
    for (let h = 14; h <= 15; h++) expect(eventsOf(block(net, [], { decidedLastCommit: commit(net, [2]) }), "slash")).toEqual([]);

    const early = block(net, [await signTx(2, [unjailMsg(net.g.validators[2])], net.seq.take(2))]);
    expect(early.txResults[0]).toMatchObject({ codespace: "slashing", code: 4 });
    while (net.height < 32) block(net);
    const unjailed = block(net, [await signTx(2, [unjailMsg(net.g.validators[2])], net.seq.take(2))]);
    expect(unjailed.txResults[0].code).toBe(0);
    expect(unjailed.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[2] }, power: 99n }]);
    // a fresh window: the old misses do not jail it again
    expect(signingInfo(net.app, net.g.validators[2])).toMatchObject({ startHeight: 33, missedBlocksCounter: 0, jailed: false });
  }));

test("a validator that signs just often enough is never jailed; signing again clears old misses", () =>
  onChain(4, async (net) => {
    block(net);
    // misses every other block: 5 of 10, the most the window allows (min_signed 0.5)
    for (let h = 2; h <= 40; h++) {
      const response = block(net, [], { decidedLastCommit: commit(net, h % 2 === 0 ? [1] : []) });
      expect(eventsOf(response, "slash")).toEqual([]);
    }
    expect(signingInfo(net.app, net.g.validators[1]).missedBlocksCounter).toBe(5);
    for (let h = 41; h <= 50; h++) block(net, [], { decidedLastCommit: commit(net, []) });
    expect(signingInfo(net.app, net.g.validators[1]).missedBlocksCounter).toBe(0);
  }));

test("double signing: slashed 5 %, jailed, tombstoned; unjail is refused for good; a second report does nothing", () =>
  onChain(4, async (net) => {
    block(net);
    const response = block(net, [], { misbehavior: [doubleSign(net, 1)] });
    expect(eventsOf(response, "slash")).toEqual([{ validator: net.g.validators[1], reason: "double_sign", fraction: "0.05", burned: "5000000", tombstoned: "true" }]);
    expect(response.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[1] }, power: 0n }]);
    expect(signingInfo(net.app, net.g.validators[1])).toMatchObject({ tombstoned: true, jailed: true, jailedUntilUnixNanos: "253402300799000000000" });
    const again = block(net, [], { misbehavior: [doubleSign(net, 1)] });
    expect(eventsOf(again, "slash")).toEqual([]);
    const refused = block(net, [await signTx(1, [unjailMsg(net.g.validators[1])], net.seq.take(1))]);
    expect(refused.txResults[0]).toMatchObject({ codespace: "slashing", code: 9 });
  }));

const delegateMsg = (delegator: string, validator: string, amount: bigint) => ({
  typeUrl: "/cosmos.staking.v1beta1.MsgDelegate",
  value: { delegatorAddress: delegator, validatorAddress: validator, amount: { denom: "uopt", amount: amount.toString() } },
});
const undelegateMsg = (delegator: string, validator: string, amount: bigint) => ({ ...delegateMsg(delegator, validator, amount), typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate" });
const fee = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };
const validatorOf = (net: Net, validator: number) => net.app.staking.validator(net.app.store, valoperBytes(net.g.validators[validator]))!;
const tokensOf = (net: Net, validator: number) => BigInt(validatorOf(net, validator).tokens);

test("attack: a double signer that draws 900 OPT of new stake before the evidence lands is slashed 5 % of the 100 power that signed, not of 1,000 OPT", () =>
  onChain(4, async (net) => {
    block(net);
    block(net);
    const signedAt = net.height;
    // dev account 5 (validator 1's feeder) delegates after the fault
    const delegated = block(net, [await signTx(5, [delegateMsg(net.g.feeders[1], net.g.validators[1], 900_000_000n)], net.seq.take(5), fee)]);
    expect(delegated.txResults[0].code).toBe(0);
    block(net);
    expect(tokensOf(net, 1)).toBe(1_000_000_000n);
    const supply = net.app.bank.supplyOf(net.app.store, "uopt");
    const evidence = { ...doubleSign(net, 1), height: BigInt(signedAt) };
    const response = block(net, [], { misbehavior: [evidence] });
    expect(eventsOf(response, "slash")).toEqual([{ validator: net.g.validators[1], reason: "double_sign", fraction: "0.05", burned: "5000000", tombstoned: "true" }]);
    expect(tokensOf(net, 1)).toBe(995_000_000n);
    expect(net.app.bank.supplyOf(net.app.store, "uopt")).toBe(supply - 5_000_000n);
  }));

test("downtime slashes the stake of two blocks before (the SDK's distributionHeight): an undelegation in the block before the jail pays, one three blocks before does not", () =>
  onChain(4, async (net) => {
    block(net);
    for (let h = 2; h <= 9; h++) block(net, [], { decidedLastCommit: commit(net, [2]) });
    // height 10: 10 OPT leave, three blocks before the slash at 13 (infraction height 11)
    const early = block(net, [await signTx(2, [undelegateMsg(net.g.operators[2], net.g.validators[2], 10_000_000n)], net.seq.take(2), fee)], { decidedLastCommit: commit(net, [2]) });
    expect(early.txResults[0].code).toBe(0);
    block(net, [], { decidedLastCommit: commit(net, [2]) });
    // height 12: 20 OPT leave, after the infraction height
    const late = block(net, [await signTx(2, [undelegateMsg(net.g.operators[2], net.g.validators[2], 20_000_000n)], net.seq.take(2), fee)], { decidedLastCommit: commit(net, [2]) });
    expect(late.txResults[0].code).toBe(0);
    expect(tokensOf(net, 2)).toBe(70_000_000n);
    // the commit CometBFT reports still carries the power it had two blocks earlier
    const votes = commit(net, [2])!;
    votes.votes[2].validator!.power = 90n;
    const jailed = block(net, [], { decidedLastCommit: votes });
    // 1 % of 90 OPT: 200,000 from the later entry, 700,000 from the validator's 70 OPT
    expect(eventsOf(jailed, "slash")).toEqual([{ validator: net.g.validators[2], reason: "downtime", fraction: "0.01", burned: "900000", tombstoned: "false" }]);
    const ubd = net.app.staking.getUnbondingDelegation(net.app.store, valoperBytes(net.g.validators[2]), valoperBytes(net.g.validators[2]))!;
    expect(ubd.entries.map((e) => [e.creationHeight, e.balance])).toEqual([
      [10n, "10000000"],
      [12n, "19800000"],
    ]);
    expect(tokensOf(net, 2)).toBe(69_300_000n);
  }));

test.each([
  { name: "still unbonding", status: BondStatus.BOND_STATUS_UNBONDING, slashed: true },
  { name: "done unbonding", status: BondStatus.BOND_STATUS_UNBONDED, slashed: false },
])("attack: evidence of a double sign that arrives when the validator is $name is punished: $slashed (the SDK's x/evidence ignores a validator that finished unbonding)", ({ status, slashed }) =>
  onChain(
    4,
    async (net) => {
      block(net);
      block(net);
      const signedAt = net.height;
      // validator 2 is offline from height 3: jailed for downtime at 14 (1 % slashed), it leaves the set and unbonds for 30 s
      while (net.height < 14) block(net, [], { decidedLastCommit: commit(net, [2]) });
      expect(validatorOf(net, 2)).toMatchObject({ jailed: true, status: BondStatus.BOND_STATUS_UNBONDING });
      while (validatorOf(net, 2).status !== status) block(net);
      const tokens = tokensOf(net, 2);
      const supply = net.app.bank.supplyOf(net.app.store, "uopt");
      const late = block(net, [], { misbehavior: [{ ...doubleSign(net, 2), height: BigInt(signedAt) }] });
      expect(eventsOf(late, "slash")).toEqual(slashed ? [{ validator: net.g.validators[2], reason: "double_sign", fraction: "0.05", burned: "5000000", tombstoned: "true" }] : []);
      // 5 % of the 100 power that signed, from the 99 OPT left
      expect(tokensOf(net, 2)).toBe(slashed ? tokens - 5_000_000n : tokens);
      expect(net.app.bank.supplyOf(net.app.store, "uopt")).toBe(slashed ? supply - 5_000_000n : supply);
      expect(signingInfo(net.app, net.g.validators[2]).tombstoned).toBe(slashed);
    },
    { staking: { unbonding_time: 30 } },
  ));

test("property: evidence is stale, and changes nothing, exactly when it is older than both max_age_num_blocks and max_age_duration (the SDK's x/evidence rule)", async () => {
  const NS = 1_000_000_000n;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom(0, 1, 999_999_999),
      async (ageBlocks, maxBlocks, ageSeconds, maxSeconds, maxNanos) => {
        await onChain(
          4,
          async (net) => {
            while (net.height < ageBlocks + 1) block(net);
            const at = net.height + 1;
            const evidence = { ...doubleSign(net, 1), height: BigInt(at - ageBlocks), time: { seconds: GENESIS_TIME.seconds + BigInt(at - ageSeconds), nanos: 0 } };
            const tokens = tokensOf(net, 1);
            const slashes = eventsOf(block(net, [], { misbehavior: [evidence] }), "slash");
            const stale = BigInt(ageSeconds) * NS > BigInt(maxSeconds) * NS + BigInt(maxNanos) && ageBlocks > maxBlocks;
            expect(slashes.length).toBe(stale ? 0 : 1);
            expect(tokensOf(net, 1) < tokens).toBe(!stale);
            expect(signingInfo(net.app, net.g.validators[1]).tombstoned).toBe(!stale);
          },
          { evidence: { maxAgeNumBlocks: BigInt(maxBlocks), maxAgeDuration: { seconds: BigInt(maxSeconds), nanos: maxNanos }, maxBytes: 1_048_576n } },
        );
      },
    ),
    { numRuns: 24, examples: [[3, 2, 3, 2, 0], [3, 2, 2, 2, 0], [2, 2, 3, 2, 0], [3, 2, 3, 2, 999_999_999]] },
  );
});

test("jail cap: two double signers in one block → one jailed now (within 33 % of power), the other next block, with an event", () =>
  onChain(4, async (net) => {
    block(net);
    const first = block(net, [], { misbehavior: [doubleSign(net, 0), doubleSign(net, 3)] });
    expect(eventsOf(first, "slash").map((e) => e.validator)).toEqual([net.g.validators[0], net.g.validators[3]]);
    expect(eventsOf(first, "jail").map((e) => e.validator)).toEqual([net.g.validators[0]]);
    expect(eventsOf(first, "jail_deferred")).toEqual([{ validator: net.g.validators[3], reason: "double_sign", cause: "power_cap" }]);
    // the slash lowers validator 3's power at once; its jail waits
    expect(first.validatorUpdates).toHaveLength(2);
    expect(first.validatorUpdates).toEqual(
      expect.arrayContaining([
        { pubKey: { ed25519: net.g.consensusKeys[0] }, power: 0n },
        { pubKey: { ed25519: net.g.consensusKeys[3] }, power: 95n },
      ]),
    );
    const queue = pb.QueryJailQueueResponse.decode(net.app.query({ path: "/optchain.slashing.v1.Query/JailQueue", data: new Uint8Array(), height: 0n, prove: false }).value);
    expect(queue.pending.map((p) => [p.validator, p.reason, p.tombstoned])).toEqual([[net.g.validators[3], "double_sign", true]]);
    expect(signingInfo(net.app, net.g.validators[3])).toMatchObject({ jailed: false, jailPending: true, tombstoned: true });
    const second = block(net);
    expect(eventsOf(second, "jail").map((e) => e.validator)).toEqual([net.g.validators[3]]);
    expect(second.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[3] }, power: 0n }]);
  }));

test("the last validator with power is slashed but never jailed: the chain would stop", () =>
  onChain(1, async (net) => {
    block(net);
    const response = block(net, [], { misbehavior: [doubleSign(net, 0)] });
    expect(eventsOf(response, "slash")).toHaveLength(1);
    expect(eventsOf(response, "jail")).toEqual([]);
    expect(eventsOf(response, "jail_deferred")).toEqual([{ validator: net.g.validators[0], reason: "double_sign", cause: "last_active_validator" }]);
    expect(response.validatorUpdates).toEqual([{ pubKey: { ed25519: net.g.consensusKeys[0] }, power: 95n }]);
    for (let i = 0; i < 3; i++) expect(block(net).validatorUpdates).toEqual([]);
  }));

test("genesis export → import → export round-trips the slashing state: infos, bitmaps, history, pending jails", () =>
  onChain(4, async (net) => {
    block(net);
    for (let h = 2; h <= 14; h++) block(net, [], { decidedLastCommit: commit(net, [2, 3].filter(() => h % 3 === 0)) });
    block(net, [], { misbehavior: [doubleSign(net, 0), doubleSign(net, 1)] });
    const exported = net.app.exportGenesis().slashing as Record<string, unknown[]>;
    expect(exported.signing_infos.length).toBe(4);
    expect(exported.missed_bitmaps.length).toBe(4);
    expect(exported.slashes.length).toBe(2);
    expect(exported.jail_queue.length).toBe(1);
    const slashing = net.app.modules.find((m) => m.name === "slashing")!;
    const state = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
    slashing.initGenesis({ store: state, chainId: "t", height: 0n, timeNs: 0n, mode: "genesis", gas: infiniteGasMeter(), events: [] }, JSON.parse(JSON.stringify(exported)));
    expect(slashing.exportGenesis(state)).toEqual(exported);
  }));

test("replay: downtime, double signing and the jail queue give the same app hash at every height on two apps, across a restart", async () => {
  const hashes: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const net = await setup(4);
    const seen: string[] = [];
    try {
      for (let h = 1; h <= 24; h++) {
        if (run === 1 && h === 12) {
          net.app.close();
          net.app = new OptchainApp({ dataDir: net.dir, logger: quietLogger });
        }
        const misbehavior = h === 16 ? [doubleSign(net, 0), doubleSign(net, 1)] : [];
        const response = block(net, [], { decidedLastCommit: h > 1 ? commit(net, h % 4 === 0 ? [3] : [2]) : undefined, misbehavior });
        seen.push(Buffer.from(response.appHash).toString("hex"));
      }
      expect(signingInfo(net.app, net.g.validators[2]).jailed).toBe(true);
    } finally {
      net.close();
    }
    hashes.push(seen);
  }
  expect(hashes[1]).toEqual(hashes[0]);
});
