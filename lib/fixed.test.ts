import {
  absBig,
  DEC_ONE,
  decFromFloat,
  decFromInt,
  decFromRatio,
  decFromString,
  decMul,
  decQuo,
  decQuoInt,
  decToFloat,
  decToInt,
  decToString,
  divRound,
  formatDec,
  isqrt,
  maxBig,
  minBig,
  mulDiv,
  mulIntByDec,
  parseDec,
  pow10,
  RoundingMode,
} from "./fixed";

describe("divRound", () => {
  const cases: Array<[bigint, bigint, RoundingMode, bigint]> = [
    [7n, 2n, "down", 3n],
    [7n, 2n, "up", 4n],
    [-7n, 2n, "down", -4n],
    [-7n, 2n, "up", -3n],
    [7n, -2n, "down", -4n],
    [7n, -2n, "up", -3n],
    [-7n, -2n, "down", 3n],
    [-7n, -2n, "up", 4n],
    [6n, 3n, "down", 2n],
    [6n, 3n, "up", 2n],
    [-6n, 3n, "up", -2n],
    [0n, 5n, "up", 0n],
    [5n, 2n, "half-even", 2n],
    [7n, 2n, "half-even", 4n],
    [-5n, 2n, "half-even", -2n],
    [-7n, 2n, "half-even", -4n],
    [7n, 3n, "half-even", 2n],
    [8n, 3n, "half-even", 3n],
    [-7n, 3n, "half-even", -2n],
    [-8n, 3n, "half-even", -3n],
    [8n, -3n, "half-even", -3n],
  ];
  test.each(cases)("%p / %p rounded %s = %p", (n, d, mode, expected) => {
    expect(divRound(n, d, mode)).toBe(expected);
  });

  test("agrees with floor/ceil of the exact quotient over a grid of signs", () => {
    for (let n = -20n; n <= 20n; n++) {
      for (const d of [-7n, -3n, -1n, 1n, 2n, 5n]) {
        const down = divRound(n, d, "down");
        const up = divRound(n, d, "up");
        // down·d ≤ n < (down+1)·d when d > 0, reversed when d < 0 — the definition of floor.
        if (d > 0n) expect(down * d <= n && n < (down + 1n) * d).toBe(true);
        else expect(down * d >= n && n > (down + 1n) * d).toBe(true);
        expect(up - down).toBe(n % d === 0n ? 0n : 1n);
      }
    }
  });

  test("division by zero throws", () => {
    expect(() => divRound(1n, 0n, "down")).toThrow(RangeError);
  });
});

describe("mulDiv", () => {
  test("keeps the full product before dividing", () => {
    const big = 2n ** 200n;
    expect(mulDiv(big, 3n, 3n, "down")).toBe(big);
    expect(mulDiv(10n, 1n, 3n, "down")).toBe(3n);
    expect(mulDiv(10n, 1n, 3n, "up")).toBe(4n);
    expect(mulDiv(-10n, 1n, 3n, "down")).toBe(-4n);
    expect(mulDiv(-10n, 1n, 3n, "up")).toBe(-3n);
  });
});

describe("min / max / abs", () => {
  test.each([
    [[3n], 3n, 3n],
    [[3n, -1n, 2n], -1n, 3n],
    [[-5n, -5n], -5n, -5n],
  ])("%p → min %p max %p", (values, min, max) => {
    const [first, ...rest] = values;
    expect(minBig(first, ...rest)).toBe(min);
    expect(maxBig(first, ...rest)).toBe(max);
  });
  test("absBig", () => {
    expect(absBig(-4n)).toBe(4n);
    expect(absBig(4n)).toBe(4n);
    expect(absBig(0n)).toBe(0n);
  });
});

describe("isqrt", () => {
  test.each([
    [0n, 0n],
    [1n, 1n],
    [2n, 1n],
    [3n, 1n],
    [4n, 2n],
    [15n, 3n],
    [16n, 4n],
    [17n, 4n],
    [10n ** 36n, 10n ** 18n],
    [10n ** 36n - 1n, 10n ** 18n - 1n],
  ])("isqrt(%p) = %p", (n, root) => {
    expect(isqrt(n)).toBe(root);
  });

  test("is the floor square root for every size", () => {
    for (let bits = 1n; bits < 300n; bits += 7n) {
      for (const n of [(1n << bits) - 1n, 1n << bits, (1n << bits) + 12345n]) {
        const r = isqrt(n);
        expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
      }
    }
  });

  test("rejects negatives", () => {
    expect(() => isqrt(-1n)).toThrow(RangeError);
  });
});

