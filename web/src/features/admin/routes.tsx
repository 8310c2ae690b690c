// Administration screens: users, roles, teams, org units, sessions, audit log.
import { createRoute, lazyRouteComponent, redirect, type AsyncRouteComponent } from "@tanstack/react-router";
import type { AccessAction, AccessObject } from "@relata/contracts";
import { useCan } from "../../lib/session";
import { ForbiddenState } from "./components/feedback";
import { appRoute } from "../../app/routes/root";
import { guardedPage } from "../../app/routes/lazy";
import { parseAuditSearch } from "./lib/auditSearch";

/**
 * Administration screens open for those who may read the object and change it (`action`; reading
 * alone serves pickers). The screens themselves do not check again.
 */
function guarded(object: AccessObject, action: AccessAction, Page: AsyncRouteComponent<object>) {
  const useAllowed = () => {
    const mayRead = useCan(object, "read");
    const mayAct = useCan(object, action);
    return mayRead && mayAct;
  };
  return guardedPage(useAllowed, Page, <ForbiddenState />);
}

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
  component: guarded(
    "user",
    "update",
    lazyRouteComponent(() => import("./pages/UsersPage"), "UsersPage"),
  ),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/users/$id",
  component: guarded(
    "user",
    "update",
    lazyRouteComponent(() => import("./pages/UserPage"), "UserPage"),
  ),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles",
  component: guarded(
    "role",
    "update",
    lazyRouteComponent(() => import("./pages/RolesPage"), "RolesPage"),
  ),
});

const roleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/roles/$id",
  component: guarded(
    "role",
    "update",
    lazyRouteComponent(() => import("./pages/RolePage"), "RolePage"),
  ),
});

const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/teams",
  component: guarded(
    "team",
    "update",
    lazyRouteComponent(() => import("./pages/TeamsPage"), "TeamsPage"),
  ),
});

const orgUnitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/org-units",
  component: guarded(
    "org_unit",
    "update",
    lazyRouteComponent(() => import("./pages/OrgUnitsPage"), "OrgUnitsPage"),
  ),
});

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/sessions",
  validateSearch: (search: Record<string, unknown>): { userId?: string } =>
    typeof search.userId === "string" && /^[0-9a-f-]{36}$/i.test(search.userId) ? { userId: search.userId } : {},
  component: guarded(
    "session",
    "delete",
    lazyRouteComponent(() => import("./pages/SessionsPage"), "SessionsPage"),
  ),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/audit",
  validateSearch: parseAuditSearch,
  component: guarded(
    "audit",
    "read",
    lazyRouteComponent(() => import("./pages/AuditPage"), "AuditPage"),
  ),
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
