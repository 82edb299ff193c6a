// `optd feeder`: one validator's price feeder, signing with its own key (never the validator's).
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { BECH32_PREFIX, DEFAULT_RPC_PORT } from "../app/config";
import { consoleLogger } from "../app/logger";
import { type FeederTomlConfig, isLocalnetChainId, loadFeederConfig, writeDefaultFeederConfig } from "../client/feeder/config";
import { Feeder } from "../client/feeder/feeder";
import { DEFAULT_SIDECAR_LISTEN, askSidecar, startSidecar } from "../client/feeder/sidecar";
import type { PriceSource } from "../client/feeder/sources";
import { FeederMetrics, startTelemetryServer } from "../client/feeder/telemetry";
import { flag } from "./args";
import { Keyring } from "./keyring";
import { DEFAULT_HOME } from "./keys";
import { readPassphrase } from "./prompt";
import { followSupervisor } from "./supervisor";

export const FEEDER_USAGE = `optd feeder init [--config feeder.toml]                  write a commented default config (exchanges, thresholds, account, telemetry)
optd feeder --config feeder.toml [--mnemonic-file FILE] [--validator VALOPER] [--rpc URL]
                                                      vote prices from the config's exchanges every vote period
optd feeder --validator VALOPER --mnemonic-file FILE --sources CONFIG.json|.toml [--rpc URL] [--hd-path PATH]
                                                      [--gas-price 0.025uopt]   the same from a sources file
optd feeder ... --sidecar http://${DEFAULT_SIDECAR_LISTEN}   vote what a running sidecar serves instead of polling the sources
                                                      (--config then only names the account and keyring)
optd feeder sidecar --config feeder.toml|sources.json [--listen ${DEFAULT_SIDECAR_LISTEN}]
                                                      the price sidecar beside optd start --oracle.sidecar http://${DEFAULT_SIDECAR_LISTEN}:
                                                      serves the latest prices at /prices, with /metrics and /healthz; needs no key`;

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`${what} is required\n  ${FEEDER_USAGE}`);
  return value;
}

/** A key in plain text (a mnemonic file, the test keyring) is a localnet convenience: refused for any other chain. */
export function refusePlaintextKey(chainId: string, source: string): void {
  if (!isLocalnetChainId(chainId)) {
    throw new Error(`refusing to read the feeder's key from ${source} (plain text) for chain ${JSON.stringify(chainId)}: that is allowed only on local networks (a chain id ending in -local-N); use the file keyring of \`optd keys\``);
  }
}

interface KeySource {
  /** Set when the key is stored in plain text: the chain must then be a local one. */
  plaintext?: string;
  signer(): Promise<OfflineDirectSigner>;
}

/** --mnemonic-file, or the config's [keyring]: `optd keys`' file or test backend, or a mnemonic file. */
function keySource(args: string[], toml: FeederTomlConfig | undefined, configDir: string): KeySource {
  const hdPath = flag(args, "hd-path") ?? toml?.keyring.hdPath ?? "m/44'/118'/0'/0/0";
  const fromMnemonicFile = (file: string): KeySource => ({
    plaintext: `the mnemonic file ${file}`,
    signer: () => DirectSecp256k1HdWallet.fromMnemonic(readFileSync(file, "utf8").trim(), { prefix: BECH32_PREFIX, hdPaths: [stringToPath(hdPath)] }),
  });
  const mnemonicFlag = flag(args, "mnemonic-file");
  if (mnemonicFlag) return fromMnemonicFile(mnemonicFlag);
  if (!toml) return fromMnemonicFile(required(undefined, "--mnemonic-file"));
  const { keyring: settings, account } = toml;
  if (settings.backend === "mnemonic-file") return fromMnemonicFile(path.resolve(configDir, expandHome(required(settings.mnemonicFile, "[keyring] mnemonic_file"))));
  const keyring = new Keyring(path.resolve(configDir, expandHome(settings.dir ?? path.join(DEFAULT_HOME, `keyring-${settings.backend}`))), settings.backend);
  const name = settings.key ?? keyring.list().find((info) => info.address === account.address?.toLowerCase())?.name;
  if (!name) throw new Error(`no key for the feeder in ${keyring.dir}: set [keyring] key, or [account] address to a key's address (\`optd keys list\`)`);
  return {
    plaintext: settings.backend === "test" ? `the test keyring ${keyring.dir}` : undefined,
    signer: () => keyring.signer(name, () => readPassphrase(`Passphrase of the keyring (key ${name})`)),
  };
}

const expandHome = (file: string) => (file.startsWith("~/") ? path.join(os.homedir(), file.slice(2)) : file);

