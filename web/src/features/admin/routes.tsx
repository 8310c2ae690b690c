// Administration screens: users, roles, teams, org units, sessions, audit log.
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { parseAuditSearch } from "./lib/auditSearch";

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
  component: lazyRouteComponent(() => import("./pages/UsersPage"), "UsersPage"),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/users/$id",
  component: lazyRouteComponent(() => import("./pages/UserPage"), "UserPage"),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles",
  component: lazyRouteComponent(() => import("./pages/RolesPage"), "RolesPage"),
});

const roleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles/$id",
  component: lazyRouteComponent(() => import("./pages/RolePage"), "RolePage"),
});

const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/teams",
  component: lazyRouteComponent(() => import("./pages/TeamsPage"), "TeamsPage"),
});

const orgUnitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/org-units",
  component: lazyRouteComponent(() => import("./pages/OrgUnitsPage"), "OrgUnitsPage"),
});

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/sessions",
  validateSearch: (search: Record<string, unknown>): { userId?: string } =>
    typeof search.userId === "string" && /^[0-9a-f-]{36}$/i.test(search.userId) ? { userId: search.userId } : {},
  component: lazyRouteComponent(() => import("./pages/SessionsPage"), "SessionsPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/audit",
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
