import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, newIdempotencyKey } from "../../../lib/api";

/** `POST /api/companies/handover` (contracts: companyHandover → handoverResult). */
export type HandoverBody = { fromUserId: string; toUserId: string; teamId?: string | null };
export type HandoverResult = { companies: number; contacts: number };

/** How many companies a user owns, as far as the signed-in user can see them (one row, with the total). */
export function ownedCompaniesQuery(userId: string) {
  return queryOptions({
    queryKey: ["companies", "owned-count", userId],
    queryFn: ({ signal }) =>
      api<{ items: unknown[]; total?: number }>("GET", "/api/companies", {
        query: { "filter[ownerId]": userId, withTotal: true, limit: 1 },
        signal,
      }).then((page) => page.total ?? page.items.length),
    // Any company may change hands (a handover, a reassignment, a new lead): the count follows.
    meta: { topics: ["list:companies"] },
  });
}

export function useOwnedCompanies(userId: string, enabled = true) {
  return useQuery({ ...ownedCompaniesQuery(userId), enabled });
}

export function handOverCompanies(body: HandoverBody, idempotencyKey = newIdempotencyKey()) {
  return api<HandoverResult>("POST", "/api/companies/handover", { body, idempotencyKey });
}
