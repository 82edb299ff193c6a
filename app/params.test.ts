import fc from "fast-check";
import { AppError, registerError } from "./errors";
import { MAX_PARAMS_DEPTH, paramChecks, parseBoundedJson } from "./params";
import { DEFAULT_PARAMS as CIRCUIT_DEFAULTS, validateParams as validateCircuit } from "../modules/circuit/params";
import { DEFAULT_PARAMS as GOV_DEFAULTS, validateParams as validateGov } from "../modules/gov/params";
import { DEFAULT_PARAMS as OPTIONS_DEFAULTS, validateParams as validateOptions } from "../modules/options/params";
import { DEFAULT_PARAMS as ORACLE_DEFAULTS, validateParams as validateOracle } from "../modules/oracle/params";

const ErrTest = registerError("params-test", 2, "invalid test params");
const { exactShape } = paramChecks(ErrTest);
const nested = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Every module whose params nest: their validateParams with their defaults. */
const MODULES: Array<[unknown, (params: never) => void]> = [
  [CIRCUIT_DEFAULTS, validateCircuit],
  [GOV_DEFAULTS, validateGov],
  [OPTIONS_DEFAULTS, validateOptions],
  [ORACLE_DEFAULTS, validateOracle],
];

/** Paths to every object inside a JSON value, the value itself included, as lists of keys and indexes. */
function objectPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectPaths(item, [...path, i]));
  if (value === null || typeof value !== "object") return [];
  return [path, ...Object.entries(value).flatMap(([key, item]) => objectPaths(item, [...path, key]))];
}

function withField(value: unknown, path: Array<string | number>, field: string, extra: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  target[field] = extra;
  return copy;
}

const displayPath = (path: Array<string | number>, field: string) =>
  [...path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)), `.${field}`].join("").replace(/^\./, "");

describe("exactShape", () => {
  test.each<[string, unknown, unknown, RegExp]>([
    ["an unknown top-level field", { a: 1, b: 2 }, { a: 1 }, /unknown field b/],
    ["an unknown field in a list item", { list: [{ x: "1", y: 2 }] }, { list: [{ x: "" }] }, /unknown field list\[0\]\.y/],
    ["a missing field", { list: [{}] }, { list: [{ x: "" }] }, /list\[0\]\.x is missing/],
    ["an object for a string", { a: { deep: true } }, { a: "" }, /a must be a string, got an object/],
    ["a list for an object", [], {}, /params must be an object, got a list/],
    ["null for a number", { n: null }, { n: 1 }, /n must be a number, got null/],
    ["items of a list whose default is empty, without a shape", { g: ["x"] }, { g: [] }, /g has no item shape/],
  ])("refuses %s", (_, value, defaults, message) => {
    expect(() => exactShape(value, defaults)).toThrow(ErrTest.description);
    expect(() => exactShape(value, defaults)).toThrow(message);
  });

  test("accepts values of the defaults' shape, items of an empty default list by their given shape", () => {
    expect(() => exactShape({ a: 2, list: [{ x: "y" }, { x: "z" }], g: ["p", "q"] }, { a: 1, list: [{ x: "" }], g: [] }, { g: "" })).not.toThrow();
  });

  test("a value nested 100,000 levels deep is refused without walking it", () => {
    expect(() => exactShape({ a: nested(100_000) }, { a: "" })).toThrow(/a must be a string, got a list/);
    expect(() => exactShape({ a: [nested(100_000)] }, { a: [{ x: "" }] })).toThrow(/a\[0\] must be an object, got a list/);
  });

  test("property: an extra field anywhere in any module's valid params is refused by its path", () => {
    for (const [defaults, validate] of MODULES) {
      expect(() => validate(defaults as never)).not.toThrow();
      const paths = objectPaths(defaults);
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), (path, field, extra) => {
          const target = path.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], defaults) as object;
          fc.pre(!Object.prototype.hasOwnProperty.call(target, field) && field !== "__proto__");
          const changed = withField(defaults, path, field, extra);
          let error: unknown;
          try {
            validate(changed as never);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).message).toContain(`unknown field ${displayPath(path, field)}`);
        }),
        { numRuns: 100 },
      );
    }
  });
});

describe("parseBoundedJson", () => {
  test("refuses text nested deeper than the bound before parsing, and over-long text", () => {
    expect(() => parseBoundedJson("[".repeat(10_000) + "]".repeat(10_000), 65_536, MAX_PARAMS_DEPTH, ErrTest, "changes")).toThrow(/changes nest deeper than 8 levels/);
    expect(() => parseBoundedJson(`{"a":[[[[[[[1]]]]]]]}`, 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).not.toThrow();
    expect(() => parseBoundedJson(`{"a":[[[[[[[[1]]]]]]]]}`, 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).toThrow(/deeper than 8/);
    expect(() => parseBoundedJson(`{"a":"${"[".repeat(50)}"}`, 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).not.toThrow();
    expect(() => parseBoundedJson(`{"a":"\\"[[[[[[[[[["}`, 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).not.toThrow();
    expect(() => parseBoundedJson("x".repeat(101), 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).toThrow(/longer than 100 characters/);
    expect(() => parseBoundedJson("{", 100, MAX_PARAMS_DEPTH, ErrTest, "changes")).toThrow(/changes are not JSON/);
  });

  test("property: any text either parses to a value no deeper than the bound or is refused with the registered error", () => {
    const depth = (value: unknown): number =>
      value !== null && typeof value === "object" ? 1 + Math.max(0, ...Object.values(value as object).map(depth)) : 0;
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 12 }).map((value) => JSON.stringify(value)));
    fc.assert(
      fc.property(text, (input) => {
        try {
          expect(depth(parseBoundedJson(input, 10_000, MAX_PARAMS_DEPTH, ErrTest, "changes"))).toBeLessThanOrEqual(MAX_PARAMS_DEPTH);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).message).toMatch(/invalid test params$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
