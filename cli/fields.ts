// A protobuf type's fields as command-line arguments: each scalar field is an optional positional argument and a
// flag, coins are written as "10uopt,5uusdc", other nested fields take JSON, and --json gives the whole message.
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { accAddressBytes, valoperBytes } from "../app/address";
import { VALOPER_PREFIX } from "../app/config";
import type { FieldSchema, TypeSchema } from "./schema";

export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (name: string) => name.replace(/[_-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Flags every generated command already has; a field with such a name gets --msg-<name> instead. */
export const RESERVED_FLAGS = new Set([
  "from", "node", "chain-id", "output", "gas", "gas-prices", "gas-adjustment", "fees", "memo", "generate-only", "json", "home",
  "keyring-backend", "keyring-dir", "help", "height", "account-number", "sequence", "offline", "yes", "limit", "page-key",
]);

export interface FieldArg {
  field: FieldSchema;
  flag: string;
  /** also given as an optional positional argument, in field order */
  positional: boolean;
}

const isCoin = (field: FieldSchema) => field.kind === "message" && field.fields?.length === 2 && field.fields.every((f) => f.name === "denom" || f.name === "amount");
const isPagination = (field: FieldSchema) => field.name === "pagination" && field.kind === "message";

/** Fields whose strings are addresses: checked as bech32 before anything is sent. */
const ADDRESS_FIELD = /(address|addr)$|^(owner|authority|feeder|operator|delegate|bidder|guardian|proposer|depositor|voter|sender|recipient|validator|delegator|grantee|granter)$/i;

export function fieldArgs(schema: TypeSchema, skip?: string): FieldArg[] {
  return schema.fields
    .filter((field) => field.name !== skip)
    .map((field) => {
      const name = kebab(field.name);
      const flag = RESERVED_FLAGS.has(name) ? `msg-${name}` : name;
      const positional = !isPagination(field) && (isCoin(field) || ["string", "int", "bool", "enum"].includes(field.kind));
      return { field, flag, positional };
    });
}

function describe(field: FieldSchema): string {
  const parts: string[] = [];
  if (field.comment) parts.push(field.comment.replace(/\s+/g, " "));
  if (isCoin(field)) parts.push(field.repeated ? "coins, like 10uopt,5uusdc" : "a coin, like 10uopt");
  else if (field.kind === "enum") parts.push(`one of ${field.enumValues!.map(shortEnum(field.enumValues!)).join(", ")}`);
  else if (field.kind === "message" || field.kind === "any") parts.push(`JSON${field.repeated ? " array" : ""} (or @FILE)${field.kind === "any" ? '; messages as {"@type": "/…", …}' : ""}`);
  else if (field.kind === "bytes") parts.push("hex");
  else if (field.kind === "bool") parts.push("true or false");
  else if (field.kind === "int") parts.push("an integer");
  if (field.repeated && !isCoin(field) && field.kind !== "message" && field.kind !== "any") parts.push("comma-separated");
  if (field.kind === "string" && ADDRESS_FIELD.test(field.name)) parts.push("bech32 address");
  return parts.join("; ");
}

/** The part of an enum value's name after the prefix all its values share: SIDE_BUY → buy. */
const shortEnum = (values: string[]) => {
  const prefix = values.length > 1 ? commonPrefix(values) : "";
  return (value: string) => value.slice(prefix.length).toLowerCase();
};
function commonPrefix(values: string[]): string {
  let prefix = values[0].slice(0, values[0].lastIndexOf("_") + 1);
  while (prefix && !values.every((value) => value.startsWith(prefix))) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf("_") + 1);
  return prefix;
}

/** Declares the fields' positional arguments and flags, plus --json, on a command. */
export function declareFields(command: Command, args: FieldArg[]): Command {
  for (const arg of args.filter((a) => a.positional)) command.argument(`[${arg.flag}]`, describe(arg.field));
  for (const arg of args) command.addOption(new Option(`--${arg.flag} <value>`, describe(arg.field)));
  if (args.some((arg) => isPagination(arg.field))) {
    command.option("--limit <n>", "page size").option("--page-key <base64>", "the next_key of the previous page");
  }
  return command.option("--json <json>", "the whole message as JSON, or @FILE; flags and arguments override its fields");
}

const readJsonArg = (text: string, what: string): unknown => {
  const source = text.startsWith("@") ? readFileSync(text.slice(1), "utf8") : text;
  try {
    return JSON.parse(source);
  } catch (err) {
    throw new Error(`${what}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
};

/** snake_case or camelCase keys to camelCase, at every depth; "@type" stays. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key === "@type" ? key : camel(key), camelKeys(inner)]));
  }
  return value;
}

/** camelCase keys to snake_case, as the SDK's CLI prints them. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key === "@type" ? key : snake(key), snakeKeys(inner)]));
  }
  return value;
}

const COIN = /^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{1,127})$/;

function parseCoin(text: string, flag: string): { denom: string; amount: string } {
  const match = COIN.exec(text.trim());
  if (!match) throw new Error(`--${flag}: ${JSON.stringify(text)} is not a coin: write AMOUNTDENOM, like 1000uopt`);
  return { denom: match[2], amount: match[1] };
}

function checkAddress(text: string, flag: string): void {
  try {
    if (text.startsWith(`${VALOPER_PREFIX}1`)) valoperBytes(text);
    else accAddressBytes(text);
  } catch (err) {
    throw new Error(`--${flag}: ${JSON.stringify(text)} is not a valid address (${err instanceof Error ? err.message : String(err)}); see \`optd keys show NAME --address\``);
  }
}

function scalar(field: FieldSchema, text: string, flag: string): unknown {
  switch (field.kind) {
    case "string":
      if (ADDRESS_FIELD.test(field.name) && text !== "") checkAddress(text, flag);
      return text;
    case "int":
      if (!/^-?[0-9]+$/.test(text)) throw new Error(`--${flag}: ${JSON.stringify(text)} is not an integer`);
      return text;
    case "bool":
      if (text !== "true" && text !== "false") throw new Error(`--${flag}: want true or false, got ${JSON.stringify(text)}`);
      return text === "true";
    case "bytes": {
      const hex = text.replace(/^0x/, "");
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`--${flag}: want hex bytes, got ${JSON.stringify(text)}`);
      return Buffer.from(hex, "hex").toString("base64");
    }
    case "enum": {
      const values = field.enumValues!;
      const short = shortEnum(values);
      const found = values.find((value) => value === text.toUpperCase() || short(value) === text.toLowerCase());
      if (!found) throw new Error(`--${flag}: ${JSON.stringify(text)} is not one of ${values.map(short).join(", ")}`);
      return found;
    }
    default:
      throw new Error(`--${flag}: unexpected field kind ${field.kind}`);
  }
}

