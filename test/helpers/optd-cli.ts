import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import { optdProgram } from "../../cli/optd";
import { PROJECT_ROOT } from "../../localnet/cometbft";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

function exitOverrideAll(command: Command, err: string[]): void {
  command.exitOverride().configureOutput({ writeErr: (text) => void err.push(text), writeOut: (text) => void err.push(text) });
  for (const sub of command.commands) exitOverrideAll(sub, err);
}

/**
 * optd run in this process (the same command tree as the binary; only the process is shared, to spare a
 * Node + tsx start per call on a loaded machine). stdout and stderr are captured; env is set for the call.
 */
export async function optdInProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void out.push(parts.map(String).join(" ")));
  const error = jest.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void err.push(parts.map(String).join(" ")));
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  process.exitCode = undefined;
  let code = 0;
  try {
    const program = optdProgram(args);
    exitOverrideAll(program, err);
    await program.parseAsync(["node", "optd", ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (thrown) {
    const commanderCode = (thrown as { exitCode?: number }).exitCode;
    code = commanderCode ?? 1;
    if (commanderCode === undefined) err.push(thrown instanceof Error ? thrown.message : String(thrown));
  } finally {
    process.exitCode = undefined;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
  }
  return { code, out: out.join("\n"), err: err.join("") };
}

/** The real binary in its own process, for what needs one: stdin, the exit code of a whole run. */
export function optdProcess(args: string[], options: { input?: string; env?: Record<string, string> } = {}): CliRun {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "cli", "optd.ts"), ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    input: options.input ?? "",
    env: { ...process.env, ...options.env },
  });
  return { code: run.status ?? 1, out: run.stdout, err: run.stderr };
}
