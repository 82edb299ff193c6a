// `optd query <module> <method>` for every query path the app answers, generated from the catalogue, plus
// `query tx`, `query block` and `status`.
import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { parse } from "smol-toml";
import { cometConfigPath } from "../localnet/genesis";
import { declareFields, fieldArgs, fieldsJson, kebab, snakeKeys } from "./fields";
import { type OutputFormat, outputOption, print } from "./output";
import { DEFAULT_NODE, abciQueryOk, rpc } from "./rpc";
import { type Catalogue, type QuerySchema, loadCatalogue } from "./schema";
import { nodeOption } from "./tx";
import { txFromBytes, txResult, unpackAnys } from "./txjson";

interface QueryOptions {
  node: string;
  output: OutputFormat;
  height?: string;
}

const methodName = (query: QuerySchema) => kebab(query.method).replace(/^-/, "");

function queryOptions(command: Command): Command {
  return outputOption(nodeOption(command)).option("--height <h>", "answer from the state at this height (default: the latest)");
}

export const QUERY_DESCRIPTION = "read the chain: one subcommand per module, one per query method; tx, block";

export function queryCommand(catalogue: Catalogue = loadCatalogue()): Command {
  const query = new Command("query").alias("q").description(QUERY_DESCRIPTION);
  const modules = new Map<string, Command>();
  for (const schema of catalogue.queries) {
    let group = modules.get(schema.module);
    if (!group) {
      group = query.command(schema.module).description(`${schema.module} queries`);
      modules.set(schema.module, group);
    }
    // optchain's own service may answer a method of the same name as the SDK's (staking validators): the SDK's keeps
    // the plain name, the other is prefixed with its package's first part.
    let name = methodName(schema);
    const clash = catalogue.queries.find((other) => other !== schema && other.module === schema.module && methodName(other) === name);
    if (clash && !schema.path.startsWith("/cosmos.")) name = `${schema.path.slice(1).split(".")[0]}-${name}`;
    const args = fieldArgs(schema.request);
    const command = group.command(name).description(`${schema.path}${schema.comment ? `: ${schema.comment.replace(/\s+/g, " ")}` : ""}${schema.request.comment ? ` (${schema.request.comment})` : ""}`);
    queryOptions(declareFields(command, args));
    command.action(async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const positionals = params.slice(0, args.filter((arg) => arg.positional).length) as Array<string | undefined>;
      const opts = cmd.opts() as QueryOptions & Record<string, unknown>;
      const request = schema.request.encode(schema.request.fromJson(fieldsJson(args, positionals, opts)));
      const answer = await abciQueryOk(opts.node, schema.path, request, opts.height);
      print(snakeKeys(unpackAnys(catalogue, schema.response.toJson(schema.response.decode(answer)))), opts.output);
    });
  }

  queryOptions(query.command("tx").description("a transaction by hash: its result and its decoded body").argument("<hash>", "the tx hash, hex")).action(
    async (hash: string, opts: QueryOptions) => {
      if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hash)) throw new Error(`${JSON.stringify(hash)} is not a tx hash (64 hex digits)`);
      const found = await rpc(opts.node, "tx", { hash: `0x${hash.replace(/^0x/, "")}` });
      print({ ...txResult(catalogue, found), tx: txFromBytes(catalogue, Buffer.from(found.tx, "base64")) }, opts.output);
    },
  );

  outputOption(nodeOption(query.command("block").description("a block's header and transactions (default: the latest)").argument("[height]", "the block's height"))).action(
    async (height: string | undefined, opts: QueryOptions) => {
      if (height !== undefined && !/^[1-9][0-9]*$/.test(height)) throw new Error(`${JSON.stringify(height)} is not a block height`);
      const { block, block_id } = await rpc(opts.node, "block", { height });
      const txs: string[] = block.data.txs ?? [];
      print(
        {
          height: block.header.height,
          hash: block_id.hash,
          time: block.header.time,
          chain_id: block.header.chain_id,
          proposer_address: block.header.proposer_address,
          app_hash: block.header.app_hash,
          last_commit_signatures: block.last_commit?.signatures?.length ?? 0,
          // A proposer may put non-Cosmos txs in a block (the oracle's vote-extension tally): shown as bytes.
          txs: txs.map((tx) => {
            try {
              return txFromBytes(catalogue, Buffer.from(tx, "base64"));
            } catch {
              return { raw_base64: tx };
            }
          }),
        },
        opts.output,
      );
    },
  );
  return query;
}

interface StatusOptions {
  node?: string;
  home?: string;
  output: OutputFormat;
}

/**
 * The RPC address a node's home listens on (config.toml's rpc.laddr), as a client dials it: a listener on every
 * interface is reached on loopback.
 */
function homeRpcAddress(home: string): string {
  const file = cometConfigPath(home);
  if (!existsSync(file)) throw new Error(`${file} not found: ${home} is not a node's home (optd init writes one); or pass --node tcp://HOST:PORT`);
  const laddr = (parse(readFileSync(file, "utf8")).rpc as { laddr?: unknown } | undefined)?.laddr;
  if (typeof laddr !== "string" || !/^tcp:\/\/[^/]+:\d+$/.test(laddr)) throw new Error(`${file}: rpc.laddr ${JSON.stringify(laddr)} is not tcp://HOST:PORT; pass --node`);
  return laddr.replace(/^tcp:\/\/(0\.0\.0\.0|\[::\]):/, "tcp://127.0.0.1:");
}

/**
 * The node's status in the SDK's `status` shape (NodeInfo, SyncInfo, ValidatorInfo): cosmovisor v1.5.0 runs
 * `<binary> status` with no flags and reads SyncInfo.latest_block_height from it to tell an upgrade-info.json
 * written too early, and operators' scripts read the same key. With no flags the node is the one whose home is
 * $DAEMON_HOME, cosmovisor's, as the SDK's binary finds its own node from its home's config.
 */
export function statusCommand(): Command {
  return outputOption(
    new Command("status")
      .description("the node's CometBFT status as the SDK prints it: NodeInfo, SyncInfo (latest_block_height, catching_up), ValidatorInfo")
      .option("--node <url>", `CometBFT RPC of a node: tcp://HOST:PORT or http://HOST:PORT (default: --home's rpc.laddr, else ${DEFAULT_NODE})`)
      .option("--home <dir>", "a node's home: its RPC address is read from <home>/cometbft/config/config.toml (default: $DAEMON_HOME when set)"),
    "json",
  ).action(async (opts: StatusOptions) => {
    const home = opts.home ?? process.env.DAEMON_HOME;
    const node = opts.node ?? (home ? homeRpcAddress(home) : DEFAULT_NODE);
    const { node_info, sync_info, validator_info } = await rpc(node, "status");
    print(
      {
        NodeInfo: node_info,
        SyncInfo: sync_info,
        ValidatorInfo: { Address: validator_info.address, PubKey: validator_info.pub_key, VotingPower: validator_info.voting_power },
      },
      opts.output,
    );
  });
}
