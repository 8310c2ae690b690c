import type { ReactNode } from "react";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { preloading } from "../../app/routes/lazy";

const CompanyPage = lazyRouteComponent(() => import("./CompanyPage"), "CompanyPage");

/** Search params stay as the router parsed them (list state, ?tab=); the screens read their own keys. */
const passSearch = (search: Record<string, unknown>): Record<string, unknown> => search;

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  component: lazyRouteComponent(() => import("./CompaniesPage"), "CompaniesPage"),
  validateSearch: passSearch,
});

const CompanyRoute = preloading(function CompanyRoute(): ReactNode {
  const { id } = companyRoute.useParams();
  return <CompanyPage key={id} id={id} />;
}, CompanyPage);

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies/$id",
  validateSearch: passSearch,
  component: CompanyRoute,
});

export const companyRoutes = [companiesRoute, companyRoute];
