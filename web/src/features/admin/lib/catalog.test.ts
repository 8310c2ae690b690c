import { describe, expect, it } from "vitest";
import { accessObjects } from "@relata/contracts";
import commonEn from "../../../i18n/locales/en/common.json";
import commonSv from "../../../i18n/locales/sv/common.json";
import commonZh from "../../../i18n/locales/zh-CN/common.json";
import en from "../../../i18n/locales/en/admin.json";
import sv from "../../../i18n/locales/sv/admin.json";
import zh from "../../../i18n/locales/zh-CN/admin.json";

function flatten(value: unknown, prefix = ""): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item && typeof item === "object") Object.assign(result, flatten(item, `${prefix}${key}.`));
    else result[`${prefix}${key}`] = String(item);
  }
  return result;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe("the admin catalog", () => {
  const english = flatten(en);
  for (const [name, catalog] of [
    ["sv", flatten(sv)],
    ["zh-CN", flatten(zh)],
  ] as const) {
    it(`${name} has the same keys as English`, () => {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    });
    it(`${name} keeps every placeholder and translates`, () => {
      for (const [key, text] of Object.entries(english)) {
        expect(placeholders(catalog[key] ?? ""), key).toEqual(placeholders(text));
      }
      const same = Object.keys(english).filter((key) => catalog[key] === english[key] && /[a-z]{4,}/.test(english[key]!));
      // Proper nouns and shared words may coincide (Status, Team, Division…), but not whole sentences.
      expect(
        same.filter((key) => english[key]!.split(" ").length > 2),
        name,
      ).toEqual([]);
    });
  }
});

describe("the permission matrix", () => {
  // Its labels and help texts are looked up by object name: every access object needs both, in every language.
  for (const [name, admin, common] of [
    ["en", en, commonEn],
    ["sv", sv, commonSv],
    ["zh-CN", zh, commonZh],
  ] as const) {
    it(`${name} names and explains every access object`, () => {
      const labels = common.object as Record<string, string>;
      const hints = admin.permissions.objectHint as Record<string, string>;
      for (const object of accessObjects) {
        expect(labels[object], `common:object.${object}`).toBeTruthy();
        expect(hints[object], `admin:permissions.objectHint.${object}`).toBeTruthy();
      }
    });
  }
});
