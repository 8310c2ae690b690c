import type { Session } from "../api";
import { authHeaders } from "../api";
import { randomInt } from "node:crypto";
import { httpLoad, type HttpWorkload } from "./http-load";

const letters = "abcdefghijklmnopqrstuvwxyz";
/** Two random words: unlike "Load 1" / "Load 2", no two are similar enough to be duplicates. */
const randomName = () => [8, 7].map((length) => Array.from({ length }, () => letters[randomInt(letters.length)]).join("")).join(" ");

/**
 * POST /api/companies with the CSRF token: the duplicate check, then one transaction with audit
 * row, search entry and outbox event each. Names are random letters, so the check runs in full
 * but finds nothing (a similar name would be answered 409).
 */
export async function createCompanies(session: Session, options: { connections: number; duration: number }): Promise<HttpWorkload> {
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
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: randomName() }) }),
      },
    ],
  });
}
