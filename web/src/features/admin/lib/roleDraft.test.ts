import { describe, expect, it } from "vitest";
import { emptyPermissions, withCell } from "./permissions";
import { rebase, type Draft } from "./roleDraft";

const base: Draft = { name: "Sales", clearance: 1, permissions: emptyPermissions() };

describe("rebase", () => {
  it("keeps their changes and adds mine", () => {
    const mine = { ...base, permissions: withCell(base.permissions, { object: "company", action: "read" }, "team") };
    const theirs = { ...base, name: "Sales team", permissions: withCell(base.permissions, { object: "audit", action: "read" }, "all") };
    const { draft, clashes } = rebase(mine, base, theirs);
    expect(clashes).toEqual([]);
    expect(draft.name).toBe("Sales team");
    expect(draft.permissions.company.read).toBe("team");
    expect(draft.permissions.audit.read).toBe("all");
  });

  it("names what we both changed differently, mine winning", () => {
    const mine = { ...base, clearance: 2, permissions: withCell(base.permissions, { object: "company", action: "read" }, "team") };
    const theirs = { ...base, clearance: 3, permissions: withCell(base.permissions, { object: "company", action: "read" }, "all") };
    const { draft, clashes } = rebase(mine, base, theirs);
    expect(clashes).toEqual(["permissions.company.read", "clearance"]);
    expect(draft.clearance).toBe(2);
    expect(draft.permissions.company.read).toBe("team");
  });

  it("does not call the same change a clash", () => {
    const mine = { ...base, clearance: 2 };
    expect(rebase(mine, base, { ...base, clearance: 2 }).clashes).toEqual([]);
  });
});
