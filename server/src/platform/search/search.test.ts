/**
 * Global search: companies through the access condition (a sales rep never sees another team's
 * company, not even by its exact name), users only for roles that may read users, best matches
 * first, accents and case ignored, bad input refused, and the provider registry itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { builtinRoleKeys } from "@relata/contracts";
import { roles } from "../../db/schema";
import { as, createHarness, createUser, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { builtinRoles } from "../access/builtin-roles";
import type { UserActor } from "../access/actor";
import { SearchRegistry } from "./search.registry";

let h: Harness;
let f: AccessFixture;
type Hit = { object: "company" | "user"; id: string; title: string; subtitle: string | null };
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  const team = f.placement("sales_rep", "team")!;
  for (const name of ["Nordsjö Färg AB", "Nordic Paints Ltd", "Paint & Nord", "Scandinavian Nordics Group", "Acme Nord"])
    ids[name] = await f.insertCompany(name, team);
  ids.hidden = await f.insertCompany("Nordhidden Secret AB", f.placement("sales_rep", "other")!);
  ids.tooSecret = await f.insertCompany("Nordsecret Clearance AB", f.placement("sales_rep", "secret")!);
  await createUser(h.db, { name: "Nora Nordström", email: "nora@example.test" });
});
afterAll(async () => h?.close());

const search = async (api: (typeof f.actors)["sales_rep"]["api"], q: string, limit?: number) => {
  const response = await api("GET", `/api/search?${new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) })}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Hit[];
};

describe("GET /api/search", () => {
  it("finds companies and users, accents and case ignored, best matches first", async () => {
    const hits = await search(f.actors.sales_rep.api, "NORDSJO");
    expect(hits[0]).toEqual({ object: "company", id: ids["Nordsjö Färg AB"], title: "Nordsjö Färg AB", subtitle: "Mate" });
    const nord = await search(f.actors.sales_rep.api, "nord", 20);
    const titles = nord.map((hit) => hit.title);
    // Names starting with the text come before names where it starts a later word, before the rest.
    expect(titles.indexOf("Nordic Paints Ltd")).toBeLessThan(titles.indexOf("Paint & Nord"));
    expect(titles.indexOf("Paint & Nord")).toBeLessThan(titles.indexOf("Scandinavian Nordics Group"));
    expect(nord.find((hit) => hit.object === "user" && hit.title === "Nora Nordström")).toMatchObject({ subtitle: "nora@example.test" });
    // An exact name ranks first.
    expect((await search(f.actors.sales_rep.api, "acme nord"))[0]!.title).toBe("Acme Nord");
  });

  it("never shows a sales rep a company outside their scope, not even by its exact name", async () => {
    for (const q of ["Nordhidden Secret AB", "nordhidden", "Nordsecret Clearance AB", "nord", "secret", "AB"]) {
      const found = (await search(f.actors.sales_rep.api, q, 20)).map((hit) => hit.id);
      expect(found, q).not.toContain(ids.hidden);
      expect(found, q).not.toContain(ids.tooSecret);
    }
    // Whoever may read them finds them.
    expect((await search(f.actors.executive.api, "Nordhidden Secret AB")).map((hit) => hit.id)).toContain(ids.hidden);
    expect((await search(f.actors.administrator.api, "nordsecret")).map((hit) => hit.id)).toEqual(expect.arrayContaining([ids.tooSecret]));
  });

  it("gives every role only companies it could GET", async () => {
    for (const role of builtinRoleKeys) {
      for (const hit of (await search(f.actors[role].api, "nord", 20)).filter((hit) => hit.object === "company")) {
        expect((await f.actors[role].api("GET", `/api/companies/${hit.id}`)).statusCode, `${role}: ${hit.title}`).toBe(200);
      }
    }
  });

  it("searches users only for roles that may read users", async () => {
    const salesRep = builtinRoles.find((role) => role.key === "sales_rep")!.permissions;
    const [custom] = await h.db
      .insert(roles)
      .values({
        key: "no_directory",
        name: "No directory",
        clearance: 1,
        permissions: { ...salesRep, user: { read: "none", create: "none", update: "none", delete: "none" } },
      })
      .returning();
    const user = await createUser(h.db, { role: custom!.key, teamIds: [f.teams.one] });
    const api = as(h.app, await login(h.app, user.email));
    const hits = await search(api, "nor", 20);
    expect(hits.filter((hit) => hit.object === "user")).toEqual([]);
    expect(hits.some((hit) => hit.object === "company")).toBe(true);
    await h.db
      .delete(roles)
      .where(eq(roles.id, custom!.id))
      .catch(() => undefined);
  });

  it("takes at most `limit` hits (8 by default)", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => f.insertCompany(`Limitless ${i}`, f.placement("administrator", "own")!)));
    expect(await search(f.actors.administrator.api, "limitless")).toHaveLength(8);
    expect(await search(f.actors.administrator.api, "limitless", 3)).toHaveLength(3);
    expect(await search(f.actors.administrator.api, "limitless", 20)).toHaveLength(12);
  });

  it("takes % and _ literally", async () => {
    const id = await f.insertCompany("100% Pure_Oil", f.placement("administrator", "own")!);
    expect((await search(f.actors.administrator.api, "0% p")).map((hit) => hit.id)).toContain(id);
    expect((await search(f.actors.administrator.api, "%")).map((hit) => hit.id)).toEqual([id]);
    expect((await search(f.actors.administrator.api, "e_o")).map((hit) => hit.id)).toEqual([id]);
  });

  it.each([
    ["", "querystring.q"],
    ["q=", "querystring.q"],
    ["q=%20%20", "querystring.q"],
    [`q=${"q".repeat(101)}`, "querystring.q"],
    ["q=a%00b", "querystring.q"],
    ["q=a&limit=0", "querystring.limit"],
    ["q=a&limit=21", "querystring.limit"],
    ["q=a&object=company", "querystring.object"],
  ])("refuses ?%s with 400 naming %s", async (query, field) => {
    const response = await f.actors.sales_rep.api("GET", `/api/search?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    expect((response.json().details as { field: string }[]).map((d) => d.field)).toContain(field);
  });

  it("answers 401 without a session", async () => {
    expect((await h.app.inject({ method: "GET", url: "/api/search?q=nord" })).statusCode).toBe(401);
  });
});

describe("search registry", () => {
  const actor = { kind: "user", userId: "u" } as UserActor;
  it("asks only the providers the actor may use, merges by score and cuts at the limit", async () => {
    const asked: string[] = [];
    const registry = new SearchRegistry()
      .add({
        object: "company",
        mayUse: () => true,
        search: async () => (
          asked.push("company"),
          [
            { object: "company", id: "c1", title: "B", subtitle: null, score: 1 },
            { object: "company", id: "c2", title: "A", subtitle: null, score: 3 },
          ]
        ),
      })
      .add({
        object: "user",
        mayUse: () => false,
        search: async () => (asked.push("user"), [{ object: "user", id: "u1", title: "U", subtitle: null, score: 9 }]),
      });
    expect(await registry.search(actor, "x", 1)).toEqual([{ object: "company", id: "c2", title: "A", subtitle: null }]);
    expect(asked).toEqual(["company"]);
    expect(registry.objects).toEqual(["company", "user"]);
    expect(() => registry.add({ object: "company", mayUse: () => true, search: async () => [] })).toThrow(/twice/);
  });
});
