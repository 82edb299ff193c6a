// Secrets for the keyring: from the environment (scripts), a prompt (a person at a terminal), or stdin lines.
import { readFileSync } from "node:fs";

export const PASSPHRASE_ENV = "OPTD_KEYRING_PASSPHRASE";

let stdinLines: string[] | undefined;

/** The next line of a piped stdin; all of it is read once, so several answers can be piped in order. */
function nextStdinLine(what: string): string {
  stdinLines ??= readFileSync(0, "utf8").split(/\r?\n/);
  const line = stdinLines.shift();
  if (line === undefined || (line === "" && stdinLines.every((rest) => rest === ""))) {
    throw new Error(`${what} needed: pipe it on stdin, set ${PASSPHRASE_ENV} (passphrases), or run in a terminal`);
  }
  return line;
}

/** One line typed at the terminal; echo off when `hidden`. */
function ask(question: string, hidden: boolean): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return done();
        if (char === "\u0003" || char === "\u0004") return done(new Error("cancelled"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else {
          typed += char;
          if (!hidden) process.stderr.write(char);
        }
      }
    };
    stdin.on("data", onData);
  });
}

/** A line of input: typed (echoed unless hidden) on a terminal, else the next stdin line. */
export async function readInput(question: string, hidden: boolean): Promise<string> {
  return process.stdin.isTTY ? ask(question, hidden) : nextStdinLine(question.replace(/[:\s]+$/, ""));
}

/** The keyring passphrase; a new one is asked twice on a terminal. */
export async function readPassphrase(purpose: string, confirm = false): Promise<string> {
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined) return fromEnv;
  const first = await readInput(`${purpose}: `, true);
  if (confirm && process.stdin.isTTY) {
    const again = await readInput("Repeat it: ", true);
    if (again !== first) throw new Error("the two passphrases differ");
  }
  return first;
}
