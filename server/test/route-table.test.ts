/**
 * AC-5 and IN-3 over the route table: every /api route declares a permission, carries zod
 * request and response schemas that refuse unknown fields and bound their sizes, and refuses
 * callers without a session. The table is collected by an onRoute hook in `buildApp`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { accessObjects } from "@relata/contracts";
import type { RouteTableEntry } from "../src/app";
import { createHarness, type Harness } from "./harness";

type Route = { method: string; url: string; entry: RouteTableEntry };

const documentation = (url: string) => url === "/api/openapi.json" || url === "/api/docs" || url.startsWith("/api/docs/");

/** Routes that are public on purpose; anything else public is a mistake. */
const publicRoutes = new Set([
  "GET /api/setup",
  "POST /api/setup",
  "POST /api/auth/login",
  "GET /api/auth/session",
  // A document's share link: the token in the path is the credential (expired, revoked, unknown: the same 404).
  "GET /api/public/shares/:token",
  "GET /api/public/shares/:token/content",
]);

/**
 * Routes added after the foundation, each of which must be in the table (and so in the
 * permission checks below and in the OpenAPI document).
 */
const addedRoutes = [
  "GET /api/users",
  "GET /api/users/export.csv",
  "GET /api/companies/export.csv",
  "POST /api/companies/bulk",
  "GET /api/views",
  "POST /api/views",
  "PATCH /api/views/:id",
  "DELETE /api/views/:id",
  "GET /api/search",
  "GET /api/settings/reminders",
  "PUT /api/settings/reminders",
  "GET /api/competitor-contracts/upcoming",
  "POST /api/companies/:id/competitor-contracts",
  "POST /api/companies/:id/orders",
  "POST /api/companies/:id/orders/:orderId/transitions",
  "GET /api/companies/:id/transactions",
];

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

function jsonSchemaOf(schema: z.ZodType) {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** A list query that takes `filter[custom.<key>]` parameters declares their pattern (and refuses any other unknown one). */
const customFilters = (schema: Record<string, unknown>) => typeof schema["x-custom-filters"] === "string";

/** Paths inside a JSON schema where strings, arrays or objects are unbounded. */
function unbounded(node: unknown, path = "$", found: string[] = []): string[] {
  if (!node || typeof node !== "object") return found;
  const schema = node as Record<string, unknown>;
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const bounded = schema.enum !== undefined || schema.const !== undefined;
  if (
    types.includes("string") &&
    !bounded &&
    schema.maxLength === undefined &&
    schema.pattern === undefined &&
    schema.format === undefined
  ) {
    found.push(`${path}: string without maxLength`);
  }
  if (types.includes("array") && schema.maxItems === undefined) found.push(`${path}: array without maxItems`);
  if (types.includes("object") && schema.properties !== undefined && schema.additionalProperties !== false && !customFilters(schema)) {
    found.push(`${path}: object accepts unknown fields`);
  }
  for (const [key, child] of Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {}))
    unbounded(child, `${path}.${key}`, found);
  if (schema.items) unbounded(schema.items, `${path}[]`, found);
  for (const key of ["anyOf", "oneOf", "allOf"])
    for (const child of (schema[key] as unknown[] | undefined) ?? []) unbounded(child, path, found);
  return found;
}

