/**
 * The staff directory as a real list: q over name and email (case and accents ignored),
 * filters, every sort with keyset paging, totals, bad input (400 naming the field) and the CSV
 * export with its formula-injection guard.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { userSorts } from "@relata/contracts";
import { roles, users } from "../../db/schema";
import { as, createHarness, createOrgUnit, createTeam, createUser, login, type Harness } from "../../../test/harness";
import type { Api } from "../../../test/access-fixture";

let h: Harness;
let admin: Api;
let rep: Api;
let teamId: string;
let unitId: string;
let repRoleId: string;
/** The users this file made for the list, by name. */
const people = new Map<string, string>();

type Item = {
  id: string;
  name: string;
  email: string;
  active: boolean;
  roleId: string;
  orgUnitId: string | null;
  teamIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
};
type Page = { items: Item[]; nextCursor: string | null; total?: number };

beforeAll(async () => {
  h = await createHarness();
  teamId = (await createTeam(h.db, "Nordic team")).id;
  unitId = (await createOrgUnit(h.db, "Malmö office")).id;
  [{ id: repRoleId }] = (await h.db.select({ id: roles.id }).from(roles).where(eq(roles.key, "sales_rep"))) as [{ id: string }];
  const adminUser = await createUser(h.db, { role: "administrator", name: "Zed Admin", email: "zed.admin@example.test" });
  admin = as(h.app, await login(h.app, adminUser.email));
  const repUser = await createUser(h.db, { role: "sales_rep", name: "Yara Rep", email: "yara@example.test" });
  rep = as(h.app, await login(h.app, repUser.email));
  const made = [
    await createUser(h.db, { name: "Åsa Öberg", email: "asa.oberg@example.test", teamIds: [teamId], orgUnitId: unitId }),
    await createUser(h.db, { name: "José Núñez", email: "jose@example.test", teamIds: [teamId] }),
    await createUser(h.db, { name: "Bob Builder", email: "bob@builders.example", orgUnitId: unitId }),
    await createUser(h.db, { name: "Carla Gone", email: "carla@example.test", active: false, role: "account_manager" }),
    await createUser(h.db, { name: '=HYPERLINK("http://evil")', email: "formula@example.test" }),
    await createUser(h.db, { name: 'Comma, "Quoted"\nPerson', email: "quoted@example.test" }),
  ];
  for (const user of made) people.set(user.email, user.id);
  // Distinct sign-in times (and some never signed in) for the lastLoginAt sort.
  await h.db
    .update(users)
    .set({ lastLoginAt: sql`now() - interval '3 days'` })
    .where(eq(users.email, "bob@builders.example"));
  await h.db
    .update(users)
    .set({ lastLoginAt: sql`now() - interval '1 day'` })
    .where(eq(users.email, "jose@example.test"));
});
afterAll(async () => h?.close());

