// --output json|text for every command that prints a result.
import { type Command, Option } from "commander";

export type OutputFormat = "json" | "text";

export function outputOption(command: Command, fallback: OutputFormat = "text"): Command {
  return command.addOption(new Option("-o, --output <format>", "json or text (YAML-like)").choices(["json", "text"]).default(fallback));
}

const plain = (value: unknown): unknown =>
  typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value;

export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, inner) => plain(inner), indent);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value === "" || /^[\s\-?:,[\]{}#&*!|>'"%@`]|: |\s$|^(true|false|null|~|[-+.\d][\d._eE+-]*)$/.test(value) ? JSON.stringify(value) : value;
  return String(plain(value));
}

/** YAML-like text, as the SDK's CLI prints by default. */
export function toText(value: unknown, indent = ""): string {
  const inner = plain(value);
  if (Array.isArray(inner)) {
    if (inner.length === 0) return `${indent}[]`;
    return inner
      .map((item) => {
        const body = isBlock(item) ? toText(item, `${indent}  `).trimStart() : scalar(item);
        return `${indent}- ${body}`;
      })
      .join("\n");
  }
  if (inner !== null && typeof inner === "object") {
    const entries = Object.entries(inner as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${indent}{}`;
    return entries.map(([key, v]) => (isBlock(v) ? `${indent}${key}:\n${toText(v, `${indent}  `)}` : `${indent}${key}: ${scalar(v)}`)).join("\n");
  }
  return `${indent}${scalar(inner)}`;
}

function isBlock(value: unknown): boolean {
  const inner = plain(value);
  return inner !== null && typeof inner === "object" && (Array.isArray(inner) ? inner.length > 0 : Object.keys(inner).length > 0);
}

export function print(value: unknown, format: OutputFormat = "json"): void {
  console.log(format === "text" ? toText(value) : toJson(value, 2));
}
