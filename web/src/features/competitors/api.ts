/**
 * Competitor contracts of a company and the expiries across every company the user may see: one
 * function per endpoint. A company's list listens to its live topic.
 */
import type { QueryClient } from "@tanstack/react-query";
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CompetitorContract, CompetitorContractCreate, CompetitorContractPatch } from "@relata/contracts";
import { api } from "../../lib/api";

export type UpcomingCompetitorContract = CompetitorContract & { companyName: string };
type UpcomingPage = { items: UpcomingCompetitorContract[]; nextCursor: string | null };

const companyPath = (id: string) => `/api/companies/${encodeURIComponent(id)}/competitor-contracts`;
const onePath = (companyId: string, id: string) => `${companyPath(companyId)}/${encodeURIComponent(id)}`;

export const competitorsKey = (companyId: string) => ["competitor-contracts", companyId] as const;
export const upcomingKey = ["competitor-contracts", "upcoming"] as const;

/** After a change made here: the company's list and the expiries page. */
export async function refreshCompetitors(queryClient: QueryClient, companyId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: competitorsKey(companyId) }),
    queryClient.invalidateQueries({ queryKey: upcomingKey }),
  ]);
}

export const competitorContractsQuery = (companyId: string) =>
  queryOptions({
    queryKey: [...competitorsKey(companyId), "list"] as const,
    queryFn: ({ signal }) => api<{ items: CompetitorContract[] }>("GET", companyPath(companyId), { signal }).then((a) => a.items),
    meta: { topics: [`company:${companyId}`] },
  });

export function createCompetitorContract(companyId: string, body: CompetitorContractCreate, idempotencyKey?: string) {
  return api<CompetitorContract>("POST", companyPath(companyId), { body, idempotencyKey });
}

export function patchCompetitorContract(companyId: string, id: string, version: number, body: CompetitorContractPatch) {
  return api<CompetitorContract>("PATCH", onePath(companyId, id), { body, version });
}

export function deleteCompetitorContract(companyId: string, id: string, version: number) {
  return api<null>("DELETE", onePath(companyId, id), { version });
}

/** Expiries from today up to `days` ahead, soonest first, a page at a time. */
export const upcomingQuery = (days: number, limit = 25) =>
  infiniteQueryOptions({
    queryKey: [...upcomingKey, days, limit] as const,
    queryFn: ({ signal, pageParam }) =>
      api<UpcomingPage>("GET", "/api/competitor-contracts/upcoming", { query: { days, limit, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Across companies: every change of a competitor contract the reader may see arrives on this list topic.
    meta: { topics: ["list:competitor-contracts"] },
  });
