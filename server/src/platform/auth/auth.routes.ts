import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  changePasswordBody,
  loginBody,
  me as meSchema,
  okBody,
  profilePatch,
  sessionBody,
  setupBody,
  setupResult,
  setupStatus,
} from "@relata/contracts";
import type { Platform } from "../context";
import * as auth from "./auth.service";
import { clearSessionCookie, requireActor, setSessionCookie } from "../http/auth.plugin";
import { clientInfo } from "../http/client-info";
import { Unauthenticated } from "../errors";
import { updateProfile } from "./profile.service";

export function authRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get("/api/setup", {
      config: { permission: "public" },
      schema: { tags: ["auth"], summary: "Whether the first administrator still has to be created", response: { 200: setupStatus } },
      handler: async () => ({ needsSetup: await auth.needsSetup(platform) }),
    });

    r.post("/api/setup", {
      config: { permission: "public" },
      schema: {
        tags: ["auth"],
        summary: "Create the first administrator (only while no user exists), optionally with demo data",
        body: setupBody,
        response: { 201: setupResult },
      },
      handler: async (request, reply) => {
        const session = await auth.setup(platform, request.body, clientInfo(request));
        setSessionCookie(platform, reply, session.token);
        return reply.code(201).send({ ...session.body, ...(session.demoData ? { demoData: session.demoData } : {}) });
      },
    });

    r.post("/api/auth/login", {
      config: { permission: "public" },
      schema: { tags: ["auth"], summary: "Sign in with email and password", body: loginBody, response: { 200: sessionBody } },
      handler: async (request, reply) => {
        const session = await auth.login(platform, request.body.email, request.body.password, clientInfo(request), request.session?.id);
        setSessionCookie(platform, reply, session.token);
        return session.body;
      },
    });

    r.post("/api/auth/logout", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["auth"],
        summary: "Sign out: ends the session on the server",
        body: z.object({}).strict().nullish(),
        response: { 200: okBody },
      },
      handler: async (request, reply) => {
        await auth.logout(platform, requireActor(request), clientInfo(request));
        clearSessionCookie(platform, reply);
        return { ok: true as const };
      },
    });

    r.get("/api/auth/session", {
      config: { permission: "public" },
      schema: { tags: ["auth"], summary: "The current session, its user and CSRF token", response: { 200: sessionBody } },
      handler: async (request) => {
        if (!request.actor || !request.session) throw Unauthenticated();
        return auth.sessionBody(platform, request.actor, request.session);
      },
    });

    r.get("/api/me", {
      config: { permission: "authenticated" },
      schema: { tags: ["auth"], summary: "The signed-in user with role and permissions", response: { 200: meSchema } },
      handler: async (request) => auth.me(platform, requireActor(request)),
    });

    r.patch("/api/me", {
      config: { permission: "authenticated" },
      schema: { tags: ["auth"], summary: "Change your own name, language or time zone", body: profilePatch, response: { 200: meSchema } },
      handler: async (request) => {
        const actor = requireActor(request);
        await updateProfile(platform, actor, request.body, clientInfo(request));
        return auth.me(platform, actor);
      },
    });

    r.post("/api/me/password", {
      config: { permission: "authenticated" },
      schema: {
        tags: ["auth"],
        summary: "Change your password (needs the current one)",
        body: changePasswordBody,
        response: { 200: okBody },
      },
      handler: async (request) => {
        await auth.changePassword(platform, requireActor(request), request.body, clientInfo(request));
        return { ok: true as const };
      },
    });
  };
}
