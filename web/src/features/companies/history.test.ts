import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@relata/contracts";
import { camelCase, historyItem, newestFirst } from "./history";

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: "1",
  at: "2025-01-01T10:00:00.000Z",
  actorId: "u1",
  actorName: "Ada",
  requestId: "r1",
  tableName: "companies",
  recordId: "c1",
  operation: "update",
  changed: [],
  before: null,
  after: null,
  ...over,
});

describe("company history", () => {
  it("names columns in camelCase", () => {
    expect(camelCase("owner_id")).toBe("ownerId");
    expect(camelCase("security_level")).toBe("securityLevel");
    expect(camelCase("name")).toBe("name");
  });

  it("lists the changed fields of an update, technical ones left out, known ones in form order", () => {
    const item = historyItem(
      entry({
        changed: ["version", "updated_at", "security_level", "name"],
        before: { version: 1, updated_at: "x", security_level: 0, name: "Acme" },
        after: { version: 2, updated_at: "y", security_level: 2, name: "Acme AB" },
      }),
      ["name", "ownerId", "securityLevel"],
    );
    expect(item.kind).toBe("changed");
    expect(item.changes).toEqual([
      { field: "name", from: "Acme", to: "Acme AB" },
      { field: "securityLevel", from: 0, to: 2 },
    ]);
  });

  it("shows the starting values of a created record and the last ones of a deleted one", () => {
    const created = historyItem(entry({ operation: "insert", after: { id: "c1", name: "Acme", owner_id: "u1", version: 1 } }));
    expect(created.kind).toBe("created");
    expect(created.changes).toEqual([
      { field: "name", from: null, to: "Acme" },
      { field: "ownerId", from: null, to: "u1" },
    ]);
    const deleted = historyItem(entry({ operation: "delete", before: { name: "Acme" } }));
    expect(deleted.kind).toBe("deleted");
    expect(deleted.changes).toEqual([{ field: "name", from: "Acme", to: null }]);
  });

  it("orders newest first by chain id and drops duplicates", () => {
    const list = newestFirst([entry({ id: "9" }), entry({ id: "10" }), entry({ id: "9" }), entry({ id: "2" })]);
    expect(list.map((item) => item.id)).toEqual(["10", "9", "2"]);
  });
});

describe("custom values in the history", () => {
  it("shows one change per custom field that changed", () => {
    const item = historyItem(
      entry({
        changed: ["custom", "name_key"],
        before: { custom: { rating: 3, region: "north" }, name_key: "acme" },
        after: { custom: { rating: 4, region: "north", vip: true }, name_key: "acme ab" },
      }),
    );
    expect(item.changes).toEqual([
      { field: "custom.rating", from: 3, to: 4 },
      { field: "custom.vip", from: null, to: true },
    ]);
  });

  it("leaves out empty custom values of a new record", () => {
    const item = historyItem(entry({ operation: "insert", after: { name: "Acme", custom: { rating: 5 } } }));
    expect(item.changes).toEqual([
      { field: "name", from: null, to: "Acme" },
      { field: "custom.rating", from: null, to: 5 },
    ]);
  });
});
