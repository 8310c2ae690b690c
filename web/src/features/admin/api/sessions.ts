import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api";

export type SessionInfo = {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export function sessionsQuery(userId?: string) {
  return queryOptions({
    queryKey: ["sessions", userId ?? "all"],
    queryFn: ({ signal }) =>
      api<{ items: SessionInfo[] }>("GET", "/api/sessions", { query: { userId }, signal }).then((body) => body.items),
    // Every sign-in and sign-out (session.started / session.ended, also when an account is
    // deactivated or its password reset) is announced on list:sessions.
    meta: { topics: ["list:sessions"] },
  });
}

export function useSessions(userId?: string, enabled = true) {
  return useQuery({ ...sessionsQuery(userId), enabled });
}

export function endSession(id: string) {
  return api<null>("DELETE", `/api/sessions/${id}`);
}
