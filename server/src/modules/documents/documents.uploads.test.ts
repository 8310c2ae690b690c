/**
 * FI-1 and the atomicity of a revision upload: the fuzz corpus (type by content against an
 * allowlist, HTML/SVG/scripts/programs refused, hostile names kept as harmless display text,
 * size limit and quota → 413, an empty file), and failures injected before, during and after
 * the file is placed and at commit: afterwards there is a row with its file or neither.
 * Garbage collection removes what a crash leaves, only after the grace period.
 */
import { createHash } from "node:crypto";
import { readdir, stat, utimes, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { documentRevisions, documents } from "../../db/schema";
import {
  collectFileGarbage,
  contentDisposition,
  downloadName,
  fileFaults,
  normaliseFileName,
  receiveFile,
  storedPath,
} from "../../platform/files";
import { octet, privateDataDir, query, samples, snapshot, storedFiles, upload, uploadRevision } from "./documents.test-fixture";

const maxBytes = 64 * 1024;
const quotaBytes = 160 * 1024;
let h: Harness;
let f: AccessFixture;
let company: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = await privateDataDir();
  h = await createHarness({ dataDir, files: { maxBytes, quotaBytes } });
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Uploads AB", f.placement("administrator", "own")!);
});
afterAll(async () => h?.close());
afterEach(() => {
  delete fileFaults.beforePlace;
  delete fileFaults.afterPlace;
});

const admin = () => f.actors.administrator.api;
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const unique = (label: string) => Buffer.from(`${label} ${Math.random()}\n`);

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

describe("types are read from the content and checked against the allowlist", () => {
  it.each([
    ["a PDF", samples.pdf, "x.pdf", "application/pdf"],
    ["a PNG", samples.png, "x.png", "image/png"],
    ["a JPEG", samples.jpeg, "x.jpg", "image/jpeg"],
    ["a GIF", samples.gif, "x.gif", "image/gif"],
    ["a WebP image", samples.webp, "x.webp", "image/webp"],
    ["a Word document", samples.docx, "x.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["an OpenDocument text", samples.odt, "x.odt", "application/vnd.oasis.opendocument.text"],
    ["UTF-8 text", samples.text, "notes.txt", "text/plain"],
    ["CSV", samples.csv, "list.csv", "text/csv"],
    // The claimed name does not decide: PNG bytes named .pdf are a PNG, text named .png is text.
    ["PNG bytes named like a PDF", samples.png, "report.pdf", "image/png"],
    ["text named like an image", samples.text, "photo.png", "text/plain"],
  ])("accepts %s as %s", async (_what, bytes, fileName, type) => {
    const response = await upload(admin(), { recordId: company, fileName }, bytes);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().current).toMatchObject({ contentType: type, size: bytes.length, sha256: sha(bytes) });
  });

  it("saves a download with the extension of its real type", async () => {
    const made = (await upload(admin(), { recordId: company, fileName: "report.pdf" }, samples.png)).json();
    const download = await admin()("GET", `/api/documents/${made.id}/revisions/${made.current.id}/content`);
    expect(download.headers["content-type"]).toBe("image/png");
    expect(download.headers["content-disposition"]).toContain("filename*=UTF-8''report.pdf.png");
  });

  it.each([
    ["HTML", samples.html, "page.txt"],
    ["HTML after a BOM and whitespace", samples.htmlAfterSpace, "notes.txt"],
    ["HTML named like a PDF", samples.html, "invoice.pdf"],
    ["SVG", samples.svg, "logo.txt"],
    ["XML", samples.xml, "data.txt"],
    ["a shell script", samples.script, "run.txt"],
    ["a Windows program", samples.exe, "setup.pdf"],
    ["an ELF program", samples.elf, "tool.txt"],
    ["a plain ZIP archive", samples.plainZip, "archive.docx"],
    ["a ZIP that unpacks to 400 MB per entry", samples.zipBomb, "bomb.docx"],
    ["binary data", samples.binary, "data.txt"],
    ["Latin-1 text (not UTF-8)", samples.latin1, "old.txt"],
  ])("refuses %s with 415, writing nothing", async (_what, bytes, fileName) => {
    await refusedUnchanged(() => upload(admin(), { recordId: company, fileName }, bytes), 415, "file");
  });

  it.each(["page.html", "image.svg", "tool.exe", "script.js", "run.sh", "macro.vbs", "INDEX.HTM"])(
    "refuses a name that would run or render when opened (%s) whatever the content",
    async (fileName) => {
      await refusedUnchanged(() => upload(admin(), { recordId: company, fileName }, samples.text), 415, "fileName");
    },
  );

  it("refuses a body that is not application/octet-stream (415) and an empty file (400)", async () => {
    await refusedUnchanged(() => upload(admin(), { recordId: company }, samples.pdf, { "content-type": "application/pdf" }), 415);
    await refusedUnchanged(
      () => upload(admin(), { recordId: company }, samples.pdf, { "content-type": "multipart/form-data; boundary=x" }),
      415,
    );
    await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "empty.txt" }, samples.empty), 400, "file");
  });

  it("refuses bad metadata before reading the body, naming the field", async () => {
    await refusedUnchanged(() => upload(admin(), { recordId: company, title: "" }, samples.pdf), 400, "querystring.title");
    await refusedUnchanged(() => upload(admin(), { recordId: company, kind: "memo" }, samples.pdf), 400, "querystring.kind");
    await refusedUnchanged(() => upload(admin(), { recordId: "not-a-uuid" }, samples.pdf), 400, "querystring.recordId");
    await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "" }, samples.pdf), 400, "querystring.fileName");
    await refusedUnchanged(() => upload(admin(), { recordId: company, title: "x".repeat(201) }, samples.pdf), 400, "querystring.title");
    await refusedUnchanged(() => upload(admin(), { recordId: company, title: "a\u0000b" }, samples.pdf), 400, "querystring.title");
    await refusedUnchanged(
      () =>
        admin()(
          "POST",
          `/api/documents?${query({ recordType: "company", recordId: company, kind: "other", title: "T", fileName: "a.txt", sneaky: "1" })}`,
          samples.text,
          octet,
        ),
      400,
      "querystring.sneaky",
    );
    await refusedUnchanged(
      () => uploadRevision(admin(), "00000000-0000-4000-8000-000000000000", { fileName: "" }, samples.pdf),
      400,
      "querystring.fileName",
    );
  });
});

