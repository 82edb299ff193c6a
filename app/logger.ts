/** Node-local diagnostics: never part of consensus, so wall-clock timestamps are fine here. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export function consoleLogger(component: string, quiet = false): Logger {
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level} [${component}] ${message}`; // nondeterminism-ok: wall-clock time only stamps node-local log lines, never state or results
  return {
    info: (message) => {
      if (!quiet) process.stdout.write(line("INF", message) + "\n");
    },
    error: (message) => process.stderr.write(line("ERR", message) + "\n"),
  };
}
