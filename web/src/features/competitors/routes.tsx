// The competitor expiries page (competitor contracts across the companies the user may see).
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

const expiriesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/competitor-expiries",
  component: lazyRouteComponent(() => import("./pages/CompetitorExpiriesPage"), "CompetitorExpiriesPage"),
});

export const competitorRoutes = [expiriesRoute];
