/**
 * Custom values without a database: what each field type accepts and how it is normalized,
 * merging changes into a record's values (required, archived, unknown keys), CSV columns and
 * the parsing of CSV cells for import.
 */
import { describe, expect, it } from "vitest";
import type { CustomFieldType, CustomValue } from "@relata/contracts";
import { csvLine } from "../http/csv";
import {
  canonicalAmount,
  checkCustomValue,
  checkCustomValues,
  customCsvColumns,
  formatCustomCell,
  parseCustomCell,
  parseDecimal,
  type CustomFieldDef,
} from "./custom-fields.values";

let serial = 0;
function def(type: CustomFieldType, overrides: Partial<CustomFieldDef> = {}): CustomFieldDef {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    object: "company",
    sectionId: "00000000-0000-4000-8000-000000000000",
    key: overrides.key ?? `${type}_field`,
    type,
    labels: { en: type },
    required: false,
    position: serial,
    options:
      type === "choice" || type === "multi_choice"
        ? [
            { value: "gold", labels: { en: "Gold", sv: "Guld", "zh-CN": "金牌" } },
            { value: "silver", labels: { en: "Silver", sv: "Silver", "zh-CN": "银牌" } },
            { value: "bronze", labels: { en: "Bronze", sv: "Brons" } },
          ]
        : [],
    archived: false,
    ...overrides,
  };
}

const accepted = (type: CustomFieldType, value: unknown) => {
  const result = checkCustomValue(def(type), value);
  if ("problem" in result) throw new Error(`${type} refused ${JSON.stringify(value)}: ${result.problem}`);
  return result.value;
};
const refusal = (type: CustomFieldType, value: unknown) => {
  const result = checkCustomValue(def(type), value);
  if ("value" in result) throw new Error(`${type} accepted ${JSON.stringify(value)} as ${JSON.stringify(result.value)}`);
  return result.problem;
};

