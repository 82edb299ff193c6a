#!/usr/bin/env -S node --import tsx
import { writeFileSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { Command, Option } from "commander";
import { OptchainApp } from "../app/app";
import { type LogFormat, consoleLogger, parseLogFormat } from "../app/logger";
import { addGenesisAccount, addGenesisValidator, appDataDir, consensusPubkey, cometHome, defaultPorts, genesisPath, initHome, readNodeConfig, validateGenesisFile } from "../localnet/genesis";
import { saveStartFlags, spawnCometbft, startApp } from "../localnet/node";
import { runLocalnet } from "../localnet/run";
import { writeChainInfo } from "../localnet/chain-info";
import { saveStateSyncFlags } from "../localnet/statesync";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { FEEDER_USAGE, runFeeder } from "./feeder";
import { followSupervisor } from "./supervisor";
import { keysCommand } from "./keys";
import { QUERY_DESCRIPTION, queryCommand, statusCommand } from "./query";
import { TX_DESCRIPTION, txCommand } from "./tx";
import { collectGentxs, createGentx } from "./gentx";
import type { KeyringBackend } from "./keyring";
import type { UpgradeHandlers } from "../modules/upgrade/expected";
import { UPGRADE_NEEDED_EXIT_CODE } from "../modules/upgrade/info";
import { readPassphrase } from "./prompt";

/**
 * The whole `optd` command tree. Subcommands owned by other files are added here with one `.addCommand(…)` or
 * `.command(…)` line each; their logic stays in their own file. `upgradeHandlers` are the migrations this release
 * runs, by plan name (see modules/upgrade): a release's entry point passes them, and `optd start` registers them.
 */
export function optdProgram(argv: readonly string[] = process.argv.slice(2), upgradeHandlers: UpgradeHandlers = new Map()): Command {
  const program = new Command("optd")
    .description("optchain node, keyring and client")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError();

  program
    .command("init")
    .description(
      "a node's keys, config.toml, optd.json and a genesis with no accounts yet; refuses a home that has any unless " +
        "--overwrite (which rewrites config and genesis and keeps the keys)",
    )
    .argument("[moniker]", "the node's name")
    .option("--chain-id <id>", "the chain id written into the genesis")
    .option("--home <dir>", "the node's home directory")
    .option("--overwrite", "rewrite config and genesis of an existing home (the keys are kept)")
    .action((moniker: string | undefined, opts: { chainId?: string; home?: string; overwrite?: boolean }) => {
      if (!moniker) throw new Error("optd init needs a moniker: optd init <moniker> --chain-id ID --home DIR");
      if (!opts.chainId) throw new Error("--chain-id is required");
      const home = requireHome(opts);
      const node = initHome(home, { moniker, chainId: opts.chainId, ports: defaultPorts(0), overwrite: opts.overwrite === true });
      console.log(`initialised ${home}: node id ${node.nodeId}, validator consensus key ${node.pubkey}`);
    });

  const genesis = program.command("genesis").description("edit and check a genesis file");
  genesis
    .command("add-account")
    .description("fund ADDR in the home's genesis")
    .argument("<addr>", "the account's bech32 address")
    .argument("<coins>", "coins like 1000uopt,5uusdc")
    .option("--home <dir>", "the node's home directory")
    .action((addr: string, coins: string, opts: { home?: string }) => {
      const home = requireHome(opts);
      addGenesisAccount(genesisPath(home), addr, coins);
      console.log(`added ${addr} with ${coins} to ${genesisPath(home)}`);
    });
  genesis
    .command("add-validator")
    .description("bond a founding validator in the home's genesis: its operator's account self-delegates TOKENS uopt")
    .argument("<operator>", "the operator's account address (opt1…); its valoper address is derived")
    .argument("<tokens>", "the self-delegation in uopt, e.g. 100000000 (voting power = tokens / 10^6)")
    .option("--pubkey <base64>", "the validator's ed25519 consensus key as optd init printed it (default: this home's own)")
    .option("--moniker <name>", "the validator's name", "")
    .option("--home <dir>", "the node's home directory")
    .action((operator: string, tokens: string, opts: { pubkey?: string; moniker: string; home?: string }) => {
      const home = requireHome(opts);
      const pubkey = opts.pubkey ?? consensusPubkey(home);
      addGenesisValidator(genesisPath(home), { operator, tokens, pubkey, moniker: opts.moniker });
      console.log(`bonded ${tokens}uopt of ${operator} for consensus key ${pubkey} in ${genesisPath(home)} (bonded pool included); check it with optd genesis validate`);
    });
  genesis
    .command("gentx")
    .description("sign this home's MsgCreateValidator (its consensus key, KEY_NAME's account self-delegating AMOUNT) into cometbft/config/gentx/ for the coordinator")
    .argument("<key_name>", "the operator's key in the keyring; its account must be in the genesis with at least AMOUNT")
    .argument("<amount>", "the self-delegation, e.g. 100000000uopt")
    .requiredOption("--chain-id <id>", "the chain id the gentx is signed for")
    .option("--home <dir>", "the node's home directory")
    .option("--moniker <name>", "the validator's name (default: the home's moniker)")
    .option("--commission-rate <dec>", "initial commission rate", "0.1")
    .option("--commission-max-rate <dec>", "maximum commission rate", "0.2")
    .option("--commission-max-change-rate <dec>", "maximum commission change per day", "0.01")
    .option("--min-self-delegation <n>", "minimum self-delegation in uopt", "1")
    .option("--ip <host>", "the address peers dial this node on (the memo <node id>@<ip>:<p2p port>)", "127.0.0.1")
    .addOption(new Option("--keyring-backend <backend>", "where the key is: file (encrypted) or test (plain text)").choices(["file", "test"]).default("file"))
    .action(async (keyName: string, amount: string, opts: { chainId: string; home?: string; moniker?: string; commissionRate: string; commissionMaxRate: string; commissionMaxChangeRate: string; minSelfDelegation: string; ip: string; keyringBackend: KeyringBackend }) => {
      const file = await createGentx({
        home: requireHome(opts),
        keyName,
        amount,
        chainId: opts.chainId,
        keyringBackend: opts.keyringBackend,
        passphrase: () => readPassphrase(`Passphrase of the keyring (key ${keyName})`),
        moniker: opts.moniker,
        commissionRate: opts.commissionRate,
        commissionMaxRate: opts.commissionMaxRate,
        commissionMaxChangeRate: opts.commissionMaxChangeRate,
        minSelfDelegation: opts.minSelfDelegation,
        ip: opts.ip,
      });
      console.log(`wrote ${file}; send it to the coordinator (optd genesis collect-gentxs)`);
    });
  genesis
    .command("collect-gentxs")
    .description("put every gentx (by file name) into the home's genesis after checking the chain starts with them; sets persistent_peers from their memos")
    .option("--home <dir>", "the node's home directory")
    .option("--gentx-dir <dir>", "where the gentx files are (default: <home>/cometbft/config/gentx)")
    .action((opts: { home?: string; gentxDir?: string }) => {
      const home = requireHome(opts);
      const { files, peers } = collectGentxs(home, opts.gentxDir);
      console.log(`collected ${files.length} gentx(s) into ${genesisPath(home)}; persistent_peers = "${peers}"`);
    });
  genesis
    .command("validate")
    .description("run the app's InitChain checks on a genesis, start nothing")
    .argument("[file]", "the genesis file (default: the home's)")
    .option("--home <dir>", "the node's home directory")
    .action((fileArg: string | undefined, opts: { home?: string }) => {
      const file = fileArg ?? (opts.home ? genesisPath(opts.home) : undefined);
      if (!file) throw new Error("usage: optd genesis validate [FILE] [--home DIR]");
      const result = validateGenesisFile(file);
      console.log(`${file} is a valid genesis of ${result.chainId} with ${result.validators} validator(s)`);
    });

  program
    .command("start")
    .description(
      "the app and a supervised CometBFT; Ctrl-C stops both. The flags are saved into config.toml / optd.json and kept " +
        "for later starts. REST/LCD API (SDK paths) on tcp://127.0.0.1:1317 by default, the app's Prometheus metrics at " +
        "its /metrics, CometBFT's own on 127.0.0.1:26660",
    )
    .option("--home <dir>", "the node's home directory")
    .option("--abci-only", "run the app only; CometBFT is started by someone else")
    .option("--resume-halt <height>", "continue past a guardians' halt at this height")
    .option("--genesis <file>", "the network's genesis file")
    .option("--p2p.laddr <url>", "P2P listen address, tcp://HOST:PORT")
    .option("--p2p.external-address <hostport>", "the address peers are told to dial, HOST:PORT")
    .option("--p2p.seeds <list>", "ID@HOST:PORT,…")
    .option("--p2p.persistent-peers <list>", "ID@HOST:PORT,…")
    .option("--rpc.laddr <url>", "CometBFT RPC listen address, tcp://HOST:PORT")
    .option("--address <url>", "the app's ABCI listen address, tcp://127.0.0.1:PORT")
    .option("--min-retain-blocks <n>", "keep only the last N blocks (0: all)")
    .option("--pruning <strategy>", "app state versions kept: nothing (all), default, everything (2) or keep-recent=N")
    .option("--api.address <url>", "REST API listen address, tcp://HOST:PORT")
    .option("--api.enable <bool>", "serve the REST API: true or false (also --api.enable=false)")
    .option("--grpc.address <url>", "gRPC API listen address (with server reflection), tcp://HOST:PORT; default tcp://127.0.0.1:9090")
    .option("--grpc.enable <bool>", "serve the gRPC API: true or false (also --grpc.enable=false)")
    .option("--instrumentation.prometheus-listen-addr <hostport>", "CometBFT's Prometheus listen address, HOST:PORT")
    .option("--oracle.sidecar <url>", "the price sidecar (optd feeder sidecar) ExtendVote's prices come from, http://127.0.0.1:PORT; \"\" for none (the validator abstains)")
    .option("--state-sync.snapshot-interval <n>", "serve state sync: a snapshot every N blocks (0: none, the default)")
    .option("--state-sync.snapshot-keep-recent <n>", "snapshots kept (default 2; 0: all)")
    .option("--state-sync", "join from a peer's snapshot instead of replaying from genesis (a node with no state yet)")
    .option("--rpc-servers <list>", "with --state-sync: two RPC servers for the light client, http://HOST:PORT,http://HOST:PORT")
    .option("--trust-height <h>", "with --state-sync: a trusted block height (default: the first RPC server's latest)")
    .option("--trust-hash <hash>", "with --state-sync: that block's hash")
    .addOption(new Option("--log-format <format>", "app logs as text lines, or one JSON object a line (not saved)").default("text"))
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const str = (name: string) => opts[name] as string | undefined;
      const home = requireHome({ home: str("home") });
      const resumeHalt = str("resumeHalt");
      if (resumeHalt !== undefined && !/^[1-9][0-9]*$/.test(resumeHalt)) throw new Error(`--resume-halt needs a height, got ${resumeHalt}`);
      const minRetain = str("minRetainBlocks");
      if (minRetain !== undefined && !/^(0|[1-9][0-9]{0,9})$/.test(minRetain)) throw new Error(`--min-retain-blocks needs a number of blocks, got ${minRetain}`);
      const apiEnable = str("api.enable");
      if (apiEnable !== undefined && apiEnable !== "true" && apiEnable !== "false") throw new Error(`--api.enable wants true or false, got ${apiEnable}`);
      const grpcEnable = str("grpc.enable");
      if (grpcEnable !== undefined && grpcEnable !== "true" && grpcEnable !== "false") throw new Error(`--grpc.enable wants true or false, got ${grpcEnable}`);
      const logFormat = parseLogFormat(str("logFormat") ?? "text");
      saveStartFlags(home, {
        genesis: str("genesis"),
        p2pLaddr: str("p2p.laddr"),
        externalAddress: str("p2p.externalAddress"),
        seeds: str("p2p.seeds"),
        persistentPeers: str("p2p.persistentPeers"),
        rpcLaddr: str("rpc.laddr"),
        address: str("address"),
        minRetainBlocks: minRetain === undefined ? undefined : Number(minRetain),
        pruning: str("pruning"),
        apiAddress: str("api.address"),
        apiEnable: apiEnable === undefined ? undefined : apiEnable === "true",
        grpcAddress: str("grpc.address"),
        grpcEnable: grpcEnable === undefined ? undefined : grpcEnable === "true",
        prometheusAddress: str("instrumentation.prometheusListenAddr"),
        oracleSidecar: str("oracle.sidecar"),
      });
      const stateSync = await saveStateSyncFlags(home, {
        snapshotInterval: str("stateSync.snapshotInterval"),
        snapshotKeepRecent: str("stateSync.snapshotKeepRecent"),
        stateSync: opts.stateSync === true,
        rpcServers: str("rpcServers"),
        trustHeight: str("trustHeight"),
        trustHash: str("trustHash"),
      });
      for (const line of stateSync) consoleLogger("optd", false, logFormat).info(line);
      await startNode(home, opts.abciOnly === true, resumeHalt === undefined ? [] : [BigInt(resumeHalt)], logFormat, upgradeHandlers);
    });

  program
    .command("export")
    .description("genesis JSON of the last committed state")
    .option("--home <dir>", "the node's home directory")
    .option("--out <file>", "write to this file instead of stdout")
    .action((opts: { home?: string; out?: string }) => {
      const home = requireHome(opts);
      const app = new OptchainApp({ dataDir: appDataDir(home), logger: consoleLogger("export", true) });
      const config = readNodeConfig(home);
      const exported = { chain_id: config.chain_id, initial_height: String(app.store.lastHeight + 1), app_state: app.exportGenesis() };
      app.close();
      const text = JSON.stringify(exported, null, 2);
      if (opts.out) writeFileSync(opts.out, text);
      else console.log(text);
    });

  program
    .command("chain-info")
    .description("write chain-registry chain.json and assetlist.json and Keplr's ChainInfo (keplr-chain-info.json) from the home's genesis")
    .option("--home <dir>", "the node's home directory")
    .option("--out <dir>", "where to write the files", ".")
    .action((opts: { home?: string; out: string }) => {
      for (const file of writeChainInfo(requireHome(opts), path.resolve(opts.out))) console.log(`wrote ${file}`);
    });

  program
    .command("localnet")
    .description("N validators on loopback, logs per node, status on screen")
    .option("--validators <n>", "how many validators", "4")
    .option("--dir <dir>", "where the nodes' homes go (default .localnet/single or .localnet/netN)")
    .option("--reset", "start from a fresh genesis")
    .option("--timeout-commit <ms>", "CometBFT's timeout_commit", "300")
    .option("--feeders", "prices by commit-reveal txs, with one price feeder per validator on simulated prices (default: vote extensions)")
    .option("--netns", "each validator on its own host: a Linux network namespace and address on a bridge (root; removed on exit; implies --reset)")
    .action(async (opts: { validators: string; dir?: string; reset?: boolean; timeoutCommit: string; feeders?: boolean; netns?: boolean }) => {
      const validators = Number(opts.validators);
      await runLocalnet({
        dir: path.resolve(opts.dir ?? path.join(PROJECT_ROOT, ".localnet", validators === 1 ? "single" : `net${validators}`)),
        validators,
        reset: opts.reset === true,
        timeoutCommitMs: Number(opts.timeoutCommit),
        feeders: opts.feeders === true,
        netns: opts.netns === true,
      });
    });

  passThrough(program, "feeder", `one validator's price feeder\n  ${FEEDER_USAGE}`, (args) => runFeeder(args));

  program.addCommand(keysCommand());
  // The tx and query trees are built from the app's modules, which costs opening the app on a scratch store:
  // only when they are what is being run.
  const first = argv.find((arg) => !arg.startsWith("-"));
  if (first === "tx" || first === "query" || first === "q" || first === "help") {
    program.addCommand(txCommand()).addCommand(queryCommand());
  } else {
    program.command("tx").description(TX_DESCRIPTION);
    program.command("query").alias("q").description(QUERY_DESCRIPTION);
  }
  program.addCommand(statusCommand());

  return program;
}

