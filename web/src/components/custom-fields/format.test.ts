import { describe, expect, it } from "vitest";
import type { CustomField, CustomFieldType } from "@relata/contracts";
import { customValueText, formatCalendarDate, formatCustomValue, formatMoney, labelIn, optionLabel } from "./format";
import { parseTypedDate } from "./dates";

const nbsp = /[\u00a0\u202f]/g;
const t = (key: string) => ({ "settings:customValue.yes": "YES", "settings:customValue.no": "NO" })[key] ?? `[${key}]`;
const users = new Map([["7c1e3f4a-0000-4000-8000-000000000001", "Ada Admin"]]);
const context = (language: string) => ({ language, t, userName: (id: string) => users.get(id) });

const options: CustomField["options"] = [
  { value: "framework", labels: { en: "Framework agreement", "zh-CN": "框架协议", sv: "Ramavtal" } },
  { value: "spot", labels: { en: "Spot purchase" } },
];
const field = (type: CustomFieldType) => ({ type, options });

describe("custom values per type and language", () => {
  it("shows money with Intl in the UI language", () => {
    const money = { amount: "1234.5", currency: "SEK" };
    expect(formatMoney(money, "sv").replace(nbsp, " ")).toBe("1 234,50 kr");
    expect(formatMoney(money, "en").replace(nbsp, " ")).toBe("SEK 1,234.50");
    expect(formatMoney({ amount: "-99", currency: "EUR" }, "zh-CN")).toBe("-€99.00");
    // An unknown currency code still shows what is stored.
    expect(formatMoney({ amount: "5", currency: "XQQ1" }, "en")).toBe("5 XQQ1");
    expect(customValueText(field("money"), money, context("en")).replace(nbsp, " ")).toBe("SEK 1,234.50");
  });

  it("shows dates as days, never shifted by the time zone", () => {
    expect(formatCalendarDate("2026-03-01", "en")).toBe("Mar 1, 2026");
    expect(formatCalendarDate("2026-03-01", "sv")).toBe("1 mars 2026");
    expect(formatCalendarDate("2026-03-01", "zh-CN")).toBe("2026年3月1日");
    expect(formatCalendarDate("not a date", "en")).toBe("not a date");
  });

  it("says yes and no in words, numbers the local way", () => {
    expect(customValueText(field("yes_no"), true, context("en"))).toBe("YES");
    expect(customValueText(field("yes_no"), false, context("en"))).toBe("NO");
    expect(customValueText(field("number"), 1234567.25, context("sv")).replace(nbsp, " ")).toBe("1 234 567,25");
    expect(customValueText(field("number"), 0.125, context("en"))).toBe("0.125");
  });

  it("shows choices by their label in the UI language, English when not translated", () => {
    expect(customValueText(field("choice"), "framework", context("sv"))).toBe("Ramavtal");
    expect(customValueText(field("choice"), "spot", context("zh-CN"))).toBe("Spot purchase");
    expect(customValueText(field("choice"), "gone", context("en"))).toBe("gone");
    expect(formatCustomValue(field("multi_choice"), ["spot", "framework"], context("zh-CN"))).toEqual({
      kind: "list",
      items: ["Spot purchase", "框架协议"],
    });
    expect(optionLabel(options, "framework", "de")).toBe("Framework agreement");
    expect(labelIn({ en: "Region", sv: "  " }, "sv")).toBe("Region");
  });

  it("links web addresses, emails and phones, and only safe ones", () => {
    expect(formatCustomValue(field("url"), "https://example.com/a?b=1", context("en"))).toEqual({
      kind: "link",
      text: "https://example.com/a?b=1",
      href: "https://example.com/a?b=1",
      external: true,
    });
    expect(formatCustomValue(field("url"), "javascript:alert(1)", context("en"))).toEqual({ kind: "text", text: "javascript:alert(1)" });
    expect(formatCustomValue(field("email"), "anna@example.com", context("en"))).toMatchObject({
      kind: "link",
      href: "mailto:anna@example.com",
    });
    expect(formatCustomValue(field("phone"), "+46 8-123 45 67", context("en"))).toMatchObject({ kind: "link", href: "tel:+4681234567" });
  });

  it("names people and says when someone is unknown", () => {
    expect(customValueText(field("user"), "7c1e3f4a-0000-4000-8000-000000000001", context("en"))).toBe("Ada Admin");
    expect(customValueText(field("user"), "7c1e3f4a-0000-4000-8000-00000000000f", context("en"))).toBe(
      "[settings:customValue.unknownUser]",
    );
  });

  it("shows nothing for empty values of any type", () => {
    for (const type of ["text", "number", "money", "date", "choice", "multi_choice", "yes_no", "url", "user"] as const) {
      for (const value of [null, undefined, "", "  ", []]) {
        if (type === "number" && value === "  ") continue;
        expect(formatCustomValue(field(type), value as never, context("en")), `${type} ${JSON.stringify(value)}`).toEqual({
          kind: "empty",
        });
      }
    }
    expect(customValueText(field("text"), "Plain", context("en"))).toBe("Plain");
  });
});

describe("typed dates", () => {
  it("reads the shown format, ISO and numeric forms", () => {
    expect(parseTypedDate("1 Mar 2026", "en")).toBe("2026-03-01");
    expect(parseTypedDate("2026-03-01", "sv")).toBe("2026-03-01");
    expect(parseTypedDate("2026年3月1日", "zh-CN")).toBe("2026-03-01");
    expect(parseTypedDate("31.12.2025", "sv")).toBe("2025-12-31");
    expect(parseTypedDate("soon", "en")).toBeNull();
    expect(parseTypedDate("  ", "en")).toBeNull();
  });
});
