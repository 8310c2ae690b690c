/**
 * Every documents route × built-in role × where the document's company sits (and a missing
 * document): a document has its company's visibility. Reading, downloading and commenting
 * need read on the company; uploading, editing, deleting and sharing need update; removing
 * someone else's comment or share link needs update too. Hidden → 404 exactly like missing,
 * visible but not allowed → 403, and a refused request writes nothing (database and files).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { contacts } from "../../db/schema";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, categories, type AccessFixture, type Category } from "../../../test/access-fixture";
import { documentMatrixRequest } from "../../../test/matrix-documents";
import { privateDataDir, samples, snapshot, upload } from "./documents.test-fixture";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness({ dataDir: await privateDataDir() });
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

/** What each role may do with a company by where it sits (r = read, u = update), as in the access matrix. */
const companyRights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "ru", team: "ru", unit: "ru", other: "ru", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "ru", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};

/** Record-level need of each route: the comment and the link in the request are someone else's. */
const needs: Record<string, "r" | "u"> = {
  "GET /api/documents": "r",
  "POST /api/documents": "u",
  "GET /api/documents/:id": "r",
  "PATCH /api/documents/:id": "u",
  "DELETE /api/documents/:id": "u",
  "POST /api/documents/:id/revisions": "u",
  "GET /api/documents/:id/revisions/:revisionId/content": "r",
  "GET /api/documents/:id/compare": "r",
  "GET /api/documents/:id/comments": "r",
  "POST /api/documents/:id/revisions/:revisionId/comments": "r",
  "PATCH /api/documents/:id/comments/:commentId": "r",
  "DELETE /api/documents/:id/comments/:commentId": "u",
  "GET /api/documents/:id/shares": "r",
  "POST /api/documents/:id/revisions/:revisionId/shares": "u",
  "DELETE /api/documents/:id/shares/:shareId": "u",
};
const success: Record<string, number> = { GET: 200, POST: 201, PATCH: 200, DELETE: 204 };

/** The request with its document (or record) swapped for an id that does not exist. */
function missing(url: string) {
  return url
    .replace(/\/api\/documents\/[0-9a-f-]{36}/, `/api/documents/${randomUUID()}`)
    .replace(/recordId=[0-9a-f-]{36}/, `recordId=${randomUUID()}`);
}

