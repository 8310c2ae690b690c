/**
 * Saved views: private to their user (another user's id is a 404, nothing changes), one default
 * per user and list, optimistic locking, bad input (400 naming the field, nothing written), and
 * every signed-in role may use them.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, limits } from "@relata/contracts";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

type View = { id: string; object: string; name: string; state: Record<string, unknown>; isDefault: boolean; version: number };

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

const state = {
  q: "acme",
  filters: { ownerId: "00000000-0000-4000-8000-000000000001", securityLevel: "2" },
  sort: "-updatedAt",
  columns: ["name", "ownerName", "updatedAt"],
};

describe("saved views", () => {
  it("creates (201, Location, ETag), lists only the caller's own and filters by list", async () => {
    const rep = f.actors.sales_rep.api;
    const created = await rep("POST", "/api/views", { object: "companies", name: "  My hot leads  ", state });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as View;
    expect(view).toMatchObject({ object: "companies", name: "My hot leads", state, isDefault: false, version: 1 });
    expect(created.headers.location).toBe(`/api/views/${view.id}`);
    expect(created.headers.etag).toBe('"1"');
    await rep("POST", "/api/views", { object: "users", name: "Everyone", state: {} });
    await f.actors.account_manager.api("POST", "/api/views", { object: "companies", name: "Not yours", state: {} });
    const mine = (await rep("GET", "/api/views?object=companies")).json().items as View[];
    expect(mine.map((v) => v.name)).toEqual(["My hot leads"]);
    const all = (await rep("GET", "/api/views")).json().items as View[];
    expect(all.map((v) => v.name).sort()).toEqual(["Everyone", "My hot leads"]);
    // The change is audited like other business rows.
    expect(
      (
        await h.pool.query("SELECT 1 FROM audit_log WHERE table_name = 'saved_views' AND record_id = $1 AND operation = 'insert'", [
          view.id,
        ])
      ).rowCount,
    ).toBe(1);
  });

  it("keeps at most one default per user and list: a new default clears the old one", async () => {
    const api = f.actors.executive.api;
    const first = (await api("POST", "/api/views", { object: "companies", name: "First", state: {}, isDefault: true })).json() as View;
    const second = (await api("POST", "/api/views", { object: "companies", name: "Second", state: {}, isDefault: true })).json() as View;
    const other = (await api("POST", "/api/views", { object: "audit", name: "Audit default", state: {}, isDefault: true })).json() as View;
    const defaults = async () =>
      ((await api("GET", "/api/views")).json().items as View[])
        .filter((v) => v.isDefault)
        .map((v) => v.name)
        .sort();
    expect(await defaults()).toEqual(["Audit default", "Second"]);
    // Clearing its default changed the first view: its version moved on.
    const current = ((await api("GET", "/api/views?object=companies")).json().items as View[]).find((v) => v.id === first.id)!;
    expect(current).toMatchObject({ isDefault: false, version: 2 });
    const patched = await api("PATCH", `/api/views/${first.id}`, { isDefault: true }, { "if-match": `"${current.version}"` });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await defaults()).toEqual(["Audit default", "First"]);
    expect(((await api("GET", "/api/views?object=companies")).json().items as View[]).find((v) => v.id === second.id)).toMatchObject({
      isDefault: false,
      version: 2,
    });
    expect(other.isDefault).toBe(true);
    // Another user's default is untouched.
    await f.actors.service_desk.api("POST", "/api/views", { object: "companies", name: "Desk default", state: {}, isDefault: true });
    expect(await defaults()).toEqual(["Audit default", "First"]);
  });

  it("renames and changes the state with If-Match: 428 without, 412 when stale", async () => {
    const api = f.actors.account_manager.api;
    const view = (await api("POST", "/api/views", { object: "companies", name: "Editable", state: {} })).json() as View;
    const url = `/api/views/${view.id}`;
    await refused(() => api("PATCH", url, { name: "No header" }), 428);
    const changed = await api("PATCH", url, { name: "Edited", state: { sort: "name", columns: ["name"] } }, { "if-match": '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: "Edited", state: { sort: "name", columns: ["name"] }, version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    await refused(() => api("PATCH", url, { name: "Stale" }, { "if-match": '"1"' }), 412);
    await refused(() => api("DELETE", url, undefined, { "if-match": '"1"' }), 412);
    expect((await api("DELETE", url, undefined, { "if-match": '"2"' })).statusCode).toBe(204);
    await refused(() => api("DELETE", url), 404);
  });

  it("answers 404 for another user's view on PATCH and DELETE, exactly like a missing id, and changes nothing", async () => {
    const theirs = (
      await f.actors.administrator.api("POST", "/api/views", { object: "companies", name: "Admin's", state: {} })
    ).json() as View;
    const rep = f.actors.sales_rep.api;
    const answers = [];
    for (const id of [theirs.id, randomUUID()]) {
      const patch = await refused(() => rep("PATCH", `/api/views/${id}`, { name: "Hijacked" }, { "if-match": '"1"' }), 404);
      const remove = await refused(() => rep("DELETE", `/api/views/${id}`), 404);
      answers.push([patch.json().message, remove.json().message]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(((await rep("GET", "/api/views")).json().items as View[]).map((v) => v.id)).not.toContain(theirs.id);
  });

  it("lets every signed-in role keep views, and nobody without a session", async () => {
    for (const role of builtinRoleKeys) {
      const api = f.actors[role].api;
      const created = await api("POST", "/api/views", { object: "users", name: `${role} view`, state: { columns: ["name", "email"] } });
      expect(created.statusCode, `${role}: ${created.body}`).toBe(201);
      expect((await api("GET", "/api/views?object=users")).json().items.map((v: View) => v.name)).toContain(`${role} view`);
    }
    expect((await h.app.inject({ method: "GET", url: "/api/views" })).statusCode).toBe(401);
    expect((await h.app.inject({ method: "POST", url: "/api/views", payload: { object: "users", name: "x", state: {} } })).statusCode).toBe(
      401,
    );
  });

  it.each([
    ["an unknown list", { object: "opportunities", name: "A", state: {} }, "object"],
    ["no name", { object: "companies", state: {} }, "name"],
    ["an empty name", { object: "companies", name: "  ", state: {} }, "name"],
    ["a too long name", { object: "companies", name: "n".repeat(201), state: {} }, "name"],
    ["no state", { object: "companies", name: "A" }, "state"],
    ["an unknown state field", { object: "companies", name: "A", state: { page: 3 } }, "state.page"],
    ["a filter value that is not text", { object: "companies", name: "A", state: { filters: { ownerId: 5 } } }, "state.filters.ownerId"],
    [
      "a filter name with odd characters",
      { object: "companies", name: "A", state: { filters: { "owner id;": "x" } } },
      "state.filters.owner id;",
    ],
    [
      "too many filters",
      { object: "companies", name: "A", state: { filters: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, "x"])) } },
      "state.filters",
    ],
    [
      "too many columns",
      { object: "companies", name: "A", state: { columns: Array.from({ length: 101 }, (_, i) => `c${i}`) } },
      "state.columns",
    ],
    ["a column that is not text", { object: "companies", name: "A", state: { columns: ["name", 7] } }, "state.columns[1]"],
    ["a too long search", { object: "companies", name: "A", state: { q: "q".repeat(201) } }, "state.q"],
    ["an isDefault that is not a boolean", { object: "companies", name: "A", state: {}, isDefault: "yes" }, "isDefault"],
    ["an owner", { object: "companies", name: "A", state: {}, userId: randomUUID() }, "userId"],
  ])("refuses a view with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => f.actors.sales_rep.api("POST", "/api/views", body), 400, field);
  });

  it("refuses bad input on list, PATCH and DELETE with 400 naming the field", async () => {
    const rep = f.actors.sales_rep.api;
    const view = (await rep("POST", "/api/views", { object: "audit", name: "Patch target", state: {} })).json() as View;
    await refused(() => rep("GET", "/api/views?object=nope"), 400, "querystring.object");
    await refused(() => rep("GET", "/api/views?userId=x"), 400, "querystring.userId");
    await refused(() => rep("PATCH", "/api/views/nope", { name: "A" }, { "if-match": '"1"' }), 400, "params.id");
    await refused(() => rep("PATCH", `/api/views/${view.id}`, { object: "users" }, { "if-match": '"1"' }), 400, "object");
    await refused(() => rep("PATCH", `/api/views/${view.id}`, { state: { sort: "" } }, { "if-match": '"1"' }), 400, "state.sort");
    await refused(() => rep("DELETE", "/api/views/42"), 400, "params.id");
  });

  it(`keeps at most ${limits.savedViewsPerObjectMax} views of one list per user (409, nothing written)`, async () => {
    const api = f.actors.service_desk.api;
    const existing = ((await api("GET", "/api/views?object=audit")).json().items as View[]).length;
    await h.pool.query(
      "INSERT INTO saved_views (user_id, object, name, state) SELECT $1, 'audit', 'Filler ' || n, '{}' FROM generate_series(1, $2) n",
      [f.actors.service_desk.id, limits.savedViewsPerObjectMax - existing],
    );
    const response = await refused(() => api("POST", "/api/views", { object: "audit", name: "One too many", state: {} }), 409);
    expect(response.json()).toMatchObject({ code: "conflict" });
    expect((await api("POST", "/api/views", { object: "users", name: "Another list is fine", state: {} })).statusCode).toBe(201);
  });
});
