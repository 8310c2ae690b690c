import { queryOptions, useQuery } from "@tanstack/react-query";
import type { User, UserSort } from "@relata/contracts";
import { api, newIdempotencyKey } from "../../../lib/api";

/** One page of `GET /api/users` (keyset paging; `total` only with withTotal). */
export type UserPage = { items: User[]; nextCursor: string | null; total?: number };

export type UserListParams = {
  q?: string;
  active?: "true" | "false";
  roleId?: string;
  teamId?: string;
  orgUnitId?: string;
  sort?: UserSort;
  limit?: number;
  cursor?: string;
  withTotal?: boolean;
};

export function userListQuery(params: UserListParams): Record<string, string | number | boolean | undefined> {
  return {
    q: params.q,
    "filter[active]": params.active,
    "filter[roleId]": params.roleId,
    "filter[teamId]": params.teamId,
    "filter[orgUnitId]": params.orgUnitId,
    sort: params.sort,
    limit: params.limit,
    cursor: params.cursor,
    withTotal: params.withTotal,
  };
}

export function fetchUserPage(params: UserListParams, signal?: AbortSignal): Promise<UserPage> {
  return api<UserPage>("GET", "/api/users", { query: userListQuery(params), signal }).then((page) => ({
    items: page.items,
    nextCursor: page.nextCursor ?? null,
    total: page.total,
  }));
}

/** Pages the directory is read in; a few thousand staff at most (pickers, counts, names). */
const directoryPageSize = 200;
const directoryPagesMax = 25;

/** Every user (active or not), for pickers, names and counts. */
export async function fetchUserDirectory(signal?: AbortSignal): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < directoryPagesMax; pageNo++) {
    const page = await fetchUserPage({ limit: directoryPageSize, cursor, sort: "name" }, signal);
    users.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return users;
}

export const userDirectoryQuery = queryOptions({
  queryKey: ["users", "admin-directory"],
  queryFn: ({ signal }) => fetchUserDirectory(signal),
  meta: { topics: ["list:users"] },
});

/** The staff directory; `enabled: false` when the signed-in user may not read users. */
export function useUserDirectory(enabled = true) {
  return useQuery({ ...userDirectoryQuery, enabled });
}

export function userQuery(id: string) {
  return queryOptions({
    queryKey: ["users", "record", id],
    queryFn: ({ signal }) => api<User>("GET", `/api/users/${id}`, { signal }),
    // Admins cannot watch another user's own topic; list:users carries every user change.
    meta: { topics: ["list:users", `user:${id}`] },
  });
}

export function useUser(id: string) {
  return useQuery(userQuery(id));
}

export type UserCreateBody = {
  email: string;
  name: string;
  password: string;
  roleId: string;
  orgUnitId?: string | null;
  managerId?: string | null;
  teamIds?: string[];
  locale?: User["locale"];
};

export function createUser(body: UserCreateBody, idempotencyKey = newIdempotencyKey()) {
  return api<User>("POST", "/api/users", { body, idempotencyKey });
}

export type UserPatchBody = Partial<
  Pick<User, "name" | "roleId" | "orgUnitId" | "managerId" | "teamIds" | "active" | "locale" | "timeZone">
>;

export function patchUser(id: string, version: number, body: UserPatchBody) {
  return api<User>("PATCH", `/api/users/${id}`, { body, version });
}

export function resetUserPassword(id: string, password: string) {
  return api<{ ok: true }>("POST", `/api/users/${id}/password`, { body: { password } });
}

/** Where the CSV export of the current list is downloaded from. */
export function userExportUrl(params: Omit<UserListParams, "limit" | "cursor" | "withTotal">): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(userListQuery(params))) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return `/api/users/export.csv${text ? `?${text}` : ""}`;
}
