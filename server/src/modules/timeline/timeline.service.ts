/**
 * The timeline of a client: entries people write (interactions, events, actions, decisions,
 * notes) and entries the system writes (timeline.system.ts). An entry is visible to whoever may
 * read its company. Anyone who may read the company records what happened with it; its author
 * or whoever may update the company changes or removes it; nobody changes a system entry.
 */
import { randomUUID } from "node:crypto";
import {
  isInteractionKind,
  type CompanyTimelineQuery,
  type TimelineEntryCreate,
  type TimelineEntryPatch,
  type TimelineListQuery,
  type TimelineRelatedType,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import {
  AppError,
  Forbidden,
  NotFound,
  PreconditionFailed,
  PreconditionRequired,
  Validation,
  type FieldProblem,
} from "../../platform/errors";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { companyFor } from "../companies";
import { groupCompanyIds } from "../groups";
import { notify } from "../notifications";
import { createTask } from "../tasks";
import * as repo from "./timeline.repository";
import { mayChange, mentionedIn, presentEntry } from "./timeline.presenter";
import { mentionIdsIn, sanitizeRichText } from "./timeline.sanitize";
import { emitEntry } from "./timeline.events";

type Context = UnitOfWorkContext & { actor: UserActor };
type Executor = Platform["db"] | UnitOfWork["tx"];

// ───────────────────────────── what an entry may be about ─────────────────────────────

/** Whether `id` is a record of this type the actor may link an entry on `companyId` to. */
export type RelatedRecordCheck = (uow: UnitOfWork, actor: Actor, companyId: string, id: string) => Promise<boolean>;
const relatedChecks = new Map<TimelineRelatedType, RelatedRecordCheck>([
  ["company", async (uow, actor, _companyId, id) => (await repo.visibleAmong(uow.tx, actor, [id])).length === 1],
  ["contact", async (uow, actor, companyId, id) => (await repo.contactsAtCompany(uow.tx, actor, companyId, [id])).has(id)],
]);

/** Lets a later module (documents, opportunities…) make its records something an entry can be about. */
export function registerTimelineRelatedType(type: TimelineRelatedType, check: RelatedRecordCheck) {
  relatedChecks.set(type, check);
}

// ───────────────────────────── reading ─────────────────────────────

/** Presents rows with one query each for contacts, names and labels (never one per entry). */
export async function presentRows(db: Executor, actor: Actor, rows: repo.EntryView[]) {
  const ids = rows.map((row) => row.entry.id);
  const mentioned = [...new Set(rows.flatMap((row) => mentionedIn(row.entry.bodyHtml)))];
  const refs = rows.flatMap((row) =>
    row.entry.relatedType && row.entry.relatedId ? [{ type: row.entry.relatedType, id: row.entry.relatedId }] : [],
  );
  const context = {
    actor,
    contacts: await repo.contactsOfEntries(db, actor, ids),
    userNames: await repo.userNames(db, mentioned),
    relatedLabels: await repo.relatedLabels(db, actor, refs),
  };
  return rows.map((row) => presentEntry(row, context));
}

function listOptions(query: TimelineListQuery): Omit<repo.EntryListOptions, "companyIds" | "involving"> {
  const cursor = decodeCursor(query.cursor, 2, ([at, id]) => cursorValue.instant(at) && cursorValue.id(id));
  if (query["filter[from]"] && query["filter[to]"] && new Date(query["filter[from]"]) >= new Date(query["filter[to]"]))
    throw Validation([{ field: "filter[to]", message: "must be after filter[from]" }]);
  return {
    kinds: query["filter[kind]"],
    authorId: query["filter[authorId]"],
    contactId: query["filter[contactId]"],
    from: query["filter[from]"],
    to: query["filter[to]"],
    pinned: query["filter[pinned]"],
    q: query.q,
    after: cursor ? { occurredAt: cursor[0] as string, id: cursor[1] as string } : undefined,
    limit: query.limit,
  };
}

async function page(platform: Platform, actor: Actor, options: repo.EntryListOptions) {
  const rows = await repo.listEntries(platform.db, actor, options);
  const shown = rows.slice(0, options.limit);
  const presented = new Map((await presentRows(platform.db, actor, shown)).map((entry) => [entry.id, entry]));
  return toPage(
    rows,
    options.limit,
    (row) => presented.get(row.entry.id)!,
    (row) => [row.cursorAt, row.entry.id],
  );
}

/**
 * `GET /api/companies/:id/timeline`: the company's entries, or with `scope=group` those of every
 * company of its group the caller may read (each entry names its company). A hidden company is 404.
 */
export async function companyTimeline(platform: Platform, actor: Actor, companyId: string, query: CompanyTimelineQuery) {
  const options = listOptions(query);
  await companyFor(platform.db, actor, companyId);
  if (query.scope === "group") {
    const group = await groupCompanyIds(platform.db, companyId);
    // The root's topic hears of every entry in the group (its id is no secret: the group's structure shows it or its stand-in).
    return { ...(await page(platform, actor, { ...options, companyIds: group })), rootId: group[0] ?? companyId };
  }
  return { ...(await page(platform, actor, { ...options, companyIds: [companyId] })), rootId: null };
}

/** `GET /api/contacts/:id/timeline`: entries that involve the contact, of companies the caller may read. */
export async function contactTimeline(platform: Platform, actor: Actor, contactId: string, query: TimelineListQuery) {
  const options = listOptions(query);
  if (!(await repo.findVisibleContact(platform.db, actor, contactId))) throw NotFound("Contact");
  return { ...(await page(platform, actor, { ...options, involving: contactId })), rootId: null };
}

export async function getEntry(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findEntry(platform.db, actor, id);
  if (!row) throw NotFound("Timeline entry");
  return (await presentRows(platform.db, actor, [row]))[0]!;
}

// ───────────────────────────── the rules of a write ─────────────────────────────

type Fields = Omit<TimelineEntryCreate, "companyId">;
type Resolved = { kind: string; direction: string | null; durationMinutes: number | null };

/** Direction and duration belong to interactions; a kind changed to another clears them unless they are sent. */
function interactionFields(kind: string, input: Partial<Fields>, current?: Resolved): FieldProblem[] | Resolved {
  const interaction = isInteractionKind(kind);
  const direction = input.direction !== undefined ? input.direction : interaction ? (current?.direction ?? null) : null;
  const durationMinutes =
    input.durationMinutes !== undefined ? input.durationMinutes : interaction ? (current?.durationMinutes ?? null) : null;
  const problems: FieldProblem[] = [];
  if (!interaction && direction !== null)
    problems.push({ field: "direction", message: "only calls, meetings, visits, emails, SMS and chats have one" });
  if (!interaction && durationMinutes !== null)
    problems.push({ field: "durationMinutes", message: "only calls, meetings, visits, emails, SMS and chats have one" });
  return problems.length > 0 ? problems : { kind, direction, durationMinutes };
}

function occurredAt(value: string | undefined, fallback: Date): Date | FieldProblem {
  if (value === undefined) return fallback;
  const at = new Date(value);
  if (at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 2200) return { field: "occurredAt", message: "must be between 1900 and 2200" };
  return at;
}

async function checkContacts(uow: UnitOfWork, actor: Actor, companyId: string, ids: readonly string[]): Promise<FieldProblem[]> {
  const unique = [...new Set(ids)];
  const valid = await repo.contactsAtCompany(uow.tx, actor, companyId, unique);
  return ids.flatMap((id, index) => (valid.has(id) ? [] : [{ field: `contactIds[${index}]`, message: "no such contact at this company" }]));
}

async function checkRelated(uow: UnitOfWork, actor: Actor, companyId: string, related: { type: TimelineRelatedType; id: string }) {
  const check = relatedChecks.get(related.type);
  if (!check) return [{ field: "related.type", message: "entries cannot be about this kind of record yet" }];
  return (await check(uow, actor, companyId, related.id)) ? [] : [{ field: "related.id", message: `no such ${related.type} here` }];
}

type NextStep = { text: string; dueAt: Date | null; assigneeId: string };

async function checkNextStep(uow: UnitOfWork, actor: UserActor, input: NonNullable<Fields["nextStep"]>): Promise<NextStep | FieldProblem> {
  const assigneeId = input.assigneeId ?? actor.userId;
  if (!(await repo.findActiveUser(uow.tx, assigneeId))) return { field: "nextStep.assigneeId", message: "no such active user" };
  return { text: input.text, dueAt: input.dueAt ? new Date(input.dueAt) : null, assigneeId };
}

/** The follow-up task of a next step, related to the entry; its problems are said on the next step's fields. */
async function followUp(uow: UnitOfWork, entryId: string, companyId: string, step: NextStep) {
  const title = step.text.length > 200 ? `${step.text.slice(0, 199)}…` : step.text;
  try {
    return await createTask(uow, {
      title,
      description: step.text.length > 200 ? step.text : null,
      assigneeId: step.assigneeId,
      dueAt: step.dueAt,
      companyId,
      related: { type: "timeline_entry", id: entryId },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "validation")
      throw Validation((error.details ?? []).map((problem) => ({ field: `nextStep.${problem.field}`, message: problem.message })));
    throw error;
  }
}

function needsContent(kind: string, subject: string | null, text: string): FieldProblem[] {
  if (kind === "note") return text === "" ? [{ field: "body", message: "a note needs some text" }] : [];
  return subject === null && text === "" ? [{ field: "subject", message: "give a subject or some text" }] : [];
}

/** Tells newly mentioned colleagues, once each, with a link to the entry on the card. */
async function notifyMentions(
  uow: UnitOfWork,
  actor: UserActor,
  entry: { id: string; companyId: string; kind: string; subject: string | null; bodyText: string },
  companyName: string,
  userIds: readonly string[],
) {
  if (userIds.length === 0) return;
  const actorName = (await repo.userNames(uow.tx, [actor.userId])).get(actor.userId) ?? null;
  const excerpt = entry.bodyText.length > 120 ? `${entry.bodyText.slice(0, 119)}…` : entry.bodyText;
  await notify(uow, {
    userIds: [...userIds],
    kind: "mention",
    params: { actor: actorName, company: companyName, title: entry.subject ?? excerpt, entryKind: entry.kind },
    link: `/companies/${entry.companyId}?tab=timeline&entry=${entry.id}`,
    companyId: entry.companyId,
  });
}

// ───────────────────────────── writes ─────────────────────────────

export async function createEntry(platform: Platform, context: Context, input: TimelineEntryCreate) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    // A company in the body that the caller cannot see is not there (400 naming it, no existence oracle).
    const company = await companyFor(uow.tx, actor, input.companyId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === "not_found"
        ? Validation([{ field: "companyId", message: "no such company" }])
        : error;
    });
    const problems: FieldProblem[] = [];
    const interaction = interactionFields(input.kind, input);
    if (Array.isArray(interaction)) problems.push(...interaction);
    const at = occurredAt(input.occurredAt, new Date());
    if (!(at instanceof Date)) problems.push(at);
    const contactIds = [...new Set(input.contactIds ?? [])];
    problems.push(...(await checkContacts(uow, actor, company.id, input.contactIds ?? [])));
    if (input.related) problems.push(...(await checkRelated(uow, actor, company.id, input.related)));
    const step = input.nextStep ? await checkNextStep(uow, actor, input.nextStep) : null;
    if (step && !("text" in step)) problems.push(step);
    const names = await repo.mentionableUsers(uow.tx, mentionIdsIn(input.body ?? ""), []);
    const body = sanitizeRichText(input.body, names);
    const subject = input.subject ?? null;
    problems.push(...needsContent(input.kind, subject, body.text));
    if (problems.length > 0 || Array.isArray(interaction) || !(at instanceof Date)) throw Validation(problems);

    const id = randomUUID();
    const nextStep = step && "text" in step ? step : null;
    const task = nextStep ? await followUp(uow, id, company.id, nextStep) : null;
    const row = await repo.insertEntry(uow.tx, {
      id,
      companyId: company.id,
      kind: input.kind,
      authorId: actor.userId,
      occurredAt: at,
      direction: interaction.direction,
      durationMinutes: interaction.durationMinutes,
      subject,
      bodyHtml: body.html,
      bodyText: body.text,
      outcome: input.outcome ?? null,
      nextStep: nextStep?.text ?? null,
      nextStepDueAt: nextStep?.dueAt ?? null,
      nextStepAssigneeId: nextStep?.assigneeId ?? null,
      taskId: task?.id ?? null,
      relatedType: input.related?.type ?? null,
      relatedId: input.related?.id ?? null,
      mentionedIds: body.mentionIds,
      pinned: input.pinned ?? false,
    });
    await repo.setContacts(uow.tx, id, contactIds);
    await emitEntry(uow, "added", row, company, contactIds);
    const placed = await repo.companyPlacement(uow.tx, company.id);
    await notifyMentions(uow, actor, row, placed?.name ?? "", body.mentionIds);
    return (await presentRows(uow.tx, actor, [(await repo.findEntry(uow.tx, actor, id))!]))[0]!;
  });
}