describe("parseDec / formatDec", () => {
  test.each([
    ["1.25", 18, 1_250_000_000_000_000_000n],
    ["-0.5", 2, -50n],
    ["42", 0, 42n],
    ["42", 3, 42_000n],
    ["0.001", 3, 1n],
    ["007.10", 2, 710n],
    ["-0", 4, 0n],
  ])("parseDec(%p, %p) = %p", (text, decimals, expected) => {
    expect(parseDec(text, decimals)).toBe(expected);
  });

  test.each([
    ["", SyntaxError],
    ["abc", SyntaxError],
    ["1.", SyntaxError],
    [".5", SyntaxError],
    ["+1", SyntaxError],
    [" 1", SyntaxError],
    ["1 ", SyntaxError],
    ["1e5", SyntaxError],
    ["1,5", SyntaxError],
    ["--1", SyntaxError],
    ["1.2.3", SyntaxError],
    ["0x10", SyntaxError],
    ["1.0001", RangeError],
  ])("parseDec(%p, 3) throws %p", (text, errorType) => {
    expect(() => parseDec(text, 3)).toThrow(errorType);
  });

  test.each([-1, 1.5, NaN])("decimals %p is rejected", (decimals) => {
    expect(() => parseDec("1", decimals)).toThrow(RangeError);
    expect(() => formatDec(1n, decimals)).toThrow(RangeError);
  });

  test.each([
    [1_250_000_000_000_000_000n, 18, "1.250000000000000000", "1.25"],
    [-50n, 2, "-0.50", "-0.5"],
    [5n, 3, "0.005", "0.005"],
    [-5n, 3, "-0.005", "-0.005"],
    [2000n, 3, "2.000", "2"],
    [0n, 2, "0.00", "0"],
    [42n, 0, "42", "42"],
  ])("formatDec(%p, %p) = %p, trimmed %p", (value, decimals, full, trimmed) => {
    expect(formatDec(value, decimals)).toBe(full);
    expect(formatDec(value, decimals, { trimZeros: true })).toBe(trimmed);
    expect(parseDec(full, decimals)).toBe(value);
    expect(parseDec(trimmed, decimals)).toBe(value);
  });
});

describe("Dec", () => {
  const dec = decFromString;

  test("constructors", () => {
    expect(DEC_ONE).toBe(pow10(18));
    expect(decFromInt(3n)).toBe(dec("3"));
    expect(decFromRatio(1n, 3n, "down")).toBe(dec("0.333333333333333333"));
    expect(decFromRatio(1n, 3n, "up")).toBe(dec("0.333333333333333334"));
    expect(decToString(dec("1.5"))).toBe("1.500000000000000000");
    expect(decToString(dec("1.5"), { trimZeros: true })).toBe("1.5");
  });

  test.each([
    ["1.5", "2", "down", "3"],
    ["0.000000000000000001", "0.5", "down", "0"],
    ["0.000000000000000001", "0.5", "up", "0.000000000000000001"],
    ["-0.000000000000000001", "0.5", "down", "-0.000000000000000001"],
    ["-0.000000000000000001", "0.5", "up", "0"],
  ] as const)("decMul(%s, %s, %s) = %s", (a, b, rounding, expected) => {
    expect(decMul(dec(a), dec(b), rounding)).toBe(dec(expected));
  });

  test.each([
    ["1", "3", "down", "0.333333333333333333"],
    ["1", "3", "up", "0.333333333333333334"],
    ["-1", "3", "down", "-0.333333333333333334"],
    ["2", "0.5", "down", "4"],
  ] as const)("decQuo(%s, %s, %s) = %s", (a, b, rounding, expected) => {
    expect(decQuo(dec(a), dec(b), rounding)).toBe(dec(expected));
  });

  test("decQuo by zero throws", () => {
    expect(() => decQuo(DEC_ONE, 0n, "up")).toThrow(RangeError);
  });

  test("integer interplay", () => {
    expect(decQuoInt(dec("1"), 3n, "up")).toBe(dec("0.333333333333333334"));
    expect(mulIntByDec(1001n, dec("0.15"), "up")).toBe(151n);
    expect(mulIntByDec(1001n, dec("0.15"), "down")).toBe(150n);
    expect(decToInt(dec("2.5"), "down")).toBe(2n);
    expect(decToInt(dec("2.5"), "up")).toBe(3n);
    expect(decToInt(dec("-2.5"), "down")).toBe(-3n);
  });
});

describe("float bridge", () => {
  test.each([
    [0.5, "down", "0.5"],
    [-0.5, "up", "-0.5"],
    [1e-18, "down", "0.000000000000000001"], // the float nearest 1e-18 is 1.00000000000000007…e-18
    [1e-18, "up", "0.000000000000000002"],
    [0.1, "down", "0.100000000000000005"], // the float nearest 0.1 is 0.10000000000000000555…
    [0.1, "up", "0.100000000000000006"],
    [123456.789, "down", "123456.789000000004307366"],
    [2 ** 70, "down", "1180591620717411303424"],
    [5e-324, "up", "0.000000000000000001"],
    [-5e-324, "up", "0"],
    [0, "up", "0"],
  ] as const)("decFromFloat(%p, %s) = %s", (x, rounding, expected) => {
    expect(decFromFloat(x, rounding)).toBe(decFromString(expected));
  });

  test("rejects non-finite floats", () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => decFromFloat(x, "down")).toThrow(RangeError);
  });

  test.each(["0", "1", "-2.5", "100.25", "0.000000000000000001", "12345678.9", "0.3", "-987654321.123456789"])(
    "decToFloat(%s) is the float nearest the decimal",
    (text) => {
      // Number() of a short decimal string is correctly rounded (ECMAScript requires it up to 20 digits).
      expect(decToFloat(decFromString(text))).toBe(Number(text));
    },
  );

  test("decToFloat rounds ties to even and huge values correctly", () => {
    // 2^53 + 1 sits exactly between two floats; the even neighbour is 2^53.
    expect(decToFloat(decFromInt(2n ** 53n + 1n))).toBe(2 ** 53);
    expect(decToFloat(decFromInt(2n ** 53n + 3n))).toBe(2 ** 53 + 4);
    // Just above the tie must round up, which double rounding through Number(v) / 1e18 can miss.
    expect(decToFloat(decFromInt(2n ** 53n + 1n) + 1n)).toBe(2 ** 53 + 2);
    expect(decToFloat(decFromInt(2n ** 80n))).toBe(2 ** 80);
  });
});
