// `optd keys …`: named secp256k1 keys from BIP39 mnemonics, kept in a directory, one file a key.
//
// Backend "file" (the default) encrypts each key with a passphrase: scrypt (N=2^15, r=8, p=1) derives a 256-bit
// key from it, AES-256-GCM seals the mnemonic, and the GCM tag makes a wrong passphrase fail instead of yielding a
// wrong key. This is our own format, not the SDK's armor. Backend "test" stores the mnemonic in plain text, for
// localnets only. Both keep the address and public key in the clear so `list` and `show` need no passphrase.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Bip39, EnglishMnemonic, Random, stringToPath } from "@cosmjs/crypto";
import { toBase64 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { BECH32_PREFIX } from "../app/config";

export type KeyringBackend = "file" | "test";
export const KEYRING_BACKENDS: readonly KeyringBackend[] = ["file", "test"];
export const DEFAULT_HD_PATH = "m/44'/118'/0'/0/0";

/** What a key's file holds besides its secret. */
export interface KeyInfo {
  name: string;
  address: string;
  /** base64 compressed secp256k1 public key */
  pubkey: string;
  hdPath: string;
}

interface Sealed {
  kdf: "scrypt";
  n: number;
  r: number;
  p: number;
  salt: string;
  cipher: "aes-256-gcm";
  iv: string;
  tag: string;
  ciphertext: string;
}

interface KeyFile extends KeyInfo {
  version: 1;
  backend: KeyringBackend;
  /** test backend only */
  mnemonic?: string;
  /** file backend only */
  sealed?: Sealed;
}

/** An exported key: the mnemonic sealed under the export passphrase, with the key's public facts. */
export interface ExportedKey extends KeyInfo {
  type: "optd-exported-key";
  version: 1;
  sealed: Sealed;
}

const SCRYPT = { n: 1 << 15, r: 8, p: 1 };
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class KeyringError extends Error {}

function seal(secret: string, passphrase: string): Sealed {
  if (passphrase.length < 8) throw new KeyringError("the passphrase must have at least 8 characters");
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase, salt, 32, { N: SCRYPT.n, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return { kdf: "scrypt", ...SCRYPT, salt: salt.toString("base64"), cipher: "aes-256-gcm", iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), ciphertext: ciphertext.toString("base64") };
}

function unseal(sealed: Sealed, passphrase: string, what: string): string {
  if (sealed.kdf !== "scrypt" || sealed.cipher !== "aes-256-gcm") throw new KeyringError(`${what}: unknown encryption ${sealed.kdf}/${sealed.cipher}`);
  // Bounded so a crafted file cannot make scrypt take the machine's memory.
  if (!(sealed.n <= 1 << 20 && sealed.r <= 16 && sealed.p <= 4)) throw new KeyringError(`${what}: scrypt parameters out of range`);
  const key = scryptSync(passphrase, Buffer.from(sealed.salt, "base64"), 32, { N: sealed.n, r: sealed.r, p: sealed.p, maxmem: 256 * 1024 * 1024 });
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new KeyringError(`${what}: wrong passphrase`);
  }
}

export function newMnemonic(): string {
  return Bip39.encode(Random.getBytes(32)).toString();
}

