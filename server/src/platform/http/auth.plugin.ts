import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Platform } from "../context";
import { authenticate } from "../auth/auth.service";
import { canUse } from "../access/policy";
import { AppError, Forbidden, Unauthenticated } from "../errors";
import type { UserActor } from "../access/actor";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function sessionCookieName(secure: boolean) {
  return secure ? "__Host-relata_session" : "relata_session";
}

export function setSessionCookie(platform: Platform, reply: FastifyReply, token: string) {
  reply.setCookie(sessionCookieName(platform.config.secureCookies), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: platform.config.secureCookies,
    path: "/",
    maxAge: Math.floor(platform.config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(platform: Platform, reply: FastifyReply) {
  reply.clearCookie(sessionCookieName(platform.config.secureCookies), {
    path: "/",
    secure: platform.config.secureCookies,
    httpOnly: true,
    sameSite: "lax",
  });
}

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function expectedOrigin(platform: Platform, request: FastifyRequest) {
  return platform.config.publicOrigin ?? `${request.protocol}://${request.host}`;
}

/** Cross-site requests are refused before anything runs: Origin / Sec-Fetch-Site must be ours. */
function assertSameOrigin(platform: Platform, request: FastifyRequest) {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== expectedOrigin(platform, request)) throw Forbidden("Cross-origin request refused");
  if (request.headers["sec-fetch-site"] === "cross-site") throw Forbidden("Cross-site request refused");
}

/** The signed-in user of a request whose route is not public. */
export function requireActor(request: FastifyRequest): UserActor {
  if (!request.actor) throw Unauthenticated();
  return request.actor;
}

/**
 * Authentication, CSRF and function-level authorization run in onRequest, before the body is
 * even read: a denied request can never have written anything.
 */
export function registerAuth(app: FastifyInstance, platform: Platform) {
  app.decorateRequest("actor", undefined);
  app.decorateRequest("session", undefined);
  app.decorateRequest("idempotency", undefined);

  app.addHook("onRequest", async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) {
      if (request.url.startsWith("/api/") && request.routeOptions.url !== undefined) {
        throw new AppError("internal", 500, "Route has no declared permission");
      }
      return;
    }
    const mutating = !safeMethods.has(request.method);
    if (mutating) assertSameOrigin(platform, request);

    if (request.url.startsWith("/api/") && "api_key" in ((request.query as object) ?? {})) {
      throw Unauthenticated("API keys are accepted in a header only");
    }
    const token = request.cookies[sessionCookieName(platform.config.secureCookies)];
    if (token) {
      const authenticated = await authenticate(platform, token);
      if (authenticated) {
        request.actor = authenticated.actor;
        request.session = authenticated.session;
      }
    }
    if (permission === "public") return;
    if (!request.actor || !request.session) throw Unauthenticated();
    if (mutating) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || !sameToken(sent, request.session.csrfToken)) throw Forbidden("Missing or invalid CSRF token");
    }
    if (permission !== "authenticated" && !canUse(request.actor, permission.object, permission.action)) throw Forbidden();
  });
}
