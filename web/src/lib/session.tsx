import { useEffect, useMemo, type ReactNode } from "react";
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

/** The session as cached by TanStack Query; read synchronously on first render of any screen. */
function useSessionQuery() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
}

/** Watches for 401s from any call: the session is gone, so the app shows the sign-in page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  useSessionQuery();
  useEffect(
    () =>
      onUnauthenticated(() => {
        csrf.set(undefined);
        queryClient.setQueryData(sessionQueryKey, null);
      }),
    [queryClient],
  );
  return <>{children}</>;
}

export function useSession(): { me: Me | null; loading: boolean; error: unknown } {
  const query = useSessionQuery();
  return { me: query.data?.user ?? null, loading: query.isPending, error: query.error };
}

/** The signed-in user; only inside the signed-in part of the app (the layout renders nothing signed out). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe while signed out");
  return me;
}

/** Dates, numbers and money in the user's language and time zone. */
export function useFormat(): Formatter {
  const { me } = useSession();
  const locale = me?.locale;
  const timeZone = me?.timeZone;
  return useMemo(
    () => createFormatter({ locale: locale ?? "en", timeZone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone }),
    [locale, timeZone],
  );
}

/** Whether the signed-in user's role grants `action` on `object` in any scope. */
export function can(me: Me | null, object: AccessObject, action: AccessAction): boolean {
  return !!me && me.permissions[object][action] !== "none";
}

export function useCan(object: AccessObject, action: AccessAction): boolean {
  return can(useSession().me, object, action);
}
