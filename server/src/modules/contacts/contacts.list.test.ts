/**
 * The contact list, its CSV export and global search: every filter (custom ones too), keyset
 * paging without repeats or gaps for every sort, bad queries, and access scoping throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { CustomValues } from "@relata/contracts";
import { searchEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { defineContactFields, insertContact, insertRole, refused } from "./contacts.test-fixture";

let h: Harness;
let f: AccessFixture;
let own: string;
let mates: string;
let siblings: string;
let strangers: string;
const ids: Record<string, string> = {};

type Item = { id: string; fullName: string; companyName: string; custom: Record<string, unknown>; updatedAt: string; createdAt: string };

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  own = await f.insertCompany("Alfa Own AB", f.placement("sales_rep", "own")!);
  mates = await f.insertCompany("Bravo Mate AB", f.placement("sales_rep", "team")!);
  siblings = await f.insertCompany("Charlie Sibling AB", f.placement("sales_rep", "unit")!);
  strangers = await f.insertCompany("Delta Stranger AB", f.placement("sales_rep", "other")!);
  await defineContactFields(h, [
    { key: "score", type: "number" },
    { key: "since", type: "date" },
    { key: "tier", type: "choice", options: ["gold", "silver"] },
    { key: "vip", type: "yes_no" },
    { key: "nickname", type: "text" },
  ]);
  const admin = f.actors.administrator.api;
  const make = async (key: string, body: Record<string, unknown>) => {
    const response = await admin("POST", "/api/contacts", { ignoreDuplicates: true, ...body });
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json().id;
  };
  await make("anna", {
    companyId: own,
    firstName: "Anna",
    lastName: "Aström",
    function: "it",
    consentEmail: true,
    preferredLanguage: "sv",
    preferredChannel: "email",
    emails: [{ type: "work", address: "anna@alfa.example" }],
    custom: { score: 10, since: "2020-05-01", tier: "gold", vip: true, nickname: "Annie" },
  });
  await make("bert", {
    companyId: own,
    firstName: "Bert",
    lastName: "Berg",
    function: "finance",
    consentSms: true,
    preferredLanguage: "en",
    custom: { score: 2.5, since: "2019-01-01", tier: "silver", vip: false },
  });
  await make("cecilia", { companyId: mates, firstName: "Cecilia", lastName: "Chen", consentCalls: true, custom: { score: 100 } });
  await make("david", { companyId: siblings, firstName: "David", lastName: "Dahl", function: "it" });
  await make("erik", { companyId: strangers, firstName: "Erik", lastName: "Ek", function: "it", custom: { score: 5 } });
  // Erik also advises the rep's own company: he is listed there for those who may see him.
  await insertRole(h, ids.erik!, own, { title: "Advisor" });
  // Cecilia holds a role at the rep's own company: she counts as one of its people.
  await insertRole(h, ids.cecilia!, own, { title: "Board member" });
});
afterAll(async () => h?.close());

const list = async (role: keyof AccessFixture["actors"], query: string) => {
  const response = await f.actors[role].api("GET", `/api/contacts?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: Item[]; nextCursor: string | null; total?: number };
};
const names = async (role: keyof AccessFixture["actors"], query: string) => (await list(role, query)).items.map((item) => item.fullName);

describe("GET /api/contacts", () => {
  it("lists what the caller may see, by last name, with a total when asked", async () => {
    expect(await list("sales_rep", "withTotal=true")).toMatchObject({ total: 3, nextCursor: null });
    expect(await names("sales_rep", "")).toEqual(["Anna Aström", "Bert Berg", "Cecilia Chen"]);
    expect(await names("account_manager", "")).toEqual(["Anna Aström", "Bert Berg", "Cecilia Chen", "David Dahl"]);
    expect((await list("administrator", "withTotal=true")).total).toBe(5);
  });

  it.each([
    ["q=astrom", ["Anna Aström"]],
    ["q=ANNA%20%C3%85", ["Anna Aström"]],
    ["q=anna%40alfa", ["Anna Aström"]],
    ["q=%25", []],
    ["filter[function]=it", ["Anna Aström"]],
    ["filter[consentEmail]=true", ["Anna Aström"]],
    ["filter[consentSms]=true", ["Bert Berg"]],
    ["filter[consentCalls]=true", ["Cecilia Chen"]],
    ["filter[consentCalls]=false", ["Anna Aström", "Bert Berg"]],
    ["filter[preferredLanguage]=en", ["Bert Berg"]],
    ["filter[preferredChannel]=email", ["Anna Aström"]],
    ["filter[ownerId]=me", ["Anna Aström", "Bert Berg"]],
    ["filter[companyId]=$own", ["Anna Aström", "Bert Berg", "Cecilia Chen"]],
    ["filter[companyId]=$mates", ["Cecilia Chen"]],
    ["filter[teamId]=$teamOne", ["Anna Aström", "Bert Berg", "Cecilia Chen"]],
    ["filter[custom.tier]=gold", ["Anna Aström"]],
    ["filter[custom.tier]=gold,silver", ["Anna Aström", "Bert Berg"]],
    ["filter[custom.vip]=false", ["Bert Berg", "Cecilia Chen"]],
    ["filter[custom.vip]=true", ["Anna Aström"]],
    ["filter[custom.score]=3..", ["Anna Aström", "Cecilia Chen"]],
    ["filter[custom.score]=..10", ["Anna Aström", "Bert Berg"]],
    ["filter[custom.since]=2020-01-01..2020-12-31", ["Anna Aström"]],
    ["filter[custom.nickname]=ANN", ["Anna Aström"]],
    ["filter[custom.tier]=gold&filter[consentEmail]=false", []],
  ])("filters a sales rep's list by %s", async (query, expected) => {
    const resolved = query.replace("$own", own).replace("$mates", mates).replace("$teamOne", f.teams.one);
    expect(await names("sales_rep", resolved)).toEqual(expected);
  });

  it("filters by company including role holders, and never beyond the caller's scope", async () => {
    // Erik (a stranger's contact) advises the rep's own company, but the rep may not see him.
    expect(await names("administrator", `filter[companyId]=${own}`)).toEqual(["Anna Aström", "Bert Berg", "Cecilia Chen", "Erik Ek"]);
    expect(await names("sales_rep", `filter[companyId]=${strangers}`)).toEqual([]);
    expect(await names("sales_rep", `filter[ownerId]=${f.owners.stranger.id}`)).toEqual([]);
    expect(await names("administrator", `filter[ownerId]=${f.owners.stranger.id}`)).toEqual(["Erik Ek"]);
    expect(await names("administrator", `filter[orgUnitId]=${f.units.south}`)).toEqual(["Erik Ek"]);
  });

  it.each([
    ["limit=0", "querystring.limit"],
    ["limit=201", "querystring.limit"],
    ["sort=email", "querystring.sort"],
    ["sort=custom.nope", "sort"],
    ["withTotal=yes", "querystring.withTotal"],
    ["filter[ownerId]=someone", "querystring.filter[ownerId]"],
    ["filter[companyId]=x", "querystring.filter[companyId]"],
    ["filter[function]=wizard", "querystring.filter[function]"],
    ["filter[consentEmail]=yes", "querystring.filter[consentEmail]"],
    ["filter[preferredLanguage]=fr", "querystring.filter[preferredLanguage]"],
    ["filter[bogus]=1", "querystring.filter[bogus]"],
    ["filter[custom.nope]=1", "filter[custom.nope]"],
    ["filter[custom.score]=lots", "filter[custom.score]"],
    ["filter[custom.tier]=bronze", "filter[custom.tier]"],
    ["filter[custom.since]=2020-13-01..", "filter[custom.since]"],
    ["q=%00", "querystring.q"],
    ["cursor=junk", "cursor"],
    [`cursor=${Buffer.from(JSON.stringify(["A", "B"])).toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from(JSON.stringify(["A", "B", "not-a-uuid"])).toString("base64url")}`, "cursor"],
    [
      `sort=updatedAt&cursor=${Buffer.from(JSON.stringify(["yesterday", "00000000-0000-4000-8000-000000000001"])).toString("base64url")}`,
      "cursor",
    ],
    [
      `sort=custom.score&cursor=${Buffer.from(JSON.stringify(["ten", "00000000-0000-4000-8000-000000000001"])).toString("base64url")}`,
      "cursor",
    ],
    [
      `sort=custom.since&cursor=${Buffer.from(JSON.stringify(["2020-02-30", "00000000-0000-4000-8000-000000000001"])).toString("base64url")}`,
      "cursor",
    ],
  ])("refuses %s with 400 naming %s", async (query, field) => {
    await refused(h, () => f.actors.sales_rep.api("GET", `/api/contacts?${query}`), 400, field);
  });

  it("answers 403 to a role that may not read contacts", async () => {
    const { createUser, login, as } = await import("../../../test/harness");
    // The role keeps the function of reading companies but not contacts.
    const { roles } = await import("../../db/schema");
    const { builtinRoles } = await import("../../platform/access/builtin-roles");
    const base = builtinRoles.find((role) => role.key === "sales_rep")!.permissions;
    await h.db.insert(roles).values({
      key: "no_contacts",
      name: "No contacts",
      clearance: 1,
      permissions: { ...base, contact: { read: "none", create: "none", update: "none", delete: "none" } },
    });
    const user = await createUser(h.db, { role: "no_contacts", teamIds: [f.teams.one] });
    const api = as(h.app, await login(h.app, user.email));
    for (const url of [
      "/api/contacts",
      "/api/contacts/export.csv",
      "/api/contacts/export.vcf",
      `/api/contacts/${ids.anna}`,
      `/api/companies/${own}/org-chart`,
    ])
      expect((await api("GET", url)).statusCode, url).toBe(403);
    for (const [method, url, body] of [
      ["POST", "/api/contacts", { companyId: own, lastName: "Nope" }],
      ["POST", "/api/contacts/duplicates", { lastName: "Nope" }],
      ["PATCH", `/api/contacts/${ids.anna}`, { title: "Nope" }],
      ["DELETE", `/api/contacts/${ids.anna}`, undefined],
      ["POST", `/api/contacts/${ids.anna}/roles`, { companyId: mates }],
      ["POST", `/api/contacts/${ids.anna}/merge`, { sourceId: ids.bert }],
    ] as const)
      await refused(h, () => api(method, url, body, { "if-match": '"1"' }), 403);
    await refused(
      h,
      () =>
        api("POST", `/api/companies/${own}/contacts/import.vcf`, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nEND:VCARD\r\n", {
          "content-type": "text/vcard",
        }),
      403,
    );
    // Global search simply leaves contacts out for them.
    const search = await api("GET", "/api/search?q=anna");
    expect(search.json().items.filter((hit: { object: string }) => hit.object === "contact")).toEqual([]);
  });
});

describe("keyset paging over every sort", () => {
  const prefix = "Pagingperson";
  beforeAll(async () => {
    const where = f.placement("administrator", "own")!;
    const companies = [await f.insertCompany("Paging Zulu AB", where), await f.insertCompany("Paging Alpha AB", where)];
    // Repeated names and custom values (ties broken by id), missing custom values, one statement's worth of equal timestamps.
    const { contacts } = await import("../../db/schema");
    await h.db.insert(contacts).values(
      Array.from({ length: 17 }, (_, i) => ({
        companyId: companies[i % 2]!,
        firstName: ["Ann", "Bo", ""][i % 3]!,
        lastName: `${prefix} ${String.fromCharCode(65 + (i % 4))}`,
        custom: (i % 5 === 0 ? {} : { score: i % 3, tier: ["gold", "silver"][i % 2]!, since: `2021-0${1 + (i % 3)}-01` }) as CustomValues,
      })),
    );
    for (let i = 0; i < 6; i++)
      await insertContact(h, companies[i % 2]!, {
        lastName: `${prefix} ${String.fromCharCode(65 + (i % 4))}`,
        custom: i % 2 ? { score: -1 } : {},
      });
  });

  async function walk(sort: string, limit: number) {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ q: prefix, sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const page = await list("administrator", query.toString());
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  const customValue = (item: Item, key: string) => item.custom[key] ?? null;
  const compareNullsLast = (a: unknown, b: unknown, descending: boolean) => {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    const order = (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
    return descending ? -order : order;
  };

  it.each([
    "name",
    "-name",
    "company",
    "-company",
    "updatedAt",
    "-updatedAt",
    "createdAt",
    "-createdAt",
    "custom.score",
    "-custom.score",
    "custom.tier",
    "-custom.since",
  ])("pages through sort=%s without repeats or gaps, in order", async (sort) => {
    const everything = await walk(sort, 200);
    expect(everything).toHaveLength(23);
    for (const limit of [1, 4, 7]) {
      const paged = await walk(sort, limit);
      expect(paged.map((item) => item.id)).toEqual(everything.map((item) => item.id));
    }
    const descending = sort.startsWith("-");
    const field = sort.replace(/^-/, "");
    for (let i = 1; i < everything.length; i++) {
      const [a, b] = [everything[i - 1]!, everything[i]!];
      if (field.startsWith("custom.")) {
        const key = field.slice(7);
        expect(compareNullsLast(customValue(a, key), customValue(b, key), descending), `${sort} at ${i}`).toBeLessThanOrEqual(0);
      } else if (field === "updatedAt" || field === "createdAt") {
        const order = a[field].localeCompare(b[field]);
        expect(descending ? -order : order).toBeLessThanOrEqual(0);
      }
    }
    if (field === "company") {
      const companies = everything.map((item) => item.companyName);
      const firstZulu = companies.indexOf("Paging Zulu AB");
      const lastAlpha = companies.lastIndexOf("Paging Alpha AB");
      expect(descending ? firstZulu < lastAlpha : lastAlpha < firstZulu).toBe(true);
    }
  });
});

describe("GET /api/contacts/export.csv", () => {
  it("exports the list's rows with names beside ids and every active custom field", async () => {
    const response = await f.actors.sales_rep.api("GET", "/api/contacts/export.csv?filter[companyId]=" + own);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = response.body
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const columns = header!.split(",");
    expect(columns).toEqual(expect.arrayContaining(["id", "first_name", "last_name", "company_name", "owner_name", "emails"]));
    expect(columns.slice(-5)).toEqual(["custom.score", "custom.since", "custom.tier", "custom.vip", "custom.nickname"]);
    expect(rows).toHaveLength(3);
    const anna = rows.find((row) => row.startsWith(ids.anna!))!.split(",");
    const at = (name: string) => anna[columns.indexOf(name)];
    expect([
      at("first_name"),
      at("last_name"),
      at("company_name"),
      at("emails"),
      at("custom.score"),
      at("custom.tier"),
      at("custom.vip"),
    ]).toEqual(["Anna", "Aström", "Alfa Own AB", "anna@alfa.example", "10", "gold", "yes"]);
  });

  it("neutralises formulas and never exports what the caller may not see", async () => {
    await insertContact(h, own, { firstName: "=HYPERLINK(1)", lastName: "Formula" });
    const body = (await f.actors.sales_rep.api("GET", "/api/contacts/export.csv")).body;
    expect(body).toContain("'=HYPERLINK(1)");
    expect(body).not.toContain("Delta Stranger AB");
    expect(body).not.toContain(ids.erik);
  });

  it("refuses the same bad queries as the list", async () => {
    await refused(h, () => f.actors.sales_rep.api("GET", "/api/contacts/export.csv?filter[custom.nope]=1"), 400, "filter[custom.nope]");
    await refused(h, () => f.actors.sales_rep.api("GET", "/api/contacts/export.csv?sort=bogus"), 400, "querystring.sort");
  });
});

describe("global search and duplicates", () => {
  it("finds contacts by name, typo and email, only those the caller may see", async () => {
    const search = async (role: keyof AccessFixture["actors"], q: string) =>
      (
        (await f.actors[role].api("GET", `/api/search?q=${encodeURIComponent(q)}&limit=20`)).json().items as {
          object: string;
          id: string;
          subtitle: string;
        }[]
      ).filter((hit) => hit.object === "contact");
    expect((await search("sales_rep", "anna astrom"))[0]).toMatchObject({ id: ids.anna, subtitle: "Alfa Own AB" });
    expect((await search("sales_rep", "anna@alfa")).map((hit) => hit.id)).toContain(ids.anna);
    expect((await search("sales_rep", "Cecilia Chenn")).map((hit) => hit.id)).toContain(ids.cecilia);
    expect((await search("sales_rep", "Erik Ek")).map((hit) => hit.id)).not.toContain(ids.erik);
    expect((await search("administrator", "Erik Ek")).map((hit) => hit.id)).toContain(ids.erik);
  });

  it("shows a renamed company's new name under its contacts' hits, and leaves them alone on any other change", async () => {
    const company = await f.insertCompany("Oldname AB", f.placement("administrator", "own")!);
    const made = await f.actors.administrator.api("POST", "/api/contacts", {
      companyId: company,
      firstName: "Renata",
      lastName: "Renamed",
    });
    const hit = async () =>
      ((await f.actors.administrator.api("GET", "/api/search?q=renata%20renamed")).json().items as { id: string; subtitle: string }[]).find(
        (item) => item.id === made.json().id,
      );
    expect((await hit())?.subtitle).toBe("Oldname AB");
    // A stale subtitle planted here stays through a change that is no rename: the projection did no work.
    await h.db.update(searchEntries).set({ subtitle: "Planted AB" }).where(eq(searchEntries.recordId, made.json().id));
    const other = await f.actors.administrator.api("PATCH", `/api/companies/${company}`, { industry: "Paint" }, { "if-match": '"1"' });
    expect(other.statusCode, other.body).toBe(200);
    expect((await hit())?.subtitle).toBe("Planted AB");
    const renamed = await f.actors.administrator.api("PATCH", `/api/companies/${company}`, { name: "Newname AB" }, { "if-match": '"2"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await hit())?.subtitle).toBe("Newname AB");
  });

  it("reports likely duplicates of a contact being typed (POST /api/contacts/duplicates)", async () => {
    const check = (body: unknown) => f.actors.sales_rep.api("POST", "/api/contacts/duplicates", body);
    const byName = await check({ firstName: "Ana", lastName: "Astrom", companyId: own });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().candidates).toMatchObject([{ object: "contact", id: ids.anna, companyName: "Alfa Own AB", reasons: ["name"] }]);
    const byEmail = await check({ lastName: "Someone", emails: ["ANNA@alfa.example"] });
    expect(byEmail.json().candidates).toMatchObject([{ id: ids.anna, reasons: ["email"], score: 1 }]);
    expect((await check({ firstName: "Anna", lastName: "Aström", companyId: own, excludeId: ids.anna })).json().candidates).toEqual([]);
    // Nobody the caller may not see is revealed.
    expect((await check({ firstName: "Erik", lastName: "Ek", companyId: strangers })).json().candidates).toEqual([]);
    await refused(h, () => check({ lastName: "A", extra: 1 }), 400, "extra");
    await refused(h, () => check({ emails: "a@b.example" }), 400, "emails");
    await refused(h, () => check({ companyId: "x" }), 400, "companyId");
  });

  it("answers 409 with the candidates on create and update unless confirmed", async () => {
    const api = f.actors.sales_rep.api;
    const duplicate = await refused(h, () => api("POST", "/api/contacts", { companyId: own, firstName: "Anna", lastName: "Astrom" }), 409);
    expect(duplicate.json()).toMatchObject({ code: "duplicate", candidates: [{ id: ids.anna, reasons: ["name"] }] });
    const byEmail = await refused(
      h,
      () => api("POST", "/api/contacts", { companyId: own, lastName: "Other", emails: [{ type: "work", address: "ANNA@alfa.example" }] }),
      409,
    );
    expect(byEmail.json().candidates).toMatchObject([{ id: ids.anna, reasons: ["email"], score: 1 }]);
    // The permission check comes first: no candidates for a company the caller may not place contacts at.
    expect(
      (await refused(h, () => api("POST", "/api/contacts", { companyId: mates, firstName: "Anna", lastName: "Astrom" }), 403)).json(),
    ).not.toHaveProperty("candidates");
    const confirmed = await api("POST", "/api/contacts", { companyId: own, firstName: "Anna", lastName: "Astrom", ignoreDuplicates: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const renamed = await refused(
      h,
      () => api("PATCH", `/api/contacts/${confirmed.json().id}`, { firstName: "Bert", lastName: "Berg" }, { "if-match": '"1"' }),
      409,
    );
    expect(renamed.json().candidates.map((c: { id: string }) => c.id)).toContain(ids.bert);
    // Changing something else does not ask again.
    expect((await api("PATCH", `/api/contacts/${confirmed.json().id}`, { title: "Twin" }, { "if-match": '"1"' })).statusCode).toBe(200);
  });
});
