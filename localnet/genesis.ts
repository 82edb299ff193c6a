import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { accAddressBytes, toAccAddress, toValoper, valoperBytes } from "../app/address";
import { OptchainApp } from "../app/app";
import { parseCoins } from "../app/coins";
import { COLLATERAL_DENOM, DEFAULT_CHAIN_ID, STAKE_DENOM } from "../app/config";
import { ErrInvalidCoins } from "../app/errors";
import { BONDED_POOL_ADDRESS } from "../modules/staking/keeper";
import { DEV_ACCOUNT_BALANCE, DEV_ACCOUNT_COUNT, devWallet } from "../client";
import { cometbft } from "./cometbft";
import { setToml } from "./toml";
import { type ApiConfig, DEFAULT_API_PORT } from "../app/api/config";
import { DEFAULT_DENOM_METADATA } from "../modules/bank/metadata";
import { DEFAULT_GRPC_PORT } from "../app/api/config";
import type { FeederConfig } from "../client/feeder/sources";
import { feederAddresses, localnetOracleGenesis, simulatedSources } from "./feeders";
import { localnetOptionsGenesis, optionsModuleBalance } from "./options";
import { localnetGovernanceGenesis } from "./governance";

export interface NodePorts {
  p2p: number;
  rpc: number;
  abci: number;
  /** the REST API's (absent in homes made before it: 1317) */
  api?: number;
  /** the gRPC API's (absent in homes made before it: gRPC off, so older localnets' nodes do not all claim 9090) */
  grpc?: number;
  /** CometBFT's Prometheus metrics (absent in homes made before it: 26660) */
  prometheus?: number;
  /** The localnet's price sidecar (`optd feeder sidecar`) beside the node (absent in homes made before it: none) */
  sidecar?: number;
}

/** What `optd start` needs to know about a node home; written by init, read at every start. */
export interface NodeConfig {
  chain_id: string;
  moniker: string;
  ports: NodePorts;
  /** versions kept for historical queries (0 = all) */
  keep_recent: number;
  /** blocks CometBFT keeps (Commit's retain_height; 0 or absent = all) */
  min_retain_blocks?: number;
  /** state sync: a snapshot every N blocks (0 or absent = none), keeping the last K (absent = 2, 0 = all) */
  snapshot_interval?: number;
  snapshot_keep_recent?: number;
  /** app.toml's [api] as set by `optd start --api.*`; absent = on, at 127.0.0.1 and ports.api */
  api?: ApiConfig;
  /** app.toml's [grpc] as set by `optd start --grpc.*`; absent = on at 127.0.0.1 and ports.grpc (off without one) */
  grpc?: ApiConfig;
  /** The price sidecar the app asks for its vote extensions (`optd start --oracle.sidecar`), http://HOST:PORT; absent = abstain */
  oracle_sidecar?: string;
  /** The address p2p, RPC, ABCI and the APIs listen on (absent = 127.0.0.1): the node's own host in a multi-host net */
  host?: string;
  /** The Linux network namespace both processes run in (`ip netns exec`), as `optd localnet --netns` makes them */
  netns?: string;
}

export interface NetworkOptions {
  dir: string;
  validators: number;
  chainId?: string;
  ports: NodePorts[];
  /** CometBFT timeout_commit; blocks come about this often when there is work. */
  timeoutCommitMs?: number;
  /** Port node `from` dials to reach node `to` (default: `to`'s own p2p port); lets a test route peers through proxies. */
  peerPort?: (from: number, to: number) => number;
  /** Node homes; default <dir>/node<i>. */
  homes?: string[];
  /** Extra app_state sections or overrides, merged over the defaults per module. */
  appState?: Record<string, unknown>;
  /**
   * consensus_params.abci.vote_extensions_enable_height: absent = LOCALNET_VE_ENABLE_HEIGHT (prices every block
   * by vote extensions), 0 = prices by commit-reveal txs only (feeders must vote).
   */
  voteExtensionsEnableHeight?: number;
  /** The sources of each validator's price sidecar, for its vote extensions (default: the shared simulated walk); unused under commit-reveal. */
  priceSources?: (index: number) => FeederConfig;
  /** consensus_params.block.max_gas (default BLOCK_MAX_GAS). */
  blockMaxGas?: bigint;
  /** Blocks between state sync snapshots each node takes (default LOCALNET_SNAPSHOT_INTERVAL; 0 = none). */
  snapshotInterval?: number;
  /** Node i's own address (default 127.0.0.1 for all), and the network namespace it runs in: see localnet/netns.ts. */
  hosts?: string[];
  netns?: string[];
}

