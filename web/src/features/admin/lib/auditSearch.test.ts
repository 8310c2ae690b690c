import { describe, expect, it } from "vitest";
import { auditApiQuery, changeRows, nextDay, parseAuditSearch, recordPath, startOfDayIn } from "./auditSearch";

const uuid = "0b6c1f9e-3a3b-4c1e-9a5e-2f7d8c9b1a20";

describe("audit search in the URL", () => {
  it("keeps valid filters and drops malformed ones", () => {
    expect(
      parseAuditSearch({
        tableName: "users",
        recordId: uuid,
        actorId: uuid,
        operation: "password.reset",
        from: "2024-03-01",
        to: "2024-03-31",
      }),
    ).toEqual({
      tableName: "users",
      recordId: uuid,
      actorId: uuid,
      operation: "password.reset",
      from: "2024-03-01",
      to: "2024-03-31",
    });
    expect(parseAuditSearch({ tableName: "Users; drop", actorId: "nope", from: "2024-02-30", to: 5, operation: "" })).toEqual({});
    expect(parseAuditSearch({ recordId: "  abc  " })).toEqual({ recordId: "abc" });
  });
});

describe("days in a time zone", () => {
  it("finds the start of a day, also across DST changes", () => {
    expect(startOfDayIn("2024-01-15", "UTC").toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(startOfDayIn("2024-01-15", "Asia/Shanghai").toISOString()).toBe("2024-01-14T16:00:00.000Z");
    expect(startOfDayIn("2024-07-15", "Europe/Stockholm").toISOString()).toBe("2024-07-14T22:00:00.000Z");
    expect(startOfDayIn("2024-03-31", "Europe/Stockholm").toISOString()).toBe("2024-03-30T23:00:00.000Z");
    expect(startOfDayIn("2024-04-01", "Europe/Stockholm").toISOString()).toBe("2024-03-31T22:00:00.000Z");
    expect(startOfDayIn("2024-11-03", "America/New_York").toISOString()).toBe("2024-11-03T04:00:00.000Z");
  });

  it("rolls over months and years", () => {
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
    expect(nextDay("2023-12-31")).toBe("2024-01-01");
  });

  it("turns the URL's days into the API's instants", () => {
    expect(auditApiQuery({ from: "2024-03-01", to: "2024-03-01", tableName: "users" }, "Asia/Shanghai")).toEqual({
      tableName: "users",
      from: "2024-02-29T16:00:00.000Z",
      to: "2024-03-01T15:59:59.999Z",
    });
    expect(auditApiQuery({}, "UTC")).toEqual({});
  });
});

describe("audit entries", () => {
  it("links records that have a screen", () => {
    expect(recordPath("companies", uuid)).toBe(`/companies/${uuid}`);
    expect(recordPath("contacts", uuid)).toBe(`/contacts/${uuid}`);
    expect(recordPath("users", uuid)).toBe(`/admin/users/${uuid}`);
    expect(recordPath("roles", uuid)).toBe(`/admin/roles/${uuid}`);
    expect(recordPath("team_members", `${uuid}:${uuid}`)).toBeNull();
    expect(recordPath("users", null)).toBeNull();
  });

  it("lists changed fields and opens up nested objects", () => {
    const rows = changeRows({
      operation: "update",
      changed: ["name", "permissions"],
      before: { name: "Sales", permissions: { company: { read: "team", update: "own" }, user: { read: "all" } } },
      after: { name: "Sales rep", permissions: { company: { read: "all", update: "own" }, user: { read: "all" } } },
    });
    expect(rows).toEqual([
      { field: "name", before: "Sales", after: "Sales rep" },
      { field: "permissions.company.read", before: "team", after: "all" },
    ]);
  });

  it("shows every field of an insert or delete", () => {
    expect(changeRows({ operation: "insert", changed: [], before: null, after: { b: 2, a: 1 } })).toEqual([
      { field: "a", before: undefined, after: 1 },
      { field: "b", before: undefined, after: 2 },
    ]);
    expect(changeRows({ operation: "login", changed: [], before: null, after: null })).toEqual([]);
  });
});
