/**
 * Company routes: bad input (400 naming the field, nothing written), who may place a company
 * where (owner, team, security level), optimistic locking, keyset paging and history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { companies } from "../../db/schema";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
const missing = "00000000-0000-4000-8000-00000000000f";

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString("base64url");

describe("bad input", () => {
  it.each([
    ["an unknown field", { name: "A", createdAt: "2020-01-01T00:00:00Z" }, "createdAt"],
    ["an org unit (it follows the owner)", { name: "A", orgUnitId: missing }, "orgUnitId"],
    ["a version", { name: "A", version: 3 }, "version"],
    ["a missing name", {}, "name"],
    ["an empty name", { name: "   " }, "name"],
    ["a too long name", { name: "n".repeat(201) }, "name"],
    ["a name of the wrong type", { name: 42 }, "name"],
    ["a name holding a NUL character", { name: "a\u0000b" }, "name"],
    ["a security level above 3", { name: "A", securityLevel: 4 }, "securityLevel"],
    ["a negative security level", { name: "A", securityLevel: -1 }, "securityLevel"],
    ["a fractional security level", { name: "A", securityLevel: 1.5 }, "securityLevel"],
    ["a security level as a string", { name: "A", securityLevel: "2" }, "securityLevel"],
    ["an owner id that is not a uuid", { name: "A", ownerId: "me" }, "ownerId"],
    ["a team id that is not a uuid", { name: "A", teamId: 7 }, "teamId"],
    ["an owner who does not exist", { name: "A", ownerId: missing }, "ownerId"],
  ])("refuses a new company with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies", body), 400, field);
  });

  it("refuses a body that is not a JSON object, or not JSON (400/415, nothing written)", async () => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies", ["Acme"]), 400, "body");
    await refused(
      () => f.actors.administrator.api("POST", "/api/companies", "name=Acme", { "content-type": "application/x-www-form-urlencoded" }),
      415,
    );
    await refused(
      () => f.actors.administrator.api("POST", "/api/companies", '{"name": "Acme"', { "content-type": "application/json" }),
      400,
      "body",
    );
  });

  it("refuses bad ids and unknown fields on PATCH, DELETE and GET (400 naming the field)", async () => {
    const id = await f.insertCompany("Patch target", f.placement("administrator", "own")!);
    const admin = f.actors.administrator.api;
    await refused(() => admin("GET", "/api/companies/123"), 400, "params.id");
    await refused(() => admin("DELETE", "/api/companies/not-an-id"), 400, "params.id");
    await refused(() => admin("PATCH", `/api/companies/${id}`, { name: "B", updatedAt: "now" }, { "if-match": '"1"' }), 400, "updatedAt");
    await refused(() => admin("PATCH", `/api/companies/${id}`, { securityLevel: null }, { "if-match": '"1"' }), 400, "securityLevel");
  });

  it.each([
    ["limit=0", "querystring.limit"],
    ["limit=201", "querystring.limit"],
    ["limit=ten", "querystring.limit"],
    ["sort=email", "querystring.sort"],
    ["withTotal=yes", "querystring.withTotal"],
    ["ownerId=x", "querystring.ownerId"],
    [`q=${"q".repeat(201)}`, "querystring.q"],
    ["q=%00", "querystring.q"],
    ["cursor=not-a-cursor", "cursor"],
    [`cursor=${cursorOf(["Acme"])}`, "cursor"],
    [`cursor=${cursorOf(["Acme", 5])}`, "cursor"],
    [`cursor=${cursorOf(["Acme", "not-a-uuid"])}`, "cursor"],
    [`cursor=${cursorOf(["Acme\u0000", missing])}`, "cursor"],
    [`sort=updatedAt&cursor=${cursorOf(["Acme", missing])}`, "cursor"],
    [`sort=-updatedAt&cursor=${cursorOf(["2024-02-30T10:00:00.000000Z", missing])}`, "cursor"],
    [`sort=updatedAt&cursor=${cursorOf(["2024-01-01T10:00:00Z", missing])}`, "cursor"],
  ])("refuses the list query %s with 400 naming %s", async (query, field) => {
    await refused(() => f.actors.sales_rep.api("GET", `/api/companies?${query}`), 400, field);
  });
});

describe("who may place a company where", () => {
  it("creates a sales rep's company owned by them, in their first team and their org unit", async () => {
    const rep = f.actors.sales_rep;
    const response = await rep.api("POST", "/api/companies", { name: "  Acme AB  " });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      name: "Acme AB",
      ownerId: rep.id,
      teamId: f.teams.one,
      orgUnitId: f.units.north,
      securityLevel: 0,
      version: 1,
    });
    expect(response.headers.location).toBe(`/api/companies/${response.json().id}`);
    expect(response.headers.etag).toBe('"1"');
  });

  it("does not let a sales rep assign another owner, a team not theirs or a level above their clearance (400)", async () => {
    const rep = f.actors.sales_rep.api;
    await refused(() => rep("POST", "/api/companies", { name: "A", ownerId: f.owners.mate.id }), 400, "ownerId");
    await refused(() => rep("POST", "/api/companies", { name: "A", teamId: f.teams.three }), 400, "teamId");
    await refused(() => rep("POST", "/api/companies", { name: "A", securityLevel: 2 }), 400, "securityLevel");
    expect((await rep("POST", "/api/companies", { name: "Cleared", securityLevel: 1, teamId: null })).statusCode).toBe(201);
  });

  it("lets an account manager place companies with teammates in their teams, nowhere else", async () => {
    const manager = f.actors.account_manager.api;
    const placed = await manager("POST", "/api/companies", {
      name: "Team deal",
      ownerId: f.owners.mate.id,
      teamId: f.teams.one,
      securityLevel: 2,
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ ownerId: f.owners.mate.id, orgUnitId: f.units.northBranch });
    await refused(() => manager("POST", "/api/companies", { name: "A", ownerId: f.owners.stranger.id, teamId: null }), 400, "ownerId");
    await refused(() => manager("POST", "/api/companies", { name: "A", teamId: f.teams.two }), 400, "teamId");
    await refused(() => manager("POST", "/api/companies", { name: "A", securityLevel: 3 }), 400, "securityLevel");
  });

  it("lets an executive place a company anywhere, and refuses inactive or unknown owners", async () => {
    const exec = f.actors.executive.api;
    const placed = await exec("POST", "/api/companies", {
      name: "Southern",
      ownerId: f.owners.stranger.id,
      teamId: f.teams.three,
      securityLevel: 3,
    });
    expect(placed.json()).toMatchObject({
      ownerId: f.owners.stranger.id,
      teamId: f.teams.three,
      orgUnitId: f.units.south,
      securityLevel: 3,
    });
    const gone = await createUser(h.db, { role: "sales_rep", active: false });
    await refused(() => exec("POST", "/api/companies", { name: "A", ownerId: gone.id, teamId: null }), 400, "ownerId");
  });

  it("refuses creation to the service desk, which lacks the function (403)", async () => {
    await refused(() => f.actors.service_desk.api("POST", "/api/companies", { name: "Desk co" }), 403);
  });

  it("applies the same rules when a sales rep moves their own company", async () => {
    const rep = f.actors.sales_rep.api;
    const id = await f.insertCompany("Movable", f.placement("sales_rep", "own")!);
    const url = `/api/companies/${id}`;
    await refused(() => rep("PATCH", url, { ownerId: f.owners.mate.id }, { "if-match": '"1"' }), 400, "ownerId");
    await refused(() => rep("PATCH", url, { teamId: f.teams.three }, { "if-match": '"1"' }), 400, "teamId");
    await refused(() => rep("PATCH", url, { securityLevel: 2 }, { "if-match": '"1"' }), 400, "securityLevel");
  });

  it("moves a company with its owner's org unit when an executive reassigns it", async () => {
    const id = await f.insertCompany("Reassigned", f.placement("executive", "team")!);
    const response = await f.actors.executive.api(
      "PATCH",
      `/api/companies/${id}`,
      { ownerId: f.owners.sibling.id, teamId: f.teams.two },
      { "if-match": '"1"' },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      ownerId: f.owners.sibling.id,
      teamId: f.teams.two,
      orgUnitId: f.units.northBranch,
      version: 2,
    });
  });
});

describe("optimistic locking", () => {
  it("changes a company only with the current ETag: 428 without If-Match, 412 stale, 400 malformed", async () => {
    const rep = f.actors.sales_rep.api;
    const id = await f.insertCompany("Locked", f.placement("sales_rep", "own")!);
    const url = `/api/companies/${id}`;
    await refused(() => rep("PATCH", url, { name: "New" }), 428);
    await refused(() => rep("PATCH", url, { name: "New" }, { "if-match": '"2"' }), 412);
    await refused(() => rep("PATCH", url, { name: "New" }, { "if-match": "1" }), 400, "If-Match");
    const changed = await rep("PATCH", url, { name: "New" }, { "if-match": 'W/"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ name: "New", version: 2 });
    expect(Date.parse(changed.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(changed.json().createdAt));
    await refused(() => rep("PATCH", url, { name: "Lost update" }, { "if-match": '"1"' }), 412);
  });

  it("deletes with a matching If-Match (204), refuses a stale one (412), and then answers 404", async () => {
    const manager = f.actors.account_manager.api;
    const id = await f.insertCompany("Doomed", f.placement("account_manager", "own")!);
    await refused(() => manager("DELETE", `/api/companies/${id}`, undefined, { "if-match": '"5"' }), 412);
    expect((await manager("DELETE", `/api/companies/${id}`, undefined, { "if-match": '"1"' })).statusCode).toBe(204);
    expect((await h.db.select().from(companies).where(eq(companies.id, id))).length).toBe(0);
    await refused(() => manager("DELETE", `/api/companies/${id}`), 404);
  });
});

describe("keyset paging", () => {
  const prefix = "Paging test";
  let ids: string[];

  beforeAll(async () => {
    const where = f.placement("sales_rep", "team")!;
    // Repeated names (ties broken by id) and one statement's worth of equal updated_at values.
    const names = Array.from({ length: 23 }, (_, i) => `${prefix} ${String.fromCharCode(65 + (i % 7))}`);
    const rows = await h.db
      .insert(companies)
      .values(names.slice(0, 15).map((name) => ({ ...where, name })))
      .returning({ id: companies.id });
    for (const name of names.slice(15))
      rows.push(
        (
          await h.db
            .insert(companies)
            .values({ ...where, name })
            .returning({ id: companies.id })
        )[0]!,
      );
    ids = rows.map((row) => row.id);
  });

  async function pages(sort: string, limit: number) {
    const seen: { id: string; name: string; updatedAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ q: prefix, sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const response = await f.actors.sales_rep.api("GET", `/api/companies?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: typeof seen; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && seen.length <= ids.length);
    return seen;
  }

  it.each(["name", "-name", "updatedAt", "-updatedAt"])(
    "returns every company exactly once, in order, across pages sorted by %s",
    async (sort) => {
      const whole = await pages(sort, 200);
      expect(whole.map((c) => c.id).sort()).toEqual([...ids].sort());
      for (const limit of [1, 4, 7]) {
        const paged = await pages(sort, limit);
        expect(
          paged.map((c) => c.id),
          `limit ${limit}`,
        ).toEqual(whole.map((c) => c.id));
      }
      const keys = whole.map((c) => (sort.endsWith("name") ? c.name : c.updatedAt));
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (sort.startsWith("-")) sorted.reverse();
      if (!sort.endsWith("name")) expect(keys).toEqual(sorted);
    },
  );

  it("ends with a null cursor and gives the total only when asked", async () => {
    const first = (await f.actors.sales_rep.api("GET", `/api/companies?q=${encodeURIComponent(prefix)}&limit=200`)).json();
    expect(first.nextCursor).toBeNull();
    expect(first).not.toHaveProperty("total");
    const counted = (await f.actors.sales_rep.api("GET", `/api/companies?q=${encodeURIComponent(prefix)}&limit=1&withTotal=true`)).json();
    expect(counted.total).toBe(ids.length);
    expect(counted.nextCursor).toEqual(expect.any(String));
  });
});

describe("history", () => {
  it("returns the company's audit entries, newest first, with actor and changed fields, paged", async () => {
    const rep = f.actors.sales_rep.api;
    const created = (await rep("POST", "/api/companies", { name: "Storied" })).json();
    await rep("PATCH", `/api/companies/${created.id}`, { name: "Storied AB" }, { "if-match": '"1"' });
    await rep("PATCH", `/api/companies/${created.id}`, { securityLevel: 1 }, { "if-match": '"2"' });
    const response = await rep("GET", `/api/companies/${created.id}/history`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as {
      operation: string;
      actorId: string;
      recordId: string;
      tableName: string;
      changed: string[];
      after: Record<string, unknown>;
    }[];
    expect(items.map((item) => item.operation)).toEqual(["update", "update", "insert"]);
    expect(
      items.every((item) => item.recordId === created.id && item.tableName === "companies" && item.actorId === f.actors.sales_rep.id),
    ).toBe(true);
    expect(items[1]!.changed).toContain("name");
    expect(items[1]!.after).toMatchObject({ name: "Storied AB" });
    const first = (await rep("GET", `/api/companies/${created.id}/history?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await rep("GET", `/api/companies/${created.id}/history?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((item: { operation: string }) => item.operation)).toEqual(["insert"]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers 404 for a company the caller cannot see, and 400 for a bad id or cursor", async () => {
    const hidden = await f.insertCompany("Hidden history", f.placement("sales_rep", "other")!);
    const rep = f.actors.sales_rep.api;
    expect((await rep("GET", `/api/companies/${hidden}/history`)).statusCode).toBe(404);
    expect((await f.actors.executive.api("GET", `/api/companies/${hidden}/history`)).statusCode).toBe(200);
    await refused(() => rep("GET", "/api/companies/nope/history"), 400, "params.id");
    await refused(() => rep("GET", `/api/companies/${hidden}/history?cursor=abc`), 400, "querystring.cursor");
  });
});
