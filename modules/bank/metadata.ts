// Denom metadata (x/bank's Metadata): how wallets and explorers show a base denom — uopt as OPT with 6
// decimals. Set at genesis only; read by DenomMetadata/DenomsMetadata and by chain-info (Keplr, chain-registry).
import { Metadata } from "cosmjs-types/cosmos/bank/v1beta1/bank";
import { validateDenom } from "../../app/coins";
import { COLLATERAL_DENOM, STAKE_DENOM } from "../../app/config";
import { ErrInvalidGenesis } from "./errors";

/** Metadata as the SDK's genesis and REST write it (snake_case). */
export interface DenomMetadataJson {
  description: string;
  denom_units: Array<{ denom: string; exponent: number; aliases: string[] }>;
  base: string;
  display: string;
  name: string;
  symbol: string;
  uri: string;
  uri_hash: string;
}

const unit = (base: string, display: string) => [
  { denom: base, exponent: 0, aliases: [`micro${display.toLowerCase()}`] },
  { denom: display.toLowerCase(), exponent: 6, aliases: [] },
];

/** The chain's two denoms; the localnet genesis and `optd chain-info` (for a genesis without any) use these. */
export const DEFAULT_DENOM_METADATA: DenomMetadataJson[] = [
  { description: "The staking and fee token of optchain", denom_units: unit(STAKE_DENOM, "OPT"), base: STAKE_DENOM, display: "opt", name: "OPT", symbol: "OPT", uri: "", uri_hash: "" },
  { description: "USDC, the collateral and settlement currency of optchain's options", denom_units: unit(COLLATERAL_DENOM, "USDC"), base: COLLATERAL_DENOM, display: "usdc", name: "USDC", symbol: "USDC", uri: "", uri_hash: "" },
];

// A genesis is operator input: bound what one entry may hold.
const MAX_UNITS = 16;
const MAX_ALIASES = 16;
const MAX_TEXT = 1024;

function text(value: unknown, field: string, required: boolean): string {
  if (value === undefined && !required) return "";
  if (typeof value !== "string" || value.length > MAX_TEXT || (required && value.trim() === "")) {
    throw ErrInvalidGenesis.wrap(`denom metadata ${field} must be a ${required ? "non-blank " : ""}string of at most ${MAX_TEXT} characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

function denom(value: unknown, field: string): string {
  const name = text(value, field, true);
  try {
    validateDenom(name);
  } catch {
    throw ErrInvalidGenesis.wrap(`denom metadata ${field}: ${JSON.stringify(name)} is not a valid denom`);
  }
  return name;
}

/**
 * A genesis entry checked as the SDK's Metadata.Validate does: name and symbol set; the first unit is the
 * base with exponent 0; exponents strictly increase; units are distinct; the display denom is one of them.
 */
export function metadataFromJson(raw: unknown): Metadata {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw ErrInvalidGenesis.wrap(`denom metadata must be an object, got ${JSON.stringify(raw)}`);
  const entry = raw as Record<string, unknown>;
  const base = denom(entry.base, "base");
  const units = entry.denom_units;
  if (!Array.isArray(units) || units.length === 0 || units.length > MAX_UNITS) throw ErrInvalidGenesis.wrap(`${base}: denom_units must list 1 to ${MAX_UNITS} units`);
  const seen = new Set<string>();
  const denomUnits = units.map((u: unknown, i) => {
    const item = (u ?? {}) as Record<string, unknown>;
    const name = denom(item.denom, `${base} denom_units[${i}].denom`);
    const exponent = item.exponent ?? 0;
    if (!Number.isSafeInteger(exponent) || (exponent as number) < 0 || (exponent as number) > 18) throw ErrInvalidGenesis.wrap(`${base}: ${name} exponent must be an integer in [0, 18]`);
    const aliases = item.aliases ?? [];
    if (!Array.isArray(aliases) || aliases.length > MAX_ALIASES) throw ErrInvalidGenesis.wrap(`${base}: ${name} aliases must be a list of at most ${MAX_ALIASES}`);
    for (const name2 of [name, ...aliases.map((alias, j) => denom(alias, `${base} ${name} aliases[${j}]`))]) {
      if (seen.has(name2)) throw ErrInvalidGenesis.wrap(`${base}: duplicate denom unit or alias ${name2}`);
      seen.add(name2);
    }
    return { denom: name, exponent: exponent as number, aliases: aliases as string[] };
  });
  if (denomUnits[0].denom !== base || denomUnits[0].exponent !== 0) throw ErrInvalidGenesis.wrap(`${base}: the first denom unit must be the base denom with exponent 0`);
  for (let i = 1; i < denomUnits.length; i++) {
    if (denomUnits[i].exponent <= denomUnits[i - 1].exponent) throw ErrInvalidGenesis.wrap(`${base}: denom unit exponents must strictly increase`);
  }
  const display = denom(entry.display, `${base} display`);
  if (!denomUnits.some((u) => u.denom === display)) throw ErrInvalidGenesis.wrap(`${base}: display denom ${display} is not one of its denom units`);
  return Metadata.fromPartial({
    description: text(entry.description, `${base} description`, false),
    denomUnits,
    base,
    display,
    name: text(entry.name, `${base} name`, true),
    symbol: text(entry.symbol, `${base} symbol`, true),
    uri: text(entry.uri, `${base} uri`, false),
    uriHash: text(entry.uri_hash, `${base} uri_hash`, false),
  });
}

export function metadataToJson(metadata: Metadata): DenomMetadataJson {
  return {
    description: metadata.description,
    denom_units: metadata.denomUnits.map((u) => ({ denom: u.denom, exponent: u.exponent, aliases: [...u.aliases] })),
    base: metadata.base,
    display: metadata.display,
    name: metadata.name,
    symbol: metadata.symbol,
    uri: metadata.uri,
    uri_hash: metadata.uriHash,
  };
}
