// `optd tx options …` and `optd query options …`: the options market from a shell, through the same CosmJS
// client and Registry a wallet uses. Answers are printed as JSON.
import { readFileSync } from "node:fs";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet, type EncodeObject } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { BECH32_PREFIX, DEFAULT_MIN_GAS_PRICE, DEFAULT_RPC_PORT } from "../app/config";
import { DEV_MNEMONIC, devHdPath, optchainRegistry } from "../client";
import {
  cancelOrderMsg,
  depositBackstopMsg,
  depositCollateralMsg,
  listSeriesMsg,
  OptionsQueries,
  placeOrderMsg,
  withdrawBackstopMsg,
  withdrawCollateralMsg,
} from "../client/options";
import { optchain } from "../proto/gen/optchain";
import { flag } from "./args";

export const OPTIONS_USAGE = `optd query options params|series [ID]|book ID|orders ADDR|account ADDR|marks ASSET|fund|backstop ADDR [--node URL]
  optd tx options deposit DENOM AMOUNT | withdraw DENOM AMOUNT | order SERIES buy|sell QTY PRICE [--tif gtc|ioc|post_only] [--client-id ID]
                  | cancel ORDER_ID | list UNDERLYING STRIKES EXPIRIES_UNIX KINDS SIZE | backstop-deposit AMOUNT | backstop-withdraw SHARES
                  --from DEV_INDEX | --mnemonic-file FILE [--hd-path PATH]  [--node URL]     (amounts and prices in base units: uusdc)`;

/** Positional arguments: everything that is not a --flag or a flag's value. */
function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith("--")) i++;
    else out.push(args[i]);
  }
  return out;
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
const list = (text: string | undefined, what: string) => {
  if (!text) throw new Error(`${what} is required\n  ${OPTIONS_USAGE}`);
  return text.split(",");
};

export async function runOptionsCli(kind: "tx" | "query", args: string[]): Promise<void> {
  const node = flag(args, "node") ?? `http://127.0.0.1:${DEFAULT_RPC_PORT}`;
  const [command, ...rest] = positional(args);
  if (kind === "query") return print(await query(node, command, rest));
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(
    flag(args, "mnemonic-file") ? readFileSync(flag(args, "mnemonic-file")!, "utf8").trim() : DEV_MNEMONIC,
    { prefix: BECH32_PREFIX, hdPaths: [flag(args, "hd-path") ? stringToPath(flag(args, "hd-path")!) : devHdPath(Number(flag(args, "from") ?? 0))] },
  );
  const [{ address }] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(node, wallet, { registry: optchainRegistry(), gasPrice: GasPrice.fromString(DEFAULT_MIN_GAS_PRICE) });
  try {
    const result = await client.signAndBroadcast(address, [txMessage(address, command, rest, args)], "auto");
    print({ height: result.height, txhash: result.transactionHash, code: result.code, raw_log: result.rawLog, gas_used: Number(result.gasUsed), responses: result.msgResponses.map(decodeResponse) });
    if (result.code !== 0) process.exitCode = 1;
  } finally {
    client.disconnect();
  }
}

function txMessage(owner: string, command: string, rest: string[], args: string[]): EncodeObject {
  switch (command) {
    case "deposit":
      return depositCollateralMsg(owner, rest[0], rest[1]);
    case "withdraw":
      return withdrawCollateralMsg(owner, rest[0], rest[1]);
    case "order": {
      const side = rest[1];
      if (side !== "buy" && side !== "sell") throw new Error(`side must be buy or sell, got ${side}`);
      const tif = (flag(args, "tif") ?? "gtc") as "gtc" | "ioc" | "post_only";
      return placeOrderMsg({ owner, seriesId: Number(rest[0]), side, quantity: Number(rest[2]), price: rest[3], timeInForce: tif, clientOrderId: flag(args, "client-id") });
    }
    case "cancel":
      return cancelOrderMsg(owner, Number(rest[0]));
    case "list":
      return listSeriesMsg({
        authority: owner,
        underlying: rest[0],
        strikes: list(rest[1], "STRIKES"),
        expiriesUnix: list(rest[2], "EXPIRIES_UNIX").map(Number),
        kinds: list(rest[3], "KINDS") as Array<"call" | "put">,
        contractSize: rest[4] ?? "1",
      });
    case "backstop-deposit":
      return depositBackstopMsg(owner, rest[0]);
    case "backstop-withdraw":
      return withdrawBackstopMsg(owner, rest[0]);
    default:
      throw new Error(`unknown options tx ${JSON.stringify(command)}\n  ${OPTIONS_USAGE}`);
  }
}

function decodeResponse(response: { typeUrl: string; value: Uint8Array }): unknown {
  const name = response.typeUrl.split(".").pop() as keyof typeof optchain.options.v1;
  const type = optchain.options.v1[name] as { decode?: (bytes: Uint8Array) => unknown } | undefined;
  return { type: response.typeUrl, value: type?.decode ? type.decode(response.value) : Buffer.from(response.value).toString("hex") };
}

async function query(node: string, command: string, rest: string[]): Promise<unknown> {
  const queries = await OptionsQueries.connect(node);
  try {
    switch (command) {
      case "params":
        return await queries.params();
      case "series":
        return rest[0] ? await queries.series(Number(rest[0])) : await queries.seriesList();
      case "book":
        return await queries.book(Number(rest[0]));
      case "orders":
        return await queries.orders(rest[0]);
      case "account":
        return await queries.account(rest[0]);
      case "marks":
        return await queries.marks(rest[0]);
      case "fund":
        return await queries.insuranceFund();
      case "backstop":
        return await queries.backstop(rest[0]);
      default:
        throw new Error(`unknown options query ${JSON.stringify(command)}\n  ${OPTIONS_USAGE}`);
    }
  } finally {
    queries.disconnect();
  }
}