/** Localnet nodes serve a state sync snapshot every this many blocks and keep two, so a new node can join quickly. */
export const LOCALNET_SNAPSHOT_INTERVAL = 10;

/** The localnet's first height whose precommits carry prices: block 3 is the first to tally them. */
export const LOCALNET_VE_ENABLE_HEIGHT = 2;
/** The config of a localnet node's price sidecar, in its home. */
export const PRICE_SOURCES_FILE = "price-sources.json";

export const VALIDATOR_TOKENS = 100_000_000n;
/**
 * consensus_params.block.max_gas: the sum of gas_wanted a block may hold (ProcessProposal rejects more), so a
 * proposer cannot make a block arbitrarily costly to execute. 2,000 transfers at the wallets' 200,000 gas each.
 */
export const BLOCK_MAX_GAS = 400_000_000n;

export const nodeHome = (dir: string, index: number) => path.join(dir, `node${index}`);
export const cometHome = (home: string) => path.join(home, "cometbft");
export const appDataDir = (home: string) => path.join(home, "app");
export const nodeConfigPath = (home: string) => path.join(home, "optd.json");
export const cometConfigDir = (home: string) => path.join(cometHome(home), "config");
export const cometConfigPath = (home: string) => path.join(cometConfigDir(home), "config.toml");

export function readNodeConfig(home: string): NodeConfig {
  return JSON.parse(readFileSync(nodeConfigPath(home), "utf8")) as NodeConfig;
}

export function isInitialised(dir: string, validators: number): boolean {
  return Array.from({ length: validators }, (_, i) => existsSync(nodeConfigPath(nodeHome(dir, i)))).every(Boolean);
}

export interface InitOptions {
  moniker: string;
  chainId: string;
  ports: NodePorts;
  /** Rewrite the config and genesis of an existing home; its keys are kept. */
  overwrite?: boolean;
}

/**
 * `optd init`: a node's keys (CometBFT node key and validator key), config.toml, optd.json, app data directory
 * and, as `simd init` writes one, a genesis with the chain id and no accounts or validators yet. A home that
 * already holds any of these is refused unless `overwrite`, and even then keys are never replaced: a replaced
 * validator key cannot be recovered, so the validator it was registered for could never sign again. CometBFT's
 * signing state (data/priv_validator_state.json, which stops a key signing twice at one height) stays too.
 */
