/**
 * What the system writes on a timeline by itself: stage, grade and owner changes (in the same
 * transaction as the change, rolled back with it), entries other modules record through
 * `recordSystemEntry`; and the timeline's part in merges and removals of companies and contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { TimelineEntry } from "@relata/contracts";
import { contacts, timelineEntries, timelineEntryContacts } from "../../db/schema";
import { unitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { insertContact } from "../../../test/matrix-timeline";
import { recordSystemEntry } from "./index";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

const admin = () => f.actors.administrator.api;
const manager = () => f.actors.account_manager.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

async function systemEntries(companyId: string) {
  const response = await admin()("GET", `/api/companies/${companyId}/timeline?filter[kind]=system`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: TimelineEntry[] }).items;
}

async function versionOf(companyId: string) {
  return ((await admin()("GET", `/api/companies/${companyId}`)).json() as { version: number }).version;
}

describe("system entries on company changes", () => {
  it("records a stage change with from and to, by whoever made it", async () => {
    const company = await f.insertCompany("Stage AB", f.placement("account_manager", "own")!);
    const changed = await manager()("PATCH", `/api/companies/${company}`, { stage: "prospect" }, ifMatch(1));
    expect(changed.statusCode, changed.body).toBe(200);
    const [entry, ...others] = await systemEntries(company);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      kind: "system",
      systemKind: "stage_changed",
      systemData: { from: "lead", to: "prospect" },
      authorId: f.actors.account_manager.id,
      canEdit: false,
    });
  });

  it("records a grade set by hand (and its removal), but not a save that leaves the grade as it was", async () => {
    const company = await f.insertCompany("Grade AB", f.placement("account_manager", "own")!);
    expect((await manager()("PATCH", `/api/companies/${company}`, { gradeOverride: "A" }, ifMatch(1))).statusCode).toBe(200);
    expect((await manager()("PATCH", `/api/companies/${company}`, { description: "Same grade" }, ifMatch(2))).statusCode).toBe(200);
    expect((await manager()("PATCH", `/api/companies/${company}`, { gradeOverride: null }, ifMatch(3))).statusCode).toBe(200);
    const entries = await systemEntries(company);
    expect(entries.map((entry) => [entry.systemKind, entry.systemData])).toEqual([
      ["grade_changed", { from: "A", to: null }],
      ["grade_changed", { from: null, to: "A" }],
    ]);
  });

  it("records an owner change with both names, by hand and through a handover", async () => {
    const company = await f.insertCompany("Owner AB", f.placement("administrator", "own")!);
    const moved = await admin()("PATCH", `/api/companies/${company}`, { ownerId: f.owners.mate.id }, ifMatch(1));
    expect(moved.statusCode, moved.body).toBe(200);
    const heir = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], name: "Heir Apparent" });
    const handed = await admin()("POST", "/api/companies/handover", { fromUserId: f.owners.mate.id, toUserId: heir.id });
    expect(handed.statusCode, handed.body).toBe(200);
    const entries = await systemEntries(company);
    expect(entries.map((entry) => entry.systemData)).toEqual([
      { fromId: f.owners.mate.id, fromName: "Mate", toId: heir.id, toName: "Heir Apparent" },
      { fromId: f.actors.administrator.id, fromName: "The administrator", toId: f.owners.mate.id, toName: "Mate" },
    ]);
    expect(entries.every((entry) => entry.systemKind === "owner_changed")).toBe(true);
  });

  it("writes nothing when the change itself is refused", async () => {
    const company = await f.insertCompany("Refused AB", f.placement("account_manager", "own")!);
    expect((await manager()("PATCH", `/api/companies/${company}`, { stage: "customer" }, ifMatch(9))).statusCode).toBe(412);
    expect(await systemEntries(company)).toEqual([]);
  });
});

describe("recordSystemEntry (for other modules)", () => {
  it("writes an entry with the acting user, the company's contacts only, and what it is about", async () => {
    const company = await f.insertCompany("Documents AB", f.placement("account_manager", "own")!);
    const own = await insertContact(h, company, "Own");
    const elsewhere = await insertContact(h, await f.insertCompany("Else AB", f.placement("account_manager", "own")!), "Else");
    const documentId = "00000000-0000-4000-8000-0000000000d1";
    const { id } = await unitOfWork(h.app.platform.db, h.app.platform.projections, { actor: systemActor("test") }, (uow) =>
      recordSystemEntry(uow, {
        companyId: company,
        contactIds: [own, elsewhere],
        systemKind: "document_added",
        data: { title: "Proposal <b>2025</b>", revision: 1 },
        related: { type: "document", id: documentId },
      }),
    );
    const entry = (await admin()("GET", `/api/timeline/${id}`)).json() as TimelineEntry;
    expect(entry).toMatchObject({
      kind: "system",
      systemKind: "document_added",
      systemData: { title: "Proposal <b>2025</b>", revision: 1 },
      authorId: null,
      related: { type: "document", id: documentId, label: null },
      canEdit: false,
    });
    expect(entry.contacts.map((contact) => contact.id)).toEqual([own]);
  });

  it("refuses a company that does not exist", async () => {
    await expect(
      unitOfWork(h.app.platform.db, h.app.platform.projections, { actor: systemActor("test") }, (uow) =>
        recordSystemEntry(uow, { companyId: "00000000-0000-4000-8000-00000000000f", systemKind: "document_added", data: {} }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("merges and removals", () => {
  it("moves a merged-away company's entries (and entries about it) to the company it merged into", async () => {
    const target = await f.insertCompany("Kept AB", f.placement("administrator", "own")!);
    const source = await f.insertCompany("Merged AB", f.placement("administrator", "own")!);
    const person = await insertContact(h, source, "Moved");
    const onSource = await admin()("POST", "/api/timeline", {
      companyId: source,
      kind: "call",
      subject: "Before the merge",
      contactIds: [person],
    });
    const about = await admin()("POST", "/api/timeline", {
      companyId: target,
      kind: "note",
      body: "<p>About the other one</p>",
      related: { type: "company", id: source },
    });
    expect(onSource.statusCode, onSource.body).toBe(201);
    expect(about.statusCode, about.body).toBe(201);
    const merged = await admin()("POST", `/api/companies/${target}/merge`, { sourceId: source }, ifMatch(await versionOf(target)));
    expect(merged.statusCode, merged.body).toBe(200);
    const moved = (await admin()("GET", `/api/timeline/${onSource.json().id}`)).json() as TimelineEntry;
    expect(moved).toMatchObject({ companyId: target, companyName: "Kept AB", subject: "Before the merge" });
    expect(moved.contacts.map((contact) => contact.id)).toEqual([person]);
    expect(((await admin()("GET", `/api/timeline/${about.json().id}`)).json() as TimelineEntry).related).toEqual({
      type: "company",
      id: target,
      label: "Kept AB",
    });
  });

  it("moves a merged-away contact's entries to the contact it merged into, once per entry", async () => {
    const company = await f.insertCompany("People AB", f.placement("administrator", "own")!);
    const kept = await insertContact(h, company, "Kept");
    const gone = await insertContact(h, company, "Gone");
    const both = await admin()("POST", "/api/timeline", { companyId: company, kind: "meeting", subject: "Both", contactIds: [kept, gone] });
    const onlyGone = await admin()("POST", "/api/timeline", {
      companyId: company,
      kind: "call",
      subject: "Only the merged one",
      contactIds: [gone],
      related: { type: "contact", id: gone },
    });
    const merged = await admin()("POST", `/api/contacts/${kept}/merge`, { sourceId: gone });
    expect(merged.statusCode, merged.body).toBe(200);
    const links = await h.db.select().from(timelineEntryContacts).where(eq(timelineEntryContacts.contactId, kept));
    expect(links.map((link) => link.entryId).sort()).toEqual([both.json().id, onlyGone.json().id].sort());
    expect(await h.db.select().from(timelineEntryContacts).where(eq(timelineEntryContacts.contactId, gone))).toEqual([]);
    const contactTimeline = (await admin()("GET", `/api/contacts/${kept}/timeline`)).json() as { items: TimelineEntry[] };
    expect(contactTimeline.items.map((entry) => entry.subject).sort()).toEqual(["Both", "Only the merged one"]);
    expect(contactTimeline.items.find((entry) => entry.subject === "Only the merged one")?.related?.id).toBe(kept);
  });

  it("keeps the entries of a deleted contact, without the contact", async () => {
    const company = await f.insertCompany("Leaving AB", f.placement("administrator", "own")!);
    const leaving = await insertContact(h, company, "Leaving");
    const entry = await admin()("POST", "/api/timeline", {
      companyId: company,
      kind: "visit",
      subject: "Farewell visit",
      contactIds: [leaving],
    });
    expect((await admin()("DELETE", `/api/contacts/${leaving}`)).statusCode).toBe(204);
    expect(await h.db.select().from(contacts).where(eq(contacts.id, leaving))).toEqual([]);
    const kept = (await admin()("GET", `/api/timeline/${entry.json().id}`)).json() as TimelineEntry;
    expect(kept).toMatchObject({ subject: "Farewell visit", contacts: [] });
  });

  it("removes a deleted company's entries with it", async () => {
    const company = await f.insertCompany("Closing AB", f.placement("administrator", "own")!);
    const entry = await admin()("POST", "/api/timeline", { companyId: company, kind: "note", body: "<p>Last words</p>" });
    expect((await admin()("DELETE", `/api/companies/${company}`)).statusCode).toBe(204);
    expect(await h.db.select().from(timelineEntries).where(eq(timelineEntries.id, entry.json().id))).toEqual([]);
  });
});