/** The mnemonic in normal form, or a KeyringError saying why it is not one. */
export function checkMnemonic(text: string): string {
  const words = text.trim().split(/\s+/).join(" ");
  try {
    return new EnglishMnemonic(words).toString();
  } catch (err) {
    throw new KeyringError(`not a valid BIP39 mnemonic: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function walletFromMnemonic(mnemonic: string, hdPath = DEFAULT_HD_PATH): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: BECH32_PREFIX, hdPaths: [stringToPath(hdPath)] });
}

async function infoOf(name: string, mnemonic: string, hdPath: string): Promise<KeyInfo> {
  const [account] = await (await walletFromMnemonic(mnemonic, hdPath)).getAccounts();
  return { name, address: account.address, pubkey: toBase64(account.pubkey), hdPath };
}

export class Keyring {
  constructor(
    readonly dir: string,
    readonly backend: KeyringBackend,
  ) {
    if (!KEYRING_BACKENDS.includes(backend)) throw new KeyringError(`--keyring-backend must be one of ${KEYRING_BACKENDS.join(", ")}, got ${backend}`);
  }

  private file(name: string): string {
    if (!KEY_NAME.test(name)) throw new KeyringError(`bad key name ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-' (at most 64)`);
    return path.join(this.dir, `${name}.key.json`);
  }

  has(name: string): boolean {
    return existsSync(this.file(name));
  }

  private read(name: string): KeyFile {
    const file = this.file(name);
    if (!existsSync(file)) throw new KeyringError(`no key named ${name} in ${this.dir} (backend ${this.backend}); see \`optd keys list\`, or create it with \`optd keys add ${name}\``);
    return JSON.parse(readFileSync(file, "utf8")) as KeyFile;
  }

  /** Stores a new key; `passphrase` is needed by the file backend only. Refuses to replace an existing key. */
  async add(name: string, mnemonic: string, passphrase: string | undefined, hdPath = DEFAULT_HD_PATH): Promise<KeyInfo> {
    const file = this.file(name);
    if (existsSync(file)) throw new KeyringError(`a key named ${name} already exists in ${this.dir}; delete it first with \`optd keys delete ${name}\``);
    const normal = checkMnemonic(mnemonic);
    const info = await infoOf(name, normal, hdPath);
    const duplicate = this.list().find((other) => other.address === info.address);
    if (duplicate) throw new KeyringError(`this key is already in the keyring as ${duplicate.name}`);
    let record: KeyFile;
    if (this.backend === "file") {
      if (passphrase === undefined) throw new KeyringError("the file backend needs a passphrase");
      record = { version: 1, backend: "file", ...info, sealed: seal(normal, passphrase) };
    } else {
      record = { version: 1, backend: "test", ...info, mnemonic: normal };
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Written whole under a temporary name first, so a crash never leaves half a key behind.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(record, null, 2), { mode: 0o600, flag: "wx" });
    renameSync(temporary, file);
    return info;
  }

  list(): KeyInfo[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((entry) => entry.endsWith(".key.json"))
      .sort()
      .map((entry) => {
        const { name, address, pubkey, hdPath } = JSON.parse(readFileSync(path.join(this.dir, entry), "utf8")) as KeyFile;
        return { name, address, pubkey, hdPath };
      });
  }

  show(name: string): KeyInfo {
    const { address, pubkey, hdPath } = this.read(name);
    return { name, address, pubkey, hdPath };
  }

  delete(name: string): void {
    this.read(name);
    rmSync(this.file(name));
  }

  /** The key's mnemonic; asks for the passphrase (file backend) only when called. */
  async mnemonic(name: string, passphrase: () => Promise<string>): Promise<string> {
    const record = this.read(name);
    if (record.backend !== this.backend) throw new KeyringError(`${name} belongs to the ${record.backend} backend; pass --keyring-backend ${record.backend}`);
    if (record.backend === "test") return record.mnemonic!;
    return unseal(record.sealed!, await passphrase(), `key ${name}`);
  }

  async signer(name: string, passphrase: () => Promise<string>): Promise<DirectSecp256k1HdWallet> {
    const info = this.show(name);
    return walletFromMnemonic(await this.mnemonic(name, passphrase), info.hdPath);
  }

  async export(name: string, passphrase: () => Promise<string>, exportPassphrase: () => Promise<string>): Promise<ExportedKey> {
    const info = this.show(name);
    const mnemonic = await this.mnemonic(name, passphrase);
    return { type: "optd-exported-key", version: 1, ...info, sealed: seal(mnemonic, await exportPassphrase()) };
  }

  async import(name: string, exported: ExportedKey, exportPassphrase: string, passphrase: string | undefined): Promise<KeyInfo> {
    if (exported.type !== "optd-exported-key") throw new KeyringError("not a key written by `optd keys export`");
    const mnemonic = unseal(exported.sealed, exportPassphrase, "exported key");
    const info = await this.add(name, mnemonic, passphrase, exported.hdPath);
    if (info.address !== exported.address) {
      this.delete(name);
      throw new KeyringError(`the exported key's address ${exported.address} does not match its secret`);
    }
    return info;
  }
}

/** For `keys show --pubkey`: the key in the SDK's JSON form. */
export const pubkeyJson = (info: KeyInfo) => ({ "@type": "/cosmos.crypto.secp256k1.PubKey", key: info.pubkey });
