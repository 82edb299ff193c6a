// optd against one real validator on a chain id that is not local, so only keyring keys sign: a bank send and
// an options message from keys, queries, --generate-only → tx sign → tx broadcast, and the dev key refused.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEV_MNEMONIC } from "../client";
import { startTestnet } from "./helpers/chain";
import { optdInProcess as optd, optdProcess } from "./helpers/optd-cli";

jest.setTimeout(300_000);

const CHAIN_ID = "clinet-1";
const PASS = { OPTD_KEYRING_PASSPHRASE: "a long enough passphrase" };

describe("optd on a real chain, signing with keyring keys", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let node: string;
  let home: string;
  let scratch: string;
  let alice: string;
  let dev: string;

  beforeAll(async () => {
    chain = await startTestnet(1, { chainId: CHAIN_ID });
    node = chain.net.rpc(0);
    home = mkdtempSync(path.join(os.tmpdir(), "optd-e2e-"));
    scratch = mkdtempSync(path.join(os.tmpdir(), "optd-e2e-files-"));
    // The funded genesis account, recovered into the test backend through a real process and a pipe.
    const recovered = optdProcess(["keys", "add", "dev", "--recover", "--keyring-backend", "test", "--home", home, "-o", "json"], { input: `${DEV_MNEMONIC}\n` });
    expect(recovered).toMatchObject({ code: 0 });
    dev = JSON.parse(recovered.out).address;
    const added = await optd(["keys", "add", "alice", "--home", home, "-o", "json"], PASS);
    expect(added.code).toBe(0);
    alice = JSON.parse(added.out.slice(0, added.out.lastIndexOf("}") + 1)).address;
  });

  afterAll(async () => {
    await chain?.stop();
    for (const dir of [home, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const json = (run: { code: number; out: string; err: string }) => {
    if (run.code !== 0) throw new Error(`optd exited ${run.code}: ${run.err}${run.out}`);
    return JSON.parse(run.out);
  };

  it("refuses the public dev key without --from on a chain id that is not local", async () => {
    const refused = await optd(["tx", "bank", "send", alice, "1uopt", "--node", node, "--home", home]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`--from is required on ${CHAIN_ID}`);
    expect(refused.err).toContain("optd keys add");
  });

  it("sends with a bank send, trades collateral with an options message, and reads both back", async () => {
    const sent = json(await optd(["tx", "bank", "send", alice, "50000000uopt,20000000uusdc", "--from", "dev", "--keyring-backend", "test", "--node", node, "--home", home, "--memo", "fund alice"]));
    expect(sent).toMatchObject({ code: 0, msg_responses: [{ "@type": "/cosmos.bank.v1beta1.MsgSendResponse" }] });

    // alice's key is in the file backend: the wrong passphrase signs nothing.
    const wrong = await optd(["tx", "options", "deposit-collateral", "uusdc", "7000000", "--from", "alice", "--node", node, "--home", home], { OPTD_KEYRING_PASSPHRASE: "not it at all" });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("wrong passphrase");
    const deposited = json(await optd(["tx", "options", "deposit-collateral", "uusdc", "7000000", "--from", "alice", "--node", node, "--home", home, "--gas", "auto"], PASS));
    expect(deposited).toMatchObject({ code: 0 });
    expect(Number(deposited.gas_wanted)).toBeGreaterThan(Number(deposited.gas_used));

    const balances = json(await optd(["query", "bank", "all-balances", alice, "--node", node, "-o", "json"]));
    expect(balances.balances).toEqual([
      { denom: "uopt", amount: expect.stringMatching(/^4\d{7}$/) },
      { denom: "uusdc", amount: "13000000" },
    ]);
    const account = json(await optd(["query", "options", "account", "--owner", alice, "--node", node, "-o", "json"]));
    expect(JSON.stringify(account)).toContain("7000000");
    const tx = json(await optd(["query", "tx", sent.txhash, "--node", node, "-o", "json"]));
    expect(tx.tx.body).toMatchObject({ memo: "fund alice", messages: [{ "@type": "/cosmos.bank.v1beta1.MsgSend", from_address: dev, to_address: alice }] });
    const block = json(await optd(["query", "block", tx.height, "--node", node, "-o", "json"]));
    expect(block).toMatchObject({ height: tx.height, chain_id: CHAIN_ID });
    // Beside it, the proposer's vote-extension tally, which is not a Cosmos tx: shown as raw bytes.
    expect(block.txs.map((t: { body?: { memo: string } }) => t.body?.memo)).toContain("fund alice");
    const text = await optd(["query", "oracle", "params", "--node", node, "-o", "text"]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^params:\n\s+assets:\n\s+- name: \S+\n\s+vote_threshold: "[0-9.]+"$/m);
    expect(json(await optd(["status", "--node", node])).NodeInfo.network).toBe(CHAIN_ID);
  });

  it("status finds the node from its home and answers in the SDK's shape, as cosmovisor reads it", async () => {
    const nodeHome = chain.net.nodes[0].home;
    const first = json(await optd(["status", "--home", nodeHome]));
    expect(first.NodeInfo.network).toBe(CHAIN_ID);
    expect(first.ValidatorInfo).toMatchObject({ Address: expect.stringMatching(/^[0-9A-F]{40}$/), PubKey: { type: "tendermint/PubKeyEd25519" }, VotingPower: expect.stringMatching(/^[1-9]\d*$/) });
    expect(first.SyncInfo.catching_up).toBe(false);
    // cosmovisor v1.5.0 reads SyncInfo.latest_block_height as a decimal string (tools/cosmovisor's checkHeight).
    expect(first.SyncInfo.latest_block_height).toMatch(/^[1-9]\d*$/);
    const height = Number(first.SyncInfo.latest_block_height);
    await chain.net.waitForHeight(height + 2, [0]);
    // As cosmovisor runs it: the binary in its own process with no flags, DAEMON_HOME in its environment.
    const polled = optdProcess(["status"], { env: { DAEMON_HOME: nodeHome } });
    expect(polled.code).toBe(0);
    expect(Number(JSON.parse(polled.out).SyncInfo.latest_block_height)).toBeGreaterThanOrEqual(height + 2);

    const notHome = await optd(["status", "--home", scratch]);
    expect(notHome.code).toBe(1);
    expect(notHome.err).toContain("is not a node's home");
  });

  it("--generate-only, then tx sign, then tx broadcast", async () => {
    const unsignedFile = path.join(scratch, "unsigned.json");
    const signedFile = path.join(scratch, "signed.json");
    const generated = await optd(["tx", "bank", "send", dev, "1234uusdc", "--from", "alice", "--generate-only", "--node", node, "--home", home]);
    expect(generated.code).toBe(0);
    const unsigned = JSON.parse(generated.out);
    expect(unsigned.signatures).toEqual([]);
    expect(unsigned.body.messages[0]).toMatchObject({ from_address: alice, to_address: dev, amount: [{ denom: "uusdc", amount: "1234" }] });
    writeFileSync(unsignedFile, generated.out);
    expect((await optd(["tx", "broadcast", unsignedFile, "--node", node])).err).toContain("optd tx sign");

    const signed = await optd(["tx", "sign", unsignedFile, "--from", "alice", "--node", node, "--home", home], PASS);
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.out).signatures).toHaveLength(1);
    writeFileSync(signedFile, signed.out);
    const broadcast = json(await optd(["tx", "broadcast", signedFile, "--node", node]));
    expect(broadcast).toMatchObject({ code: 0 });
    // The same signed file again is a replay: refused (by CometBFT's cache or the app's sequence check), exit 1.
    const replay = await optd(["tx", "broadcast", signedFile, "--node", node]);
    expect(replay.code).toBe(1);
    expect(`${replay.out}${replay.err}`).toMatch(/already exists in cache|sequence/);
  });
});
