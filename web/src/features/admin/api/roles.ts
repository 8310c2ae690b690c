import { queryOptions, useQuery } from "@tanstack/react-query";
import type { PermissionSet, Role } from "@relata/contracts";
import { api, newIdempotencyKey } from "../../../lib/api";

export const rolesQuery = queryOptions({
  queryKey: ["roles"],
  queryFn: ({ signal }) => api<{ items: Role[] }>("GET", "/api/roles", { signal }).then((body) => body.items),
  meta: { topics: ["list:roles"] },
});

export function useRoles(enabled = true) {
  return useQuery({ ...rolesQuery, enabled });
}

export function roleQuery(id: string) {
  return queryOptions({
    queryKey: ["roles", "record", id],
    queryFn: ({ signal }) => api<Role>("GET", `/api/roles/${id}`, { signal }),
    meta: { topics: ["list:roles"] },
  });
}

export function useRole(id: string) {
  return useQuery(roleQuery(id));
}

export type RoleCreateBody = { key: string; name: string; clearance: number; permissions: PermissionSet };

export function createRole(body: RoleCreateBody, idempotencyKey = newIdempotencyKey()) {
  return api<Role>("POST", "/api/roles", { body, idempotencyKey });
}

export function patchRole(id: string, version: number, body: Partial<Pick<Role, "name" | "clearance" | "permissions">>) {
  return api<Role>("PATCH", `/api/roles/${id}`, { body, version });
}

export function deleteRole(id: string, version?: number) {
  return api<null>("DELETE", `/api/roles/${id}`, { version });
}
