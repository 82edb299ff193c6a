// Fees shared by distribution through the whole app: the ante pays the fee collector, the next begin-block
// allocates it by the last commit's power with commission and community tax, and the SDK's messages withdraw
// it. Attacks: someone else's rewards or commission, a module account as withdraw address, withdrawing twice.
import { rmSync } from "node:fs";
import type { EncodeObject } from "@cosmjs/proto-signing";
import {
  QueryCommunityPoolResponse,
  QueryDelegationRewardsRequest,
  QueryDelegationRewardsResponse,
  QueryDelegationTotalRewardsRequest,
  QueryDelegationTotalRewardsResponse,
  QueryValidatorCommissionRequest,
  QueryValidatorCommissionResponse,
  QueryDelegatorWithdrawAddressRequest,
  QueryDelegatorWithdrawAddressResponse,
} from "cosmjs-types/cosmos/distribution/v1beta1/query";
import { MsgWithdrawDelegatorRewardResponse } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import type { RequestFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { accAddressBytes, consensusAddress, toAccAddress } from "../app/address";
import { FEE_COLLECTOR_ADDRESS } from "../app/tx/pipeline";
import { DEC_ONE } from "../lib/fixed";
import { prevoteMsg, voteMsg } from "../client/oracle";
import { DISTRIBUTION_MODULE_ADDRESS } from "../modules/distribution/keeper";
import { ORACLE_REWARD_POOL_ADDRESS } from "../modules/oracle/rewards";
import { aggregateVoteHash } from "../modules/oracle/vote";
import { initChain, openApp, runBlock, signTx } from "./helpers/inprocess";
import { Sequences, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(60_000);

const FEE = 10_000n;
const fee = { amount: [{ denom: "uopt", amount: FEE.toString() }], gas: "400000" };

async function setup() {
  const g = await validatorsGenesis(2);
  const staking = g.appState.staking as { validators: Array<Record<string, unknown>> };
  staking.validators[0].commission = { rate: "0.1", max_rate: "1", max_change_rate: "1", update_time_ns: "0" };
  // The oracle's fee share is off here so the numbers below are the fees exactly; app.ts routes its rewards here too.
  (g.appState.oracle as { params: Record<string, unknown> }).params.reward_fee_share = "0";
  const { app, dir } = openApp();
  initChain(app, g.appState);
  const net = { app, g, height: 0, seq: new Sequences(), close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
  return net;
}
type Net = Awaited<ReturnType<typeof setup>>;

const commit = (net: Net): RequestFinalizeBlock["decidedLastCommit"] => ({
  round: 0,
  votes: net.g.consensusKeys.map((key) => ({ validator: { address: consensusAddress(key), power: 100n }, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT })),
});

function block(net: Net, txs: Uint8Array[] = []) {
  net.height++;
  return runBlock(net.app, net.height, txs, { decidedLastCommit: commit(net) });
}

async function tx(net: Net, account: number, msgs: EncodeObject[]) {
  return signTx(account, msgs, net.seq.take(account), fee);
}

function query<T>(net: Net, method: string, request: Uint8Array, decoder: { decode(b: Uint8Array): T }): T {
  const response = net.app.query({ path: `/cosmos.distribution.v1beta1.Query/${method}`, data: request, height: 0n, prove: false });
  if (response.code !== 0) throw new Error(response.log);
  return decoder.decode(response.value);
}

const uopt = (net: Net, address: string) => net.app.bank.balance(net.app.store, accAddressBytes(address), "uopt");
const withdrawMsg = (delegatorAddress: string, validatorAddress: string): EncodeObject => ({
  typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward",
  value: { delegatorAddress, validatorAddress },
});
const commissionMsg = (validatorAddress: string): EncodeObject => ({ typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission", value: { validatorAddress } });
const setWithdrawMsg = (delegatorAddress: string, withdrawAddress: string): EncodeObject => ({
  typeUrl: "/cosmos.distribution.v1beta1.MsgSetWithdrawAddress",
  value: { delegatorAddress, withdrawAddress },
});

test("fees are shared by power with commission and community tax, and withdrawn by the SDK's messages; attacks are refused", async () => {
  const net = await setup();
  try {
    const [op0, op1] = net.g.operators;
    const [val0, val1] = net.g.validators;
    block(net);
    // one fee-paying tx in block 2; block 3's begin-block shares it
    expect(block(net, [await tx(net, 2, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: net.g.feeders[0], toAddress: op1, amount: [{ denom: "uusdc", amount: "1" }] } }])]).txResults[0].code).toBe(0);
    block(net);
    expect(net.app.bank.balance(net.app.store, FEE_COLLECTOR_ADDRESS, "uopt")).toBe(0n);
    // 2 % tax = 200; 4,900 each; validator 0 takes 10 % commission
    const pool = query(net, "CommunityPool", new Uint8Array(), QueryCommunityPoolResponse).pool;
    expect(pool).toEqual([{ denom: "uopt", amount: (200n * DEC_ONE).toString() }]);
    const rewards0 = query(net, "DelegationRewards", QueryDelegationRewardsRequest.encode({ delegatorAddress: op0, validatorAddress: val0 }).finish(), QueryDelegationRewardsResponse);
    expect(rewards0.rewards).toEqual([{ denom: "uopt", amount: (4410n * DEC_ONE).toString() }]);
    const commission0 = query(net, "ValidatorCommission", QueryValidatorCommissionRequest.encode({ validatorAddress: val0 }).finish(), QueryValidatorCommissionResponse);
    expect(commission0.commission.commission).toEqual([{ denom: "uopt", amount: (490n * DEC_ONE).toString() }]);
    const total1 = query(net, "DelegationTotalRewards", QueryDelegationTotalRewardsRequest.encode({ delegatorAddress: op1 }).finish(), QueryDelegationTotalRewardsResponse);
    expect(total1.total).toEqual([{ denom: "uopt", amount: (4900n * DEC_ONE).toString() }]);

    // attacks, each its own tx signed by account 1: someone else's delegation, someone else's commission,
    // a delegation it does not have, a module account as withdraw address
    const before0 = uopt(net, op0);
    const before1 = uopt(net, op1);
    // Only the third gets past the ante and uses a sequence number: the first two have the wrong signer, the
    // last is refused before the ante.
    const seq = net.seq.take(1);
    const attacks = [
      await signTx(1, [withdrawMsg(op0, val0)], seq, fee),
      await signTx(1, [commissionMsg(val0)], seq, fee),
      await signTx(1, [withdrawMsg(op1, val0)], seq, fee),
      await signTx(1, [setWithdrawMsg(op1, toAccAddress(FEE_COLLECTOR_ADDRESS))], { ...seq, sequence: seq.sequence + 1 }, fee),
    ];
    const attacked = block(net, attacks);
    expect(attacked.txResults.map((r) => r.code === 0)).toEqual([false, false, false, false]);
    expect(attacked.txResults[0].log).toMatch(/signer|signature|unauthorized/i);
    expect(attacked.txResults[1].log).toMatch(/signer|signature|unauthorized/i);
    expect([attacked.txResults[2].codespace, attacked.txResults[2].code]).toEqual(["distribution", 13]);
    expect([attacked.txResults[3].codespace, attacked.txResults[3].code]).toEqual(["distribution", 16]);
    expect(uopt(net, op0)).toBe(before0);

    // withdraw twice in one tx: paid once. The block's own fees reach the books only in the next begin-block.
    const withdrawn = block(net, [await tx(net, 0, [withdrawMsg(op0, val0), withdrawMsg(op0, val0), commissionMsg(val0)])]);
    expect(withdrawn.txResults[0].code).toBe(0);
    // op0 is owed 4,410 of the first fee plus its share of the attacks' fees: only the one refused after the
    // ante paid (a module account as withdraw address is refused statelessly, before any fee)
    const attackFees = before1 - uopt(net, op1);
    expect(attackFees).toBe(FEE);
    const share0 = (attackFees * 98n) / 100n / 2n;
    const expected0 = 4410n + (share0 * 9n) / 10n + 490n + share0 / 10n;
    expect(uopt(net, op0) - before0).toBe(expected0 - FEE);

    // a withdraw address: op1's rewards go to feeder 1's account
    const target = net.g.feeders[1];
    block(net, [await tx(net, 1, [setWithdrawMsg(op1, target)])]);
    expect(query(net, "DelegatorWithdrawAddress", QueryDelegatorWithdrawAddressRequest.encode({ delegatorAddress: op1 }).finish(), QueryDelegatorWithdrawAddressResponse).withdrawAddress).toBe(target);
    const targetBefore = uopt(net, target);
    const owed = BigInt(query(net, "DelegationRewards", QueryDelegationRewardsRequest.encode({ delegatorAddress: op1, validatorAddress: val1 }).finish(), QueryDelegationRewardsResponse).rewards[0].amount) / DEC_ONE;
    const opBefore = uopt(net, op1);
    block(net, [await tx(net, 1, [withdrawMsg(op1, val1)])]);
    // plus its half of the previous block's fee, which the withdrawing block's begin-block shared out first
    expect(uopt(net, target) - targetBefore).toBe(owed + (FEE * 98n) / 100n / 2n);
    expect(uopt(net, op1)).toBe(opBefore - FEE);
  } finally {
    net.close();
  }
});

test("oracle rewards go through distribution: out of the oracle pool into the module, commission to the operator, the rest to delegators", async () => {
  const ORACLE = { vote_period: 2, slash_window: 1_000, reward_period_blocks: 4, reward_distribution_window: 4, reward_fee_share: "0.5" };
  const g = await validatorsGenesis(2, { oracle: ORACLE });
  const staking = g.appState.staking as { validators: Array<Record<string, unknown>> };
  staking.validators[0].commission = { rate: "0.1", max_rate: "1", max_change_rate: "1", update_time_ns: "0" };
  const { app, dir } = openApp();
  try {
    initChain(app, g.appState);
    const seq = new Sequences();
    const committed: Array<{ salt: string; prices: string } | undefined> = [];
    let operatorsBefore: bigint[] = [];
    let payout: ReturnType<typeof runBlock> | undefined;
    for (let height = 1; height <= 7; height++) {
      const txs: Uint8Array[] = [];
      if (height % ORACLE.vote_period === 0) {
        for (let v = 0; v < 2; v++) {
          const prices = "uopt:1.25,BTC:65000,ETH:3000";
          const msgs = [];
          const last = committed[v];
          if (last) msgs.push(voteMsg(g.feeders[v], g.validators[v], last.salt, last.prices));
          const salt = `${v.toString(16).padStart(8, "0")}${height.toString(16).padStart(16, "0")}`;
          msgs.push(prevoteMsg(g.feeders[v], g.validators[v], aggregateVoteHash(salt, prices, g.validators[v])));
          committed[v] = { salt, prices };
          txs.push(await signTx(2 + v, msgs, seq.take(2 + v)));
        }
      }
      const response = runBlock(app, height, txs, { decidedLastCommit: { round: 0, votes: g.consensusKeys.map((key) => ({ validator: { address: consensusAddress(key), power: 100n }, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT })) } });
      if (response.events.some((e) => e.type === "oracle_reward")) payout = response;
      // genesis is committed with block 1
      if (height === 1) operatorsBefore = g.operators.map((address) => app.bank.balance(app.store, accAddressBytes(address), "uopt"));
    }
    expect(payout).toBeDefined();
    const events: Array<Record<string, string>> = payout!.events.map((e) => ({ type: e.type, ...Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) }));
    const oracleReward = events.find((e) => e.type === "oracle_reward" && e.validator === g.validators[0])!;
    const paid = BigInt(oracleReward.amount.replace(/uopt$/, ""));
    expect(paid).toBeGreaterThan(0n);
    // after the oracle's payout event, distribution books the same coins with the validator's 10 % commission
    const after = events.slice(events.indexOf(oracleReward) - 4);
    const commissionEvent = after.find((e) => e.type === "commission" && e.validator === g.validators[0])!;
    expect(BigInt(commissionEvent.amount.replace(/\.0+uopt$/, ""))).toBe(paid / 10n);
    expect(after.some((e) => e.type === "transfer" && e.sender === toAccAddress(ORACLE_REWARD_POOL_ADDRESS) && e.recipient === toAccAddress(DISTRIBUTION_MODULE_ADDRESS))).toBe(true);
    // the operators' accounts were paid nothing directly (their feeders paid the fees)
    expect(g.operators.map((address) => app.bank.balance(app.store, accAddressBytes(address), "uopt"))).toEqual(operatorsBefore);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a delegation change pays the outstanding rewards with the events MsgWithdrawDelegatorReward emits: withdraw_rewards and the bank transfer, for the exact amount paid", async () => {
  const net = await setup();
  try {
    const op1 = net.g.operators[1];
    const val1 = net.g.validators[1];
    const distribution = toAccAddress(DISTRIBUTION_MODULE_ADDRESS);
    const attrs = (e: { type: string; attributes: Array<{ key: string; value: string }> }): Record<string, string> => ({ type: e.type, ...Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) });
    const payoutEvents = (result: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }) =>
      result.events.map(attrs).filter((e) => (e.type === "withdraw_rewards" && e.delegator === op1) || (e.type === "transfer" && e.sender === distribution) || (e.type === "coin_received" && e.receiver === op1));
    const owedTo = () => BigInt(query(net, "DelegationRewards", QueryDelegationRewardsRequest.encode({ delegatorAddress: op1, validatorAddress: val1 }).finish(), QueryDelegationRewardsResponse).rewards[0]?.amount ?? "0") / DEC_ONE;
    const feePayingTx = async () => tx(net, 2, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: net.g.feeders[0], toAddress: op1, amount: [{ denom: "uusdc", amount: "1" }] } }]);
    block(net);
    // Each change follows a block with a fee that the next begin-block shares: 4,900 to validator 1 (no commission),
    // all of it op1's as its only delegator; before the undelegation also the delegation's own fee, shared likewise,
    // less a fraction of a unit that rounding the per-token reward ratio down (F1) withholds: 9,799 whole coins paid.
    for (const { typeUrl, owed, bonded } of [
      { typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", owed: 4900n, bonded: 1_000_000n },
      { typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", owed: 9799n, bonded: 0n },
    ]) {
      block(net, [await feePayingTx()]);
      block(net);
      expect(owedTo()).toBe(owed);
      const before = uopt(net, op1);
      const changed = block(net, [await tx(net, 1, [{ typeUrl, value: { delegatorAddress: op1, validatorAddress: val1, amount: { denom: "uopt", amount: "1000000" } } }])]);
      expect(changed.txResults[0].code).toBe(0);
      expect(uopt(net, op1) - before).toBe(owed - FEE - bonded);
      expect(payoutEvents(changed.txResults[0])).toEqual([
        { type: "coin_received", receiver: op1, amount: `${owed}uopt` },
        { type: "transfer", recipient: op1, sender: distribution, amount: `${owed}uopt` },
        { type: "withdraw_rewards", amount: `${owed}uopt`, validator: val1, delegator: op1 },
      ]);
    }
  } finally {
    net.close();
  }
});

