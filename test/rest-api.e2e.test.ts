// The REST/LCD API of a real node (app + CometBFT, as `optd start` and the localnet run it), read the way
// Keplr, Ping.pub and curl do: plain HTTP on the SDK's paths.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SigningStargateClient } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { DEFAULT_CHAIN_ID, devAccountWallet, devWallet, optchainRegistry } from "../client";
import { sleep } from "../localnet/network";
import { freePorts } from "../localnet/ports";
import { initHome, nodeConfigPath } from "../localnet/genesis";
import { saveStartFlags, startApp } from "../localnet/node";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { startTestnet } from "./helpers/chain";
import { isInjectedVotesTx } from "../modules/oracle/ve";
import { until } from "./helpers/live";

jest.setTimeout(180_000);

describe("REST API of a real single-validator chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let api: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    chain = await startTestnet(1);
    api = `http://127.0.0.1:${chain.net.nodes[0].ports.api}`;
    [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  });

  afterAll(async () => {
    await chain?.stop();
  });

  async function rest(path: string, init?: RequestInit) {
    const response = await fetch(api + path, init);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  test("node info, latest block and validator set in the SDK's shapes", async () => {
    const info = await rest("/cosmos/base/tendermint/v1beta1/node_info");
    expect(info.status).toBe(200);
    expect(info.body.default_node_info).toEqual(expect.objectContaining({ network: DEFAULT_CHAIN_ID, protocol_version: expect.objectContaining({ block: "11" }) }));
    expect(info.body.application_version).toEqual(expect.objectContaining({ name: "optchain", app_name: "optd" }));
    expect((await rest("/cosmos/base/tendermint/v1beta1/syncing")).body).toEqual({ syncing: false });

    const latest = await rest("/cosmos/base/tendermint/v1beta1/blocks/latest");
    expect(latest.status).toBe(200);
    const header = latest.body.block.header;
    expect(header.chain_id).toBe(DEFAULT_CHAIN_ID);
    expect(header.height).toMatch(/^[1-9][0-9]*$/);
    expect(latest.body.block_id.hash).toMatch(/^[A-Za-z0-9+/]{43}=$/); // 32 bytes in base64, not CometBFT's hex
    expect(latest.body.sdk_block.header.proposer_address).toMatch(/^optvalcons1/);
    const first = await rest("/cosmos/base/tendermint/v1beta1/blocks/1");
    expect(first.body.block.header.height).toBe("1");
    expect((await rest("/cosmos/base/tendermint/v1beta1/blocks/99999999")).status).toBe(400);

    const set = await rest("/cosmos/base/tendermint/v1beta1/validatorsets/latest");
    expect(set.body.validators).toEqual([
      expect.objectContaining({ address: expect.stringMatching(/^optvalcons1/), pub_key: { "@type": "/cosmos.crypto.ed25519.PubKey", key: expect.any(String) }, voting_power: "100" }),
    ]);
  });

  test("balances, an account, an optchain query, a bad address, CORS", async () => {
    const balances = await rest(`/cosmos/bank/v1beta1/balances/${alice}`, { headers: { origin: "https://ping.pub" } });
    expect(balances.status).toBe(200);
    expect(balances.headers.get("access-control-allow-origin")).toBe("*");
    expect(balances.body.balances.map((c: { denom: string }) => c.denom)).toEqual(["uopt", "uusdc"]);
    const account = await rest(`/cosmos/auth/v1beta1/accounts/${alice}`);
    expect(account.body.account).toEqual(expect.objectContaining({ "@type": "/cosmos.auth.v1beta1.BaseAccount", address: alice, account_number: "0" }));

    const series = await rest("/optchain/options/v1/series_list?pagination.limit=2");
    expect(series.status).toBe(200);
    expect(series.body.series.length).toBeGreaterThan(0);
    expect(series.body.series[0].id).toMatch(/^[0-9]+$/);

    const bad = await rest("/cosmos/bank/v1beta1/balances/opt1bad");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 3, message: expect.stringContaining("invalid address"), details: [expect.objectContaining({ domain: "sdk" })] });
  });

  test("a tx signed by CosmJS, broadcast by POST, is found by hash and by events", async () => {
    const signer = await SigningStargateClient.offline(await devAccountWallet(0), { registry: optchainRegistry() });
    const accountJson = (await rest(`/cosmos/auth/v1beta1/accounts/${alice}`)).body.account;
    const signed = await signer.sign(
      alice,
      [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: alice, toAddress: bob, amount: [{ denom: "uusdc", amount: "4321" }] } }],
      { amount: [{ denom: "uopt", amount: "5000" }], gas: "200000" },
      "via REST",
      { accountNumber: BigInt(accountJson.account_number), sequence: Number(accountJson.sequence), chainId: DEFAULT_CHAIN_ID },
    );
    const txBytes = Buffer.from(TxRaw.encode(signed).finish()).toString("base64");

    const simulated = await rest("/cosmos/tx/v1beta1/simulate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tx_bytes: txBytes }) });
    expect(simulated.body.gas_info.gas_used).toMatch(/^[1-9][0-9]*$/);

    const broadcast = await rest("/cosmos/tx/v1beta1/txs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tx_bytes: txBytes, mode: "BROADCAST_MODE_SYNC" }) });
    expect(broadcast.status).toBe(200);
    expect(broadcast.body.tx_response).toEqual(expect.objectContaining({ code: 0, txhash: expect.stringMatching(/^[0-9A-F]{64}$/) }));
    const hash = broadcast.body.tx_response.txhash;

    let found = await rest(`/cosmos/tx/v1beta1/txs/${hash}`);
    for (let i = 0; found.status === 404 && i < 100; i++) {
      await sleep(200);
      found = await rest(`/cosmos/tx/v1beta1/txs/${hash}`);
    }
    expect(found.status).toBe(200);
    expect(found.body.tx.body.messages).toEqual([
      { "@type": "/cosmos.bank.v1beta1.MsgSend", from_address: alice, to_address: bob, amount: [{ denom: "uusdc", amount: "4321" }] },
    ]);
    expect(found.body.tx.body.memo).toBe("via REST");
    const response = found.body.tx_response;
    expect(response).toEqual(expect.objectContaining({ txhash: hash, code: 0, height: expect.stringMatching(/^[1-9][0-9]*$/), timestamp: expect.stringMatching(/^20[0-9]{2}-/) }));
    expect(response.tx["@type"]).toBe("/cosmos.tx.v1beta1.Tx");
    expect(response.events.find((e: { type: string }) => e.type === "transfer")).toBeDefined();

    const byEvents = await rest(`/cosmos/tx/v1beta1/txs?query=${encodeURIComponent(`tx.hash='${hash}'`)}`);
    expect(byEvents.body.total).toBe("1");
    expect(byEvents.body.tx_responses[0].txhash).toBe(hash);

    const missing = await rest(`/cosmos/tx/v1beta1/txs/${"0".repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
  });

  test("a block's txs by tx.height leave out the proposer's injected oracle votes, whose hash is no SDK tx", async () => {
    // With vote extensions on, a block after the first ones opens with the injected votes tx.
    let at = 0;
    let blockTxs = 0;
    let injected: Buffer | undefined;
    for (let i = 0; !injected && i < 100; i++) {
      const latest = await rest("/cosmos/base/tendermint/v1beta1/blocks/latest");
      at = Number(latest.body.block.header.height);
      const txs: string[] = latest.body.block.data.txs;
      blockTxs = txs.length;
      injected = txs.map((tx) => Buffer.from(tx, "base64")).find((tx) => isInjectedVotesTx(tx));
      if (!injected) await sleep(200);
    }
    expect(injected).toBeDefined();
    // CometBFT's indexer takes a block's txs after the block is reported as the latest: until it has, a lookup by
    // hash answers CometBFT's own "not found", whatever the app's gateway does.
    await until(`CometBFT indexing height ${at}`, async () => {
      const indexed = (await (await fetch(`${chain.net.rpc(0)}/tx_search?query=${encodeURIComponent(`"tx.height=${at}"`)}`)).json()) as { result?: { total_count?: string } };
      return Number(indexed.result?.total_count) === blockTxs ? true : undefined;
    }, 10_000);
    const byHeight = await rest(`/cosmos/tx/v1beta1/txs?query=${encodeURIComponent(`tx.height=${at}`)}`);
    expect(byHeight.status).toBe(200);
    expect(byHeight.body.txs.every((tx: { body?: unknown }) => tx.body !== undefined)).toBe(true);
    expect(byHeight.body.tx_responses).toHaveLength(byHeight.body.txs.length);
    const hash = createHash("sha256").update(injected!).digest("hex").toUpperCase();
    expect(byHeight.body.tx_responses.map((r: { txhash: string }) => r.txhash)).not.toContain(hash);
    const direct = await rest(`/cosmos/tx/v1beta1/txs/${hash}`);
    expect(direct.status).toBe(404);
    expect(direct.body).toEqual({ code: 5, message: expect.stringContaining("oracle votes"), details: [] });
  });

  test("staking and distribution on the SDK's paths", async () => {
    const validators = await rest("/cosmos/staking/v1beta1/validators");
    expect(validators.status).toBe(200);
    expect(validators.body.validators).toEqual([expect.objectContaining({ operator_address: expect.stringMatching(/^optvaloper1/), status: "BOND_STATUS_BONDED" })]);
    const valoper = validators.body.validators[0].operator_address;
    const pool = await rest(`/cosmos/distribution/v1beta1/validators/${valoper}/outstanding_rewards`);
    expect(pool.status).toBe(200);
    expect(pool.body).toEqual({ rewards: { rewards: expect.any(Array) } });
  });
});

describe("optd start --api.address / --api.enable", () => {
  test("are saved into optd.json, bind where they say, and switch the API off", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "optchain-api-"));
    try {
      const [ports, other] = await freePorts(2);
      initHome(home, { moniker: "api", chainId: DEFAULT_CHAIN_ID, ports });
      const validators = (port: number) => fetch(`http://127.0.0.1:${port}/optchain/staking/v1/validators`).then((r) => r.status, () => "refused");

      let running = await startApp(home, true);
      expect(await validators(ports.api!)).toBe(200);
      await running.stop();

      saveStartFlags(home, { apiEnable: false });
      running = await startApp(home, true);
      expect(await validators(ports.api!)).toBe("refused");
      await running.stop();

      saveStartFlags(home, { apiAddress: `tcp://127.0.0.1:${other.api}`, apiEnable: true });
      expect(JSON.parse(readFileSync(nodeConfigPath(home), "utf8"))).toMatchObject({ ports: { api: other.api }, api: { enable: true, address: `tcp://127.0.0.1:${other.api}` } });
      running = await startApp(home, true);
      expect(await validators(other.api!)).toBe(200);
      await running.stop();

      expect(() => saveStartFlags(home, { apiAddress: "127.0.0.1:1317" })).toThrow(/--api.address wants tcp:\/\/HOST:PORT/);
      const cli = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "start", "--home", home, "--api.enable=maybe"], { cwd: PROJECT_ROOT, encoding: "utf8" });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain("--api.enable wants true or false, got maybe");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
