// The REST API over an in-process app (no CometBFT: only the routes the app answers itself), as a wallet, an
// explorer and an attacker would call it. The real-chain routes (blocks, broadcast, txs) are in
// test/rest-api.e2e.test.ts.
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { DEV_ACCOUNT_BALANCE, devWallet } from "../../client";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";
import type { OptchainApp } from "../app";
import { optchainRoutes, restServer } from "./rest";
import { SDK_ROUTES } from "./sdk-routes";

let app: OptchainApp;
let close: () => void;
let server: FastifyInstance;
let alice: string;
let bob: string;
let base: string;

beforeAll(async () => {
  ({ app, close } = openApp());
  [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  initChain(app, await devGenesis());
  // alice's first tx records her pubkey, so her account shows one
  runBlock(app, 1, [await signTx(0, [sendMsg(alice, bob, "7")], { accountNumber: 0, sequence: 0 })]);
  server = restServer({ app, rpcUrl: "http://127.0.0.1:1", log: { info: () => undefined, error: () => undefined } });
  // Over a real socket: fastify's inject loads an ESM-only package jest cannot require on Node 20.
  base = await server.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await server?.close();
  close?.();
});

async function request(method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) {
  const body = payload === undefined ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload);
  const response = await fetch(base + url, { method, headers: body === undefined ? headers : { "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: Object.fromEntries(response.headers) };
}

const get = (url: string, headers: Record<string, string> = {}) => request("GET", url, headers);
const post = (url: string, payload: unknown) => request("POST", url, {}, payload);

/** The SDK gateway's error answer: a gRPC code, a message, and here the ABCI codespace/code when a query failed. */
function expectSdkError(body: unknown, code: number, abci?: { codespace: string; code: number }) {
  expect(body).toEqual({ code, message: expect.any(String), details: abci ? [expect.objectContaining({ domain: abci.codespace, metadata: { codespace: abci.codespace, code: String(abci.code) } })] : [] });
}

/** Field names as the SDK writes them (OrigName): snake_case, or "@type". */
function expectSnakeCase(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(expectSnakeCase);
  if (value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    expect(key).toMatch(/^(@type|[a-z][a-z0-9_]*)$/);
    expectSnakeCase(item);
  }
}

describe("cosmos bank and auth, in the SDK's shapes", () => {
  test("balances, one page at a time by key", async () => {
    const all = await get(`/cosmos/bank/v1beta1/balances/${alice}`);
    expect(all.status).toBe(200);
    expect(all.body.balances).toEqual([
      { denom: "uopt", amount: String(DEV_ACCOUNT_BALANCE - 5000n) },
      { denom: "uusdc", amount: String(DEV_ACCOUNT_BALANCE - 7n) },
    ]);
    expect(all.body.pagination.total).toBe("0");
    const first = await get(`/cosmos/bank/v1beta1/balances/${alice}?pagination.limit=1`);
    expect(first.body.balances.map((c: { denom: string }) => c.denom)).toEqual(["uopt"]);
    const second = await get(`/cosmos/bank/v1beta1/balances/${alice}?pagination.limit=1&pagination.key=${encodeURIComponent(first.body.pagination.next_key)}`);
    expect(second.body.balances.map((c: { denom: string }) => c.denom)).toEqual(["uusdc"]);
    expect((await get(`/cosmos/bank/v1beta1/balances/${bob}/by_denom?denom=uusdc`)).body).toEqual({ balance: { denom: "uusdc", amount: String(DEV_ACCOUNT_BALANCE + 7n) } });
    expect((await get(`/cosmos/bank/v1beta1/supply/by_denom?denom=uusdc`)).body.amount.denom).toBe("uusdc");
  });

  test("an account is a BaseAccount Any with its pubkey inlined", async () => {
    const { status, body } = await get(`/cosmos/auth/v1beta1/accounts/${alice}`);
    expect(status).toBe(200);
    expect(body.account).toEqual({
      "@type": "/cosmos.auth.v1beta1.BaseAccount",
      address: alice,
      pub_key: { "@type": "/cosmos.crypto.secp256k1.PubKey", key: expect.stringMatching(/^[A-Za-z0-9+/]{44}$/) },
      account_number: "0",
      sequence: "1",
    });
  });

  test("a bad address is a 400 with the ABCI code; an unknown account a 404", async () => {
    const bad = await get("/cosmos/bank/v1beta1/balances/opt1notanaddress");
    expect(bad.status).toBe(400);
    expectSdkError(bad.body, 3, { codespace: "sdk", code: 7 });
    const upper = await get(`/cosmos/auth/v1beta1/accounts/${alice.slice(0, -1)}x`);
    expect(upper.status).toBe(400);
    const unknown = await get("/cosmos/auth/v1beta1/accounts/opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g");
    expect(unknown.status).toBe(404);
    expectSdkError(unknown.body, 5, { codespace: "sdk", code: 22 });
  });

  test("a query the app does not answer is 501, an unknown path 404, both in the SDK's shape", async () => {
    const metadata = await get("/cosmos/bank/v1beta1/denoms_metadata");
    if (metadata.status !== 200) {
      expect(metadata.status).toBe(501);
      expectSdkError(metadata.body, 12, { codespace: "sdk", code: 6 });
    }
    const missing = await get("/cosmos/nothing/v1/here");
    expect(missing.status).toBe(404);
    expectSdkError(missing.body, 5);
  });
});

describe("optchain queries", () => {
  const paths = () =>
    app.modules
      .flatMap((module) => Object.keys(module.queries))
      .filter((path) => path.startsWith("/optchain."))
      .sort();

  test("every optchain query the app answers has a route, and none answers 500 or in camelCase", async () => {
    const routes = optchainRoutes(app);
    expect(routes.map((route) => route.path)).toEqual(paths());
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const { status, body } = await get(route.url);
      expect({ url: route.url, served: [200, 400, 404].includes(status) }).toEqual({ url: route.url, served: true });
      if (status !== 200) expect(body.details).toHaveLength(1); // the handler's own error, not a missing route
      expectSnakeCase(body);
    }
  });

  test("options params: 64-bit numbers as strings, snake_case names", async () => {
    const { status, body } = await get("/optchain/options/v1/params");
    expect(status).toBe(200);
    expectSnakeCase(body);
    expect(typeof body.params).toBe("object");
    const staking = await get("/optchain/staking/v1/validators?pagination.count_total=true");
    expect(staking.body.validators).toHaveLength(1);
    expect(staking.body.validators[0].moniker).toBe("v0");
  });

  test("query parameters are checked against their fields, never read as defaults", async () => {
    for (const url of [
      "/optchain/options/v1/series?id=abc",
      "/optchain/options/v1/series?id=-1",
      "/optchain/options/v1/series?id=18446744073709551616",
      "/optchain/options/v1/series?id=9007199254740993",
      "/optchain/options/v1/series?id=1&id=2",
      "/optchain/options/v1/series?nonsense=1",
      "/optchain/options/v1/book?series_id=1&side=SIDE_SIDEWAYS",
      "/optchain/options/v1/series_list?include_settled=yes",
      "/optchain/options/v1/series_list?pagination.limit=-1",
      "/optchain/options/v1/series_list?pagination.key=***",
      "/optchain/options/v1/series_list?pagination=1",
      "/cosmos/bank/v1beta1/balances/" + alice + "?pagination.offset=x",
      "/cosmos/bank/v1beta1/balances/" + alice + "?extra=1",
    ]) {
      const { status, body } = await get(url);
      expect({ url, status }).toEqual({ url, status: 400 });
      expectSdkError(body, 3);
    }
  });

  test("property: any id string is a 400 unless it is a canonical uint64 the codecs hold exactly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.bigInt({ min: -10n, max: 2n ** 70n }).map(String)), async (id) => {
        const { status } = await get(`/optchain/options/v1/series?id=${encodeURIComponent(id)}`);
        const valid = /^(0|[1-9][0-9]*)$/.test(id) && BigInt(id) <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(valid ? [200, 400, 404] : [400]).toContain(status);
        if (!valid) expect(status).toBe(400);
      }),
      { numRuns: 150 },
    );
  });
});