test("a payout of nothing (no fees shared yet) reports withdraw_rewards of 0uopt and no bank transfer, and MsgWithdrawDelegatorReward answers 0uopt, as the SDK does", async () => {
  const net = await setup();
  try {
    const op1 = net.g.operators[1];
    const val1 = net.g.validators[1];
    const delegate = { typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: { delegatorAddress: op1, validatorAddress: val1, amount: { denom: "uopt", amount: "1000000" } } };
    block(net);
    const result = block(net, [await tx(net, 1, [delegate, withdrawMsg(op1, val1)])]).txResults[0];
    expect(result.code).toBe(0);
    const distribution = toAccAddress(DISTRIBUTION_MODULE_ADDRESS);
    const events = result.events.map((e) => ({ type: e.type, ...Object.fromEntries(e.attributes.map((a) => [a.key, a.value])) }) as Record<string, string>);
    expect(events.filter((e) => e.type === "withdraw_rewards")).toEqual([
      { type: "withdraw_rewards", amount: "0uopt", validator: val1, delegator: op1 },
      { type: "withdraw_rewards", amount: "0uopt", validator: val1, delegator: op1 },
    ]);
    expect(events.filter((e) => e.sender === distribution || e.spender === distribution)).toEqual([]);
    const [, withdrawResponse] = TxMsgData.decode(result.data).msgResponses;
    expect(MsgWithdrawDelegatorRewardResponse.decode(withdrawResponse.value).amount).toEqual([{ denom: "uopt", amount: "0" }]);
  } finally {
    net.close();
  }
});
