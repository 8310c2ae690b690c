/** The timeline's filters as the screen keeps them, and as the API takes them. Pure (unit-tested). */
import type { TimelineKind } from "@relata/contracts";
import { localInputToIso } from "../../../components/record-form/datetime";

export type TimelineFilters = {
  kinds: TimelineKind[];
  authorId: string | null;
  contactId: string | null;
  /** Calendar days (YYYY-MM-DD) in the user's time zone, both included. */
  from: string | null;
  to: string | null;
  q: string;
};

export const noFilters: TimelineFilters = { kinds: [], authorId: null, contactId: null, from: null, to: null, q: "" };

export const isFiltered = (filters: TimelineFilters) =>
  filters.kinds.length > 0 || !!filters.authorId || !!filters.contactId || !!filters.from || !!filters.to || filters.q.trim() !== "";

/** The day after a calendar day (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Query parameters: days become the instants where they begin and end in the user's time zone. */
export function filterQuery(filters: TimelineFilters, timeZone: string): Record<string, string | undefined> {
  return {
    "filter[kind]": filters.kinds.length > 0 ? filters.kinds.join(",") : undefined,
    "filter[authorId]": filters.authorId ?? undefined,
    "filter[contactId]": filters.contactId ?? undefined,
    "filter[from]": filters.from ? localInputToIso(`${filters.from}T00:00`, timeZone) : undefined,
    "filter[to]": filters.to ? localInputToIso(`${nextDay(filters.to)}T00:00`, timeZone) : undefined,
    q: filters.q.trim() || undefined,
  };
}
