// The REST/LCD API (`[api]` of the SDK's app.toml, :1317): the SDK v0.50 gateway's paths and proto3 JSON, for
// Keplr, Ping.pub, Mintscan and curl. A thin translation: state answers come from the app's own query entry
// point (the handlers CometBFT's abci_query reaches), blocks and txs from CometBFT's RPC.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cors from "@fastify/cors";
import protobuf from "protobufjs";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryDenomMetadataRequest,
  QueryDenomMetadataResponse,
  QueryDenomsMetadataRequest,
  QueryDenomsMetadataResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { PageRequest } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { BroadcastTxResponse, SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { GetSyncingResponse } from "cosmjs-types/cosmos/base/tendermint/v1beta1/query";
import type { OptchainApp } from "../app";
import type { Logger } from "../logger";
import type { AppMetrics } from "../metrics";
import { BadParam, type JsonCodec, optchainProtos, protoJson, reflectedJson, requestFromQuery } from "./json";
import { type ApiConfig, parseApiAddress } from "./config";
import { registerDashboard } from "./dashboard";
import { SDK_ROUTES, fastifyUrl, sdkRequest } from "./sdk-routes";
import { openApiDocument } from "./openapi";
import { CometError, CometRpc, block, broadcastSync, cometErrorCode, getTx, nodeInfo, searchTxs, syncing, validatorSet } from "./comet";

/** A signed tx is at most CometBFT's max_tx_bytes (1 MiB by default), a third larger in base64. */
const BODY_LIMIT = 2 * 1024 * 1024;
const MAX_TX_PAGE = 100;

export interface RestOptions {
  app: OptchainApp;
  /** CometBFT's RPC, for node info, blocks, validator sets and txs. */
  rpcUrl: string;
  log: Logger;
  /** Served at GET /metrics in Prometheus' text format, where the SDK serves its telemetry. */
  metrics?: AppMetrics;
}

/** A failed ABCI query, in the SDK's error answer: the gRPC code the gateway would map it to, and its HTTP status. */
class QueryFailed extends Error {
  constructor(readonly codespace: string, readonly abciCode: number, log: string) {
    super(log);
  }
}

// grpc codes and the HTTP status grpc-gateway gives each
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const UNIMPLEMENTED = 12;
const INTERNAL = 13;
const HTTP_STATUS: Record<number, number> = { [INVALID_ARGUMENT]: 400, [NOT_FOUND]: 404, [UNIMPLEMENTED]: 501, [INTERNAL]: 500 };

/** The gRPC status of a failed ABCI query, as the SDK maps its registered errors. */
export function grpcCode(codespace: string, code: number, log: string): number {
  if (code === 1) return INTERNAL;
  if (codespace === "sdk" && code === 6) return UNIMPLEMENTED;
  if ((codespace === "sdk" && (code === 9 || code === 22)) || /code = NotFound|not found$/.test(log)) return NOT_FOUND;
  return INVALID_ARGUMENT;
}

function sendError(reply: FastifyReply, code: number, message: string, abci?: { codespace: string; code: number }): FastifyReply {
  const details = abci
    ? [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: `${abci.codespace}/${abci.code}`, domain: abci.codespace, metadata: { codespace: abci.codespace, code: String(abci.code) } }]
    : [];
  return reply.status(HTTP_STATUS[code] ?? 500).send({ code, message, details });
}

type Query = Record<string, string | string[] | undefined>;

/** `pagination.*` query parameters as a PageRequest, each checked like any other field. */
function pageRequest(query: Query): PageRequest {
  const type = optchainProtos().lookupType("cosmos.base.query.v1beta1.PageRequest");
  const fields: Query = {};
  for (const [name, value] of Object.entries(query)) if (name.startsWith("pagination.")) fields[name.slice("pagination.".length)] = value;
  return PageRequest.decode(requestFromQuery(type, fields));
}

