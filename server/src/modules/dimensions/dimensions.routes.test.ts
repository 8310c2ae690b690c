/**
 * Dimension lists: administrators keep them (If-Match, reorder, archive, delete only what no
 * record holds), every change is announced on list:dimensions; companies and contacts hold keys
 * of the lists (unknown or archived keys are a 400 naming the field) and are filtered by them.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { contacts, dimensionValues } from "../../db/schema";
import { createHarness, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const admin = () => f.actors.administrator.api;
const rep = () => f.actors.sales_rep.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

async function value(kind: string, key: string, more: Record<string, unknown> = {}) {
  const response = await admin()("POST", "/api/dimensions", { kind, key, labels: { en: key, sv: `${key} (sv)` }, ...more });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; key: string; position: number; version: number };
}

describe("the lists", () => {
  it("starts the function list with the functions contacts had, in order, labelled in every language", async () => {
    const list = (await rep()("GET", "/api/dimensions?kind=function")).json().items as { key: string; labels: Record<string, string> }[];
    expect(list.map((item) => item.key).slice(0, 3)).toEqual(["executive", "it", "finance"]);
    expect(list.find((item) => item.key === "procurement")!.labels).toEqual({ en: "Procurement", "zh-CN": "采购", sv: "Inköp" });
  });

  it.each([
    ["an unknown kind", { kind: "planet", key: "x", labels: { en: "X" } }, "kind"],
    ["a key with capitals", { kind: "line_of_business", key: "Retail", labels: { en: "Retail" } }, "key"],
    ["a key too long", { kind: "line_of_business", key: "k".repeat(41), labels: { en: "K" } }, "key"],
    ["no English label", { kind: "line_of_business", key: "retail", labels: { sv: "Detaljhandel" } }, "labels.en"],
    ["a negative position", { kind: "line_of_business", key: "retail", labels: { en: "Retail" }, position: -1 }, "position"],
    ["a bad country code", { kind: "region", key: "emea", labels: { en: "EMEA" }, countries: ["SE", "Sweden"] }, "countries[1]"],
    ["a country listed twice", { kind: "region", key: "emea", labels: { en: "EMEA" }, countries: ["SE", "se"] }, "countries"],
    [
      "countries on a list that is no region",
      { kind: "line_of_business", key: "retail", labels: { en: "Retail" }, countries: ["SE"] },
      "countries",
    ],
  ])("refuses a value with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => admin()("POST", "/api/dimensions", body), 400, field);
  });

  it("refuses a key already in the list (409), archived or not, yet allows it in another list", async () => {
    const taken = await value("line_of_business", "banking");
    await admin()("PATCH", `/api/dimensions/${taken.id}`, { archived: true }, ifMatch(1));
    await refused(
      () => admin()("POST", "/api/dimensions", { kind: "line_of_business", key: "banking", labels: { en: "Banks" } }),
      409,
      "key",
    );
    await value("client_unit", "banking");
  });

  it("lets only administrators change lists (403 for a sales rep, nothing written)", async () => {
    await refused(() => rep()("POST", "/api/dimensions", { kind: "line_of_business", key: "mine", labels: { en: "Mine" } }), 403);
  });

  it("changes a value with If-Match (428 without, 412 when stale); kind and key never change", async () => {
    const made = await value("region", "nordics", { countries: ["SE", "NO"] });
    const url = `/api/dimensions/${made.id}`;
    await refused(() => admin()("PATCH", url, { countries: ["SE"] }), 428);
    await refused(() => admin()("PATCH", url, { key: "north" }, ifMatch(1)), 400, "key");
    const changed = await admin()(
      "PATCH",
      url,
      { countries: ["se", "no", "fi", "dk"], labels: { en: "Nordics", "zh-CN": "北欧" } },
      ifMatch(1),
    );
    expect(changed.json()).toMatchObject({ countries: ["SE", "NO", "FI", "DK"], labels: { en: "Nordics", "zh-CN": "北欧" }, version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    await refused(() => admin()("PATCH", url, { archived: true }, ifMatch(1)), 412);
    expect((await rep()("GET", url)).json()).toMatchObject({ key: "nordics", version: 2 });
  });

  it("reorders a whole list and refuses a partial or foreign one", async () => {
    const [a, b, c] = [
      await value("line_of_business", "steel"),
      await value("line_of_business", "paper"),
      await value("line_of_business", "mining"),
    ];
    const all = (await admin()("GET", "/api/dimensions?kind=line_of_business&includeArchived=true")).json().items as { id: string }[];
    const foreign = (await admin()("GET", "/api/dimensions?kind=function")).json().items[0].id as string;
    await refused(() => admin()("POST", "/api/dimensions/reorder", { kind: "line_of_business", ids: [c.id, a.id] }), 400, "ids");
    await refused(
      () => admin()("POST", "/api/dimensions/reorder", { kind: "line_of_business", ids: [...all.map((v) => v.id), foreign] }),
      400,
      `ids[${all.length}]`,
    );
    await refused(() => admin()("POST", "/api/dimensions/reorder", { kind: "line_of_business", ids: [a.id, a.id] }), 400, "ids");
    const order = [c.id, b.id, a.id, ...all.map((v) => v.id).filter((id) => ![a.id, b.id, c.id].includes(id))];
    const reordered = await admin()("POST", "/api/dimensions/reorder", { kind: "line_of_business", ids: order });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((item: { id: string }) => item.id)).toEqual(order);
    // Archived values leave the choices but stay in the list when asked.
    const active = (await rep()("GET", "/api/dimensions?kind=line_of_business")).json().items as { key: string }[];
    expect(active.map((item) => item.key)).not.toContain("banking");
  });

  it("deletes a value no record holds, refuses one that is held (409, archive it instead)", async () => {
    const held = await value("client_unit", "treasury");
    const free = await value("client_unit", "archive-room");
    const holder = await f.insertCompany("Holder AB", f.placement("administrator", "own")!, { clientUnit: "treasury" });
    await refused(() => admin()("DELETE", `/api/dimensions/${held.id}`), 409, "key");
    expect((await admin()("DELETE", `/api/dimensions/${free.id}`, undefined, ifMatch(1))).statusCode).toBe(204);
    expect((await admin()("GET", `/api/dimensions/${free.id}`)).statusCode).toBe(404);
    expect(holder).toBeTruthy();
  });

  it("announces changes on list:dimensions", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      expect((await watcher.subscribe(["list:dimensions"])).topics).toEqual(["list:dimensions"]);
      const made = await value("client_unit", "live-unit");
      const event = await watcher.event("dimension.created", made.id);
      expect(event.topics).toEqual(["list:dimensions"]);
    } finally {
      watcher.close();
    }
  });
});

describe("dimension fields of companies and contacts", () => {
  let retail: { id: string };
  beforeAll(async () => {
    retail = await value("line_of_business", "retail");
    await value("client_unit", "group-it");
    await value("client_unit", "procurement-office");
    await value("region", "dach", { countries: ["DE", "AT", "CH"] });
  });

  it("sets line of business and client unit on a company, refusing unknown and archived keys (400 naming the field)", async () => {
    const made = await rep()("POST", "/api/companies", {
      name: "Dimension GmbH",
      lineOfBusiness: "retail",
      clientUnit: "group-it",
      country: "DE",
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ lineOfBusiness: "retail", clientUnit: "group-it" });
    const id = made.json().id as string;
    await refused(() => rep()("POST", "/api/companies", { name: "Nope AB", lineOfBusiness: "astrology" }), 400, "lineOfBusiness");
    await refused(() => rep()("PATCH", `/api/companies/${id}`, { clientUnit: "retail" }, ifMatch(1)), 400, "clientUnit");
    await refused(() => rep()("PATCH", `/api/companies/${id}`, { lineOfBusiness: "Not A Key" }, ifMatch(1)), 400, "lineOfBusiness");
    // Archived: no new record may choose it, the records holding it keep it.
    expect((await admin()("PATCH", `/api/dimensions/${retail.id}`, { archived: true }, ifMatch(1))).statusCode).toBe(200);
    await refused(() => rep()("POST", "/api/companies", { name: "Late AB", lineOfBusiness: "retail" }), 400, "lineOfBusiness");
    const kept = await rep()("PATCH", `/api/companies/${id}`, { lineOfBusiness: "retail", description: "Still retail" }, ifMatch(1));
    expect(kept.json()).toMatchObject({ lineOfBusiness: "retail", description: "Still retail" });
    expect((await rep()("PATCH", `/api/companies/${id}`, { lineOfBusiness: null }, ifMatch(2))).json().lineOfBusiness).toBeNull();
    expect((await admin()("PATCH", `/api/dimensions/${retail.id}`, { archived: false }, ifMatch(2))).statusCode).toBe(200);
  });

  it("filters companies by line of business, client unit and region (countries of the region), within what the caller may see", async () => {
    const own = f.placement("sales_rep", "own")!;
    const berlin = await f.insertCompany("Filter Berlin", own, { country: "DE", lineOfBusiness: "retail", clientUnit: "group-it" });
    const vienna = await f.insertCompany("Filter Vienna", own, { country: "AT", clientUnit: "procurement-office" });
    await f.insertCompany("Filter Paris", own, { country: "FR", lineOfBusiness: "retail" });
    const hidden = await f.insertCompany("Filter Zurich hidden", f.placement("sales_rep", "other")!, {
      country: "CH",
      lineOfBusiness: "retail",
    });
    const names = async (query: string) =>
      ((await rep()("GET", `/api/companies?q=Filter&${query}`)).json().items as { id: string; name: string }[]).map((item) => item.name);
    expect(await names("filter[region]=dach")).toEqual(["Filter Berlin", "Filter Vienna"]);
    expect(await names("filter[lineOfBusiness]=retail")).toEqual(["Filter Berlin", "Filter Paris"]);
    expect(await names("filter[clientUnit]=group-it,procurement-office")).toEqual(["Filter Berlin", "Filter Vienna"]);
    expect(await names("filter[region]=dach&filter[lineOfBusiness]=retail")).toEqual(["Filter Berlin"]);
    await refused(() => rep()("GET", "/api/companies?filter[region]=dach,nowhere"), 400, "querystring.filter[region]");
    expect((await admin()("GET", `/api/companies?q=Filter&filter[region]=dach`)).json().items.map((i: { id: string }) => i.id)).toContain(
      hidden,
    );
    await refused(() => rep()("GET", "/api/companies?filter[region]=DACH!"), 400, "querystring.filter[region]");
    expect([berlin, vienna]).toHaveLength(2);
  });

  it("exports the dimension columns of companies and contacts", async () => {
    await f.insertCompany("Export Dimension AB", f.placement("sales_rep", "own")!, { lineOfBusiness: "retail", clientUnit: "group-it" });
    const csv = (await rep()("GET", "/api/companies/export.csv?q=Export%20Dimension")).body;
    const [header, row] = csv.replace(/^\uFEFF/, "").split("\r\n");
    const columns = header!.split(",");
    const cells = row!.split(",");
    expect(cells[columns.indexOf("line_of_business")]).toBe("retail");
    expect(cells[columns.indexOf("client_unit")]).toBe("group-it");
    expect((await rep()("GET", "/api/contacts/export.csv")).body.split("\r\n")[0]).toContain("client_unit");
  });

  it("sets function and client unit on a contact from the lists and filters contacts by them", async () => {
    const companyId = await f.insertCompany("People GmbH", f.placement("sales_rep", "own")!);
    const made = await rep()("POST", "/api/contacts", { companyId, lastName: "Keller", function: "it", clientUnit: "group-it" });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ function: "it", clientUnit: "group-it" });
    await rep()("POST", "/api/contacts", { companyId, lastName: "Berger", function: "finance", clientUnit: "procurement-office" });
    await refused(() => rep()("POST", "/api/contacts", { companyId, lastName: "Wizard", function: "wizardry" }), 400, "function");
    await refused(() => rep()("POST", "/api/contacts", { companyId, lastName: "Unit", clientUnit: "nowhere" }), 400, "clientUnit");
    const names = async (query: string) =>
      ((await rep()("GET", `/api/contacts?filter[companyId]=${companyId}&${query}`)).json().items as { lastName: string }[]).map(
        (c) => c.lastName,
      );
    expect(await names("filter[function]=it")).toEqual(["Keller"]);
    expect(await names("filter[function]=it,finance")).toEqual(["Berger", "Keller"]);
    expect(await names("filter[clientUnit]=procurement-office")).toEqual(["Berger"]);
    await refused(() => rep()("GET", "/api/contacts?filter[clientUnit]=group-it,nowhere"), 400, "querystring.filter[clientUnit]");
  });

  it("takes any well-formed function while the function list is empty, and checks it again once it holds a value", async () => {
    const companyId = await f.insertCompany("Free Functions AB", f.placement("administrator", "own")!);
    const saved = await h.db.select().from(dimensionValues).where(eq(dimensionValues.kind, "function"));
    const heldKeys = new Set((await h.db.select({ key: contacts.function }).from(contacts)).map((row) => row.key));
    try {
      for (const row of saved) {
        if (heldKeys.has(row.key)) await h.db.update(contacts).set({ function: null }).where(eq(contacts.function, row.key));
        await h.db.delete(dimensionValues).where(eq(dimensionValues.id, row.id));
      }
      const free = await admin()("POST", "/api/contacts", { companyId, lastName: "Free", function: "data-science" });
      expect(free.statusCode, free.body).toBe(201);
      await value("function", "analytics");
      await refused(() => admin()("POST", "/api/contacts", { companyId, lastName: "Checked", function: "data-science" }), 400, "function");
      // A contact keeps the function it holds.
      expect(
        (await admin()("PATCH", `/api/contacts/${free.json().id}`, { function: "data-science", title: "Lead" }, ifMatch(1))).statusCode,
      ).toBe(200);
    } finally {
      await h.db.delete(dimensionValues).where(eq(dimensionValues.kind, "function"));
      await h.db.insert(dimensionValues).values(saved);
    }
  });
});
