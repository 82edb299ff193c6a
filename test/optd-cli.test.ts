import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { parse } from "smol-toml";
import { accAddressBytes, toAccAddress, toValoper } from "../app/address";
import { devWallet } from "../client";
import { BONDED_POOL_ADDRESS } from "../modules/staking/keeper";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { rpcGet } from "../localnet/network";
import { freePorts } from "../localnet/ports";
import { setToml } from "../localnet/toml";
import { addGenesisAccount } from "../localnet/genesis";
import { parseCoins } from "../app/coins";
import { initChain, devGenesis, quietLogger } from "./helpers/inprocess";
import { OptchainApp } from "../app/app";

jest.setTimeout(120_000);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optd-cli-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The real CLI, as an operator runs it. */
function optd(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), ...args], { cwd: PROJECT_ROOT, encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const configDir = (home: string) => path.join(home, "cometbft", "config");
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("optd init", () => {
  it("refuses a home that already holds a node and keeps its validator key byte for byte", () => {
    const home = path.join(tempDir(), "node");
    const first = optd("init", "alice", "--chain-id", "testnet-7", "--home", home);
    expect(first).toMatchObject({ code: 0 });
    const keyFile = path.join(configDir(home), "priv_validator_key.json");
    const key = readFileSync(keyFile);
    const nodeKey = readFileSync(path.join(configDir(home), "node_key.json"));

    const second = optd("init", "alice", "--chain-id", "testnet-7", "--home", home);
    expect(second.code).not.toBe(0);
    expect(second.err).toContain("--overwrite");
    expect(readFileSync(keyFile).equals(key)).toBe(true);

    // --overwrite rewrites config and genesis, as `simd init --overwrite` does, but never the keys.
    const again = optd("init", "bob", "--chain-id", "testnet-8", "--home", home, "--overwrite");
    expect(again).toMatchObject({ code: 0 });
    expect(readFileSync(keyFile).equals(key)).toBe(true);
    expect(readFileSync(path.join(configDir(home), "node_key.json")).equals(nodeKey)).toBe(true);
    expect(readJson(path.join(configDir(home), "genesis.json")).chain_id).toBe("testnet-8");
    expect(parse(readFileSync(path.join(configDir(home), "config.toml"), "utf8")).moniker).toBe("bob");
  });

  it("refuses a home with only a validator key in it", () => {
    const home = path.join(tempDir(), "node");
    expect(optd("init", "alice", "--chain-id", "testnet-7", "--home", home).code).toBe(0);
    rmSync(path.join(configDir(home), "config.toml"));
    rmSync(path.join(home, "optd.json"));
    const key = readFileSync(path.join(configDir(home), "priv_validator_key.json"));
    const second = optd("init", "alice", "--chain-id", "testnet-7", "--home", home);
    expect(second.code).not.toBe(0);
    expect(second.err).toContain("priv_validator_key.json");
    expect(readFileSync(path.join(configDir(home), "priv_validator_key.json")).equals(key)).toBe(true);
  });

  it("writes keys, config and a genesis with the chain id and no validators; needs a moniker and a chain id", () => {
    const home = path.join(tempDir(), "node");
    expect(optd("init", "carol", "--chain-id", "testnet-9", "--home", home).code).toBe(0);
    const genesis = readJson(path.join(configDir(home), "genesis.json"));
    expect(genesis.chain_id).toBe("testnet-9");
    expect(genesis.validators ?? []).toEqual([]);
    expect(existsSync(path.join(configDir(home), "node_key.json"))).toBe(true);
    expect(readJson(path.join(home, "optd.json"))).toMatchObject({ chain_id: "testnet-9", moniker: "carol" });
    const other = path.join(tempDir(), "node");
    expect(optd("init", "--chain-id", "x", "--home", other).err).toContain("moniker");
    expect(optd("init", "dave", "--home", other).err).toContain("--chain-id");
  });
});

describe("optd genesis", () => {
  it("add-account funds an address once, refuses bad input, and validate runs the app's InitChain checks", async () => {
    const home = path.join(tempDir(), "node");
    expect(optd("init", "erin", "--chain-id", "testnet-1", "--home", home).code).toBe(0);
    const [{ address }] = await (await devWallet(1)).getAccounts();
    expect(optd("genesis", "add-account", address, "1000uopt,5uusdc", "--home", home)).toMatchObject({ code: 0 });
    const genesisFile = path.join(configDir(home), "genesis.json");
    expect(readJson(genesisFile).app_state.bank.balances).toEqual([
      { address, coins: [{ denom: "uopt", amount: "1000" }, { denom: "uusdc", amount: "5" }] },
    ]);
    const before = readFileSync(genesisFile);
    for (const [addr, coins, why] of [
      [address, "7uopt", "already"],
      [toAccAddress(Buffer.alloc(20, 9)), "0uopt", "coins"],
    ]) {
      const run = optd("genesis", "add-account", addr, coins, "--home", home);
      expect(run.code).not.toBe(0);
      expect(run.err.toLowerCase()).toContain(why);
    }
    // The rest of the refusals in process: the CLI is a thin call of this same function.
    for (const [addr, coins, why] of [
      [address.toUpperCase(), "7uopt", "address"],
      ["opt1qqqq", "7uopt", "address"],
      [toValoper(accAddressBytes(address)), "7uopt", "address"],
      [toAccAddress(Buffer.alloc(20, 9)), "-7uopt", "coins"],
      [toAccAddress(Buffer.alloc(20, 9)), "7", "coins"],
      [toAccAddress(Buffer.alloc(20, 9)), "7uopt,8uopt", "coins"],
    ]) {
      expect(() => addGenesisAccount(genesisFile, addr, coins)).toThrow(new RegExp(why, "i"));
    }
    expect(readFileSync(genesisFile).equals(before)).toBe(true);
    // Any coin text is either refused with the file untouched, or stored as coins the bank's genesis accepts.
    const fresh = toAccAddress(Buffer.alloc(20, 11));
    const coinText = fc.array(fc.tuple(fc.oneof(fc.constantFrom("0", "1", "007", "-1", ""), fc.bigInt({ min: 0n, max: 10n ** 80n }).map(String)), fc.constantFrom("uopt", "uusdc", "u", "ibc/AB", "Uopt", "1x", "")), { maxLength: 4 })
      .map((coins) => coins.map(([amount, denom]) => amount + denom).join(","));
    fc.assert(
      fc.property(coinText, (text) => {
        writeFileSync(genesisFile, before);
        let added = true;
        try {
          addGenesisAccount(genesisFile, fresh, text);
        } catch {
          added = false;
        }
        if (!added) return expect(readFileSync(genesisFile).equals(before)).toBe(true);
        const entry = readJson(genesisFile).app_state.bank.balances.at(-1);
        expect(entry.address).toBe(fresh);
        expect(() => parseCoins(entry.coins)).not.toThrow();
      }),
      { numRuns: 200 },
    );
    writeFileSync(genesisFile, before);

    expect(optd("genesis", "validate", "--home", home)).toMatchObject({ code: 0 });
    const broken = readJson(genesisFile);
    broken.app_state.staking = {
      validators: [{ operator_address: toValoper(accAddressBytes(address)), moniker: "x", consensus_pubkey: Buffer.alloc(31).toString("base64"), tokens: "1", jailed: false }],
    };
    const brokenFile = path.join(tempDir(), "broken.json");
    writeFileSync(brokenFile, JSON.stringify(broken));
    const refused = optd("genesis", "validate", brokenFile);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain("32 bytes");
  });
});

describe("localnet/toml setToml", () => {
  const text = ['moniker = "a"', "", "[rpc] # the RPC server", 'laddr = "tcp://127.0.0.1:1"', "", "[ p2p ]", 'laddr = "tcp://127.0.0.1:2" # listen', 'seeds = ""', ""].join("\n");

  it("edits any valid TOML layout: headers with comments or spaces, values with trailing comments", () => {
    let edited = setToml(text, "rpc", "laddr", "tcp://0.0.0.0:9");
    edited = setToml(edited, "p2p", "laddr", "tcp://0.0.0.0:8");
    const config = parse(edited) as Record<string, Record<string, unknown>>;
    expect(config.rpc.laddr).toBe("tcp://0.0.0.0:9");
    expect(config.p2p).toEqual({ laddr: "tcp://0.0.0.0:8", seeds: "" });
    expect(config.moniker).toBe("a");
    expect(() => setToml(text, "p2p", "persistent-peers", "x")).toThrow("persistent-peers");
  });

  it("writes back exactly the value given, for any string, number or boolean", () => {
    const plain = ['[rpc]', 'laddr = "tcp://127.0.0.1:1"', "", "[p2p]", 'seeds = ""', ""].join("\n");
    // The characters TOML escapes differently from JSON are rare among all code points: offer them often.
    const escapes = fc.constantFrom("\x7f", "\x00", "\x1f", "\n", '"', "\\", "'", "\u2028", "é", "💥", "a");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: escapes }), fc.integer(), fc.boolean()), (value) => {
        const config = parse(setToml(plain, "p2p", "seeds", value)) as Record<string, Record<string, unknown>>;
        expect(config.p2p.seeds).toEqual(value);
        expect(config.rpc.laddr).toBe("tcp://127.0.0.1:1");
      }),
    );
  });
});

