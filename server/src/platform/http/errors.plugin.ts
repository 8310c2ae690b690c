import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ErrorBody } from "@relata/contracts";
import { AppError } from "../errors";

const databaseDownCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "53300",
]);

/** The error and its causes: drizzle wraps driver errors (`DrizzleQueryError`, code on `cause`). */
function errorChain(error: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown }[] = [];
  for (let current = error; current && typeof current === "object" && chain.length < 5; current = (current as { cause?: unknown }).cause) {
    chain.push(current as { code?: unknown; message?: unknown });
  }
  return chain;
}

/** The PostgreSQL SQLSTATE (or socket error code) behind an error, however deeply wrapped. */
export function databaseErrorCode(error: unknown): string | undefined {
  const found = errorChain(error).find((link) => typeof link.code === "string");
  return found?.code as string | undefined;
}

/** True for errors that mean "the database is not reachable right now" (restart, failover, kill). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorChain(error).some(({ code, message }) => {
    if (typeof code === "string" && databaseDownCodes.has(code)) return true;
    return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection/i.test(
      typeof message === "string" ? message : "",
    );
  });
}

/** Field path of a zod issue as the client sent it: `body.teamIds.2` → `teamIds[2]`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === "number" ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
    "",
  );
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorBody, headers: Record<string, string> = {}) =>
      reply
        .code(status)
        .headers(headers)
        .send({ ...body, requestId: request.id });

    if (error instanceof AppError) {
      return send(
        error.status,
        {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
          ...(error.candidates ? { candidates: error.candidates } : {}),
        },
        error.headers,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const where = error.validationContext === "body" ? "" : `${error.validationContext ?? ""}.`;
        // fastify-type-provider-zod reports a zod issue as { keyword: code, instancePath: "/a/0", params: rest of the issue }.
        const path = (issue.instancePath ?? "")
          .split("/")
          .filter(Boolean)
          .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        const field = fieldName(path);
        const keys = (issue.params as { keys?: unknown } | undefined)?.keys;
        const unknownKeys = issue.keyword === "unrecognized_keys" && Array.isArray(keys) ? keys.map(String) : undefined;
        return {
          field: unknownKeys?.length
            ? unknownKeys.map((key) => `${where}${field ? `${field}.` : ""}${key}`).join(", ")
            : `${where}${field}` || String(error.validationContext),
          message: unknownKeys?.length ? "is not a field you may set" : (issue.message ?? "is not valid"),
        };
      });
      return send(400, { code: "validation", message: details.map((d) => `${d.field}: ${d.message}`).join("; "), details });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, "response did not match its schema");
      return send(500, { code: "internal", message: "Something went wrong on our side" });
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return send(415, { code: "unsupported_media_type", message: "Send the body as application/json" });
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return send(413, { code: "payload_too_large", message: "The request body is too large" });
    }
    if (
      error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
      error.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      (error.statusCode === 400 && error.code?.startsWith("FST_"))
    ) {
      return send(400, {
        code: "validation",
        message: "The request body is not valid JSON",
        details: [{ field: "body", message: "is not valid JSON" }],
      });
    }
    const sqlState = databaseErrorCode(error);
    if (sqlState === "23505") {
      // A unique index caught what a service's own check missed (two requests racing).
      return send(409, { code: "conflict", message: "This conflicts with an existing record" });
    }
    if (sqlState === "22021" || sqlState === "22P05") {
      // PostgreSQL text cannot hold this character (NUL): the input is at fault, not the server.
      return send(400, { code: "validation", message: "The request contains a character that cannot be stored (such as NUL)" });
    }
    if (sqlState === "40P01" || sqlState === "40001") {
      // Still a deadlock or serialization failure after the unit of work's own retries.
      request.log.warn({ err: { code: sqlState } }, "transaction conflict persisted after retries");
      return send(503, { code: "unavailable", message: "The service is busy; try again shortly" }, { "retry-after": "1" });
    }
    if (isDatabaseUnavailable(error)) {
      // The driver's message only: the wrapper's message carries the SQL text and its parameters.
      const cause = errorChain(error).at(-1);
      request.log.warn(
        { err: { message: typeof cause?.message === "string" ? cause.message : undefined, code: sqlState } },
        "database unavailable",
      );
      return send(503, { code: "unavailable", message: "The service is temporarily unavailable" }, { "retry-after": "2" });
    }
    if (error.statusCode === 429) {
      return send(429, { code: "rate_limited", message: "Too many requests" }, { "retry-after": "1" });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, { code: "validation", message: "The request is not valid" });
    }
    request.log.error({ err: error }, "unhandled error");
    return send(500, { code: "internal", message: "Something went wrong on our side" });
  });
}
