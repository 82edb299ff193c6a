// Determinism lint: consensus code must compute the same bits on every validator (DESIGN.md §3.2).
// Run: npx tsx scripts/lint-determinism.ts [dir ...]   (default: app modules lib; exit 1 on any finding)
//
// Scans .ts files except tests (*.test.ts) and decimal.js references (lib/**/*-ref.ts). A line opts out only
// with a trailing `// nondeterminism-ok: <reason>` comment; `**` between two bigint literals (10n ** 18n) needs none. A small tokenizer reads the source, so words inside
// comments, strings, template text and regular expressions are never taken for code.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

const TRANSCENDENTAL_MATH = new Set([
  "exp", "log", "log2", "log10", "log1p", "expm1", "pow",
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
  "sinh", "cosh", "tanh", "cbrt", "hypot",
]);

const RULES = {
  "date-now": "Date.now reads the wall clock; use the block header time",
  "new-date": "new Date() without an argument reads the wall clock; use the block header time",
  "math-random": "Math.random differs on every node; derive randomness from block data",
  "math-transcendental": "its last bits may differ between platforms and V8 versions; use lib/detmath.ts",
  "parse-float": "parseFloat brings floats in from text; parse amounts with parseDec (lib/fixed.ts)",
  "for-in": "for…in walks keys in insertion order and up the prototype chain; iterate sorted keys",
  "exponent-operator": "** on numbers is Math.pow; bigint powers are exact: mark them // nondeterminism-ok: <reason>",
} as const;

type Rule = keyof typeof RULES;

type TokenKind = "identifier" | "number" | "string" | "template" | "regex" | "punctuator";

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

interface Scan {
  tokens: Token[];
  /** Line numbers carrying a `// nondeterminism-ok: <reason>` comment. */
  optedOutLines: Set<number>;
}

const OPT_OUT = /^\/\/\s*nondeterminism-ok:\s*\S/;

// Longest first, so "**=" is read before "**" and "*".
const PUNCTUATORS = [
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
  "^=", "**", "<<", ">>",
];

// After these words an expression starts, so a "/" that follows opens a regular expression.
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield",
  "await",
]);

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;

/** End of the match of a sticky pattern at `position` (the caller knows it matches there). */
function matchEnd(pattern: RegExp, source: string, position: number): number {
  pattern.lastIndex = position;
  pattern.test(source);
  return pattern.lastIndex;
}

function regexMayStartAfter(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === "identifier") return KEYWORDS_BEFORE_EXPRESSION.has(previous.text);
  if (previous.kind === "punctuator") return ![")", "]", "}"].includes(previous.text);
  return false;
}

/** Splits TypeScript source into the tokens the rules look at, dropping comments and literal contents. */
function tokenize(source: string): Scan {
  const tokens: Token[] = [];
  const optedOutLines = new Set<number>();
  // One entry per open "{": whether it opened a template substitution "${", whose "}" resumes the template.
  const braces: boolean[] = [];
  let position = 0;
  let line = 1;
  let lineStart = 0;

  const advanceTo = (end: number) => {
    for (let i = position; i < end; i++) {
      if (source[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
    position = end;
  };
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: source.slice(position, end), line, column: position - lineStart + 1 });
    advanceTo(end);
  };
  const endOfQuoted = (start: number, quote: string): number => {
    let i = start + 1;
    while (i < source.length && source[i] !== quote && source[i] !== "\n") i += source[i] === "\\" ? 2 : 1;
    return i + 1;
  };
  /** Scans template text from `start` (just after "`" or a substitution's "}") to its end or next "${". */
  const scanTemplateText = (start: number): void => {
    let i = start;
    while (i < source.length) {
      if (source[i] === "\\") i += 2;
      else if (source[i] === "`") {
        push("template", i + 1);
        return;
      } else if (source[i] === "$" && source[i + 1] === "{") {
        push("template", i + 2);
        braces.push(true);
        return;
      } else i++;
    }
    push("template", source.length);
  };
  const endOfRegex = (start: number): number => {
    let i = start + 1;
    let inClass = false;
    while (i < source.length && source[i] !== "\n") {
      const c = source[i];
      if (c === "/" && !inClass) break;
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      i += c === "\\" ? 2 : 1;
    }
    i++;
    while (i < source.length && /[a-z]/i.test(source[i])) i++;
    return i;
  };

  while (position < source.length) {
    const c = source[position];
    const next = source[position + 1];
    if (/\s/.test(c)) {
      advanceTo(position + 1);
    } else if (c === "/" && next === "/") {
      const end = source.indexOf("\n", position);
      const comment = source.slice(position, end === -1 ? source.length : end);
      if (OPT_OUT.test(comment)) optedOutLines.add(line);
      advanceTo(position + comment.length);
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", position + 2);
      advanceTo(end === -1 ? source.length : end + 2);
    } else if (c === "'" || c === '"') {
      push("string", endOfQuoted(position, c));
    } else if (c === "`") {
      scanTemplateText(position + 1);
    } else if (c === "}" && braces.length > 0 && braces[braces.length - 1]) {
      braces.pop();
      scanTemplateText(position + 1);
    } else if (c === "/" && regexMayStartAfter(tokens[tokens.length - 1])) {
      push("regex", endOfRegex(position));
    } else if (/[A-Za-z_$]/.test(c)) {
      push("identifier", matchEnd(IDENTIFIER, source, position));
    } else if (/\d/.test(c) || (c === "." && /\d/.test(next ?? ""))) {
      push("number", matchEnd(NUMBER, source, position));
    } else {
      const punctuator = PUNCTUATORS.find((p) => source.startsWith(p, position)) ?? c;
      if (punctuator === "{") braces.push(false);
      else if (punctuator === "}") braces.pop();
      push("punctuator", position + punctuator.length);
    }
  }
  return { tokens, optedOutLines };
}

