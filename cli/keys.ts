// `optd keys add|list|show|delete|export|import`, and the keyring options every signing command shares.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, Option } from "commander";
import { accAddressBytes, toValoper } from "../app/address";
import { type ExportedKey, type KeyInfo, Keyring, type KeyringBackend, newMnemonic, pubkeyJson } from "./keyring";
import { readInput, readPassphrase } from "./prompt";
import { type OutputFormat, outputOption, print } from "./output";

export const DEFAULT_HOME = path.join(os.homedir(), ".optd");

export interface KeyringOptions {
  home: string;
  keyringBackend: KeyringBackend;
  keyringDir?: string;
}

/** --home, --keyring-backend, --keyring-dir on a command. */
export function keyringOptions(command: Command): Command {
  return command
    .addOption(new Option("--home <dir>", "the client's home; keys live in <home>/keyring-<backend>").default(DEFAULT_HOME))
    .addOption(new Option("--keyring-backend <backend>", "file: each key encrypted with a passphrase; test: plain text, for localnets only").choices(["file", "test"]).default("file"))
    .option("--keyring-dir <dir>", "the keyring's directory (default <home>/keyring-<backend>)");
}

export function openKeyring(opts: KeyringOptions): Keyring {
  return new Keyring(opts.keyringDir ?? path.join(opts.home, `keyring-${opts.keyringBackend}`), opts.keyringBackend);
}

const keyringPassphrase = (name: string) => () => readPassphrase(`Passphrase of the keyring (key ${name})`);

function infoRow(info: KeyInfo) {
  return { name: info.name, type: "local", address: info.address, pubkey: JSON.stringify(pubkeyJson(info)), hd_path: info.hdPath };
}

export function keysCommand(): Command {
  const keys = keyringOptions(new Command("keys").description("manage the keys that sign transactions (secp256k1, BIP39 mnemonics, cosmos HD path)"));
  const parentOpts = (cmd: Command) => ({ ...keys.opts(), ...cmd.opts() }) as KeyringOptions & { output: OutputFormat };

  outputOption(
    keys
      .command("add")
      .description("create a new key and print its mnemonic once; with --recover, restore one from its mnemonic")
      .argument("<name>", "the key's name, used with --from")
      .option("--recover", "read an existing BIP39 mnemonic (prompt, or the first stdin line) instead of making one")
      .option("--hd-path <path>", "BIP44 path", "m/44'/118'/0'/0/0")
      .option("--no-backup", "do not print the new mnemonic (it cannot be shown again)"),
  ).action(async (name: string, opts: { recover?: boolean; hdPath: string; backup: boolean }, cmd: Command) => {
    const options = parentOpts(cmd);
    const keyring = openKeyring(options);
    if (keyring.has(name)) throw new Error(`a key named ${name} already exists; pick another name or run \`optd keys delete ${name}\` first`);
    const mnemonic = opts.recover ? await readInput("Enter your bip39 mnemonic: ", true) : newMnemonic();
    const passphrase = keyring.backend === "file" ? await readPassphrase("Enter a passphrase to encrypt your key", true) : undefined;
    const info = await keyring.add(name, mnemonic, passphrase, opts.hdPath);
    print(infoRow(info), options.output);
    if (!opts.recover && opts.backup) {
      process.stderr.write(
        "\n**Important** write this mnemonic phrase in a safe place. It is the only way to recover your account; it is not shown again.\n\n",
      );
      console.log(mnemonic);
    }
  });

  outputOption(keys.command("list").description("every key in the keyring, without secrets")).action((_opts, cmd: Command) => {
    const options = parentOpts(cmd);
    print(openKeyring(options).list().map(infoRow), options.output);
  });

  outputOption(
    keys
      .command("show")
      .description("a key's address and public key")
      .argument("<name>", "the key's name")
      .option("-a, --address", "print the address only")
      .addOption(new Option("--bech <prefix>", "acc: the account address; val: the validator operator address").choices(["acc", "val"]).default("acc"))
      .option("-p, --pubkey", "print the public key only"),
  ).action((name: string, opts: { address?: boolean; bech: "acc" | "val"; pubkey?: boolean }, cmd: Command) => {
    const options = parentOpts(cmd);
    const info = openKeyring(options).show(name);
    const address = opts.bech === "val" ? toValoper(accAddressBytes(info.address)) : info.address;
    if (opts.address) return console.log(address);
    if (opts.pubkey) return console.log(JSON.stringify(pubkeyJson(info)));
    print({ ...infoRow(info), address }, options.output);
  });

  keys
    .command("delete")
    .description("remove a key from the keyring (export it first if you may need it again)")
    .argument("<name>", "the key's name")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (name: string, opts: { yes?: boolean }, cmd: Command) => {
      const keyring = openKeyring(parentOpts(cmd));
      keyring.show(name);
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new Error(`refusing to delete ${name} without confirmation: pass --yes`);
        const answer = await readInput(`Delete key ${name}? It cannot be undone. [y/N]: `, false);
        if (!/^y(es)?$/i.test(answer.trim())) throw new Error("aborted: nothing deleted");
      }
      keyring.delete(name);
      console.error(`key ${name} deleted`);
    });

  keys
    .command("export")
    .description("print the key sealed under a new export passphrase (scrypt + AES-256-GCM), for `optd keys import`")
    .argument("<name>", "the key's name")
    .action(async (name: string, _opts, cmd: Command) => {
      const keyring = openKeyring(parentOpts(cmd));
      const exported = await keyring.export(name, keyringPassphrase(name), () => readPassphrase("Enter a passphrase to encrypt the exported key", true));
      console.log(JSON.stringify(exported, null, 2));
    });

  keys
    .command("import")
    .description("add a key from a file written by `optd keys export`")
    .argument("<name>", "the name to give the key here")
    .argument("<file>", "the exported key")
    .action(async (name: string, file: string, _opts, cmd: Command) => {
      const options = parentOpts(cmd);
      const keyring = openKeyring(options);
      const exported = JSON.parse(readFileSync(file, "utf8")) as ExportedKey;
      const exportPassphrase = await readPassphrase(`Passphrase of the exported key ${file}`);
      const passphrase = keyring.backend === "file" ? await readPassphrase("Enter a passphrase to encrypt the key in this keyring", true) : undefined;
      const info = await keyring.import(name, exported, exportPassphrase, passphrase);
      console.error(`imported ${info.name} (${info.address})`);
    });

  return keys;
}
