import { createContext, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { AccessAction, AccessObject, Me, SessionBody } from "@relata/contracts";
import { api, ApiError, csrf, onUnauthenticated } from "./api";
import { createFormatter, type Formatter } from "./format";

export const sessionQueryKey = ["session"] as const;

/** The signed-in session, or null when signed out. */
export async function fetchSession(): Promise<SessionBody | null> {
  try {
    const session = await api<SessionBody>("GET", "/api/auth/session");
    csrf.set(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrf.set(undefined);
      return null;
    }
    throw error;
  }
}

type SessionState = {
  me: Me | null;
  loading: boolean;
  error: unknown;
  format: Formatter;
};
const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
  const me = query.data?.user ?? null;
  const format = useMemo(
    () => createFormatter({ locale: me?.locale ?? "en", timeZone: me?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone }),
    [me?.locale, me?.timeZone],
  );
  // Any 401 from the API means the session is gone: show the sign-in page.
  useEffect(
    () =>
      onUnauthenticated(() => {
        csrf.set(undefined);
        queryClient.setQueryData(sessionQueryKey, null);
      }),
    [queryClient],
  );
  const value = useMemo(() => ({ me, loading: query.isPending, error: query.error, format }), [me, query.isPending, query.error, format]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only inside the signed-in part of the app. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe while signed out");
  return me;
}

export function useFormat(): Formatter {
  return useSession().format;
}

/** Whether the signed-in user's role grants `action` on `object` in any scope. */
export function can(me: Me | null, object: AccessObject, action: AccessAction): boolean {
  return !!me && me.permissions[object][action] !== "none";
}

export function useCan(object: AccessObject, action: AccessAction): boolean {
  return can(useSession().me, object, action);
}
