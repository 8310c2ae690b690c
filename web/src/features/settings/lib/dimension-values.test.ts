import { describe, expect, it } from "vitest";
import type { DimensionValue } from "@relata/contracts";
import { checkValue, dimensionKeyPattern, keyForLabel, reorderedIds, withOrder } from "./dimension-values";

const value = (key: string, position: number, archived = false): DimensionValue => ({
  id: `id-${key}`,
  kind: "line_of_business",
  key,
  labels: { en: key },
  position,
  archived,
  countries: [],
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
});

describe("dimension values", () => {
  it("makes keys the server accepts from English labels, numbered when taken", () => {
    expect(keyForLabel("Mining & Metals", new Set())).toBe("mining-metals");
    expect(keyForLabel("Mining & Metals", new Set(["mining-metals", "mining-metals-2"]))).toBe("mining-metals-3");
    expect(keyForLabel("Énergie renouvelable", new Set())).toBe("energie-renouvelable");
    expect(keyForLabel("采矿", new Set())).toBe("");
    const long = keyForLabel("a".repeat(60), new Set(["a".repeat(40)]));
    expect(long).toMatch(dimensionKeyPattern);
    expect(long.endsWith("-2")).toBe(true);
  });

  it("checks the label, the key of a new value and a region's countries", () => {
    const taken = new Set(["retail"]);
    expect(checkValue({ en: "", key: "Bad Key", countries: [] }, { creating: true, region: true, taken })).toEqual({
      "labels.en": "englishRequired",
      key: "keyFormat",
      countries: "countriesNeeded",
    });
    expect(checkValue({ en: "Retail", key: "retail", countries: [] }, { creating: true, region: false, taken })).toEqual({
      key: "keyTaken",
    });
    // An edited value keeps its key.
    expect(checkValue({ en: "Retail", key: "retail", countries: ["SE"] }, { creating: false, region: true, taken })).toEqual({});
  });

  it("moves one value and keeps the others, archived ones included, in their order", () => {
    const list = [value("a", 0), value("b", 1, true), value("c", 2), value("d", 3)];
    expect(reorderedIds(list, 3, 0)).toEqual(["id-d", "id-a", "id-b", "id-c"]);
    expect(reorderedIds(list, 1, 1)).toBeNull();
    const moved = withOrder([...list, { ...value("x", 0), id: "other-kind" }], reorderedIds(list, 0, 2)!);
    expect(moved.map((item) => [item.key, item.position])).toEqual([
      ["a", 2],
      ["b", 0],
      ["c", 1],
      ["d", 3],
      ["x", 0],
    ]);
  });
});
