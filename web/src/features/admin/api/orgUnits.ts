import { queryOptions, useQuery } from "@tanstack/react-query";
import type { orgUnitKinds } from "@relata/contracts";
import { api, newIdempotencyKey } from "../../../lib/api";

export type OrgUnitKind = (typeof orgUnitKinds)[number];
export type OrgUnit = { id: string; name: string; kind: OrgUnitKind; parentId: string | null; version: number };

export const orgUnitsQuery = queryOptions({
  queryKey: ["org-units"],
  queryFn: ({ signal }) => api<{ items: OrgUnit[] }>("GET", "/api/org-units", { signal }).then((body) => body.items),
  meta: { topics: ["list:org-units"] },
});

export function useOrgUnits(enabled = true) {
  return useQuery({ ...orgUnitsQuery, enabled });
}

export function createOrgUnit(body: { name: string; kind: OrgUnitKind; parentId: string | null }, idempotencyKey = newIdempotencyKey()) {
  return api<OrgUnit>("POST", "/api/org-units", { body, idempotencyKey });
}

export function patchOrgUnit(id: string, version: number, body: { name?: string; kind?: OrgUnitKind; parentId?: string | null }) {
  return api<OrgUnit>("PATCH", `/api/org-units/${id}`, { body, version });
}

export function deleteOrgUnit(id: string, version?: number) {
  return api<null>("DELETE", `/api/org-units/${id}`, { version });
}