async function listAll(api: Api, query: Record<string, string>) {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const response = await api("GET", `/api/users?${new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) })}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page;
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error("the list never ended");
}

const emailsOf = (items: Item[]) => items.map((item) => item.email).sort();

describe("GET /api/users", () => {
  it("answers the standard page shape, with the total only when asked", async () => {
    const page = (await rep("GET", "/api/users?limit=3")).json() as Page;
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page).not.toHaveProperty("total");
    const counted = (await rep("GET", "/api/users?limit=1&withTotal=true")).json() as Page;
    expect(counted.total).toBe(8);
    expect(counted.items[0]).not.toHaveProperty("passwordHash");
  });

  it("matches q against name or email, ignoring case and accents, with % and _ taken literally", async () => {
    const search = async (q: string) => emailsOf(await listAll(rep, { q }));
    expect(await search("asa")).toEqual(["asa.oberg@example.test"]);
    expect(await search("ÖBERG")).toEqual(["asa.oberg@example.test"]);
    expect(await search("jose nunez")).toEqual(["jose@example.test"]);
    expect(await search("BUILDERS.example")).toEqual(["bob@builders.example"]);
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual([]);
    expect(await search("nobody at all")).toEqual([]);
  });

  it("filters by active flag, role, team and org unit", async () => {
    expect(emailsOf(await listAll(rep, { "filter[active]": "false" }))).toEqual(["carla@example.test"]);
    expect((await listAll(rep, { "filter[active]": "true" })).every((item) => item.active)).toBe(true);
    expect((await listAll(rep, { "filter[roleId]": repRoleId })).every((item) => item.roleId === repRoleId)).toBe(true);
    expect(emailsOf(await listAll(rep, { "filter[teamId]": teamId }))).toEqual(["asa.oberg@example.test", "jose@example.test"]);
    expect(emailsOf(await listAll(rep, { "filter[orgUnitId]": unitId }))).toEqual(["asa.oberg@example.test", "bob@builders.example"]);
    expect(emailsOf(await listAll(rep, { "filter[orgUnitId]": unitId, "filter[teamId]": teamId, q: "oberg" }))).toEqual([
      "asa.oberg@example.test",
    ]);
    const counted = (await rep("GET", `/api/users?filter[teamId]=${teamId}&withTotal=true&limit=1`)).json() as Page;
    expect(counted.total).toBe(2);
  });

  it.each(userSorts)("returns every user once, in order, across pages sorted by %s", async (sort) => {
    const whole = await listAll(rep, { sort, limit: "200" });
    expect(whole).toHaveLength(8);
    for (const limit of ["1", "3"])
      expect(
        (await listAll(rep, { sort, limit })).map((item) => item.id),
        `limit ${limit}`,
      ).toEqual(whole.map((item) => item.id));
    const field = sort.replace(/^-/, "") as "name" | "email" | "lastLoginAt" | "createdAt";
    if (field === "lastLoginAt") {
      // Never signed in sorts as the earliest time.
      const keys = whole.map((item) => item.lastLoginAt ?? "");
      const sorted = [...keys].sort();
      expect(keys).toEqual(sort.startsWith("-") ? sorted.reverse() : sorted);
    }
    if (field === "createdAt") {
      const keys = whole.map((item) => item.createdAt);
      const sorted = [...keys].sort();
      expect(keys).toEqual(sort.startsWith("-") ? sorted.reverse() : sorted);
    }
  });

  it.each([
    ["filter[active]=yes", "querystring.filter[active]"],
    ["filter[roleId]=admin", "querystring.filter[roleId]"],
    ["filter[teamId]=1", "querystring.filter[teamId]"],
    ["filter[orgUnitId]=x", "querystring.filter[orgUnitId]"],
    ["filter[email]=x", "querystring.filter[email]"],
    ["sort=password", "querystring.sort"],
    ["limit=201", "querystring.limit"],
    ["withTotal=1", "querystring.withTotal"],
    [`q=${"q".repeat(201)}`, "querystring.q"],
    ["cursor=nonsense", "cursor"],
    [
      `sort=createdAt&cursor=${Buffer.from(JSON.stringify(["Ada", "00000000-0000-4000-8000-000000000000"])).toString("base64url")}`,
      "cursor",
    ],
    [`sort=name&cursor=${Buffer.from(JSON.stringify(["Ada", "nope"])).toString("base64url")}`, "cursor"],
  ])("refuses %s with 400 naming %s", async (query, field) => {
    const response = await rep("GET", `/api/users?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    expect((response.json().details as { field: string }[]).map((d) => d.field)).toContain(field);
  });

  it("accepts a null cursor value only for the lastLoginAt sort (users who never signed in)", async () => {
    const nullCursor = Buffer.from(JSON.stringify([null, "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    expect((await rep("GET", `/api/users?sort=lastLoginAt&cursor=${nullCursor}`)).statusCode).toBe(200);
    expect((await rep("GET", `/api/users?sort=name&cursor=${nullCursor}`)).statusCode).toBe(400);
  });
});

describe("GET /api/users/export.csv", () => {
  const parse = (body: string) => body.replace(/^\uFEFF/, "");

  it("downloads the directory as UTF-8 CSV with BOM, header, CRLF lines and human-readable columns", async () => {
    const response = await rep("GET", "/api/users/export.csv?sort=email");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="users-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = parse(response.body).split("\r\n");
    expect(lines[0]).toBe(
      "id,name,email,active,role_id,role_name,org_unit_id,org_unit_name,manager_id,manager_name,teams,locale,time_zone,last_login_at,created_at",
    );
    expect(lines.at(-1)).toBe("");
    expect(response.body).not.toMatch(/argon2/);
    const asa = lines.find((line) => line.includes("asa.oberg@example.test"))!;
    expect(asa).toContain(
      `${people.get("asa.oberg@example.test")},Åsa Öberg,asa.oberg@example.test,true,${repRoleId},Sales rep,${unitId},Malmö office,,,Nordic team,en,UTC,,`,
    );
  });

  it("guards against formula injection and quotes per RFC 4180", async () => {
    const body = parse((await rep("GET", "/api/users/export.csv?sort=email")).body);
    expect(body).toContain(`,"'=HYPERLINK(""http://evil"")",formula@example.test,`);
    expect(body).toContain(`,"Comma, ""Quoted""\nPerson",quoted@example.test,`);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("takes the list's q, filters and sort, and nothing for paging", async () => {
    const body = parse((await rep("GET", `/api/users/export.csv?filter[teamId]=${teamId}&sort=-email`)).body);
    const emails = body
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[2]);
    expect(emails).toEqual(["jose@example.test", "asa.oberg@example.test"]);
    for (const query of ["limit=5", "cursor=abc", "withTotal=true", "filter[active]=maybe"]) {
      const response = await rep("GET", `/api/users/export.csv?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
    // The directory is the same for everyone who may read it.
    const everyone = async (api: Api) => parse((await api("GET", "/api/users/export.csv?sort=name")).body);
    expect(await everyone(admin)).toBe(await everyone(rep));
  });
});
