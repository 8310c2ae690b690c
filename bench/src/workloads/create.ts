import type { Session } from "../api";
import { authHeaders } from "../api";
import { httpLoad, type HttpWorkload } from "./http-load";

/** POST /api/companies with the CSRF token: one transaction with audit row and outbox event each. */
export async function createCompanies(session: Session, options: { connections: number; duration: number }): Promise<HttpWorkload> {
  let next = 0;
  const runId = Date.now().toString(36);
  return httpLoad({
    name: "create",
    label: "POST /api/companies",
    baseUrl: session.baseUrl,
    connections: options.connections,
    duration: options.duration,
    method: "POST",
    headers: authHeaders(session, true),
    requests: [
      {
        method: "POST",
        path: "/api/companies",
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `Load ${runId} ${next++}` }) }),
      },
    ],
  });
}
