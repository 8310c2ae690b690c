/** The log / edit form of an entry: its state, the bodies it sends, and where the server's problems go. Pure (unit-tested). */
import type { TimelineEntry, TimelineEntryCreate, TimelineEntryPatch, TimelineWritableKind } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { interactionFields } from "./timeline";

export type EntryForm = {
  kind: TimelineWritableKind;
  occurredAt: string;
  direction: "in" | "out" | null;
  durationMinutes: number | null;
  contactIds: string[];
  subject: string;
  /** The editor's HTML; `bodyEmpty` says whether it holds any text. */
  body: string;
  bodyEmpty: boolean;
  /** Whether the user edited the text (the editor's HTML of unchanged text may differ from the stored one). */
  bodyChanged: boolean;
  outcome: string;
  /** A follow-up to make into a task (only while the entry has none). */
  withNextStep: boolean;
  nextStepText: string;
  nextStepDueAt: string | null;
  nextStepAssigneeId: string | null;
};

/** A new entry: now, with the given contacts; a next step is for the writer unless changed. */
export function newEntryForm(kind: TimelineWritableKind, now: Date, meId: string, contactIds: string[] = []): EntryForm {
  return {
    kind,
    occurredAt: now.toISOString(),
    direction: kind === "call" || kind === "email" ? "out" : null,
    durationMinutes: null,
    contactIds,
    subject: "",
    body: "",
    bodyEmpty: true,
    bodyChanged: false,
    outcome: "",
    withNextStep: false,
    nextStepText: "",
    nextStepDueAt: null,
    nextStepAssigneeId: meId,
  };
}

export function entryForm(entry: TimelineEntry, meId: string): EntryForm {
  return {
    kind: entry.kind === "system" ? "note" : entry.kind,
    occurredAt: entry.occurredAt,
    direction: entry.direction,
    durationMinutes: entry.durationMinutes,
    contactIds: entry.contacts.map((contact) => contact.id),
    subject: entry.subject ?? "",
    body: entry.bodyHtml ?? "",
    bodyEmpty: !entry.bodyHtml,
    bodyChanged: false,
    outcome: entry.outcome ?? "",
    withNextStep: entry.nextStep !== null,
    nextStepText: entry.nextStep?.text ?? "",
    nextStepDueAt: entry.nextStep?.dueAt ?? null,
    nextStepAssigneeId: entry.nextStep?.assigneeId ?? meId,
  };
}

/** Problems found before sending, as i18n keys by field. */
export function formProblems(form: EntryForm): Record<string, string | undefined> {
  return {
    subject:
      form.kind !== "note" && form.subject.trim() === "" && form.bodyEmpty
        ? "form.subjectOrText"
        : form.subject.length > 300
          ? "form.tooLong"
          : undefined,
    body: form.kind === "note" && form.bodyEmpty ? "form.noteNeedsText" : undefined,
    nextStepText: form.withNextStep && form.nextStepText.trim() === "" ? "form.nextStepNeedsText" : undefined,
    nextStepAssigneeId: form.withNextStep && !form.nextStepAssigneeId ? "form.nextStepNeedsAssignee" : undefined,
    durationMinutes:
      form.durationMinutes !== null && (form.durationMinutes < 0 || form.durationMinutes > 1440) ? "form.durationRange" : undefined,
  };
}

const optional = (text: string) => (text.trim() === "" ? null : text.trim());

function fields(form: EntryForm) {
  return {
    kind: form.kind,
    occurredAt: form.occurredAt,
    ...interactionFields(form.kind, form.direction, form.durationMinutes),
    contactIds: form.contactIds,
    subject: optional(form.subject),
    body: form.bodyEmpty ? null : form.body,
    outcome: optional(form.outcome),
  };
}

const nextStepOf = (form: EntryForm) =>
  form.withNextStep
    ? {
        text: form.nextStepText.trim(),
        dueAt: form.nextStepDueAt,
        ...(form.nextStepAssigneeId ? { assigneeId: form.nextStepAssigneeId } : {}),
      }
    : null;

export function createBody(form: EntryForm, companyId: string): TimelineEntryCreate {
  return { companyId, ...fields(form), nextStep: nextStepOf(form) };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * An edit sends only what the user changed since the form opened (`initial`), so a save after a
 * 412 does not undo what someone else changed meanwhile; the next step only while it is not a
 * task yet (a task is changed in tasks). Kind, direction and duration go together.
 */
export function patchBody(form: EntryForm, entry: TimelineEntry, initial: EntryForm = entryForm(entry, "")): TimelineEntryPatch {
  const now = fields(form);
  const before = fields(initial);
  const body: TimelineEntryPatch = {};
  if (now.kind !== before.kind || now.direction !== before.direction || now.durationMinutes !== before.durationMinutes)
    Object.assign(body, { kind: now.kind, direction: now.direction, durationMinutes: now.durationMinutes });
  if (now.occurredAt !== before.occurredAt) body.occurredAt = now.occurredAt;
  if (!sameList(now.contactIds, before.contactIds)) body.contactIds = now.contactIds;
  if (now.subject !== before.subject) body.subject = now.subject;
  if (form.bodyChanged) body.body = now.body;
  if (now.outcome !== before.outcome) body.outcome = now.outcome;
  if (!entry.nextStep?.taskId) {
    const step = nextStepOf(form);
    if (JSON.stringify(step) !== JSON.stringify(nextStepOf(initial))) body.nextStep = step;
  }
  return body;
}

/** The server's problems with the input, by the form's fields (messages as the server says them). */
export function serverProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const detail of error.details) {
    const field = detail.field.startsWith("contactIds")
      ? "contactIds"
      : detail.field.startsWith("nextStep.")
        ? `nextStep${detail.field.charAt("nextStep.".length).toUpperCase()}${detail.field.slice("nextStep.".length + 1)}`
        : detail.field === "nextStep"
          ? "nextStepText"
          : detail.field.startsWith("related")
            ? "related"
            : detail.field;
    out[field] = out[field] ? `${out[field]} · ${detail.message}` : detail.message;
  }
  return out;
}

/** Fields the form shows (problems of others, like the company, are said above them). */
export const formFields = new Set([
  "kind",
  "occurredAt",
  "direction",
  "durationMinutes",
  "contactIds",
  "subject",
  "body",
  "outcome",
  "nextStepText",
  "nextStepDueAt",
  "nextStepAssigneeId",
]);
