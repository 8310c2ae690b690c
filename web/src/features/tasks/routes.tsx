// My work: the signed-in user's tasks (`?task=<id>` opens one, as notifications link).
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const taskRoutes = [
  createRoute({
    getParentRoute: () => appRoute,
    path: "/my-work",
    validateSearch: (search: Record<string, unknown>): { task?: string } =>
      typeof search.task === "string" && uuid.test(search.task) ? { task: search.task } : {},
    component: lazyRouteComponent(() => import("./pages/MyWorkPage"), "MyWorkPage"),
  }),
];