export function initHome(home: string, options: InitOptions): { nodeId: string; pubkey: string; address: string } {
  const config = cometConfigDir(home);
  const keyFiles = ["priv_validator_key.json", "node_key.json"].map((file) => path.join(config, file));
  const replaced = [cometConfigPath(home), path.join(config, "genesis.json"), nodeConfigPath(home)];
  const found = [...keyFiles, ...replaced].filter((file) => existsSync(file));
  if (found.length > 0 && !options.overwrite) {
    throw new Error(`${home} already holds a node (${found.join(", ")}); pass --overwrite to rewrite its config and genesis (its keys are kept)`);
  }
  // cometbft init writes only the files that are missing: drop the ones to rewrite, keep the keys.
  for (const file of replaced) rmSync(file, { force: true });
  mkdirSync(appDataDir(home), { recursive: true });
  cometbft(["init", "--home", cometHome(home)]);

  const genesisFile = path.join(config, "genesis.json");
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  genesis.chain_id = options.chainId;
  genesis.initial_height = "1";
  genesis.consensus_params.block.max_gas = BLOCK_MAX_GAS.toString();
  // The app's InitChain answers the validator set from app_state.staking; CometBFT takes it from there.
  genesis.validators = [];
  genesis.app_state = {};
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));

  let toml = readFileSync(cometConfigPath(home), "utf8");
  const settings: Array<[string, string, string | boolean]> = [
    ["", "moniker", options.moniker],
    ["", "proxy_app", `tcp://127.0.0.1:${options.ports.abci}`],
    ["rpc", "laddr", `tcp://127.0.0.1:${options.ports.rpc}`],
    ["p2p", "laddr", `tcp://0.0.0.0:${options.ports.p2p}`],
    // Operators scrape consensus metrics (rounds, peers, mempool) beside the app's /metrics; loopback like the RPC.
    ["instrumentation", "prometheus", true],
    ["instrumentation", "prometheus_listen_addr", `127.0.0.1:${options.ports.prometheus ?? DEFAULT_PROMETHEUS_PORT}`],
  ];
  for (const [section, key, value] of settings) toml = setToml(toml, section, key, value);
  writeFileSync(cometConfigPath(home), toml);
  const nodeConfig: NodeConfig = { chain_id: options.chainId, moniker: options.moniker, ports: options.ports, keep_recent: 0 };
  writeFileSync(nodeConfigPath(home), JSON.stringify(nodeConfig, null, 2));

  const key = JSON.parse(readFileSync(keyFiles[0], "utf8"));
  return { nodeId: cometbft(["show-node-id", "--home", cometHome(home)]).trim(), pubkey: key.pub_key.value, address: key.address };
}

/** The node's own ed25519 consensus public key (base64), from CometBFT's priv_validator_key.json. */
export function consensusPubkey(home: string): string {
  return JSON.parse(readFileSync(path.join(cometConfigDir(home), "priv_validator_key.json"), "utf8")).pub_key.value;
}

/** The genesis a node starts from: config.toml's genesis_file, relative to CometBFT's home unless absolute. */
export function genesisPath(home: string): string {
  const file = parse(readFileSync(cometConfigPath(home), "utf8")).genesis_file;
  return path.resolve(cometHome(home), typeof file === "string" && file !== "" ? file : "config/genesis.json");
}

/** `optd genesis add-account`: a balance for an address not yet in the genesis, coins as "1000uopt,5uusdc". */
export function addGenesisAccount(genesisFile: string, address: string, coinsText: string): void {
  const bytes = Buffer.from(accAddressBytes(address));
  const parts = coinsText.split(",").map((part) => /^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]*)$/.exec(part.trim()));
  if (parts.some((part) => part === null)) throw ErrInvalidCoins.wrap(`"${coinsText}" is not a coin list like 1000uopt,5uusdc`);
  const coins = parseCoins(
    parts.map((part) => ({ denom: part![2], amount: part![1] })).sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0)),
  );
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  const appState = (genesis.app_state ??= {});
  const bank = (appState.bank ??= {});
  const balances: Array<{ address: string; coins: unknown }> = (bank.balances ??= []);
  if (balances.some((entry) => bytes.equals(accAddressBytes(entry.address)))) throw new Error(`${address} is already in ${genesisFile}`);
  balances.push({ address, coins: coins.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() })) });
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));
}

/**
 * `optd genesis add-validator`: a validator bonded from genesis, as a network's coordinator lists each founding
 * validator from the consensus key its operator sends (printed by `optd init`). The tokens are its self-delegation
 * by the operator's account and sit in the bonded pool, as the staking module's genesis expects.
 */