/** Locks an entry the actor may change: hidden → 404; a system entry or someone else's without update on the company → 403. */
async function entryForChange(uow: UnitOfWork, actor: UserActor, id: string) {
  const row = await repo.lockEntry(uow.tx, actor, id);
  if (!row) throw NotFound("Timeline entry");
  if (row.entry.kind === "system") throw Forbidden("System entries cannot be changed");
  if (!mayChange(actor, row)) throw Forbidden("Only its author or someone who may change the company can change this entry");
  return row;
}

const sameStep = (current: repo.EntryRow, input: NonNullable<Fields["nextStep"]> | null) =>
  input === null
    ? current.nextStep === null
    : current.nextStep === input.text &&
      (current.nextStepDueAt?.getTime() ?? null) === (input.dueAt ? new Date(input.dueAt).getTime() : null) &&
      current.nextStepAssigneeId === (input.assigneeId ?? current.nextStepAssigneeId);

export async function changeEntry(platform: Platform, context: Context, id: string, version: number, input: TimelineEntryPatch) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { entry: current, access } = await entryForChange(uow, actor, id);
    if (current.version !== version) throw PreconditionFailed();
    const problems: FieldProblem[] = [];
    const kind = input.kind ?? current.kind;
    const interaction = interactionFields(kind, input, current);
    if (Array.isArray(interaction)) problems.push(...interaction);
    const at = occurredAt(input.occurredAt, current.occurredAt);
    if (!(at instanceof Date)) problems.push(at);
    if (input.contactIds) problems.push(...(await checkContacts(uow, actor, current.companyId, input.contactIds)));
    if (input.related) problems.push(...(await checkRelated(uow, actor, current.companyId, input.related)));
    let step: NextStep | null | undefined;
    if (input.nextStep !== undefined && !sameStep(current, input.nextStep)) {
      // The follow-up task lives on its own once made: it is changed (or done) in tasks.
      if (current.taskId) problems.push({ field: "nextStep", message: "has become a task already; change the task instead" });
      else if (input.nextStep === null) step = null;
      else {
        const checked = await checkNextStep(uow, actor, input.nextStep);
        if ("text" in checked) step = checked;
        else problems.push(checked);
      }
    }
    const body =
      input.body !== undefined
        ? sanitizeRichText(input.body, await repo.mentionableUsers(uow.tx, mentionIdsIn(input.body ?? ""), current.mentionedIds))
        : undefined;
    const subject = input.subject !== undefined ? input.subject : current.subject;
    problems.push(...needsContent(kind, subject, body ? body.text : current.bodyText));
    if (problems.length > 0 || Array.isArray(interaction) || !(at instanceof Date)) throw Validation(problems);

    const task = step ? await followUp(uow, id, current.companyId, step) : null;
    const newlyMentioned = body ? body.mentionIds.filter((userId) => !current.mentionedIds.includes(userId)) : [];
    const row = await repo.updateEntry(uow.tx, id, version, {
      kind,
      direction: interaction.direction,
      durationMinutes: interaction.durationMinutes,
      occurredAt: at,
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(body ? { bodyHtml: body.html, bodyText: body.text, mentionedIds: [...current.mentionedIds, ...newlyMentioned] } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.related !== undefined ? { relatedType: input.related?.type ?? null, relatedId: input.related?.id ?? null } : {}),
      ...(step !== undefined
        ? {
            nextStep: step?.text ?? null,
            nextStepDueAt: step?.dueAt ?? null,
            nextStepAssigneeId: step?.assigneeId ?? null,
            taskId: task?.id ?? null,
          }
        : {}),
      ...(input.pinned !== undefined ? { pinned: input.pinned } : {}),
    });
    if (!row) throw PreconditionFailed();
    const before = await repo.contactIdsOf(uow.tx, id);
    if (input.contactIds) await repo.setContacts(uow.tx, id, [...new Set(input.contactIds)]);
    await emitEntry(uow, "changed", row, access, [...new Set([...before, ...(input.contactIds ?? [])])]);
    const placed = await repo.companyPlacement(uow.tx, row.companyId);
    await notifyMentions(uow, actor, row, placed?.name ?? "", newlyMentioned);
    return (await presentRows(uow.tx, actor, [(await repo.findEntry(uow.tx, actor, id))!]))[0]!;
  });
}

/** Removes an entry (If-Match required, checked once the entry is known to be there and changeable). */
export async function removeEntry(platform: Platform, context: Context, id: string, version: number | undefined) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const { entry, access } = await entryForChange(uow, actor, id);
    if (version === undefined) throw PreconditionRequired();
    if (entry.version !== version) throw PreconditionFailed();
    const contactIds = await repo.contactIdsOf(uow.tx, id);
    await repo.deleteEntry(uow.tx, id);
    await emitEntry(uow, "removed", entry, access, contactIds);
  });
}
