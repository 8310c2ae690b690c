import type { ReactNode } from "react";
import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { CompaniesPage } from "./CompaniesPage";
import { CompanyPage } from "./CompanyPage";

/** Search params stay as the router parsed them (list state, ?tab=); the screens read their own keys. */
const passSearch = (search: Record<string, unknown>): Record<string, unknown> => search;

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies",
  component: CompaniesPage,
  validateSearch: passSearch,
});

function CompanyRoute(): ReactNode {
  const { id } = companyRoute.useParams();
  return <CompanyPage key={id} id={id} />;
}

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/companies/$id",
  validateSearch: passSearch,
  component: CompanyRoute,
});

export const companyRoutes = [companiesRoute, companyRoute];
