import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

export const profileRoutes = [
  createRoute({
    getParentRoute: () => appRoute,
    path: "/profile",
    component: lazyRouteComponent(() => import("./ProfilePage"), "ProfilePage"),
  }),
];
