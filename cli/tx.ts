// `optd tx <module> <action>` for every message the app routes, generated from the catalogue, plus `tx sign` and
// `tx broadcast` for offline signing.
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { calculateFee, GasPrice } from "@cosmjs/stargate";
import { fromBase64 } from "@cosmjs/encoding";
import { accAddressBytes, toValoper } from "../app/address";
import { DEFAULT_MIN_GAS_PRICE } from "../app/config";
import { devAccountWallet } from "../client";
import { declareFields, fieldArgs, fieldsJson, kebab } from "./fields";
import { type KeyringOptions, keyringOptions, openKeyring } from "./keys";
import { type OutputFormat, outputOption, print, toJson } from "./output";
import { readPassphrase } from "./prompt";
import { DEFAULT_NODE, chainIdOf } from "./rpc";
import { type Catalogue, type MsgSchema, loadCatalogue } from "./schema";
import { type CoinJson, type SignerAccount, type TxJson, accountOf, broadcast, packAnys, readTxJson, signTx, simulateGas, txBytes, unsignedTx } from "./txjson";

/** Chain ids of throwaway local chains (the localnet's optchain-local-1): only there may the public dev keys sign. */
export const LOCAL_CHAIN_ID = /-local-[A-Za-z0-9]+$/;

interface TxOptions extends KeyringOptions {
  from?: string;
  node: string;
  chainId?: string;
  output: OutputFormat;
  gas: string;
  gasAdjustment: string;
  gasPrices: string;
  fees?: string;
  memo: string;
  generateOnly?: boolean;
  feePayer?: string;
  feeGranter?: string;
}

export function nodeOption(command: Command): Command {
  return command.addOption(new Option("--node <url>", "CometBFT RPC of a node: tcp://HOST:PORT or http://HOST:PORT").default(DEFAULT_NODE));
}

function txOptions(command: Command): Command {
  keyringOptions(outputOption(nodeOption(command), "json"))
    .option("--from <name>", "the keyring key that signs (see `optd keys list`)")
    .option("--chain-id <id>", "the chain's id (default: asked from --node)")
    .option("--gas <auto|n>", "gas limit, or auto: the app's simulation × --gas-adjustment", "auto")
    .option("--gas-adjustment <x>", "factor on the simulated gas", "1.3")
    .option("--gas-prices <price>", "fee per unit of gas, when --fees is not given", DEFAULT_MIN_GAS_PRICE)
    .option("--fees <coins>", "the fee itself, like 5000uopt (instead of gas × --gas-prices)")
    .option("--memo <text>", "the tx's memo", "")
    .option("--fee-payer <address>", "another account that pays the fee (it must sign too)")
    .option("--fee-granter <address>", "an account whose fee grant pays")
    .option("--generate-only", "print the unsigned tx as JSON and stop; sign it with `optd tx sign`");
  return command;
}

/** Who signs: a keyring key by name (or by its address), or on a local chain only the public dev accounts. */
async function resolveSigner(opts: TxOptions, chainId: () => Promise<string>): Promise<SignerAccount & { wallet: () => Promise<OfflineDirectSigner> }> {
  const keyring = openKeyring(opts);
  if (opts.from !== undefined) {
    const name = keyring.has(opts.from) ? opts.from : keyring.list().find((key) => key.address === opts.from)?.name;
    if (name) {
      const info = keyring.show(name);
      return { address: info.address, pubkey: fromBase64(info.pubkey), wallet: () => keyring.signer(name, () => readPassphrase(`Passphrase of the keyring (key ${name})`)) };
    }
    if (/^[0-9]$/.test(opts.from) && LOCAL_CHAIN_ID.test(await chainId())) return devSigner(Number(opts.from));
    const other = opts.keyringBackend === "file" ? "test" : "file";
    if (!opts.keyringDir && openKeyring({ ...opts, keyringBackend: other }).has(opts.from)) {
      throw new Error(`no key ${JSON.stringify(opts.from)} in the ${opts.keyringBackend} backend, but there is one in the ${other} backend: pass --keyring-backend ${other}`);
    }
    throw new Error(
      `no key ${JSON.stringify(opts.from)} in ${keyring.dir}: see \`optd keys list --keyring-backend ${keyring.backend}\`, ` +
        `or create it with \`optd keys add ${opts.from}\` (\`--recover\` to restore one from its mnemonic)`,
    );
  }
  const id = await chainId();
  if (LOCAL_CHAIN_ID.test(id)) {
    process.stderr.write(`no --from: signing with the public dev account 0, as ${id} is a local chain\n`);
    return devSigner(0);
  }
  throw new Error(
    `--from is required on ${id}: create a key with \`optd keys add NAME\` (or \`optd keys add NAME --recover\` for an existing mnemonic), ` +
      "fund its address, and pass --from NAME (the public dev accounts sign only on *-local-* chains)",
  );
}