export function addGenesisValidator(genesisFile: string, validator: { operator: string; tokens: string; pubkey: string; moniker: string }): void {
  const operatorBytes = Buffer.from(accAddressBytes(validator.operator));
  if (!/^[1-9][0-9]{0,30}$/.test(validator.tokens)) throw new Error(`tokens must be a positive whole number of ${STAKE_DENOM}, got "${validator.tokens}"`);
  const pubkey = Buffer.from(validator.pubkey, "base64");
  // base64 decoding skips what it cannot read: only the canonical spelling of exactly 32 bytes names a key
  if (pubkey.length !== 32 || pubkey.toString("base64") !== validator.pubkey) throw new Error(`--pubkey must be the 32-byte ed25519 consensus key in base64 (optd init prints it), got "${validator.pubkey}"`);
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  const appState = (genesis.app_state ??= {});
  const staking = (appState.staking ??= {});
  const validators: Array<{ operator_address: string; moniker: string; consensus_pubkey: string; tokens: string; jailed: boolean }> = (staking.validators ??= []);
  const operator = toValoper(operatorBytes);
  if (validators.some((entry) => operatorBytes.equals(valoperBytes(entry.operator_address)))) throw new Error(`${operator} is already a validator in ${genesisFile}`);
  if (validators.some((entry) => pubkey.equals(Buffer.from(entry.consensus_pubkey, "base64")))) throw new Error(`consensus key ${validator.pubkey} already belongs to a validator in ${genesisFile}`);
  validators.push({ operator_address: operator, moniker: validator.moniker, consensus_pubkey: validator.pubkey, tokens: validator.tokens, jailed: false });
  const balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }> = ((appState.bank ??= {}).balances ??= []);
  const poolBytes = Buffer.from(BONDED_POOL_ADDRESS);
  let pool = balances.find((entry) => poolBytes.equals(accAddressBytes(entry.address)));
  if (!pool) balances.push((pool = { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [] }));
  const bonded = pool.coins.find((coin) => coin.denom === STAKE_DENOM);
  if (bonded) bonded.amount = (BigInt(bonded.amount) + BigInt(validator.tokens)).toString();
  else pool.coins = [...pool.coins, { denom: STAKE_DENOM, amount: validator.tokens }].sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0));
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));
}

/**
 * `optd genesis validate`: the app's own InitChain on the genesis, in a scratch store that is thrown away, so
 * a genesis passes exactly when a chain could start from it. Returns the chain id and validator count.
 */
