/** What the timeline screens compute from entries. Pure (unit-tested). */
import { isInteractionKind, type TimelineEntry, type TimelineWritableKind } from "@relata/contracts";
import { isoToLocalInput } from "../../../components/record-form/datetime";

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export const dayOf = (iso: string, timeZone: string) => isoToLocalInput(iso, timeZone).slice(0, 10);

export type DayGroup = { day: string; entries: TimelineEntry[] };

/** Entries (newest first) under one heading per day, in the user's time zone. */
export function dayGroups(entries: readonly TimelineEntry[], timeZone: string): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const entry of entries) {
    const day = dayOf(entry.occurredAt, timeZone);
    const last = groups.at(-1);
    if (last && last.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }
  return groups;
}

/** "today" / "yesterday" for those days (in `timeZone`), else null: the heading then shows the date. */
export function relativeDay(day: string, now: Date, timeZone: string): "today" | "yesterday" | null {
  const today = dayOf(now.toISOString(), timeZone);
  if (day === today) return "today";
  const yesterday = new Date(`${today}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  return day === yesterday.toISOString().slice(0, 10) ? "yesterday" : null;
}

/** Entries that are loaded more than once (a pinned one on a page, or a page overlapping after new entries) show once. */
export function uniqueEntries(pages: readonly { items: readonly TimelineEntry[] }[]): TimelineEntry[] {
  const seen = new Set<string>();
  const out: TimelineEntry[] = [];
  for (const page of pages)
    for (const entry of page.items)
      if (!seen.has(entry.id)) {
        seen.add(entry.id);
        out.push(entry);
      }
  return out;
}

/** A duration in whole hours and the minutes left. */
export function durationParts(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** The kinds a person logs, interactions first. */
export const loggableKinds: readonly TimelineWritableKind[] = [
  "call",
  "meeting",
  "visit",
  "email",
  "sms",
  "chat",
  "event",
  "action",
  "decision",
];

/** What the form sends for direction and duration: nothing for kinds that have none. */
export function interactionFields(kind: string, direction: "in" | "out" | null, durationMinutes: number | null) {
  return isInteractionKind(kind) ? { direction, durationMinutes } : { direction: null, durationMinutes: null };
}

export type Person = { id: string; name: string; email?: string; active?: boolean };

/** Colleagues for an @mention: active ones whose name or email holds what was typed (accents and case aside), best first. */
export function mentionCandidates(people: readonly Person[], query: string, limit = 8): Person[] {
  const fold = (text: string) =>
    text
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLocaleLowerCase();
  const needle = fold(query.trim());
  const active = people.filter((person) => person.active !== false);
  if (!needle) return active.slice(0, limit);
  const scored = active.flatMap((person) => {
    const name = fold(person.name);
    const email = fold(person.email ?? "");
    const score = name.startsWith(needle)
      ? 0
      : name.split(/\s+/).some((word) => word.startsWith(needle))
        ? 1
        : name.includes(needle) || email.includes(needle)
          ? 2
          : -1;
    return score < 0 ? [] : [{ person, score }];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name))
    .slice(0, limit)
    .map((item) => item.person);
}

/** The i18n key and values that say what a system entry records. */
export function systemMessage(entry: Pick<TimelineEntry, "systemKind" | "systemData">): { key: string; values: Record<string, string> } {
  const data = entry.systemData ?? {};
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  switch (entry.systemKind) {
    case "stage_changed":
      return { key: "system.stageChanged", values: { from: text("from"), to: text("to") } };
    case "grade_changed":
      return {
        key: text("from") && text("to") ? "system.gradeChanged" : text("to") ? "system.gradeSet" : "system.gradeCleared",
        values: { from: text("from"), to: text("to") },
      };
    case "owner_changed":
      return { key: "system.ownerChanged", values: { from: text("fromName"), to: text("toName") } };
    case "document_added":
      return { key: "system.documentAdded", values: { title: text("title") || text("name") } };
    case "document_revised":
      return { key: "system.documentRevised", values: { title: text("title") || text("name"), revision: String(data.revision ?? "") } };
    case "contract_item_fulfilled":
      return {
        key: "system.contractItemFulfilled",
        values: {
          number: text("number"),
          product: text("product"),
          quantity: text("quantity"),
          amount: text("amount"),
          currency: text("currency"),
        },
      };
    case "contract_status_changed":
      return { key: "system.contractStatusChanged", values: { number: text("number"), from: text("from"), to: text("to") } };
    case "payment_received":
      return {
        key: "system.paymentReceived",
        values: { amount: text("amount"), applied: text("applied"), currency: text("currency") },
      };
    default:
      return { key: "system.other", values: {} };
  }
}