describe("values per type", () => {
  it("text: trimmed, one line, at most 1,000 characters; empty clears", () => {
    expect(accepted("text", "  Acme key account  ")).toBe("Acme key account");
    expect(accepted("text", "   ")).toBeNull();
    expect(accepted("text", "x".repeat(1000))).toHaveLength(1000);
    expect(refusal("text", "x".repeat(1001))).toMatch(/at most 1000/);
    expect(refusal("text", "two\nlines")).toMatch(/single line/);
    expect(refusal("text", "nul\u0000")).toMatch(/NUL/);
    expect(refusal("text", 42)).toMatch(/text/);
    expect(refusal("text", ["a"])).toMatch(/text/);
  });

  it("long text: several lines, at most 10,000 characters", () => {
    expect(accepted("long_text", "line one\nline two\n")).toBe("line one\nline two");
    expect(accepted("long_text", "y".repeat(10_000))).toHaveLength(10_000);
    expect(refusal("long_text", "y".repeat(10_001))).toMatch(/at most 10000/);
    expect(refusal("long_text", true)).toMatch(/text/);
  });

  it("number: a finite JSON number below 10^15 (strings are not numbers)", () => {
    expect(accepted("number", 42)).toBe(42);
    expect(accepted("number", -3.25)).toBe(-3.25);
    expect(accepted("number", -0)).toBe(0);
    expect(accepted("number", 999_999_999_999_999)).toBe(999_999_999_999_999);
    expect(refusal("number", 1e15)).toMatch(/too large/);
    expect(refusal("number", "42")).toMatch(/number/);
    expect(refusal("number", Number.NaN)).toMatch(/number/);
    expect(refusal("number", Number.POSITIVE_INFINITY)).toMatch(/number/);
    expect(refusal("number", true)).toMatch(/number/);
  });

  it("money: amount with at most 2 decimals (stored with exactly 2) and a currency code", () => {
    expect(accepted("money", { amount: "123.4", currency: "EUR" })).toEqual({ amount: "123.40", currency: "EUR" });
    expect(accepted("money", { amount: "007", currency: "sek" })).toEqual({ amount: "7.00", currency: "SEK" });
    expect(accepted("money", { amount: "-0.5", currency: "USD" })).toEqual({ amount: "-0.50", currency: "USD" });
    expect(accepted("money", { amount: "-0", currency: "USD" })).toEqual({ amount: "0.00", currency: "USD" });
    expect(refusal("money", { amount: "1.005", currency: "EUR" })).toMatch(/2 decimals/);
    expect(refusal("money", { amount: 12, currency: "EUR" })).toMatch(/amount/);
    expect(refusal("money", { amount: "12", currency: "EURO" })).toMatch(/currency/);
    expect(refusal("money", { amount: "12" })).toMatch(/currency/);
    expect(refusal("money", { amount: "12", currency: "EUR", note: "x" })).toMatch(/only amount and currency/);
    expect(refusal("money", "12 EUR")).toMatch(/amount and a currency/);
    expect(refusal("money", ["12", "EUR"])).toMatch(/amount and a currency/);
  });

  it("date: a real calendar day as YYYY-MM-DD", () => {
    expect(accepted("date", "2024-02-29")).toBe("2024-02-29");
    expect(accepted("date", "")).toBeNull();
    expect(refusal("date", "2023-02-29")).toMatch(/date/);
    expect(refusal("date", "2024-13-01")).toMatch(/date/);
    expect(refusal("date", "0999-01-01")).toMatch(/date/);
    expect(refusal("date", "2024-1-5")).toMatch(/date/);
    expect(refusal("date", "2024-01-05T10:00:00Z")).toMatch(/date/);
    expect(refusal("date", 20240105)).toMatch(/date/);
  });

  it("choice: one of the option values (not a label)", () => {
    expect(accepted("choice", "gold")).toBe("gold");
    expect(accepted("choice", "")).toBeNull();
    expect(refusal("choice", "Gold")).toMatch(/not one of the options/);
    expect(refusal("choice", "platinum")).toMatch(/"platinum" is not one of the options/);
    expect(refusal("choice", ["gold"])).toMatch(/options/);
  });

  it("multi-choice: a list of option values, each once; an empty list clears", () => {
    expect(accepted("multi_choice", ["silver", "gold", "silver"])).toEqual(["silver", "gold"]);
    expect(accepted("multi_choice", [])).toBeNull();
    expect(refusal("multi_choice", ["gold", "tin"])).toMatch(/"tin" is not one of the options/);
    expect(refusal("multi_choice", "gold")).toMatch(/list of options/);
    expect(refusal("multi_choice", ["gold", 3])).toMatch(/list of options/);
  });

  it("yes/no: a JSON boolean", () => {
    expect(accepted("yes_no", true)).toBe(true);
    expect(accepted("yes_no", false)).toBe(false);
    expect(refusal("yes_no", "true")).toMatch(/true or false/);
    expect(refusal("yes_no", 1)).toMatch(/true or false/);
  });

  it("url: http or https (a bare host gets https://), nothing else", () => {
    expect(accepted("url", "https://acme.example/about")).toBe("https://acme.example/about");
    expect(accepted("url", "www.acme.example")).toBe("https://www.acme.example");
    expect(accepted("url", "http://acme.example:8080/x?y=1")).toBe("http://acme.example:8080/x?y=1");
    expect(refusal("url", "javascript:alert(1)")).toMatch(/web address/);
    expect(refusal("url", "ftp://acme.example")).toMatch(/web address/);
    expect(refusal("url", "not a url")).toMatch(/web address/);
    expect(refusal("url", "localhost")).toMatch(/web address/);
    expect(refusal("url", `https://a.example/${"p".repeat(2000)}`)).toMatch(/at most 2000/);
  });

  it("email: an address, stored lower case", () => {
    expect(accepted("email", " Anna.Berg@Acme.SE ")).toBe("anna.berg@acme.se");
    expect(refusal("email", "anna@")).toMatch(/email/);
    expect(refusal("email", "anna berg@acme.se")).toMatch(/email/);
    expect(refusal("email", "anna@acme")).toMatch(/email/);
  });

  it("phone: digits and separators, 5–15 digits; with a country code it must be a possible number", () => {
    expect(accepted("phone", "+46 8 123 456 78")).toBe("+46 8 123 456 78");
    expect(accepted("phone", "08-123 456 78")).toBe("08-123 456 78");
    expect(accepted("phone", "(010) 6552 8888")).toBe("(010) 6552 8888");
    expect(refusal("phone", "+1 23")).toMatch(/phone number/);
    expect(refusal("phone", "+46 1")).toMatch(/phone number/);
    expect(refusal("phone", "call me")).toMatch(/phone number/);
    expect(refusal("phone", "1234567890123456")).toMatch(/phone number/);
  });

  it("user: a user id (whether the user is active is checked against the database)", () => {
    expect(accepted("user", "0A1B2C3D-0000-4000-8000-000000000001")).toBe("0a1b2c3d-0000-4000-8000-000000000001");
    expect(accepted("user", "")).toBeNull();
    expect(refusal("user", "anna@acme.se")).toMatch(/user id/);
    expect(refusal("user", 7)).toMatch(/user id/);
  });

  it("null clears any type", () => {
    for (const type of ["text", "number", "money", "date", "choice", "multi_choice", "yes_no", "url", "email", "phone", "user"] as const)
      expect(accepted(type, null)).toBeNull();
  });
});

