/**
 * CSV import routes: upload (streamed, refused before anything is written when the object,
 * the media type or the file is wrong), mapping suggestions in three languages and from saved
 * mappings, targets incl. custom fields, mapping changes (If-Match, unknown fields named),
 * preview, start/cancel rules, and privacy: another user's import does not exist for them.
 */
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import type { ImportJob } from "@relata/contracts";
import type { Harness } from "../../../test/harness";
import { refusals, type AccessFixture, type Api } from "../../../test/access-fixture";
import { customFields, customSections } from "../../db/schema";
import { useImportApp } from "./imports.test-fixture";

const app = useImportApp("routes");
let h: Harness;
let f: AccessFixture;
beforeAll(() => {
  ({ h, f } = app);
});

const filesIn = () => {
  try {
    return readdirSync(app.importsDir).sort();
  } catch {
    return [];
  }
};

function upload(api: Api, body: string | Buffer, query = "object=company&fileName=clients.csv", type = "text/csv; charset=utf-8") {
  return api("POST", `/api/imports?${query}`, body, { "content-type": type });
}

async function uploaded(api: Api, body: string, object: "company" | "contact" = "company") {
  const response = await upload(api, body, `object=${object}&fileName=${object}.csv`);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as ImportJob;
}

async function importTables() {
  const result = await h.db.execute<Record<string, string>>(sql`
    SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM imports t) AS imports,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM import_errors t) AS errors,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM import_mappings t) AS mappings`);
  return result.rows[0]!;
}

/** A refused request (`refusals`: its status, the field it names, nothing written) that leaves the imports and stored files alone too. */
async function refused(send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
  const before = { imports: await importTables(), files: filesIn() };
  const response = await refusals(h)(send, status, field);
  expect({ imports: await importTables(), files: filesIn() }).toEqual(before);
  return response;
}

const companiesCsv = "Namn;Land;E-post;Org.nr;Ansvarig\nAcme AB;SE;info@acme.se;556016-0680;\nBeta Oy;Finland;;;\n";

