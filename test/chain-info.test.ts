// Keplr's ChainInfo and the chain-registry files from a genesis (client/chain-info.ts, localnet/chain-info.ts).
// The CosmJS connection through the ChainInfo's rpc is checked on a real chain in grpc.e2e.test.ts.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { chainInfoInputFromGenesis, keplrChainInfo, registryAssetList, registryChain } from "../client/chain-info";
import { registryJson } from "../localnet/chain-info";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { DEFAULT_DENOM_METADATA } from "../modules/bank/metadata";

jest.setTimeout(120_000);

const genesis = { chain_id: "optchain-test-7", app_state: { bank: { denom_metadata: DEFAULT_DENOM_METADATA }, auth: { params: { min_gas_price: "0.05uopt" } } } };
const input = chainInfoInputFromGenesis(genesis, { rpc: "http://127.0.0.1:26657", rest: "http://127.0.0.1:1317", grpc: "127.0.0.1:9090" });

test("Keplr ChainInfo: coin type 118, the opt prefixes, OPT/USDC with 6 decimals, fees in uopt from the genesis' min gas price", () => {
  const info = keplrChainInfo(input);
  expect(info).toMatchObject({ chainId: "optchain-test-7", rpc: "http://127.0.0.1:26657", rest: "http://127.0.0.1:1317", bip44: { coinType: 118 } });
  expect(info.bech32Config).toEqual({
    bech32PrefixAccAddr: "opt",
    bech32PrefixAccPub: "optpub",
    bech32PrefixValAddr: "optvaloper",
    bech32PrefixValPub: "optvaloperpub",
    bech32PrefixConsAddr: "optvalcons",
    bech32PrefixConsPub: "optvalconspub",
  });
  expect(info.currencies).toEqual([
    { coinDenom: "OPT", coinMinimalDenom: "uopt", coinDecimals: 6 },
    { coinDenom: "USDC", coinMinimalDenom: "uusdc", coinDecimals: 6 },
  ]);
  expect(info.feeCurrencies).toEqual([{ coinDenom: "OPT", coinMinimalDenom: "uopt", coinDecimals: 6, gasPriceStep: { low: 0.05, average: 0.06, high: 0.08 } }]);
  expect(info.stakeCurrency).toEqual({ coinDenom: "OPT", coinMinimalDenom: "uopt", coinDecimals: 6 });
  // A genesis without metadata still names the chain's own denoms; a fee denom without metadata is refused.
  expect(keplrChainInfo({ ...input, denomMetadata: undefined, minGasPrice: undefined }).feeCurrencies[0].gasPriceStep.low).toBe(0.025);
  expect(() => keplrChainInfo({ ...input, minGasPrice: "0.1ubtc" })).toThrow(/no denom metadata for ubtc/);
});

test("chain.json and assetlist.json: snake_case files that are @chain-registry/types' Chain and AssetList (checked by tsc)", async () => {
  const chain = registryJson(registryChain(input)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const assets = registryJson(registryAssetList(input)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(chain).toMatchObject({ chain_name: "optchaintest7", chain_id: "optchain-test-7", bech32_prefix: "opt", slip44: 118, daemon_name: "optd", network_type: "testnet" });
  expect(chain.fees.fee_tokens).toEqual([{ denom: "uopt", fixed_min_gas_price: 0.05, low_gas_price: 0.05, average_gas_price: 0.06, high_gas_price: 0.08 }]);
  expect(chain.staking.staking_tokens).toEqual([{ denom: "uopt" }]);
  expect(chain.apis).toEqual({ rpc: [{ address: "http://127.0.0.1:26657" }], rest: [{ address: "http://127.0.0.1:1317" }], grpc: [{ address: "127.0.0.1:9090" }] });
  expect(assets.assets.map((a: { base: string; display: string; denom_units: unknown[]; type_asset: string }) => [a.base, a.display, a.type_asset, a.denom_units])).toEqual([
    ["uopt", "opt", "sdk.coin", [{ denom: "uopt", exponent: 0, aliases: ["microopt"] }, { denom: "opt", exponent: 6 }]],
    ["uusdc", "usdc", "sdk.coin", [{ denom: "uusdc", exponent: 0, aliases: ["microusdc"] }, { denom: "usdc", exponent: 6 }]],
  ]);

  // The files read back into the types' camelCase and type-checked as object literals, so an unknown or
  // mistyped field fails tsc.
  const camel = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(camel) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camel(v)])) : value;
  const dir = path.join(PROJECT_ROOT, ".tmp");
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(path.join(dir, "chain-registry-"));
  try {
    const file = path.join(work, "check.ts");
    writeFileSync(
      file,
      `import type { AssetList, Chain } from "@chain-registry/types";\n` +
        `export const chain: Chain = ${JSON.stringify(camel(chain), null, 2)};\n` +
        `export const assets: AssetList = ${JSON.stringify(camel(assets), null, 2)};\n`,
    );
    const tsc = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsc");
    await promisify(execFile)(tsc, ["--noEmit", "--strict", "--skipLibCheck", "--module", "commonjs", "--moduleResolution", "node", "--types", "node", file], { cwd: PROJECT_ROOT });
    // and the check does catch a wrong type
    writeFileSync(file, `import type { Chain } from "@chain-registry/types";\nexport const chain: Chain = { chainName: "x", chainType: "cosmos", slip44: "118" };\n`);
    await expect(promisify(execFile)(tsc, ["--noEmit", "--strict", "--skipLibCheck", "--types", "node", file], { cwd: PROJECT_ROOT })).rejects.toMatchObject({ stdout: expect.stringMatching(/check\.ts\(2,[0-9]+\): error TS2322/) });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
