/**
 * CSV export of companies: format (BOM, header, CRLF, RFC 4180 quoting, filename), the
 * formula-injection guard (in every field, custom ones too), names beside ids, custom-field
 * columns, filters and sorts, access filtering and the row cap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { limits } from "@relata/contracts";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { csvCell, csvLine, keysetBatches } from "../../platform/http/csv";

let h: Harness;
let f: AccessFixture;
const dangerous = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tTabbed", "\rReturn", '=HYPERLINK("http://evil","x")'];

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  for (const name of dangerous) await f.insertCompany(name, f.placement("sales_rep", "team")!);
  await f.insertCompany('Quotes "and", commas\nand lines', f.placement("sales_rep", "team")!);
  await f.insertCompany("Åre Skidor AB", f.placement("sales_rep", "team")!);
  await f.insertCompany("Stranger Things AB", f.placement("sales_rep", "other")!);
  const admin = f.actors.administrator.api;
  const section = (await admin("POST", "/api/custom-sections", { object: "company", labels: { en: "Account" } })).json();
  for (const [key, type] of [
    ["tier", "text"],
    ["seats", "number"],
    ["renewal", "date"],
    ["retired", "text"],
  ] as const) {
    const created = await admin("POST", "/api/custom-fields", { sectionId: section.id, key, type, labels: { en: key, sv: key } });
    expect(created.statusCode, created.body).toBe(201);
    if (key === "retired")
      expect(
        (await admin("PATCH", `/api/custom-fields/${created.json().id}`, { archived: true }, { "if-match": `"${created.json().version}"` }))
          .statusCode,
      ).toBe(200);
  }
  const rep = f.actors.sales_rep.api;
  for (const [name, custom] of [
    ["Custom One AB", { tier: "=cmd|' /C calc'!A0", seats: 12, renewal: "2025-03-01" }],
    ["Custom Two AB", { tier: "gold", seats: 3 }],
    ["Custom Three AB", { tier: "gold", seats: 250, renewal: "2024-12-31" }],
  ] as const) {
    const created = await rep("POST", "/api/companies", {
      name,
      custom,
      category: "@risky",
      description: "+1 line\nsecond",
      phones: [{ type: "main", number: "+46 8 123 456 78" }],
      emails: [{ type: "general", address: `info@${name.split(" ")[1]!.toLowerCase()}.example` }],
      addresses: [{ type: "visiting", line1: "Storgatan 1", postalCode: "111 22", city: "Stockholm", country: "SE" }],
      ignoreDuplicates: true,
    });
    expect(created.statusCode, created.body).toBe(201);
  }
});
afterAll(async () => h?.close());

const bodyOf = (body: string) => body.replace(/^\uFEFF/, "");

/** A minimal RFC 4180 reader (quoted fields with "" and line breaks), for checking what a client sees. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("GET /api/companies/export.csv", () => {
  it("answers a UTF-8 CSV download with BOM, header row and human-readable columns", async () => {
    const response = await f.actors.sales_rep.api("GET", "/api/companies/export.csv");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="companies-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readCsv(bodyOf(response.body));
    expect(rows[0]).toEqual([
      "id",
      "name",
      "kind",
      "stage",
      "stage_changed_at",
      "status",
      "grade",
      "grade_assigned",
      "grade_override",
      "category",
      "industry",
      "size_band",
      "registration_number",
      "website",
      "domain",
      "phones",
      "emails",
      "addresses",
      "country",
      "currency",
      "line_of_business",
      "client_unit",
      "description",
      "owner_id",
      "owner_name",
      "team_id",
      "team_name",
      "org_unit_id",
      "org_unit_name",
      "security_level",
      "created_at",
      "updated_at",
      "version",
      "custom.tier",
      "custom.seats",
      "custom.renewal",
    ]);
    const column = (header: string) => rows[0]!.indexOf(header);
    const skidor = rows.find((row) => row[1] === "Åre Skidor AB")!;
    expect(
      ["owner_id", "owner_name", "team_id", "team_name", "org_unit_id", "org_unit_name", "security_level"].map((h) => skidor[column(h)]),
    ).toEqual([f.owners.mate.id, "Mate", f.teams.one, "Team one", f.units.northBranch, "North branch", "0"]);
    expect(skidor[column("stage")]).toBe("lead");
    expect(rows.slice(1).every((row) => row.length === rows[0]!.length)).toBe(true);
  });

  it("prefixes every cell that a spreadsheet would run as a formula with a single quote", async () => {
    const rows = readCsv(bodyOf((await f.actors.sales_rep.api("GET", "/api/companies/export.csv")).body));
    const names = rows.slice(1).map((row) => row[1]!);
    for (const name of dangerous) expect(names, JSON.stringify(name)).toContain(`'${name}`);
    expect(names.some((name) => /^[=+\-@\t\r]/.test(name))).toBe(false);
    // Quotes, commas and line breaks survive the round trip.
    expect(names).toContain('Quotes "and", commas\nand lines');
  });

  it("exports only the companies the caller may read, whatever they filter on", async () => {
    const rep = f.actors.sales_rep.api;
    const all = readCsv(bodyOf((await rep("GET", "/api/companies/export.csv")).body)).slice(1);
    expect(all.map((row) => row[1])).not.toContain("Stranger Things AB");
    const filtered = await rep("GET", `/api/companies/export.csv?filter[ownerId]=${f.owners.stranger.id}`);
    expect(readCsv(bodyOf(filtered.body))).toHaveLength(1);
    const admin = readCsv(bodyOf((await f.actors.administrator.api("GET", "/api/companies/export.csv?q=stranger")).body)).slice(1);
    expect(admin.map((row) => row[1])).toEqual(["Stranger Things AB"]);
  });

  it("exports the custom fields as columns, with the list's custom filters and sorts, formulas neutralised", async () => {
    const response = await f.actors.sales_rep.api("GET", "/api/companies/export.csv?q=custom&sort=-custom.seats");
    expect(response.statusCode, response.body).toBe(200);
    const rows = readCsv(bodyOf(response.body));
    const column = (header: string) => rows[0]!.indexOf(header);
    expect(rows[0]).not.toContain("custom.retired");
    expect(rows.slice(1).map((row) => [row[1], row[column("custom.seats")]])).toEqual([
      ["Custom Three AB", "250"],
      ["Custom One AB", "12"],
      ["Custom Two AB", "3"],
    ]);
    const one = rows.find((row) => row[1] === "Custom One AB")!;
    expect(one[column("custom.tier")]).toBe("'=cmd|' /C calc'!A0");
    expect(one[column("custom.renewal")]).toBe("2025-03-01");
    expect(one[column("category")]).toBe("'@risky");
    expect(one[column("description")]).toBe("'+1 line\nsecond");
    expect(one[column("phones")]).toBe("main: +46 8 123 456 78");
    expect(one[column("emails")]).toBe("general: info@one.example");
    expect(one[column("addresses")]).toBe("visiting: Storgatan 1, 111 22 Stockholm, SE");
    const gold = readCsv(
      bodyOf((await f.actors.sales_rep.api("GET", "/api/companies/export.csv?filter[custom.tier]=gold&sort=custom.renewal")).body),
    );
    // Ascending by renewal date, the one without a date last.
    expect(gold.slice(1).map((row) => row[1])).toEqual(["Custom Three AB", "Custom Two AB"]);
    const bad = await f.actors.sales_rep.api("GET", "/api/companies/export.csv?sort=custom.nosuch");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: "sort", message: expect.any(String) }]);
  });

  it("refuses paging parameters and bad filters with 400, and callers without a session with 401", async () => {
    for (const [query, field] of [
      ["limit=10", "querystring.limit"],
      ["cursor=abc", "querystring.cursor"],
      ["sort=owner", "querystring.sort"],
      ["filter[securityLevel]=9", "querystring.filter[securityLevel]"],
    ]) {
      const response = await f.actors.sales_rep.api("GET", `/api/companies/export.csv?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect((response.json().details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
    expect((await h.app.inject({ method: "GET", url: "/api/companies/export.csv" })).statusCode).toBe(401);
  });

  it("streams large exports in batches and stops at the row cap", async () => {
    await h.db.execute(
      sql`INSERT INTO companies (name, owner_id, team_id, org_unit_id) SELECT 'Bulk ' || lpad(n::text, 5, '0'), ${f.owners.stranger.id}, ${f.teams.three}, ${f.units.south} FROM generate_series(1, 2500) n`,
    );
    const response = await f.actors.administrator.api("GET", "/api/companies/export.csv?q=bulk&sort=-name");
    const rows = readCsv(bodyOf(response.body)).slice(1);
    expect(rows).toHaveLength(2500);
    expect(rows[0]![1]).toBe("Bulk 02500");
    expect(rows.at(-1)![1]).toBe("Bulk 00001");
    expect(new Set(rows.map((row) => row[0])).size).toBe(2500);
    expect(limits.exportRowsMax).toBe(100_000);
  });
});

describe("csv helpers", () => {
  it("quotes and guards cells", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
    expect(csvCell(false)).toBe("false");
    expect(csvCell(new Date("2024-01-02T03:04:05.000Z"))).toBe("2024-01-02T03:04:05.000Z");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvLine(["a", null, "b"])).toBe("a,,b\r\n");
  });

  it("reads keyset batches up to the cap and no further", async () => {
    const data = Array.from({ length: 25 }, (_, i) => i);
    const requested: number[] = [];
    const batches = keysetBatches(
      async (after, limit) => {
        requested.push(limit);
        const from = after ? Number(after[0]) + 1 : 0;
        return data.slice(from, from + limit);
      },
      (row) => [row],
      12,
      5,
    );
    const seen: number[] = [];
    for await (const batch of batches) seen.push(...batch);
    expect(seen).toEqual(data.slice(0, 12));
    expect(requested).toEqual([5, 5, 2]);
  });
});
