import type { DuplicateCandidate, ErrorBody, ErrorCode } from "@relata/contracts";

/** A failed API call: the server's error catalogue entry, with the fields it concerns. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "network";
  readonly details: { field: string; message: string }[];
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;
  /** With code "duplicate" (409): the records the input probably duplicates. */
  readonly candidates: DuplicateCandidate[];

  constructor(status: number, body: Partial<ErrorBody> | undefined, retryAfter?: number) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.code ?? (status === 0 ? "network" : "internal");
    this.details = body?.details ?? [];
    this.requestId = body?.requestId;
    this.retryAfter = retryAfter;
    this.candidates = body?.candidates ?? [];
  }

  /** The message for one field (zod paths like `teamIds.0` match `teamIds`). */
  fieldError(field: string): string | undefined {
    return this.details.find((d) => d.field === field || d.field.startsWith(`${field}.`))?.message;
  }

  get isConflict() {
    return this.status === 412;
  }
}

/** A record and the ETag to send back with its next change. */
export type Versioned<T> = T & { version: number };

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type RequestOptions = {
  body?: unknown;
  /** The version the change is based on (sent as If-Match). */
  version?: number;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  idempotencyKey?: string;
};

let csrfToken: string | undefined;
const unauthenticatedListeners = new Set<() => void>();

export const csrf = {
  set(token: string | undefined) {
    csrfToken = token;
  },
  /** For the one request `api` cannot make (an upload that reports its progress). */
  get(): string | undefined {
    return csrfToken;
  },
};

/** Called when a request answers 401 (session ended elsewhere, timed out, user deactivated). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function toQueryString(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** One call to the Relata API. JSON in and out, CSRF token and If-Match added, errors thrown as ApiError. */
export async function api<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  if (options.version !== undefined) headers["if-match"] = `"${options.version}"`;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, { message: (error as Error).message });
  }
  const text = await response.text();
  if (!response.ok) throw apiFailure(path, response.status, text, Number(response.headers.get("retry-after")) || undefined);
  return (text ? safeJson(text) : undefined) as T;
}

/** The error for a call that answered `status` with `text`; a 401 tells the listeners the session has ended. */
export function apiFailure(path: string, status: number, text: string, retryAfter?: number): ApiError {
  if (status === 401 && !path.startsWith("/api/auth/") && path !== "/api/setup") {
    for (const listener of unauthenticatedListeners) listener();
  }
  return new ApiError(status, (text ? safeJson(text) : undefined) as Partial<ErrorBody> | undefined, retryAfter);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fresh key for a POST that may be retried (network hiccup, double click). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