/** A subcommand that hands its raw arguments to a runner parsing them itself. */
function passThrough(parent: Command, name: string, description: string, run: (args: string[]) => Promise<void>): Command {
  return parent
    .command(name)
    .summary(description.split("\n")[0])
    .description(description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]")
    .action(async (args: string[]) => {
      if (args.includes("--help") || args.includes("-h")) return console.log(description);
      await run(args);
    });
}

function requireHome(opts: { home?: string }): string {
  if (!opts.home) throw new Error("--home is required");
  return opts.home;
}

/** Runs the app and, unless --abci-only, supervises CometBFT: if either dies the node stops as a whole. */
async function startNode(home: string, abciOnly: boolean, resumeHalts: bigint[], logFormat: LogFormat, upgradeHandlers: UpgradeHandlers): Promise<void> {
  const running = await startApp(home, false, resumeHalts, logFormat, upgradeHandlers);
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
    process.exit(running.upgradeNeeded ? UPGRADE_NEEDED_EXIT_CODE : code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // The app follows a supervisor that dies without stopping it; CometBFT exits when its app's connection drops.
  followSupervisor(() => void stop(0));
  comet?.on("exit", (code, signal) => {
    if (!stopping) {
      log.error(`cometbft exited (${signal ?? code}); see ${path.join(home, "cometbft.log")}`);
      void stop(1);
    }
  });
  if (comet) log.info(`CometBFT started (home ${cometHome(home)}), log in ${path.join(home, "cometbft.log")}`);
}

if (require.main === module) {
  optdProgram()
    .parseAsync(process.argv)
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
