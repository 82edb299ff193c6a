// The few CometBFT RPC calls the CLI makes, over plain HTTP JSON-RPC.
import { DEFAULT_RPC_PORT } from "../app/config";

export const DEFAULT_NODE = `tcp://127.0.0.1:${DEFAULT_RPC_PORT}`;

/** tcp://HOST:PORT (the SDK's form) or http(s)://… to a base URL. */
export function nodeUrl(node: string): string {
  const url = node.replace(/^tcp:\/\//, "http://").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`--node: want tcp://HOST:PORT or http://HOST:PORT, got ${JSON.stringify(node)}`);
  return url;
}

export async function rpc(node: string, method: string, params: Record<string, string | undefined> = {}): Promise<any> {
  const base = nodeUrl(node);
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`)
    .join("&");
  let response: Response;
  try {
    response = await fetch(`${base}/${method}${query ? `?${query}` : ""}`);
  } catch (err) {
    throw new Error(`cannot reach the node at ${base} (${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}); is it running? Pass --node tcp://HOST:PORT`);
  }
  let body: { result?: unknown; error?: { message: string; data?: string } };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Error(`${base}/${method} answered HTTP ${response.status}, not JSON-RPC: is it a CometBFT RPC address? Pass --node tcp://HOST:PORT`);
  }
  if (body.error) throw new Error(`${method}: ${body.error.message}${body.error.data ? `: ${body.error.data}` : ""}`);
  return body.result;
}

export interface QueryAnswer {
  code: number;
  codespace: string;
  log: string;
  value: Uint8Array;
  height: string;
}

export async function abciQuery(node: string, path: string, data: Uint8Array, height?: string): Promise<QueryAnswer> {
  const result = await rpc(node, "abci_query", { path: JSON.stringify(path), data: `0x${Buffer.from(data).toString("hex")}`, height });
  const response = result.response;
  return { code: response.code ?? 0, codespace: response.codespace ?? "", log: response.log ?? "", value: Buffer.from(response.value ?? "", "base64"), height: response.height ?? "0" };
}

/** The answer's bytes, or an error naming the app's code and message. */
export async function abciQueryOk(node: string, path: string, data: Uint8Array, height?: string): Promise<Uint8Array> {
  const answer = await abciQuery(node, path, data, height);
  if (answer.code !== 0) throw new Error(`${path}: ${answer.log} (code ${answer.codespace}/${answer.code})`);
  return answer.value;
}

export async function chainIdOf(node: string): Promise<string> {
  return (await rpc(node, "status")).node_info.network;
}
