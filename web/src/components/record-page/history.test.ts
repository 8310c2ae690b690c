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

describe("record history", () => {
  it("names columns in camelCase", () => {
    expect(camelCase("owner_id")).toBe("ownerId");
    expect(camelCase("security_level")).toBe("securityLevel");
    expect(camelCase("name")).toBe("name");
  });

  it("lists the changed fields of an update, technical and ignored ones left out, known ones in form order", () => {
    const item = historyItem(
      entry({
        changed: ["version", "updated_at", "security_level", "name", "domain"],
        before: { version: 1, updated_at: "x", security_level: 0, name: "Acme", domain: "a.se" },
        after: { version: 2, updated_at: "y", security_level: 2, name: "Acme AB", domain: "b.se" },
      }),
      { order: ["name", "ownerId", "securityLevel"], ignore: ["domain"] },
    );
    expect(item.kind).toBe("changed");
    expect(item.subject).toBe("record");
    expect(item.changes).toEqual([
      { field: "name", from: "Acme", to: "Acme AB" },
      { field: "securityLevel", from: 0, to: 2 },
    ]);
  });

  it("leaves out a column named as changed whose value is the same", () => {
    const item = historyItem(
      entry({ changed: ["title", "department"], before: { title: "CFO", department: "x" }, after: { title: "CFO", department: "y" } }),
    );
    expect(item.changes).toEqual([{ field: "department", from: "x", to: "y" }]);
  });

  it("shows the filled values of a created record and the last ones of a deleted one", () => {
    const created = historyItem(
      entry({ operation: "insert", after: { id: "c1", name: "Acme", owner_id: "u1", version: 1, industry: "", tags: [] } }),
    );
    expect(created.kind).toBe("created");
    expect(created.changes).toEqual([
      { field: "name", from: null, to: "Acme" },
      { field: "ownerId", from: null, to: "u1" },
    ]);
    const deleted = historyItem(entry({ operation: "delete", before: { name: "Acme" } }));
    expect(deleted.kind).toBe("deleted");
    expect(deleted.changes).toEqual([{ field: "name", from: "Acme", to: null }]);
    expect(historyItem(entry({ operation: "merge" })).kind).toBe("other");
  });

  it("orders newest first by chain id and drops repeats", () => {
    const list = newestFirst([entry({ id: "9" }), entry({ id: "10" }), entry({ id: "9" }), entry({ id: "2" })]);
    expect(list.map((item) => item.id)).toEqual(["10", "9", "2"]);
  });
});

describe("custom values and parts in the history", () => {
  it("shows one change per custom field that changed, named like the form's field", () => {
    const item = historyItem(
      entry({
        changed: ["custom", "name_key"],
        before: { custom: { rating: 3, region: "north" }, name_key: "acme" },
        after: { custom: { rating: 4, region: "north", vip: true }, name_key: "acme ab" },
      }),
    );
    expect(item.changes).toEqual([
      { field: "custom:rating", from: 3, to: 4 },
      { field: "custom:vip", from: null, to: true },
    ]);
  });

  it("reads custom values stored as JSON text, and a new record's as its starting values", () => {
    const item = historyItem(entry({ changed: ["custom"], before: { custom: '{"tier":"gold"}' }, after: { custom: '{"tier":"silver"}' } }));
    expect(item.changes).toEqual([{ field: "custom:tier", from: "gold", to: "silver" }]);
    const created = historyItem(entry({ operation: "insert", after: { name: "Acme", custom: { rating: 5 } } }));
    expect(created.changes).toEqual([
      { field: "name", from: null, to: "Acme" },
      { field: "custom:rating", from: null, to: 5 },
    ]);
  });

  it("names a part's fields after it (a contact's role at another company)", () => {
    const item = historyItem(
      entry({
        tableName: "contact_roles",
        operation: "insert",
        after: { id: "r1", contact_id: "c1", company_id: "co2", title: "Board member", department: null, started_on: "2024-05-01" },
      }),
      { ignore: ["contact_id"], parts: { contact_roles: "role" } },
    );
    expect(item.subject).toBe("role");
    expect(item.kind).toBe("created");
    expect(item.changes.map((change) => change.field).sort()).toEqual(["role.companyId", "role.startedOn", "role.title"]);
  });
});