function only(query: Query, allowed: string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name) && !name.startsWith("pagination.")) throw new BadParam(`unknown query parameter ${name}`);
  }
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new BadParam(`${name} given ${value.length} times`);
  return value;
}

export function height(value: string, name: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(value)) throw new BadParam(`${name}: want a positive block height, got ${value}`);
  return BigInt(value);
}

/** snake_case of a gRPC method name, as the SDK spells its gateway paths (DenomsMetadata -> denoms_metadata). */
const snakeMethod = (method: string) => method.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));

/**
 * Every optchain query the app answers, as GET /optchain/<module>/<version>/<method_in_snake_case> with the
 * request's fields as query parameters. Listed from the app's own router, so a new query gets a route.
 */
export function optchainRoutes(app: OptchainApp): Array<{ url: string; path: string; request: protobuf.Type; response: protobuf.Type }> {
  const root = optchainProtos();
  return app.modules
    .flatMap((module) => Object.keys(module.queries))
    .sort()
    .flatMap((path) => {
      const match = /^\/(optchain)\.([a-z]+)\.(v[0-9]+)\.Query\/([A-Za-z]+)$/.exec(path);
      if (!match) return [];
      const [, , module, version, method] = match;
      const pkg = `optchain.${module}.${version}`;
      const [request, response] = [root.lookup(`${pkg}.Query${method}Request`), root.lookup(`${pkg}.Query${method}Response`)];
      // A query whose messages break the Query<Method>Request naming gets no route (rest.test.ts lists them all).
      if (!(request instanceof protobuf.Type && response instanceof protobuf.Type)) return [];
      return [{ url: `/optchain/${module}/${version}/${snakeMethod(method)}`, path, request, response }];
    });
}

