// The shape of every message and query the app serves, read from the code itself so a new module's messages get
// commands with no edit here: the list from the app's modules (their Msg handlers and query paths), the fields
// from optchain's .proto files (protobufjs reflection) or, for cosmos.* types, from CosmJS's generated codecs.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import protobuf from "protobufjs";
import { type GeneratedType, Registry } from "@cosmjs/proto-signing";
import { toAccAddress, toValoper } from "../app/address";
import { OptchainApp } from "../app/app";
import type { Logger } from "../app/logger";
import type { MsgHandler } from "../app/module";
import { optchainRegistry } from "../client";
import { PROJECT_ROOT } from "../localnet/cometbft";

export type FieldKind = "string" | "int" | "bool" | "bytes" | "enum" | "message" | "any";

export interface FieldSchema {
  /** camelCase, as in proto3 JSON */
  name: string;
  kind: FieldKind;
  repeated: boolean;
  /** enum value names, e.g. SIDE_BUY */
  enumValues?: string[];
  /** the nested message's fields (message kind) */
  fields?: FieldSchema[];
  comment?: string;
}

/** A protobuf type as the CLI needs it: its fields, and conversion between proto3 JSON and the codec's values. */
export interface TypeSchema {
  fullName: string;
  fields: FieldSchema[];
  comment?: string;
  fromJson(json: Record<string, unknown>): unknown;
  toJson(value: unknown): unknown;
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

export interface MsgSchema extends TypeSchema {
  typeUrl: string;
  /** the proto package's module name: "bank" for cosmos.bank.v1beta1 */
  module: string;
  handler: MsgHandler<unknown>;
  response?: TypeSchema;
  /** the field that holds the signer's address, and in which form */
  signerField?: { name: string; bech: "acc" | "val" };
}

export interface QuerySchema {
  path: string;
  module: string;
  method: string;
  request: TypeSchema;
  response: TypeSchema;
  comment?: string;
}

// ---------------------------------------------------------------- optchain types: reflection on the .proto files

let protoRoot: protobuf.Root | undefined;

function optchainRoot(): protobuf.Root {
  if (protoRoot) return protoRoot;
  const protoDir = path.join(PROJECT_ROOT, "proto");
  const includes = [protoDir, path.join(protoDir, "vendor")];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith(".proto")) files.push(file);
    }
  };
  walk(path.join(protoDir, "optchain"));
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of includes) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(files, { keepCase: false, alternateCommentMode: true });
  root.resolveAll();
  protoRoot = root;
  return root;
}

function reflectFields(type: protobuf.Type, depth = 0): FieldSchema[] {
  return type.fieldsArray.map((field) => {
    const base = { name: field.name, repeated: field.repeated, comment: field.comment ?? undefined };
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Enum) return { ...base, kind: "enum" as const, enumValues: Object.keys(resolved.values) };
    if (resolved instanceof protobuf.Type) {
      if (resolved.fullName === ".google.protobuf.Any") return { ...base, kind: "any" as const };
      return { ...base, kind: "message" as const, fields: depth < 4 ? reflectFields(resolved, depth + 1) : [] };
    }
    const kind: FieldKind = field.type === "string" ? "string" : field.type === "bool" ? "bool" : field.type === "bytes" ? "bytes" : "int";
    return { ...base, kind };
  });
}

function reflectSchema(fullName: string, codec?: { decode(bytes: Uint8Array): unknown }): TypeSchema {
  const type = optchainRoot().lookupType(fullName);
  return {
    fullName,
    fields: reflectFields(type),
    comment: type.comment ?? undefined,
    // Through the bytes, so the value has exactly the shapes the app's own codec gives (numbers, enums as numbers).
    fromJson: (json) => {
      const problem = type.verify(type.fromObject(json));
      if (problem) throw new Error(`${fullName}: ${problem}`);
      const bytes = type.encode(type.fromObject(json)).finish();
      return codec ? codec.decode(bytes) : type.decode(bytes);
    },
    toJson: (value) => type.toObject(type.decode(type.encode(type.fromObject(value as Record<string, unknown>)).finish()), { longs: String, enums: String, bytes: String, defaults: true, json: true }),
    encode: (value) => type.encode(type.fromObject(value as Record<string, unknown>)).finish(),
    decode: (bytes) => (codec ? codec.decode(bytes) : type.decode(bytes)),
  };
}

// ---------------------------------------------------------------- cosmos.* types: CosmJS's generated codecs

