// CSV import: the list of the user's imports, the wizard for a new one, and one import's steps.
import type { ReactNode } from "react";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { importObjects, type ImportObject } from "@relata/contracts/plain";
import { appRoute } from "../../app/routes/root";
import { preloading } from "../../app/routes/lazy";
import { editSteps, type EditStep } from "./lib/progress";

const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports",
  component: lazyRouteComponent(() => import("./pages/ImportsPage"), "ImportsPage"),
});

const newImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports/new",
  // ?object=contact preselects contacts (the lists' import buttons send it).
  validateSearch: (search: Record<string, unknown>): { object?: ImportObject } =>
    (importObjects as readonly unknown[]).includes(search.object) ? { object: search.object as ImportObject } : {},
  component: lazyRouteComponent(() => import("./pages/NewImportPage"), "NewImportPage"),
});

const ImportPage = lazyRouteComponent(() => import("./pages/ImportPage"), "ImportPage");

const ImportRoute = preloading(function ImportRoute(): ReactNode {
  const { importId } = importRoute.useParams();
  return <ImportPage key={importId} id={importId} />;
}, ImportPage);

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports/$importId",
  // ?step= while the mapping may still change: mapping, options or preview.
  validateSearch: (search: Record<string, unknown>): { step?: EditStep } =>
    (editSteps as readonly unknown[]).includes(search.step) ? { step: search.step as EditStep } : {},
  component: ImportRoute,
});

export const importRoutes = [importsRoute, newImportRoute, importRoute];
