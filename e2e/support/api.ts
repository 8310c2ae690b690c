// A signed-in API client for arranging test data and for making changes "from elsewhere":
// its own cookie jar (Playwright request context), the session's CSRF token on every write,
// If-Match from a version.
import { request, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from "@playwright/test";

export function baseURL(): string {
  const url = process.env.RELATA_E2E_BASE_URL;
  if (!url)
    throw new Error("RELATA_E2E_BASE_URL is not set: run the tests through playwright.config.ts (its global setup starts the server)");
  return url;
}

/** The administrator created by the first-run setup test. */
export const admin = { name: "Ada Admin", email: "admin@e2e.test", password: "e2e admin passphrase 7f3k" } as const;
/** Password of every user the tests create. */
export const userPassword = "e2e user passphrase 9q2m";

export type Credentials = { email: string; password: string };
export type Me = {
  id: string;
  email: string;
  name: string;
  locale: "en" | "zh-CN" | "sv";
  timeZone: string;
  role: { id: string; key: string; name: string };
  permissions: Record<string, Record<string, string>>;
  teamIds: string[];
};
export type User = { id: string; email: string; name: string; roleId: string; teamIds: string[]; locale: string; version: number };
export type Role = { id: string; key: string; name: string; version: number };
export type Team = { id: string; name: string; orgUnitId: string | null; version: number };
export type Company = {
  id: string;
  name: string;
  ownerId: string;
  teamId: string | null;
  orgUnitId: string | null;
  securityLevel: number;
  version: number;
  updatedAt: string;
};

let counter = 0;
/** A name or email part no other test (or earlier run on the same server) uses. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36).slice(-5)}${process.pid.toString(36).slice(-2)}${counter}`;
}
export function uniqueEmail(prefix: string): string {
  return `${unique(prefix).replace(/\s+/g, "-").toLowerCase()}@e2e.test`;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

async function bodyOf(response: APIResponse): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export class Api {
  private constructor(
    readonly context: APIRequestContext,
    private csrfToken: string,
    readonly me: Me,
  ) {}

  /** Signs in with a request context of its own (a separate session, like another browser). */
  static async signIn(credentials: Credentials): Promise<Api> {
    const context = await request.newContext({ baseURL: baseURL() });
    const response = await context.post("/api/auth/login", { data: { email: credentials.email, password: credentials.password } });
    if (!response.ok()) {
      const body = await bodyOf(response);
      await context.dispose();
      throw new ApiFailure(response.status(), body, `sign-in of ${credentials.email}`);
    }
    const session = (await response.json()) as { user: Me; csrfToken: string };
    const api = new Api(context, session.csrfToken, session.user);
    // As the web app does: the CSRF token of the session comes from GET /api/auth/session.
    await api.refreshCsrf();
    return api;
  }

  /** Re-reads the CSRF token the way the web app does (GET /api/auth/session). */
  async refreshCsrf(): Promise<string> {
    const session = (await this.get<{ csrfToken: string }>("/api/auth/session")) as { csrfToken: string };
    this.csrfToken = session.csrfToken;
    return this.csrfToken;
  }

  async raw(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    options: { body?: unknown; version?: number; query?: Query } = {},
  ): Promise<APIResponse> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (method !== "GET") headers["x-csrf-token"] = this.csrfToken;
    if (options.version !== undefined) headers["if-match"] = `"${options.version}"`;
    const params = options.query
      ? (Object.fromEntries(Object.entries(options.query).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>)
      : undefined;
    return this.context.fetch(path, { method, headers, data: options.body, params });
  }

  async call<T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    options: { body?: unknown; version?: number; query?: Query } = {},
  ): Promise<T> {
    const response = await this.raw(method, path, options);
    const body = await bodyOf(response);
    if (!response.ok()) throw new ApiFailure(response.status(), body, `${method} ${path}`);
    return body as T;
  }

  get<T>(path: string, query?: Query) {
    return this.call<T>("GET", path, { query });
  }
  post<T>(path: string, body: unknown) {
    return this.call<T>("POST", path, { body });
  }
  patch<T>(path: string, body: unknown, version: number) {
    return this.call<T>("PATCH", path, { body, version });
  }
  delete<T>(path: string, version?: number) {
    return this.call<T>("DELETE", path, { version });
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
  }

  // ── test data ────────────────────────────────────────────────────────────────────────────────

  async roleId(key: string): Promise<string> {
    const roles = await this.get<{ items: Role[] }>("/api/roles");
    const role = roles.items.find((r) => r.key === key);
    if (!role) throw new Error(`no role with key ${key} (have ${roles.items.map((r) => r.key).join(", ")})`);
    return role.id;
  }

  async createTeam(name = unique("Team")): Promise<Team> {
    return this.post<Team>("/api/teams", { name });
  }

  async createUser(
    options: { role?: string; name?: string; email?: string; teamIds?: string[]; locale?: "en" | "zh-CN" | "sv" } = {},
  ): Promise<User & { password: string }> {
    const user = await this.post<User>("/api/users", {
      email: options.email ?? uniqueEmail("user"),
      name: options.name ?? unique("User"),
      password: userPassword,
      roleId: await this.roleId(options.role ?? "administrator"),
      teamIds: options.teamIds,
      locale: options.locale ?? "en",
    });
    return { ...user, password: userPassword };
  }

  async createCompany(options: { name?: string; ownerId?: string; teamId?: string | null; securityLevel?: number } = {}): Promise<Company> {
    // Test data names look alike ("Company 1a2b…"): skip the duplicate check the UI flows exercise.
    return this.post<Company>("/api/companies", { ...options, name: options.name ?? unique("Company"), ignoreDuplicates: true });
  }

  async company(id: string): Promise<Company> {
    return this.get<Company>(`/api/companies/${id}`);
  }

  /** Renames a company as a concurrent editor would: read its version, PATCH with If-Match. */
  async renameCompany(id: string, name: string): Promise<Company> {
    const current = await this.company(id);
    return this.patch<Company>(`/api/companies/${id}`, { name }, current.version);
  }
}

/**
 * Signs a browser context in through the API (its own server session, cookie in the context's
 * jar). Tests that exercise the sign-in form itself use the form instead.
 */
export async function signInContext(target: BrowserContext | Page, credentials: Credentials): Promise<Me> {
  const response = await target.request.post(`${baseURL()}/api/auth/login`, {
    data: { email: credentials.email, password: credentials.password },
  });
  if (!response.ok()) throw new ApiFailure(response.status(), await bodyOf(response), `sign-in of ${credentials.email}`);
  return ((await response.json()) as { user: Me }).user;
}
