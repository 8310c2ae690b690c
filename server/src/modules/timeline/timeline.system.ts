/**
 * Entries the system writes: projections of the companies module's stage, grade and owner
 * events (in the same transaction as the change), and `recordSystemEntry` for other modules
 * (documents added or revised). Also the timeline's part in merges of companies and contacts.
 */
import { sql } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import type { DomainEvent, UnitOfWork } from "../../platform/events/unit-of-work";
import { actorId, systemActor } from "../../platform/access/actor";
import { NotFound } from "../../platform/errors";
import { registerCompanyMergeStep, type CompanyMergeStep } from "../companies";
import * as repo from "./timeline.repository";
import { emitEntry } from "./timeline.events";

export type SystemEntryInput = {
  companyId: string;
  contactIds?: string[];
  systemKind: string;
  data: Record<string, unknown>;
  related?: { type: string; id: string } | null;
};

/**
 * Writes a system entry on a company's timeline, in the caller's unit of work (its author is the
 * acting user; none for work the system does on its own). Contacts that neither belong to the
 * company nor hold a role there are left out. Nobody can change or remove it afterwards.
 */
export async function recordSystemEntry(uow: UnitOfWork, input: SystemEntryInput): Promise<{ id: string }> {
  const company = await repo.companyPlacement(uow.tx, input.companyId);
  if (!company) throw NotFound("Company");
  const contactIds = input.contactIds?.length
    ? [...(await repo.contactsAtCompany(uow.tx, systemActor("timeline"), company.id, input.contactIds))]
    : [];
  const row = await repo.insertEntry(uow.tx, {
    companyId: company.id,
    kind: "system",
    systemKind: input.systemKind,
    systemData: input.data,
    authorId: actorId(uow.actor),
    // The transaction's time: every entry of one change carries the same instant.
    occurredAt: sql`now()`,
    relatedType: input.related?.type ?? null,
    relatedId: input.related?.id ?? null,
  });
  await repo.setContacts(uow.tx, row.id, contactIds);
  await emitEntry(uow, "added", row, company, contactIds);
  return { id: row.id };
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

async function stageChanged(event: DomainEvent, uow: UnitOfWork) {
  if (!event.recordId) return;
  await recordSystemEntry(uow, {
    companyId: event.recordId,
    systemKind: "stage_changed",
    data: { from: text(event.payload?.from), to: text(event.payload?.to) },
  });
}

async function gradeChanged(event: DomainEvent, uow: UnitOfWork) {
  if (!event.recordId) return;
  await recordSystemEntry(uow, {
    companyId: event.recordId,
    systemKind: "grade_changed",
    data: { from: text(event.payload?.from), to: text(event.payload?.to) },
  });
}

/** The names are kept as they were: the entry reads right after a user is renamed or leaves. */
async function ownerChanged(event: DomainEvent, uow: UnitOfWork) {
  if (!event.recordId) return;
  const from = text(event.payload?.from);
  const to = text(event.payload?.to);
  const names = await repo.userNames(
    uow.tx,
    [from, to].filter((id): id is string => id !== null),
  );
  await recordSystemEntry(uow, {
    companyId: event.recordId,
    systemKind: "owner_changed",
    data: { fromId: from, fromName: from ? (names.get(from) ?? null) : null, toId: to, toName: to ? (names.get(to) ?? null) : null },
  });
}

/** A merged-away contact's links move to the contact it merged into; a deleted one's go (the entries stay). */
async function contactRemoved(event: DomainEvent, uow: UnitOfWork) {
  if (!event.recordId) return;
  const into = text(event.payload?.mergedInto);
  if (into) await repo.moveContactLinks(uow.tx, event.recordId, into);
  else await repo.dropContactLinks(uow.tx, event.recordId);
}

const moveEntriesOnMerge: CompanyMergeStep = (uow, { sourceId, targetId }) => repo.moveCompanyEntries(uow.tx, sourceId, targetId);

export function registerTimelineHooks(platform: Platform) {
  platform.projections.on("company.stage_changed", stageChanged);
  platform.projections.on("company.grade_changed", gradeChanged);
  platform.projections.on("company.owner_changed", ownerChanged);
  platform.projections.on("contact.deleted", contactRemoved);
  registerCompanyMergeStep(moveEntriesOnMerge);
}
