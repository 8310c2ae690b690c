import { createRouter } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";
import { appRoute, rootRoute } from "./routes/root";
import { authRoutes } from "../features/auth/routes";
import { profileRoutes } from "../features/profile/routes";
import { homeRoutes } from "../features/home/routes";
import { adminRoutes } from "../features/admin/routes";
import { companyRoutes } from "../features/companies/routes";
import { contactRoutes } from "../features/contacts/routes";
import { settingsRoutes } from "../features/settings/routes";
import { importRoutes } from "../features/imports/routes";
import { LoadingPage } from "../components/states";
// Registers the client card's financial-health and account-team tabs.
import "../features/finance";

const routeTree = rootRoute.addChildren([
  ...authRoutes,
  appRoute.addChildren([
    ...homeRoutes,
    ...profileRoutes,
    ...companyRoutes,
    ...contactRoutes,
    ...adminRoutes,
    ...settingsRoutes,
    ...importRoutes,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    defaultPendingComponent: LoadingPage,
    defaultPendingMs: 150,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
