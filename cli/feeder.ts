// `optd feeder`: one validator's price feeder, signing with its own key (never the validator's).
import { readFileSync } from "node:fs";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { BECH32_PREFIX, DEFAULT_RPC_PORT } from "../app/config";
import { consoleLogger } from "../app/logger";
import { Feeder } from "../client/feeder/feeder";
import { type FeederConfig, sourceFromConfig } from "../client/feeder/sources";
import { flag } from "./args";

export const FEEDER_USAGE = `optd feeder --validator VALOPER --mnemonic-file FILE --sources CONFIG.json [--rpc URL] [--hd-path PATH]
                                                      [--gas-price 0.025uopt]   vote prices every vote period`;

function required(args: string[], name: string): string {
  const value = flag(args, name);
  if (!value) throw new Error(`--${name} is required\n  ${FEEDER_USAGE}`);
  return value;
}

export async function runFeeder(args: string[]): Promise<void> {
  const validator = required(args, "validator");
  const mnemonic = readFileSync(required(args, "mnemonic-file"), "utf8").trim();
  const sourcesPath = required(args, "sources");
  const config = JSON.parse(readFileSync(sourcesPath, "utf8")) as FeederConfig;
  if (!Array.isArray(config.sources) || config.sources.length === 0) throw new Error(`${sourcesPath}: "sources" must list at least one source`);
  const sources = config.sources.map((source, i) => sourceFromConfig(source, i, path.dirname(path.resolve(sourcesPath))));
  const signer = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: BECH32_PREFIX, hdPaths: [stringToPath(flag(args, "hd-path") ?? "m/44'/118'/0'/0/0")] });
  const log = consoleLogger("feeder");
  const feeder = await Feeder.connect({
    rpc: flag(args, "rpc") ?? `http://127.0.0.1:${DEFAULT_RPC_PORT}`,
    validator,
    signer,
    sources,
    assets: config.assets,
    gasPrice: flag(args, "gas-price"),
    log,
  });
  const stop = () => {
    log.info("stopping");
    feeder.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await feeder.run();
  feeder.disconnect();
}
