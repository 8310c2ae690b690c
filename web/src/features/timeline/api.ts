/** Timeline calls: one function per endpoint; query keys start with "timeline". */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Contact, TimelineEntry, TimelineEntryCreate, TimelineEntryPatch, TimelinePage } from "@relata/contracts";
import { api } from "../../lib/api";
import type { TimelineFilters } from "./lib/filters";
import { filterQuery } from "./lib/filters";

export type TimelineAnswer = TimelinePage & { rootId: string | null };
/** Whose timeline: a company's (or its whole group's), or a contact's. */
export type TimelineSubject = { kind: "company"; id: string; scope: "company" | "group" } | { kind: "contact"; id: string };

const pageSize = 30;
export const timelineKey = ["timeline"] as const;

const pathOf = (subject: TimelineSubject) =>
  subject.kind === "company"
    ? `/api/companies/${encodeURIComponent(subject.id)}/timeline`
    : `/api/contacts/${encodeURIComponent(subject.id)}/timeline`;

/**
 * Entries change on the company's topic (and the group root's, which the group answer names), and
 * on the topics of the contacts they involve.
 */
export function topicsOf(subject: TimelineSubject, rootId: string | null | undefined): string[] {
  if (subject.kind === "contact") return [`contact:${subject.id}`];
  return rootId && rootId !== subject.id ? [`company:${subject.id}`, `company:${rootId}`] : [`company:${subject.id}`];
}

/** The timeline, newest first, a page at a time. */
export const timelineQuery = (subject: TimelineSubject, filters: TimelineFilters, timeZone: string, rootId?: string | null) =>
  infiniteQueryOptions({
    queryKey: [...timelineKey, subject, filters, timeZone],
    queryFn: ({ pageParam, signal }) =>
      api<TimelineAnswer>("GET", pathOf(subject), {
        query: {
          ...filterQuery(filters, timeZone),
          ...(subject.kind === "company" && subject.scope === "group" ? { scope: "group" } : {}),
          limit: pageSize,
          cursor: pageParam ?? undefined,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    meta: { topics: topicsOf(subject, rootId) },
  });

/** The pinned entries shown on top of the card. */
export const pinnedQuery = (subject: TimelineSubject, rootId?: string | null) =>
  queryOptions({
    queryKey: [...timelineKey, subject, "pinned"],
    queryFn: ({ signal }) =>
      api<TimelineAnswer>("GET", pathOf(subject), {
        query: {
          "filter[pinned]": "true",
          limit: 20,
          ...(subject.kind === "company" && subject.scope === "group" ? { scope: "group" } : {}),
        },
        signal,
      }).then((page) => page.items),
    meta: { topics: topicsOf(subject, rootId) },
  });

/** One entry (a link from a notification may name one that is not on the pages loaded). */
export const entryQuery = (id: string) =>
  queryOptions({
    queryKey: [...timelineKey, "entry", id],
    queryFn: ({ signal }) => api<TimelineEntry>("GET", `/api/timeline/${encodeURIComponent(id)}`, { signal }),
    meta: { topics: [] },
  });

export function createEntry(body: TimelineEntryCreate, idempotencyKey?: string) {
  return api<TimelineEntry>("POST", "/api/timeline", { body, idempotencyKey });
}

export function patchEntry(id: string, version: number, body: TimelineEntryPatch) {
  return api<TimelineEntry>("PATCH", `/api/timeline/${encodeURIComponent(id)}`, { body, version });
}

export function deleteEntry(id: string, version: number) {
  return api<void>("DELETE", `/api/timeline/${encodeURIComponent(id)}`, { version });
}

export type PersonOption = { id: string; name: string; title: string | null };

/** The people of a company (its contacts and those holding a role there) to pick for an entry, by name. */
export const companyPeopleQuery = (companyId: string, q: string) =>
  queryOptions({
    queryKey: ["contacts", "timeline-people", companyId, q],
    queryFn: ({ signal }) =>
      api<{ items: Contact[] }>("GET", "/api/contacts", {
        query: { "filter[companyId]": companyId, q: q.trim() || undefined, limit: 50, sort: "name" },
        signal,
      }).then((page) => page.items.map((contact): PersonOption => ({ id: contact.id, name: contact.fullName, title: contact.title }))),
    staleTime: 30_000,
    meta: { topics: [`company:${companyId}`] },
  });
