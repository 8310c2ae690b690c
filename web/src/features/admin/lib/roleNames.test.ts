import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRoleKeys } from "@relata/contracts";
import en from "../../../i18n/locales/en/admin.json";
import sv from "../../../i18n/locales/sv/admin.json";
import zh from "../../../i18n/locales/zh-CN/admin.json";
import { roleLabel } from "./roleNames";

const lookup = (catalog: { builtinRoleName: Record<string, string> }) => (key: string) =>
  catalog.builtinRoleName[key.replace(/^builtinRoleName\./, "")] ?? key;
const english = lookup(en);

describe("roleLabel", () => {
  it("shows a built-in role that keeps its installed name in the reader's language", () => {
    const role = { key: "sales_rep", name: "Sales rep", builtin: true };
    expect(roleLabel(role, lookup(sv), english)).toBe(sv.builtinRoleName.sales_rep);
    expect(roleLabel(role, lookup(zh), english)).toBe(zh.builtinRoleName.sales_rep);
    expect(roleLabel(role, english, english)).toBe("Sales rep");
  });

  it("keeps a renamed built-in role and every custom role as typed", () => {
    expect(roleLabel({ key: "sales_rep", name: "Field sales", builtin: true }, lookup(sv), english)).toBe("Field sales");
    // A custom role that happens to be called like a built-in one is still the custom name.
    expect(roleLabel({ key: "my_sales_rep", name: "Sales rep", builtin: false }, lookup(sv), english)).toBe("Sales rep");
    expect(roleLabel({ key: "sales_rep", name: "Sales rep", builtin: false }, lookup(sv), english)).toBe("Sales rep");
  });

  it("has a translated name for every built-in role, different from the English one", () => {
    for (const key of builtinRoleKeys) {
      expect(en.builtinRoleName[key], key).toBeTruthy();
      expect(sv.builtinRoleName[key], key).not.toBe(en.builtinRoleName[key]);
      expect(zh.builtinRoleName[key], key).toMatch(/\p{Script=Han}/u);
    }
  });

  it("knows the names the server installs the built-in roles with", () => {
    // The server's list of built-in roles, read as text: the web does not import server code.
    const source = readFileSync(path.join(import.meta.dirname, "../../../../../server/src/platform/access/builtin-roles.ts"), "utf8");
    const installed = Object.fromEntries([...source.matchAll(/key: "(\w+)",\s*name: "([^"]+)"/g)].map((match) => [match[1], match[2]]));
    expect(Object.keys(installed).sort()).toEqual([...builtinRoleKeys].sort());
    expect(en.builtinRoleName).toEqual(installed);
  });
});
