import { createHash, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Platform } from "../context";
import { idempotencyKeys } from "../../db/schema";
import { AppError, Validation } from "../errors";

const keyPattern = /^[\w.:-]{8,128}$/;
/** A claim left in progress this long (a crashed request) may be taken over by a retry. */
const abandonedAfterSeconds = 60;
const replayedHeaders = ["content-type", "etag", "location"];

/**
 * `Idempotency-Key` on POST: the first request's outcome is stored and replayed to retries
 * (24 h); the same key with another body answers 422, one still running answers 409. The
 * claim is marked committed inside the business transaction, so a retry can never repeat it.
 */
export function registerIdempotency(app: FastifyInstance, platform: Platform) {
  app.addHook("preHandler", async (request, reply) => {
    if (request.method !== "POST") return;
    // Public routes (sign-in, setup) are never replayed: a stored answer would hand out a
    // session's CSRF token to whoever repeats the key, and their Set-Cookie is not replayable.
    if (request.routeOptions.config.permission === "public") return;
    const key = request.headers["idempotency-key"];
    if (key === undefined) return;
    if (typeof key !== "string" || !keyPattern.test(key)) {
      throw Validation([{ field: "Idempotency-Key", message: "must be 8–128 letters, digits or . _ : -" }]);
    }
    const actorKey = request.actor?.userId ?? `anonymous:${request.ip}`;
    const bodyHash = createHash("sha256")
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest("base64url");
    const token = randomUUID();
    const claimed = await platform.db
      .insert(idempotencyKeys)
      .values({ actorKey, key, method: request.method, path: request.url, bodyHash, lockedBy: token })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      request.idempotency = { actorKey, key, token, stored: false };
      return;
    }
    const [existing] = await platform.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorKey, actorKey), eq(idempotencyKeys.key, key)));
    if (!existing) throw new AppError("conflict", 409, "This request is already being processed");
    if (existing.bodyHash !== bodyHash) {
      throw new AppError("idempotency_mismatch", 422, "This Idempotency-Key was used with a different request");
    }
    if (existing.state === "done" && existing.status !== null) {
      return reply
        .code(existing.status)
        .headers({ ...(existing.headers ?? {}), "idempotent-replayed": "true" })
        .serializer((payload: unknown) => payload as string)
        .send(existing.body ?? "");
    }
    if (existing.state === "in_progress") {
      const takeover = await platform.db
        .update(idempotencyKeys)
        .set({ createdAt: sql`now()`, lockedBy: token })
        .where(
          and(
            eq(idempotencyKeys.actorKey, actorKey),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.state, "in_progress"),
            sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${abandonedAfterSeconds})`,
          ),
        )
        .returning({ key: idempotencyKeys.key });
      if (takeover.length > 0) {
        request.idempotency = { actorKey, key, token, stored: false };
        return;
      }
    }
    throw new AppError("conflict", 409, "This request is already being processed");
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim || claim.stored) return payload;
    claim.stored = true;
    // Only while this attempt still holds the claim (not after a takeover by a retry).
    const where = and(
      eq(idempotencyKeys.actorKey, claim.actorKey),
      eq(idempotencyKeys.key, claim.key),
      eq(idempotencyKeys.lockedBy, claim.token),
    );
    if (reply.statusCode >= 500 || reply.statusCode === 409 || reply.statusCode === 429) {
      // Nothing was done (or we cannot tell): free the key so the client's retry runs again,
      // unless the business transaction committed.
      await platform.db
        .delete(idempotencyKeys)
        .where(and(where, eq(idempotencyKeys.state, "in_progress")))
        .catch(() => undefined);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of replayedHeaders) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await platform.db
      .update(idempotencyKeys)
      .set({
        state: "done",
        status: reply.statusCode,
        headers,
        body: typeof payload === "string" ? payload : payload === null ? "" : String(payload),
      })
      .where(where)
      .catch((error: Error) => request.log.warn({ err: { message: error.message } }, "could not store idempotent response"));
    return payload;
  });
}