describe("uploading a file", () => {
  it("stores it by hash, reads the header, counts the rows and suggests a Swedish mapping", async () => {
    const job = await uploaded(f.actors.sales_rep.api, `\uFEFF${companiesCsv}`);
    expect(job).toMatchObject({
      object: "company",
      fileName: "company.csv",
      status: "uploaded",
      headers: ["Namn", "Land", "E-post", "Org.nr", "Ansvarig"],
      totalRows: 2,
      processedRows: 0,
      duplicates: "skip",
      dryRun: false,
      mapping: { Namn: "name", Land: "country", "E-post": "email", "Org.nr": "registrationNumber", Ansvarig: "ownerEmail" },
    });
    expect(filesIn().some((file) => /^[0-9a-f]{64}\.csv$/.test(file))).toBe(true);
    expect(filesIn().some((file) => file.endsWith(".part"))).toBe(false);
    const again = await f.actors.sales_rep.api("GET", `/api/imports/${job.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe(`"${job.version}"`);
  });

  it("suggests Chinese and English headers, tab-separated", async () => {
    const zh = await uploaded(f.actors.administrator.api, "名称\t国家\t邮箱\t网站\n华为\tCN\ta@b.cn\thuawei.com\n");
    expect(zh.mapping).toEqual({ 名称: "name", 国家: "country", 邮箱: "email", 网站: "website" });
    const contacts = await uploaded(
      f.actors.administrator.api,
      "First Name,Last Name,Company,Email,Mobile\nAnna,Berg,Acme,a@acme.se,0701\n",
      "contact",
    );
    expect(contacts.mapping).toEqual({
      "First Name": "firstName",
      "Last Name": "lastName",
      Company: "companyName",
      Email: "email",
      Mobile: "mobile",
    });
  });

  it("prefers a saved mapping whose columns the file has", async () => {
    const api = f.actors.account_manager.api;
    const saved = await api("POST", "/api/import-mappings", {
      object: "company",
      name: "ERP export",
      mapping: { KUNDNAMN1: "name", X9: "city" },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const job = await uploaded(api, "KUNDNAMN1,X9,Land\nAcme,Lund,SE\n");
    expect(job.mapping).toEqual({ KUNDNAMN1: "name", X9: "city", Land: "country" });
  });

  it("refuses a wrong object, a missing file name, and other media types before reading the body", async () => {
    const api = f.actors.administrator.api;
    await refused(() => upload(api, companiesCsv, "object=deal&fileName=a.csv"), 400, "querystring.object");
    await refused(() => upload(api, companiesCsv, "object=company"), 400, "querystring.fileName");
    await refused(() => upload(api, companiesCsv, "object=company&fileName=a.csv&extra=1"), 400);
    const json = await refused(() => api("POST", "/api/imports?object=company&fileName=a.csv", { name: "Acme" }), 415);
    expect(json.json().code).toBe("unsupported_media_type");
    await refused(() => upload(api, "%PDF-1.7", "object=company&fileName=a.pdf", "application/pdf"), 415);
  });

  it("refuses empty, header-only, binary, non-UTF-8 and over-wide files naming the file (nothing kept)", async () => {
    const api = f.actors.administrator.api;
    await refused(() => upload(api, ""), 400, "file");
    await refused(() => upload(api, "name,country\n"), 400, "file");
    await refused(() => upload(api, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0])), 400, "file");
    await refused(() => upload(api, Buffer.from("name\nMalm\xf6 AB\n", "latin1")), 400, "file");
    const wide = `${Array.from({ length: 250 }, (_, i) => `col${i}`).join(",")}\n${"x,".repeat(249)}x\n`;
    const response = await refused(() => upload(api, wide), 400, "file");
    expect(response.json().message).toMatch(/250 columns/);
    await refused(() => upload(api, "Name,Name\nA,B\n"), 400, "file");
  });

  it("needs the create function of the object: the service desk may import contacts but not companies", async () => {
    const desk = f.actors.service_desk.api;
    await refused(() => upload(desk, companiesCsv), 403);
    await uploaded(desk, "Last name,Company\nBerg,Acme\n", "contact");
    await refused(() => desk("GET", "/api/imports/targets?object=company"), 403);
  });

  it("answers 401 without a session, before the body is read", async () => {
    const response = await h.app.inject({
      method: "POST",
      url: "/api/imports?object=company&fileName=a.csv",
      payload: companiesCsv,
      headers: { "content-type": "text/csv" },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe("targets and mapping", () => {
  beforeAll(async () => {
    const [section] = await h.db
      .insert(customSections)
      .values({ object: "company", labels: { en: "Finance", sv: "Ekonomi" } })
      .returning();
    await h.db.insert(customFields).values([
      {
        object: "company",
        sectionId: section!.id,
        key: "revenue",
        type: "money",
        labels: { en: "Revenue", sv: "Omsättning" },
        required: false,
      },
      {
        object: "company",
        sectionId: section!.id,
        key: "tier",
        type: "choice",
        labels: { en: "Tier" },
        required: true,
        options: [{ value: "gold", labels: { en: "Gold" } }],
      },
      { object: "company", sectionId: section!.id, key: "legacy", type: "text", labels: { en: "Legacy" }, archived: true },
    ]);
  });

  it("lists built-in and active custom fields with their required flags", async () => {
    const response = await f.actors.sales_rep.api("GET", "/api/imports/targets?object=company");
    expect(response.statusCode, response.body).toBe(200);
    const targets = response.json().targets as { field: string; required: boolean; label: string }[];
    expect(targets.find((t) => t.field === "name")).toMatchObject({ required: true });
    expect(targets.find((t) => t.field === "ownerEmail")).toMatchObject({ required: false });
    expect(targets.find((t) => t.field === "custom.tier")).toMatchObject({ required: true, label: "Tier" });
    expect(targets.find((t) => t.field === "custom.revenue")).toMatchObject({ required: false });
    expect(targets.some((t) => t.field === "custom.legacy")).toBe(false);
    const contacts = await f.actors.sales_rep.api("GET", "/api/imports/targets?object=contact");
    expect((contacts.json().targets as { field: string }[]).map((t) => t.field)).toEqual(
      expect.arrayContaining(["lastName", "companyName"]),
    );
    await refused(() => f.actors.sales_rep.api("GET", "/api/imports/targets?object=deal"), 400, "querystring.object");
  });

  it("suggests custom fields by label in any language", async () => {
    const job = await uploaded(f.actors.administrator.api, "Name,Omsättning,tier\nAcme,100 SEK,gold\n");
    expect(job.mapping).toEqual({ Name: "name", Omsättning: "custom.revenue", tier: "custom.tier" });
  });

  it("changes mapping and duplicate handling with If-Match; names unknown fields and columns", async () => {
    const api = f.actors.sales_rep.api;
    const job = await uploaded(api, companiesCsv);
    const url = `/api/imports/${job.id}`;
    await refused(() => api("PATCH", url, { duplicates: "update" }), 428);
    await refused(() => api("PATCH", url, { duplicates: "update" }, { "if-match": `"${job.version + 5}"` }), 412);
    const ifMatch = { "if-match": `"${job.version}"` };
    const unknown = await refused(() => api("PATCH", url, { mapping: { Namn: "name", Land: "planet" } }, ifMatch), 400, "mapping.Land");
    expect(unknown.json().message).toMatch(/planet/);
    await refused(() => api("PATCH", url, { mapping: { Namn: "name", Nope: "country" } }, ifMatch), 400, "mapping.Nope");
    await refused(() => api("PATCH", url, { mapping: { Namn: "name", Land: "name" } }, ifMatch), 400, "mapping.Land");
    await refused(() => api("PATCH", url, { mapping: { Namn: "custom.legacy" } }, ifMatch), 400, "mapping.Namn");
    await refused(() => api("PATCH", url, { mapping: { Namn: "not a field!" } }, ifMatch), 400);
    await refused(() => api("PATCH", url, { duplicates: "merge" }, ifMatch), 400, "duplicates");
    await refused(() => api("PATCH", url, { object: "contact" }, ifMatch), 400, "object");
    const changed = await api("PATCH", url, { mapping: { Namn: "name", "E-post": "email" }, duplicates: "update" }, ifMatch);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ mapping: { Namn: "name", "E-post": "email" }, duplicates: "update", version: job.version + 1 });
  });

  it("previews the first rows as mapped, each with its problems", async () => {
    const api = f.actors.sales_rep.api;
    const job = await uploaded(
      api,
      `Namn;Land;E-post;Storlek\nAcme AB;SE;info@acme.se;120\n;XX;not-an-email;huge\n${"Row;SE;;\n".repeat(30)}`,
    );
    const response = await api("GET", `/api/imports/${job.id}/preview`);
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json().rows as { line: number; values: Record<string, string>; errors: { field: string }[] }[];
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({ line: 2, values: { name: "Acme AB", country: "SE", email: "info@acme.se", sizeBand: "120" } });
    // tier is a required custom field and is not mapped: every row would fail on it.
    expect(rows[0]!.errors.map((e) => e.field)).toEqual(["custom.tier"]);
    expect(rows[1]!.line).toBe(3);
    expect(rows[1]!.errors.map((e) => e.field).sort()).toEqual(["custom.tier", "email", "name", "sizeBand"]);
    expect(await h.db.execute(sql`SELECT 1 FROM companies WHERE name = 'Acme AB'`).then((r) => r.rows.length)).toBe(0);
  });
});

describe("starting and cancelling", () => {
  it("needs a mapping of the required fields, runs once, and cancels only while not finished", async () => {
    const api = f.actors.sales_rep.api;
    const job = await uploaded(api, "Whatever,Land\nAcme,SE\n");
    const url = `/api/imports/${job.id}`;
    await refused(() => api("POST", `${url}/start`, {}), 400, "mapping");
    const patched = await api("PATCH", url, { mapping: { Whatever: "name" } }, { "if-match": `"${job.version}"` });
    expect(patched.statusCode).toBe(200);
    await refused(() => api("POST", `${url}/start`, { dryRun: "yes" }), 400, "dryRun");
    const started = await api("POST", `${url}/start`, { dryRun: true });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: "queued", dryRun: true });
    const jobs = await h.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'imports' AND data->>'importId' = ${job.id}`,
    );
    expect(jobs.rows[0]!.n).toBe(1);
    await refused(() => api("POST", `${url}/start`, {}), 409);
    await refused(() => api("PATCH", url, { duplicates: "create" }, { "if-match": `"${started.json().version}"` }), 409);
    const cancelled = await api("POST", `${url}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe("cancelled");
    await refused(() => api("POST", `${url}/cancel`), 409);
  });

  it("lists only the caller's imports, newest first, keyset-paged", async () => {
    const api = f.actors.executive.api;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await uploaded(api, `Name\nCompany ${i}\n`)).id);
    const first = await api("GET", "/api/imports?limit=2");
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json() as { items: ImportJob[]; nextCursor: string | null };
    expect(page1.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await api("GET", `/api/imports?limit=2&cursor=${page1.nextCursor}`);
    expect((second.json() as { items: ImportJob[] }).items.map((item) => item.id)).toEqual([ids[0]]);
    await refused(() => api("GET", "/api/imports?cursor=bogus"), 400, "cursor");
    await refused(() => api("GET", "/api/imports?limit=500"), 400, "querystring.limit");
  });

  it("hides another user's import: 404 on every route, nothing changed", async () => {
    const job = await uploaded(f.actors.administrator.api, "Name\nSecret Co\n");
    const other = f.actors.sales_rep.api;
    const url = `/api/imports/${job.id}`;
    await refused(() => other("GET", url), 404);
    await refused(() => other("PATCH", url, { duplicates: "update" }, { "if-match": `"${job.version}"` }), 404);
    await refused(() => other("GET", `${url}/preview`), 404);
    await refused(() => other("POST", `${url}/start`, {}), 404);
    await refused(() => other("POST", `${url}/cancel`), 404);
    await refused(() => other("GET", `${url}/errors`), 404);
    await refused(() => other("GET", `${url}/errors.csv`), 404);
    const list = await other("GET", "/api/imports?limit=200");
    expect((list.json() as { items: ImportJob[] }).items.some((item) => item.id === job.id)).toBe(false);
  });
});

describe("saved mappings", () => {
  it("are private to their user; bad input names the field", async () => {
    const api = f.actors.sales_rep.api;
    const created = await api("POST", "/api/import-mappings", { object: "contact", name: "CRM export", mapping: { Surname: "lastName" } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const mine = await api("GET", "/api/import-mappings?object=contact");
    expect((mine.json().items as { id: string }[]).map((m) => m.id)).toContain(id);
    const theirs = await f.actors.administrator.api("GET", "/api/import-mappings");
    expect((theirs.json().items as { id: string }[]).map((m) => m.id)).not.toContain(id);
    await refused(() => f.actors.administrator.api("DELETE", `/api/import-mappings/${id}`), 404);
    await refused(
      () => api("POST", "/api/import-mappings", { object: "contact", name: "Bad", mapping: { Surname: "nickname" } }),
      400,
      "mapping.Surname",
    );
    await refused(() => api("POST", "/api/import-mappings", { object: "contact", name: "", mapping: {} }), 400, "name");
    await refused(() => api("POST", "/api/import-mappings", { object: "deal", name: "x", mapping: {} }), 400, "object");
    expect((await api("DELETE", `/api/import-mappings/${id}`)).statusCode).toBe(204);
    await refused(() => api("DELETE", `/api/import-mappings/${id}`), 404);
  });
});
