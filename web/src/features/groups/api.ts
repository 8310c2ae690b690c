/** Group calls: one function per endpoint; query keys start with "groups". */
import { useState } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type {
  CompanyLink,
  CompanyLinks,
  CompanyParentPut,
  Contact,
  GroupByDimension,
  GroupDimension,
  GroupFigures,
  GroupStructure,
} from "@relata/contracts";
import { api } from "../../lib/api";
import type { ListPage } from "../../components/record-list";

const companyPath = (id: string) => `/api/companies/${encodeURIComponent(id)}`;
/** Changes of a company, its links and the figures of its subtree are announced on the company's topic. */
export const companyTopic = (id: string) => `company:${id}`;
const structureKey = (companyId: string) => ["groups", companyId, "structure"] as const;

/**
 * The whole group containing the company, for the structure charts. Every change of the group's
 * tree or figures reaches its root's topic (`rootId`, once known); names, countries and stages
 * of the other companies change on the companies list's.
 */
export const structureQuery = (companyId: string, rootId?: string | null) =>
  queryOptions({
    queryKey: structureKey(companyId),
    queryFn: ({ signal }) => api<GroupStructure>("GET", `${companyPath(companyId)}/group`, { signal }),
    meta: { topics: [companyTopic(companyId), ...(rootId && rootId !== companyId ? [companyTopic(rootId)] : []), "list:companies"] },
  });

/** The group structure, refreshed live on the company's topic and, once known, the group root's. */
export function useStructure(companyId: string) {
  const [rootId, setRootId] = useState<string | null>(null);
  const query = useQuery(structureQuery(companyId, rootId));
  const answeredRoot = query.data?.rootId ?? null;
  if (answeredRoot !== rootId) setRootId(answeredRoot);
  return query;
}

/** The integrated view: every figure rolled up over the company's subtree. */
export const figuresQuery = (companyId: string) =>
  queryOptions({
    queryKey: ["groups", companyId, "figures"] as const,
    queryFn: ({ signal }) => api<GroupFigures>("GET", `${companyPath(companyId)}/group/figures`, { signal }),
    meta: { topics: [companyTopic(companyId), "list:companies"] },
  });

/** The integrated view grouped by one dimension. */
export const byDimensionQuery = (companyId: string, dimension: GroupDimension) =>
  queryOptions({
    queryKey: ["groups", companyId, "by", dimension] as const,
    queryFn: ({ signal }) =>
      api<GroupByDimension>("GET", `${companyPath(companyId)}/group/by/${encodeURIComponent(dimension)}`, { signal }),
    meta: {
      topics: [
        companyTopic(companyId),
        "list:companies",
        ...(dimension === "function" || dimension === "reportingLine" ? ["list:contacts"] : []),
      ],
    },
  });

export const linksKey = (companyId: string) => ["groups", companyId, "links"] as const;

/** The company's parent links, current first, then newest first. */
export const linksQuery = (companyId: string) =>
  queryOptions({
    queryKey: linksKey(companyId),
    queryFn: ({ signal }) => api<CompanyLinks>("GET", `${companyPath(companyId)}/links`, { signal }).then((answer) => answer.items),
    meta: { topics: [companyTopic(companyId)] },
  });

/**
 * The version a change of the company's parent is based on (If-Match): the highest version of its
 * links, 0 while it has none.
 */
export function parentVersion(links: readonly Pick<CompanyLink, "version">[]): number {
  return links.reduce((highest, link) => Math.max(highest, link.version), 0);
}

/** Sets or moves the company's parent; `version`: `parentVersion` of its links as the user saw them. */
export function putParent(companyId: string, body: CompanyParentPut, version: number): Promise<{ link: CompanyLink }> {
  return api<{ link: CompanyLink }>("PUT", `${companyPath(companyId)}/parent`, { body, version });
}

/** Ends the company's current parent link today (kept as history); `version` as for `putParent`. */
export function endParent(companyId: string, version: number): Promise<void> {
  return api<void>("DELETE", `${companyPath(companyId)}/parent`, { version });
}

/** Companies matching `q`, for the parent picker. */
export function searchCompanies(q: string): Promise<{ id: string; name: string; country: string | null }[]> {
  return api<ListPage<{ id: string; name: string; country: string | null }>>("GET", "/api/companies", {
    query: { q: q.trim() || undefined, limit: 20, sort: "name" },
  }).then((page) => page.items);
}

export function companyName(id: string): Promise<{ id: string; name: string }> {
  return api<{ id: string; name: string }>("GET", companyPath(id));
}

export type PersonWithFunction = Pick<Contact, "id" | "fullName" | "companyId" | "function" | "title">;

/** How many companies' contacts the function chart reads (one request each). */
export const functionChartCompanyLimit = 60;

/**
 * The contacts with a function at each of the companies (primary company), for the chart by
 * function and the drill-down of the view by function: one list request per company, four at a time.
 */
export const peopleByFunctionQuery = (companyIds: readonly string[]) =>
  queryOptions({
    queryKey: ["groups", "functions", [...companyIds].sort().join(",")] as const,
    queryFn: async ({ signal }) => {
      const people: PersonWithFunction[] = [];
      const queue = companyIds.slice(0, functionChartCompanyLimit);
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          let cursor: string | undefined;
          // At most five pages (1,000 people) per company: enough to place a company under its functions.
          for (let page = 0; page < 5; page++) {
            const answer: ListPage<Contact> = await api<ListPage<Contact>>("GET", "/api/contacts", {
              query: { "filter[companyId]": id, limit: 200, cursor },
              signal,
            });
            for (const contact of answer.items as Contact[])
              if (contact.companyId === id && contact.function)
                people.push({
                  id: contact.id,
                  fullName: contact.fullName,
                  companyId: contact.companyId,
                  function: contact.function,
                  title: contact.title,
                });
            if (!answer.nextCursor) break;
            cursor = answer.nextCursor;
          }
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      return people;
    },
    staleTime: 30_000,
    meta: { topics: ["list:contacts"] },
  });
