import { describe, expect, it } from "vitest";
import {
  allowedScopes,
  changedCells,
  copyPermissions,
  emptyPermissions,
  exceeds,
  isRecordObject,
  roleKeyPattern,
  suggestRoleKey,
  withCell,
} from "./permissions";

describe("permissions", () => {
  it("starts empty and completes partial sets with none", () => {
    const empty = emptyPermissions();
    expect(empty.company).toEqual({ read: "none", create: "none", update: "none", delete: "none" });
    const copy = copyPermissions({ company: { read: "all" } });
    expect(copy.company.read).toBe("all");
    expect(copy.company.update).toBe("none");
    expect(copy.session.delete).toBe("none");
    // Roles saved before contacts and settings existed get "none" for them.
    expect(copy.contact).toEqual({ read: "none", create: "none", update: "none", delete: "none" });
    expect(copy.setting.update).toBe("none");
  });

  it("tracks the cells that changed without touching the original", () => {
    const base = emptyPermissions();
    const next = withCell(withCell(base, { object: "company", action: "read" }, "team"), { object: "audit", action: "read" }, "all");
    expect(base.company.read).toBe("none");
    expect(changedCells(base, next)).toEqual([
      { object: "company", action: "read" },
      { object: "audit", action: "read" },
    ]);
    expect(changedCells(next, next)).toEqual([]);
  });

  it("caps what one may grant at one's own scope", () => {
    const own = withCell(emptyPermissions(), { object: "company", action: "read" }, "team");
    expect(allowedScopes(own, { object: "company", action: "read" })).toEqual(["none", "own", "team"]);
    expect(allowedScopes(own, { object: "user", action: "read" })).toEqual(["none"]);
    expect(exceeds(withCell(emptyPermissions(), { object: "company", action: "read" }, "all"), own)).toEqual({
      object: "company",
      action: "read",
    });
    expect(exceeds(own, own)).toBeUndefined();
  });

  it("knows which objects have record scopes", () => {
    expect(isRecordObject("company")).toBe(true);
    // Contacts are placed where their primary company is.
    expect(isRecordObject("contact")).toBe(true);
    expect(isRecordObject("role")).toBe(false);
    expect(isRecordObject("setting")).toBe(false);
  });

  it("suggests valid role keys", () => {
    expect(suggestRoleKey("Key account manager")).toBe("key_account_manager");
    expect(suggestRoleKey("Säljare Öst")).toBe("saljare_ost");
    expect(suggestRoleKey("2nd line support")).toBe("nd_line_support");
    expect(suggestRoleKey("销售")).toBe("");
    for (const name of ["Key account manager", "Säljare Öst", "A very long role name that goes on and on beyond forty characters"]) {
      expect(suggestRoleKey(name)).toMatch(roleKeyPattern);
    }
  });
});
