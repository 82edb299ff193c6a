// `optd chain-info --home DIR --out DIR`: the node's genesis as chain-registry's chain.json and assetlist.json,
// and as Keplr's ChainInfo, pointing at this node's RPC, REST and gRPC ports.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type GenesisLike, chainInfoInputFromGenesis, keplrChainInfo, registryAssetList, registryChain } from "../client/chain-info";
import { DEFAULT_API_PORT, DEFAULT_GRPC_PORT } from "../app/api/config";
import { genesisPath, readNodeConfig } from "./genesis";

/** chain-registry's files spell their keys in snake_case; @chain-registry/types spells the same fields in camelCase. */
export function registryJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(registryJson);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), registryJson(item)]));
}

export function writeChainInfo(home: string, outDir: string): string[] {
  const genesis = JSON.parse(readFileSync(genesisPath(home), "utf8")) as GenesisLike;
  const { ports } = readNodeConfig(home);
  const input = chainInfoInputFromGenesis(genesis, {
    rpc: `http://127.0.0.1:${ports.rpc}`,
    rest: `http://127.0.0.1:${ports.api ?? DEFAULT_API_PORT}`,
    grpc: `127.0.0.1:${ports.grpc ?? DEFAULT_GRPC_PORT}`,
  });
  mkdirSync(outDir, { recursive: true });
  const files: Array<[string, unknown]> = [
    ["chain.json", registryJson(registryChain(input))],
    ["assetlist.json", registryJson(registryAssetList(input))],
    ["keplr-chain-info.json", keplrChainInfo(input)],
  ];
  return files.map(([name, content]) => {
    const file = path.join(outDir, name);
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
    return file;
  });
}
