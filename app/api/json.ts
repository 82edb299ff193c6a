// Proto3 JSON as the Cosmos SDK's REST gateway writes it (OrigName + EmitDefaults): snake_case field names,
// 64-bit integers as strings, bytes as base64, enums by name, and every Any inlined with its "@type".
// Cosmos types go through cosmjs-types' own toJSON; optchain types through protobufjs reflection over the
// same .proto files the app's codecs are generated from, so neither schema is written twice.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import type { Registry } from "@cosmjs/proto-signing";
import { optchainRegistry } from "../../client";

const PROTO_DIR = path.join(__dirname, "..", "..", "proto");
const COSMJS_TYPES = path.dirname(require.resolve("cosmjs-types/helpers"));

/** A cosmjs-types codec: decode from the wire, toJSON with camelCase names. */
export interface JsonCodec<T> {
  decode(bytes: Uint8Array): T;
  toJSON(message: T): unknown;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, json: true };

let optchainRoot: protobuf.Root | undefined;
let registry: Registry | undefined;

/** Every optchain .proto, loaded with the field names as declared (snake_case), as the SDK's JSON uses them. */
export function optchainProtos(): protobuf.Root {
  if (!optchainRoot) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
    const files = readdirSync(path.join(PROTO_DIR, "optchain"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".proto"))
      .sort()
      .map((file) => path.join("optchain", file));
    root.loadSync(files, { keepCase: true });
    root.resolveAll();
    optchainRoot = root;
  }
  return optchainRoot;
}

/** A message decoded by its cosmjs-types codec, in the SDK's JSON. */
export function protoJson<T>(codec: { toJSON(message: T): unknown }, message: T): unknown {
  return sdkShape(codec.toJSON(message));
}

/** Bytes of a reflected optchain type, in the SDK's JSON. */
export function reflectedJson(type: protobuf.Type, bytes: Uint8Array): unknown {
  return inlineAnys(longsAsStrings(type, type.toObject(type.decode(bytes), TO_OBJECT)));
}

/**
 * With Long switched off (scripts/gen-proto.sh), reflection writes a 64-bit field's value as a string but
 * its default as the number 0: the SDK writes "0".
 */
function longsAsStrings(type: protobuf.Type, object: Record<string, unknown>): Record<string, unknown> {
  for (const field of type.fieldsArray) {
    const value = object[field.name];
    const fix = (item: unknown): unknown => {
      if (LIMITS[field.type] && field.type.endsWith("64") && typeof item === "number") return String(item);
      if (field.resolvedType instanceof protobuf.Type && item !== null && typeof item === "object") return longsAsStrings(field.resolvedType, item as Record<string, unknown>);
      return item;
    };
    if (value !== undefined) object[field.name] = Array.isArray(value) ? value.map(fix) : fix(value);
  }
  return object;
}

/** An Any as the SDK writes it: its message's fields beside "@type"; left as it is when the type is unknown. */
export function anyJson(typeUrl: string, value: Uint8Array): unknown {
  const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
  if (name.startsWith("optchain.")) {
    const type = optchainProtos().lookup(name);
    if (type instanceof protobuf.Type) return { "@type": typeUrl, ...(reflectedJson(type, value) as object) };
  }
  const codec = cosmosCodec(typeUrl);
  if (codec) return { "@type": typeUrl, ...(protoJson(codec, codec.decode(value)) as object) };
  return { type_url: typeUrl, value: Buffer.from(value).toString("base64") };
}

const cosmosCodecs = new Map<string, JsonCodec<unknown> | undefined>();

/**
 * The cosmjs-types codec of a cosmos type URL: the wallets' registry first (messages), then the codecs of the
 * type's package directory (accounts, pubkeys, msg responses), each matched by the typeUrl it declares.
 */
function cosmosCodec(typeUrl: string): JsonCodec<unknown> | undefined {
  if (cosmosCodecs.has(typeUrl)) return cosmosCodecs.get(typeUrl);
  registry ??= optchainRegistry();
  let codec = registry.lookupType(typeUrl) as Partial<JsonCodec<unknown>> | undefined;
  const name = typeUrl.slice(1).split(".");
  const dir = path.join(COSMJS_TYPES, ...name.slice(0, -1));
  if (!codec?.toJSON && /^\/[a-z0-9_.]+\.[A-Za-z0-9_]+$/.test(typeUrl) && existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const found = (require(path.join(dir, file)) as Record<string, { typeUrl?: string }>)[name[name.length - 1]];
      if (found?.typeUrl === typeUrl) codec = found as Partial<JsonCodec<unknown>>;
    }
  }
  const usable = codec?.decode && codec.toJSON ? (codec as JsonCodec<unknown>) : undefined;
  cosmosCodecs.set(typeUrl, usable);
  return usable;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** cosmjs-types JSON (camelCase, Any as {typeUrl, value}) into the SDK's. */
function sdkShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sdkShape);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  if (entries.length === 2 && typeof (value as { typeUrl?: unknown }).typeUrl === "string" && typeof (value as { value?: unknown }).value === "string") {
    const any = value as { typeUrl: string; value: string };
    return anyJson(any.typeUrl, Buffer.from(any.value, "base64"));
  }
  return Object.fromEntries(entries.map(([key, item]) => [snake(key), sdkShape(item)]));
}

/** Reflection's own toObject inlines only Anys whose type it holds: cosmos ones come from the registry. */
function inlineAnys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inlineAnys);
  if (value === null || typeof value !== "object") return value;
  const any = value as { type_url?: unknown; value?: unknown };
  if (Object.keys(value).length === 2 && typeof any.type_url === "string" && typeof any.value === "string") {
    return anyJson(any.type_url, Buffer.from(any.value, "base64"));
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inlineAnys(item)]));
}

/** A query-string value that does not fit its field: the caller answers 400. */
export class BadParam extends Error {}

const UNSIGNED = /^(0|[1-9][0-9]{0,19})$/;
const SIGNED = /^-?(0|[1-9][0-9]{0,18})$/;
const LIMITS: Record<string, [bigint, bigint]> = {
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * A request message from query parameters named as the gateway names them: snake_case fields, dots into
 * nested messages (`pagination.limit`), repeated fields by repeating the parameter. Every value is checked
 * against its field's type: an unknown name, a non-number, a number out of range or a bool that is not
 * true/false is refused rather than read as a default.
 */
export function requestFromQuery(type: protobuf.Type, query: Record<string, string | string[] | undefined>): Uint8Array {
  const object: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (raw === undefined) continue;
    const parts = name.split(".");
    let target = object;
    let owner = type;
    for (let i = 0; i < parts.length; i++) {
      const field = owner.fields[parts[i]];
      if (!field) throw new BadParam(`${name}: ${owner.name} has no field ${parts[i]}`);
      field.resolve();
      if (i < parts.length - 1) {
        if (!(field.resolvedType instanceof protobuf.Type) || field.repeated) throw new BadParam(`${name}: ${parts[i]} is not a message`);
        target = (target[parts[i]] ??= {}) as Record<string, unknown>;
        owner = field.resolvedType;
        continue;
      }
      const values = Array.isArray(raw) ? raw : [raw];
      if (!field.repeated && values.length > 1) throw new BadParam(`${name} given ${values.length} times`);
      const converted = values.map((value) => scalar(field, name, value));
      target[parts[i]] = field.repeated ? converted : converted[0];
    }
  }
  return type.encode(type.fromObject(object)).finish();
}

function scalar(field: protobuf.Field, name: string, value: string): unknown {
  if (field.resolvedType instanceof protobuf.Enum) {
    if (value in field.resolvedType.values) return value;
    if (SIGNED.test(value) && Object.values(field.resolvedType.values).includes(Number(value))) return Number(value);
    throw new BadParam(`${name}: ${value} is not one of ${Object.keys(field.resolvedType.values).join(", ")}`);
  }
  if (field.resolvedType) throw new BadParam(`${name}: a message, give its fields as ${name}.FIELD`);
  if (field.type === "bool") {
    if (value !== "true" && value !== "false") throw new BadParam(`${name}: want true or false, got ${value}`);
    return value === "true";
  }
  const limits = LIMITS[field.type];
  if (limits) {
    if (!(limits[0] < 0n ? SIGNED : UNSIGNED).test(value) || BigInt(value) < limits[0] || BigInt(value) > limits[1]) {
      throw new BadParam(`${name}: ${value} is not a ${field.type}`);
    }
    // The generated codecs read 64-bit fields as JS numbers (see scripts/gen-proto.sh): refuse what they cannot hold exactly.
    if (!Number.isSafeInteger(Number(value))) throw new BadParam(`${name}: ${value} is beyond 2^53`);
    return Number(value);
  }
  if (field.type === "bytes") {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) throw new BadParam(`${name}: not base64`);
    return Buffer.from(value, "base64").toString("base64");
  }
  if (field.type === "string") return value;
  throw new BadParam(`${name}: ${field.type} fields are not taken from a query string`);
}
