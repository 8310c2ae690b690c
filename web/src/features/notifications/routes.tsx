// The inbox's full page (the bell in the header shows the newest).
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

export const notificationRoutes = [
  createRoute({
    getParentRoute: () => appRoute,
    path: "/notifications",
    component: lazyRouteComponent(() => import("./NotificationsPage"), "NotificationsPage"),
  }),
];