export async function runFeeder(args: string[]): Promise<void> {
  if (args[0] === "init") {
    const file = path.resolve(flag(args, "config") ?? "feeder.toml");
    writeDefaultFeederConfig(file);
    console.log(`wrote ${file}: set [account], [keyring] and the pairs you want, then: optd feeder --config ${path.basename(file)}`);
    return;
  }
  if (args[0] === "sidecar") return runSidecar(args.slice(1));
  const sidecarUrl = flag(args, "sidecar");
  const configFile = flag(args, "config") ?? flag(args, "sources") ?? (sidecarUrl ? undefined : required(undefined, "--config (or --sources, or --sidecar)"));
  const metrics = new FeederMetrics({ defaultMetrics: true });
  const loaded = configFile === undefined ? undefined : loadFeederConfig(configFile, { metrics });
  const sources = sidecarUrl ? [sidecarSource(sidecarUrl)] : (loaded?.sources ?? []);
  if (sources.length === 0) throw new Error(`${configFile}: no price sources`);
  const assets = loaded?.assets ?? [];
  const toml = loaded?.toml;
  const configDir = configFile === undefined ? process.cwd() : path.dirname(path.resolve(configFile));
  const validator = required(flag(args, "validator") ?? toml?.account.validator, "--validator (or [account] validator)");
  const key = keySource(args, toml, configDir);
  // Refused before the key is read when the config already names a non-local chain; the node's own chain id
  // is checked again once connected.
  if (key.plaintext && toml?.account.chainId) refusePlaintextKey(toml.account.chainId, key.plaintext);
  const signer = await key.signer();
  const log = consoleLogger("feeder");
  const feeder = await Feeder.connect({
    rpc: flag(args, "rpc") ?? toml?.rpc.rpcAddress ?? `http://127.0.0.1:${DEFAULT_RPC_PORT}`,
    validator,
    signer,
    sources,
    assets: assets.length > 0 ? assets : undefined,
    gasPrice: flag(args, "gas-price"),
    log,
    metrics,
  });
  try {
    checkAccount(toml, feeder, key);
  } catch (err) {
    feeder.disconnect();
    throw err;
  }
  const telemetry = toml?.telemetry.enabled ? await startTelemetryServer(toml.telemetry.listenAddress, metrics) : undefined;
  if (telemetry) log.info(`metrics on ${telemetry.url}/metrics, health on ${telemetry.url}/healthz`);
  const stop = () => {
    log.info("stopping");
    feeder.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await feeder.run();
  feeder.disconnect();
  await telemetry?.close();
}

/**
 * `--sidecar URL`: the commit-reveal feeder votes what the validator's running sidecar serves, the prices its app
 * signs under vote extensions, so one process polls the exchanges. The vote period is asked as the sidecar's height
 * (simulated sources step by it, as they do by period in the feeder's own polling). A sidecar that is down, answers
 * garbage, or whose prices are older than `maxAgeMs` (its sources dead: it keeps its last prices) is an unusable
 * source, so the feeder abstains rather than vote an old price.
 */
export function sidecarSource(url: string, options: { timeoutMs?: number; maxAgeMs?: number } = {}): PriceSource {
  const base = url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 2_000;
  const maxAgeMs = options.maxAgeMs ?? 2_000;
  return {
    name: `sidecar ${base}`,
    async fetch({ assets, period }) {
      // the sidecar takes positive heights only; period 0 is the walk's start, where an ask without one finds it
      const answer = await askSidecar(base, { height: period > 0 ? period : undefined, assets }, timeoutMs);
      const ageMs = Date.now() - answer.atMs;
      if (ageMs > maxAgeMs) throw new Error(`its prices were collected ${ageMs} ms ago (more than ${maxAgeMs} ms)`);
      const prices = new Map([...answer.prices].filter(([asset]) => assets.includes(asset)));
      return { prices, problems: assets.filter((asset) => !prices.has(asset)).map((asset) => `${asset}: not in the sidecar's answer`) };
    },
  };
}

/** `optd feeder sidecar`: polls the config's sources and answers the node's app until SIGINT/SIGTERM. */
async function runSidecar(args: string[]): Promise<void> {
  const configFile = required(flag(args, "config"), "--config");
  const listen = flag(args, "listen") ?? DEFAULT_SIDECAR_LISTEN;
  const metrics = new FeederMetrics({ defaultMetrics: true });
  const { sources, assets } = loadFeederConfig(configFile, { metrics });
  if (sources.length === 0) throw new Error(`${configFile}: no price sources`);
  const log = consoleLogger("sidecar");
  const sidecar = await startSidecar(listen, { sources, assets, metrics, log });
  log.info(`serving prices from ${sources.length} source(s) at ${sidecar.url}/prices, metrics at /metrics, health at /healthz`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    followSupervisor(stop);
  });
  log.info("stopping");
  await sidecar.close();
  process.exit(0);
}

/** The node must serve the chain the config names, and the key must be the config's account. */
function checkAccount(toml: FeederTomlConfig | undefined, feeder: Feeder, key: KeySource): void {
  if (key.plaintext) refusePlaintextKey(feeder.chain, key.plaintext);
  if (toml?.account.chainId && toml.account.chainId !== feeder.chain) throw new Error(`the node serves chain ${JSON.stringify(feeder.chain)}, the config's [account] chain_id is ${JSON.stringify(toml.account.chainId)}`);
  if (toml?.account.address && toml.account.address.toLowerCase() !== feeder.feederAddress) {
    throw new Error(`the feeder's key is ${feeder.feederAddress}, the config's [account] address is ${toml.account.address}`);
  }
}