export function restServer(options: RestOptions): FastifyInstance {
  const { app, log } = options;
  const rpc = new CometRpc(options.rpcUrl);
  const server = Fastify({ bodyLimit: BODY_LIMIT, logger: false });
  // Explorers and wallets are web pages on other origins; the API holds no cookies or credentials to protect.
  void server.register(cors, { origin: "*", methods: ["GET", "POST", "OPTIONS"] });

  /** The app's own query entry point, at the height the SDK's x-cosmos-block-height header asks for (0: latest). */
  const query = (request: FastifyRequest, path: string, data: Uint8Array): Uint8Array => {
    const header = request.headers["x-cosmos-block-height"];
    const at = typeof header === "string" && header !== "" ? height(header, "x-cosmos-block-height") : 0n;
    const response = app.query({ path, data, height: at, prove: false });
    if (response.code !== 0) throw new QueryFailed(response.codespace, response.code, response.log);
    return response.value;
  };

  function cosmosRoute<Req, Res>(
    url: string,
    path: string,
    codecs: { request: { encode(message: Req): { finish(): Uint8Array } }; response: JsonCodec<Res> },
    allowed: string[],
    build: (params: Record<string, string>, query: Query) => Req,
  ): void {
    server.get(url, async (request) => {
      const params = request.params as Record<string, string>;
      const q = request.query as Query;
      only(q, allowed);
      const bytes = query(request, path, codecs.request.encode(build(params, q)).finish());
      return protoJson(codecs.response, codecs.response.decode(bytes));
    });
  }

  const BANK = "/cosmos.bank.v1beta1.Query";
  cosmosRoute("/cosmos/auth/v1beta1/accounts/:address", "/cosmos.auth.v1beta1.Query/Account", { request: QueryAccountRequest, response: QueryAccountResponse }, [], (p) => ({ address: p.address }));
  cosmosRoute("/cosmos/bank/v1beta1/balances/:address", `${BANK}/AllBalances`, { request: QueryAllBalancesRequest, response: QueryAllBalancesResponse }, ["resolve_denom"], (p, q) =>
    QueryAllBalancesRequest.fromPartial({ address: p.address, pagination: pageRequest(q), resolveDenom: single(q, "resolve_denom") === "true" }),
  );
  cosmosRoute("/cosmos/bank/v1beta1/balances/:address/by_denom", `${BANK}/Balance`, { request: QueryBalanceRequest, response: QueryBalanceResponse }, ["denom"], (p, q) => ({ address: p.address, denom: single(q, "denom") ?? "" }));
  cosmosRoute("/cosmos/bank/v1beta1/supply", `${BANK}/TotalSupply`, { request: QueryTotalSupplyRequest, response: QueryTotalSupplyResponse }, [], (_, q) => ({ pagination: pageRequest(q) }));
  cosmosRoute("/cosmos/bank/v1beta1/supply/by_denom", `${BANK}/SupplyOf`, { request: QuerySupplyOfRequest, response: QuerySupplyOfResponse }, ["denom"], (_, q) => ({ denom: single(q, "denom") ?? "" }));
  cosmosRoute("/cosmos/bank/v1beta1/denoms_metadata", `${BANK}/DenomsMetadata`, { request: QueryDenomsMetadataRequest, response: QueryDenomsMetadataResponse }, [], (_, q) => ({ pagination: pageRequest(q) }));
  cosmosRoute("/cosmos/bank/v1beta1/denoms_metadata/:denom", `${BANK}/DenomMetadata`, { request: QueryDenomMetadataRequest, response: QueryDenomMetadataResponse }, [], (p) => ({ denom: p.denom }));

  for (const route of SDK_ROUTES) {
    const names = Object.keys(route.params);
    cosmosRoute(fastifyUrl(route.template), route.path, route, names, (p, q) => {
      if (!route.paged && Object.keys(q).some((name) => name.startsWith("pagination."))) throw new BadParam(`${route.template} takes no pagination`);
      return sdkRequest(route, p, Object.fromEntries(names.map((name) => [name, single(q, name)])), () => pageRequest(q));
    });
  }

  for (const route of optchainRoutes(app)) {
    server.get(route.url, async (request) => reflectedJson(route.response, query(request, route.path, requestFromQuery(route.request, request.query as Query))));
  }

  const TM = "/cosmos/base/tendermint/v1beta1";
  server.get(`${TM}/node_info`, async () => nodeInfo(rpc, app.info().version));
  server.get(`${TM}/syncing`, async () => protoJson(GetSyncingResponse, await syncing(rpc)));
  server.get(`${TM}/blocks/latest`, async () => block(rpc));
  server.get(`${TM}/blocks/:height`, async (request) => block(rpc, height((request.params as { height: string }).height, "height")));
  const validators = async (request: FastifyRequest, at?: bigint) => {
    const q = request.query as Query;
    only(q, []);
    const page = pageRequest(q);
    return validatorSet(rpc, at, page.offset, page.limit);
  };
  server.get(`${TM}/validatorsets/latest`, async (request) => validators(request));
  server.get(`${TM}/validatorsets/:height`, async (request) => validators(request, height((request.params as { height: string }).height, "height")));

  const TX = "/cosmos/tx/v1beta1";
  server.post(`${TX}/txs`, async (request) => {
    const body = (request.body ?? {}) as { tx_bytes?: unknown; mode?: unknown };
    const tx = txBytes(body.tx_bytes);
    const mode = body.mode ?? "BROADCAST_MODE_SYNC";
    if (mode === "BROADCAST_MODE_BLOCK" || mode === 1) throw new BadParam("BROADCAST_MODE_BLOCK is deprecated, as in the SDK v0.50: broadcast in sync mode and poll GET /cosmos/tx/v1beta1/txs/{hash}");
    if (mode !== "BROADCAST_MODE_SYNC" && mode !== 2 && mode !== "BROADCAST_MODE_ASYNC" && mode !== 3) throw new BadParam(`unsupported broadcast mode ${JSON.stringify(mode)}`);
    return protoJson(BroadcastTxResponse, await broadcastSync(rpc, tx, mode === "BROADCAST_MODE_ASYNC" || mode === 3));
  });
  server.post(`${TX}/simulate`, async (request) => {
    const body = (request.body ?? {}) as { tx_bytes?: unknown };
    const bytes = query(request, "/cosmos.tx.v1beta1.Service/Simulate", SimulateRequest.encode({ txBytes: txBytes(body.tx_bytes) }).finish());
    return protoJson(SimulateResponse, SimulateResponse.decode(bytes));
  });
  server.get(`${TX}/txs/:hash`, async (request) => {
    const { hash } = request.params as { hash: string };
    if (!/^[0-9A-Fa-f]{64}$/.test(hash)) throw new BadParam(`tx hash must be 64 hex digits, got ${hash}`);
    return getTx(rpc, hash);
  });
  server.get(`${TX}/txs`, async (request) => {
    const q = request.query as Query;
    only(q, ["query", "events", "page", "limit", "order_by"]);
    const events = q.events === undefined ? [] : Array.isArray(q.events) ? q.events : [q.events];
    const text = [single(q, "query"), ...events].filter((part) => part !== undefined && part !== "").join(" AND ");
    if (text === "") throw new BadParam("query cannot be empty: give query=EVENT.ATTR='VALUE' (or events=…)");
    const page = Number(height(single(q, "page") ?? "1", "page"));
    const limit = Number(height(single(q, "limit") ?? String(MAX_TX_PAGE), "limit"));
    const order = single(q, "order_by") ?? "ORDER_BY_ASC";
    if (order !== "ORDER_BY_ASC" && order !== "ORDER_BY_DESC" && order !== "ORDER_BY_UNSPECIFIED") throw new BadParam(`order_by: want ORDER_BY_ASC or ORDER_BY_DESC, got ${order}`);
    return searchTxs(rpc, text, page, Math.min(limit, MAX_TX_PAGE), order === "ORDER_BY_DESC" ? "desc" : "asc");
  });

  // Built on first request: it walks every schema, and most nodes are never asked.
  let openApi: unknown;
  server.get("/swagger", async () => (openApi ??= openApiDocument(app)));

  registerDashboard(server, rpc);

  const { metrics } = options;
  if (metrics) server.get("/metrics", async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));

  server.setNotFoundHandler((request, reply) => sendError(reply, NOT_FOUND, `Not Found: ${request.method} ${request.url.split("?")[0]}`));
  server.setErrorHandler((err: unknown, _request, reply) => {
    if (err instanceof QueryFailed) return sendError(reply, grpcCode(err.codespace, err.abciCode, err.message), err.message, { codespace: err.codespace, code: err.abciCode });
    if (err instanceof BadParam) return sendError(reply, INVALID_ARGUMENT, err.message);
    if (err instanceof CometError) return sendError(reply, cometErrorCode(err), err.message);
    const status = (err as { statusCode?: number }).statusCode;
    const message = err instanceof Error ? err.message : String(err);
    if (status !== undefined && status >= 400 && status < 500) return sendError(reply, INVALID_ARGUMENT, message);
    log.error(`REST ${_request.method} ${_request.url}: ${message}`);
    return sendError(reply, INTERNAL, message);
  });
  return server;
}

function txBytes(value: unknown): Uint8Array {
  if (typeof value !== "string" || value === "" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new BadParam("tx_bytes: want the signed TxRaw in base64");
  return Buffer.from(value, "base64");
}

/** Starts the API on `config.address`; undefined when it is switched off. */
export async function startRestServer(options: RestOptions & { config: ApiConfig }): Promise<FastifyInstance | undefined> {
  if (!options.config.enable) return undefined;
  const { host, port } = parseApiAddress(options.config.address);
  const server = restServer(options);
  await server.listen({ host, port });
  options.log.info(`REST API listening on http://${host}:${port}`);
  return server;
}
