import pino from "pino";

/** Node-local diagnostics: never part of consensus, so wall-clock timestamps are fine here. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** `text` for a person at a terminal, `json` (one pino object a line) for log shippers. */
export type LogFormat = "text" | "json";

export const LOG_FORMATS: readonly LogFormat[] = ["text", "json"];

export function parseLogFormat(value: string): LogFormat {
  const format = LOG_FORMATS.find((known) => known === value);
  if (!format) throw new Error(`--log-format wants ${LOG_FORMATS.join(" or ")}, got "${value}"`);
  return format;
}

/** Info to stdout, errors to stderr; `quiet` drops info (tests, one-shot commands) and never errors. */
export function consoleLogger(component: string, quiet = false, format: LogFormat = "text"): Logger {
  if (format === "json") return jsonLogger(component, quiet);
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level} [${component}] ${message}`; // nondeterminism-ok: wall-clock time only stamps node-local log lines, never state or results
  return {
    info: (message) => {
      if (!quiet) process.stdout.write(line("INF", message) + "\n");
    },
    error: (message) => process.stderr.write(line("ERR", message) + "\n"),
  };
}

function jsonLogger(component: string, quiet: boolean): Logger {
  // Synchronous writes: a node that exits right after logging (a failed start, a halt) keeps its last lines.
  const streams = pino.multistream(
    [
      { level: "info", stream: pino.destination({ dest: 1, sync: true }) },
      { level: "error", stream: pino.destination({ dest: 2, sync: true }) },
    ],
    // each line goes to the one stream of its level, so an error is not also printed to stdout
    { dedupe: true },
  );
  const log = pino(
    {
      level: quiet ? "error" : "info",
      base: { component },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" rather than pino's 30, for people grepping and shippers without pino's table
      formatters: { level: (label) => ({ level: label }) },
    },
    streams,
  );
  return { info: (message) => log.info(message), error: (message) => log.error(message) };
}
