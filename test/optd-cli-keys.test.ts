// `optd keys` and the generated `optd tx` / `optd query` trees, with no chain: the keyring in both backends, every
// routed message and query path having a command, the dev key refused off local chains, and the tx JSON that
// offline signing relies on surviving the trip to bytes and back.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { DEV_MNEMONIC, devWallet, optchainTypes } from "../client";
import { optdProgram } from "../cli/optd";
import { Keyring } from "../cli/keyring";
import { loadCatalogue } from "../cli/schema";
import { txBytes, txFromBytes, unsignedTx } from "../cli/txjson";
import type { Command } from "commander";
import { optdInProcess as optd, optdProcess } from "./helpers/optd-cli";

jest.setTimeout(180_000);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optd-keys-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const PASS = { OPTD_KEYRING_PASSPHRASE: "correct horse battery" };
const mode = (file: string) => statSync(file).mode & 0o777;
const keyFiles = (dir: string) => readdirSync(dir).map((entry) => path.join(dir, entry));

describe("optd keys", () => {
  it("file backend: a new key's mnemonic is printed once, never stored readable; 0600; a wrong passphrase is refused", async () => {
    const home = tempDir();
    const added = await optd(["keys", "add", "alice", "--home", home, "-o", "json"], PASS);
    expect(added).toMatchObject({ code: 0 });
    const mnemonic = added.out.trim().split("\n").at(-1)!;
    expect(mnemonic.split(" ")).toHaveLength(24);
    const { address } = JSON.parse(added.out.slice(0, added.out.lastIndexOf("}") + 1));
    const dir = path.join(home, "keyring-file");
    expect(mode(dir)).toBe(0o700);
    const [file] = keyFiles(dir);
    expect(mode(file)).toBe(0o600);
    const stored = readFileSync(file, "utf8");
    // Not the phrase, nor any two of its words side by side.
    const words = mnemonic.split(" ");
    for (let i = 0; i + 1 < words.length; i++) expect(stored).not.toContain(`${words[i]} ${words[i + 1]}`);

    // list and show need no passphrase and print no secret.
    const listed = await optd(["keys", "list", "--home", home, "-o", "json"]);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ name: "alice", address })]);
    expect(listed.out).not.toContain(words[0] + " " + words[1]);
    expect((await optd(["keys", "show", "alice", "--home", home, "-a"])).out.trim()).toBe(address);
    expect((await optd(["keys", "show", "alice", "--home", home, "--bech", "val", "-a"])).out.trim()).toMatch(/^optvaloper1/);

    const keyring = new Keyring(dir, "file");
    await expect(keyring.mnemonic("alice", async () => "not the passphrase")).rejects.toThrow("wrong passphrase");
    expect(await keyring.mnemonic("alice", async () => PASS.OPTD_KEYRING_PASSPHRASE)).toBe(mnemonic);
    const wrongExport = await optd(["keys", "export", "alice", "--home", home], { OPTD_KEYRING_PASSPHRASE: "guessing-wrong" });
    expect(wrongExport.code).toBe(1);
    expect(wrongExport.err).toContain("wrong passphrase");

    // export, delete, import: the same address back, and the export file holds no readable mnemonic either.
    const exported = await optd(["keys", "export", "alice", "--home", home], PASS);
    expect(exported.code).toBe(0);
    expect(exported.out).not.toContain(`${words[0]} ${words[1]}`);
    const exportFile = path.join(tempDir(), "alice.json");
    writeFileSync(exportFile, exported.out);
    expect((await optd(["keys", "delete", "alice", "--home", home])).err).toContain("--yes");
    expect(await optd(["keys", "delete", "alice", "--home", home, "--yes"])).toMatchObject({ code: 0 });
    expect(keyFiles(dir)).toEqual([]);
    expect((await optd(["keys", "show", "alice", "--home", home])).err).toContain("optd keys add alice");
    expect(await optd(["keys", "import", "alice2", exportFile, "--home", home], PASS)).toMatchObject({ code: 0 });
    expect((await optd(["keys", "show", "alice2", "--home", home, "-a"])).out.trim()).toBe(address);
    // A second copy of the same key is refused, under any name.
    expect((await optd(["keys", "import", "alice3", exportFile, "--home", home], PASS)).err).toContain("already in the keyring as alice2");
  });

  it("test backend: plain, 0600, in <home>/keyring-test or --keyring-dir; --recover reads the mnemonic from stdin", async () => {
    const home = tempDir();
    expect(await optd(["keys", "add", "bob", "--home", home, "--keyring-backend", "test"])).toMatchObject({ code: 0 });
    const [file] = keyFiles(path.join(home, "keyring-test"));
    expect(mode(file)).toBe(0o600);
    const elsewhere = path.join(tempDir(), "keys");
    // A real process, so the mnemonic really comes down a pipe; the passphrase env is not needed by this backend.
    const recovered = optdProcess(["keys", "add", "dev", "--recover", "--keyring-backend", "test", "--keyring-dir", elsewhere, "-o", "json"], { input: `${DEV_MNEMONIC}\n` });
    expect(recovered).toMatchObject({ code: 0 });
    const [{ address: devAddress }] = await (await devWallet(1)).getAccounts();
    expect(JSON.parse(recovered.out).address).toBe(devAddress);
    expect(recovered.out).not.toContain(DEV_MNEMONIC.split(" ").slice(0, 2).join(" "));
    expect(await new Keyring(elsewhere, "test").mnemonic("dev", async () => "")).toBe(DEV_MNEMONIC);
    // Names that could leave the keyring's directory are refused.
    for (const name of ["../x", "a/b", ".hidden", ""]) expect((await optd(["keys", "add", name, "--home", home, "--keyring-backend", "test"])).code).not.toBe(0);
    const bad = await new Keyring(elsewhere, "test").add("typo", "group crawl fog lesson", undefined).catch((err: Error) => err.message);
    expect(bad).toContain("mnemonic");
  });
});

