// The HTTP workloads of the table, each as the web client makes the request: sign-in, the
// client card, the company list page, the search typeahead and the group's integrated view.
import { randomUUID } from "node:crypto";
import type { RawRequest } from "autocannon";
import { authHeaders, type Session } from "../api";
import { cardSlots } from "../floors";
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

/** The list page as the web app asks for its first page: a country filter, sorted by name, with the total. */
export function listLoad(session: Session, countries: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  return httpLoad({
    name: "list",
    label: `GET /api/companies?filter[country]=…&sort=name&limit=${listPageSize}&withTotal=true`,
    baseUrl: session.baseUrl,
    ...load,
    headers: authHeaders(session, false),
    requests: [
      {
        method: "GET",
        setupRequest: (request: RawRequest) => ({
          ...request,
          path: `/api/companies?filter%5Bcountry%5D=${countries[next++ % countries.length]}&sort=name&limit=${listPageSize}&withTotal=true`,
        }),
      },
    ],
  });
}

/** The command palette's typeahead: prefixes of real names, Latin, Swedish and Chinese. */
export function searchLoad(session: Session, prefixes: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  return httpLoad({
    name: "search",
    label: `GET /api/search?q=<prefix>&limit=${searchLimit}`,
    baseUrl: session.baseUrl,
    ...load,
    headers: authHeaders(session, false),
    requests: [
      {
        method: "GET",
        setupRequest: (request: RawRequest) => ({
          ...request,
          path: `/api/search?q=${encodeURIComponent(prefixes[next++ % prefixes.length]!)}&limit=${searchLimit}`,
        }),
      },
    ],
  });
}

/** The group's integrated view (rolled-up figures) of the largest groups' roots. */
export function groupLoad(session: Session, rootIds: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  return httpLoad({
    name: "group",
    label: "GET /api/companies/:root/group/figures",
    baseUrl: session.baseUrl,
    ...load,
    headers: authHeaders(session, false),
    requests: [
      {
        method: "GET",
        setupRequest: (request: RawRequest) => ({ ...request, path: `/api/companies/${rootIds[next++ % rootIds.length]}/group/figures` }),
      },
    ],
  });
}

/**
 * Fulfilments of 1 unit, each path once (a unit still open on an active contract item), each
 * with its own Idempotency-Key. When the data has few open units, the run ends once each was
 * used (a second use would answer 400).
 */
export function fulfilmentLoad(session: Session, paths: string[], load: Load): Promise<HttpWorkload> {
  let next = 0;
  const few = paths.length < load.duration * 1_000;
  return httpLoad({
    name: "fulfilment",
    label: `POST …/contracts/:id/items/:id/fulfilments (quantity 1${few ? `, the ${paths.length} open units` : ""})`,
    baseUrl: session.baseUrl,
    ...load,
    ...(few ? { amount: paths.length } : {}),
    method: "POST",
    headers: authHeaders(session, true),
    requests: [
      {
        method: "POST",
        body: JSON.stringify({ quantity: "1" }),
        setupRequest: (request: RawRequest) => ({
          ...request,
          path: paths[next++ % paths.length],
          headers: { ...request.headers, "idempotency-key": `bench-${randomUUID()}` },
        }),
      },
    ],
  });
}