async function devSigner(index: number) {
  const wallet = await devAccountWallet(index);
  const [account] = await wallet.getAccounts();
  return { address: account.address, pubkey: account.pubkey, wallet: async () => wallet };
}

function parseFeeCoins(text: string): CoinJson[] {
  return text
    .split(",")
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const match = /^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{1,127})$/.exec(part.trim());
      if (!match) throw new Error(`--fees: ${JSON.stringify(part)} is not a coin: write AMOUNTDENOM, like 5000uopt`);
      return { denom: match[2], amount: match[1] };
    });
}

/** Builds, (unless --generate-only) signs and broadcasts one message, printing the result. */
async function runMsg(catalogue: Catalogue, msg: MsgSchema, json: Record<string, unknown>, opts: TxOptions): Promise<void> {
  let chainId: string | undefined = opts.chainId;
  const getChainId = async () => (chainId ??= await chainIdOf(opts.node));
  const signer = await resolveSigner(opts, getChainId);
  if (msg.signerField) json[msg.signerField.name] = msg.signerField.bech === "val" ? toValoper(accAddressBytes(signer.address)) : signer.address;
  const value = msg.fromJson(packAnys(catalogue, json) as Record<string, unknown>);
  try {
    msg.handler.checkStateless(value);
  } catch (err) {
    throw new Error(`the chain would refuse this ${msg.typeUrl}: ${err instanceof Error ? err.message : String(err)}\n(see \`${commandPath(msg)} --help\`)`);
  }
  const gasPrice = GasPrice.fromString(opts.gasPrices);
  const draft = unsignedTx(catalogue, [{ typeUrl: msg.typeUrl, value }], { amount: [], gas: "0", payer: opts.feePayer, granter: opts.feeGranter }, opts.memo);
  let gas: number;
  let account: { accountNumber: bigint; sequence: bigint } | undefined;
  if (opts.gas === "auto") {
    account = await accountOf(opts.node, signer.address);
    gas = Math.ceil((await simulateGas(catalogue, opts.node, draft, signer, account.sequence)) * Number(opts.gasAdjustment));
  } else {
    if (!/^[1-9][0-9]*$/.test(opts.gas)) throw new Error(`--gas: want auto or a whole number, got ${opts.gas}`);
    gas = Number(opts.gas);
  }
  const fee = opts.fees !== undefined ? parseFeeCoins(opts.fees) : calculateFee(gas, gasPrice).amount.map(({ denom, amount }) => ({ denom, amount }));
  const tx: TxJson = { ...draft, auth_info: { ...draft.auth_info, fee: { ...draft.auth_info.fee, amount: fee, gas_limit: String(gas) } } };
  if (opts.generateOnly) return console.log(toJson(tx, 2));
  account ??= await accountOf(opts.node, signer.address);
  const signed = await signTx(catalogue, tx, await signer.wallet(), signer, await getChainId(), account);
  const result = await broadcast(catalogue, opts.node, txBytes(catalogue, signed));
  print(result, opts.output);
  if (result.code !== 0) process.exitCode = 1;
}