export function validateGenesisFile(genesisFile: string): { chainId: string; validators: number } {
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  if (typeof genesis.chain_id !== "string" || genesis.chain_id === "") throw new Error(`${genesisFile} has no chain_id`);
  const millis = Date.parse(genesis.genesis_time);
  if (!Number.isFinite(millis)) throw new Error(`${genesisFile}: genesis_time "${genesis.genesis_time}" is not a time`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "optd-validate-"));
  const app = new OptchainApp({ dataDir, logger: { info: () => undefined, error: () => undefined } });
  try {
    const response = app.initChain({
      chainId: genesis.chain_id,
      time: { seconds: BigInt(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1_000_000 },
      initialHeight: BigInt(genesis.initial_height ?? "1"),
      consensusParams: { block: { maxBytes: 0n, maxGas: BigInt(genesis.consensus_params?.block?.max_gas ?? "-1") } },
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(genesis.app_state ?? {})),
    });
    return { chainId: genesis.chain_id, validators: response.validators.length };
  } finally {
    app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes N node homes sharing one genesis: validators i = dev account i, peers wired to each other on loopback. */
export async function buildNetwork(options: NetworkOptions): Promise<void> {
  const chainId = options.chainId ?? DEFAULT_CHAIN_ID;
  rmSync(options.dir, { recursive: true, force: true });
  const nodes = Array.from({ length: options.validators }, (_, i) => {
    const home = options.homes?.[i] ?? nodeHome(options.dir, i);
    return { home, ...initHome(home, { moniker: `validator-${i}`, chainId, ports: options.ports[i] }) };
  });

  const accounts = (await (await devWallet(Math.max(DEV_ACCOUNT_COUNT, options.validators))).getAccounts()).map((a) => a.address);
  const validators = nodes.map((node, i) => ({
    operator_address: toValoper(accAddressBytes(accounts[i])),
    moniker: `validator-${i}`,
    consensus_pubkey: node.pubkey,
    tokens: VALIDATOR_TOKENS.toString(),
    jailed: false,
  }));
  const balances = accounts.map((address) => ({
    address,
    coins: [
      { denom: STAKE_DENOM, amount: DEV_ACCOUNT_BALANCE.toString() },
      { denom: COLLATERAL_DENOM, amount: DEV_ACCOUNT_BALANCE.toString() },
    ].sort((a, b) => (a.denom < b.denom ? -1 : 1)),
  }));
  balances.push({
    address: toAccAddress(BONDED_POOL_ADDRESS),
    coins: [{ denom: STAKE_DENOM, amount: (VALIDATOR_TOKENS * BigInt(options.validators)).toString() }],
  });
  const feeders = await feederAddresses(options.validators);
  balances.push(optionsModuleBalance());
  const genesisTime = new Date();
  const defaults: Record<string, Record<string, unknown>> = {
    auth: { accounts: [] },
    bank: { balances, denom_metadata: DEFAULT_DENOM_METADATA },
    staking: { validators },
    ...localnetOracleGenesis(validators.map((validator) => validator.operator_address), feeders),
    options: localnetOptionsGenesis(accounts[0], Math.floor(genesisTime.getTime() / 1000)),
    ...localnetGovernanceGenesis(accounts),
  };
  const appState: Record<string, unknown> = { ...defaults };
  for (const [module, section] of Object.entries(options.appState ?? {})) {
    appState[module] = { ...(defaults[module] ?? {}), ...(section as Record<string, unknown>) };
  }

  const genesis = JSON.parse(readFileSync(path.join(cometConfigDir(nodes[0].home), "genesis.json"), "utf8"));
  genesis.genesis_time = genesisTime.toISOString();
  genesis.validators = nodes.map((node, i) => ({
    address: node.address,
    pub_key: { type: "tendermint/PubKeyEd25519", value: node.pubkey },
    power: (VALIDATOR_TOKENS / 1_000_000n).toString(),
    name: `validator-${i}`,
  }));
  genesis.app_state = appState;
  if (options.blockMaxGas !== undefined) genesis.consensus_params.block.max_gas = options.blockMaxGas.toString();
  const enableHeight = options.voteExtensionsEnableHeight ?? LOCALNET_VE_ENABLE_HEIGHT;
  if (enableHeight > 0) genesis.consensus_params.abci = { ...genesis.consensus_params.abci, vote_extensions_enable_height: String(enableHeight) };
  const genesisText = JSON.stringify(genesis, null, 2);

  const timeoutCommit = `${options.timeoutCommitMs ?? 300}ms`;
  nodes.forEach((node, i) => {
    writeFileSync(path.join(cometConfigDir(node.home), "genesis.json"), genesisText);
    if (enableHeight > 0) setPriceSources(node.home, options.priceSources?.(i) ?? simulatedSources(), options.hosts?.[i]);
    let toml = readFileSync(cometConfigPath(node.home), "utf8");
    const peers = nodes
      .map((peer, j) => (j === i ? undefined : `${peer.nodeId}@${options.hosts?.[j] ?? "127.0.0.1"}:${options.peerPort?.(i, j) ?? options.ports[j].p2p}`))
      .filter(Boolean)
      .join(",");
    const settings: Array<[string, string, string | number | boolean]> = [
      ["", "log_level", "main:info,state:info,consensus:error,p2p:error,*:error"],
      ["rpc", "max_body_bytes", 10_000_000],
      ["rpc", "max_request_batch_size", 100],
      ["rpc", "timeout_broadcast_tx_commit", "30s"],
      ["p2p", "laddr", `tcp://127.0.0.1:${options.ports[i].p2p}`],
      ["p2p", "persistent_peers", peers],
      ["p2p", "addr_book_strict", false],
      ["p2p", "allow_duplicate_ip", true],
      // With routed peers, peer exchange would teach nodes the direct addresses the routing is meant to replace.
      ["p2p", "pex", options.validators > 1 && !options.peerPort],
      ["mempool", "size", 50_000],
      ["mempool", "max_txs_bytes", 1_073_741_824],
      ["mempool", "cache_size", 100_000],
      ["consensus", "timeout_propose", "1s"],
      ["consensus", "timeout_prevote", "200ms"],
      ["consensus", "timeout_precommit", "200ms"],
      ["consensus", "timeout_commit", timeoutCommit],
      ["consensus", "peer_gossip_sleep_duration", "20ms"],
      ["tx_index", "indexer", "kv"],
      ...hostSettings(options.hosts?.[i], options.ports[i]),
    ];
    for (const [section, key, value] of settings) toml = setToml(toml, section, key, value);
    writeFileSync(cometConfigPath(node.home), toml);
    const snapshots = { snapshot_interval: options.snapshotInterval ?? LOCALNET_SNAPSHOT_INTERVAL, snapshot_keep_recent: 2 };
    const placement = { host: options.hosts?.[i], netns: options.netns?.[i] };
    writeFileSync(nodeConfigPath(node.home), JSON.stringify({ ...readNodeConfig(node.home), ...snapshots, ...placement }, null, 2));
  });
}

/**
 * A node on its own address, as on its own machine: every listener there instead of loopback, and the address
 * it tells peers (external_address) is that one too.
 */
function hostSettings(host: string | undefined, ports: NodePorts): Array<[string, string, string]> {
  if (host === undefined) return [];
  return [
    ["", "proxy_app", `tcp://${host}:${ports.abci}`],
    ["rpc", "laddr", `tcp://${host}:${ports.rpc}`],
    ["p2p", "laddr", `tcp://${host}:${ports.p2p}`],
    ["p2p", "external_address", `${host}:${ports.p2p}`],
    // a host back on the network is redialled within seconds, not after CometBFT's unbounded backoff
    ["p2p", "persistent_peers_max_dial_period", "3s"],
    ["instrumentation", "prometheus_listen_addr", `${host}:${ports.prometheus ?? DEFAULT_PROMETHEUS_PORT}`],
  ];
}

/** The node's price sidecar polls these sources on its home's sidecar port, and its app asks it (both read when they start). */
export function setPriceSources(home: string, config: FeederConfig, host?: string): void {
  const nodeConfig = readNodeConfig(home);
  if (nodeConfig.ports.sidecar === undefined) throw new Error(`${nodeConfigPath(home)} has no sidecar port: a home made before sidecars (rebuild it with --reset)`);
  writeFileSync(path.join(home, PRICE_SOURCES_FILE), JSON.stringify(config, null, 2));
  const sidecarUrl = `http://${host ?? nodeConfig.host ?? "127.0.0.1"}:${nodeConfig.ports.sidecar}`;
  if (nodeConfig.oracle_sidecar !== sidecarUrl) writeFileSync(nodeConfigPath(home), JSON.stringify({ ...nodeConfig, oracle_sidecar: sidecarUrl }, null, 2));
}

/** CometBFT's own default prometheus_listen_addr port. */
export const DEFAULT_PROMETHEUS_PORT = 26660;

/**
 * Node i of a localnet: ports spaced by 10 from CometBFT's defaults, so node 0 of any net is 26656/26657/26658
 * with Prometheus on 26660, its REST API on the SDK's 1317 and gRPC on 9090.
 */
export function defaultPorts(index: number, base = 26656): NodePorts {
  const comet = base + 10 * index;
  return { p2p: comet, rpc: comet + 1, abci: comet + 2, prometheus: comet + 4, sidecar: comet + 5, api: DEFAULT_API_PORT + 10 * index, grpc: DEFAULT_GRPC_PORT + 10 * index };
}
