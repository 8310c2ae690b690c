import type { TimelineDirection, TimelineEntry, TimelineKind, TimelineRelatedType } from "@relata/contracts";
import type { Actor } from "../../platform/access/actor";
import { canAccessRecord } from "../../platform/access/policy";
import type { EntryView } from "./timeline.repository";

/** What presenting a page needs besides its rows (one query each for the whole page). */
export type PresentContext = {
  actor: Actor;
  contacts: Map<string, { id: string; name: string }[]>;
  userNames: Map<string, string>;
  relatedLabels: Map<string, string>;
};

/** The users the mention spans of stored (sanitized) HTML name, in order, once each. */
export function mentionedIn(html: string | null): string[] {
  if (!html) return [];
  const ids = [...html.matchAll(/<span data-type="mention" data-id="([0-9a-f-]{36})">/g)].map((match) => match[1]!);
  return [...new Set(ids)];
}

/** May the actor edit, pin or delete this entry? Its author may, and whoever may update its company; no one a system entry. */
export function mayChange(actor: Actor, row: Pick<EntryView, "entry" | "access">): boolean {
  if (row.entry.kind === "system") return false;
  if (actor.kind === "system") return true;
  return row.entry.authorId === actor.userId || canAccessRecord(actor, "company", "update", row.access);
}

export function presentEntry(row: EntryView, context: PresentContext): TimelineEntry {
  const { entry } = row;
  const related = entry.relatedType && entry.relatedId ? { type: entry.relatedType, id: entry.relatedId } : null;
  return {
    id: entry.id,
    companyId: entry.companyId,
    companyName: row.companyName,
    kind: entry.kind as TimelineKind,
    systemKind: entry.systemKind,
    systemData: entry.systemData ?? null,
    authorId: entry.authorId,
    authorName: row.authorName,
    occurredAt: entry.occurredAt.toISOString(),
    direction: entry.direction as TimelineDirection | null,
    durationMinutes: entry.durationMinutes,
    subject: entry.subject,
    bodyHtml: entry.bodyHtml,
    bodyText: entry.bodyText,
    outcome: entry.outcome,
    nextStep:
      entry.nextStep !== null && entry.nextStepAssigneeId !== null
        ? {
            text: entry.nextStep,
            dueAt: entry.nextStepDueAt?.toISOString() ?? null,
            assigneeId: entry.nextStepAssigneeId,
            assigneeName: row.assigneeName ?? "",
            taskId: entry.taskId,
          }
        : null,
    related: related
      ? {
          type: related.type as TimelineRelatedType,
          id: related.id,
          label: context.relatedLabels.get(`${related.type}:${related.id}`) ?? null,
        }
      : null,
    contacts: context.contacts.get(entry.id) ?? [],
    mentions: mentionedIn(entry.bodyHtml).flatMap((id) => {
      const name = context.userNames.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    pinned: entry.pinned,
    canEdit: mayChange(context.actor, row),
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    version: entry.version,
  };
}