/** One field's proto3 JSON value from its command-line text. */
function fieldValue(arg: FieldArg, text: string): unknown {
  const { field, flag } = arg;
  if (isCoin(field)) {
    const coins = text.split(",").filter((part) => part.trim() !== "").map((part) => parseCoin(part, flag));
    if (!field.repeated && coins.length !== 1) throw new Error(`--${flag}: want one coin, like 1000uopt`);
    return field.repeated ? coins : coins[0];
  }
  if (field.kind === "message" || field.kind === "any") return readJsonArg(text, `--${flag}`);
  if (field.repeated) return text === "" ? [] : text.split(",").map((part) => scalar(field, part.trim(), flag));
  return scalar(field, text, flag);
}

/** The message's proto3 JSON from --json, positional arguments and flags, in that order of precedence (last wins). */
export function fieldsJson(args: FieldArg[], positionals: Array<string | undefined>, opts: Record<string, unknown>): Record<string, unknown> {
  const base = opts.json === undefined ? {} : readJsonArg(String(opts.json), "--json");
  if (!base || typeof base !== "object" || Array.isArray(base)) throw new Error("--json: want a JSON object");
  const json = camelKeys(base) as Record<string, unknown>;
  const positional = args.filter((arg) => arg.positional);
  positionals.forEach((text, i) => {
    if (text !== undefined) json[positional[i].field.name] = fieldValue(positional[i], text);
  });
  for (const arg of args) {
    const text = opts[camel(arg.flag)];
    if (text === undefined) continue;
    const i = positional.indexOf(arg);
    if (i >= 0 && positionals[i] !== undefined && positionals[i] !== text) throw new Error(`${arg.flag} given twice, as an argument and as --${arg.flag}, with different values`);
    json[arg.field.name] = fieldValue(arg, String(text));
  }
  if (opts.limit !== undefined || opts.pageKey !== undefined) {
    const page = (json.pagination ?? {}) as Record<string, unknown>;
    if (opts.limit !== undefined) page.limit = String(scalar({ name: "limit", kind: "int", repeated: false }, String(opts.limit), "limit"));
    if (opts.pageKey !== undefined) page.key = String(opts.pageKey);
    json.pagination = page;
  }
  return json;
}
