import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basisPoints,
  cents,
  divideRounded,
  exactUnits,
  fromUnits,
  isZeroDecimal,
  lineAmount,
  lineAmountUnits,
  milli,
  money,
  negateDecimal,
  parseDecimal,
  subtractDecimals,
  sum,
  toUnits,
} from "./money";

const notDecimals = ["", " ", "abc", "1e3", "1E-2", ".5", "1.", "+1", "--1", "1,5", "1.2.3", "0x10", "Infinity", "NaN", "1 000", "½"];

describe("reading decimal text", () => {
  it("keeps the digits exactly as written, blanks around them ignored", () => {
    expect(parseDecimal("12.30")).toEqual({ units: 1230n, scale: 2 });
    expect(parseDecimal(" -0.5 ")).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal("007")).toEqual({ units: 7n, scale: 0 });
    expect(parseDecimal("-0")).toEqual({ units: 0n, scale: 0 });
  });

  it("refuses anything that is not a plain decimal, in every reader", () => {
    for (const text of notDecimals) {
      expect(parseDecimal(text), text).toBeNull();
      expect(toUnits(text, 2), text).toBeNull();
      expect(() => exactUnits(text, 2), text).toThrow(`not a decimal: ${text}`);
    }
    expect(() => cents("12,50")).toThrow(/not a decimal/);
    expect(() => subtractDecimals("1e5", "0")).toThrow(/not a decimal/);
    expect(() => subtractDecimals(Number.NaN, "0")).toThrow(/finite/);
    expect(() => subtractDecimals(Number.POSITIVE_INFINITY, "0")).toThrow(/finite/);
    expect(() => subtractDecimals(1e-7, "0")).toThrow(/not a decimal/);
    expect(() => isZeroDecimal("abc")).toThrow(/not a decimal/);
  });

  it("rounds digits beyond the scale half up, away from zero for negatives", () => {
    expect(toUnits("12.345", 3)).toBe(12345n);
    expect(toUnits("0.1", 2)).toBe(10n);
    expect(toUnits("1.005", 2)).toBe(101n);
    expect(toUnits("1.00499999", 2)).toBe(100n);
    expect(toUnits("-1.005", 2)).toBe(-101n);
    expect(toUnits("-1.004", 2)).toBe(-100n);
    expect(toUnits("-0.004", 2)).toBe(0n);
    expect(toUnits("-2.5", 2)).toBe(-250n);
    expect(toUnits("2.5", 0)).toBe(3n);
    expect(toUnits("9.995", 2)).toBe(1000n);
  });

  it("reads validated amounts exactly and refuses a digit it would have to drop", () => {
    expect(cents("12.3")).toBe(1230n);
    expect(cents("-0.01")).toBe(-1n);
    expect(cents("5.000")).toBe(500n);
    expect(milli("2.5")).toBe(2500n);
    expect(milli("0.001")).toBe(1n);
    expect(basisPoints("12.5")).toBe(1250n);
    expect(() => cents("1.005")).toThrow("too many decimals: 1.005");
    expect(() => milli("0.0001")).toThrow(/too many decimals/);
    expect(exactUnits("7", 0)).toBe(7n);
  });
});

describe("writing decimal text", () => {
  it("prints units with the digits asked for, trailing zeros trimmed down to `keep`", () => {
    expect(fromUnits(12500n, 3)).toBe("12.5");
    expect(fromUnits(12000n, 3)).toBe("12");
    expect(fromUnits(0n, 3)).toBe("0");
    expect(fromUnits(5n, 2, 2)).toBe("0.05");
    expect(fromUnits(-150n, 2, 2)).toBe("-1.50");
    expect(fromUnits(-5n, 3)).toBe("-0.005");
    expect(fromUnits(42n, 0)).toBe("42");
    expect(money(0n)).toBe("0.00");
    expect(money(-1n)).toBe("-0.01");
    expect(money(123456n)).toBe("1234.56");
  });

  it("gives back what it read, at any scale and size (fast-check)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const text = fromUnits(units, scale, scale);
        expect(toUnits(text, scale)).toBe(units);
        expect(exactUnits(text, scale)).toBe(units);
        expect(toUnits(fromUnits(units, scale), scale)).toBe(units);
      }),
    );
  });
});

