import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

export const homeRoutes = [
  createRoute({ getParentRoute: () => appRoute, path: "/", component: lazyRouteComponent(() => import("./HomePage"), "HomePage") }),
];
