/**
 * Review and sharing: comments anchored to a revision (pins on the preview, resolve, notify the
 * document's author and earlier commenters), and share links (random token of 32 bytes whose
 * hash alone is stored, a required expiry of at most 90 days, revocable; the public routes
 * answer expired, revoked, unknown and malformed tokens with the same 404; opens counted).
 */
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { documentShares, notifications } from "../../db/schema";
import { privateDataDir, samples, snapshot, upload, uploadRevision } from "./documents.test-fixture";

let h: Harness;
let f: AccessFixture;
let company: string;
beforeAll(async () => {
  h = await createHarness({ dataDir: await privateDataDir() });
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Review AB", f.placement("account_manager", "own")!);
});
afterAll(async () => h?.close());

const manager = () => f.actors.account_manager.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

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

async function threeRevisions(title: string) {
  const made = (await upload(manager(), { recordId: company, title, fileName: "offer-v1.pdf" }, samples.pdf)).json();
  await uploadRevision(f.actors.sales_rep.api, made.id, { fileName: "offer-v2.pdf", note: "Prices" }, samples.pdf).then((response) => {
    // The sales rep reads but may not update a teammate's company.
    expect(response.statusCode).toBe(403);
  });
  await uploadRevision(manager(), made.id, { fileName: "offer-v2.pdf", note: "Prices" }, samples.pdf);
  const detail = (await uploadRevision(manager(), made.id, { fileName: "offer-v3.pdf", note: "Final" }, samples.pdf)).json();
  return detail as { id: string; revisions: { id: string; number: number }[] };
}

describe("comments on a revision", () => {
  it("pins comments to a revision, lists them per revision, resolves and reopens them with If-Match", async () => {
    const document = await threeRevisions("Commented offer");
    const second = document.revisions.find((revision) => revision.number === 2)!;
    const third = document.revisions.find((revision) => revision.number === 3)!;
    const url = `/api/documents/${document.id}/revisions/${second.id}/comments`;
    const pinned = await f.actors.sales_rep.api("POST", url, { body: "Discount too high here", anchor: { page: 2, x: 0.25, y: 0.75 } });
    expect(pinned.statusCode, pinned.body).toBe(201);
    expect(pinned.json()).toMatchObject({
      revisionId: second.id,
      revisionNumber: 2,
      anchor: { page: 2, x: 0.25, y: 0.75 },
      resolved: false,
      version: 1,
      canEdit: true,
    });
    const plain = await manager()("POST", url, { body: "<img src=x onerror=alert(1)> stays text" });
    expect(plain.json()).toMatchObject({ anchor: null, body: "<img src=x onerror=alert(1)> stays text" });
    await manager()("POST", `/api/documents/${document.id}/revisions/${third.id}/comments`, { body: "Looks good" });

    const onSecond = (await manager()("GET", `/api/documents/${document.id}/comments?revisionId=${second.id}`)).json().items;
    expect(onSecond.map((comment: { body: string }) => comment.body)).toEqual([
      "Discount too high here",
      "<img src=x onerror=alert(1)> stays text",
    ]);
    expect((await manager()("GET", `/api/documents/${document.id}/comments`)).json().items).toHaveLength(3);
    expect((await manager()("GET", `/api/documents/${document.id}`)).json().openComments).toBe(3);

    const commentUrl = `/api/documents/${document.id}/comments/${pinned.json().id}`;
    await refusedUnchanged(() => manager()("PATCH", commentUrl, { resolved: true }), 428);
    const resolved = await manager()("PATCH", commentUrl, { resolved: true }, ifMatch(1));
    expect(resolved.json()).toMatchObject({ resolved: true, resolvedByName: expect.any(String), version: 2 });
    await refusedUnchanged(() => manager()("PATCH", commentUrl, { resolved: false }, ifMatch(1)), 412);
    expect((await manager()("GET", `/api/documents/${document.id}`)).json().openComments).toBe(2);
    const reopened = await f.actors.sales_rep.api("PATCH", commentUrl, { resolved: false }, ifMatch(2));
    expect(reopened.json()).toMatchObject({ resolved: false, resolvedById: null, resolvedAt: null });
  });

  it("refuses bad comments naming the field, and comments on another document's revision", async () => {
    const document = await threeRevisions("Bad comments");
    const other = (await upload(manager(), { recordId: company, title: "Other" }, samples.pdf)).json();
    const url = `/api/documents/${document.id}/revisions/${document.revisions[0]!.id}/comments`;
    await refusedUnchanged(() => manager()("POST", url, { body: "" }), 400, "body");
    await refusedUnchanged(() => manager()("POST", url, { body: "x".repeat(5001) }), 400, "body");
    await refusedUnchanged(() => manager()("POST", url, { body: "ok", anchor: { page: 0, x: 0.5, y: 0.5 } }), 400, "anchor.page");
    await refusedUnchanged(() => manager()("POST", url, { body: "ok", anchor: { page: 1, x: 1.5, y: 0.5 } }), 400, "anchor.x");
    await refusedUnchanged(() => manager()("POST", url, { body: "ok", anchor: { page: 1, x: 0.5 } }), 400, "anchor.y");
    await refusedUnchanged(() => manager()("POST", url, { body: "ok", resolved: true }), 400, "resolved");
    await refusedUnchanged(
      () => manager()("POST", `/api/documents/${document.id}/revisions/${other.current.id}/comments`, { body: "ok" }),
      404,
    );
    await refusedUnchanged(
      () => manager()("GET", `/api/documents/${document.id}/comments?revisionId=${other.current.id}`),
      400,
      "revisionId",
    );
  });

  it("notifies the document's author and earlier commenters, never the commenter", async () => {
    const document = await threeRevisions("Notified offer");
    const revision = document.revisions[1]!;
    const url = `/api/documents/${document.id}/revisions/${revision.id}/comments`;
    const inbox = async (userId: string) =>
      h.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            eq(notifications.kind, "comment"),
            sql`${notifications.params}->>'title' = 'Notified offer'`,
          ),
        );
    await f.actors.sales_rep.api("POST", url, { body: "First remark" });
    const toAuthor = await inbox(f.actors.account_manager.id);
    expect(toAuthor).toHaveLength(1);
    expect(toAuthor[0]).toMatchObject({ link: `/documents/${document.id}?revision=${revision.id}`, companyId: company });
    expect(toAuthor[0]!.params).toMatchObject({ title: "Notified offer", company: "Review AB", revision: 2 });
    expect(await inbox(f.actors.sales_rep.id)).toHaveLength(0);
    // The author answers: the earlier commenter hears of it; the author is not told of their own comment.
    await manager()("POST", url, { body: "Answered" });
    expect(await inbox(f.actors.sales_rep.id)).toHaveLength(1);
    expect(await inbox(f.actors.account_manager.id)).toHaveLength(1);
  });
});

