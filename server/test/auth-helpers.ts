import pg from "pg";
import type { LightMyRequestResponse } from "fastify";
import type { RelataApp } from "../src/app";
import { testPassword, type Harness, type Session } from "./harness";

/** Helpers for the authentication, session and CSRF tests: raw requests and direct SQL. */

export type InjectOptions = { headers?: Record<string, string>; remoteAddress?: string };

/** POST /api/auth/login as a browser would, without asserting anything. */
export function attemptLogin(
  app: RelataApp,
  email: string,
  password = testPassword,
  options: InjectOptions = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    headers: options.headers ?? {},
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

export function sessionCookieOf(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name.endsWith("relata_session"));
}

/** The session of a successful login response (cookie header value + CSRF token). */
export function sessionOf(response: LightMyRequestResponse): Session {
  const cookie = sessionCookieOf(response);
  if (response.statusCode >= 300 || !cookie) throw new Error(`not a session response: ${response.statusCode} ${response.body}`);
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return { cookie: `${cookie.name}=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
}

/** Runs SQL as the owner of the test database (outside the app's role and pool). */
export async function ownerQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
  h: Harness,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: h.database.ownerUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A whole users row (for "nothing changed" comparisons). */
export async function userRow(h: Harness, id: string) {
  const [row] = await ownerQuery(h, "SELECT * FROM users WHERE id = $1", [id]);
  return row;
}

export async function liveSessionCount(h: Harness, userId: string): Promise<number> {
  const [row] = await ownerQuery<{ n: string }>(h, "SELECT count(*)::text AS n FROM sessions WHERE user_id = $1 AND ended_at IS NULL", [
    userId,
  ]);
  return Number(row?.n ?? 0);
}

/** An error body exposes only the catalogue shape: no stack trace, no SQL, no internals. */
export function expectCleanErrorBody(response: LightMyRequestResponse): Record<string, unknown> {
  const body = response.json() as Record<string, unknown>;
  const allowed = new Set(["code", "message", "details", "requestId"]);
  const extra = Object.keys(body).filter((key) => !allowed.has(key));
  if (extra.length > 0) throw new Error(`error body has unexpected keys ${extra.join(", ")}: ${response.body}`);
  if (typeof body.code !== "string" || typeof body.message !== "string") throw new Error(`error body lacks code/message: ${response.body}`);
  if (
    /\n\s+at |\bat .*\.(?:ts|js):\d+|\b(?:SELECT|INSERT|UPDATE|DELETE)\b.*\b(?:FROM|INTO|SET|WHERE)\b|Failed query|relation "|violates|SQLSTATE|node_modules|Cannot read properties/i.test(
      response.body,
    )
  ) {
    throw new Error(`error body leaks internals: ${response.body}`);
  }
  return body;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