describe("route table", () => {
  let h: Harness;
  let routes: Route[];
  let apiRoutes: Route[];

  beforeAll(async () => {
    h = await createHarness();
    routes = h.app.routeTable.flatMap((entry) =>
      ([] as string[]).concat(entry.method).map((method) => ({ method, url: entry.url, entry })),
    );
    // HEAD twins of GET routes share the GET route's options.
    apiRoutes = routes.filter((route) => route.url.startsWith("/api") && route.method !== "HEAD");
  });
  afterAll(async () => h?.close());

  const key = (route: Route) => `${route.method} ${route.url}`;
  const business = () => apiRoutes.filter((route) => !documentation(route.url));

  it("is collected from the app and holds every module's routes", () => {
    const urls = new Set(apiRoutes.map(key));
    for (const expected of [
      "POST /api/auth/login",
      "GET /api/users",
      "POST /api/roles",
      "DELETE /api/org-units/:id",
      "GET /api/companies/:id/history",
      "GET /api/audit",
    ]) {
      expect(urls).toContain(expected);
    }
    expect(apiRoutes.length).toBeGreaterThan(30);
  });

  it("fails when any /api route lacks config.permission", () => {
    const missing = routes.filter((route) => route.url.startsWith("/api") && route.entry.config?.permission === undefined).map(key);
    expect(missing).toEqual([]);
  });

  it("declares each permission as public, authenticated or a known object and action", () => {
    const objects: readonly string[] = accessObjects;
    const actions = ["read", "create", "update", "delete"];
    for (const route of apiRoutes) {
      const permission = route.entry.config?.permission;
      if (permission === "public" || permission === "authenticated") continue;
      expect(objects, key(route)).toContain(permission?.object);
      expect(actions, key(route)).toContain(permission?.action);
      if (route.method === "GET") expect(permission?.action, `${key(route)} reads`).toBe("read");
    }
  });

  it("makes only sign-in, setup, session probing and the documentation public", () => {
    const open = business()
      .filter((route) => route.entry.config?.permission === "public")
      .map(key);
    expect(new Set(open)).toEqual(publicRoutes);
  });

  it("gives every route with params, body or query a zod schema for them", () => {
    const problems: string[] = [];
    for (const route of business()) {
      const schema = (route.entry.schema ?? {}) as Record<string, unknown>;
      if (route.url.includes(":") && !isZod(schema.params)) problems.push(`${key(route)}: params`);
      if (["POST", "PUT", "PATCH"].includes(route.method) && !isZod(schema.body)) problems.push(`${key(route)}: body`);
      for (const part of ["params", "body", "querystring"]) {
        if (schema[part] !== undefined && !isZod(schema[part])) problems.push(`${key(route)}: ${part} is not a zod schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("gives every route a zod response schema for its success status (a WebSocket route: for its 426 to plain HTTP)", () => {
    const problems: string[] = [];
    for (const route of business()) {
      const response = ((route.entry.schema ?? {}) as { response?: Record<string, unknown> }).response ?? {};
      const websocket = route.entry.websocket === true || "wsHandler" in route.entry;
      const answered = websocket ? /^426$/ : /^2\d\d$/;
      const success = Object.entries(response).filter(([status]) => answered.test(status));
      if (success.length === 0) problems.push(`${key(route)}: no 2xx response schema`);
      for (const [status, schema] of success) if (!isZod(schema)) problems.push(`${key(route)}: ${status} is not zod`);
    }
    expect(problems).toEqual([]);
  });

  it("refuses unknown fields and bounds every string and array in request schemas", () => {
    const problems: string[] = [];
    for (const route of business()) {
      const schema = (route.entry.schema ?? {}) as Record<string, unknown>;
      for (const part of ["params", "body", "querystring"]) {
        const zod = schema[part];
        if (!isZod(zod)) continue;
        const json = jsonSchemaOf(zod);
        if (json.type === "object" && json.additionalProperties !== false && !customFilters(json))
          problems.push(`${key(route)} ${part}: accepts unknown fields`);
        problems.push(...unbounded(json, `${key(route)} ${part}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("has a schema check that does notice loose schemas (guards the check above)", () => {
    const loose = jsonSchemaOf(
      z.object({ note: z.string(), tags: z.array(z.string().max(5)), nested: z.object({ a: z.number() }).strict() }),
    );
    expect(unbounded(loose)).toEqual([
      "$: object accepts unknown fields",
      "$.note: string without maxLength",
      "$.tags: array without maxItems",
    ]);
  });

  it("caps every page size at 200", () => {
    for (const route of business()) {
      const query = ((route.entry.schema ?? {}) as { querystring?: z.ZodType }).querystring;
      if (!isZod(query)) continue;
      const limit = (jsonSchemaOf(query).properties as Record<string, { maximum?: number }> | undefined)?.limit;
      if (limit) expect(limit.maximum, key(route)).toBeLessThanOrEqual(200);
    }
  });

  it("holds the routes added for lists, exports, views, search and bulk actions, each with a declared permission", () => {
    const byKey = new Map(business().map((route) => [key(route), route]));
    for (const expected of addedRoutes) {
      expect(byKey.has(expected), expected).toBe(true);
      expect(byKey.get(expected)?.entry.config?.permission, expected).toBeDefined();
    }
    // Exports read what their list reads; views and search are for any signed-in user.
    expect(byKey.get("GET /api/companies/export.csv")?.entry.config?.permission).toEqual({ object: "company", action: "read" });
    expect(byKey.get("GET /api/users/export.csv")?.entry.config?.permission).toEqual({ object: "user", action: "read" });
    expect(byKey.get("POST /api/companies/bulk")?.entry.config?.permission).toEqual({ object: "company", action: "update" });
    for (const open of ["GET /api/views", "POST /api/views", "PATCH /api/views/:id", "DELETE /api/views/:id", "GET /api/search"]) {
      expect(byKey.get(open)?.entry.config?.permission, open).toBe("authenticated");
    }
  });

  it("lists every /api route in the OpenAPI document (except the documentation itself)", async () => {
    const response = await h.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const paths = (response.json() as { paths: Record<string, Record<string, unknown>> }).paths;
    const documented = new Set(
      Object.entries(paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    const missing = business()
      .filter((route) => route.url !== "/api/openapi.json")
      .map(key)
      .filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
    for (const added of addedRoutes) expect(documented, added).toContain(added);
    for (const csv of ["/api/companies/export.csv", "/api/users/export.csv"]) {
      const answer = (paths[csv]!.get as { responses: Record<string, { content?: Record<string, unknown> }> }).responses["200"];
      expect(Object.keys(answer?.content ?? {}), csv).toEqual(["text/csv"]);
    }
  });

  it("answers 401 without a session on every non-public route, before validation", async () => {
    const failures: string[] = [];
    for (const route of business()) {
      if (route.entry.config?.permission === "public") continue;
      const url = route.url.replace(/:\w+/g, "00000000-0000-4000-8000-000000000000");
      const response = await h.app.inject({
        method: route.method as "GET",
        url,
        ...(["POST", "PATCH", "PUT"].includes(route.method) ? { payload: {} } : {}),
      });
      if (response.statusCode !== 401) failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("answers unknown /api paths with a JSON 404", async () => {
    const response = await h.app.inject({ method: "GET", url: "/api/no-such-thing" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: "not_found" });
  });
});
