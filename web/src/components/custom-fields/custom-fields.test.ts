import { describe, expect, it } from "vitest";
import type { CustomField, CustomSection } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { activeSections, orderedSections } from "./api";
import {
  customFieldSpec,
  customFilter,
  customFormField,
  customFormParts,
  customFormValues,
  customValueSchema,
  splitCustom,
  withCustomFormFields,
} from "./form";
import { customLabelKey, labelIn } from "./labels";

const field = (over: Partial<CustomField>): CustomField => ({
  id: "00000000-0000-4000-8000-0000000000f1",
  object: "company",
  sectionId: "s1",
  key: "tier",
  type: "text",
  labels: { en: "Tier", sv: "Nivå", "zh-CN": "等级" },
  required: false,
  position: 0,
  options: [],
  archived: false,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
  ...over,
});
const section = (id: string, position: number, fields: CustomField[]): CustomSection => ({
  id,
  object: "company",
  labels: { en: id },
  position,
  createdAt: "",
  updatedAt: "",
  version: 1,
  fields,
});
const gold = [{ value: "gold", labels: { en: "Gold", sv: "Guld" } }];

describe("custom field layouts", () => {
  it("orders sections and fields by position; the active view leaves out archived fields and empty sections", () => {
    const sections = orderedSections({
      object: "company",
      sections: [
        section("b", 2, [field({ key: "y", position: 2 }), field({ key: "x", position: 1 })]),
        section("a", 1, [field({ key: "old", archived: true })]),
      ],
    });
    expect(sections.map((item) => [item.id, item.fields.map((f) => f.key)])).toEqual([
      ["a", ["old"]],
      ["b", ["x", "y"]],
    ]);
    expect(activeSections(sections).map((item) => [item.id, item.fields.map((f) => f.key)])).toEqual([["b", ["x", "y"]]]);
    expect(orderedSections(undefined)).toEqual([]);
  });

  it("shows labels in the UI language, English when not translated", () => {
    expect(labelIn({ en: "Budget", "zh-CN": "预算" }, "zh-CN")).toBe("预算");
    expect(labelIn({ en: "Budget", sv: " " }, "sv")).toBe("Budget");
    expect(labelIn({ en: "Budget" }, "de")).toBe("Budget");
  });
});

