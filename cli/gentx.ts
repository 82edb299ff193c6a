// `optd genesis gentx` and `optd genesis collect-gentxs`: the SDK's genutil join flow. Each founding validator
// signs its own MsgCreateValidator into a file; the coordinator collects the files into the genesis.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { MsgCreateValidator } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { parse } from "smol-toml";
import { accAddressBytes, toValoper } from "../app/address";
import { STAKE_DENOM } from "../app/config";
import { MSG_CREATE_VALIDATOR, genesisTxs } from "../app/genutil";
import { decFromString } from "../lib/fixed";
import { ED25519_PUBKEY_TYPE_URL } from "../modules/staking/keeper";
import { cometConfigDir, cometConfigPath, consensusPubkey, genesisPath, readNodeConfig, validateGenesisFile } from "../localnet/genesis";
import { setToml } from "../localnet/toml";
import type { KeyringBackend } from "./keyring";
import { openKeyring } from "./keys";
import { loadCatalogue } from "./schema";
import { type TxJson, readTxJson, signTx, txBytes, txFromBytes, unsignedTx } from "./txjson";

/** The SDK's gentx gas limit (flags.DefaultGasLimit); the tx pays no fee. */
const GENTX_GAS = "200000";

export interface GentxOptions {
  home: string;
  keyName: string;
  /** The self-delegation, as a coin: 100000000uopt. */
  amount: string;
  chainId: string;
  keyringBackend: KeyringBackend;
  passphrase: () => Promise<string>;
  moniker?: string;
  commissionRate?: string;
  commissionMaxRate?: string;
  commissionMaxChangeRate?: string;
  minSelfDelegation?: string;
  /** The address peers dial this node on, for the memo `<node id>@<ip>:<p2p port>`. */
  ip?: string;
}

export const gentxDir = (home: string) => path.join(cometConfigDir(home), "gentx");

/** CometBFT's node id: the first 20 bytes of sha256 of the node key's ed25519 public key, in hex. */
export function nodeId(home: string): string {
  const key = JSON.parse(readFileSync(path.join(cometConfigDir(home), "node_key.json"), "utf8"));
  const pubkey = Buffer.from(key.priv_key.value, "base64").subarray(32);
  return createHash("sha256").update(pubkey).digest().subarray(0, 20).toString("hex");
}

function p2pPort(home: string): string {
  const laddr = (parse(readFileSync(cometConfigPath(home), "utf8")).p2p as { laddr?: string } | undefined)?.laddr ?? "";
  return /:([0-9]+)$/.exec(laddr)?.[1] ?? "26656";
}

function parseCoin(text: string): { denom: string; amount: string } {
  const match = /^([1-9][0-9]{0,30})([a-zA-Z][a-zA-Z0-9/:._-]*)$/.exec(text);
  if (!match) throw new Error(`AMOUNT must be a positive coin like 100000000${STAKE_DENOM}, got "${text}"`);
  return { amount: match[1], denom: match[2] };
}

function rate(text: string, flag: string): string {
  if (!/^(0|1|0?\.[0-9]{1,18}|1\.0{1,18})$/.test(text)) throw new Error(`${flag} must be a decimal in [0, 1], got "${text}"`);
  return decFromString(text).toString();
}