describe("checkCustomValues: merging a change into a record", () => {
  const tier = def("choice", { key: "tier", required: true });
  const note = def("text", { key: "note" });
  const since = def("date", { key: "since", required: true });
  const legacy = def("text", { key: "legacy", archived: true });
  const legacyRequired = def("text", { key: "old_required", archived: true, required: true });
  const manager = def("user", { key: "manager" });
  const defs = [tier, note, since, legacy, legacyRequired, manager];

  it("merges normalized values into the current ones and removes cleared keys", () => {
    const result = checkCustomValues(defs, { note: "  hello ", since: "2024-01-02" }, { tier: "gold", note: "old", legacy: "kept" });
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({ tier: "gold", note: "hello", since: "2024-01-02", legacy: "kept" });
    const cleared = checkCustomValues(defs, { note: null }, { tier: "gold", note: "old" });
    expect(cleared.values).toEqual({ tier: "gold" });
    expect(cleared.problems).toEqual([]);
  });

  it("requires every active required field when creating (requireAll), naming each", () => {
    const result = checkCustomValues(defs, { note: "x" }, {}, { requireAll: true });
    expect(result.problems).toEqual([
      { field: "custom.tier", message: "is required" },
      { field: "custom.since", message: "is required" },
    ]);
    const complete = checkCustomValues(defs, { tier: "silver", since: "2024-05-01" }, undefined, { requireAll: true });
    expect(complete.problems).toEqual([]);
    expect(complete.values).toEqual({ tier: "silver", since: "2024-05-01" });
  });

  it("on update, refuses clearing a required field but lets other changes pass when one is missing", () => {
    expect(checkCustomValues(defs, { tier: null }, { tier: "gold" }).problems).toEqual([{ field: "custom.tier", message: "is required" }]);
    expect(checkCustomValues(defs, { tier: "" }, { tier: "gold" }).problems).toEqual([{ field: "custom.tier", message: "is required" }]);
    // The record predates the field being required: changing something else is fine.
    expect(checkCustomValues(defs, { note: "n" }, {}).problems).toEqual([]);
  });

  it("refuses changes to archived fields and unknown keys, but accepts their unchanged current value", () => {
    const result = checkCustomValues(defs, { legacy: "new", nope: 1 }, { legacy: "kept" });
    expect(result.problems).toEqual([
      { field: "custom.legacy", message: "is archived and cannot be changed" },
      { field: "custom.nope", message: "is not a custom field of this record" },
    ]);
    const roundTrip = checkCustomValues(
      defs,
      { legacy: "kept", gone: [1] as unknown as CustomValue, tier: "gold" },
      {
        legacy: "kept",
        gone: [1] as unknown as CustomValue,
        tier: "gold",
      },
    );
    expect(roundTrip.problems).toEqual([]);
    // An archived required field is not required any more.
    expect(checkCustomValues(defs, { tier: "gold", since: "2024-01-01" }, {}, { requireAll: true }).problems).toEqual([]);
  });

  it("reports a bad value on its field, with the type's message, and does not merge it", () => {
    const result = checkCustomValues(defs, { since: "2024-02-30", tier: "platinum", note: "ok" }, {});
    expect(result.problems).toEqual([
      { field: "custom.since", message: "must be a date like 2024-03-31" },
      { field: "custom.tier", message: '"platinum" is not one of the options' },
    ]);
    expect(result.values).toEqual({ note: "ok" });
  });

  it("collects the user ids it sets for the active-user check, but not unchanged ones", () => {
    const id = "00000000-0000-4000-8000-0000000000aa";
    expect(checkCustomValues(defs, { manager: id }, {}).userRefs).toEqual([{ field: "custom.manager", id }]);
    expect(checkCustomValues(defs, { manager: id }, { manager: id }).userRefs).toEqual([]);
  });
});