describe("Commit retain height", () => {
  it("asks CometBFT to keep the last N blocks when min_retain_blocks is N, and all of them when 0", async () => {
    const genesis = await devGenesis(1);
    for (const [minRetainBlocks, expected] of [
      [3, [0n, 0n, 1n, 2n, 3n]],
      [1, [1n, 2n, 3n, 4n, 5n]],
      [0, [0n, 0n, 0n, 0n, 0n]],
    ] as const) {
      const dir = tempDir();
      const app = new OptchainApp({ dataDir: dir, logger: quietLogger, minRetainBlocks });
      initChain(app, genesis);
      const retained: bigint[] = [];
      for (let height = 1n; height <= 5n; height++) {
        app.finalizeBlock({ txs: [], decidedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height, time: { seconds: 1_800_000_000n + height, nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) });
        retained.push(app.commit().retainHeight);
      }
      app.close();
      expect(retained).toEqual(expected);
    }
  });
});

describe("optd genesis add-validator", () => {
  it("bonds founding validators from their operators' consensus keys, once each, and the genesis validates", async () => {
    const [coordinator, other] = [path.join(tempDir(), "a"), path.join(tempDir(), "b")];
    expect(optd("init", "a", "--chain-id", "foundnet-1", "--home", coordinator).code).toBe(0);
    const init = optd("init", "b", "--chain-id", "foundnet-1", "--home", other);
    const otherKey = readJson(path.join(configDir(other), "priv_validator_key.json")).pub_key.value as string;
    expect(init.out).toContain(otherKey); // what the other operator sends the coordinator
    const [a, b] = (await (await devWallet(2)).getAccounts()).map((account) => account.address);
    expect(optd("genesis", "add-validator", a, "100000000", "--moniker", "a", "--home", coordinator).code).toBe(0);
    expect(optd("genesis", "add-validator", b, "300000000", "--moniker", "b", "--pubkey", otherKey, "--home", coordinator).code).toBe(0);
    const genesisFile = path.join(configDir(coordinator), "genesis.json");
    const before = readFileSync(genesisFile);
    const state = readJson(genesisFile).app_state;
    expect(state.staking.validators.map((v: { operator_address: string; tokens: string }) => [v.operator_address, v.tokens])).toEqual([
      [toValoper(accAddressBytes(a)), "100000000"],
      [toValoper(accAddressBytes(b)), "300000000"],
    ]);
    expect(state.bank.balances).toEqual([{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: "400000000" }] }]);
    const validated = optd("genesis", "validate", genesisFile);
    expect(validated).toMatchObject({ code: 0 });
    expect(validated.out).toContain("2 validator(s)");
    // refused, file untouched: the same operator, the same key, a key that is not 32 bytes, bad tokens
    for (const [args, why] of [
      [[a, "5", "--pubkey", Buffer.alloc(32, 1).toString("base64")], "already a validator"],
      [[toAccAddress(Buffer.alloc(20, 3)), "5", "--pubkey", otherKey], "already belongs"],
      [[toAccAddress(Buffer.alloc(20, 3)), "5", "--pubkey", Buffer.alloc(31, 1).toString("base64")], "32-byte"],
      [[toAccAddress(Buffer.alloc(20, 3)), "05", "--pubkey", Buffer.alloc(32, 2).toString("base64")], "tokens"],
    ] as const) {
      const run = optd("genesis", "add-validator", ...args, "--home", coordinator);
      expect(run.code).not.toBe(0);
      expect(run.err).toContain(why);
    }
    expect(readFileSync(genesisFile).equals(before)).toBe(true);
  });
});