interface TelescopeType {
  fromPartial(object: unknown): Record<string, unknown>;
  fromJSON(object: unknown): unknown;
  toJSON(value: unknown): unknown;
  encode(value: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

const isTelescope = (type: unknown): type is TelescopeType =>
  typeof type === "function" || typeof type === "object" ? typeof (type as TelescopeType).fromPartial === "function" && typeof (type as TelescopeType).toJSON === "function" : false;

/** cosmjs-types' codec of a cosmos.* / tendermint.* type, found in its package's directory. */
function cosmjsType(fullName: string): TelescopeType | undefined {
  const parts = fullName.split(".");
  const name = parts.pop()!;
  const anchor = require.resolve("cosmjs-types/cosmos/base/v1beta1/coin");
  const dir = path.join(anchor.slice(0, anchor.lastIndexOf(`${path.sep}cosmos${path.sep}`)), ...parts);
  if (!existsSync(dir)) return undefined;
  for (const file of readdirSync(dir).filter((entry) => entry.endsWith(".js")).sort()) {
    const exported = (require(path.join(dir, file)) as Record<string, unknown>)[name];
    if (isTelescope(exported)) return exported;
  }
  return undefined;
}

/** The fields of a telescope type, from how its own fromPartial/fromJSON/toJSON treat probe values. */
function probeFields(sample: Record<string, unknown>, type?: TelescopeType, depth = 0): FieldSchema[] {
  return Object.entries(sample).map(([name, value]): FieldSchema => {
    if (Array.isArray(value)) {
      const element = type ? type.fromPartial({ [name]: [{}] })[name] : undefined;
      const first = Array.isArray(element) ? element[0] : undefined;
      if (first && typeof first === "object" && !(first instanceof Uint8Array) && Object.keys(first).length > 0) {
        return { name, kind: "message", repeated: true, fields: depth < 4 ? probeFields(first as Record<string, unknown>, undefined, depth + 1) : [] };
      }
      const parsed = type ? (type.fromJSON({ [name]: ["7"] }) as Record<string, unknown[]>)[name]?.[0] : undefined;
      return { name, repeated: true, kind: scalarKind(parsed, type, name, true) };
    }
    if (value === undefined) {
      const nested = type ? type.fromPartial({ [name]: {} })[name] : undefined;
      if (nested && typeof nested === "object" && Object.keys(nested).length > 0) {
        return { name, kind: "message", repeated: false, fields: depth < 4 ? probeFields(nested as Record<string, unknown>, undefined, depth + 1) : [] };
      }
      return { name, kind: "any", repeated: false };
    }
    if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
      return { name, kind: "message", repeated: false, fields: depth < 4 ? probeFields(value as Record<string, unknown>, undefined, depth + 1) : [] };
    }
    const kind = scalarKind(value, type, name, false);
    return kind === "enum" ? { name, kind, repeated: false, enumValues: enumNames(type!, name) } : { name, kind, repeated: false };
  });
}

function scalarKind(value: unknown, type: TelescopeType | undefined, name: string, repeated: boolean): FieldKind {
  if (typeof value === "string") return "string";
  if (typeof value === "bigint") return "int";
  if (typeof value === "boolean") return "bool";
  if (value instanceof Uint8Array) return "bytes";
  if (typeof value === "number" && type && !repeated) {
    // An enum's fromJSON maps an unknown name to UNRECOGNIZED (-1); a number field gives NaN.
    const parsed = (type.fromJSON({ [name]: "NOT_A_VALUE" }) as Record<string, unknown>)[name];
    return parsed === -1 ? "enum" : "int";
  }
  return "int";
}

function enumNames(type: TelescopeType, name: string): string[] {
  const names: string[] = [];
  for (let value = 0; value < 64; value++) {
    const text = (type.toJSON({ [name]: value }) as Record<string, unknown>)[name];
    if (typeof text !== "string" || text === "UNRECOGNIZED") break;
    names.push(text);
  }
  return names;
}

function telescopeSchema(fullName: string, type: TelescopeType): TypeSchema {
  return {
    fullName,
    fields: probeFields(type.fromPartial({}), type),
    fromJson: (json) => type.fromPartial(type.fromJSON(json)),
    toJson: (value) => type.toJSON(value),
    encode: (value) => type.encode(type.fromPartial(value)).finish(),
    decode: (bytes) => type.decode(bytes),
  };
}

// ---------------------------------------------------------------- the catalogue

/** "cosmos.bank.v1beta1.MsgSend" → "bank"; "optchain.options.v1.X" → "options". */
export const moduleOf = (fullName: string) => fullName.split(".")[1];

export function typeSchema(fullName: string, codec?: GeneratedType | { decode(bytes: Uint8Array): unknown }): TypeSchema {
  if (isTelescope(codec)) return telescopeSchema(fullName, codec);
  if (fullName.startsWith("optchain.")) {
    try {
      return reflectSchema(fullName, codec);
    } catch {
      return opaqueSchema(fullName);
    }
  }
  const found = cosmjsType(fullName);
  return found ? telescopeSchema(fullName, found) : opaqueSchema(fullName);
}

/**
 * A type served by the code but declared in no .proto we can read: its bytes are shown as hex, and a request is
 * given as hex with --json '{"hex":"…"}'. The command still exists; its help says why it is raw.
 */
function opaqueSchema(fullName: string): TypeSchema {
  return {
    fullName,
    fields: [],
    comment: `no .proto declares ${fullName}: its bytes are given and shown as hex`,
    fromJson: (json) => Buffer.from(typeof json.hex === "string" ? json.hex : "", "hex"),
    toJson: (value) => ({ hex: Buffer.from(value as Uint8Array).toString("hex") }),
    encode: (value) => value as Uint8Array,
    decode: (bytes) => bytes,
  };
}

export interface Catalogue {
  msgs: MsgSchema[];
  queries: QuerySchema[];
  registry: Registry;
}

let catalogue: Catalogue | undefined;

/** Every message the app routes and every query path it answers; the app is opened on a scratch store to list them. */
export function loadCatalogue(): Catalogue {
  if (catalogue) return catalogue;
  const dir = mkdtempSync(path.join(os.tmpdir(), "optd-cli-"));
  const silent: Logger = { info() {}, error() {} };
  let app: OptchainApp;
  try {
    app = new OptchainApp({ dataDir: dir, logger: silent });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  try {
    const registry = optchainRegistry();
    const msgs: MsgSchema[] = [];
    const queries: QuerySchema[] = [];
    for (const module of app.modules) {
      for (const handler of module.msgs as MsgHandler<unknown>[]) {
        // A routed message the client registry lacks is still signable, with the app's own codec.
        if (!registry.lookupType(handler.typeUrl)) registry.register(handler.typeUrl, handler.codec as unknown as GeneratedType);
        const fullName = handler.typeUrl.slice(1);
        const schema = typeSchema(fullName, registry.lookupType(handler.typeUrl));
        let response: TypeSchema | undefined;
        try {
          response = typeSchema(handler.responseTypeUrl.slice(1));
        } catch {
          response = undefined;
        }
        msgs.push({ ...schema, typeUrl: handler.typeUrl, module: moduleOf(fullName), handler, response, signerField: findSignerField(schema, handler) });
      }
      for (const queryPath of Object.keys(module.queries)) queries.push(querySchema(queryPath));
    }
    catalogue = { msgs, queries, registry };
    return catalogue;
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function querySchema(queryPath: string): QuerySchema {
  const match = /^\/([\w.]+)\.(\w+)\/(\w+)$/.exec(queryPath);
  if (!match) throw new Error(`query path ${queryPath} is not /package.Service/Method`);
  const [, pkg, service, method] = match;
  let requestName = `${pkg}.${service === "Query" ? "Query" : ""}${method}Request`;
  let responseName = `${pkg}.${service === "Query" ? "Query" : ""}${method}Response`;
  let comment: string | undefined;
  if (pkg.startsWith("optchain.")) {
    const rpc = optchainRoot().lookup(`${pkg}.${service}`) instanceof protobuf.Service ? optchainRoot().lookupService(`${pkg}.${service}`).methods[method] : undefined;
    if (rpc) {
      rpc.resolve();
      requestName = rpc.resolvedRequestType!.fullName.slice(1);
      responseName = rpc.resolvedResponseType!.fullName.slice(1);
      comment = rpc.comment ?? undefined;
    }
  }
  return { path: queryPath, module: moduleOf(pkg), method, request: typeSchema(requestName), response: typeSchema(responseName), comment };
}

/**
 * Which field holds the signer: the handler's own signers() is asked with a known address in each string field
 * in turn (as an account, then as an operator address), so the answer follows the code, not the field's name.
 */
function findSignerField(schema: TypeSchema, handler: MsgHandler<unknown>): MsgSchema["signerField"] {
  const probe = new Uint8Array(20).fill(7);
  for (const field of schema.fields) {
    if (field.kind !== "string" || field.repeated) continue;
    for (const bech of ["acc", "val"] as const) {
      const value = bech === "acc" ? toAccAddress(probe) : toValoper(probe);
      try {
        const signers = handler.signers(schema.fromJson({ [field.name]: value }));
        if (signers.includes(toAccAddress(probe))) return { name: field.name, bech };
      } catch {
        // this field is not the signer's
      }
    }
  }
  return undefined;
}
