import { describe, expect, it } from "vitest";
import { isZero, negateDecimal, subtractDecimals } from "./decimal";

describe("decimal amounts of the rollups", () => {
  it("subtracts exactly where floats would not", () => {
    expect(0.3 - 0.1).not.toBe(0.2);
    expect(subtractDecimals("0.3", "0.1")).toBe("0.2");
    expect(subtractDecimals("321.41", "0")).toBe("321.41");
    expect(subtractDecimals("100.00", "321.410")).toBe("-221.41");
    expect(subtractDecimals(5, "2.50")).toBe("2.5");
    expect(subtractDecimals("12345678901234567890.12", "0.01")).toBe("12345678901234567890.11");
  });

  it("negates and recognises zero in any spelling", () => {
    expect(negateDecimal("12.30")).toBe("-12.3");
    expect(negateDecimal("-0.5")).toBe("0.5");
    expect(negateDecimal(0)).toBe("0");
    expect(isZero("0.000")).toBe(true);
    expect(isZero("-0")).toBe(true);
    expect(isZero(0)).toBe(true);
    expect(isZero("0.01")).toBe(false);
  });

  it("refuses what is not a decimal amount", () => {
    expect(() => subtractDecimals("1e5", "0")).toThrow(/not a decimal/);
    expect(() => subtractDecimals(Number.NaN, "0")).toThrow(/finite/);
    expect(() => isZero("abc")).toThrow(/not a decimal/);
  });
});
