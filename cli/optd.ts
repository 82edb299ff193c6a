#!/usr/bin/env -S node --import tsx
import { writeFileSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { OptchainApp } from "../app/app";
import { type LogFormat, consoleLogger, parseLogFormat } from "../app/logger";
import { addGenesisAccount, appDataDir, cometHome, defaultPorts, genesisPath, initHome, readNodeConfig, validateGenesisFile } from "../localnet/genesis";
import { saveStartFlags, spawnCometbft, startApp } from "../localnet/node";
import { runLocalnet } from "../localnet/run";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { FEEDER_USAGE, runFeeder } from "./feeder";
import { OPTIONS_USAGE, runOptionsCli } from "./options";
import { flag, positionals } from "./args";

const USAGE = `optd — optchain node

  optd init <moniker> --chain-id ID --home DIR [--overwrite]
                                                      a node's keys, config.toml, optd.json and a genesis with no
                                                      accounts yet; refuses a home that has any unless --overwrite
                                                      (which rewrites config and genesis and keeps the keys)
  optd genesis add-account ADDR COINS --home DIR      fund ADDR in the home's genesis (COINS like 1000uopt,5uusdc)
  optd genesis validate [FILE] [--home DIR]           run the app's InitChain checks on a genesis, start nothing
  optd start    --home DIR [--abci-only] [--resume-halt H] [--genesis FILE] [--p2p.laddr tcp://HOST:PORT]
                [--p2p.external-address HOST:PORT] [--p2p.seeds ID@HOST:PORT,…] [--p2p.persistent-peers ID@HOST:PORT,…]
                [--rpc.laddr tcp://HOST:PORT] [--address tcp://127.0.0.1:PORT] [--min-retain-blocks N]
                [--api.address tcp://HOST:PORT] [--api.enable=false]
                [--instrumentation.prometheus-listen-addr HOST:PORT] [--log-format text|json]
                                                      REST/LCD API (SDK paths) on tcp://127.0.0.1:1317 by default,
                                                      the app's Prometheus metrics at its /metrics; CometBFT's own
                                                      on 127.0.0.1:26660; app logs as text lines, or one JSON object
                                                      a line with --log-format json (not saved)
                                                      app + supervised CometBFT; Ctrl-C stops both; the flags are
                                                      saved into config.toml / optd.json and kept for later starts;
                                                      --resume-halt continues past a guardians' halt at height H
  optd export   --home DIR [--out FILE]               genesis JSON of the last committed state
  optd localnet [--validators N] [--dir DIR] [--reset] [--timeout-commit MS] [--feeders]
                                                      N validators on loopback, logs per node, status on screen
  ${FEEDER_USAGE}
  ${OPTIONS_USAGE}`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const home = flag(args, "home");
  switch (command) {
    case "init": {
      const [moniker] = positionals(args, ["overwrite"]);
      const chainId = flag(args, "chain-id");
      if (!moniker) throw new Error("optd init needs a moniker: optd init <moniker> --chain-id ID --home DIR");
      if (!chainId) throw new Error("--chain-id is required");
      if (!home) throw new Error("--home is required");
      const node = initHome(home, { moniker, chainId, ports: defaultPorts(0), overwrite: args.includes("--overwrite") });
      console.log(`initialised ${home}: node id ${node.nodeId}, validator consensus key ${node.pubkey}`);
      return;
    }
    case "genesis": {
      const [sub, ...rest] = positionals(args, []);
      if (sub === "add-account") {
        if (!home) throw new Error("--home is required");
        if (rest.length !== 2) throw new Error("usage: optd genesis add-account ADDR COINS --home DIR");
        addGenesisAccount(genesisPath(home), rest[0], rest[1]);
        console.log(`added ${rest[0]} with ${rest[1]} to ${genesisPath(home)}`);
        return;
      }
      if (sub === "validate") {
        const file = rest[0] ?? (home ? genesisPath(home) : undefined);
        if (!file) throw new Error("usage: optd genesis validate [FILE] [--home DIR]");
        const result = validateGenesisFile(file);
        console.log(`${file} is a valid genesis of ${result.chainId} with ${result.validators} validator(s)`);
        return;
      }
      throw new Error("optd genesis supports: add-account ADDR COINS --home DIR | validate [FILE] [--home DIR]");
    }
    case "start": {
      if (!home) throw new Error("--home is required");
      const resumeHalt = flag(args, "resume-halt");
      if (resumeHalt !== undefined && !/^[1-9][0-9]*$/.test(resumeHalt)) throw new Error(`--resume-halt needs a height, got ${resumeHalt}`);
      const minRetain = flag(args, "min-retain-blocks");
      if (minRetain !== undefined && !/^(0|[1-9][0-9]{0,9})$/.test(minRetain)) throw new Error(`--min-retain-blocks needs a number of blocks, got ${minRetain}`);
      // The SDK's boolean flag form, --api.enable=false, as well as --api.enable false
      const apiEnable = args.find((arg) => arg.startsWith("--api.enable="))?.slice("--api.enable=".length) ?? flag(args, "api.enable");
      if (apiEnable !== undefined && apiEnable !== "true" && apiEnable !== "false") throw new Error(`--api.enable wants true or false, got ${apiEnable}`);
      const logFormat = parseLogFormat(flag(args, "log-format") ?? "text");
      saveStartFlags(home, {
        genesis: flag(args, "genesis"),
        p2pLaddr: flag(args, "p2p.laddr"),
        externalAddress: flag(args, "p2p.external-address"),
        seeds: flag(args, "p2p.seeds"),
        persistentPeers: flag(args, "p2p.persistent-peers"),
        rpcLaddr: flag(args, "rpc.laddr"),
        address: flag(args, "address"),
        minRetainBlocks: minRetain === undefined ? undefined : Number(minRetain),
        apiAddress: flag(args, "api.address"),
        apiEnable: apiEnable === undefined ? undefined : apiEnable === "true",
        prometheusAddress: flag(args, "instrumentation.prometheus-listen-addr"),
      });
      await startNode(home, args.includes("--abci-only"), resumeHalt === undefined ? [] : [BigInt(resumeHalt)], logFormat);
      return;
    }
    case "export": {
      if (!home) throw new Error("--home is required");
      const app = new OptchainApp({ dataDir: appDataDir(home), logger: consoleLogger("export", true) });
      const config = readNodeConfig(home);
      const genesis = { chain_id: config.chain_id, initial_height: String(app.store.lastHeight + 1), app_state: app.exportGenesis() };
      app.close();
      const text = JSON.stringify(genesis, null, 2);
      const out = flag(args, "out");
      if (out) writeFileSync(out, text);
      else console.log(text);
      return;
    }
    case "localnet": {
      const validators = Number(flag(args, "validators") ?? 4);
      await runLocalnet({
        dir: path.resolve(flag(args, "dir") ?? path.join(PROJECT_ROOT, ".localnet", validators === 1 ? "single" : `net${validators}`)),
        validators,
        reset: args.includes("--reset"),
        timeoutCommitMs: Number(flag(args, "timeout-commit") ?? 300),
        feeders: args.includes("--feeders"),
      });
      return;
    }
    case "feeder": {
      await runFeeder(args);
      return;
    }
    case "tx":
    case "query": {
      const [module, ...rest] = args;
      if (module !== "options") throw new Error(`optd ${command} supports: options\n  ${OPTIONS_USAGE}`);
      await runOptionsCli(command, rest);
      return;
    }
    default:
      console.log(USAGE);
      if (command && command !== "help" && command !== "--help") process.exitCode = 2;
  }
}