describe("CSV", () => {
  const defs = [
    def("text", { key: "note" }),
    def("number", { key: "employees" }),
    def("money", { key: "budget" }),
    def("date", { key: "since" }),
    def("choice", { key: "tier" }),
    def("multi_choice", { key: "tags" }),
    def("yes_no", { key: "partner" }),
    def("url", { key: "site", archived: true }),
    def("user", { key: "manager" }),
  ];

  it("has one custom.<key> column per active field, in order, with readable cells", () => {
    type Row = { custom: Record<string, CustomValue> };
    const columns = customCsvColumns<Row>(defs, (row) => row.custom);
    expect(columns.map((column) => column.header)).toEqual([
      "custom.note",
      "custom.employees",
      "custom.budget",
      "custom.since",
      "custom.tier",
      "custom.tags",
      "custom.partner",
      "custom.manager",
    ]);
    const row: Row = {
      custom: {
        note: "=HYPERLINK(1)",
        employees: -12,
        budget: { amount: "1234.50", currency: "EUR" },
        since: "2020-01-31",
        tier: "gold",
        tags: ["gold", "bronze"],
        partner: false,
        site: "https://x.example",
      },
    };
    // The shared CSV writer guards formulas (and so negative numbers) with a leading quote.
    expect(csvLine(columns.map((column) => column.value(row)))).toBe(
      "'=HYPERLINK(1),'-12,1234.50 EUR,2020-01-31,gold,gold; bronze,no,\r\n",
    );
  });

  it("reads back every cell it writes (including formula-guarded ones)", () => {
    const values: Record<string, CustomValue> = {
      note: "-starts with a minus",
      employees: -12.5,
      budget: { amount: "-99.90", currency: "SEK" },
      since: "2020-01-31",
      tier: "silver",
      tags: ["bronze", "gold"],
      partner: true,
      manager: "00000000-0000-4000-8000-0000000000aa",
    };
    for (const field of defs.filter((d) => !d.archived)) {
      const cell = csvLine([formatCustomCell(field, values[field.key])])
        .replace(/\r\n$/, "")
        .replace(/^"(.*)"$/, "$1");
      expect(parseCustomCell(field, cell), field.key).toEqual({ value: values[field.key] });
    }
  });

  const parsed = (type: CustomFieldType, raw: string, currency?: string) => {
    const result = parseCustomCell(def(type), raw, currency);
    if ("problem" in result) throw new Error(`${type} refused ${raw}: ${result.problem}`);
    return result.value;
  };
  const problem = (type: CustomFieldType, raw: string) => {
    const result = parseCustomCell(def(type), raw);
    if ("value" in result) throw new Error(`${type} accepted ${raw}`);
    return result.problem;
  };

  it.each([
    ["yes", true],
    ["Yes", true],
    ["TRUE", true],
    ["1", true],
    ["ja", true],
    ["Ja", true],
    ["是", true],
    ["no", false],
    ["false", false],
    ["0", false],
    ["nej", false],
    ["NEJ", false],
    ["否", false],
  ])("reads the yes/no cell %j as %j", (raw, value) => {
    expect(parsed("yes_no", raw)).toBe(value);
  });

  it("refuses yes/no words it does not know", () => {
    expect(problem("yes_no", "maybe")).toBe("must be yes or no");
    expect(problem("yes_no", "2")).toBe("must be yes or no");
  });

  it("reads an empty cell as no value, for every type", () => {
    for (const type of ["text", "number", "money", "date", "choice", "multi_choice", "yes_no", "url", "email", "phone", "user"] as const)
      expect(parsed(type, "   ")).toBeNull();
  });

  it("reads multi-choice cells separated by ; or |, by value or label in any language", () => {
    expect(parsed("multi_choice", "gold;silver")).toEqual(["gold", "silver"]);
    expect(parsed("multi_choice", "gold | bronze")).toEqual(["gold", "bronze"]);
    expect(parsed("multi_choice", "Guld; 银牌; gold;")).toEqual(["gold", "silver"]);
    expect(parsed("multi_choice", " ; ")).toBeNull();
    expect(problem("multi_choice", "gold;tin")).toBe('"tin" is not one of the options');
  });

  it("reads a choice by value or by label (accents and case ignored)", () => {
    expect(parsed("choice", "silver")).toBe("silver");
    expect(parsed("choice", "GOLD")).toBe("gold");
    expect(parsed("choice", "brons")).toBe("bronze");
    expect(parsed("choice", "金牌")).toBe("gold");
    expect(problem("choice", "gold;silver")).toMatch(/not one of the options/);
  });

  it("reads money as an amount and a currency, either order, with decimal comma or thousands separators", () => {
    expect(parsed("money", "123.45 EUR")).toEqual({ amount: "123.45", currency: "EUR" });
    expect(parsed("money", "EUR 123.45")).toEqual({ amount: "123.45", currency: "EUR" });
    expect(parsed("money", "1 234,5 sek")).toEqual({ amount: "1234.50", currency: "SEK" });
    expect(parsed("money", "1,234,567.80 USD")).toEqual({ amount: "1234567.80", currency: "USD" });
    expect(parsed("money", "-5 EUR")).toEqual({ amount: "-5.00", currency: "EUR" });
    expect(parsed("money", "99", "CNY")).toEqual({ amount: "99.00", currency: "CNY" });
    expect(problem("money", "99")).toMatch(/needs a currency/);
    expect(problem("money", "12.345 EUR")).toMatch(/2 decimals/);
    expect(problem("money", "EUR 12 SEK")).toMatch(/like "123.45 EUR"/);
    expect(problem("money", "lots EUR")).toMatch(/like "123.45 EUR"/);
  });

  it("reads numbers with spreadsheet separators", () => {
    expect(parsed("number", "1234")).toBe(1234);
    expect(parsed("number", "1 234,5")).toBe(1234.5);
    expect(parsed("number", "1,234.5")).toBe(1234.5);
    expect(parsed("number", "+7")).toBe(7);
    expect(parsed("number", "'-7")).toBe(-7);
    expect(problem("number", "12abc")).toBe("must be a number");
    expect(problem("number", "1e5")).toBe("must be a number");
  });

  it("reads dates, urls, emails, phones, users and text like the API does", () => {
    expect(parsed("date", "2024-03-31")).toBe("2024-03-31");
    expect(problem("date", "31/03/2024")).toMatch(/date/);
    expect(parsed("url", "acme.example")).toBe("https://acme.example");
    expect(parsed("email", "X@Y.example")).toBe("x@y.example");
    expect(parsed("phone", "+86 10 6552 8888")).toBe("+86 10 6552 8888");
    expect(problem("user", "someone")).toMatch(/user id/);
    expect(parsed("text", "'=1+1")).toBe("=1+1");
    expect(problem("text", "a\nb")).toMatch(/single line/);
  });

  it("canonical amounts and decimals", () => {
    expect(canonicalAmount("0001.5")).toBe("1.50");
    expect(canonicalAmount("0")).toBe("0.00");
    expect(canonicalAmount("1.")).toBeUndefined();
    expect(parseDecimal("1,5")).toBe("1.5");
    expect(parseDecimal("1.234,5")).toBe("1234.5");
    expect(parseDecimal("1.234.567,25")).toBe("1234567.25");
    expect(parseDecimal("1,2,3.4,5")).toBeUndefined();
    expect(parseDecimal("12'345")).toBe("12345");
  });
});
