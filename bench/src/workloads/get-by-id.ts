import type { Session } from "../api";
import { authHeaders } from "../api";
import { httpLoad, type HttpWorkload } from "./http-load";

/** GET /api/companies/:id with the session cookie, cycling through the seeded ids. */
export async function getById(
  session: Session,
  ids: string[],
  options: { connections: number; duration: number; amount?: number },
): Promise<HttpWorkload> {
  let next = 0;
  return httpLoad({
    name: "get-by-id",
    label: "GET /api/companies/:id",
    baseUrl: session.baseUrl,
    connections: options.connections,
    duration: options.duration,
    amount: options.amount,
    headers: authHeaders(session, false),
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, path: `/api/companies/${ids[next++ % ids.length]}` }),
      },
    ],
  });
}
