// The REST answers that come from CometBFT rather than the app (node info, blocks, validator sets, txs), read
// over its JSON-RPC and rewritten into the SDK's proto3 JSON through the cosmjs-types schemas.
import { Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TxResponse } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { GetLatestBlockResponse, GetLatestValidatorSetResponse, GetNodeInfoResponse, GetSyncingResponse } from "cosmjs-types/cosmos/base/tendermint/v1beta1/query";
import { BroadcastTxResponse, GetTxResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { toValcons } from "../address";
import { httpJson } from "./http-json";
import { isInjectedVotesTx } from "../../modules/oracle/ve";
import { protoJson } from "./json";

/** CometBFT refused or failed a call: `rpcCode` is its JSON-RPC error code. */
export class CometError extends Error {
  constructor(message: string, readonly rpcCode: number) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export class CometRpc {
  private id = 0;
  constructor(private readonly url: string) {}

  async call(method: string, params: Record<string, unknown> = {}): Promise<Json> {
    const body = (await httpJson(this.url, { jsonrpc: "2.0", id: ++this.id, method, params })) as { result?: Json; error?: { code: number; message: string; data?: string } };
    if (body.error) throw new CometError(`${method}: ${body.error.data ?? body.error.message}`, body.error.code);
    return body.result;
  }
}

const hexToBase64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** CometBFT writes these as hex; proto3 JSON wants base64. */
const HEX_FIELDS = new Set([
  "hash", "last_commit_hash", "data_hash", "validators_hash", "next_validators_hash", "consensus_hash", "app_hash",
  "last_results_hash", "evidence_hash", "proposer_address", "validator_address",
]);

/** CometBFT's JSON into cosmjs-types' fromJSON input: camelCase, base64 bytes, `parts` as `partSetHeader`. */
function cometToJsonInput(value: Json): Json {
  if (Array.isArray(value)) return value.map(cometToJsonInput);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === "parts") return ["partSetHeader", cometToJsonInput(item)];
      if (HEX_FIELDS.has(key) && typeof item === "string") return [camel(key), hexToBase64(item)];
      return [camel(key), cometToJsonInput(item)];
    }),
  );
}

export function valconsAddress(hex: string): string {
  return toValcons(Buffer.from(hex, "hex"));
}

/** The gRPC status code (INVALID_ARGUMENT, NOT_FOUND or INTERNAL) the SDK's servers answer for a CometBFT failure. */
export function cometErrorCode(err: CometError): 3 | 5 | 13 {
  // -32603 carries both "not found" and bad heights; -32602 is a bad parameter.
  if (/not found/.test(err.message)) return 5;
  if (err.rpcCode === -32602 || /height|must be/.test(err.message)) return 3;
  return 13;
}

export async function nodeInfo(rpc: CometRpc, appVersion: string): Promise<unknown> {
  return protoJson(GetNodeInfoResponse, await nodeInfoMessage(rpc, appVersion));
}

/** GetNodeInfo, as REST and gRPC answer it. */
export async function nodeInfoMessage(rpc: CometRpc, appVersion: string): Promise<GetNodeInfoResponse> {
  const { node_info: info } = await rpc.call("status");
  return GetNodeInfoResponse.fromPartial({
      defaultNodeInfo: {
        protocolVersion: { p2p: BigInt(info.protocol_version.p2p), block: BigInt(info.protocol_version.block), app: BigInt(info.protocol_version.app) },
        defaultNodeId: info.id,
        listenAddr: info.listen_addr,
        network: info.network,
        version: info.version,
        channels: Buffer.from(info.channels, "hex"),
        moniker: info.moniker,
        other: { txIndex: info.other.tx_index, rpcAddress: info.other.rpc_address },
      },
      applicationVersion: { name: "optchain", appName: "optd", version: appVersion, cosmosSdkVersion: "" },
    });
}

export async function syncing(rpc: CometRpc): Promise<GetSyncingResponse> {
  const { sync_info: sync } = await rpc.call("status");
  return { syncing: sync.catching_up === true };
}

/** GetBlockByHeight / GetLatestBlock (same shape): the CometBFT block and the SDK block with a bech32 proposer. */
export async function block(rpc: CometRpc, height?: bigint): Promise<unknown> {
  const result = await rpc.call("block", height === undefined ? {} : { height: height.toString() });
  const input = cometToJsonInput({ block_id: result.block_id, block: result.block });
  const response = GetLatestBlockResponse.fromJSON({ ...input, sdkBlock: input.block });
  if (response.sdkBlock?.header) response.sdkBlock.header.proposerAddress = valconsAddress(result.block.header.proposer_address);
  return protoJson(GetLatestBlockResponse, response);
}