describe("custom values in forms", () => {
  it("checks each type's value shape with the server's limits", () => {
    const choice = customValueSchema(field({ type: "choice", options: gold }), "edit");
    expect(choice.safeParse("gold").success).toBe(true);
    expect(choice.safeParse("iron").success).toBe(false);
    expect(choice.safeParse(null).success).toBe(true);
    const money = customValueSchema(field({ type: "money" }), "edit");
    expect(money.safeParse({ amount: "10.50", currency: "SEK" }).success).toBe(true);
    expect(money.safeParse({ amount: "10.505", currency: "SEK" }).success).toBe(false);
    expect(customValueSchema(field({ type: "number" }), "edit").safeParse("3").success).toBe(false);
    expect(customValueSchema(field({ type: "date" }), "edit").safeParse("2025-02-30").success).toBe(false);
    expect(customValueSchema(field({ type: "email" }), "edit").safeParse("a@b.se").success).toBe(true);
    expect(customValueSchema(field({ type: "email" }), "edit").safeParse("a@").success).toBe(false);
    // The server adds the scheme of "www.acme.com", so the form does not refuse it.
    expect(customValueSchema(field({ type: "url" }), "edit").safeParse("www.acme.com").success).toBe(true);
    expect(customValueSchema(field({ type: "text" }), "edit").safeParse("x".repeat(1_001)).success).toBe(false);
    expect(customValueSchema(field({ type: "long_text" }), "edit").safeParse("x".repeat(5_000)).success).toBe(true);
    expect(customValueSchema(field({ type: "user" }), "edit").safeParse("not an id").success).toBe(false);
  });

  it("asks for a required field on create, refuses emptying it on edit, and never requires a yes/no", () => {
    const required = field({ type: "choice", options: gold, required: true });
    expect(customValueSchema(required, "create").safeParse(undefined).success).toBe(false);
    expect(customValueSchema(required, "edit").safeParse(undefined).success).toBe(true);
    expect(customValueSchema(required, "edit").safeParse(null).success).toBe(false);
    expect(customValueSchema(field({ type: "text", required: true }), "create").safeParse("  ").success).toBe(false);
    expect(customValueSchema(field({ type: "multi_choice", options: gold, required: true }), "create").safeParse([]).success).toBe(false);
    expect(customValueSchema(field({ type: "yes_no", required: true }), "create").safeParse(undefined).success).toBe(true);
  });

  it("builds form parts named custom:<key>, with the registered label, the widget and the section", () => {
    const parts = customFormParts(
      "contact",
      [field({ key: "budget", type: "money", required: true }), field({ key: "level", type: "choice", options: gold })],
      { language: "sv", mode: "create", sections: true },
    );
    expect(parts.names).toEqual(["custom:budget", "custom:level"]);
    expect(parts.shape["custom:budget"]!.safeParse(undefined).success).toBe(false);
    expect(parts.hints["custom:level"]).toMatchObject({
      label: customLabelKey("contact", "level"),
      widget: "choice",
      section: "customFields:section.contact.s1",
      options: [{ value: "gold", label: "Guld" }],
    });
    expect(customFormParts("company", [field({})], { language: "en", mode: "edit" }).hints["custom:tier"]!.section).toBeUndefined();
    expect(customFieldSpec(field({ type: "long_text" }), "en")).toMatchObject({ name: "custom:tier", type: "longText", nullable: true });
  });

  it("turns record values into form values and back", () => {
    expect(customFormValues([field({ key: "x" }), field({ key: "tags", type: "multi_choice" })], { x: 3 })).toEqual({
      "custom:x": 3,
      "custom:tags": [],
    });
    expect(splitCustom({ name: "Acme", "custom:x": 4, "custom:y": null })).toEqual({ own: { name: "Acme" }, custom: { x: 4, y: null } });
    expect(splitCustom({ name: "Acme" })).toEqual({ own: { name: "Acme" }, custom: undefined });
  });

  it("points server errors on custom.<key> at the form's field and keeps the rest", () => {
    expect(customFormField("custom.budget.amount")).toBe("custom:budget");
    expect(customFormField("lastName")).toBe("lastName");
    const error = new ApiError(400, {
      code: "validation",
      message: "Invalid",
      details: [
        { field: "custom.budget", message: "must be a number" },
        { field: "lastName", message: "required" },
      ],
      requestId: "r1",
    });
    const mapped = withCustomFormFields(error) as ApiError;
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped.details).toEqual([
      { field: "custom:budget", message: "must be a number" },
      { field: "lastName", message: "required" },
    ]);
    expect(mapped.requestId).toBe("r1");
    const plain = new ApiError(409, { code: "conflict", message: "x" });
    expect(withCustomFormFields(plain)).toBe(plain);
  });
});

describe("custom list filters", () => {
  it("filters numbers, money and dates by range, choices by several values, yes/no, people and text", () => {
    expect(customFilter("company", field({ type: "money" }), "en")).toMatchObject({ id: "custom.tier", kind: "range", range: "number" });
    expect(customFilter("company", field({ type: "date" }), "en")).toMatchObject({ kind: "range", range: "date" });
    expect(customFilter("contact", field({ type: "multi_choice", options: gold }), "sv")).toMatchObject({
      kind: "multiselect",
      label: "customFields:field.contact.tier",
      options: [{ value: "gold", label: "Guld" }],
    });
    expect(customFilter("company", field({ type: "yes_no" }), "en").kind).toBe("boolean");
    expect(customFilter("company", field({ type: "user" }), "en").kind).toBe("user");
    expect(customFilter("company", field({ type: "url" }), "en").kind).toBe("text");
  });
});
