import { z } from "zod";
import { booleanFilter, id, isoDateTime, listQuery, optionalText } from "./common";

/**
 * The timeline of a client (corporate memory): interactions logged by hand, events, actions,
 * decisions, notes, and entries the system writes itself (stage, grade and owner changes,
 * documents added).
 */
export const timelineKinds = ["call", "meeting", "visit", "email", "sms", "chat", "event", "action", "decision", "note", "system"] as const;
export type TimelineKind = (typeof timelineKinds)[number];
/** Kinds people write (system entries are written by the server only). */
export const timelineWritableKinds = ["call", "meeting", "visit", "email", "sms", "chat", "event", "action", "decision", "note"] as const;
export type TimelineWritableKind = (typeof timelineWritableKinds)[number];
/** Interactions with the client: these carry a direction and a duration. */
export const timelineInteractionKinds = ["call", "meeting", "visit", "email", "sms", "chat"] as const;
export type TimelineInteractionKind = (typeof timelineInteractionKinds)[number];
export const isInteractionKind = (kind: string): kind is TimelineInteractionKind =>
  (timelineInteractionKinds as readonly string[]).includes(kind);

export const timelineDirections = ["in", "out"] as const;
export type TimelineDirection = (typeof timelineDirections)[number];

/** What an entry is about: a company, a contact or a document now; opportunities, contracts and issues later. */
export const timelineRelatedTypes = ["company", "contact", "document", "opportunity", "contract", "issue"] as const;
export type TimelineRelatedType = (typeof timelineRelatedTypes)[number];

/** What a system entry records (the web says it in the reader's language from `systemKind` and `systemData`). */
export const timelineSystemKinds = ["stage_changed", "grade_changed", "owner_changed", "document_added", "document_revised"] as const;
export type TimelineSystemKind = (typeof timelineSystemKinds)[number];

export const timelineLimits = {
  subjectMax: 300,
  /** Rich text as sent by the editor (sanitized and stored by the server). */
  bodyHtmlMax: 100_000,
  outcomeMax: 2_000,
  nextStepMax: 500,
  contactsMax: 50,
  durationMaxMinutes: 24 * 60,
} as const;

const relatedRef = z.object({ type: z.enum(timelineRelatedTypes), id }).strict();

/** A follow-up: becomes a task for the assignee (the signed-in user when left out), related to the entry. */
export const timelineNextStepInput = z
  .object({
    text: z
      .string()
      .trim()
      .min(1)
      .max(timelineLimits.nextStepMax)
      .regex(/^[^\u0000]*$/, "must not contain NUL characters"),
    dueAt: isoDateTime.nullable().optional(),
    assigneeId: id.optional(),
  })
  .strict();
export type TimelineNextStepInput = z.output<typeof timelineNextStepInput>;

const entryFields = {
  kind: z.enum(timelineWritableKinds),
  /** When it happened (default: now). */
  occurredAt: isoDateTime.optional(),
  /** Interactions only: inbound (the client reached us) or outbound. */
  direction: z.enum(timelineDirections).nullable().optional(),
  /** Interactions only, in minutes. */
  durationMinutes: z.number().int().min(0).max(timelineLimits.durationMaxMinutes).nullable().optional(),
  /** The contacts involved: each must belong to the company or hold a role there. */
  contactIds: z.array(id).max(timelineLimits.contactsMax).optional(),
  subject: optionalText(timelineLimits.subjectMax),
  /** Rich text (HTML). The server keeps only an allowlist of tags and attributes. */
  body: z.string().max(timelineLimits.bodyHtmlMax).nullable().optional(),
  outcome: optionalText(timelineLimits.outcomeMax),
  related: relatedRef.nullable().optional(),
  nextStep: timelineNextStepInput.nullable().optional(),
  pinned: z.boolean().optional(),
};

/** `POST /api/timeline`: an entry on a company the caller may read. */
export const timelineEntryCreate = z.object({ companyId: id, ...entryFields }).strict();
export type TimelineEntryCreate = z.output<typeof timelineEntryCreate>;

/** `PATCH /api/timeline/:id` (If-Match): any field but the company. */
export const timelineEntryPatch = z.object({ ...entryFields, kind: entryFields.kind.optional() }).strict();
export type TimelineEntryPatch = z.output<typeof timelineEntryPatch>;

/** A comma-separated list of kinds (`filter[kind]=call,meeting`). */
const kindList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const parts = [...new Set(value.split(",").filter(Boolean))];
    for (const part of parts)
      if (!(timelineKinds as readonly string[]).includes(part)) {
        ctx.addIssue({ code: "custom", message: `must be one or more of ${timelineKinds.join(", ")}` });
        return z.NEVER;
      }
    return parts as TimelineKind[];
  })
  .optional();

/** Newest first, keyset-paged; `q` searches subject, text and outcome. */
export const timelineListQuery = listQuery
  .omit({ withTotal: true })
  .extend({
    "filter[kind]": kindList,
    "filter[authorId]": id.optional(),
    "filter[contactId]": id.optional(),
    /** Entries that happened at or after this instant. */
    "filter[from]": isoDateTime.optional(),
    /** Entries that happened before this instant. */
    "filter[to]": isoDateTime.optional(),
    "filter[pinned]": booleanFilter,
  })
  .strict();
export type TimelineListQuery = z.output<typeof timelineListQuery>;

/** The company's timeline, or (`scope=group`) the whole group's: every company of it the caller may read. */
export const companyTimelineQuery = timelineListQuery.extend({ scope: z.enum(["company", "group"]).default("company") }).strict();
export type CompanyTimelineQuery = z.output<typeof companyTimelineQuery>;

export const timelineEntryParams = z.object({ id }).strict();

export const timelineEntry = z.object({
  id,
  companyId: id,
  companyName: z.string(),
  kind: z.enum(timelineKinds),
  /** System entries only: what happened, and its facts (ids, from/to values, names). */
  systemKind: z.string().nullable(),
  systemData: z.record(z.string(), z.unknown()).nullable(),
  /** Who wrote it; null for entries the system made on its own (a nightly re-grade). */
  authorId: id.nullable(),
  authorName: z.string().nullable(),
  occurredAt: isoDateTime,
  direction: z.enum(timelineDirections).nullable(),
  durationMinutes: z.number().int().nullable(),
  subject: z.string().nullable(),
  /** Sanitized HTML: render this and nothing else. */
  bodyHtml: z.string().nullable(),
  /** The same text without markup. */
  bodyText: z.string(),
  outcome: z.string().nullable(),
  nextStep: z
    .object({
      text: z.string(),
      dueAt: isoDateTime.nullable(),
      assigneeId: id,
      assigneeName: z.string(),
      /** The follow-up task made from it. */
      taskId: id.nullable(),
    })
    .nullable(),
  related: z.object({ type: z.enum(timelineRelatedTypes), id, label: z.string().nullable() }).nullable(),
  contacts: z.array(z.object({ id, name: z.string() })),
  /** The colleagues @mentioned in the body. */
  mentions: z.array(z.object({ id, name: z.string() })),
  pinned: z.boolean(),
  /** Whether the caller may edit, pin or delete it (its author, or who may update the company; never a system entry). */
  canEdit: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelinePage = z.object({ items: z.array(timelineEntry), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof timelinePage>;