describe("arithmetic", () => {
  it("divides rounding half away from zero, whatever the signs", () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(5n, -10n)).toBe(-1n);
    expect(divideRounded(-5n, -10n)).toBe(1n);
    expect(divideRounded(-15n, 10n)).toBe(-2n);
    expect(divideRounded(0n, 7n)).toBe(0n);
  });

  it("divides as rounding the exact quotient would (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1000, max: 1000 }), (n, d) => {
        fc.pre(d !== 0);
        // Small integers divide exactly enough in floats for the reference.
        const expected = Math.sign(n / d) * Math.floor(Math.abs(n / d) + 0.5);
        expect(divideRounded(BigInt(n), BigInt(d))).toBe(BigInt(expected));
      }),
    );
  });

  it("prices a line as quantity × unit price − discount, cents rounded half up", () => {
    expect(money(lineAmount("3", "0.10"))).toBe("0.30");
    expect(money(lineAmount("1.005", "1.00"))).toBe("1.01");
    expect(money(lineAmount("10", "100.00", "10"))).toBe("900.00");
    expect(money(lineAmount("0.333", "0.03"))).toBe("0.01");
    expect(money(lineAmount("2", "100", "12.5"))).toBe("175.00");
    expect(money(lineAmount("1", "0.05", "50"))).toBe("0.03");
    expect(money(lineAmount("1", "-0.05", "50"))).toBe("-0.03");
    expect(money(lineAmount("5", "7", "100"))).toBe("0.00");
    expect(money(lineAmount("999999999999", "999999.99", "0.01"))).toBe("999899990000000100.01");
    expect(lineAmountUnits(2500n, 1999n, 0n)).toBe(4998n);
    expect(() => lineAmount("1", "1.001")).toThrow(/too many decimals/);
    expect(() => lineAmount("one", "1")).toThrow(/not a decimal/);
  });

  it("sums exact cents where floats would drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(money(sum([cents("0.1"), cents("0.2")]))).toBe("0.30");
    expect(sum([])).toBe(0n);
    expect(money(sum([cents("100"), cents("-0.01")]))).toBe("99.99");
  });
});

describe("differences of stored amounts", () => {
  it("subtracts exactly where floats would not", () => {
    expect(0.3 - 0.1).not.toBe(0.2);
    expect(subtractDecimals("0.3", "0.1")).toBe("0.2");
    expect(subtractDecimals("321.41", "0")).toBe("321.41");
    expect(subtractDecimals("100.00", "321.410")).toBe("-221.41");
    expect(subtractDecimals(5, "2.50")).toBe("2.5");
    expect(subtractDecimals(2.5, 1)).toBe("1.5");
    expect(subtractDecimals("12345678901234567890.12", "0.01")).toBe("12345678901234567890.11");
    expect(subtractDecimals(1e21, 1)).toBe("999999999999999999999");
    expect(subtractDecimals("0.10", "0.1")).toBe("0");
  });

  it("negates and recognises zero in any spelling", () => {
    expect(negateDecimal("12.30")).toBe("-12.3");
    expect(negateDecimal("-0.5")).toBe("0.5");
    expect(negateDecimal(0)).toBe("0");
    expect(negateDecimal("-0.00")).toBe("0");
    expect(isZeroDecimal("0.000")).toBe(true);
    expect(isZeroDecimal("-0")).toBe(true);
    expect(isZeroDecimal(0)).toBe(true);
    expect(isZeroDecimal("0.01")).toBe(false);
    expect(isZeroDecimal(-1)).toBe(false);
  });

  it("adds back what it took away (fast-check)", () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 4 }))
      .map(([units, scale]) => fromUnits(units, scale, scale));
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const difference = subtractDecimals(a, b);
        expect(isZeroDecimal(subtractDecimals(subtractDecimals(a, difference), b))).toBe(true);
        expect(negateDecimal(difference)).toBe(subtractDecimals(b, a));
      }),
    );
  });
});
