import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet, redirect } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";
import { fetchSession, sessionQueryKey } from "../../lib/session";
import { api } from "../../lib/api";
import { NotFoundPage, RouteErrorPage } from "../../components/states";

export type RouterContext = { queryClient: QueryClient };

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

export const setupStatusQuery = {
  queryKey: ["setup"],
  queryFn: () => api<{ needsSetup: boolean }>("GET", "/api/setup"),
  staleTime: 0,
};

/** Where to go after signing in: only paths inside this app. */
export function safeRedirect(target: unknown): string {
  return typeof target === "string" && target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

/** Everything behind sign-in hangs under this route. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  // The signed-in frame (navigation, search, notifications) loads after sign-in, not with the sign-in page.
  component: lazyRouteComponent(() => import("../layout/AppLayout"), "AppLayout"),
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData({ queryKey: sessionQueryKey, queryFn: fetchSession });
    if (session) return { me: session.user };
    const setup = await context.queryClient.fetchQuery(setupStatusQuery);
    if (setup.needsSetup) throw redirect({ to: "/setup" });
    throw redirect({ to: "/sign-in", search: { redirect: location.href === "/" ? undefined : location.href } });
  },
});
