// The OpenAPI document served at /swagger, generated from the same .proto descriptors the routes are served
// from (proto/vendor for the SDK routes of sdk-routes.ts, proto/optchain for every optchain query), so it
// cannot drift from what the API answers. Schemas follow the JSON the API writes: snake_case names, 64-bit
// numbers and bytes as strings, enums by name, Any with its "@type" beside its fields.
import { existsSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import type { OptchainApp } from "../app";
import { grpcProtoFiles } from "./grpc";
import { optchainRoutes } from "./rest";
import { SDK_ROUTES } from "./sdk-routes";

const PROTO_DIR = path.join(__dirname, "..", "..", "proto");

let sdkRoot: protobuf.Root | undefined;

/** The vendored SDK schemas, with the field names as declared. */
function sdkProtos(): protobuf.Root {
  if (!sdkRoot) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => {
      for (const dir of [path.join(PROTO_DIR, "vendor"), PROTO_DIR]) if (existsSync(path.join(dir, target))) return path.join(dir, target);
      return target;
    };
    root.loadSync(grpcProtoFiles().filter((file) => !file.startsWith("optchain/")), { keepCase: true });
    root.resolveAll();
    sdkRoot = root;
  }
  return sdkRoot;
}

type Schema = Record<string, unknown>;

const WELL_KNOWN: Record<string, Schema> = {
  "google.protobuf.Timestamp": { type: "string", format: "date-time" },
  "google.protobuf.Duration": { type: "string", example: "1.5s" },
  "google.protobuf.Any": { type: "object", properties: { "@type": { type: "string" } }, additionalProperties: true },
};

class Schemas {
  readonly components: Record<string, Schema> = {};

  ref(type: protobuf.Type | protobuf.Enum): Schema {
    const name = type.fullName.slice(1);
    if (WELL_KNOWN[name]) return WELL_KNOWN[name];
    if (!(name in this.components)) {
      this.components[name] = {}; // taken before recursing, for self-referring messages
      this.components[name] = type instanceof protobuf.Enum ? { type: "string", enum: Object.keys(type.values) } : this.message(type);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  private message(type: protobuf.Type): Schema {
    const properties: Record<string, Schema> = {};
    for (const field of type.fieldsArray) {
      const item = this.field(field);
      properties[field.name] = field.repeated ? { type: "array", items: item } : item;
    }
    return { type: "object", properties };
  }

  field(field: protobuf.Field): Schema {
    field.resolve();
    if (field.resolvedType) return this.ref(field.resolvedType);
    if (field.type === "bool") return { type: "boolean" };
    if (field.type === "bytes") return { type: "string", format: "byte" };
    if (field.type === "string") return { type: "string" };
    if (field.type.endsWith("64")) return { type: "string", format: field.type };
    if (field.type === "double" || field.type === "float") return { type: "number" };
    return { type: "integer", format: field.type };
  }
}

/** A request's scalar fields (and pagination's, dotted) as query parameters, less those the path fills. */
function queryParameters(schemas: Schemas, type: protobuf.Type, skip: Set<string>, prefix = ""): Schema[] {
  return type.fieldsArray.flatMap((field) => {
    field.resolve();
    if (skip.has(field.name)) return [];
    if (field.resolvedType instanceof protobuf.Type) return queryParameters(schemas, field.resolvedType, new Set(), `${prefix}${field.name}.`);
    const schema = schemas.field(field);
    return [{ name: `${prefix}${field.name}`, in: "query", required: false, schema: field.repeated ? { type: "array", items: schema } : schema }];
  });
}

const ERROR_SCHEMA: Schema = {
  type: "object",
  description: "The SDK gateway's error: a gRPC status code, a message, and the ABCI codespace/code where a query failed",
  properties: { code: { type: "integer" }, message: { type: "string" }, details: { type: "array", items: { type: "object" } } },
};

function operation(schemas: Schemas, method: string, request: protobuf.Type, response: protobuf.Type, template: string, only?: Set<string>): Schema {
  const inPath = new Set([...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]));
  const parameters = [
    ...[...inPath].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...queryParameters(schemas, request, inPath).filter((p) => only === undefined || only.has(String(p.name).split(".")[0])),
  ];
  const error = { description: "", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return {
    get: {
      operationId: method.slice(1).replace(/[./]/g, "_"),
      summary: method,
      tags: [method.slice(1, method.indexOf(".Query") > 0 ? method.indexOf(".Query") : method.indexOf("/"))],
      parameters,
      responses: {
        200: { description: "A successful response.", content: { "application/json": { schema: schemas.ref(response) } } },
        400: { ...error, description: "A bad parameter or address" },
        404: { ...error, description: "Not found" },
        501: { ...error, description: "No module answers this query on this chain" },
      },
    },
  };
}

/** The OpenAPI 3 document of the staking/distribution/slashing/upgrade routes and every optchain query route. */
export function openApiDocument(app: OptchainApp): Schema {
  const schemas = new Schemas();
  const paths: Record<string, Schema> = {};
  const sdk = sdkProtos();
  for (const route of SDK_ROUTES) {
    const [service, method] = route.path.slice(1).split("/");
    const request = sdk.lookupType(`${service.slice(0, -".Query".length)}.Query${method}Request`);
    const response = sdk.lookupType(`${service.slice(0, -".Query".length)}.Query${method}Response`);
    paths[route.template] = operation(schemas, route.path, request, response, route.template, new Set([...Object.keys(route.params), ...(route.paged ? ["pagination"] : [])]));
  }
  for (const route of optchainRoutes(app)) paths[route.url] = operation(schemas, route.path, route.request, route.response, route.url);
  return {
    openapi: "3.0.3",
    info: { title: "optchain REST API", version: app.info().version, description: "The Cosmos SDK v0.50 gateway paths this node answers, and every optchain query. Heights: header x-cosmos-block-height." },
    paths,
    components: { schemas: { ...schemas.components, Error: ERROR_SCHEMA } },
  };
}
