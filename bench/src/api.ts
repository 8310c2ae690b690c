import { randomBytes } from "node:crypto";

/** A signed-in session against one server: what every authenticated request needs. */
export type Session = { baseUrl: string; origin: string; cookie: string; csrfToken: string; email: string; password: string };

export type ApiResponse = { status: number; etag: string | null; body: unknown };

const requestTimeoutMs = 10_000;

function sessionCookie(response: Response): string {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    if (pair.startsWith("relata_session=") || pair.startsWith("__Host-relata_session=")) return pair;
  }
  throw new Error("the server set no session cookie");
}

async function postJson(url: string, origin: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
}

/**
 * Creates the first administrator (fresh database). When the database already has users
 * (an external DATABASE_URL reused between runs), signs in with RELATA_BENCH_EMAIL and
 * RELATA_BENCH_PASSWORD instead (set on the first run too, they name the administrator it creates).
 */
export async function signIn(baseUrl: string, origin: string): Promise<Session> {
  // Set, RELATA_BENCH_EMAIL/PASSWORD are also the first administrator's: a later run signs in with them.
  const email = process.env.RELATA_BENCH_EMAIL || "bench-admin@relata.test";
  const password = process.env.RELATA_BENCH_PASSWORD || `Bench-${randomBytes(18).toString("base64url")}`;
  let response = await postJson(`${baseUrl}/api/setup`, origin, { email, name: "Bench Admin", password });
  let signedInAs = email;
  let signedInWith = password;
  if (response.status === 409) {
    await response.arrayBuffer();
    const existingEmail = process.env.RELATA_BENCH_EMAIL;
    const existingPassword = process.env.RELATA_BENCH_PASSWORD;
    if (!existingEmail || !existingPassword) {
      throw new Error(
        "this database is already set up: set RELATA_BENCH_EMAIL and RELATA_BENCH_PASSWORD of an administrator, or use an empty database",
      );
    }
    response = await postJson(`${baseUrl}/api/auth/login`, origin, { email: existingEmail, password: existingPassword });
    signedInAs = existingEmail;
    signedInWith = existingPassword;
  }
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`signing in failed with ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { csrfToken: string };
  return { baseUrl, origin, cookie: sessionCookie(response), csrfToken: body.csrfToken, email: signedInAs, password: signedInWith };
}

/** Headers of an authenticated request (mutations also carry the CSRF token and our Origin). */
export function authHeaders(session: Session, mutating: boolean): Record<string, string> {
  return mutating
    ? { cookie: session.cookie, "x-csrf-token": session.csrfToken, origin: session.origin, "content-type": "application/json" }
    : { cookie: session.cookie };
}

export async function call(
  session: Session,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const mutating = method !== "GET" && method !== "HEAD";
  const response = await fetch(`${session.baseUrl}${path}`, {
    method,
    headers: { ...authHeaders(session, mutating), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep the text
  }
  return { status: response.status, etag: response.headers.get("etag"), body: parsed };
}
