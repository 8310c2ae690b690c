import type { Session } from "../api";
import { authHeaders } from "../api";
import { httpLoad, type HttpWorkload } from "./http-load";

export const listPath = "/api/companies?limit=50";

/** The first page of the company list (50 rows, default sort by name). */
export async function listPage(
  session: Session,
  options: { connections: number; duration: number; amount?: number },
): Promise<HttpWorkload> {
  return httpLoad({
    name: "list",
    label: "GET /api/companies?limit=50",
    baseUrl: session.baseUrl,
    connections: options.connections,
    duration: options.duration,
    amount: options.amount,
    headers: authHeaders(session, false),
    requests: [{ method: "GET", path: listPath }],
  });
}
