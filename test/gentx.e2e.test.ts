// The SDK's join flow on real CometBFT: two operators each sign a gentx, a coordinator collects them, both start.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { rpcGet } from "../localnet/network";
import { freePorts } from "../localnet/ports";
import { setToml } from "../localnet/toml";
import { addGenesisAccount } from "../localnet/genesis";

jest.setTimeout(120_000);

const root = mkdtempSync(path.join(os.tmpdir(), "optd-gentx-e2e-"));
const nodes: ChildProcess[] = [];
afterAll(async () => {
  for (const node of nodes) {
    if (node.exitCode === null) {
      node.kill("SIGTERM");
      await once(node, "exit");
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const OPTD = path.join(PROJECT_ROOT, "cli", "optd.ts");
/** The real CLI; the two operators' steps run side by side, as on their own machines. */
async function optd(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", OPTD, ...args], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stderr.on("data", (chunk) => (err += chunk));
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`optd ${args.join(" ")} failed: ${err}`);
  return out;
}
const configDir = (home: string) => path.join(home, "cometbft", "config");

it("two operators' gentxs, collected by a coordinator, start a chain that both validate", async () => {
  const homes = ["alpha", "beta"].map((name) => path.join(root, name));
  const ports = await freePorts(2);
  const addresses = await Promise.all(
    homes.map(async (home, i) => {
      await optd("init", `op-${i}`, "--chain-id", "gentx-e2e-1", "--home", home);
      await optd("keys", "add", "op", "--home", home, "--keyring-backend", "test", "--no-backup");
      return JSON.parse(readFileSync(path.join(home, "keyring-test", "op.key.json"), "utf8")).address as string;
    }),
  );
  const [coordinator, other] = homes;
  // add-account has its own CLI test (optd-cli.test.ts); here the coordinator's edit is made in process to save a spawn.
  for (const address of addresses) addGenesisAccount(path.join(configDir(coordinator), "genesis.json"), address, "100000000uopt");
  copyFileSync(path.join(configDir(coordinator), "genesis.json"), path.join(configDir(other), "genesis.json"));
  await Promise.all(homes.map((home) => optd("genesis", "gentx", "op", "50000000uopt", "--chain-id", "gentx-e2e-1", "--home", home, "--keyring-backend", "test")));
  const [otherGentx] = readdirSync(path.join(configDir(other), "gentx"));
  copyFileSync(path.join(configDir(other), "gentx", otherGentx), path.join(configDir(coordinator), "gentx", otherGentx));
  // collect-gentxs runs the app's InitChain on the result (as genesis validate) before it writes anything.
  expect(await optd("genesis", "collect-gentxs", "--home", coordinator)).toMatch(/collected 2 gentx/);
  copyFileSync(path.join(configDir(coordinator), "genesis.json"), path.join(configDir(other), "genesis.json"));

  const ids = homes.map((home) => JSON.parse(readFileSync(path.join(configDir(home), "gentx", readdirSync(path.join(configDir(home), "gentx")).find((f) => f.includes("gentx-"))!), "utf8")).body.memo.split("@")[0] as string);
  homes.forEach((home, i) => {
    // Both nodes on one loopback address: CometBFT's address book would otherwise refuse the peer as unroutable.
    let toml = readFileSync(path.join(configDir(home), "config.toml"), "utf8");
    toml = setToml(setToml(toml, "p2p", "addr_book_strict", false), "p2p", "allow_duplicate_ip", true);
    writeFileSync(path.join(configDir(home), "config.toml"), setToml(toml, "consensus", "timeout_commit", "300ms"));
    const peer = `${ids[1 - i]}@127.0.0.1:${ports[1 - i].p2p}`;
    const flags = {
      "--p2p.laddr": `tcp://127.0.0.1:${ports[i].p2p}`,
      "--p2p.persistent-peers": peer,
      "--rpc.laddr": `tcp://127.0.0.1:${ports[i].rpc}`,
      "--address": `tcp://127.0.0.1:${ports[i].abci}`,
      "--api.address": `tcp://127.0.0.1:${ports[i].api}`,
      "--grpc.address": `tcp://127.0.0.1:${ports[i].grpc}`,
      "--instrumentation.prometheus-listen-addr": `127.0.0.1:${ports[i].prometheus}`,
    };
    nodes.push(
      spawn(process.execPath, ["--import", "tsx", OPTD, "start", "--home", home, ...Object.entries(flags).flat()], {
        cwd: PROJECT_ROOT,
        stdio: "ignore",
        env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid) },
      }),
    );
  });

  const rpc = `http://127.0.0.1:${ports[1].rpc}`;
  const deadline = Date.now() + 90_000;
  let height = 0;
  while (height < 5) {
    nodes.forEach((node, i) => {
      if (node.exitCode !== null) throw new Error(`node ${i} exited with ${node.exitCode}; see ${homes[i]}/cometbft.log`);
    });
    if (Date.now() > deadline) throw new Error(`no block 5 within 90 s (height ${height})`);
    try {
      height = Number((await rpcGet(rpc, "status")).sync_info.latest_block_height);
    } catch (err) {
      if (!/ECONNREFUSED|socket hang up/.test(String(err))) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  // Equal stakes: neither alone has 2/3 of the power, so each block was signed by both.
  const { validators } = await rpcGet(rpc, "validators?height=5");
  expect(validators.map((v: { voting_power: string }) => v.voting_power)).toEqual(["50", "50"]);
  const consensusKeys = homes.map((home) => JSON.parse(readFileSync(path.join(configDir(home), "priv_validator_key.json"), "utf8")).pub_key.value).sort();
  expect(validators.map((v: { pub_key: { value: string } }) => v.pub_key.value).sort()).toEqual(consensusKeys);
});
