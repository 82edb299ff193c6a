import { type Dec, DEC_ONE, decFromString, decToString } from "../lib/fixed";
import type { RegisteredError } from "./errors";

/**
 * The bounds checks every module's validateParams is made of. Each failure names the field and the range it
 * must lie in, under the module's own registered error.
 */
export function paramChecks(invalid: RegisteredError) {
  const integerIn = (value: unknown, field: string, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      throw invalid.wrap(`${field} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
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
      throw invalid.wrap(`${field} must be a decimal string in [${bound(min)}, ${bound(max)}], got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
  const fraction = (value: unknown, field: string): Dec => decimalIn(value, field, 0n, DEC_ONE);
  return { integerIn, decimalIn, fraction };
}
