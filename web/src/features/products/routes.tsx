// The product catalogue page (everyone signed in reads it; changing it needs the settings right).
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";

const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/products",
  component: lazyRouteComponent(() => import("./pages/ProductsPage"), "ProductsPage"),
});

export const productRoutes = [productsRoute];
