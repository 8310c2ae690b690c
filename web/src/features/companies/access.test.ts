import { describe, expect, it } from "vitest";
import type { Me, PermissionSet } from "@relata/contracts";
import { mayChangeCompany } from "./access";

const me = (scope: "none" | "own" | "team" | "org_unit" | "all", clearance = 1): Me =>
  ({
    id: "me",
    teamIds: ["t1"],
    orgUnitId: "u1",
    role: { id: "r", key: "sales_rep", name: "Sales rep", clearance },
    permissions: { company: { read: "all", create: "all", update: scope, delete: scope } } as unknown as PermissionSet,
  }) as Me;
const company = (over: Partial<{ ownerId: string; teamId: string | null; orgUnitId: string | null; securityLevel: number }> = {}) => ({
  ownerId: "other",
  teamId: null,
  orgUnitId: null,
  securityLevel: 0,
  ...over,
});

describe("mayChangeCompany", () => {
  it("follows the scope", () => {
    expect(mayChangeCompany(me("none"), company({ ownerId: "me" }), "update")).toBe(false);
    expect(mayChangeCompany(me("own"), company({ ownerId: "me" }), "update")).toBe(true);
    expect(mayChangeCompany(me("own"), company({ teamId: "t1" }), "update")).toBe(false);
    expect(mayChangeCompany(me("team"), company({ teamId: "t1" }), "delete")).toBe(true);
    expect(mayChangeCompany(me("team"), company({ teamId: "t2" }), "delete")).toBe(false);
    expect(mayChangeCompany(me("org_unit"), company({ orgUnitId: "u9" }), "update")).toBe(true);
    expect(mayChangeCompany(me("org_unit"), company(), "update")).toBe(false);
    expect(mayChangeCompany(me("all"), company(), "update")).toBe(true);
  });

  it("never above the user's clearance", () => {
    expect(mayChangeCompany(me("all", 1), company({ securityLevel: 2 }), "update")).toBe(false);
  });
});
