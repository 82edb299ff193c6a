import { type Dec, DEC_ONE, decFromString, decToString } from "../lib/fixed";
import type { RegisteredError } from "./errors";

/** Params nest a few levels (a list of objects); anything deeper is not params and is refused before parsing. */
export const MAX_PARAMS_DEPTH = 8;

/**
 * A value as an error message may show it: primitives as JSON, containers by kind only, so describing an
 * attacker's value never walks (or overflows the stack on) whatever it nests.
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "an object";
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/**
 * JSON.parse of input that must stay small and shallow: the length and the nesting are measured on the text
 * first (JSON.stringify of the parsed value recurses, and past a few thousand levels would throw at a depth
 * that depends on the node's stack size, splitting nodes).
 */
export function parseBoundedJson(text: string, maxChars: number, maxDepth: number, invalid: RegisteredError, what: string): unknown {
  if (text.length > maxChars) throw invalid.wrap(`${what} are longer than ${maxChars} characters`);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "[" || c === "{") {
      if (++depth > maxDepth) throw invalid.wrap(`${what} nest deeper than ${maxDepth} levels`);
    } else if (c === "]" || c === "}") {
      depth--;
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid.wrap(`${what} are not JSON: ${(err as Error).message}`);
  }
}

/**
 * The bounds checks every module's validateParams is made of. Each failure names the field and the range it
 * must lie in, under the module's own registered error.
 */
export function paramChecks(invalid: RegisteredError) {
  const integerIn = (value: unknown, field: string, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      throw invalid.wrap(`${field} must be an integer in [${min}, ${max}], got ${describeValue(value)}`);
    }
  };
  const decimalIn = (value: unknown, field: string, min: Dec, max: Dec): Dec => {
    let parsed: Dec | undefined;
    if (typeof value === "string") {
      try {
        parsed = decFromString(value);
      } catch {
        parsed = undefined;
      }
    }
    if (parsed === undefined || parsed < min || parsed > max) {
      const bound = (x: Dec) => decToString(x, { trimZeros: true });
      throw invalid.wrap(`${field} must be a decimal string in [${bound(min)}, ${bound(max)}], got ${describeValue(value)}`);
    }
    return parsed;
  };
  const fraction = (value: unknown, field: string): Dec => decimalIn(value, field, 0n, DEC_ONE);

  /**
   * Params must have exactly the shape of the module's defaults, at every depth: the same fields (an unknown
   * one anywhere is refused by name, so nothing the code never reads can ride along into state), and the same
   * JSON type in each; a list's items are shaped like the default list's first item, or like `items[path]`
   * for a list whose default is empty. The walk follows the defaults, so it is as deep as they are whatever
   * the value nests. Run before the bounds checks, which may then read fields as their types say.
   */
  const exactShape = (value: unknown, defaults: unknown, items: Readonly<Record<string, unknown>> = {}): void => {
    const walk = (actual: unknown, expected: unknown, path: string): void => {
      const at = (field: string) => (path === "" ? field : `${path}.${field}`);
      if (Array.isArray(expected)) {
        if (!Array.isArray(actual)) throw invalid.wrap(`${path} must be a list, got ${describeValue(actual)}`);
        const item = expected.length > 0 ? expected[0] : items[path];
        if (item === undefined && actual.length > 0) throw invalid.wrap(`${path} has no item shape`);
        actual.forEach((entry, index) => walk(entry, item, `${path}[${index}]`));
        return;
      }
      if (expected !== null && typeof expected === "object") {
        if (actual === null || typeof actual !== "object" || Array.isArray(actual)) throw invalid.wrap(`${path === "" ? "params" : path} must be an object, got ${describeValue(actual)}`);
        const fields = Object.keys(actual).sort();
        for (const field of fields) {
          if (!Object.prototype.hasOwnProperty.call(expected, field)) throw invalid.wrap(`unknown field ${at(field)}`);
        }
        for (const field of Object.keys(expected)) {
          if (!Object.prototype.hasOwnProperty.call(actual, field)) throw invalid.wrap(`${at(field)} is missing`);
          walk((actual as Record<string, unknown>)[field], (expected as Record<string, unknown>)[field], at(field));
        }
        return;
      }
      if (typeof actual !== typeof expected || actual === null) throw invalid.wrap(`${path} must be a ${typeof expected}, got ${describeValue(actual)}`);
    };
    walk(value, defaults, "");
  };
  return { integerIn, decimalIn, fraction, exactShape };
}
