// The gRPC API (`[grpc]` of the SDK's app.toml, :9090) with server reflection, for grpcurl, feeders and
// relayers. Every call's request bytes go unchanged to the app's query entry point under the call's own path
// (`/optchain.oracle.v1.Query/Params` is both the gRPC method and the abci_query path), and the handler's
// bytes come back unchanged: no message is decoded here, so no state logic is written twice. Only what comes
// from CometBFT rather than the app (broadcast, txs by hash, node info) is answered through its RPC.
import { readdirSync } from "node:fs";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { type PackageDefinition, loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import type protobuf from "protobufjs";
import { FileDescriptorProto } from "protobufjs/ext/descriptor";
import { GetTxRequest, BroadcastTxRequest, BroadcastTxResponse, GetTxResponse, BroadcastMode } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { GetNodeInfoResponse, GetSyncingResponse } from "cosmjs-types/cosmos/base/tendermint/v1beta1/query";
import type { OptchainApp } from "../app";
import type { Logger } from "../logger";
import { type ApiConfig, parseApiAddress } from "./config";
import { CometError, CometRpc, broadcastSync, cometErrorCode, getTxMessage, nodeInfoMessage, syncing } from "./comet";
import { BadParam } from "./json";
import { grpcCode, height } from "./rest";

/** A signed tx is at most CometBFT's max_tx_bytes (1 MiB by default); queries are far smaller. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

const PROTO_DIR = path.join(__dirname, "..", "..", "proto");
const VENDOR_DIR = path.join(PROTO_DIR, "vendor");

/**
 * The files whose services are served: every optchain query.proto and every vendored SDK/CometBFT file, so a
 * module that starts answering another SDK service only adds its .proto under proto/vendor/.
 */
export function grpcProtoFiles(): string[] {
  const under = (dir: string, keep: (file: string) => boolean) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter(keep)
      .sort()
      .map((file) => file.split(path.sep).join("/"));
  return [
    ...under(path.join(PROTO_DIR, "optchain"), (file) => file.endsWith("query.proto")).map((file) => `optchain/${file}`),
    ...under(VENDOR_DIR, (file) => file.endsWith(".proto")),
  ];
}

let definition: PackageDefinition | undefined;

/** The loaded schemas (with their file descriptors, which reflection answers from). */
export function grpcPackageDefinition(): PackageDefinition {
  definition ??= withDependencies(loadSync(grpcProtoFiles(), { includeDirs: [PROTO_DIR, VENDOR_DIR], keepCase: true }));
  return definition;
}

interface Descriptor {
  name: string;
  package: string;
  dependency: string[];
  messageType?: MessageDescriptor[];
  enumType?: Array<{ name: string }>;
  service?: Array<{ method?: Array<{ inputType: string; outputType: string }> }>;
}
interface MessageDescriptor {
  name: string;
  field?: Array<{ typeName?: string }>;
  nestedType?: MessageDescriptor[];
  enumType?: Array<{ name: string }>;
}

/**
 * proto-loader writes one file descriptor per package (`cosmos_base_v1beta1.proto`) with no `dependency`
 * list and with type names relative to the referring scope, and reflection clients (grpcurl, Go's
 * protoreflect) then cannot resolve a field typed from another package. Each file gets fully qualified type
 * names and, as its dependencies, the files that declare them.
 */
function withDependencies(loaded: PackageDefinition): PackageDefinition {
  const files = new Map<string, Descriptor>();
  for (const entry of Object.values(loaded)) {
    for (const bytes of (entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []) {
      const file = FileDescriptorProto.decode(bytes) as unknown as Descriptor;
      files.set(file.name, file);
    }
  }
  const declaredIn = new Map<string, string>();
  const declare = (file: Descriptor, scope: string, messages: MessageDescriptor[] = [], enums: Array<{ name: string }> = []) => {
    for (const item of enums) declaredIn.set(`${scope}.${item.name}`, file.name);
    for (const message of messages) {
      declaredIn.set(`${scope}.${message.name}`, file.name);
      declare(file, `${scope}.${message.name}`, message.nestedType, message.enumType);
    }
  };
  for (const file of files.values()) declare(file, `.${file.package}`, file.messageType, file.enumType);
  /** protobuf's scoping: the innermost enclosing scope that declares the name, outwards to the root. */
  const qualify = (name: string, scope: string): string => {
    if (name.startsWith(".")) return name;
    for (let at = scope; at !== ""; at = at.slice(0, at.lastIndexOf("."))) if (declaredIn.has(`${at}.${name}`)) return `${at}.${name}`;
    return `.${name}`;
  };
  const patched = new Map<string, Buffer>();
  for (const file of files.values()) {
    const needs = new Set<string>();
    const use = (name: string, scope: string) => {
      const full = qualify(name, scope);
      const where = declaredIn.get(full);
      if (where !== undefined && where !== file.name) needs.add(where);
      return full;
    };
    const visit = (scope: string, messages: MessageDescriptor[] = []) => {
      for (const message of messages) {
        for (const field of message.field ?? []) if (field.typeName) field.typeName = use(field.typeName, `${scope}.${message.name}`);
        visit(`${scope}.${message.name}`, message.nestedType);
      }
    };
    visit(`.${file.package}`, file.messageType);
    for (const method of (file.service ?? []).flatMap((service) => service.method ?? [])) {
      method.inputType = use(method.inputType, `.${file.package}`);
      method.outputType = use(method.outputType, `.${file.package}`);
    }
    file.dependency = [...needs].sort();
    patched.set(file.name, Buffer.from(FileDescriptorProto.encode(file as unknown as protobuf.Message).finish()));
  }
  const result: PackageDefinition = {};
  for (const [name, entry] of Object.entries(loaded)) {
    const names = ((entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []).map((bytes) => (FileDescriptorProto.decode(bytes) as unknown as Descriptor).name);
    result[name] = names.length === 0 ? entry : ({ ...entry, fileDescriptorProtos: names.map((file) => patched.get(file)!) } as typeof entry);
  }
  return result;
}

interface MethodShape {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
}

/** Every service of the definition, by full name, with its methods' paths. */
export function grpcServices(): Map<string, MethodShape[]> {
  const services = new Map<string, MethodShape[]>();
  for (const [name, entry] of Object.entries(grpcPackageDefinition()).sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Message and enum entries carry a `format`; a service is a record of method definitions.
    if ("format" in entry) continue;
    services.set(name, Object.values(entry as Record<string, MethodShape>));
  }
  return services;
}

export interface GrpcOptions {
  app: OptchainApp;
  /** CometBFT's RPC, for broadcast, txs and node info. */
  rpcUrl: string;
  log: Logger;
}

/** A failure with the gRPC status it is answered with. */
class StatusError extends Error {
  constructor(readonly code: grpc.status, message: string, readonly abci?: { codespace: string; code: number }) {
    super(message);
  }
}

const identity = (bytes: Buffer) => bytes;
const encoded = (message: { finish(): Uint8Array }) => Buffer.from(message.finish());

/** The methods answered from CometBFT rather than the app's query router. */
function cometMethods(options: GrpcOptions): Record<string, (request: Buffer) => Promise<Buffer>> {
  const rpc = new CometRpc(options.rpcUrl);
  return {
    "/cosmos.tx.v1beta1.Service/BroadcastTx": async (request) => {
      const { txBytes, mode } = BroadcastTxRequest.decode(request);
      if (txBytes.length === 0) throw new BadParam("tx_bytes: want the signed TxRaw");
      if (mode === BroadcastMode.BROADCAST_MODE_BLOCK) throw new BadParam("BROADCAST_MODE_BLOCK is deprecated, as in the SDK v0.50: broadcast in sync mode and poll GetTx");
      if (mode !== BroadcastMode.BROADCAST_MODE_SYNC && mode !== BroadcastMode.BROADCAST_MODE_ASYNC) throw new BadParam(`unsupported broadcast mode ${mode}`);
      return encoded(BroadcastTxResponse.encode(await broadcastSync(rpc, txBytes, mode === BroadcastMode.BROADCAST_MODE_ASYNC)));
    },
    "/cosmos.tx.v1beta1.Service/GetTx": async (request) => {
      const { hash } = GetTxRequest.decode(request);
      if (!/^[0-9A-Fa-f]{64}$/.test(hash)) throw new BadParam(`tx hash must be 64 hex digits, got ${hash}`);
      return encoded(GetTxResponse.encode(await getTxMessage(rpc, hash)));
    },
    "/cosmos.base.tendermint.v1beta1.Service/GetNodeInfo": async () => encoded(GetNodeInfoResponse.encode(await nodeInfoMessage(rpc, options.app.info().version))),
    "/cosmos.base.tendermint.v1beta1.Service/GetSyncing": async () => encoded(GetSyncingResponse.encode(await syncing(rpc))),
  };
}

function statusOf(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof BadParam) return new StatusError(grpc.status.INVALID_ARGUMENT, err.message);
  if (err instanceof CometError) return new StatusError(cometErrorCode(err), err.message);
  // A request that does not decode as its message type
  if (err instanceof Error && /invalid wire type|index out of range|illegal/.test(err.message)) return new StatusError(grpc.status.INVALID_ARGUMENT, err.message);
  return new StatusError(grpc.status.INTERNAL, err instanceof Error ? err.message : String(err));
}

export function grpcServer(options: GrpcOptions): grpc.Server {
  const { app, log } = options;
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  const comet = cometMethods(options);

  /** The app's query entry point at the height the SDK's x-cosmos-block-height metadata asks for (0: latest). */
  const query = (methodPath: string, request: Buffer, metadata: grpc.Metadata): { value: Buffer; height: bigint } => {
    const [header] = metadata.get("x-cosmos-block-height");
    const at = typeof header === "string" && header !== "" ? height(header, "x-cosmos-block-height") : 0n;
    const response = app.query({ path: methodPath, data: request, height: at, prove: false });
    if (response.code !== 0) {
      const code = grpcCode(response.codespace, response.code, response.log);
      throw new StatusError(code, `${response.log} [codespace ${response.codespace}, code ${response.code}]`, { codespace: response.codespace, code: response.code });
    }
    return { value: Buffer.from(response.value), height: response.height };
  };

  for (const methods of grpcServices().values()) {
    const service: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const method of methods) {
      const methodName = method.path.slice(method.path.lastIndexOf("/") + 1);
      service[methodName] = { ...method, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
      handlers[methodName] = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const answer = async (): Promise<Buffer> => {
          const fromComet = comet[method.path];
          if (fromComet) return fromComet(call.request);
          const { value, height: at } = query(method.path, call.request, call.metadata);
          const trailer = new grpc.Metadata();
          trailer.set("x-cosmos-block-height", at.toString());
          call.sendMetadata(trailer);
          return value;
        };
        answer().then(
          (value) => callback(null, value),
          (err: unknown) => {
            const status = statusOf(err);
            // A query's own failure is the caller's; only a failure of the server itself is logged.
            if (status.code === grpc.status.INTERNAL && !status.abci) log.error(`gRPC ${method.path}: ${status.message}`);
            const metadata = new grpc.Metadata();
            if (status.abci) {
              metadata.set("x-cosmos-codespace", status.abci.codespace);
              metadata.set("x-cosmos-code", String(status.abci.code));
            }
            callback({ code: status.code, details: status.message, metadata });
          },
        );
      };
    }
    server.addService(service, handlers);
  }
  new ReflectionService(grpcPackageDefinition()).addToServer(server);
  return server;
}

/** Starts the gRPC API on `config.address`; undefined when it is switched off. */
export async function startGrpcServer(options: GrpcOptions & { config: ApiConfig }): Promise<{ server: grpc.Server; port: number; close(): Promise<void> } | undefined> {
  if (!options.config.enable) return undefined;
  const { host, port } = parseApiAddress(options.config.address, "--grpc.address");
  const server = grpcServer(options);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, actual) => (err ? reject(err) : resolve(actual))),
  );
  options.log.info(`gRPC API listening on ${host}:${bound} (${grpcServices().size} services, with reflection)`);
  return {
    server,
    port: bound,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
