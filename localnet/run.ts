import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { accAddressBytes, toValoper } from "../app/address";
import { DEV_MNEMONIC, devWallet } from "../client";
import { OracleSlashingQueries } from "../client/oracle";
import { feederAddresses, fundFeeders, startFeeders } from "./feeders";
import { PRICE_SOURCES_FILE, defaultPorts } from "./genesis";
import { Localnet } from "./network";
import { createHostNetwork } from "./netns";
import { DEFAULT_API_PORT } from "../app/api/config";

export interface RunOptions {
  dir: string;
  validators: number;
  reset: boolean;
  timeoutCommitMs: number;
  /**
   * Prices by commit-reveal txs instead of vote extensions, with one `optd feeder` per validator on simulated
   * prices to send them. Only a new (or --reset) localnet takes it: a resumed one keeps its genesis.
   */
  feeders?: boolean;
  /** Each validator in its own network namespace with its own address (localnet/netns.ts), made afresh each run. */
  netns?: boolean;
}

/** `optd localnet` / `npm start`: start every node, print how to reach them, show one status line per node until Ctrl-C. */
export async function runLocalnet(options: RunOptions): Promise<void> {
  if (!Number.isInteger(options.validators) || options.validators < 1 || options.validators > 20) {
    throw new Error("--validators must be between 1 and 20");
  }
  const ports = Array.from({ length: options.validators }, (_, i) => defaultPorts(i));
  const hosts = options.netns ? createHostNetwork(options.validators, "optln") : undefined;
  const placement = hosts ? { reset: true, hosts: hosts.hosts, netns: hosts.namespaces } : {};
  const { dir, validators, reset, timeoutCommitMs } = options;
  const localnet = await Localnet.create({ dir, validators, reset, timeoutCommitMs, ports, voteExtensionsEnableHeight: options.feeders ? 0 : undefined, ...placement });
  let stopping = false;
  let feeders: ChildProcess[] = [];
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("\nstopping every node…\n");
    await Promise.all(feeders.filter((child) => child.exitCode === null).map((child) => (child.kill("SIGTERM"), once(child, "exit"))));
    await localnet.stop();
    hosts?.remove();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  await localnet.start();
  await localnet.waitForHeight(1, undefined, 120_000);
  const accounts = await (await devWallet()).getAccounts();
  console.log(`\noptchain localnet: ${options.validators} validator(s), data in ${options.dir}`);
  localnet.nodes.forEach((node, i) => console.log(`  node${i}  RPC ${localnet.rpc(i)}  REST http://${node.host}:${node.ports.api ?? DEFAULT_API_PORT}  ABCI ${node.host}:${node.ports.abci}  logs ${node.home}/{app,cometbft}.log`));
  if (hosts) console.log(`  each in its own network namespace (${hosts.namespaces.join(", ")}) on bridge ${hosts.bridge}; this host is ${hosts.gateway} there`);
  console.log(`\nfunded dev accounts (mnemonic: ${DEV_MNEMONIC}):`);
  accounts.forEach((account, i) => console.log(`  m/44'/118'/0'/0/${i}  ${account.address}`));
  if (options.feeders) {
    const validators = localnet.nodes.map((_, i) => toValoper(accAddressBytes(accounts[i].address)));
    await fundFeeders(localnet.nodes.map((_, i) => localnet.rpc(i)), await feederAddresses(options.validators));
    feeders = startFeeders(options.dir, localnet.nodes.map((node) => node.home), localnet.nodes.map((_, i) => localnet.rpc(i)), validators);
    console.log(`\n${feeders.length} feeder(s) on simulated prices (commit-reveal), logs in node<i>/feeder.log; the oracle's prices follow the status`);
  } else {
    console.log(`\nprices by vote extensions: each validator's app asks its price sidecar (optd feeder sidecar on node<i>/${PRICE_SOURCES_FILE}, simulated sources; log node<i>/sidecar.log); the oracle's prices follow the status`);
  }
  console.log("\nCtrl-C stops every process.\n");

  for (;;) {
    const lines = await Promise.all(
      localnet.nodes.map(async (_, i) => {
        if (!localnet.isAlive(i)) return `node${i}: down`;
        try {
          const status = await localnet.status(i);
          return `node${i}: height ${status.height} peers ${status.peers} app ${status.appHash.slice(0, 12)}`;
        } catch {
          return `node${i}: starting`;
        }
      }),
    );
    lines.push(await oraclePrices(localnet.rpc(0)));
    process.stdout.write(`\r${lines.join(" | ")}   `);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** The oracle's current prices for the status line, e.g. "BTC 65012.34 ETH 3199.8". */
async function oraclePrices(rpc: string): Promise<string> {
  try {
    const queries = await OracleSlashingQueries.connect(rpc);
    const prices = await queries.prices().finally(() => queries.disconnect());
    if (prices.length === 0) return "no prices yet";
    // uusdc per BTC reads better in USDC
    const shown = (asset: string, price: number) => (asset.endsWith("-IV") || asset.includes("-SMILE-") || asset.startsWith("u") ? price.toPrecision(4) : (price / 1e6).toFixed(2));
    return prices.map((p) => `${p.asset} ${shown(p.asset ?? "", Number(p.price))}${p.stale ? " (stale)" : ""}`).join(" ");
  } catch {
    return "prices unavailable";
  }
}
