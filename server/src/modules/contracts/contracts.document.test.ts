/**
 * The contract document: a revision of one of the company's documents, linked in the contract and
 * shown with the document it belongs to; another company's revision is refused, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { privateDataDir, samples, upload, uploadRevision } from "../documents/documents.test-fixture";
import { contracts } from "./contracts.schema";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness({ dataDir: await privateDataDir() });
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const admin = () => f.actors.administrator.api;

describe("the contract document", () => {
  it("links a revision of the company's document and shows the document it belongs to", async () => {
    const place = f.placement("administrator", "own")!;
    const company = await f.insertCompany("Signed Papers AB", place);
    const other = await f.insertCompany("Other Papers AB", place);
    const document = (await upload(admin(), { recordId: company, kind: "contract", title: "Master agreement" }, samples.pdf)).json();
    const second = await uploadRevision(admin(), document.id, { fileName: "agreement-signed.pdf", note: "Signed" }, samples.pdf);
    expect(second.statusCode, second.body).toBe(201);
    const foreign = (await upload(admin(), { recordId: other, kind: "contract", title: "Not theirs" }, samples.pdf)).json();

    const created = await admin()("POST", `/api/companies/${company}/contracts`, {
      number: "DOC-1",
      title: "Papers",
      currency: "EUR",
      documentRevisionId: second.json().current.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().document).toEqual({
      id: document.id,
      title: "Master agreement",
      kind: "contract",
      revisionNumber: 2,
      fileName: "agreement-signed.pdf",
    });
    const contractId = created.json().id;

    // Another company's revision: 400 naming the field, the link unchanged.
    const refused = await admin()(
      "PATCH",
      `/api/companies/${company}/contracts/${contractId}`,
      { documentRevisionId: foreign.current.id },
      { "if-match": `"${created.json().version}"` },
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().details.map((detail: { field: string }) => detail.field)).toContain("documentRevisionId");
    const [row] = await h.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row!.documentRevisionId).toBe(second.json().current.id);

    // Unlinked: no document.
    const unlinked = await admin()(
      "PATCH",
      `/api/companies/${company}/contracts/${contractId}`,
      { documentRevisionId: null },
      { "if-match": `"${created.json().version}"` },
    );
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json()).toMatchObject({ documentRevisionId: null, document: null });
    // The list leaves the document out (a summary per contract).
    const list = await admin()("GET", `/api/companies/${company}/contracts`);
    expect(list.json().items[0]).not.toHaveProperty("document");
  });
});
