import { DEV_MNEMONIC, devWallet } from "../client";
import { defaultPorts } from "./genesis";
import { Localnet } from "./network";

export interface RunOptions {
  dir: string;
  validators: number;
  reset: boolean;
  timeoutCommitMs: number;
}

/** `optd localnet` / `npm start`: start every node, print how to reach them, show one status line per node until Ctrl-C. */
export async function runLocalnet(options: RunOptions): Promise<void> {
  if (!Number.isInteger(options.validators) || options.validators < 1 || options.validators > 20) {
    throw new Error("--validators must be between 1 and 20");
  }
  const ports = Array.from({ length: options.validators }, (_, i) => defaultPorts(i));
  const localnet = await Localnet.create({ ...options, ports });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("\nstopping every node…\n");
    await localnet.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  await localnet.start();
  await localnet.waitForHeight(1, undefined, 120_000);
  const accounts = await (await devWallet()).getAccounts();
  console.log(`\noptchain localnet: ${options.validators} validator(s), data in ${options.dir}`);
  localnet.nodes.forEach((node, i) => console.log(`  node${i}  RPC ${localnet.rpc(i)}  ABCI 127.0.0.1:${node.ports.abci}  logs ${node.home}/{app,cometbft}.log`));
  console.log(`\nfunded dev accounts (mnemonic: ${DEV_MNEMONIC}):`);
  accounts.forEach((account, i) => console.log(`  m/44'/118'/0'/0/${i}  ${account.address}`));
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
    process.stdout.write(`\r${lines.join(" | ")}   `);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
