/**
 * Group hierarchy routes: setting, moving and ending parent links (history kept), refusals that
 * name the field and write nothing (unknown parent, self, cycle, share, dates, versions), the
 * integrated view, the structure, the views by dimension, merges and deletions of companies in
 * a group, and links that expire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { companyLinks, contacts } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture, type Api } from "../../../test/access-fixture";
import { runDaily } from "../../platform/jobs/jobs";
import { runDoctor } from "../../platform/audit/doctor";
import { groupCompanyIds, groupDoctorChecks, groupDrift, groupRootOf, subtreeIds } from "./index";
import { createCompany, createContact, expectNoDrift, parentVersion, refusedIn, setParent, totals } from "./groups.test-fixture";

let h: Harness;
let f: AccessFixture;
let admin: Api;
const missing = "00000000-0000-4000-8000-00000000000f";

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  admin = f.actors.administrator.api;
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<typeof refusedIn> extends [Harness, ...infer Rest] ? Rest : never) => refusedIn(h, ...args);
const put = (companyId: string, body: unknown, version: number | undefined) =>
  admin("PUT", `/api/companies/${companyId}/parent`, body, version === undefined ? {} : { "if-match": `"${version}"` });

describe("bad input", () => {
  let holding: string;
  let child: string;
  let grandchild: string;

  beforeAll(async () => {
    holding = await createCompany(admin, "Bad Input Holding");
    child = await createCompany(admin, "Bad Input Child");
    grandchild = await createCompany(admin, "Bad Input Grandchild");
    await setParent(admin, child, holding);
    await setParent(admin, grandchild, child);
  });

  it("refuses an unknown parent, the company itself and a descendant (cycle) with 400 naming parentId, writing nothing", async () => {
    const v = await parentVersion(admin, holding);
    await refused(() => put(holding, { parentId: missing, relation: "subsidiary" }, v), 400, "parentId");
    const self = await refused(() => put(holding, { parentId: holding, relation: "subsidiary" }, v), 400, "parentId");
    expect(self.json().message).toMatch(/own parent/);
    const cycle = await refused(() => put(holding, { parentId: grandchild, relation: "subsidiary" }, v), 400, "parentId");
    expect(cycle.json().message).toMatch(/cycle/);
    await refused(() => put(holding, { parentId: child, relation: "branch" }, v), 400, "parentId");
    await refused(() => put(holding, { parentId: "not-a-uuid", relation: "subsidiary" }, v), 400, "parentId");
  });

  it.each([
    ["a share above 100", { share: 100.01 }, "share"],
    ["a negative share", { share: -1 }, "share"],
    ["a share with three decimals", { share: 33.333 }, "share"],
    ["a share as a string", { share: "50" }, "share"],
    ["an unknown relation", { relation: "parent" }, "relation"],
    ["dates out of order", { validFrom: "2024-05-01", validTo: "2024-04-30" }, "validTo"],
    ["an end on the start day", { validFrom: "2024-05-01", validTo: "2024-05-01" }, "validTo"],
    ["a start in the future", { validFrom: "2999-01-01" }, "validFrom"],
    ["an end before today's default start", { validTo: "2000-01-01" }, "validTo"],
    ["a date that does not exist", { validFrom: "2024-02-30" }, "validFrom"],
    ["an unknown field", { ownerId: missing }, "ownerId"],
  ])("refuses %s with 400 naming the field, writing nothing", async (_what, body, field) => {
    const other = await createCompany(admin, `Bad input parent ${field}`);
    const v = await parentVersion(admin, grandchild);
    await refused(() => put(grandchild, { parentId: other, relation: "subsidiary", ...body }, v), 400, field);
  });

  it("refuses a missing (428) or stale (412) If-Match and an unknown company (404), writing nothing", async () => {
    const other = await createCompany(admin, "Version parent");
    const v = await parentVersion(admin, grandchild);
    await refused(() => put(grandchild, { parentId: other, relation: "subsidiary" }, undefined), 428);
    await refused(() => put(grandchild, { parentId: other, relation: "subsidiary" }, v + 1), 412);
    await refused(() => put(missing, { parentId: other, relation: "subsidiary" }, 0), 404);
    await refused(() => admin("DELETE", `/api/companies/${grandchild}/parent`, undefined, { "if-match": `"${v + 1}"` }), 412);
    await refused(() => admin("GET", `/api/companies/${holding}/group/by/industry`), 400, "params.dimension");
    for (const path of ["group", "group/figures", "group/by/country", "links"])
      await refused(() => admin("GET", `/api/companies/nope/${path}`), 400, "params.id");
    await refused(() => admin("DELETE", `/api/companies/nope/parent`), 400, "params.id");
    await refused(() => put(holding, { relation: "subsidiary" }, 0), 400, "parentId");
    await refused(() => put(holding, [], 0), 400, "body");
  });
});

describe("links", () => {
  it("sets a parent, updates it in place, moves the company and ends the link, keeping every ended link as history", async () => {
    const a = await createCompany(admin, "Links Holding A");
    const b = await createCompany(admin, "Links Holding B");
    const sub = await createCompany(admin, "Links Sub");
    expect(await parentVersion(admin, sub)).toBe(0);

    const first = await setParent(admin, sub, a, { relation: "subsidiary", share: 60, validFrom: "2020-01-01" });
    expect(first.link).toMatchObject({ parentId: a, current: true, version: 1 });
    const links = await admin("GET", `/api/companies/${sub}/links`);
    expect(links.headers.etag).toBe('"1"');
    expect(links.json().items).toEqual([
      expect.objectContaining({
        parentId: a,
        parentName: "Links Holding A",
        relation: "subsidiary",
        share: 60,
        validFrom: "2020-01-01",
        validTo: null,
        current: true,
        createdByName: "The administrator",
      }),
    ]);

    // The same parent: the link changes in place; fields left out keep their values.
    const updated = await setParent(admin, sub, a, { share: 75.5 });
    expect(updated.version).toBe(2);
    const [only] = (await admin("GET", `/api/companies/${sub}/links`)).json().items;
    expect(only).toMatchObject({ id: first.link.id, share: 75.5, validFrom: "2020-01-01", current: true, version: 2 });

    // Another parent: the old link ends (history), a new one starts.
    const moved = await setParent(admin, sub, b, { relation: "branch", validFrom: "2023-06-01" });
    expect(moved.version).toBe(4);
    const history = (await admin("GET", `/api/companies/${sub}/links`)).json().items;
    expect(
      history.map((link: { parentId: string; current: boolean; validTo: string | null }) => [link.parentId, link.current, link.validTo]),
    ).toEqual([
      [b, true, null],
      [a, false, "2023-06-01"],
    ]);
    expect((await admin("GET", `/api/companies/${b}/group`)).json().nodes.map((node: { id: string }) => node.id)).toEqual([b, sub]);
    expect((await admin("GET", `/api/companies/${a}/group`)).json().nodes.map((node: { id: string }) => node.id)).toEqual([a]);

    const removed = await admin("DELETE", `/api/companies/${sub}/parent`, undefined, { "if-match": '"4"' });
    expect(removed.statusCode, removed.body).toBe(204);
    const after = (await admin("GET", `/api/companies/${sub}/links`)).json();
    expect(after.version).toBe(5);
    expect(after.items.every((link: { current: boolean }) => !link.current)).toBe(true);
    expect(after.items).toHaveLength(2);
    // Nothing left to end: still 204, nothing written.
    await refused(() => admin("DELETE", `/api/companies/${sub}/parent`), 204);
    await expectNoDrift(h);
  });

  it("records a link whose end date has passed as history only", async () => {
    const parent = await createCompany(admin, "Past Parent");
    const sub = await createCompany(admin, "Past Sub");
    const result = await setParent(admin, sub, parent, { validFrom: "2019-01-01", validTo: "2020-12-31", share: 100 });
    expect(result.link.current).toBe(false);
    expect((await admin("GET", `/api/companies/${parent}/group`)).json().nodes).toHaveLength(1);
    await expectNoDrift(h);
  });

  it("ends links whose end date came, in the daily job, moving the figures out of the old group", async () => {
    const parent = await createCompany(admin, "Expiring Parent");
    const sub = await createCompany(admin, "Expiring Sub");
    await createContact(admin, sub, "Expiring Person");
    await setParent(admin, sub, parent, { validFrom: "2020-01-01", validTo: "2999-12-31" });
    expect((await totals(admin, parent)).contacts).toBe(1);
    // The end date passes (set behind the app's back: the day cannot be changed).
    await h.db.execute(sql`UPDATE company_links SET valid_to = current_date WHERE company_id = ${sub}::uuid AND current`);
    await runDaily(h.app.platform);
    const [link] = await h.db.select().from(companyLinks).where(eq(companyLinks.companyId, sub));
    expect(link).toMatchObject({ current: false });
    expect((await totals(admin, parent)).contacts).toBe(0);
    await expectNoDrift(h);
  });
});

describe("the integrated view", () => {
  let root: string;
  let se: string;
  let no: string;
  let noBranch: string;

  beforeAll(async () => {
    root = await createCompany(admin, "Integrated Group AG", { country: "DE" });
    se = await createCompany(admin, "Integrated Sverige AB", { country: "SE" });
    no = await createCompany(admin, "Integrated Norge AS", { country: "NO" });
    noBranch = await createCompany(admin, "Integrated Bergen", { country: "NO" });
    await setParent(admin, se, root, { share: 100 });
    await setParent(admin, no, root, { share: 51, relation: "joint_venture" });
    await setParent(admin, noBranch, no, { relation: "branch" });
    const boss = await createContact(admin, root, "Boss", { function: "executive" });
    await createContact(admin, root, "Controller", { function: "finance", reportsToId: boss });
    await createContact(admin, se, "Svensson", { function: "it" });
    await createContact(admin, noBranch, "Hansen", { function: "it" });
    await createContact(admin, noBranch, "Olsen");
  });

  it("rolls the contacts up over every level", async () => {
    const response = await admin("GET", `/api/companies/${root}/group/figures`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      companyId: root,
      companies: 4,
      figures: expect.arrayContaining([expect.objectContaining({ key: "contacts", kind: "count", own: 2, total: 5 })]),
    });
    expect((await totals(admin, no)).contacts).toBe(2);
    expect((await totals(admin, noBranch)).contacts).toBe(2);
    await expectNoDrift(h);
  });

  it("answers the tree helpers other modules use", async () => {
    expect(await groupRootOf(h.db, noBranch)).toBe(root);
    expect(await groupRootOf(h.db, root)).toBe(root);
    expect((await groupCompanyIds(h.db, se)).sort()).toEqual([root, se, no, noBranch].sort());
    expect((await groupCompanyIds(h.db, root))[0]).toBe(root);
    expect(await subtreeIds(h.db, no)).toEqual([no, noBranch]);
  });

  it("follows contacts as they are created, moved and deleted, and subsidiaries as they move", async () => {
    const person = await createContact(admin, se, "Mover");
    expect((await totals(admin, root)).contacts).toBe(6);
    const moved = await admin("PATCH", `/api/contacts/${person}`, { companyId: noBranch }, { "if-match": '"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await totals(admin, se)).contacts).toBe(1);
    expect((await totals(admin, no)).contacts).toBe(3);
    expect((await admin("DELETE", `/api/contacts/${person}`)).statusCode).toBe(204);
    expect((await totals(admin, no)).contacts).toBe(2);

    // Re-parenting moves the branch's figures from Norway to Sweden.
    await setParent(admin, noBranch, se, { relation: "branch" });
    expect((await totals(admin, se)).contacts).toBe(3);
    expect((await totals(admin, no)).contacts).toBe(0);
    expect((await totals(admin, root)).contacts).toBe(5);
    await setParent(admin, noBranch, no, { relation: "branch" });
    await expectNoDrift(h);
  });

  it("gives the structure: nodes with figures, edges with relation and share", async () => {
    const response = await admin("GET", `/api/companies/${noBranch}/group`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.rootId).toBe(root);
    expect(body.truncated).toBe(false);
    // Every registered figure, contacts first (other modules add theirs).
    expect(body.figureDefinitions[0]).toEqual({ key: "contacts", kind: "count" });
    expect(body.nodes.map((node: { name: string; depth: number }) => [node.name, node.depth])).toEqual([
      ["Integrated Group AG", 0],
      ["Integrated Norge AS", 1],
      ["Integrated Sverige AB", 1],
      ["Integrated Bergen", 2],
    ]);
    const bergen = body.nodes.find((node: { id: string }) => node.id === noBranch);
    expect(bergen).toMatchObject({
      country: "NO",
      parentId: no,
      stage: "lead",
      figures: expect.arrayContaining([{ key: "contacts", kind: "count", own: 2, total: 2 }]),
    });
    expect(body.edges).toEqual(
      expect.arrayContaining([
        { source: root, target: se, relation: "subsidiary", share: 100, indirect: false },
        { source: root, target: no, relation: "joint_venture", share: 51, indirect: false },
        { source: no, target: noBranch, relation: "branch", share: null, indirect: false },
      ]),
    );
    expect(body.edges).toHaveLength(3);
  });

  it("groups the figures by country, ownership, function and reporting line", async () => {
    const by = async (dimension: string) => {
      const response = await admin("GET", `/api/companies/${root}/group/by/${dimension}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const country = await by("country");
    expect(country.unit).toBe("company");
    expect(
      country.buckets.map((b: { key: string; members: number; values: { contacts: number } }) => [b.key, b.members, b.values.contacts]),
    ).toEqual([
      ["NO", 2, 2],
      ["DE", 1, 2],
      ["SE", 1, 1],
    ]);
    const ownership = await by("ownership");
    expect(
      ownership.buckets.map((b: { key: string; relation: string | null; shareBand: string | null; members: number }) => [
        b.key,
        b.relation,
        b.shareBand,
        b.members,
      ]),
    ).toEqual([
      ["branch/unknown", "branch", "unknown", 1],
      ["joint_venture/majority", "joint_venture", "majority", 1],
      ["root", null, null, 1],
      ["subsidiary/full", "subsidiary", "full", 1],
    ]);
    const fn = await by("function");
    expect(fn.unit).toBe("contact");
    expect(fn.buckets.map((b: { key: string | null; members: number }) => [b.key, b.members])).toEqual([
      ["it", 2],
      ["executive", 1],
      ["finance", 1],
      [null, 1],
    ]);
    const lines = await by("reportingLine");
    const boss = lines.buckets.find((b: { label: string }) => b.label === "Boss");
    expect(boss).toMatchObject({ members: 2, values: { contacts: 2 } });
    expect(lines.buckets.reduce((sum: number, b: { members: number }) => sum + b.members, 0)).toBe(5);
    const lob = await by("lineOfBusiness");
    expect(lob.buckets).toEqual([expect.objectContaining({ key: null, members: 4, values: expect.objectContaining({ contacts: 5 }) })]);
    // Values set behind the app's back (the value lists are another screen's concern).
    await h.db.execute(
      sql`UPDATE companies SET line_of_business = 'paint', client_unit = 'nordics' WHERE id IN (${no}::uuid, ${noBranch}::uuid)`,
    );
    await h.db.execute(sql`UPDATE companies SET line_of_business = 'steel' WHERE id = ${se}::uuid`);
    expect(
      (await by("lineOfBusiness")).buckets.map((b: { key: string | null; members: number; values: { contacts: number } }) => [
        b.key,
        b.members,
        b.values.contacts,
      ]),
    ).toEqual([
      ["paint", 2, 2],
      ["steel", 1, 1],
      [null, 1, 2],
    ]);
    expect((await by("clientUnit")).buckets.map((b: { key: string | null; members: number }) => [b.key, b.members])).toEqual([
      ["nordics", 2],
      [null, 2],
    ]);
  });
});

describe("merging and deleting companies of a group", () => {
  it("moves the merged-away company's subsidiaries and figures to the company it merges into", async () => {
    const top = await createCompany(admin, "Merge Top");
    const source = await createCompany(admin, "Merge Source");
    const target = await createCompany(admin, "Merge Target");
    const kid = await createCompany(admin, "Merge Kid");
    await setParent(admin, source, top);
    await setParent(admin, kid, source);
    await createContact(admin, source, "Source Person");
    await createContact(admin, kid, "Kid Person");
    await createContact(admin, target, "Target Person");
    const merged = await admin("POST", `/api/companies/${target}/merge`, { sourceId: source }, { "if-match": '"1"' });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await totals(admin, top)).contacts).toBe(0);
    expect((await totals(admin, target)).contacts).toBe(3);
    const structure = (await admin("GET", `/api/companies/${kid}/group`)).json();
    expect(structure.rootId).toBe(target);
    expect(structure.edges).toEqual([expect.objectContaining({ source: target, target: kid })]);
    await expectNoDrift(h);
  });

  it("lets a company inside the merged-away company's subtree take its place", async () => {
    const top = await createCompany(admin, "Inside Top");
    const source = await createCompany(admin, "Inside Source");
    const middle = await createCompany(admin, "Inside Middle");
    const target = await createCompany(admin, "Inside Target");
    await setParent(admin, source, top, { share: 80 });
    await setParent(admin, middle, source);
    await setParent(admin, target, middle);
    await createContact(admin, source, "Inside Person");
    await createContact(admin, middle, "Middle Person");
    const merged = await admin("POST", `/api/companies/${target}/merge`, { sourceId: source }, { "if-match": '"1"' });
    expect(merged.statusCode, merged.body).toBe(200);
    const structure = (await admin("GET", `/api/companies/${top}/group`)).json();
    expect(structure.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: top, target, share: 80 }),
        expect.objectContaining({ source: target, target: middle }),
      ]),
    );
    expect((await totals(admin, top)).contacts).toBe(2);
    await expectNoDrift(h);
  });

  it("refuses to delete a company that heads subsidiaries (409), and deletes a member, taking its figures out", async () => {
    const top = await createCompany(admin, "Delete Top");
    const leaf = await createCompany(admin, "Delete Leaf");
    await setParent(admin, leaf, top);
    await refused(() => admin("DELETE", `/api/companies/${top}`), 409);
    expect((await admin("DELETE", `/api/companies/${leaf}`)).statusCode).toBe(204);
    expect(await h.db.select().from(companyLinks).where(eq(companyLinks.companyId, leaf))).toEqual([]);
    expect((await admin("GET", `/api/companies/${top}/group`)).json().nodes).toHaveLength(1);
    await expectNoDrift(h);
  });
});

describe("relata doctor", () => {
  it("reports zero drift, and names the company and figure when a contact is written behind the app's back", async () => {
    const clean = await runDoctor(h.database.ownerUrl, h.database.appUrl, [groupDoctorChecks]);
    expect(clean.checks.map((check) => check.text)).toEqual(
      expect.arrayContaining([
        "group tree (company_tree) matches the current links",
        'figure "contacts" equals a recount from its source rows',
        "group rollups equal the own figures summed over the tree",
      ]),
    );
    expect(clean.ok, JSON.stringify(clean.checks)).toBe(true);

    const company = await createCompany(admin, "Drifting Company");
    const [person] = await h.db.insert(contacts).values({ companyId: company, lastName: "Behind" }).returning({ id: contacts.id });
    const drifted = await runDoctor(h.database.ownerUrl, h.database.appUrl, [groupDoctorChecks]);
    expect(drifted.ok).toBe(false);
    expect(drifted.checks.find((check) => !check.ok)).toMatchObject({
      text: 'figure "contacts" equals a recount from its source rows',
      details: [`company ${company} contacts: stored 0, expected 1`],
    });
    await h.db.delete(contacts).where(eq(contacts.id, person!.id));

    // A closure row that no link explains, and a rollup off by one.
    const [a, b] = [await createCompany(admin, "Stray A"), await createCompany(admin, "Stray B")];
    await h.db.execute(sql`INSERT INTO company_tree (ancestor_id, descendant_id, depth) VALUES (${a}::uuid, ${b}::uuid, 1)`);
    await h.db.execute(sql`INSERT INTO company_rollups (company_id, key, value) VALUES (${a}::uuid, 'contacts', 1)`);
    const findings = await groupDrift(h.db);
    expect(findings).toEqual(expect.arrayContaining([`extra ${a} → ${b} at depth 1`, `company ${a} contacts: stored 1, expected 0`]));
    await h.db.execute(sql`DELETE FROM company_tree WHERE ancestor_id = ${a}::uuid`);
    await h.db.execute(sql`DELETE FROM company_rollups WHERE company_id = ${a}::uuid`);
    await expectNoDrift(h);
  });
});