/** Runs the app and, unless --abci-only, supervises CometBFT: if either dies the node stops as a whole. */
async function startNode(home: string, abciOnly: boolean, resumeHalts: bigint[], logFormat: LogFormat): Promise<void> {
  const running = await startApp(home, false, resumeHalts, logFormat);
  // In the same format as the app's lines, so a JSON log stays JSON throughout.
  const log = consoleLogger("optd", false, logFormat);
  const comet = abciOnly ? undefined : spawnCometbft(home);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (comet && comet.exitCode === null) {
      comet.kill("SIGTERM");
      await once(comet, "exit");
    }
    await running.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // A supervisor (localnet, a test) that dies without stopping its nodes must not leave them running:
  // the app follows it, and CometBFT exits when its app's connection drops.
  const supervisor = Number(process.env.OPTCHAIN_EXIT_WITH_PID ?? 0);
  if (supervisor > 0) {
    setInterval(() => {
      try {
        process.kill(supervisor, 0);
      } catch {
        void stop(0);
      }
    }, 1000).unref();
  }
  comet?.on("exit", (code, signal) => {
    if (!stopping) {
      log.error(`cometbft exited (${signal ?? code}); see ${path.join(home, "cometbft.log")}`);
      void stop(1);
    }
  });
  if (comet) log.info(`CometBFT started (home ${cometHome(home)}), log in ${path.join(home, "cometbft.log")}`);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
