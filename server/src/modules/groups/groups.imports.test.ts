/**
 * Contacts written in bulk by a CSV import and by a vCard import reach the group rollups in the
 * import's own transactions, like contacts saved one by one.
 */
import { describe, expect, it } from "vitest";
import { useImportApp } from "../imports/imports.test-fixture";
import { processImport } from "../imports/imports.job";
import { createCompany, expectNoDrift, setParent, totals } from "./groups.test-fixture";

const app = useImportApp("groups");

describe("imported contacts", () => {
  it("count in the subtree totals of every company above them", async () => {
    const { h, f } = app;
    const admin = f.actors.administrator.api;
    const top = await createCompany(admin, "Import Top AB");
    const north = await createCompany(admin, "Import North AB");
    const south = await createCompany(admin, "Import South AB");
    await setParent(admin, north, top);
    await setParent(admin, south, top);

    const csv = ["Name,Company", "Ann North,Import North AB", "Bo North,Import North AB", "Cai South,Import South AB"].join("\n");
    const uploaded = await admin("POST", "/api/imports?object=contact&fileName=people.csv", csv, { "content-type": "text/csv" });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const started = await admin("POST", `/api/imports/${uploaded.json().id}/start`, { dryRun: false });
    expect(started.statusCode, started.body).toBe(200);
    await processImport(h.app.platform, uploaded.json().id);
    expect(await totals(admin, north)).toMatchObject({ contacts: 2 });
    expect(await totals(admin, top)).toMatchObject({ contacts: 3 });

    const card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dag South\r\nN:South;Dag;;;\r\nEND:VCARD\r\n";
    const vcards = await admin("POST", `/api/companies/${south}/contacts/import.vcf`, card, { "content-type": "text/vcard" });
    expect(vcards.statusCode, vcards.body).toBe(200);
    expect(vcards.json().created).toBe(1);
    expect(await totals(admin, top)).toMatchObject({ contacts: 4 });
    await expectNoDrift(h);
  });
});