describe("optd start", () => {
  let node: ChildProcess | undefined;
  afterAll(async () => {
    if (node && node.exitCode === null) {
      node.kill("SIGTERM");
      await once(node, "exit");
    }
  });

  it("joins with a given genesis, listens where its flags say, writes them into config.toml, and prunes old blocks", async () => {
    const home = path.join(tempDir(), "node");
    const [ports] = await freePorts(1);
    expect(optd("init", "frank", "--chain-id", "placeholder-1", "--home", home).code).toBe(0);
    const [{ address }] = await (await devWallet(1)).getAccounts();
    expect(optd("genesis", "add-account", address, "1000000uopt", "--home", home).code).toBe(0);
    // this node's own key as the one founding validator
    expect(optd("genesis", "add-validator", address, "100000000", "--moniker", "frank", "--home", home).code).toBe(0);
    const genesis = readJson(path.join(configDir(home), "genesis.json"));
    genesis.chain_id = "joinnet-1";
    const genesisFile = path.join(tempDir(), "network-genesis.json");
    writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));
    expect(optd("genesis", "validate", genesisFile)).toMatchObject({ code: 0 });

    const peer = `${"ab".repeat(20)}@127.0.0.1:1`;
    const flags = {
      "--genesis": genesisFile,
      "--p2p.laddr": `tcp://0.0.0.0:${ports.p2p}`,
      "--p2p.external-address": `203.0.113.7:${ports.p2p}`,
      "--p2p.seeds": peer,
      "--p2p.persistent-peers": peer,
      "--rpc.laddr": `tcp://127.0.0.1:${ports.rpc}`,
      "--address": `tcp://127.0.0.1:${ports.abci}`,
      "--min-retain-blocks": "2",
      "--api.address": `tcp://127.0.0.1:${ports.api}`,
      "--instrumentation.prometheus-listen-addr": `127.0.0.1:${ports.prometheus}`,
    };
    node = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), "start", "--home", home, ...Object.entries(flags).flat()], {
      cwd: PROJECT_ROOT,
      stdio: "ignore",
      env: { ...process.env, OPTCHAIN_EXIT_WITH_PID: String(process.pid) },
    });
    const rpc = `http://127.0.0.1:${ports.rpc}`;
    const deadline = Date.now() + 60_000;
    let height = 0;
    while (height < 5) {
      if (node.exitCode !== null) throw new Error(`optd start exited with ${node.exitCode}; see ${home}/cometbft.log`);
      if (Date.now() > deadline) throw new Error(`no block 5 within a minute (height ${height})`);
      try {
        const status = await rpcGet(rpc, "status");
        expect(status.node_info.network).toBe("joinnet-1");
        expect(status.node_info.listen_addr).toBe(`203.0.113.7:${ports.p2p}`);
        height = Number(status.sync_info.latest_block_height);
      } catch (err) {
        if (!/ECONNREFUSED|socket hang up/.test(String(err))) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const config = parse(readFileSync(path.join(configDir(home), "config.toml"), "utf8")) as Record<string, Record<string, unknown>>;
    expect(config.genesis_file).toBe(genesisFile);
    expect(readJson(path.join(home, "optd.json"))).toMatchObject({ chain_id: "joinnet-1", min_retain_blocks: 2, ports: { rpc: ports.rpc, abci: ports.abci, p2p: ports.p2p } });
    expect(config.proxy_app).toBe(`tcp://127.0.0.1:${ports.abci}`);
    expect(config.rpc.laddr).toBe(`tcp://127.0.0.1:${ports.rpc}`);
    expect(config.instrumentation).toMatchObject({ prometheus: true, prometheus_listen_addr: `127.0.0.1:${ports.prometheus}` });
    expect(config.p2p).toMatchObject({ laddr: `tcp://0.0.0.0:${ports.p2p}`, external_address: `203.0.113.7:${ports.p2p}`, seeds: peer, persistent_peers: peer });
    // CometBFT dropped the blocks below the retain height Commit returned.
    await expect(rpcGet(rpc, "block?height=1")).rejects.toThrow(/lowest height is [2-9]/);
  });
});
