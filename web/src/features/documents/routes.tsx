// The document page (signed in) and the page of a share link (signed out, under the root route).
import type { ReactNode } from "react";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, rootRoute } from "../../app/routes/root";
import { preloading } from "../../app/routes/lazy";

const DocumentPage = lazyRouteComponent(() => import("./pages/DocumentPage"), "DocumentPage");
const SharePage = lazyRouteComponent(() => import("./pages/SharePage"), "SharePage");

const DocumentRoute = preloading(function DocumentRoute(): ReactNode {
  const { documentId } = documentRoute.useParams();
  const { revision } = documentRoute.useSearch();
  return <DocumentPage key={documentId} id={documentId} revisionId={revision} />;
}, DocumentPage);

const documentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/documents/$documentId",
  // ?revision= the revision shown (a notification about a comment links to its revision).
  validateSearch: (search: Record<string, unknown>): { revision?: string } =>
    typeof search.revision === "string" && /^[0-9a-f-]{36}$/i.test(search.revision) ? { revision: search.revision } : {},
  component: DocumentRoute,
});

const ShareRoute = preloading(function ShareRoute(): ReactNode {
  const { token } = shareRoute.useParams();
  return <SharePage key={token} token={token} />;
}, SharePage);

const shareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/share/$token",
  component: ShareRoute,
});

export const documentRoutes = [documentRoute];
export const shareRoutes = [shareRoute];
