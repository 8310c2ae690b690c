import { useCallback, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import type { User } from "@relata/contracts";
import { api } from "../../lib/api";
import type { ListPage } from "../record-list/types";

/**
 * Reference data every screen needs to show names instead of ids: the staff directory, teams and
 * org units. Each is loaded once per tab, kept fresh by live events, and shared by all screens.
 */

export type DirectoryUser = Pick<User, "id" | "name" | "email" | "active">;
export type NamedItem = { id: string; name: string };

/** Pages of 200 until the end; a directory of more than 10,000 people is cut (pickers also search the server). */
async function loadDirectory(signal?: AbortSignal): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < 50; pageNo++) {
    const page = await api<Partial<ListPage<User>> & { items: User[] }>("GET", "/api/users", {
      query: { limit: 200, sort: "name", cursor },
      signal,
    });
    for (const user of page.items) users.push({ id: user.id, name: user.name, email: user.email, active: user.active });
    if (!page.nextCursor || page.items.length === 0) break;
    cursor = page.nextCursor;
  }
  return users;
}

export const directoryQueryKey = ["users", "directory"] as const;

export function useUserDirectory(enabled = true) {
  return useQuery({
    queryKey: directoryQueryKey,
    queryFn: ({ signal }) => loadDirectory(signal),
    staleTime: 5 * 60_000,
    enabled,
    meta: { topics: ["list:users"] },
  });
}

/** id → user name (undefined while loading or when unknown). */
export function useUserName(): (id: string | null | undefined) => string | undefined {
  const { data } = useUserDirectory();
  const byId = useMemo(() => new Map((data ?? []).map((user) => [user.id, user.name])), [data]);
  return useCallback((id) => (id ? byId.get(id) : undefined), [byId]);
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: ["teams", "all"],
    queryFn: ({ signal }) => api<{ items: NamedItem[] }>("GET", "/api/teams", { signal }).then((page) => page.items),
    staleTime: 5 * 60_000,
    enabled,
    meta: { topics: ["list:teams"] },
  });
}

export function useOrgUnits(enabled = true) {
  return useQuery({
    queryKey: ["org-units", "all"],
    queryFn: ({ signal }) => api<{ items: NamedItem[] }>("GET", "/api/org-units", { signal }).then((page) => page.items),
    staleTime: 5 * 60_000,
    enabled,
    meta: { topics: ["list:org-units"] },
  });
}

/** id → name over a loaded list. */
export function nameOf(items: NamedItem[] | undefined, id: string | null | undefined): string | undefined {
  if (!id || !items) return undefined;
  return items.find((item) => item.id === id)?.name;
}
