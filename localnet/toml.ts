/** Sets `key = value` inside `[section]` of CometBFT's config.toml ("" = top level), keeping everything else. */
export function setToml(text: string, section: string, key: string, value: string | number | boolean): string {
  const rendered = typeof value === "string" ? JSON.stringify(value) : String(value);
  const lines = text.split("\n");
  let current = "";
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(lines[i]);
    if (header) {
      current = header[1];
      continue;
    }
    if (current === section && new RegExp(`^\\s*${key.replace(/[.]/g, "\\.")}\\s*=`).test(lines[i])) {
      lines[i] = `${key} = ${rendered}`;
      return lines.join("\n");
    }
  }
  throw new Error(`config.toml has no key ${key} in section [${section}]`);
}
