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
import { taskRoutes } from "../features/tasks/routes";
import { notificationRoutes } from "../features/notifications/routes";
import { documentRoutes, shareRoutes } from "../features/documents/routes";
import { productRoutes } from "../features/products/routes";
import { competitorRoutes } from "../features/competitors/routes";
import { LoadingPage } from "../components/states";
// Registers the client card's financial-health and account-team tabs.
import "../features/finance";
// Registers the client card's tasks tab.
import "../features/tasks";
// Registers the Timeline tab of the client card and the contact page.
import "../features/timeline";
// Registers the Documents tab of the client card and the contact page.
import "../features/documents";
// Registers the Contracts, Receivables, Service items and Value tabs and header figures of the client card.
import "../features/contracts";
// Registers the Orders and Transactions tabs of the client card.
import "../features/orders";
// Registers the Competitors tab of the client card.
import "../features/competitors";

const routeTree = rootRoute.addChildren([
  ...authRoutes,
  ...shareRoutes,
  appRoute.addChildren([
    ...homeRoutes,
    ...profileRoutes,
    ...companyRoutes,
    ...contactRoutes,
    ...adminRoutes,
    ...settingsRoutes,
    ...importRoutes,
    ...taskRoutes,
    ...notificationRoutes,
    ...documentRoutes,
    ...productRoutes,
    ...competitorRoutes,
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
