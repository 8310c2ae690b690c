/**
 * Sample files for the documents tests (small but real: each is what `file-type` and the
 * browser's viewers take it for), an upload helper and a snapshot of everything an upload
 * writes: the document tables and the files on disk.
 */
import { crc32 } from "node:zlib";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { databaseSnapshot, type Api } from "../../../test/access-fixture";
import type { Harness } from "../../../test/harness";
import { pdfWithText } from "../../seed/demo-file";

/** A ZIP of stored (uncompressed) entries; `claimedSize` overrides the unpacked sizes the directory states. */
export function zip(entries: { name: string; data: Buffer | string }[], claimedSize?: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const name = Buffer.from(entry.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(claimedSize ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypesXml = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

export const samples = {
  pdf: pdfWithText("Proposal for Acme"),
  png: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
  jpeg: Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1"),
    Buffer.from([0xff, 0xd9]),
  ]),
  gif: Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"),
  webp: Buffer.from("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA", "base64"),
  docx: zip([
    {
      name: "[Content_Types].xml",
      data: contentTypesXml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    },
    { name: "word/document.xml", data: "<w:document/>" },
  ]),
  odt: zip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text" },
    { name: "content.xml", data: "<office:document-content/>" },
  ]),
  text: Buffer.from("Meeting notes\nÅsa said 你好.\n"),
  csv: Buffer.from("name;country\nAcme;SE\n"),
  // Refused
  html: Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
  htmlAfterSpace: Buffer.from("\ufeff \n <html><img src=x onerror=alert(1)></html>"),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
  xml: Buffer.from('<?xml version="1.0"?><x/>'),
  script: Buffer.from("#!/bin/sh\nrm -rf /\n"),
  exe: Buffer.concat([
    Buffer.from("MZ"),
    Buffer.alloc(58),
    Buffer.from([0x80, 0, 0, 0]),
    Buffer.alloc(64),
    Buffer.from("PE\0\0"),
    Buffer.alloc(200),
  ]),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]),
  plainZip: zip([{ name: "notes.txt", data: "hello" }]),
  zipBomb: zip(
    [
      {
        name: "[Content_Types].xml",
        data: contentTypesXml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
      },
      { name: "word/document.xml", data: "<w:document/>" },
    ],
    400 * 1_048_576,
  ),
  binary: Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10]),
  latin1: Buffer.from("caf\xe9 cr\xe8me", "latin1"),
  empty: Buffer.alloc(0),
};

export const octet = { "content-type": "application/octet-stream" };

export type UploadQuery = {
  recordType?: "company" | "contact";
  recordId: string;
  kind?: string;
  title?: string;
  fileName?: string;
  note?: string;
  description?: string;
};

export const query = (values: Record<string, string | undefined>) =>
  Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join("&");

/** `POST /api/documents` with a file. */
export function upload(
  api: Api,
  values: UploadQuery,
  file: Buffer,
  headers: Record<string, string> = octet,
): Promise<LightMyRequestResponse> {
  return api(
    "POST",
    `/api/documents?${query({ recordType: "company", kind: "proposal", title: "Proposal", fileName: "proposal.pdf", ...values })}`,
    file,
    headers,
  );
}

/** `POST /api/documents/:id/revisions` with a file. */
export function uploadRevision(
  api: Api,
  id: string,
  values: { fileName: string; note?: string },
  file: Buffer,
  headers: Record<string, string> = octet,
) {
  return api("POST", `/api/documents/${id}/revisions?${query(values)}`, file, headers);
}

/** A data directory of its own: garbage collection in one test file never sees another's files. */
export const privateDataDir = () => mkdtemp(path.join(tmpdir(), "relata-documents-"));

/** Every file under the store (stored and temporary), relative to `files/`. */
export async function storedFiles(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, "files");
  const found: string[] = [];
  for (const dir of await readdir(root).catch(() => [] as string[]))
    for (const name of await readdir(path.join(root, dir)).catch(() => [] as string[])) found.push(`${dir}/${name}`);
  return found.sort();
}

/** The database (the access fixture's tables and the documents') and the files on disk: what a refused request must leave alone. */
export async function snapshot(h: Harness) {
  const tables = await h.db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM documents t) AS documents,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM document_revisions t) AS document_revisions,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM document_comments t) AS document_comments,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM document_shares t) AS document_shares,
      (SELECT count(*)::text FROM timeline_entries) AS timeline_entries,
      (SELECT count(*)::text FROM notifications) AS notifications`);
  return { ...(await databaseSnapshot(h)), ...tables.rows[0], files: (await storedFiles(h.app.platform.config.dataDir)).join(",") };
}
