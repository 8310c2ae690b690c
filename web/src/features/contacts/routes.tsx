import type { ReactNode } from "react";
import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { ContactsPage } from "./ContactsPage";
import { ContactPage } from "./ContactPage";
import "./widgets";

/** Search params stay as the router parsed them (list state, ?tab=); the screens read their own keys. */
const passSearch = (search: Record<string, unknown>): Record<string, unknown> => search;

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts",
  component: ContactsPage,
  validateSearch: passSearch,
});

function ContactRoute(): ReactNode {
  const { contactId } = contactRoute.useParams();
  return <ContactPage key={contactId} id={contactId} />;
}

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts/$contactId",
  validateSearch: passSearch,
  component: ContactRoute,
});

export const contactRoutes = [contactsRoute, contactRoute];
