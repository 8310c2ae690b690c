/**
 * vCard over HTTP (one contact, the list, import into a company) and the org chart: formats and
 * headers, round trip through the API, per-card errors, size and media-type limits, access.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { contacts, contactPoints, searchEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { eventsOf, insertContact, insertRole, missing, refused, withContactFields } from "./contacts.test-fixture";
import { parseVcards, vcardToContact } from "./contacts.vcard";

let h: Harness;
let f: AccessFixture;
let own: string;
let mates: string;
let strangers: string;

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  own = await f.insertCompany("Vcard Own AB", f.placement("sales_rep", "own")!);
  mates = await f.insertCompany("Vcard Mate AB", f.placement("sales_rep", "team")!);
  strangers = await f.insertCompany("Vcard Stranger AB", f.placement("sales_rep", "other")!);
});
afterAll(async () => h?.close());

const vcard = { "content-type": "text/vcard; charset=utf-8" };
const importInto = (
  api: AccessFixture["actors"]["sales_rep"]["api"],
  companyId: string,
  body: string,
  headers: Record<string, string> = vcard,
) => api("POST", `/api/companies/${companyId}/contacts/import.vcf`, body, headers);
const card = (...lines: string[]) => ["BEGIN:VCARD", "VERSION:4.0", ...lines, "END:VCARD", ""].join("\r\n");

describe("GET /api/contacts/:id/vcard", () => {
  it("answers one vCard 4.0 as a UTF-8 download named after the person", async () => {
    // Everything a card carries comes back from it unchanged.
    const person = {
      firstName: "Zoë",
      lastName: "Öst; Jr",
      title: "VP, Sales",
      emails: [{ type: "work", address: "zoe@own.example" }],
      phones: [{ type: "mobile", number: "+46 70 111 22 33" }],
      birthday: "1990-12-24",
      preferredLanguage: "zh-CN",
      notes: "Line one\nLine two",
    };
    const created = await f.actors.sales_rep.api("POST", "/api/contacts", { companyId: own, ...person });
    const id = created.json().id as string;
    const response = await f.actors.sales_rep.api("GET", `/api/contacts/${id}/vcard`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/vcard; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="contact.vcf"; filename*=UTF-8''Zo%C3%AB%20%C3%96st%3B%20Jr.vcf`,
    );
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    const [parsed] = parseVcards(response.body);
    const read = vcardToContact(parsed!);
    expect(read).toEqual({ contact: person });
    expect(response.body).toContain("ORG:Vcard Own AB\r\n");
    expect((await f.actors.sales_rep.api("GET", `/api/contacts/${missing}/vcard`)).statusCode).toBe(404);
    expect((await f.actors.sales_rep.api("GET", "/api/contacts/nope/vcard")).statusCode).toBe(400);
  });
});

describe("GET /api/contacts/export.vcf", () => {
  it("exports the list (same filters) as one file of cards, only what the caller may see", async () => {
    await insertContact(h, mates, { firstName: "Mia", lastName: "Mate" });
    await insertContact(h, strangers, { firstName: "Sam", lastName: "Stranger" });
    const all = await f.actors.sales_rep.api("GET", "/api/contacts/export.vcf");
    expect(all.statusCode, all.body).toBe(200);
    expect(all.headers["content-type"]).toBe("text/vcard; charset=utf-8");
    expect(all.headers["content-disposition"]).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.vcf"$/);
    const names = parseVcards(all.body).map((parsed) => {
      const read = vcardToContact(parsed);
      return "contact" in read ? read.contact.lastName : read.problem;
    });
    expect(names).toContain("Mate");
    expect(names).not.toContain("Stranger");
    const filtered = await f.actors.sales_rep.api("GET", `/api/contacts/export.vcf?filter[companyId]=${mates}`);
    expect(
      parseVcards(filtered.body).map((parsed) => (vcardToContact(parsed) as { contact: { lastName: string } }).contact.lastName),
    ).toEqual(["Mate"]);
    await refused(h, () => f.actors.sales_rep.api("GET", "/api/contacts/export.vcf?sort=nope"), 400, "querystring.sort");
  });
});

describe("POST /api/companies/:id/contacts/import.vcf", () => {
  it("imports good cards, reports bad ones by position, skips people already there, and announces it once", async () => {
    await insertContact(h, own, { firstName: "Already", lastName: "There" });
    const body = [
      card(
        "FN:Ingrid Import",
        "N:Import;Ingrid;;;",
        "TITLE:Buyer",
        "ORG:Whatever Inc.;Procurement",
        "EMAIL;TYPE=work:ingrid@import.example",
        "TEL;TYPE=cell:070-765 43 21",
        "BDAY:19850315",
        "LANG:sv-SE",
        "NOTE:Met at the fair\\, booth 4",
      ),
      card("EMAIL:nobody@import.example"),
      card("FN:Already There"),
      card("FN:Bad Mail", "EMAIL:not-an-address"),
      "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old Format\r\nEND:VCARD\r\n",
      card("FN:Ingrid Again", "EMAIL:INGRID@import.example"),
      card("FN:Second Person", "N:Person;Second;;;", "TEL;VALUE=uri;TYPE=work:tel:+46-8-123-456"),
      card("FN:Long Name", `N:${"x".repeat(101)};Long;;;`),
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Never Ends\r\n",
    ].join("");
    const response = await importInto(f.actors.sales_rep.api, own, body);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ created: 2, skipped: 2 });
    expect(result.errors.map((e: { card: number }) => e.card)).toEqual([2, 4, 5, 8, 9]);
    expect(result.errors[0].message).toMatch(/no name/);
    expect(result.errors[1].message).toMatch(/emails\.0\.address/);
    expect(result.errors[2].message).toMatch(/VERSION 2\.1/);
    expect(result.errors[3].message).toMatch(/lastName/);
    expect(result.errors[4].message).toMatch(/missing END:VCARD/);

    const [ingrid] = await h.db.select().from(contacts).where(eq(contacts.lastName, "Import"));
    expect(ingrid).toMatchObject({
      companyId: own,
      firstName: "Ingrid",
      title: "Buyer",
      department: "Procurement",
      emails: [{ type: "work", address: "ingrid@import.example" }],
      phones: [{ type: "mobile", number: "070-765 43 21", e164: null }],
      birthday: "1985-03-15",
      preferredLanguage: "sv",
      notes: "Met at the fair, booth 4",
    });
    const [second] = await h.db.select().from(contacts).where(eq(contacts.lastName, "Person"));
    expect(second?.phones).toEqual([{ type: "work", number: "+46-8-123-456", e164: "+468123456" }]);
    // Indexed like any other contact.
    expect(await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, ingrid!.id))).toHaveLength(1);
    expect((await h.db.select().from(contactPoints).where(eq(contactPoints.recordId, ingrid!.id))).map((p) => p.value)).toEqual([
      "ingrid@import.example",
    ]);
    const events = await h.db.execute<{ topics: string[] }>(
      (await import("drizzle-orm")).sql`SELECT topics FROM outbox WHERE name = 'contact.imported' ORDER BY id DESC LIMIT 1`,
    );
    expect(events.rows[0]?.topics).toEqual(["list:contacts", `company:${own}`]);

    // Importing the same file again creates nobody.
    const again = await importInto(f.actors.sales_rep.api, own, body);
    expect(again.json()).toMatchObject({ created: 0, skipped: 4 });
  });

  it("round-trips contacts through export and import", async () => {
    const source = await f.insertCompany("Round Trip From AB", f.placement("administrator", "own")!);
    const target = await f.insertCompany("Round Trip To AB", f.placement("administrator", "own")!);
    const api = f.actors.administrator.api;
    const original = {
      firstName: "Åke",
      lastName: "Ström, Jr.",
      title: "Head of \\ Things; and more",
      department: "R&D",
      emails: [
        { type: "work", address: "ake@rt.example" },
        { type: "personal", address: "ake@home.example" },
      ],
      phones: [
        { type: "work", number: "+46 8 555 123 45" },
        { type: "home", number: "08-555 000 00" },
      ],
      birthday: "1970-01-31",
      preferredLanguage: "en",
      notes: "Multi\nline; notes, with \\ backslash and 中文 and a long tail " + "ÿ".repeat(90),
    };
    const created = await api("POST", "/api/contacts", { companyId: source, ...original });
    expect(created.statusCode, created.body).toBe(201);
    const exported = await api("GET", `/api/contacts/export.vcf?filter[companyId]=${source}`);
    // Gone before the import, or the import would skip the card as someone already there (same email).
    expect((await api("DELETE", `/api/contacts/${created.json().id}`)).statusCode).toBe(204);
    const imported = await importInto(api, target, exported.body);
    expect(imported.json()).toEqual({ created: 1, skipped: 0, errors: [] });
    const list = await api("GET", `/api/contacts?filter[companyId]=${target}`);
    const copy = list.json().items[0];
    // The company has no country, so only the international number has an E.164 form.
    expect(copy).toMatchObject({
      ...original,
      companyId: target,
      phones: [
        { ...original.phones[0], e164: "+46855512345" },
        { ...original.phones[1], e164: null },
      ],
    });
  });

  it("refuses what is not a vCard file: wrong media type (415), other charsets (415), bad UTF-8 (400), nothing in it (400)", async () => {
    const api = f.actors.sales_rep.api;
    await refused(h, () => importInto(api, own, JSON.stringify({ cards: [] }), { "content-type": "application/json" }), 415);
    await refused(h, () => importInto(api, own, card("FN:A B"), { "content-type": "text/plain" }), 415);
    await refused(h, () => importInto(api, own, card("FN:A B"), { "content-type": "text/vcard; charset=iso-8859-1" }), 415);
    const badUtf8 = Buffer.concat([
      Buffer.from("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A "),
      Buffer.from([0xc3, 0x28]),
      Buffer.from("\r\nEND:VCARD\r\n"),
    ]);
    await refused(h, () => api("POST", `/api/companies/${own}/contacts/import.vcf`, badUtf8, vcard), 400, "body");
    await refused(h, () => importInto(api, own, "hello, this is not a vCard"), 400, "body");
    await refused(h, () => importInto(api, own, ""), 400);
  });

  it("refuses a body over 1 MB with 413, nothing written", async () => {
    const filler = card("FN:Big Card", `NOTE:${"x".repeat(1_048_600)}`);
    await refused(h, () => importInto(f.actors.sales_rep.api, own, filler), 413);
  });

  it("answers 404 for a company the caller cannot see, 403 where they may not create contacts, 400 for bad ids", async () => {
    const body = card("FN:Nobody Atall");
    await refused(h, () => importInto(f.actors.sales_rep.api, strangers, body), 404);
    await refused(h, () => importInto(f.actors.sales_rep.api, missing, body), 404);
    await refused(h, () => importInto(f.actors.sales_rep.api, mates, body), 403);
    await refused(h, () => importInto(f.actors.sales_rep.api, "nope", body), 400, "params.id");
    // The service desk may create contacts anywhere it can see.
    expect((await importInto(f.actors.service_desk.api, strangers, body)).json()).toMatchObject({ created: 1 });
  });

  it("checks required custom fields per card", async () => {
    await withContactFields(h, [{ key: "badge", type: "text", required: true }], async () => {
      const response = await importInto(f.actors.administrator.api, own, card("FN:No Badge"));
      expect(response.json()).toEqual({ created: 0, skipped: 0, errors: [{ card: 1, message: "custom.badge: is required" }] });
    });
  });
});

describe("GET /api/companies/:id/org-chart", () => {
  it("shows the company's visible people with reporting lines, role holders with their role there", async () => {
    const company = await f.insertCompany("Org Chart AB", f.placement("sales_rep", "own")!);
    const ceo = await insertContact(h, company, { firstName: "Cleo", lastName: "Ceo", title: "CEO" });
    const cto = await insertContact(h, company, { firstName: "Tor", lastName: "Cto", title: "CTO", reportsToId: ceo });
    const dev = await insertContact(h, company, { firstName: "Dev", lastName: "Eloper", reportsToId: cto, department: "R&D" });
    // A mate's contact sits on the board; a stranger's advises (invisible to the rep).
    const board = await insertContact(h, mates, { firstName: "Bea", lastName: "Board", title: "Owner at Mate", reportsToId: null });
    await insertRole(h, board, company, { title: "Board member", department: "Board" });
    const advisor = await insertContact(h, strangers, { firstName: "Ada", lastName: "Advisor" });
    await insertRole(h, advisor, company, { title: "Advisor" });
    // Someone at the mate's company reporting to the board member stays off the chart.
    await insertContact(h, mates, { lastName: "Assistant", reportsToId: board });

    const response = await f.actors.sales_rep.api("GET", `/api/companies/${company}/org-chart`);
    expect(response.statusCode, response.body).toBe(200);
    const nodes = response.json().nodes as { id: string; reportsToId: string | null }[];
    expect(nodes).toEqual(
      expect.arrayContaining([
        { id: ceo, fullName: "Cleo Ceo", title: "CEO", department: null, reportsToId: null },
        { id: cto, fullName: "Tor Cto", title: "CTO", department: null, reportsToId: ceo },
        { id: dev, fullName: "Dev Eloper", title: null, department: "R&D", reportsToId: cto },
        { id: board, fullName: "Bea Board", title: "Board member", department: "Board", reportsToId: null },
      ]),
    );
    expect(nodes).toHaveLength(4);
    const all = (await f.actors.administrator.api("GET", `/api/companies/${company}/org-chart`)).json().nodes as { id: string }[];
    expect(all.map((node) => node.id)).toContain(advisor);
  });

  it("answers 404 for a company the caller cannot see and 400 for a bad id", async () => {
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${strangers}/org-chart`)).statusCode).toBe(404);
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${missing}/org-chart`)).statusCode).toBe(404);
    const bad = await f.actors.sales_rep.api("GET", "/api/companies/nope/org-chart");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe("params.id");
    expect((await f.actors.service_desk.api("GET", `/api/companies/${strangers}/org-chart`)).statusCode).toBe(200);
  });

  it("lists events of a changed chart on the company's topic", async () => {
    const company = await f.insertCompany("Chart Events AB", f.placement("sales_rep", "own")!);
    const response = await f.actors.sales_rep.api("POST", "/api/contacts", { companyId: company, lastName: "Newcomer" });
    const [event] = await eventsOf(h, response.json().id);
    expect(event!.topics).toContain(`company:${company}`);
  });
});
