import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { accAddressBytes, toAccAddress, toValoper } from "../app/address";
import { COLLATERAL_DENOM, DEFAULT_CHAIN_ID, STAKE_DENOM } from "../app/config";
import { BONDED_POOL_ADDRESS } from "../modules/staking/keeper";
import { DEV_ACCOUNT_BALANCE, DEV_ACCOUNT_COUNT, devWallet } from "../client";
import { cometbft } from "./cometbft";
import { setToml } from "./toml";
import { feederAddresses, localnetOracleGenesis } from "./feeders";
import { localnetOptionsGenesis, optionsModuleBalance } from "./options";
import { localnetGovernanceGenesis } from "./governance";

export interface NodePorts {
  p2p: number;
  rpc: number;
  abci: number;
}

/** What `optd start` needs to know about a node home; written by init, read at every start. */
export interface NodeConfig {
  chain_id: string;
  moniker: string;
  ports: NodePorts;
  /** versions kept for historical queries (0 = all) */
  keep_recent: number;
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
}

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

export function readNodeConfig(home: string): NodeConfig {
  return JSON.parse(readFileSync(nodeConfigPath(home), "utf8")) as NodeConfig;
}

export function isInitialised(dir: string, validators: number): boolean {
  return Array.from({ length: validators }, (_, i) => existsSync(nodeConfigPath(nodeHome(dir, i)))).every(Boolean);
}

/** Writes N node homes sharing one genesis: validators i = dev account i, peers wired to each other on loopback. */
export async function buildNetwork(options: NetworkOptions): Promise<void> {
  const chainId = options.chainId ?? DEFAULT_CHAIN_ID;
  rmSync(options.dir, { recursive: true, force: true });
  const nodes: Array<{ home: string; nodeId: string; pubkey: string; address: string }> = [];
  for (let i = 0; i < options.validators; i++) {
    const home = options.homes?.[i] ?? nodeHome(options.dir, i);
    mkdirSync(appDataDir(home), { recursive: true });
    cometbft(["init", "--home", cometHome(home)]);
    const nodeId = cometbft(["show-node-id", "--home", cometHome(home)]).trim();
    const key = JSON.parse(readFileSync(path.join(cometHome(home), "config", "priv_validator_key.json"), "utf8"));
    nodes.push({ home, nodeId, pubkey: key.pub_key.value, address: key.address });
  }

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
    bank: { balances },
    staking: { validators },
    ...localnetOracleGenesis(validators.map((validator) => validator.operator_address), feeders),
    options: localnetOptionsGenesis(accounts[0], Math.floor(genesisTime.getTime() / 1000)),
    ...localnetGovernanceGenesis(accounts),
  };
  const appState: Record<string, unknown> = { ...defaults };
  for (const [module, section] of Object.entries(options.appState ?? {})) {
    appState[module] = { ...(defaults[module] ?? {}), ...(section as Record<string, unknown>) };
  }

  const genesis = JSON.parse(readFileSync(path.join(cometHome(nodes[0].home), "config", "genesis.json"), "utf8"));
  genesis.chain_id = chainId;
  genesis.genesis_time = genesisTime.toISOString();
  genesis.initial_height = "1";
  genesis.consensus_params.block.max_gas = BLOCK_MAX_GAS.toString();
  genesis.validators = nodes.map((node, i) => ({
    address: node.address,
    pub_key: { type: "tendermint/PubKeyEd25519", value: node.pubkey },
    power: (VALIDATOR_TOKENS / 1_000_000n).toString(),
    name: `validator-${i}`,
  }));
  genesis.app_state = appState;
  const genesisText = JSON.stringify(genesis, null, 2);

  const timeoutCommit = `${options.timeoutCommitMs ?? 300}ms`;
  nodes.forEach((node, i) => {
    const ports = options.ports[i];
    writeFileSync(path.join(cometHome(node.home), "config", "genesis.json"), genesisText);
    const configPath = path.join(cometHome(node.home), "config", "config.toml");
    let toml = readFileSync(configPath, "utf8");
    const peers = nodes
      .map((peer, j) => (j === i ? undefined : `${peer.nodeId}@127.0.0.1:${options.peerPort?.(i, j) ?? options.ports[j].p2p}`))
      .filter(Boolean)
      .join(",");
    const settings: Array<[string, string, string | number | boolean]> = [
      ["", "moniker", `validator-${i}`],
      ["", "proxy_app", `tcp://127.0.0.1:${ports.abci}`],
      ["", "log_level", "main:info,state:info,consensus:error,p2p:error,*:error"],
      ["rpc", "laddr", `tcp://127.0.0.1:${ports.rpc}`],
      ["rpc", "max_body_bytes", 10_000_000],
      ["rpc", "max_request_batch_size", 100],
      ["rpc", "timeout_broadcast_tx_commit", "30s"],
      ["p2p", "laddr", `tcp://127.0.0.1:${ports.p2p}`],
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
      ["instrumentation", "prometheus", false],
    ];
    for (const [section, key, value] of settings) toml = setToml(toml, section, key, value);
    writeFileSync(configPath, toml);
    const config: NodeConfig = { chain_id: chainId, moniker: `validator-${i}`, ports, keep_recent: 0 };
    writeFileSync(nodeConfigPath(node.home), JSON.stringify(config, null, 2));
  });
}

/** Node i of a localnet: ports spaced by 10 from CometBFT's defaults, so node 0 of any net is 26656/26657/26658. */
export function defaultPorts(index: number, base = 26656): NodePorts {
  return { p2p: base + 10 * index, rpc: base + 1 + 10 * index, abci: base + 2 + 10 * index };
}