describe("hostile file names are display text only", () => {
  it.each([
    ["../../etc/passwd.txt", "passwd.txt"],
    ["..\\..\\windows\\win.ini.txt", "win.ini.txt"],
    ["/absolute/path/report.pdf", "report.pdf"],
    ["a\u0000b.txt", "ab.txt"],
    ["invoice\u202Etxt.pdf", "invoicetxt.pdf"],
    ["name\u2066with\u2069isolates.txt", "namewithisolates.txt"],
    ["line\r\nbreak.txt", "linebreak.txt"],
    ["  ...hidden.txt.  ", "hidden.txt"],
    ["zero\u200Bwidth.txt", "zerowidth.txt"],
    ["..", "file"],
    [`${"ü".repeat(300)}.txt`, `${"ü".repeat(196)}.txt`],
  ])("%j is stored as %j and never reaches a path", async (raw, expected) => {
    expect(normaliseFileName(raw)).toBe(expected);
    const bytes = unique(`name ${expected}`);
    const response = await upload(admin(), { recordId: company, fileName: raw }, bytes);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().current.fileName).toBe(expected);
    // The file lives under its hash only.
    expect(await storedFiles(dataDir)).toContain(`${sha(bytes).slice(0, 2)}/${sha(bytes)}`);
    const download = await admin()("GET", `/api/documents/${response.json().id}/revisions/${response.json().current.id}/content`);
    expect(download.headers["content-disposition"]).toBe(contentDisposition(downloadName(expected, "text/plain")));
    expect(download.headers["content-disposition"]).not.toMatch(/[\r\n\u0000]/);
  });

  it.each([
    [`<img src=x onerror=alert(1)>.txt`],
    [`"><svg onload=alert(1)>.txt`],
    [`<a href=javascript:alert(document.cookie)>x<a>.txt`],
    [`'; DROP TABLE documents; --.txt`],
  ])("XSS payload %j stays literal text in JSON and is neutralised in the download header", async (raw) => {
    const response = await upload(admin(), { recordId: company, fileName: raw, title: raw }, unique(`xss ${raw}`));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const created = response.json() as { id: string; title: string; current: { id: string; fileName: string } };
    // Stored as the text it is (the web app renders it as text, never as markup).
    expect(created.current.fileName).toBe(raw);
    expect(created.title).toBe(raw);
    const [row] = await h.db.select().from(documentRevisions).where(eq(documentRevisions.id, created.current.id));
    expect(row!.fileName).toBe(raw);
    const download = await admin()("GET", `/api/documents/${created.id}/revisions/${created.current.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toMatch(/^text\/plain/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-security-policy"]).toContain("sandbox");
    const disposition = String(download.headers["content-disposition"]);
    expect(disposition.startsWith("attachment; ")).toBe(true);
    // The ASCII fallback holds no quote, semicolon or backslash: exactly two parameters.
    expect(disposition.match(/"/g)).toHaveLength(2);
    expect(disposition.split(";")).toHaveLength(3);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(raw);
  });

  it("quotes names in Content-Disposition so no parameter or header can be injected", () => {
    expect(contentDisposition('a"; filename="evil.html')).toBe(
      `attachment; filename="a__ filename=_evil.html"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.html`,
    );
    expect(contentDisposition("合同.pdf")).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf`);
  });
});