describe("staking, distribution, slashing and upgrade on the SDK gateway's paths", () => {
  let valoper: string;
  beforeAll(async () => {
    valoper = (await get("/cosmos/staking/v1beta1/validators")).body.validators[0].operator_address;
  });

  test("staking validators and delegations, a page at a time, in the SDK's JSON", async () => {
    const { status, body } = await get("/cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED&pagination.count_total=true");
    expect(status).toBe(200);
    expectSnakeCase(body);
    expect(body.validators).toEqual([expect.objectContaining({ operator_address: expect.stringMatching(/^optvaloper1/), status: "BOND_STATUS_BONDED", jailed: false })]);
    expect(body.pagination.total).toBe("1");
    const one = await get(`/cosmos/staking/v1beta1/validators/${valoper}`);
    expect(one.body.validator.operator_address).toBe(valoper);
    const delegations = await get(`/cosmos/staking/v1beta1/validators/${valoper}/delegations?pagination.limit=1`);
    expect(delegations.status).toBe(200);
    expect(delegations.body.delegation_responses).toHaveLength(1);
    const delegator = delegations.body.delegation_responses[0].delegation.delegator_address;
    const single = await get(`/cosmos/staking/v1beta1/validators/${valoper}/delegations/${delegator}`);
    expect(single.body.delegation_response.balance).toEqual(delegations.body.delegation_responses[0].balance);
    expect((await get(`/cosmos/staking/v1beta1/delegations/${delegator}`)).body.delegation_responses).toHaveLength(1);
    expect((await get("/cosmos/staking/v1beta1/pool")).body.pool.bonded_tokens).toMatch(/^[1-9][0-9]*$/);
    expect((await get("/cosmos/staking/v1beta1/params")).body.params.bond_denom).toBe("uopt");
  });

  test("distribution rewards and pool", async () => {
    const outstanding = await get(`/cosmos/distribution/v1beta1/validators/${valoper}/outstanding_rewards`);
    expect(outstanding.status).toBe(200);
    expect(outstanding.body).toEqual({ rewards: { rewards: expect.any(Array) } });
    expect((await get("/cosmos/distribution/v1beta1/community_pool")).body).toEqual({ pool: expect.any(Array) });
    expect((await get(`/cosmos/distribution/v1beta1/delegators/${alice}/withdraw_address`)).body).toEqual({ withdraw_address: alice });
    const slashes = await get(`/cosmos/distribution/v1beta1/validators/${valoper}/slashes?starting_height=1&ending_height=5&pagination.limit=10`);
    expect(slashes.status).toBe(200);
    expect(slashes.body.slashes).toEqual([]);
  });

  test("a bad address is a 400 with the handler's code; a bad or unknown parameter a 400 before any query", async () => {
    for (const url of [
      "/cosmos/staking/v1beta1/validators/optvaloper1notanaddress",
      `/cosmos/staking/v1beta1/validators/${alice}`,
      "/cosmos/distribution/v1beta1/delegators/opt1bad/rewards",
    ]) {
      const { status, body } = await get(url);
      expect({ url, status }).toEqual({ url, status: 400 });
      expect(body.details).toHaveLength(1);
    }
    for (const url of [
      `/cosmos/distribution/v1beta1/validators/${valoper}/slashes?starting_height=-1`,
      `/cosmos/distribution/v1beta1/validators/${valoper}/slashes?ending_height=18446744073709551616`,
      "/cosmos/staking/v1beta1/validators?status=a&status=b",
      "/cosmos/staking/v1beta1/validators?jailed=true",
      "/cosmos/staking/v1beta1/pool?pagination.limit=1",
      "/cosmos/staking/v1beta1/validators?pagination.limit=x",
    ]) {
      const { status, body } = await get(url);
      expect({ url, status }).toEqual({ url, status: 400 });
      expectSdkError(body, 3);
    }
  });

  test("every row of the table is served: answered by its module, or 501 while no module answers it", async () => {
    const answered = new Set(app.modules.flatMap((module) => Object.keys(module.queries)));
    const fill = { validator_addr: valoper, validator_address: valoper, delegator_addr: alice, delegator_address: alice, cons_address: "optvalcons1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq6d3ev6", name: "v2" };
    for (const route of SDK_ROUTES) {
      const url = route.template.replace(/\{([a-z_]+)\}/g, (_, name: keyof typeof fill) => fill[name]);
      const { status, body } = await get(url);
      expectSnakeCase(body);
      if (!answered.has(route.path)) {
        expect({ url, status }).toEqual({ url, status: 501 });
        expectSdkError(body, 12, { codespace: "sdk", code: 6 });
      } else {
        expect({ url, served: [200, 400, 404].includes(status) }).toEqual({ url, served: true });
        if (status !== 200) expect(body.details).toHaveLength(1);
      }
    }
  });

  test("property: slashes heights are a 400 unless they are a canonical uint64", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.bigInt({ min: -10n, max: 2n ** 66n }).map(String)), async (value) => {
        const { status } = await get(`/cosmos/distribution/v1beta1/validators/${valoper}/slashes?starting_height=${encodeURIComponent(value)}&ending_height=${encodeURIComponent(value)}`);
        const valid = /^(0|[1-9][0-9]*)$/.test(value) && BigInt(value) < 2n ** 64n;
        expect(status).toBe(valid ? 200 : 400);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the OpenAPI document at /swagger", () => {
  test("lists every SDK table route and optchain route, with schemas from the protos, every $ref resolving", async () => {
    const { status, body } = await get("/swagger");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.0.3");
    expect(Object.keys(body.paths).sort()).toEqual([...SDK_ROUTES.map((route) => route.template), ...optchainRoutes(app).map((route) => route.url)].sort());
    const validators = body.paths["/cosmos/staking/v1beta1/validators"].get;
    expect(validators.parameters.map((p: { name: string }) => p.name)).toEqual(["status", "pagination.key", "pagination.offset", "pagination.limit", "pagination.count_total", "pagination.reverse"]);
    const delegation = body.paths["/cosmos/staking/v1beta1/validators/{validator_addr}/delegations/{delegator_addr}"].get;
    expect(delegation.parameters).toEqual([
      { name: "validator_addr", in: "path", required: true, schema: { type: "string" } },
      { name: "delegator_addr", in: "path", required: true, schema: { type: "string" } },
    ]);
    const schemas = body.components.schemas;
    expect(schemas["cosmos.staking.v1beta1.Validator"].properties).toEqual(
      expect.objectContaining({ operator_address: { type: "string" }, status: { $ref: "#/components/schemas/cosmos.staking.v1beta1.BondStatus" }, unbonding_height: { type: "string", format: "int64" } }),
    );
    const refs = JSON.stringify(body).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) expect({ ref, defined: JSON.parse(ref).slice("#/components/schemas/".length) in schemas }).toEqual({ ref, defined: true });
  });

  test("what the document says a response holds is what the route answers: the staking validators' fields", async () => {
    const { body: doc } = await get("/swagger");
    const { body } = await get("/cosmos/staking/v1beta1/validators");
    expect(Object.keys(body.validators[0]).sort()).toEqual(Object.keys(doc.components.schemas["cosmos.staking.v1beta1.Validator"].properties).sort());
  });
});