const actionName = (msg: MsgSchema) => kebab(msg.typeUrl.split(".").pop()!.replace(/^Msg/, "")).replace(/^-/, "");
export const commandPath = (msg: MsgSchema) => `optd tx ${msg.module} ${actionName(msg)}`;

export const TX_DESCRIPTION = "build, sign and broadcast transactions: one subcommand per module, one action per message; sign, broadcast";

export function txCommand(catalogue: Catalogue = loadCatalogue()): Command {
  const tx = new Command("tx").description(TX_DESCRIPTION);
  const modules = new Map<string, Command>();
  for (const msg of catalogue.msgs) {
    let group = modules.get(msg.module);
    if (!group) {
      group = tx.command(msg.module).description(`${msg.module} transactions`);
      modules.set(msg.module, group);
    }
    const action = actionName(msg);
    if (group.commands.some((existing) => existing.name() === action)) throw new Error(`two messages map to \`optd tx ${msg.module} ${action}\`: ${msg.typeUrl}`);
    const args = fieldArgs(msg, msg.signerField?.name);
    const signedBy = msg.signerField ? `; ${msg.signerField.name} is the --from key's ${msg.signerField.bech === "val" ? "operator address" : "address"}` : "";
    const command = group.command(action).description(`${msg.typeUrl}${msg.comment ? `: ${msg.comment.replace(/\s+/g, " ")}` : ""}${signedBy}`);
    txOptions(declareFields(command, args));
    command.action(async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const positionals = params.slice(0, args.filter((arg) => arg.positional).length) as Array<string | undefined>;
      const opts = cmd.opts() as TxOptions & Record<string, unknown>;
      await runMsg(catalogue, msg, fieldsJson(args, positionals, opts), opts);
    });
  }

  txOptions(
    tx
      .command("sign")
      .description("sign a tx written by --generate-only (account number and sequence from --node, or --offline with both given)")
      .argument("<file>", "the unsigned tx JSON")
      .option("--offline", "do not ask the node: needs --chain-id, --account-number and --sequence")
      .option("--account-number <n>", "the signer's account number")
      .option("--sequence <n>", "the signer's sequence"),
  ).action(async (file: string, opts: TxOptions & { offline?: boolean; accountNumber?: string; sequence?: string }) => {
    const tx = readTxJson(readFileSync(file, "utf8"), file);
    let chainId = opts.chainId;
    if (opts.offline && (chainId === undefined || opts.accountNumber === undefined || opts.sequence === undefined)) {
      throw new Error("--offline needs --chain-id, --account-number and --sequence (see `optd query auth account ADDRESS` on a machine online)");
    }
    const getChainId = async () => (chainId ??= await chainIdOf(opts.node));
    const signer = await resolveSigner(opts, getChainId);
    const account = opts.offline
      ? { accountNumber: BigInt(opts.accountNumber!), sequence: BigInt(opts.sequence!) }
      : { ...(await accountOf(opts.node, signer.address)), ...(opts.accountNumber ? { accountNumber: BigInt(opts.accountNumber) } : {}), ...(opts.sequence ? { sequence: BigInt(opts.sequence) } : {}) };
    const signed = await signTx(catalogue, tx, await signer.wallet(), signer, await getChainId(), account);
    console.log(toJson(signed, 2));
  });

  outputOption(nodeOption(tx.command("broadcast").description("send a tx signed by `optd tx sign` and wait for its block").argument("<file>", "the signed tx JSON")), "json").action(
    async (file: string, opts: { node: string; output: OutputFormat }) => {
      const tx = readTxJson(readFileSync(file, "utf8"), file);
      if (tx.signatures.length === 0) throw new Error(`${file} is not signed: run \`optd tx sign ${file} --from NAME > signed.json\` first`);
      const result = await broadcast(catalogue, opts.node, txBytes(catalogue, tx));
      print(result, opts.output);
      if (result.code !== 0) process.exitCode = 1;
    },
  );
  return tx;
}

