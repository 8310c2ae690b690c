import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  exportHref,
  fromViewState,
  hasListSearch,
  matchesView,
  mergeListSearch,
  nextSort,
  parseListSearch,
  parseRange,
  parseSort,
  rangeValue,
  toApiQuery,
  toViewState,
} from "./list-state";

describe("list state ↔ URL", () => {
  it("reads q, sort, view and f.* filters, turning parsed JSON values back into strings", () => {
    const state = parseListSearch({
      q: "acme",
      sort: "-updatedAt",
      view: "v1",
      "f.securityLevel": 2,
      "f.active": true,
      "f.empty": "",
      tab: "x",
    });
    expect(state).toEqual({ q: "acme", sort: "-updatedAt", view: "v1", filters: { securityLevel: "2", active: "true" } });
  });

  it("ignores filters the list does not know", () => {
    expect(parseListSearch({ "f.ownerId": "u1", "f.bogus": "x" }, "", ["ownerId"]).filters).toEqual({ ownerId: "u1" });
  });

  it("keeps other keys and replaces the list's own when writing", () => {
    const next = mergeListSearch({ tab: "history", q: "old", "f.teamId": "t1" }, { q: "new", filters: { ownerId: "u1" }, sort: "name" });
    expect(next).toEqual({ tab: "history", q: "new", "f.ownerId": "u1", sort: "name" });
  });

  it("hands numbers and booleans to the router as such (readable URLs) and reads them back as strings", () => {
    const next = mergeListSearch({}, { q: "123", filters: { level: "2", active: "true", code: "007", id: "3f2a" } });
    expect(next).toEqual({ q: 123, "f.level": 2, "f.active": true, "f.code": "007", "f.id": "3f2a" });
    expect(parseListSearch(next)).toEqual({ q: "123", filters: { level: "2", active: "true", code: "007", id: "3f2a" } });
  });

  it("drops empty values", () => {
    expect(mergeListSearch({}, { q: "  ", filters: { a: "" } })).toEqual({});
  });

  it("supports a prefix so two lists can share a page", () => {
    const next = mergeListSearch({ q: "page" }, { q: "inner", filters: { a: "1" } }, "h.");
    expect(next).toEqual({ q: "page", "h.q": "inner", "h.f.a": 1 });
    expect(parseListSearch(next, "h.")).toEqual({ q: "inner", filters: { a: "1" } });
    expect(parseListSearch(next)).toEqual({ q: "page", filters: {} });
  });

  it("round-trips", () => {
    const state = { q: "nord", filters: { ownerId: "u1", teamId: "t2" }, sort: "-name", view: "v9" };
    expect(parseListSearch(mergeListSearch({}, state))).toEqual(state);
  });

  it("knows whether the URL carries list state", () => {
    expect(hasListSearch({ tab: "x" })).toBe(false);
    expect(hasListSearch({ "f.a": "1" })).toBe(true);
    expect(hasListSearch({ sort: "name" })).toBe(true);
  });
});

describe("list state → API", () => {
  it("builds q, sort and filter[…]", () => {
    expect(toApiQuery({ q: " acme ", filters: { ownerId: "u1", x: "" }, sort: "-name" })).toEqual({
      q: "acme",
      sort: "-name",
      "filter[ownerId]": "u1",
    });
  });

  it("builds the export link", () => {
    expect(exportHref("/api/companies/export.csv", { q: "a b", filters: { securityLevel: "2" }, sort: "name" })).toBe(
      "/api/companies/export.csv?q=a+b&sort=name&filter%5BsecurityLevel%5D=2",
    );
    expect(exportHref("/api/x.csv", { q: "", filters: {} })).toBe("/api/x.csv");
  });

  it("counts active filters", () => {
    expect(activeFilterCount({ filters: { a: "1", b: "" } })).toBe(1);
  });
});

describe("saved views", () => {
  it("stores only what is set", () => {
    expect(toViewState({ q: "", filters: { a: "", b: "2" } }, ["name"])).toEqual({ filters: { b: "2" }, columns: ["name"] });
  });

  it("restores a view", () => {
    expect(fromViewState("v1", { q: "x", filters: { a: "1", gone: "2" }, sort: "name" }, ["a"])).toEqual({
      q: "x",
      filters: { a: "1" },
      sort: "name",
      view: "v1",
    });
  });

  it("detects a modified view", () => {
    const view = { q: "x", filters: { a: "1" }, sort: "-name", columns: ["name", "owner"] };
    const state = fromViewState("v", view);
    expect(matchesView(state, ["name", "owner"], view)).toBe(true);
    expect(matchesView({ ...state, q: "y" }, ["name", "owner"], view)).toBe(false);
    expect(matchesView({ ...state, filters: {} }, ["name", "owner"], view)).toBe(false);
    expect(matchesView(state, ["owner", "name"], view)).toBe(false);
    expect(matchesView({ ...state, sort: undefined }, undefined, { q: "x", filters: { a: "1" } }, "name")).toBe(true);
  });
});

describe("sorting", () => {
  it("parses", () => {
    expect(parseSort("-name")).toEqual({ key: "name", direction: "desc" });
    expect(parseSort("name")).toEqual({ key: "name", direction: "asc" });
    expect(parseSort(undefined)).toBeUndefined();
  });

  it("flips on the same column and starts fresh on another", () => {
    expect(nextSort("name", "name")).toBe("-name");
    expect(nextSort("-name", "name")).toBe("name");
    expect(nextSort("name", "updatedAt", "desc")).toBe("-updatedAt");
    expect(nextSort(undefined, "name")).toBe("name");
  });
});

describe("range filters", () => {
  it("reads and writes min..max with either side open", () => {
    expect(parseRange("10..20")).toEqual({ min: "10", max: "20" });
    expect(parseRange("..20")).toEqual({ min: "", max: "20" });
    expect(parseRange("2024-01-01..")).toEqual({ min: "2024-01-01", max: "" });
    expect(parseRange("5")).toEqual({ min: "5", max: "5" });
    expect(rangeValue("10", "")).toBe("10..");
    expect(rangeValue("", "")).toBeNull();
  });
});
