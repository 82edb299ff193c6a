import { parse, stringify, type TomlTable } from "smol-toml";

/**
 * Sets `key = value` inside `[section]` of CometBFT's config.toml ("" = top level), keeping every other setting.
 * The key must already be there: CometBFT ignores unknown keys, so a misspelt one would silently never apply.
 * Parsed and written by a TOML library, so any valid layout is read and any value is written escaped as TOML
 * requires; config.toml's comments are not kept.
 */
export function setToml(text: string, section: string, key: string, value: string | number | boolean): string {
  const config = parse(text);
  const table = section === "" ? config : config[section];
  if (!isTable(table) || !Object.hasOwn(table, key)) throw new Error(`config.toml has no key ${key} in section [${section}]`);
  table[key] = value;
  return stringify(config);
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
