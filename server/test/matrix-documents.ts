/**
 * Valid requests for the access matrices on the documents routes: each aims at a throwaway
 * document (with a revision whose file is stored, a comment and a share link by another user)
 * on the given company, so a denial proves the guard, not bad input.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { companies, documentComments, documentRevisions, documents, documentShares } from "../src/db/schema";
import { storedPath } from "../src/platform/files";
import type { Harness } from "./harness";
import type { MatrixRequest, MatrixRequestBuilder } from "./matrix-requests";

const octet = { "content-type": "application/octet-stream" };
const ifMatch = { "if-match": '"1"' };

/** A document on `companyId` by `userId`: revision 1 (its file stored), a comment and a share link. */
export async function seedDocument(h: Harness, companyId: string, userId: string, serial: number) {
  const bytes = Buffer.from(`Matrix document ${serial}\n`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const file = storedPath(h.app.platform.config.dataDir, sha256);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  const [document] = await h.db
    .insert(documents)
    .values({
      companyId,
      recordType: "company",
      recordId: companyId,
      kind: "other",
      title: `Matrix ${serial}`,
      revisionCount: 1,
      createdBy: userId,
    })
    .returning();
  const [revision] = await h.db
    .insert(documentRevisions)
    .values({
      documentId: document!.id,
      number: 1,
      fileName: `matrix-${serial}.txt`,
      size: bytes.length,
      contentType: "text/plain",
      sha256,
      authorId: userId,
    })
    .returning();
  const [comment] = await h.db
    .insert(documentComments)
    .values({ documentId: document!.id, revisionId: revision!.id, authorId: userId, body: `Matrix comment ${serial}` })
    .returning();
  const [share] = await h.db
    .insert(documentShares)
    .values({
      documentId: document!.id,
      revisionId: revision!.id,
      tokenHash: createHash("sha256").update(`matrix token ${serial} ${document!.id}`).digest("hex"),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      createdBy: userId,
    })
    .returning();
  return { documentId: document!.id, revisionId: revision!.id, commentId: comment!.id, shareId: share!.id, bytes };
}

/** The request for `method url` when it is a documents route, or undefined. */
export const documentMatrixRequest: MatrixRequestBuilder = async (h, _admin, { company, user, serial }, method, url) => {
  if (!url.startsWith("/api/documents")) return undefined;
  const key = `${method} ${url}`;
  if (key === "GET /api/documents") return { url: `/api/documents?recordType=company&recordId=${company}` };
  if (key === "POST /api/documents")
    return {
      url: `/api/documents?recordType=company&recordId=${company}&kind=proposal&title=Matrix%20${serial}&fileName=matrix-${serial}.txt`,
      body: Buffer.from(`Matrix upload ${serial}\n`),
      headers: octet,
    };
  // The function-level matrix deletes its target company among the last requests; a document route after it gets a company of its own.
  const [exists] = await h.db.select({ id: companies.id }).from(companies).where(eq(companies.id, company));
  const onCompany = exists
    ? company
    : (
        await h.db
          .insert(companies)
          .values({ name: `Matrix documents ${serial}`, ownerId: user })
          .returning()
      )[0]!.id;
  const seeded = await seedDocument(h, onCompany, user, serial);
  const concrete = url
    .replace(":id", seeded.documentId)
    .replace(":revisionId", seeded.revisionId)
    .replace(":commentId", seeded.commentId)
    .replace(":shareId", seeded.shareId);
  const requests: Record<string, MatrixRequest> = {
    "GET /api/documents/:id": { url: concrete },
    "PATCH /api/documents/:id": { url: concrete, body: { title: `Renamed ${serial}` }, headers: ifMatch },
    "DELETE /api/documents/:id": { url: concrete, headers: ifMatch },
    "POST /api/documents/:id/revisions": {
      url: `${concrete}?fileName=matrix-${serial}-2.txt`,
      body: Buffer.from(`Matrix revision ${serial}\n`),
      headers: octet,
    },
    "GET /api/documents/:id/revisions/:revisionId/content": { url: concrete },
    "GET /api/documents/:id/compare": { url: `${concrete}?from=1&to=1` },
    "GET /api/documents/:id/comments": { url: concrete },
    "POST /api/documents/:id/revisions/:revisionId/comments": {
      url: concrete,
      body: { body: `Matrix remark ${serial}`, anchor: { page: 1, x: 0.5, y: 0.5 } },
    },
    "PATCH /api/documents/:id/comments/:commentId": { url: concrete, body: { resolved: true }, headers: ifMatch },
    "DELETE /api/documents/:id/comments/:commentId": { url: concrete, headers: ifMatch },
    "GET /api/documents/:id/shares": { url: concrete },
    "POST /api/documents/:id/revisions/:revisionId/shares": {
      url: concrete,
      body: { expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    },
    "DELETE /api/documents/:id/shares/:shareId": { url: concrete, headers: ifMatch },
  };
  const request = requests[key];
  if (!request) throw new Error(`add a valid request for ${key} to the documents matrix`);
  return request;
};
