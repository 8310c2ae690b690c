import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEntry } from "@relata/contracts";
import { api } from "../../../lib/api";

export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };
export type AuditApiQuery = {
  tableName?: string;
  recordId?: string;
  actorId?: string;
  operation?: string;
  from?: string;
  to?: string;
  limit?: number;
};

export function auditQuery(query: AuditApiQuery, topics: string[] = []) {
  return infiniteQueryOptions({
    queryKey: ["audit", query],
    queryFn: ({ signal, pageParam }) =>
      api<AuditPage>("GET", "/api/audit", { query: { ...query, limit: query.limit ?? 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { topics },
  });
}

export function useAudit(query: AuditApiQuery, options: { enabled?: boolean; topics?: string[] } = {}) {
  return useInfiniteQuery({ ...auditQuery(query, options.topics), enabled: options.enabled ?? true });
}
