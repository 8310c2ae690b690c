import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api";

declare module "@tanstack/react-query" {
  interface Register {
    /** Live topics whose events make this query stale (see lib/live.ts). */
    queryMeta: { topics?: string[] };
  }
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