describe("documents routes × roles × placement (AC-1, AC-2)", () => {
  it("covers every documents route", () => {
    const routes = h.app.routeTable.flatMap((entry) =>
      ([] as string[])
        .concat(entry.method)
        .filter((method) => method !== "HEAD" && entry.url.startsWith("/api/documents") && entry.url !== "/api/documents/storage")
        .map((method) => `${method} ${entry.url}`),
    );
    expect(routes.sort()).toEqual(Object.keys(needs).sort());
  });

  for (const role of builtinRoleKeys)
    it(`${role}: reads where they may read the company, changes where they may update it, 404 where it is hidden`, async () => {
      const author = await createUser(h.db, { role: "sales_rep", name: `Author for ${role}` });
      let serial = 0;
      for (const [key, need] of Object.entries(needs)) {
        const [method, url] = key.split(" ") as [string, string];
        const permission = h.app.routeTable.find((entry) => entry.url === url && ([] as string[]).concat(entry.method).includes(method))!
          .config!.permission as { action: string };
        for (const category of [...categories, "missing" as const]) {
          const where = category === "missing" ? f.placement("administrator", "own") : f.placement(role, category);
          if (!where) continue;
          const company = await f.insertCompany(`${role} ${category} ${key} ${++serial}`, where);
          const request = (await documentMatrixRequest(h, f.actors.administrator.api, { company, user: author.id, serial }, method, url))!;
          const target = category === "missing" ? missing(request.url) : request.url;
          const rights = category === "missing" ? "" : companyRights[role][category];
          // The service desk updates no company: a route that needs the update function is 403 before any record is looked at.
          const status =
            permission.action === "update" && role === "service_desk"
              ? 403
              : !rights.includes("r")
                ? 404
                : !rights.includes(need)
                  ? 403
                  : success[method]!;
          const before = status >= 400 && method !== "GET" ? await snapshot(h) : undefined;
          const response = await f.actors[role].api(method as "GET", target, request.body, request.headers);
          expect(response.statusCode, `${role} ${category} ${key}: ${response.body}`).toBe(status);
          if (status >= 400) expect(response.json().code).toBe(status === 404 ? "not_found" : "forbidden");
          if (before) expect(await snapshot(h), `${role} ${category} ${key}`).toEqual(before);
        }
      }
    });

  it("gives no existence oracle: a hidden document, company or contact answers exactly like a missing one", async () => {
    const rep = f.actors.sales_rep.api;
    const author = await createUser(h.db, { role: "sales_rep", name: "Oracle author" });
    const hidden = await f.insertCompany("Oracle hidden AB", f.placement("sales_rep", "other")!);
    const seeded = await documentMatrixRequest(
      h,
      f.actors.administrator.api,
      { company: hidden, user: author.id, serial: 9001 },
      "GET",
      "/api/documents/:id",
    );
    const [person] = await h.db.insert(contacts).values({ companyId: hidden, lastName: "Hidden" }).returning();
    const pairs: [string, string][] = [
      [seeded!.url, missing(seeded!.url)],
      [`/api/documents?recordType=company&recordId=${hidden}`, `/api/documents?recordType=company&recordId=${randomUUID()}`],
      [`/api/documents?recordType=contact&recordId=${person!.id}`, `/api/documents?recordType=contact&recordId=${randomUUID()}`],
    ];
    for (const [hiddenUrl, missingUrl] of pairs) {
      const a = await rep("GET", hiddenUrl);
      const b = await rep("GET", missingUrl);
      expect(a.statusCode).toBe(404);
      expect({ code: a.json().code, message: a.json().message }).toEqual({ code: b.json().code, message: b.json().message });
    }
    // Uploading onto a hidden contact is refused the same way, before the body is read, nothing written.
    const before = await snapshot(h);
    const refused = await upload(rep, { recordType: "contact", recordId: person!.id }, samples.pdf);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().message).toBe("Contact not found");
    expect(await snapshot(h)).toEqual(before);
  });

  it("lets a comment's author change and remove it, and a link's creator revoke it, without update on the company", async () => {
    const desk = f.actors.service_desk;
    const company = await f.insertCompany("Desk AB", f.placement("service_desk", "team")!);
    const owner = f.actors.administrator.api;
    const made = (await upload(owner, { recordId: company }, samples.pdf)).json();
    const comment = await desk.api("POST", `/api/documents/${made.id}/revisions/${made.current.id}/comments`, { body: "Typo on page 2" });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(comment.json()).toMatchObject({ canEdit: true, canDelete: true });
    const url = `/api/documents/${made.id}/comments/${comment.json().id}`;
    expect((await desk.api("PATCH", url, { body: "Typo on page 3" }, { "if-match": '"1"' })).statusCode).toBe(200);
    // Someone else may resolve it but not rewrite it.
    const other = await owner("PATCH", url, { body: "Rewritten" }, { "if-match": '"2"' });
    expect(other.statusCode).toBe(403);
    expect((await owner("PATCH", url, { resolved: true }, { "if-match": '"2"' })).json()).toMatchObject({ resolved: true, version: 3 });
    expect((await desk.api("DELETE", url, undefined, { "if-match": '"3"' })).statusCode).toBe(204);
    // The desk cannot share (no update), and cannot revoke another's link.
    const share = await owner("POST", `/api/documents/${made.id}/revisions/${made.current.id}/shares`, {
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(share.statusCode).toBe(201);
    const denied = await desk.api("DELETE", `/api/documents/${made.id}/shares/${share.json().id}`, undefined, { "if-match": '"1"' });
    expect(denied.statusCode).toBe(403);
    const listed = (await desk.api("GET", `/api/documents/${made.id}/shares`)).json().items;
    expect(listed[0]).toMatchObject({ canRevoke: false, state: "active" });
  });
});
