// Settings administrators change: custom sections and fields, grade rules.
import { createRoute, lazyRouteComponent, type AsyncRouteComponent } from "@tanstack/react-router";
import { customFieldObjects, type CustomFieldObject } from "@relata/contracts/plain";
import { useCan } from "../../lib/session";
import { appRoute } from "../../app/routes/root";
import { guardedPage } from "../../app/routes/lazy";
import { ForbiddenState } from "./components/ForbiddenState";

/** Everyone reads settings (they shape forms); only those who may change them open these screens. */
function guarded(Page: AsyncRouteComponent<object>) {
  const useMayChange = () => useCan("setting", "update");
  return guardedPage(useMayChange, Page, <ForbiddenState />);
}

const customFieldsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/custom-fields",
  // The tab: ?object=contact; companies when absent or unknown.
  validateSearch: (search: Record<string, unknown>): { object?: CustomFieldObject } =>
    (customFieldObjects as readonly unknown[]).includes(search.object) ? { object: search.object as CustomFieldObject } : {},
  component: guarded(lazyRouteComponent(() => import("./pages/CustomFieldsPage"), "CustomFieldsPage")),
});

const gradeRulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/grade-rules",
  component: guarded(lazyRouteComponent(() => import("./pages/GradeRulesPage"), "GradeRulesPage")),
});

const dimensionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/dimensions",
  // The tab: ?kind=region (the page falls back to line of business for an unknown kind; the list of kinds stays out of the shell).
  validateSearch: (search: Record<string, unknown>): { kind?: string } => (typeof search.kind === "string" ? { kind: search.kind } : {}),
  component: guarded(lazyRouteComponent(() => import("./pages/DimensionsPage"), "DimensionsPage")),
});

const depositRulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/deposit-rules",
  component: guarded(lazyRouteComponent(() => import("./pages/DepositRulesPage"), "DepositRulesPage")),
});

const valueSegmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/value-segments",
  component: guarded(lazyRouteComponent(() => import("./pages/ValueSegmentsPage"), "ValueSegmentsPage")),
});

const reminderSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin/reminders",
  component: guarded(lazyRouteComponent(() => import("./pages/ReminderSettingsPage"), "ReminderSettingsPage")),
});

export const settingsRoutes = [
  customFieldsRoute,
  gradeRulesRoute,
  dimensionsRoute,
  depositRulesRoute,
  valueSegmentsRoute,
  reminderSettingsRoute,
];
