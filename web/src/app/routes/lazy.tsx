// Route components whose page code loads on first use, so the sign-in page fetches only the shell.
import type { ReactNode } from "react";
import type { AsyncRouteComponent } from "@tanstack/react-router";

type Page = Pick<AsyncRouteComponent<never>, "preload">;

/**
 * A route component that wraps a lazily loaded page (a guard, a key per record). The router
 * preloads `page` as it would the page itself: on hover, and before it shows the route, so the
 * screen never flashes a loading state while its code arrives.
 */
export function preloading<P extends object>(component: (props: P) => ReactNode, page: Page): AsyncRouteComponent<P> {
  return Object.assign(component, { preload: page.preload });
}

/** A lazily loaded page shown only to readers `useAllowed` lets in; everyone else sees `refused`. */
export function guardedPage(useAllowed: () => boolean, Page: AsyncRouteComponent<object>, refused: ReactNode) {
  return preloading(function Guarded() {
    return useAllowed() ? <Page /> : refused;
  }, Page);
}