describe("size limit and quota (413)", () => {
  it("refuses a file over the limit from its Content-Length before reading it", async () => {
    const big = Buffer.alloc(maxBytes + 1, "a");
    const response = await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "big.txt" }, big), 413, "file");
    expect(response.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("stops a transfer that grows over the limit while it is read, leaving no temporary file", async () => {
    const chunks = Readable.from([Buffer.alloc(40 * 1024, "a"), Buffer.alloc(40 * 1024, "b")]);
    await expect(receiveFile(chunks, dataDir, maxBytes)).rejects.toMatchObject({ status: 413, code: "payload_too_large" });
    expect(await readdir(path.join(dataDir, "files", "tmp"))).toEqual([]);
  });

  it("refuses an upload that would take the user over their quota with quota_exceeded naming the limit", async () => {
    const user = f.actors.account_manager;
    const own = await f.insertCompany("Quota AB", f.placement("account_manager", "own")!);
    const chunk = (n: number) => Buffer.concat([Buffer.from(`chunk ${n}\n`), Buffer.alloc(60 * 1024 - 10, "x")]);
    expect((await upload(user.api, { recordId: own, fileName: "1.txt" }, chunk(1))).statusCode).toBe(201);
    const second = (await upload(user.api, { recordId: own, fileName: "2.txt" }, chunk(2))).json();
    const storage = await user.api("GET", "/api/documents/storage");
    expect(storage.json()).toEqual({ maxFileBytes: maxBytes, quotaBytes, usedBytes: chunk(1).length + chunk(2).length });
    const over = await refusedUnchanged(() => upload(user.api, { recordId: own, fileName: "3.txt" }, chunk(3)), 413, "file");
    expect(over.json()).toMatchObject({ code: "quota_exceeded", message: expect.stringContaining("quota of 160 KB") });
    await refusedUnchanged(() => uploadRevision(user.api, second.id, { fileName: "3.txt" }, chunk(3)), 413);
    // Deleting a document gives its bytes back.
    expect((await user.api("DELETE", `/api/documents/${second.id}`, undefined, { "if-match": '"1"' })).statusCode).toBe(204);
    expect((await upload(user.api, { recordId: own, fileName: "3.txt" }, chunk(3))).statusCode).toBe(201);
  });
});

