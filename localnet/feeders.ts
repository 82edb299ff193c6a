// The localnet's oracle: genesis defaults with small windows, one funded feeder key per validator, and
// `optd feeder` processes on simulated sources for `optd localnet --feeders`.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { BECH32_PREFIX, STAKE_DENOM } from "../app/config";
import { SigningStargateClient } from "@cosmjs/stargate";
import { DEV_MNEMONIC, defaultGasPrice, devAccountWallet, optchainRegistry } from "../client";
import type { FeederConfig } from "../client/feeder/sources";
import type { OracleParams } from "../modules/oracle/params";
import type { SlashingParams } from "../modules/slashing/params";
import { PROJECT_ROOT } from "./cometbft";

/** Feeder i's key: the dev mnemonic on the "change" branch, so it never collides with the dev accounts. */
export const feederHdPath = (index: number) => `m/44'/118'/0'/1/${index}`;
export const FEEDER_BALANCE = 1_000_000_000_000n;

/**
 * Windows small enough to watch: a price every 3 blocks, an oracle slash window of 60 blocks (under a minute
 * at localnet block times), jail for a minute. Downtime is judged over 1,000 blocks so that restarting a node
 * (as the fault-tolerance suite does, many times) does not jail it.
 */
export const LOCALNET_ORACLE_PARAMS: Partial<OracleParams> = {
  vote_period: 3,
  assets: ["uopt", "BTC", "ETH", "BTC-IV", "ETH-IV", "BTC-SMILE-PUT", "BTC-SMILE-CALL", "ETH-SMILE-PUT", "ETH-SMILE-CALL"].map((name) => ({ name, vote_threshold: "0.5" })),
  slash_window: 60,
  jail_duration_seconds: 60,
  max_price_age_seconds: 60,
};

export const LOCALNET_SLASHING_PARAMS: Partial<SlashingParams> = {
  signed_blocks_window: 1000,
  downtime_jail_duration_seconds: 60,
};

/**
 * Start prices of the simulated sources: uusdc per 1 unit of the asset as named, implied vols as annualised
 * fractions, smile wings as the vol multiple one normalised unit either side of the money (lib/smile.ts): puts
 * richer than calls, as in crypto markets.
 */
export const SIMULATED_START = {
  uopt: "1.25",
  BTC: "65000000000",
  ETH: "3200000000",
  "BTC-IV": "0.55",
  "ETH-IV": "0.7",
  "BTC-SMILE-PUT": "1.3",
  "BTC-SMILE-CALL": "1.1",
  "ETH-SMILE-PUT": "1.35",
  "ETH-SMILE-CALL": "1.15",
};

export async function feederAddresses(count: number, mnemonic = DEV_MNEMONIC): Promise<string[]> {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {
    prefix: BECH32_PREFIX,
    hdPaths: Array.from({ length: count }, (_, i) => stringToPath(feederHdPath(i))),
  });
  return (await wallet.getAccounts()).map((account) => account.address);
}

/** Genesis sections for the oracle and slashing, with validator i already delegating to feeder i. */
export function localnetOracleGenesis(validators: string[], feeders: string[]): Record<string, Record<string, unknown>> {
  return {
    oracle: { params: LOCALNET_ORACLE_PARAMS, feeder_delegations: validators.map((validator, i) => ({ validator, feeder: feeders[i] })) },
    slashing: { params: LOCALNET_SLASHING_PARAMS },
  };
}

/**
 * Validator i (dev account i) pays feeder i's fees: funded on first start rather than in genesis, so genesis
 * supply stays the dev accounts' and the validators' alone.
 */
export async function fundFeeders(rpcs: string[], feeders: string[]): Promise<void> {
  for (let i = 0; i < feeders.length; i++) {
    const client = await SigningStargateClient.connectWithSigner(rpcs[i], await devAccountWallet(i), { registry: optchainRegistry(), gasPrice: defaultGasPrice(), broadcastPollIntervalMs: 300 });
    try {
      if (BigInt((await client.getBalance(feeders[i], STAKE_DENOM)).amount) >= FEEDER_BALANCE / 2n) continue;
      const [{ address }] = await (await devAccountWallet(i)).getAccounts();
      const result = await client.sendTokens(address, feeders[i], [{ denom: STAKE_DENOM, amount: FEEDER_BALANCE.toString() }], "auto", "feeder fees");
      if (result.code !== 0) throw new Error(`funding feeder ${i} failed: ${result.rawLog}`);
    } finally {
      client.disconnect();
    }
  }
}

/**
 * The localnet's shared simulated walk (one step per block, the same on every node): honest validators agree.
 * `scale` multiplies every price (1.3: a validator lying 30 % high).
 */
export function simulatedSources(scale?: string): FeederConfig {
  return { sources: [{ type: "simulated", name: "simulated", seed: "optchain-localnet", start: SIMULATED_START, ...(scale ? { scale } : {}) }] };
}

/** One `optd feeder` per validator on the shared simulated walk, logging to <node home>/feeder.log. */
export function startFeeders(dir: string, homes: string[], rpcs: string[], validators: string[]): ChildProcess[] {
  const mnemonicFile = path.join(dir, "feeder.mnemonic");
  writeFileSync(mnemonicFile, DEV_MNEMONIC + "\n", { mode: 0o600 });
  const config = simulatedSources();
  const configFile = path.join(dir, "feeder-sources.json");
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return homes.map((home, i) => {
    const log = openSync(path.join(home, "feeder.log"), "a");
    const args = ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "feeder", "--validator", validators[i], "--mnemonic-file", mnemonicFile];
    args.push("--hd-path", feederHdPath(i), "--sources", configFile, "--rpc", rpcs[i]);
    const child = spawn(process.execPath, args, { stdio: ["ignore", log, log], cwd: PROJECT_ROOT });
    closeSync(log);
    return child;
  });
}
