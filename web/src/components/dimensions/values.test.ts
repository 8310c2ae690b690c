import { describe, expect, it } from "vitest";
import type { DimensionValue } from "@relata/contracts";
import { dimensionLabelIn, dimensionOptions, groupByKind, labelOfKey, regionsOfCountry } from "./values";

const value = (kind: DimensionValue["kind"], key: string, position: number, options: Partial<DimensionValue> = {}): DimensionValue => ({
  id: `${kind}-${key}`,
  kind,
  key,
  labels: { en: key.toUpperCase(), sv: `sv-${key}` },
  position,
  archived: false,
  countries: [],
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
  ...options,
});

describe("dimension lists", () => {
  const values = [
    value("line_of_business", "retail", 1),
    value("region", "nordics", 0, { countries: ["SE", "NO", "DK"] }),
    value("line_of_business", "mining", 0),
    value("line_of_business", "old", 2, { archived: true }),
    value("region", "dach", 1, { countries: ["DE", "AT", "CH"], archived: true }),
  ];
  const lists = groupByKind(values);

  it("groups the values by kind in list order", () => {
    expect(lists.line_of_business.map((item) => item.key)).toEqual(["mining", "retail", "old"]);
    expect(lists.function).toEqual([]);
    expect(lists.region.map((item) => item.key)).toEqual(["nordics", "dach"]);
  });

  it("labels keys in the reader's language, English when missing, the key when unknown", () => {
    expect(dimensionLabelIn({ en: "Retail", sv: " " }, "sv")).toBe("Retail");
    expect(labelOfKey(lists.line_of_business, "retail", "sv")).toBe("sv-retail");
    expect(labelOfKey(lists.line_of_business, "retail", "zh-CN")).toBe("RETAIL");
    expect(labelOfKey(lists.line_of_business, "gone", "en")).toBe("gone");
    expect(labelOfKey(lists.line_of_business, null, "en")).toBeNull();
  });

  it("offers active values, and the archived one a record still holds, marked", () => {
    expect(dimensionOptions(lists.line_of_business, "en")).toEqual([
      { value: "mining", label: "MINING" },
      { value: "retail", label: "RETAIL" },
    ]);
    expect(dimensionOptions(lists.line_of_business, "en", "old", "archived").at(-1)).toEqual({ value: "old", label: "OLD (archived)" });
  });

  it("finds the active regions of a country", () => {
    expect(regionsOfCountry(lists.region, "NO").map((region) => region.key)).toEqual(["nordics"]);
    expect(regionsOfCountry(lists.region, "DE")).toEqual([]);
    expect(regionsOfCountry(lists.region, null)).toEqual([]);
  });
});
