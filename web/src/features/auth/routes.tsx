import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { rootRoute, setupStatusQuery } from "../../app/routes/root";
import { fetchSession, sessionQueryKey } from "../../lib/session";
import { SignInPage } from "./SignInPage";

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData({ queryKey: sessionQueryKey, queryFn: fetchSession });
    if (session) throw redirect({ to: "/" });
    const setup = await context.queryClient.fetchQuery(setupStatusQuery);
    if (setup.needsSetup) throw redirect({ to: "/setup" });
  },
  component: SignInPage,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/setup",
  beforeLoad: async ({ context }) => {
    const setup = await context.queryClient.fetchQuery(setupStatusQuery);
    if (!setup.needsSetup) throw redirect({ to: "/sign-in" });
  },
  // Used once per installation: its code loads only then.
  component: lazyRouteComponent(() => import("./SetupPage"), "SetupPage"),
});

export const authRoutes = [signInRoute, setupRoute];