/** Every use of a banned construct in one file's source, in source order. */
export function checkSource(source: string, file = "<source>"): Finding[] {
  const { tokens, optedOutLines } = tokenize(source);
  const findings: Finding[] = [];
  const report = (token: Token, rule: Rule, construct: string) => {
    if (optedOutLines.has(token.line)) return;
    findings.push({ file, line: token.line, column: token.column, rule, message: `${construct}: ${RULES[rule]}` });
  };
  const isCode = (token: Token | undefined, kind: TokenKind, text: string) =>
    token !== undefined && token.kind === kind && token.text === text;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const member = isCode(tokens[i + 1], "punctuator", ".") ? tokens[i + 2] : undefined;
    if (token.kind === "identifier") {
      const isPropertyName = isCode(tokens[i - 1], "punctuator", ".") || isCode(tokens[i - 1], "punctuator", "?.");
      if (token.text === "Date" && !isPropertyName && member?.text === "now") report(token, "date-now", "Date.now");
      else if (token.text === "Math" && !isPropertyName && member?.text === "random") {
        report(token, "math-random", "Math.random");
      } else if (token.text === "Math" && !isPropertyName && member && TRANSCENDENTAL_MATH.has(member.text)) {
        report(token, "math-transcendental", `Math.${member.text}`);
      } else if (token.text === "new" && isCode(tokens[i + 1], "identifier", "Date")) {
        const hasArguments = isCode(tokens[i + 2], "punctuator", "(") && !isCode(tokens[i + 3], "punctuator", ")");
        if (!hasArguments) report(token, "new-date", "new Date()");
      } else if (token.text === "parseFloat") {
        report(token, "parse-float", "parseFloat");
      } else if (token.text === "for" && !isPropertyName && isForInLoop(tokens, i)) {
        report(token, "for-in", "for…in");
      }
    } else if (token.kind === "punctuator" && (token.text === "**" || token.text === "**=")) {
      // Between two bigint literals (10n ** 18n) the types are certain and the result exact.
      const betweenBigIntLiterals = token.text === "**" && isBigIntLiteral(tokens[i - 1]) && isBigIntLiteral(tokens[i + 1]);
      if (!betweenBigIntLiterals) report(token, "exponent-operator", token.text);
    }
  }
  return findings;
}

function isBigIntLiteral(token: Token | undefined): boolean {
  return token !== undefined && token.kind === "number" && token.text.endsWith("n");
}

/** Whether the `for` at tokens[forIndex] heads a for…in loop: `in` at the top level of its parentheses. */
function isForInLoop(tokens: readonly Token[], forIndex: number): boolean {
  let i = forIndex + 1;
  if (tokens[i]?.text === "await") i++;
  if (tokens[i]?.text !== "(") return false;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const { kind, text } = tokens[i];
    if (kind === "punctuator" && "([{".includes(text)) depth++;
    else if (kind === "punctuator" && ")]}".includes(text)) {
      depth--;
      if (depth === 0) return false;
    } else if (depth === 1 && kind === "punctuator" && text === ";") return false;
    else if (depth === 1 && kind === "identifier" && text === "in") return true;
  }
  return false;
}

/**
 * The .ts files under `dirs` that the lint applies to, sorted. `repoRoot` decides which files are "under
 * lib/" for the *-ref.ts exemption.
 */
export function collectFiles(repoRoot: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isLinted(relative(repoRoot, path))) files.push(path);
    }
  };
  for (const dir of dirs) walk(resolve(repoRoot, dir));
  return files.sort();
}

function isLinted(pathFromRoot: string): boolean {
  const posixPath = pathFromRoot.split(sep).join("/");
  if (!posixPath.endsWith(".ts") || posixPath.endsWith(".test.ts")) return false;
  return !(posixPath.startsWith("lib/") && posixPath.endsWith("-ref.ts"));
}

function main(args: readonly string[]): number {
  const repoRoot = resolve(__dirname, "..");
  const dirs = args.length > 0 ? args.map((dir) => resolve(dir)) : ["app", "modules", "lib"];
  const files = collectFiles(repoRoot, dirs);
  const findings = files.flatMap((path) => checkSource(readFileSync(path, "utf8"), relative(repoRoot, path)));
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`);
  if (findings.length > 0) {
    console.error(`determinism lint: ${findings.length} finding(s) in ${files.length} files`);
    return 1;
  }
  console.log(`determinism lint: ${files.length} files clean`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
