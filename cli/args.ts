/** The value after `--name` on an optd command line, if given. */
export function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The arguments that are neither a flag nor a flag's value; `switches` are the flags that take no value. */
export function positionals(args: string[], switches: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith("--")) found.push(args[i]);
    else if (!switches.includes(args[i].slice(2))) i++;
  }
  return found;
}