describe("heights, simulate, broadcast input and CORS", () => {
  test("x-cosmos-block-height: a past height is served, garbage or the future refused", async () => {
    expect((await get(`/cosmos/bank/v1beta1/balances/${bob}/by_denom?denom=uusdc`, { "x-cosmos-block-height": "1" })).status).toBe(200);
    const garbage = await get(`/cosmos/bank/v1beta1/supply`, { "x-cosmos-block-height": "1e3" });
    expect(garbage.status).toBe(400);
    const future = await get(`/cosmos/bank/v1beta1/supply`, { "x-cosmos-block-height": "99" });
    expect(future.status).toBe(400);
    expectSdkError(future.body, 3, { codespace: "sdk", code: 18 });
  });

  test("simulate answers gas in the SDK's shape; bad tx_bytes are a 400", async () => {
    const tx = await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 1 });
    const simulated = await post("/cosmos/tx/v1beta1/simulate", { tx_bytes: Buffer.from(tx).toString("base64") });
    expect(simulated.status).toBe(200);
    const body = simulated.body;
    expect(body.gas_info.gas_used).toMatch(/^[1-9][0-9]*$/);
    expect(body.result.msg_responses).toEqual([{ "@type": "/cosmos.bank.v1beta1.MsgSendResponse" }]);
    expectSnakeCase(body);

    for (const payload of [{}, { tx_bytes: "not base64!" }, { tx_bytes: 5 }]) {
      for (const url of ["/cosmos/tx/v1beta1/simulate", "/cosmos/tx/v1beta1/txs"]) {
        const response = await post(url, payload);
        expect(response.status).toBe(400);
        expectSdkError(response.body, 3);
      }
    }
    const block = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: Buffer.from(tx).toString("base64"), mode: "BROADCAST_MODE_BLOCK" });
    expect(block.status).toBe(400);
    const garbage = await post("/cosmos/tx/v1beta1/simulate", { tx_bytes: "AAAA" });
    expect(garbage.status).toBe(400);
    expectSdkError(garbage.body, 3, { codespace: "sdk", code: 2 });
    const notJson = await post("/cosmos/tx/v1beta1/txs", "{");
    expect(notJson.status).toBe(400);
    expectSdkError(notJson.body, 3);
  });

  test("CORS: any origin may read, and preflights are answered", async () => {
    const read = await get(`/cosmos/bank/v1beta1/supply`, { origin: "https://ping.pub" });
    expect(read.headers["access-control-allow-origin"]).toBe("*");
    const preflight = await request("OPTIONS", "/cosmos/tx/v1beta1/txs", { origin: "https://wallet.keplr.app", "access-control-request-method": "POST" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toContain("POST");
  });
});
