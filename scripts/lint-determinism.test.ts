import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { checkSource, collectFiles } from "./lint-determinism";

function rulesIn(source: string): string[] {
  return checkSource(source).map((finding) => finding.rule);
}

describe("each banned construct is caught", () => {
  test.each([
    ["Date.now", "const t = Date.now();", ["date-now"]],
    ["Date.now with spaces", "const t = Date . now ();", ["date-now"]],
    ["new Date()", "const d = new Date();", ["new-date"]],
    ["new Date without parentheses", "const d = new Date;", ["new-date"]],
    ["Math.random", "const r = Math.random();", ["math-random"]],
    ["Math.exp", "const y = Math.exp(x);", ["math-transcendental"]],
    ["Math.log", "const y = Math.log(x);", ["math-transcendental"]],
    ["Math.pow", "const y = Math.pow(x, 2);", ["math-transcendental"]],
    ["Math.atan2", "const y = Math.atan2(a, b);", ["math-transcendental"]],
    ["Math.hypot", "const y = Math.hypot(a, b);", ["math-transcendental"]],
    ["Math.cbrt as a value", "const f = Math.cbrt;", ["math-transcendental"]],
    ["parseFloat", "const x = parseFloat(text);", ["parse-float"]],
    ["Number.parseFloat", "const x = Number.parseFloat(text);", ["parse-float"]],
    ["for…in", "for (const key in record) use(key);", ["for-in"]],
    ["for…in with destructuring", "for (const [a, b] in x) {}", ["for-in"]],
    ["for await with in", "for await (const k in x) {}", ["for-in"]],
    ["**", "const y = x ** 2;", ["exponent-operator"]],
    ["**=", "y **= 2;", ["exponent-operator"]],
    ["** with one bigint literal", "const y = base ** 18n;", ["exponent-operator"]],
    ["inside a template substitution", "const s = `t=${Date.now()}`;", ["date-now"]],
    ["inside a nested template substitution", "const s = `a${`b${Math.sin(x)}`}`;", ["math-transcendental"]],
    ["after a substitution with braces", "const s = `${ {a: 1}.a }`; Math.tan(1);", ["math-transcendental"]],
    ["after a division (not a regex)", "const q = a / b; const y = Math.exp(q) / 2;", ["math-transcendental"]],
    ["several on a line", "const y = Math.exp(Math.random()) ** 2;", ["math-transcendental", "math-random", "exponent-operator"]],
  ])("%s", (_name, source, expected) => {
    expect(rulesIn(source)).toEqual(expected);
  });
});

describe("the same words outside code are not flagged", () => {
  test.each([
    ["line comment", "// Date.now() Math.exp for (k in o) x ** 2 parseFloat"],
    ["block comment", "/* Date.now()\n Math.random() new Date() */ const a = 1;"],
    ["doc comment opener is not **", "/** Computes Math.pow */ function f() {}"],
    ["double-quoted string", 'const s = "Date.now() Math.exp ** parseFloat";'],
    ["single-quoted string", "const s = 'for (k in o) new Date()';"],
    ["escaped quote in a string", 'const s = "a \\" Math.random()";'],
    ["template text", "const s = `Math.log(${n}) and new Date() and 2 ** 3`;"],
    ["regex literal", "const r = /Math.exp|Date.now|a**/g;"],
    ["regex after return", "function f() { return /Math\\.log\\/x/.test(s); }"],
    ["regex with a slash in a class", "const r = /[/]Math.exp/;"],
  ])("%s", (_name, source) => {
    expect(rulesIn(source)).toEqual([]);
  });
});

describe("allowed constructs", () => {
  test.each([
    ["new Date from block time", "const d = new Date(header.timeMs);"],
    ["for…of", "for (const x of items) use(x);"],
    ["classic for", "for (let i = 0; i < n; i++) use(i);"],
    ["in operator outside a for head", "if ('a' in obj) use(obj);"],
    ["in inside a classic for's body parentheses", "for (let i = 0; i < n; i++) { if ((k in o)) use(k); }"],
    ["exact Math helpers", "const y = Math.sqrt(Math.abs(Math.floor(x)));"],
    ["another object's exp", "const y = decimal.exp(); const z = myMath.exp(1); const w = Decimal.log(2);"],
    ["a property named Math", "const y = lib.Math.exp(1);"],
    ["a property named now on something else", "const t = clock.now();"],
    ["bigint literal power", "const ONE = 10n ** 18n;"],
  ])("%s", (_name, source) => {
    expect(rulesIn(source)).toEqual([]);
  });
});

describe("nondeterminism-ok", () => {
  test.each([
    ["honoured with a reason", "const ONE = 10n ** BigInt(d); // nondeterminism-ok: bigint power is exact", []],
    ["honoured for every finding on its line", "const y = Math.exp(x) ** 2; // nondeterminism-ok: display only", []],
    ["needs a reason", "const y = x ** 2; // nondeterminism-ok:", ["exponent-operator"]],
    ["needs the colon", "const y = x ** 2; // nondeterminism-ok because", ["exponent-operator"]],
    ["covers only its own line", "// nondeterminism-ok: the next line\nconst y = x ** 2;", ["exponent-operator"]],
    ["not inside a block comment", "const y = x ** 2; /* nondeterminism-ok: no */", ["exponent-operator"]],
    ["not inside a string", 'const y = x ** 2, s = "// nondeterminism-ok: no";', ["exponent-operator"]],
  ])("%s", (_name, source, expected) => {
    expect(rulesIn(source)).toEqual(expected);
  });
});

describe("findings", () => {
  test("carry file, line, column, rule and a message", () => {
    const source = "const a = 1;\n/* Math.exp */\nconst b = `\n${Math.exp(a)}`;\n  const c = Date.now();\n";
    expect(checkSource(source, "modules/options/margin.ts")).toEqual([
      expect.objectContaining({ file: "modules/options/margin.ts", line: 4, column: 3, rule: "math-transcendental" }),
      expect.objectContaining({ file: "modules/options/margin.ts", line: 5, column: 13, rule: "date-now" }),
    ]);
    expect(checkSource(source)[0].message).toMatch(/Math\.exp: .*lib\/detmath\.ts/);
  });
});

describe("collectFiles", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "lint-determinism-"));
    for (const path of [
      "app/app.ts",
      "app/app.test.ts",
      "app/abci/server.ts",
      "app/notes.md",
      "lib/black-scholes.ts",
      "lib/black-scholes-ref.ts",
      "lib/nested/thing-ref.ts",
      "modules/oracle/price-ref.ts",
      "modules/node_modules/dep/index.ts",
    ]) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), "export {};\n");
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("takes .ts sources, skips tests, lib references and node_modules", () => {
    const files = collectFiles(root, ["app", "modules", "lib"]).map((path) => relative(root, path));
    expect(files).toEqual(["app/abci/server.ts", "app/app.ts", "lib/black-scholes.ts", "modules/oracle/price-ref.ts"]);
  });
});