function allCommands(command: Command, prefix: string[] = []): Map<string, Command> {
  const found = new Map<string, Command>();
  for (const sub of command.commands) {
    const route = [...prefix, sub.name()];
    found.set(route.join(" "), sub);
    for (const [key, value] of allCommands(sub, route)) found.set(key, value);
  }
  return found;
}

describe("optd tx / query commands come from the code", () => {
  const catalogue = loadCatalogue();
  const commands = allCommands(optdProgram(["tx"]));

  it("has a `tx` command with help for every message the app routes and every optchain type in the client Registry", () => {
    const routed = catalogue.msgs.map((msg) => msg.typeUrl);
    for (const [typeUrl] of optchainTypes) expect(routed).toContain(typeUrl);
    expect(routed).toEqual(expect.arrayContaining(["/cosmos.bank.v1beta1.MsgSend", "/optchain.options.v1.MsgPlaceOrder"]));
    const txHelp = [...commands].filter(([route, command]) => route.startsWith("tx ") && command.commands.length === 0).map(([, command]) => command.helpInformation());
    for (const msg of catalogue.msgs) {
      const help = txHelp.filter((text) => new RegExp(`${msg.typeUrl.replace(/\./g, "\\.")}\\b(?!\\.)`).test(text));
      expect({ typeUrl: msg.typeUrl, commands: help.length }).toEqual({ typeUrl: msg.typeUrl, commands: 1 });
      expect(help[0]).toContain("--from");
      // The handler's own signers() found the field --from fills.
      expect({ typeUrl: msg.typeUrl, signer: msg.signerField !== undefined }).toEqual({ typeUrl: msg.typeUrl, signer: true });
    }
  });

  it("has a `query` command with help for every query path the app answers", () => {
    const queryHelp = [...commands].filter(([route, command]) => route.startsWith("query ") && command.commands.length === 0).map(([, command]) => command.helpInformation());
    expect(catalogue.queries.length).toBeGreaterThan(40);
    for (const query of catalogue.queries) {
      expect({ path: query.path, commands: queryHelp.filter((text) => new RegExp(`${query.path.replace(/\./g, "\\.")}\\b`).test(text)).length }).toEqual({ path: query.path, commands: 1 });
    }
    for (const route of ["query tx", "query block", "status", "tx sign", "tx broadcast", "keys add", "keys export", "keys import"]) expect(commands.has(route)).toBe(true);
  });

  it("signs with the public dev mnemonic on *-local-* chain ids only, and says which command makes a key", async () => {
    const to = "opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g";
    const home = tempDir();
    const args = ["tx", "bank", "send", to, "5uopt", "--generate-only", "--gas", "100000", "--home", home];
    const refused = await optd([...args, "--chain-id", "optchain-1"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("optd keys add");
    expect(refused.out).toBe("");
    expect((await optd([...args, "--chain-id", "optchain-1", "--from", "0"])).err).toContain("optd keys add 0");
    const local = await optd([...args, "--chain-id", "optchain-local-1"]);
    expect(local).toMatchObject({ code: 0 });
    const [{ address }] = await (await devWallet(1)).getAccounts();
    expect(JSON.parse(local.out).body.messages).toEqual([{ "@type": "/cosmos.bank.v1beta1.MsgSend", from_address: address, to_address: to, amount: [{ denom: "uopt", amount: "5" }] }]);
  });

  it("names what was wrong in bad input before anything is signed", async () => {
    const home = tempDir();
    const base = ["--generate-only", "--gas", "100000", "--chain-id", "optchain-local-1", "--home", home];
    expect((await optd(["tx", "bank", "send", "opt1notanaddress", "5uopt", ...base])).err).toMatch(/--to-address: "opt1notanaddress" is not a valid address/);
    expect((await optd(["tx", "bank", "send", "opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g", "5", ...base])).err).toContain("is not a coin");
    expect((await optd(["tx", "options", "place-order", "1", "sideways", "1", "10", ...base])).err).toContain("is not one of unspecified, buy, sell");
    // The app's own stateless checks run first: a zero send is refused with the chain's words.
    const zero = await optd(["tx", "bank", "send", "opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g", "0uopt", ...base]);
    expect(zero.code).toBe(1);
    expect(zero.err).toContain("the chain would refuse this /cosmos.bank.v1beta1.MsgSend");
    expect((await optd(["tx", "bank", "sned"])).err).toContain("send");
  });

  it("keeps a tx's JSON and its bytes one-to-one, which offline signing relies on", async () => {
    const [{ address }] = await (await devWallet(1)).getAccounts();
    const denom = fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 30n }), denom), { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 40 }), fc.nat(), (coins, memo, gas) => {
        const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: MsgSend.fromPartial({ fromAddress: address, toAddress: address, amount: coins.map(([amount, d]) => ({ denom: d, amount: amount.toString() })) }) };
        const tx = unsignedTx(catalogue, [msg], { amount: [{ denom: "uopt", amount: String(gas) }], gas: String(gas) }, memo);
        const bytes = txBytes(catalogue, tx);
        expect(txFromBytes(catalogue, bytes)).toEqual(tx);
        expect(Buffer.from(txBytes(catalogue, JSON.parse(JSON.stringify(tx)))).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
