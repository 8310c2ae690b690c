/**
 * Documents with revisions: upload a document and further revisions, list them by record and
 * kind, read every revision back byte for byte with the download headers of FI-2, compare two
 * revisions' metadata, edit and delete with If-Match, system entries on the timeline and live
 * events on the company's topic.
 */
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";
import { contacts, timelineEntries } from "../../db/schema";
import { privateDataDir, samples, snapshot, storedFiles, upload, uploadRevision } from "./documents.test-fixture";

let h: Harness;
let f: AccessFixture;
let company: string;
beforeAll(async () => {
  h = await createHarness({ dataDir: await privateDataDir() });
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Documents AB", f.placement("account_manager", "own")!);
});
afterAll(async () => h?.close());

const manager = () => f.actors.account_manager.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function refusedUnchanged(
  send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>,
  status: number,
  field?: string,
) {
  const before = await snapshot(h);
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  if (field)
    expect(
      ((response.json() as { details?: { field: string }[] }).details ?? []).map((d) => d.field),
      response.body,
    ).toContain(field);
  expect(await snapshot(h)).toEqual(before);
  return response;
}

describe("uploading a document and its revisions", () => {
  it("creates a document with revision 1, stores the file by its hash and lists it", async () => {
    const response = await upload(
      manager(),
      { recordId: company, title: "Offer 2025", note: "First draft", description: "For the Nordics" },
      samples.pdf,
    );
    expect(response.statusCode, response.body).toBe(201);
    const document = response.json();
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/documents/${document.id}`);
    expect(document).toMatchObject({
      companyId: company,
      companyName: "Documents AB",
      recordType: "company",
      recordId: company,
      recordName: "Documents AB",
      kind: "proposal",
      title: "Offer 2025",
      description: "For the Nordics",
      revisionCount: 1,
      openComments: 0,
      canUpdate: true,
      version: 1,
      current: {
        number: 1,
        fileName: "proposal.pdf",
        size: samples.pdf.length,
        contentType: "application/pdf",
        preview: "pdf",
        note: "First draft",
        sha256: sha(samples.pdf),
      },
    });
    expect(document.revisions).toHaveLength(1);
    expect(await storedFiles(h.app.platform.config.dataDir)).toContain(`${sha(samples.pdf).slice(0, 2)}/${sha(samples.pdf)}`);
    // Nothing left in the temporary directory.
    expect((await storedFiles(h.app.platform.config.dataDir)).filter((name) => name.startsWith("tmp/"))).toEqual([]);

    const list = await f.actors.sales_rep.api("GET", `/api/documents?recordType=company&recordId=${company}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(document.id);
  });

  it("adds revisions 2 and 3, keeps every revision downloadable byte for byte, and compares them", async () => {
    const first = (
      await upload(manager(), { recordId: company, title: "Contract", kind: "contract", fileName: "contract-v1.pdf" }, samples.pdf)
    ).json();
    const second = await uploadRevision(manager(), first.id, { fileName: "contract-v2.docx", note: "Legal's changes" }, samples.docx, {
      "content-type": "application/octet-stream",
      ...ifMatch(1),
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({
      revisionCount: 2,
      version: 2,
      current: {
        number: 2,
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        note: "Legal's changes",
      },
    });
    // A stale If-Match on a new revision is 412, nothing written.
    await refusedUnchanged(
      () =>
        uploadRevision(manager(), first.id, { fileName: "late.pdf" }, samples.pdf, {
          "content-type": "application/octet-stream",
          ...ifMatch(1),
        }),
      412,
    );
    const third = await uploadRevision(manager(), first.id, { fileName: "contract-v3.pdf" }, samples.pdf);
    expect(third.statusCode, third.body).toBe(201);
    const detail = third.json();
    expect(detail.revisions.map((revision: { number: number }) => revision.number)).toEqual([3, 2, 1]);

    for (const [revision, bytes] of [
      [detail.revisions[2], samples.pdf],
      [detail.revisions[1], samples.docx],
      [detail.revisions[0], samples.pdf],
    ] as const) {
      const download = await f.actors.service_desk.api("GET", `/api/documents/${first.id}/revisions/${revision.id}/content`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(bytes)).toBe(true);
    }

    const compare = await f.actors.sales_rep.api("GET", `/api/documents/${first.id}/compare?from=1&to=2`);
    expect(compare.statusCode, compare.body).toBe(200);
    expect(compare.json()).toMatchObject({
      changed: ["fileName", "size", "contentType", "createdAt", "note"],
      sizeDelta: samples.docx.length - samples.pdf.length,
      identicalContent: false,
    });
    const same = (await manager()("GET", `/api/documents/${first.id}/compare?from=1&to=3`)).json();
    expect(same.identicalContent).toBe(true);
    expect(same.changed).toEqual(["fileName", "createdAt"]);
    await refusedUnchanged(() => manager()("GET", `/api/documents/${first.id}/compare?from=1&to=9`), 400, "to");
    await refusedUnchanged(() => manager()("GET", `/api/documents/${first.id}/compare?from=0&to=2`), 400, "querystring.from");
  });

  it("serves downloads as attachments with the stored type, nosniff and a sandboxing CSP (FI-2)", async () => {
    const made = (
      await upload(manager(), { recordId: company, title: "Notes", kind: "other", fileName: 'Möte – anteckningar "Q3".txt' }, samples.text)
    ).json();
    const download = await manager()("GET", `/api/documents/${made.id}/revisions/${made.current.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-security-policy"]).toMatch(/^sandbox\b/);
    expect(download.headers["cache-control"]).toBe("no-store");
    expect(download.headers["content-disposition"]).toBe(
      `attachment; filename="M_te _ anteckningar _Q3_.txt"; filename*=UTF-8''M%C3%B6te%20%E2%80%93%20anteckningar%20%22Q3%22.txt`,
    );
    // A name without the type's extension is saved with it.
    const png = (await upload(manager(), { recordId: company, title: "Logo", kind: "other", fileName: "logo" }, samples.png)).json();
    const image = await manager()("GET", `/api/documents/${png.id}/revisions/${png.current.id}/content`);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.headers["content-disposition"]).toContain("filename*=UTF-8''logo.png");
    // Another document's revision is not found through this one.
    await refusedUnchanged(() => manager()("GET", `/api/documents/${made.id}/revisions/${png.current.id}/content`), 404);
  });

  it("lists by record and kind, searches titles and file names, and pages", async () => {
    const other = await f.insertCompany("Listing AB", f.placement("account_manager", "own")!);
    const [person] = await h.db.insert(contacts).values({ companyId: other, firstName: "Lena", lastName: "Berg" }).returning();
    const manual = (
      await upload(manager(), { recordId: other, kind: "manual", title: "Install guide", fileName: "guide.pdf" }, samples.pdf)
    ).json();
    const onContact = await upload(
      manager(),
      { recordType: "contact", recordId: person!.id, kind: "contract", title: "NDA", fileName: "nda-signed.pdf" },
      samples.pdf,
    );
    expect(onContact.statusCode, onContact.body).toBe(201);
    expect(onContact.json()).toMatchObject({ companyId: other, recordType: "contact", recordId: person!.id, recordName: "Lena Berg" });
    const list = (path: string) =>
      manager()("GET", `/api/documents?${path}`).then((response) => response.json().items.map((item: { title: string }) => item.title));
    expect(await list(`recordType=company&recordId=${other}`)).toEqual(["NDA", "Install guide"]);
    expect(await list(`recordType=contact&recordId=${person!.id}`)).toEqual(["NDA"]);
    expect(await list(`recordType=company&recordId=${other}&kind=manual`)).toEqual(["Install guide"]);
    expect(await list(`recordType=company&recordId=${other}&q=signed`)).toEqual(["NDA"]);
    const first = (await manager()("GET", `/api/documents?recordType=company&recordId=${other}&limit=1`)).json();
    expect(first.items).toHaveLength(1);
    const next = (await manager()("GET", `/api/documents?recordType=company&recordId=${other}&limit=1&cursor=${first.nextCursor}`)).json();
    expect(next.items.map((item: { id: string }) => item.id)).toEqual([manual.id]);
    expect(next.nextCursor).toBeNull();
    await refusedUnchanged(() => manager()("GET", `/api/documents?recordType=company&recordId=${other}&cursor=bogus`), 400, "cursor");
    await refusedUnchanged(() => manager()("GET", `/api/documents?recordType=deal&recordId=${other}`), 400, "querystring.recordType");
    await refusedUnchanged(() => manager()("GET", `/api/documents?recordType=company&recordId=${other}&extra=1`), 400, "querystring.extra");
  });
});

describe("editing and deleting", () => {
  it("changes kind, title and description with If-Match (428 without, 412 stale) and refuses bad input naming the field", async () => {
    const made = (await upload(manager(), { recordId: company, title: "Draft" }, samples.pdf)).json();
    const url = `/api/documents/${made.id}`;
    await refusedUnchanged(() => manager()("PATCH", url, { title: "X" }), 428);
    await refusedUnchanged(() => manager()("PATCH", url, { title: "" }, ifMatch(1)), 400, "title");
    await refusedUnchanged(() => manager()("PATCH", url, { kind: "memo" }, ifMatch(1)), 400, "kind");
    await refusedUnchanged(() => manager()("PATCH", url, { title: "x".repeat(201) }, ifMatch(1)), 400, "title");
    await refusedUnchanged(() => manager()("PATCH", url, { owner: "me" }, ifMatch(1)), 400, "owner");
    const changed = await manager()("PATCH", url, { title: "Final offer", kind: "contract", description: "Signed" }, ifMatch(1));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ title: "Final offer", kind: "contract", description: "Signed", version: 2 });
    await refusedUnchanged(() => manager()("PATCH", url, { title: "Stale" }, ifMatch(1)), 412);
    await refusedUnchanged(() => manager()("DELETE", url), 428);
    await refusedUnchanged(() => manager()("DELETE", url, undefined, ifMatch(1)), 412);
    expect((await manager()("DELETE", url, undefined, ifMatch(2))).statusCode).toBe(204);
    await refusedUnchanged(() => manager()("GET", url), 404);
  });

  it("removes a deleted document's file at once unless another revision holds the same content", async () => {
    const dataDir = h.app.platform.config.dataDir;
    const unique = Buffer.from(`Only here ${Date.now()}\n`);
    const a = (await upload(manager(), { recordId: company, title: "Unique", fileName: "u.txt" }, unique)).json();
    const shared1 = (await upload(manager(), { recordId: company, title: "Shared 1", fileName: "s.txt" }, samples.csv)).json();
    const shared2 = (await upload(manager(), { recordId: company, title: "Shared 2", fileName: "s.csv" }, samples.csv)).json();
    expect(shared2.current.contentType).toBe("text/csv");
    expect(shared1.current.contentType).toBe("text/plain");
    const name = (bytes: Buffer) => `${sha(bytes).slice(0, 2)}/${sha(bytes)}`;
    expect(await storedFiles(dataDir)).toEqual(expect.arrayContaining([name(unique), name(samples.csv)]));
    expect((await manager()("DELETE", `/api/documents/${a.id}`, undefined, ifMatch(1))).statusCode).toBe(204);
    expect((await manager()("DELETE", `/api/documents/${shared1.id}`, undefined, ifMatch(1))).statusCode).toBe(204);
    const left = await storedFiles(dataDir);
    expect(left).not.toContain(name(unique));
    expect(left).toContain(name(samples.csv));
    const still = await manager()("GET", `/api/documents/${shared2.id}/revisions/${shared2.current.id}/content`);
    expect(still.rawPayload.equals(samples.csv)).toBe(true);
  });
});

describe("corporate memory", () => {
  it("writes a system entry on the company's timeline for each new document and revision", async () => {
    const made = (await upload(manager(), { recordId: company, title: "Timeline offer" }, samples.pdf)).json();
    await uploadRevision(manager(), made.id, { fileName: "offer-2.pdf", note: "Prices" }, samples.pdf);
    const entries = await h.db.select().from(timelineEntries).where(eq(timelineEntries.relatedId, made.id));
    expect(entries.map((entry) => [entry.systemKind, entry.systemData])).toEqual(
      expect.arrayContaining([
        [
          "document_added",
          expect.objectContaining({ documentId: made.id, title: "Timeline offer", revision: 1, fileName: "proposal.pdf" }),
        ],
        ["document_revised", expect.objectContaining({ documentId: made.id, revision: 2, fileName: "offer-2.pdf", note: "Prices" })],
      ]),
    );
    expect(entries.every((entry) => entry.companyId === company && entry.relatedType === "document")).toBe(true);
  });

  it("announces uploads, changes and deletions on the company's topic to those who may read it", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      await watcher.subscribe([`company:${company}`]);
      const response = await upload(manager(), { recordId: company, title: "Live" }, samples.pdf);
      expect(response.statusCode, response.body).toBe(201);
      const made = response.json();
      await watcher.event("document.created", made.id);
      await uploadRevision(manager(), made.id, { fileName: "live-2.pdf" }, samples.pdf);
      await watcher.event("document.revised", made.id);
      await manager()("DELETE", `/api/documents/${made.id}`, undefined, ifMatch(2));
      await watcher.event("document.deleted", made.id);
    } finally {
      watcher.close();
    }
  });
});
