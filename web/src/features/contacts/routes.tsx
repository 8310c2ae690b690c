import type { ReactNode } from "react";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/routes/root";
import { preloading } from "../../app/routes/lazy";

// The pages bring the contact field types (./widgets) with them.
const ContactPage = lazyRouteComponent(() => import("./ContactPage"), "ContactPage");

/** Search params stay as the router parsed them (list state, ?tab=); the screens read their own keys. */
const passSearch = (search: Record<string, unknown>): Record<string, unknown> => search;

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts",
  component: lazyRouteComponent(() => import("./ContactsPage"), "ContactsPage"),
  validateSearch: passSearch,
});

const ContactRoute = preloading(function ContactRoute(): ReactNode {
  const { contactId } = contactRoute.useParams();
  return <ContactPage key={contactId} id={contactId} />;
}, ContactPage);

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/contacts/$contactId",
  validateSearch: passSearch,
  component: ContactRoute,
});

export const contactRoutes = [contactsRoute, contactRoute];