describe("a revision and its file appear together or not at all", () => {
  const rowsFor = async (hash: string) => h.db.select().from(documentRevisions).where(eq(documentRevisions.sha256, hash));
  const fileExists = async (hash: string) => (await stat(storedPath(dataDir, hash)).catch(() => undefined)) !== undefined;
  const tempFiles = async () => readdir(path.join(dataDir, "files", "tmp")).catch(() => []);

  it("a failure before the file is placed: no row, no file", async () => {
    const bytes = unique("before place");
    fileFaults.beforePlace = async () => {
      throw new Error("disk full");
    };
    await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "a.txt" }, bytes), 500);
    expect(await rowsFor(sha(bytes))).toEqual([]);
    expect(await fileExists(sha(bytes))).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });

  it("a failure after the file is placed, before commit: no row, and the file is gone again", async () => {
    const bytes = unique("after place");
    let placed = false;
    const document = (await upload(admin(), { recordId: company, fileName: "v1.txt" }, unique("v1"))).json();
    fileFaults.afterPlace = async (hash) => {
      placed = await fileExists(hash);
      throw new Error("crash before commit");
    };
    await refusedUnchanged(() => uploadRevision(admin(), document.id, { fileName: "v2.txt" }, bytes), 500);
    expect(placed).toBe(true);
    expect(await rowsFor(sha(bytes))).toEqual([]);
    expect(await fileExists(sha(bytes))).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });

  it("a failure at commit (a deferred constraint): no row, no file", async () => {
    const owner = new pg.Client({ connectionString: h.database.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
      await owner.query(`CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON document_revisions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.note = 'fail at commit') EXECUTE FUNCTION fail_at_commit()`);
      const bytes = unique("at commit");
      await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "c.txt", note: "fail at commit" }, bytes), 500);
      expect(await rowsFor(sha(bytes))).toEqual([]);
      expect(await fileExists(sha(bytes))).toBe(false);
    } finally {
      await owner.query("DROP TRIGGER IF EXISTS fail_at_commit ON document_revisions");
      await owner.end();
    }
  });

  it("a failed upload of content another revision already holds leaves that file in place", async () => {
    const bytes = unique("shared content");
    const kept = (await upload(admin(), { recordId: company, fileName: "kept.txt" }, bytes)).json();
    fileFaults.afterPlace = async () => {
      throw new Error("crash before commit");
    };
    await refusedUnchanged(() => upload(admin(), { recordId: company, fileName: "again.txt" }, bytes), 500);
    delete fileFaults.afterPlace;
    const download = await admin()("GET", `/api/documents/${kept.id}/revisions/${kept.current.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  it("a refusal inside the transaction (quota, access) places no file at all", async () => {
    let placed = 0;
    fileFaults.beforePlace = async () => {
      placed++;
    };
    const hidden = await f.insertCompany("Hidden AB", f.placement("sales_rep", "other")!);
    await refusedUnchanged(() => upload(f.actors.sales_rep.api, { recordId: hidden, fileName: "x.txt" }, unique("hidden")), 404);
    expect(placed).toBe(0);
  });

  it("garbage collection removes what a crash between placing and commit left, after the grace period only", async () => {
    // A crash after the file was placed and before commit: a file without a row, and a temporary file.
    const orphan = unique("orphan");
    const orphanPath = storedPath(dataDir, sha(orphan));
    await mkdir(path.dirname(orphanPath), { recursive: true });
    await writeFile(orphanPath, orphan);
    const temp = path.join(dataDir, "files", "tmp", "crashed-upload.part");
    await mkdir(path.dirname(temp), { recursive: true });
    await writeFile(temp, "half");
    const kept = unique("kept by a revision");
    const document = (await upload(admin(), { recordId: company, fileName: "kept.txt" }, kept)).json();

    // Within the grace period everything stays.
    expect(await collectFileGarbage(h.app.platform)).toEqual({ files: 0, temps: 0 });
    expect(await fileExists(sha(orphan))).toBe(true);

    // Once old enough, the orphan and the temporary file go; the referenced file stays however old.
    const old = new Date(Date.now() - 48 * 3_600_000);
    for (const file of [orphanPath, temp, storedPath(dataDir, sha(kept))]) await utimes(file, old, old);
    const removed = await collectFileGarbage(h.app.platform);
    expect(removed.temps).toBe(1);
    expect(removed.files).toBeGreaterThanOrEqual(1);
    expect(await fileExists(sha(orphan))).toBe(false);
    expect(await stat(temp).catch(() => undefined)).toBeUndefined();
    expect(await fileExists(sha(kept))).toBe(true);
    const download = await admin()("GET", `/api/documents/${document.id}/revisions/${document.current.id}/content`);
    expect(download.rawPayload.equals(kept)).toBe(true);
    // Every row still has its file.
    const rows = await h.db
      .select({ sha256: documentRevisions.sha256 })
      .from(documentRevisions)
      .innerJoin(documents, eq(documents.id, documentRevisions.documentId));
    for (const row of rows) expect(await fileExists(row.sha256), row.sha256).toBe(true);
  });

  it("two uploads of the same content at once both commit, with one stored file", async () => {
    const bytes = unique("concurrent");
    const [a, b] = await Promise.all([
      upload(admin(), { recordId: company, fileName: "a.txt" }, bytes),
      upload(admin(), { recordId: company, fileName: "b.txt" }, bytes),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(await rowsFor(sha(bytes))).toHaveLength(2);
    expect(await fileExists(sha(bytes))).toBe(true);
  });
});
