import { QueryAllBalancesRequest, QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { devWallet } from "../client";
import type { OptchainApp } from "../app/app";
import { validateParams as validateAuthParams, DEFAULT_PARAMS as AUTH_DEFAULTS } from "../modules/auth/params";
import { validateParams as validateBankParams } from "../modules/bank/params";
import { validateParams as validateStakingParams, DEFAULT_PARAMS as STAKING_DEFAULTS } from "../modules/staking/params";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "./helpers/inprocess";

jest.setTimeout(60_000);

async function chainWithHistory(): Promise<{ app: OptchainApp; close: () => void; alice: string; bob: string }> {
  const { app, close } = openApp();
  // The block run after the import would move a share of the fees into the oracle's reward pool: off, so it changes nothing.
  initChain(app, { ...(await devGenesis(3)), oracle: { params: { reward_fee_share: "0" } } });
  const [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  for (let height = 1; height <= 4; height++) {
    runBlock(app, height, [await signTx(0, [sendMsg(alice, bob, String(height * 100))], { accountNumber: 0, sequence: height - 1 })]);
  }
  return { app, close, alice, bob };
}

test("genesis export → import → export round-trips every module's state", async () => {
  const { app, close } = await chainWithHistory();
  const exported = app.exportGenesis();
  const second = openApp();
  initChain(second.app, exported);
  runBlock(second.app, 1, []);
  expect(second.app.exportGenesis()).toEqual(exported);
  // accounts keep their numbers and sequences, and the pubkey learned from the first tx
  const auth = exported.auth as { accounts: Array<{ sequence: string; pub_key?: string }> };
  expect(auth.accounts.some((a) => a.sequence === "4" && a.pub_key)).toBe(true);
  second.close();
  close();
});

test("queries at a past height read that height's state; listing at a past height and future heights are refused clearly", async () => {
  const { app, close, alice, bob } = await chainWithHistory();
  const balanceAt = (height: bigint) => {
    const response = app.query({ path: "/cosmos.bank.v1beta1.Query/Balance", data: QueryBalanceRequest.encode({ address: bob, denom: "uusdc" }).finish(), height, prove: false });
    expect(response.code).toBe(0);
    expect(response.height).toBe(height === 0n ? 4n : height);
    return BigInt(QueryBalanceResponse.decode(response.value).balance!.amount);
  };
  const genesisAmount = balanceAt(1n) - 100n;
  expect([1n, 2n, 3n, 4n].map(balanceAt)).toEqual([100n, 300n, 600n, 1000n].map((sent) => genesisAmount + sent));
  expect(balanceAt(0n)).toBe(balanceAt(4n));
  const future = app.query({ path: "/cosmos.bank.v1beta1.Query/Balance", data: QueryBalanceRequest.encode({ address: alice, denom: "uusdc" }).finish(), height: 9n, prove: false });
  expect(future.code).not.toBe(0);
  expect(future.log).toMatch(/height 9 is not committed yet \(latest 4\)/);
  const listing = app.query({ path: "/cosmos.bank.v1beta1.Query/AllBalances", data: QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address: alice })).finish(), height: 2n, prove: false });
  expect(listing.log).toMatch(/listing queries are served for the latest height only/);
  const unknown = app.query({ path: "/nope.v1.Query/Nothing", data: new Uint8Array(), height: 0n, prove: false });
  expect(unknown.code).toBe(6);
  expect(unknown.log).toMatch(/unknown query path \/nope.v1.Query\/Nothing/);
  close();
});

describe("params validation: one bounds check per field", () => {
  test.each([
    ["max_memo_characters", -1],
    ["tx_sig_limit", 0],
    ["tx_size_cost_per_byte", 1.5],
    ["sig_verify_cost_secp256k1", 2_000_000],
    ["max_tx_bytes", 10],
    ["max_gas_per_tx", 10],
    ["min_gas_price", "cheap"],
  ])("auth %s = %p is refused", (field, value) => {
    expect(() => validateAuthParams({ ...AUTH_DEFAULTS, [field]: value })).toThrow(new RegExp(field));
  });
  test("auth defaults pass", () => expect(() => validateAuthParams(AUTH_DEFAULTS)).not.toThrow());
  test("bank send switch must be a boolean", () => {
    expect(() => validateBankParams({ default_send_enabled: "yes" as unknown as boolean })).toThrow(/default_send_enabled/);
    expect(() => validateBankParams({ default_send_enabled: false })).not.toThrow();
  });
  test.each([
    ["bond_denom", "x"],
    ["power_reduction", "0"],
    ["max_validators", 0],
  ])("staking %s = %p is refused", (field, value) => {
    expect(() => validateStakingParams({ ...STAKING_DEFAULTS, [field]: value })).toThrow(new RegExp(field));
  });
});