/** GetLatestValidatorSet / GetValidatorSetByHeight, paged by offset and limit as the SDK maps them onto CometBFT's pages. */
export async function validatorSet(rpc: CometRpc, height: bigint | undefined, offset: bigint, limit: bigint): Promise<unknown> {
  const perPage = limit === 0n ? 100n : limit > 100n ? 100n : limit;
  if (offset % perPage !== 0n) throw new CometError(`pagination.offset ${offset} must be a multiple of the page size ${perPage}`, -32602);
  const result = await rpc.call("validators", { ...(height === undefined ? {} : { height: height.toString() }), page: String(offset / perPage + 1n), per_page: String(perPage) });
  const response = GetLatestValidatorSetResponse.fromPartial({
    blockHeight: BigInt(result.block_height),
    validators: result.validators.map((v: Json) => ({
      address: valconsAddress(v.address),
      pubKey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Ed25519PubKey.encode({ key: Buffer.from(v.pub_key.value, "base64") }).finish() },
      votingPower: BigInt(v.voting_power),
      proposerPriority: BigInt(v.proposer_priority),
    })),
    pagination: { total: BigInt(result.total) },
  });
  return protoJson(GetLatestValidatorSetResponse, response);
}

/** A TxResponse (with its Tx inlined) from CometBFT's `tx` / `tx_search` result and its block's time. */
function txResponse(result: Json, time: string): TxResponse {
  const bytes = Buffer.from(result.tx, "base64");
  return TxResponse.fromPartial({
    height: BigInt(result.height),
    txhash: String(result.hash).toUpperCase(),
    codespace: result.tx_result.codespace ?? "",
    code: result.tx_result.code ?? 0,
    data: Buffer.from(result.tx_result.data ?? "", "base64").toString("hex").toUpperCase(),
    rawLog: result.tx_result.log ?? "",
    info: result.tx_result.info ?? "",
    gasWanted: BigInt(result.tx_result.gas_wanted ?? 0),
    gasUsed: BigInt(result.tx_result.gas_used ?? 0),
    tx: { typeUrl: "/cosmos.tx.v1beta1.Tx", value: bytes },
    timestamp: time,
    events: (result.tx_result.events ?? []).map((e: Json) => ({
      type: e.type,
      attributes: (e.attributes ?? []).map((a: Json) => ({ key: a.key ?? "", value: a.value ?? "", index: a.index === true })),
    })),
  });
}

async function blockTimes(rpc: CometRpc, heights: string[]): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for (const height of [...new Set(heights)].sort()) {
    const header = await rpc.call("header", { height });
    times.set(height, header.header.time);
  }
  return times;
}

const decodedTx = (base64: string) => protoJson(Tx, Tx.decode(Buffer.from(base64, "base64")));

/** GetTx: {tx, tx_response}. */
export async function getTx(rpc: CometRpc, hash: string): Promise<unknown> {
  return protoJson(GetTxResponse, await getTxMessage(rpc, hash));
}

export async function getTxMessage(rpc: CometRpc, hash: string): Promise<GetTxResponse> {
  const result = await rpc.call("tx", { hash: Buffer.from(hash, "hex").toString("base64") });
  // The SDK's gateway only ever shows SDK txs; the proposer's vote-extension tx has no Tx encoding.
  if (isInjectedVotesTx(Buffer.from(result.tx, "base64"))) throw new CometError(`tx ${hash} not found: it is the block's injected oracle votes, not a Cosmos SDK tx`, -32603);
  const times = await blockTimes(rpc, [result.height]);
  return { tx: Tx.decode(Buffer.from(result.tx, "base64")), txResponse: txResponse(result, times.get(result.height)!) };
}

/** GetTxsEvent: txs matching a CometBFT event query, one page. */
export async function searchTxs(rpc: CometRpc, query: string, page: number, limit: number, orderBy: "asc" | "desc"): Promise<unknown> {
  const result = await rpc.call("tx_search", { query, page: String(page), per_page: String(limit), order_by: orderBy });
  // CometBFT indexes the injected oracle votes tx (a `tx.height` query finds it), which is not an SDK Tx.
  const txs = result.txs.filter((t: Json) => !isInjectedVotesTx(Buffer.from(t.tx, "base64")));
  const times = await blockTimes(rpc, txs.map((t: Json) => t.height));
  return {
    txs: txs.map((t: Json) => decodedTx(t.tx)),
    tx_responses: txs.map((t: Json) => protoJson(TxResponse, txResponse(t, times.get(t.height)!))),
    pagination: null,
    // Less this page's injected txs; those on other pages stay counted (tx_search cannot leave them out, and
    // finding them would read every page), so a height query spanning pages over-counts by one per other block.
    total: String(Number(result.total_count) - (result.txs.length - txs.length)),
  };
}

/** BroadcastTx in sync mode: CheckTx's verdict, as the SDK reports it before the tx is in a block. */
export async function broadcastSync(rpc: CometRpc, txBytes: Uint8Array, async: boolean): Promise<BroadcastTxResponse> {
  const result = await rpc.call(async ? "broadcast_tx_async" : "broadcast_tx_sync", { tx: Buffer.from(txBytes).toString("base64") });
  return {
    txResponse: TxResponse.fromPartial({
      txhash: String(result.hash).toUpperCase(),
      codespace: result.codespace ?? "",
      code: result.code ?? 0,
      // CometBFT writes this one as hex already.
      data: String(result.data ?? "").toUpperCase(),
      rawLog: result.log ?? "",
    }),
  };
}

