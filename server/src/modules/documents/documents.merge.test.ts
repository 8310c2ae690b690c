/**
 * Documents follow their records: a company merge moves the merged-away company's documents
 * (and its contacts') to the kept one, a contact merge moves the merged-away contact's to the
 * kept contact (with that contact's company), a contact that moves to another company takes
 * its documents' visibility along, and a deleted contact's documents stay with its company.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { contacts, documents } from "../../db/schema";
import { privateDataDir, samples, upload } from "./documents.test-fixture";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness({ dataDir: await privateDataDir() });
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const admin = () => f.actors.administrator.api;
const row = async (id: string) => (await h.db.select().from(documents).where(eq(documents.id, id)))[0];
const titles = async (query: string) =>
  (await admin()("GET", `/api/documents?${query}`))
    .json()
    .items.map((item: { title: string }) => item.title)
    .sort();

describe("documents follow their records", () => {
  it("moves a merged-away company's documents and its contacts' to the kept company", async () => {
    const place = f.placement("administrator", "own")!;
    const kept = await f.insertCompany("Kept AB", place);
    const merged = await f.insertCompany("Merged AB", place);
    const [person] = await h.db.insert(contacts).values({ companyId: merged, lastName: "Moved" }).returning();
    const onCompany = (await upload(admin(), { recordId: merged, title: "Company doc" }, samples.pdf)).json();
    const onContact = (await upload(admin(), { recordType: "contact", recordId: person!.id, title: "Contact doc" }, samples.pdf)).json();
    await upload(admin(), { recordId: kept, title: "Kept doc" }, samples.pdf);
    const response = await admin()("POST", `/api/companies/${kept}/merge`, { sourceId: merged }, { "if-match": '"1"' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await row(onCompany.id)).toMatchObject({ companyId: kept, recordType: "company", recordId: kept });
    expect(await row(onContact.id)).toMatchObject({ companyId: kept, recordType: "contact", recordId: person!.id });
    expect(await titles(`recordType=company&recordId=${kept}`)).toEqual(["Company doc", "Contact doc", "Kept doc"]);
    // Revisions and files came along.
    const download = await admin()("GET", `/api/documents/${onCompany.id}/revisions/${onCompany.current.id}/content`);
    expect(download.statusCode).toBe(200);
  });

  it("moves a merged-away contact's documents to the kept contact, with the kept contact's company", async () => {
    const place = f.placement("administrator", "own")!;
    const first = await f.insertCompany("First AB", place);
    const second = await f.insertCompany("Second AB", place);
    const [into] = await h.db.insert(contacts).values({ companyId: first, firstName: "Eva", lastName: "Kept" }).returning();
    const [source] = await h.db.insert(contacts).values({ companyId: second, firstName: "Eva", lastName: "Gone" }).returning();
    const document = (await upload(admin(), { recordType: "contact", recordId: source!.id, title: "Eva's NDA" }, samples.pdf)).json();
    expect(document.companyId).toBe(second);
    const response = await admin()("POST", `/api/contacts/${into!.id}/merge`, { sourceId: source!.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(await row(document.id)).toMatchObject({ recordType: "contact", recordId: into!.id, companyId: first });
    expect(await titles(`recordType=contact&recordId=${into!.id}`)).toEqual(["Eva's NDA"]);
  });

  it("moves a contact's documents to its new company, and keeps a deleted contact's with its company", async () => {
    const place = f.placement("administrator", "own")!;
    const from = await f.insertCompany("From AB", place);
    const to = await f.insertCompany("To AB", place);
    const [person] = await h.db.insert(contacts).values({ companyId: from, firstName: "Ola", lastName: "Mover" }).returning();
    const document = (await upload(admin(), { recordType: "contact", recordId: person!.id, title: "Ola's contract" }, samples.pdf)).json();
    const moved = await admin()("PATCH", `/api/contacts/${person!.id}`, { companyId: to }, { "if-match": '"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await row(document.id)).toMatchObject({ companyId: to, recordType: "contact", recordId: person!.id });
    expect(await titles(`recordType=company&recordId=${from}`)).toEqual([]);
    expect(await titles(`recordType=company&recordId=${to}`)).toEqual(["Ola's contract"]);

    const version = (await admin()("GET", `/api/contacts/${person!.id}`)).json().version;
    const deleted = await admin()("DELETE", `/api/contacts/${person!.id}`, undefined, { "if-match": `"${version}"` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await row(document.id)).toMatchObject({ companyId: to, recordType: "company", recordId: to });
    expect(await titles(`recordType=company&recordId=${to}`)).toEqual(["Ola's contract"]);
  });

  it("removes a deleted company's documents with it", async () => {
    const gone = await f.insertCompany("Gone AB", f.placement("administrator", "own")!);
    const document = (await upload(admin(), { recordId: gone, title: "Bye" }, samples.pdf)).json();
    expect((await admin()("DELETE", `/api/companies/${gone}`, undefined, { "if-match": '"1"' })).statusCode).toBe(204);
    expect(await row(document.id)).toBeUndefined();
  });
});
