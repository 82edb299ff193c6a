import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const COMETBFT_VERSION = "0.38.25";

/** COMETBFT_BIN first, then a cometbft on PATH, then the one scripts/install-cometbft.sh puts in .bin/. */
export function cometbftBinary(): string {
  const candidates = [process.env.COMETBFT_BIN, onPath("cometbft"), path.join(PROJECT_ROOT, ".bin", "cometbft")];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = execFileSync(candidate, ["version"], { encoding: "utf8" }).trim();
    if (!version.startsWith("0.38.")) throw new Error(`${candidate} is CometBFT ${version}; optchain speaks ABCI 2.0 of v0.38`);
    return candidate;
  }
  throw new Error("CometBFT not found: run `bash scripts/install-cometbft.sh` (or set COMETBFT_BIN)");
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function cometbft(args: string[]): string {
  return execFileSync(cometbftBinary(), args, { encoding: "utf8" });
}