/** Writes the home's gentx and returns its path. */
export async function createGentx(options: GentxOptions): Promise<string> {
  const keyring = openKeyring({ home: options.home, keyringBackend: options.keyringBackend });
  const info = keyring.show(options.keyName);
  const accountBytes = Buffer.from(accAddressBytes(info.address));
  const coin = parseCoin(options.amount);
  const genesisFile = genesisPath(options.home);
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  const balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }> = genesis.app_state?.bank?.balances ?? [];
  const entry = balances.find((balance) => accountBytes.equals(accAddressBytes(balance.address)));
  if (!entry) throw new Error(`${info.address} (key ${options.keyName}) is not in ${genesisFile}: add it first with \`optd genesis add-account ${info.address} ${options.amount}\``);
  const held = BigInt(entry.coins.find((c) => c.denom === coin.denom)?.amount ?? "0");
  if (held < BigInt(coin.amount)) {
    throw new Error(`${info.address} holds ${held}${coin.denom} in ${genesisFile}, less than the ${options.amount} to self-delegate: fund it with \`optd genesis add-account\``);
  }
  const id = nodeId(options.home);
  const msg = MsgCreateValidator.fromPartial({
    description: { moniker: options.moniker ?? readNodeConfig(options.home).moniker },
    commission: {
      rate: rate(options.commissionRate ?? "0.1", "--commission-rate"),
      maxRate: rate(options.commissionMaxRate ?? "0.2", "--commission-max-rate"),
      maxChangeRate: rate(options.commissionMaxChangeRate ?? "0.01", "--commission-max-change-rate"),
    },
    minSelfDelegation: parseCoin(`${options.minSelfDelegation ?? "1"}${coin.denom}`).amount,
    delegatorAddress: info.address,
    validatorAddress: toValoper(accountBytes),
    pubkey: { typeUrl: ED25519_PUBKEY_TYPE_URL, value: Ed25519PubKey.encode({ key: fromBase64(consensusPubkey(options.home)) }).finish() },
    value: coin,
  });
  const catalogue = loadCatalogue();
  const memo = `${id}@${options.ip ?? "127.0.0.1"}:${p2pPort(options.home)}`;
  const unsigned = unsignedTx(catalogue, [{ typeUrl: MSG_CREATE_VALIDATOR, value: msg }], { amount: [], gas: GENTX_GAS }, memo);
  // Account number 0, sequence 0: the accounts are numbered only when the chain starts (the SDK signs gentxs so).
  const wallet = await keyring.signer(options.keyName, options.passphrase);
  const signed = await signTx(catalogue, unsigned, wallet, { address: info.address, pubkey: fromBase64(info.pubkey) }, options.chainId, { accountNumber: 0n, sequence: 0n });
  mkdirSync(gentxDir(options.home), { recursive: true });
  const file = path.join(gentxDir(options.home), `gentx-${id}.json`);
  writeFileSync(file, JSON.stringify(signed, null, 2));
  return file;
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${sortedJson(object[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A gentx file's bytes, refused unless the file is exactly what those bytes read back as (one encoding only). */
function gentxBytes(file: string): { bytes: Uint8Array; memo: string } {
  const catalogue = loadCatalogue();
  const tx: TxJson = readTxJson(readFileSync(file, "utf8"), file);
  let bytes: Uint8Array;
  try {
    bytes = txBytes(catalogue, tx);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  if (sortedJson(txFromBytes(catalogue, bytes)) !== sortedJson(tx)) throw new Error(`${file}: not in canonical form (fields that its bytes do not carry, or spelled otherwise)`);
  try {
    genesisTxs({ gen_txs: [toBase64(bytes)] });
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message.replace(/^gentx 0 /, "")}`);
  }
  return { bytes, memo: tx.body.memo };
}

/**
 * Puts every gentx of the directory (by file name) into the home's genesis, after checking that the genesis
 * then starts (the app's own InitChain, as `optd genesis validate`); writes nothing otherwise. Sets the home's
 * persistent_peers from the other gentxs' memos, as the SDK does. Returns the files taken and the peers.
 */
export function collectGentxs(home: string, dir = gentxDir(home)): { files: string[]; peers: string } {
  if (!existsSync(dir)) throw new Error(`no gentx directory ${dir}: each validator writes one with \`optd genesis gentx\``);
  const files = readdirSync(dir).filter((name) => name.endsWith(".json")).sort().map((name) => path.join(dir, name));
  if (files.length === 0) throw new Error(`no gentx files in ${dir}`);
  const txs = files.map(gentxBytes);
  const ownId = nodeId(home);
  const peers = txs
    .map(({ memo }, i) => {
      if (!/^[0-9a-f]{40}@[^\s@,:]+:[0-9]{1,5}$/.test(memo)) throw new Error(`${files[i]}: memo "${memo}" is not <node id>@<host>:<port>`);
      return memo;
    })
    .filter((memo) => !memo.startsWith(`${ownId}@`))
    .join(",");
  const genesisFile = genesisPath(home);
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  genesis.app_state = { ...(genesis.app_state ?? {}), genutil: { gen_txs: txs.map(({ bytes }) => toBase64(bytes)) } };
  const text = JSON.stringify(genesis, null, 2);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "optd-collect-"));
  try {
    writeFileSync(path.join(scratch, "genesis.json"), text);
    validateGenesisFile(path.join(scratch, "genesis.json"));
  } catch (err) {
    const message = (err as Error).message;
    const index = /^gentx ([0-9]+) /.exec(message);
    throw new Error(index ? `${files[Number(index[1])]}: ${message}` : message);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(genesisFile, text);
  writeFileSync(cometConfigPath(home), setToml(readFileSync(cometConfigPath(home), "utf8"), "p2p", "persistent_peers", peers));
  return { files, peers };
}
