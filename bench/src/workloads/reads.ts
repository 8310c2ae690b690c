// The HTTP workloads of the table, each as the web client makes the request: sign-in, the
// client card, the company list page, the search typeahead and the group's integrated view.
import type { RawRequest } from "autocannon";
import { authHeaders, type Session } from "../api";
import { cardSlots } from "../floors";
import { fulfilLoad } from "../contracts-bench";
import { httpLoad, type HttpWorkload } from "./http-load";

export type Load = { connections: number; duration: number; amount?: number };

/** Rows of the list page's first page: what the web list asks for (RecordList's page size). */
export const listPageSize = 100;
/** Hits the command palette asks for. */
export const searchLimit = 8;

/** `POST /api/auth/login` with the administrator's password: argon2id verification, then a new session. */
export function signInLoad(session: Session, load: Load): Promise<HttpWorkload> {
  return httpLoad({
    name: "sign-in",
    label: "POST /api/auth/login",
    baseUrl: session.baseUrl,
    ...load,
    method: "POST",
    headers: { "content-type": "application/json", origin: session.origin },
    requests: [{ method: "POST", path: "/api/auth/login", body: JSON.stringify({ email: session.email, password: session.password }) }],
  });
}

/**
 * Opening a client card: the company, its stage history (the stepper) and its value (the
 * header's revenue, receivables and value figures), the requests the card fires itself; the
 * custom-field layout is per kind of record and cached by the app. Each connection opens card
 * after card, the three requests one after another.
 */
export function cardLoad(session: Session, ids: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  const paths = [
    (id: string) => `/api/companies/${id}`,
    (id: string) => `/api/companies/${id}/stages`,
    (id: string) => `/api/companies/${id}/value`,
  ];
  return httpLoad({
    name: "card",
    label: "Client card: GET /api/companies/:id, …/stages, …/value",
    baseUrl: session.baseUrl,
    ...load,
    headers: authHeaders(session, false),
    slots: [...cardSlots],
    requests: paths.map((path, slot) => ({
      method: "GET",
      // The context is the connection's own: its three requests ask for the same card.
      setupRequest: (request: RawRequest, context: Record<string, unknown>) => {
        if (slot === 0 || typeof context.cardId !== "string") context.cardId = ids[next++ % ids.length]!;
        return { ...request, path: path(context.cardId as string) };
      },
    })),
  });
}

/** GETs of the paths `path(n)` gives for the n-th request (each a different company, prefix…). */
function rotatingGet(session: Session, name: string, label: string, load: Load, path: (n: number) => string): Promise<HttpWorkload> {
  let next = 0;
  return httpLoad({
    name,
    label,
    baseUrl: session.baseUrl,
    ...load,
    headers: authHeaders(session, false),
    requests: [{ method: "GET", setupRequest: (request: RawRequest) => ({ ...request, path: path(next++) }) }],
  });
}

/** The list page as the web app asks for its first page: a country filter, sorted by name, with the total. */
export function listLoad(session: Session, countries: string[], load: Load): Promise<HttpWorkload> {
  const query = `sort=name&limit=${listPageSize}&withTotal=true`;
  return rotatingGet(
    session,
    "list",
    `GET /api/companies?filter[country]=…&${query}`,
    load,
    (n) => `/api/companies?filter%5Bcountry%5D=${countries[n % countries.length]}&${query}`,
  );
}

/** The command palette's typeahead: prefixes of real names, Latin, Swedish and Chinese. */
export function searchLoad(session: Session, prefixes: string[], load: Load): Promise<HttpWorkload> {
  return rotatingGet(
    session,
    "search",
    `GET /api/search?q=<prefix>&limit=${searchLimit}`,
    load,
    (n) => `/api/search?q=${encodeURIComponent(prefixes[n % prefixes.length]!)}&limit=${searchLimit}`,
  );
}

/** The group's integrated view (rolled-up figures) of the largest groups' roots. */
export function groupLoad(session: Session, rootIds: string[], load: Load): Promise<HttpWorkload> {
  return rotatingGet(
    session,
    "group",
    "GET /api/companies/:root/group/figures",
    load,
    (n) => `/api/companies/${rootIds[n % rootIds.length]}/group/figures`,
  );
}

/**
 * Fulfilments of 1 unit, each path once (a unit still open on an active contract item), each
 * with its own Idempotency-Key. When the data has few open units, the run ends once each was
 * used (a second use would answer 400).
 */
export function fulfilmentLoad(session: Session, paths: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  const few = paths.length < load.duration * 1_000;
  return fulfilLoad(
    session,
    "fulfilment",
    `POST …/contracts/:id/items/:id/fulfilments (quantity 1${few ? `, the ${paths.length} open units` : ""})`,
    { ...load, ...(few ? { amount: paths.length } : {}) },
    () => paths[next++ % paths.length]!,
  );
}
