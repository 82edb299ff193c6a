// Staking through the whole app with CosmJS-signed txs: a validator created by its operator's account enters
// CometBFT's set through FinalizeBlock's validator_updates; someone else's delegator or operator address is refused.
import { rmSync } from "node:fs";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { QueryValidatorsRequest, QueryValidatorsResponse } from "cosmjs-types/cosmos/staking/v1beta1/query";
import { accAddressBytes, toAccAddress, toValoper } from "../app/address";
import { MODULE_ACCOUNTS } from "../app/app";
import * as auth from "../modules/auth/keeper";
import { consensusPubkeyAny } from "../modules/staking/keeper";
import { initChain, openApp, runBlock, signTx } from "./helpers/inprocess";
import { Sequences, createValidatorMsg, validatorsGenesis } from "./helpers/validators";

jest.setTimeout(60_000);

const fee = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };
const NEW_KEY = Buffer.alloc(32, 77);

async function setup() {
  const g = await validatorsGenesis(2);
  const { app, dir } = openApp();
  initChain(app, g.appState);
  return { app, g, height: 0, seq: new Sequences(), close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
}
type Net = Awaited<ReturnType<typeof setup>>;

const block = (net: Net, txs: Uint8Array[] = []) => runBlock(net.app, ++net.height, txs);

const createValidator = (operatorAccount: string, validatorAddress = toValoper(accAddressBytes(operatorAccount))): EncodeObject =>
  createValidatorMsg(validatorAddress, consensusPubkeyAny(NEW_KEY), 50_000_000n);

const validators = (net: Net, status: string) => {
  const response = net.app.query({ path: "/cosmos.staking.v1beta1.Query/Validators", data: QueryValidatorsRequest.encode({ status }).finish(), height: 0n, prove: false });
  if (response.code !== 0) throw new Error(response.log);
  return QueryValidatorsResponse.decode(response.value).validators;
};

test("a validator created through a signed MsgCreateValidator enters the set at end-block; foreign signers are refused", async () => {
  const net = await setup();
  try {
    block(net);
    const joiner = net.g.feeders[1];
    const victim = net.g.operators[0];
    const victimBalance = net.app.bank.balance(net.app.store, accAddressBytes(victim), "uopt");

    const result = block(net, [
      await signTx(3, [createValidator(joiner)], net.seq.take(3), fee),
      // Signed by dev account 2 (a thief), naming the victim as delegator / as the operator of a validator.
      await signTx(2, [{ typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: { delegatorAddress: victim, validatorAddress: net.g.validators[1], amount: { denom: "uopt", amount: "1000" } } }], net.seq.take(2), fee),
      await signTx(2, [createValidator(victim)], { accountNumber: 2, sequence: 0 }, fee),
    ]);
    expect(result.txResults.map((r) => r.code === 0)).toEqual([true, false, false]);
    // The victim is the required signer of both; the thief's key does not belong to it.
    for (const refused of result.txResults.slice(1)) expect(refused).toMatchObject({ codespace: "sdk", log: expect.stringContaining(`public key does not belong to signer ${victim}`) });
    expect(net.app.bank.balance(net.app.store, accAddressBytes(victim), "uopt")).toBe(victimBalance);
    expect(result.validatorUpdates).toEqual([{ pubKey: { ed25519: NEW_KEY }, power: 50n }]);
    expect(validators(net, "BOND_STATUS_BONDED").map((v) => [v.operatorAddress, v.tokens])).toEqual(
      expect.arrayContaining([[toValoper(accAddressBytes(joiner)), "50000000"]]),
    );
    expect(validators(net, "BOND_STATUS_BONDED")).toHaveLength(3);
    expect(validators(net, "BOND_STATUS_UNBONDED")).toHaveLength(0);
    block(net);
  } finally {
    net.close();
  }
});

test("module accounts exist from genesis, numbered after the genesis accounts in name order (the SDK's InitGenesis), ahead of any new account", async () => {
  const net = await setup();
  try {
    block(net);
    const names = Object.keys(MODULE_ACCOUNTS).sort();
    const moduleAddresses = new Set(names.map((name) => toAccAddress(MODULE_ACCOUNTS[name])));
    // every account genesis lists or funds comes first
    const first = auth.allAccounts(net.app.store).filter((a) => !moduleAddresses.has(a.address)).reduce((max, a) => (a.accountNumber > max ? a.accountNumber : max), 0n) + 1n;
    // before any of them has received a coin (the fee collector, distribution and the not-bonded pool included)
    expect(names.map((name) => auth.getAccount(net.app.store, MODULE_ACCOUNTS[name])?.accountNumber)).toEqual(names.map((_, i) => first + BigInt(i)));
    const newcomer = toAccAddress(Buffer.alloc(20, 0xab));
    const sent = block(net, [await signTx(0, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: net.g.operators[0], toAddress: newcomer, amount: [{ denom: "uopt", amount: "1" }] } }], net.seq.take(0), fee)]);
    expect(sent.txResults[0].code).toBe(0);
    expect(auth.getAccount(net.app.store, accAddressBytes(newcomer))?.accountNumber).toBe(first + BigInt(names.length));
  } finally {
    net.close();
  }
});
