import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, newIdempotencyKey } from "../../../lib/api";

export type Team = { id: string; name: string; orgUnitId: string | null; memberIds: string[]; version: number };

export const teamsQuery = queryOptions({
  queryKey: ["teams"],
  queryFn: ({ signal }) => api<{ items: Team[] }>("GET", "/api/teams", { signal }).then((body) => body.items),
  meta: { topics: ["list:teams", "list:users"] },
});

export function useTeams(enabled = true) {
  return useQuery({ ...teamsQuery, enabled });
}

export function createTeam(body: { name: string; orgUnitId: string | null }, idempotencyKey = newIdempotencyKey()) {
  return api<Team>("POST", "/api/teams", { body, idempotencyKey });
}

export function patchTeam(id: string, version: number, body: { name?: string; orgUnitId?: string | null }) {
  return api<Team>("PATCH", `/api/teams/${id}`, { body, version });
}

export function deleteTeam(id: string, version?: number) {
  return api<null>("DELETE", `/api/teams/${id}`, { version });
}