describe("share links", () => {
  it("creates a link to one revision with a 32-byte token of which only the hash is stored", async () => {
    const document = await threeRevisions("Shared offer");
    const third = document.revisions[0]!;
    const created = await manager()("POST", `/api/documents/${document.id}/revisions/${third.id}/shares`, { expiresAt: inDays(14) });
    expect(created.statusCode, created.body).toBe(201);
    const share = created.json();
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(share.token, "base64url")).toHaveLength(32);
    expect(share).toMatchObject({ path: `/share/${share.token}`, revisionNumber: 3, state: "active", opens: 0, canRevoke: true });
    const [row] = await h.db.select().from(documentShares).where(eq(documentShares.id, share.id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(share.token).digest("hex"));
    const stored = await h.db.execute(sql`SELECT count(*)::int AS n FROM document_shares t WHERE t::text LIKE ${`%${share.token}%`}`);
    expect(stored.rows[0]).toEqual({ n: 0 });
    // The token is never listed again.
    expect(JSON.stringify((await manager()("GET", `/api/documents/${document.id}/shares`)).json())).not.toContain(share.token);

    const open = await h.app.inject({ method: "GET", url: `/api/public/shares/${share.token}` });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toEqual({
      title: "Shared offer",
      kind: "proposal",
      revisionNumber: 3,
      fileName: "offer-v3.pdf",
      size: samples.pdf.length,
      contentType: "application/pdf",
      preview: "pdf",
      uploadedAt: expect.any(String),
      expiresAt: share.expiresAt,
    });
    const file = await h.app.inject({ method: "GET", url: `/api/public/shares/${share.token}/content` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(samples.pdf)).toBe(true);
    expect(file.headers).toMatchObject({
      "content-type": "application/pdf",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="offer-v3.pdf"; filename*=UTF-8''offer-v3.pdf`,
    });
    expect(file.headers["content-security-policy"]).toMatch(/^sandbox\b/);
    const listed = (await manager()("GET", `/api/documents/${document.id}/shares`)).json().items[0];
    expect(listed).toMatchObject({ opens: 1, lastOpenedAt: expect.any(String) });
  });

  it("requires an expiry in the future and at most 90 days ahead, naming the field", async () => {
    const document = await threeRevisions("Expiry rules");
    const url = `/api/documents/${document.id}/revisions/${document.revisions[0]!.id}/shares`;
    await refusedUnchanged(() => manager()("POST", url, {}), 400, "expiresAt");
    await refusedUnchanged(() => manager()("POST", url, { expiresAt: "tomorrow" }), 400, "expiresAt");
    await refusedUnchanged(() => manager()("POST", url, { expiresAt: inDays(-1) }), 400, "expiresAt");
    await refusedUnchanged(() => manager()("POST", url, { expiresAt: inDays(91) }), 400, "expiresAt");
    await refusedUnchanged(() => manager()("POST", url, { expiresAt: inDays(5), token: "mine" }), 400, "token");
    expect((await manager()("POST", url, { expiresAt: inDays(89.9) })).statusCode).toBe(201);
  });

  it("answers expired, revoked, unknown and malformed tokens with the same 404", async () => {
    const document = await threeRevisions("Gone links");
    const url = `/api/documents/${document.id}/revisions/${document.revisions[0]!.id}/shares`;
    const expiring = (await manager()("POST", url, { expiresAt: inDays(1) })).json();
    const revoked = (await manager()("POST", url, { expiresAt: inDays(1) })).json();
    const live = (await manager()("POST", url, { expiresAt: inDays(1) })).json();
    await h.db
      .update(documentShares)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(documentShares.id, expiring.id));
    const revokeUrl = `/api/documents/${document.id}/shares/${revoked.id}`;
    await refusedUnchanged(() => manager()("DELETE", revokeUrl), 428);
    expect((await manager()("DELETE", revokeUrl, undefined, ifMatch(1))).statusCode).toBe(204);
    // Revoking again changes nothing.
    expect((await manager()("DELETE", revokeUrl, undefined, ifMatch(2))).statusCode).toBe(204);
    const wrong = Buffer.alloc(32, 7).toString("base64url");
    const answers = [];
    for (const token of [expiring.token, revoked.token, wrong, "short", `${live.token.slice(0, 42)}*`, "../../etc/passwd"]) {
      for (const suffix of ["", "/content"]) {
        const response = await h.app.inject({ method: "GET", url: `/api/public/shares/${encodeURIComponent(token)}${suffix}` });
        expect(response.statusCode, `${token}${suffix}`).toBe(404);
        const { requestId: _requestId, ...body } = response.json();
        answers.push(body);
      }
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toEqual({ code: "not_found", message: "Share link not found" });
    expect((await h.app.inject({ method: "GET", url: `/api/public/shares/${live.token}` })).statusCode).toBe(200);
    const states = (await manager()("GET", `/api/documents/${document.id}/shares`))
      .json()
      .items.map((item: { id: string; state: string }) => [item.id, item.state]);
    expect(states).toEqual(
      expect.arrayContaining([
        [expiring.id, "expired"],
        [revoked.id, "revoked"],
        [live.id, "active"],
      ]),
    );
    // A deleted document's links die with it.
    const version = (await manager()("GET", `/api/documents/${document.id}`)).json().version;
    expect((await manager()("DELETE", `/api/documents/${document.id}`, undefined, ifMatch(version))).statusCode).toBe(204);
    expect((await h.app.inject({ method: "GET", url: `/api/public/shares/${live.token}` })).statusCode).toBe(404);
  });

  it("keeps a stale revoke from passing (412) and needs no session on the public routes only", async () => {
    const document = await threeRevisions("Stale revoke");
    const share = (
      await manager()("POST", `/api/documents/${document.id}/revisions/${document.revisions[0]!.id}/shares`, { expiresAt: inDays(2) })
    ).json();
    await refusedUnchanged(() => manager()("DELETE", `/api/documents/${document.id}/shares/${share.id}`, undefined, ifMatch(7)), 412);
    expect((await h.app.inject({ method: "GET", url: `/api/documents/${document.id}/shares` })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ method: "GET", url: `/api/documents/${document.id}/revisions/${document.revisions[0]!.id}/content` }))
        .statusCode,
    ).toBe(401);
  });
});
