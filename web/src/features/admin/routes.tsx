// Administration screens: users, roles, teams, org units, sessions, audit log.
import { createRoute, lazyRouteComponent, notFound, redirect } from "@tanstack/react-router";
import type { AccessAction, AccessObject, Me } from "@relata/contracts";
import { can } from "../../lib/session";
import { appRoute } from "../../app/routes/root";
import { parseAuditSearch } from "./lib/auditSearch";

/** Administration screens open for those who may change what they show (reading alone serves pickers). */
const guard =
  (object: AccessObject, action: AccessAction) =>
  ({ context }: { context: { me?: Me } }) => {
    if (!can(context.me ?? null, object, action)) throw notFound();
  };

const adminIndexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin",
  beforeLoad: () => {
    throw redirect({ to: "/admin/users" });
  },
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/users",
  beforeLoad: guard("user", "update"),
  component: lazyRouteComponent(() => import("./pages/UsersPage"), "UsersPage"),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/users/$id",
  beforeLoad: guard("user", "update"),
  component: lazyRouteComponent(() => import("./pages/UserPage"), "UserPage"),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles",
  beforeLoad: guard("role", "update"),
  component: lazyRouteComponent(() => import("./pages/RolesPage"), "RolesPage"),
});

const roleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles/$id",
  beforeLoad: guard("role", "update"),
  component: lazyRouteComponent(() => import("./pages/RolePage"), "RolePage"),
});

const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/teams",
  beforeLoad: guard("team", "update"),
  component: lazyRouteComponent(() => import("./pages/TeamsPage"), "TeamsPage"),
});

const orgUnitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/org-units",
  beforeLoad: guard("org_unit", "update"),
  component: lazyRouteComponent(() => import("./pages/OrgUnitsPage"), "OrgUnitsPage"),
});

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/sessions",
  beforeLoad: guard("session", "delete"),
  validateSearch: (search: Record<string, unknown>): { userId?: string } =>
    typeof search.userId === "string" && /^[0-9a-f-]{36}$/i.test(search.userId) ? { userId: search.userId } : {},
  component: lazyRouteComponent(() => import("./pages/SessionsPage"), "SessionsPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/audit",
  beforeLoad: guard("audit", "read"),
  validateSearch: parseAuditSearch,
  component: lazyRouteComponent(() => import("./pages/AuditPage"), "AuditPage"),
});

export const adminRoutes = [
  adminIndexRoute,
  usersRoute,
  userRoute,
  rolesRoute,
  roleRoute,
  teamsRoute,
  orgUnitsRoute,
  sessionsRoute,
  auditRoute,
];
