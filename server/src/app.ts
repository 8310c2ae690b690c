import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import Fastify, { type FastifyInstance, type RouteHandlerMethod, type RouteOptions } from "fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import websocket from "@fastify/websocket";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import fastifyStatic from "@fastify/static";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type pg from "pg";
import type { Config } from "./config";
import { createDb, type Db } from "./db/connection";
import type { Platform } from "./platform/context";
import { Projections } from "./platform/events/unit-of-work";
import { RealtimeHub, type PublishedEvent } from "./platform/realtime/hub";
import { TopicRegistry } from "./platform/realtime/topics";
import { liveRoutes } from "./platform/realtime/live.routes";
import { registerErrorHandling, isDatabaseUnavailable } from "./platform/http/errors.plugin";
import { registerAuth } from "./platform/http/auth.plugin";
import { registerIdempotency } from "./platform/http/idempotency.plugin";
import { registerGracefulShutdown } from "./platform/http/shutdown.plugin";
import { healthRoutes } from "./platform/http/health.routes";
import { authRoutes } from "./platform/auth/auth.routes";
import { actorForSession } from "./platform/auth/auth.service";
import { ActorCache, touchesActors } from "./platform/auth/actor-cache";
import { auditRoutes } from "./platform/audit/audit.routes";
import { readOutbox } from "./platform/events/outbox.repository";
import { SearchRegistry } from "./platform/search/search.registry";
import { searchRoutes } from "./platform/search/search.routes";
import { customFieldRoutes } from "./platform/custom-fields";
import { adminRoutes, userSearch } from "./modules/admin";
import { canWatchCompany, companyRoutes, companySearch } from "./modules/companies";
import { canWatchContact, contactRoutes, contactSearch, registerContactHooks } from "./modules/contacts";
import { viewRoutes } from "./modules/views";
import { canWatchImport, importRoutes } from "./modules/imports";
import { groupRoutes, registerGroupHooks } from "./modules/groups";
import { dimensionRoutes } from "./modules/dimensions";
import { accountTeamRoutes, registerAccountTeamHooks } from "./modules/accounts";
import { financeRoutes, registerFinanceHooks } from "./modules/finance";
import { notificationRoutes, registerNotificationHousekeeping, registerWorkflowNotifications } from "./modules/notifications";
import { registerReminderJobs, registerTaskHooks, taskRoutes } from "./modules/tasks";
import { registerTimelineHooks, timelineRoutes } from "./modules/timeline";
import { documentRoutes, registerDocumentHooks } from "./modules/documents";
import { addWorker } from "./platform/jobs/jobs";
import { productRoutes } from "./modules/products";
import { contractRoutes, contractSearch, registerContractSearch } from "./modules/contracts";
import { billingRoutes, registerStoredCurrencies } from "./modules/billing";
import { forgetPeerRevenue, valueRoutes } from "./modules/value";
import { registerBusinessReminderJobs, registerReminderHooks, reminderRoutes } from "./modules/reminders";
import { competitorRoutes } from "./modules/competitors";
import { orderRoutes } from "./modules/orders";
import { registerDemoData } from "./seed";

export type AppDeps = { config: Config; pool: pg.Pool; db?: Db };

/** Every route as registered (after all onRoute hooks ran): the input of the route-table tests. */
export type RouteTableEntry = Pick<RouteOptions, "method" | "url" | "config" | "schema" | "websocket">;

export type RelataApp = FastifyInstance & { platform: Platform; hub: RealtimeHub; routeTable: readonly RouteTableEntry[] };

/** Personal data and secrets never reach the logs. */
const redact = {
  paths: [
    "req.headers.cookie",
    "req.headers.authorization",
    'req.headers["x-csrf-token"]',
    'req.headers["x-api-key"]',
    'res.headers["set-cookie"]',
    "*.password",
    "*.email",
  ],
  censor: "[redacted]",
};

/** Builds the whole application without listening (tests use `inject`). */
export async function buildApp({ config, pool, db = createDb(pool) }: AppDeps): Promise<RelataApp> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel, redact },
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 200 },
    forceCloseConnections: false,
  });
  const log = {
    info: (msg: string) => app.log.info(msg),
    warn: (msg: string) => app.log.warn(msg),
    error: (obj: unknown, msg?: string) => app.log.error(obj, msg),
  };
  const platform: Platform = { config, db, projections: new Projections(), log, actors: new ActorCache(config.actorCacheMs) };
  // A change to users, roles, teams, units or sessions made here is seen by the next request here.
  platform.projections.onCommit((events) => {
    if (touchesActors(events)) platform.actors.clear();
  });
  const hub = new RealtimeHub(
    pool.options.connectionString!,
    (afterId, ids) => readOutbox(db, afterId, ids),
    (sessionId) => actorForSession(platform, sessionId),
    log,
  );
  const topics = new TopicRegistry()
    .list("companies", "company")
    .list("grade-rules", "setting")
    .list("contacts", "contact")
    .record("contact", (actor, id) => canWatchContact(platform, actor, id))
    .list("users", "user")
    .list("roles", "role")
    .list("teams", "team")
    .list("org-units", "org_unit")
    .list("custom-fields", "setting")
    .list("dimensions", "setting")
    .list("deposit-rules", "setting")
    .list("products", "setting")
    .list("value-segments", "setting")
    .list("reminder-settings", "setting")
    .list("competitor-contracts", "company")
    .list("sessions", "session")
    .record("company", (actor, id) => canWatchCompany(platform, actor, id))
    .record("import", (actor, id) => canWatchImport(platform, actor, id))
    // A personal topic (the inbox, one's own tasks and sessions): only that user may subscribe.
    .record("user", async (actor, id) => actor.kind === "system" || actor.userId === id);
  const search = new SearchRegistry()
    .add(companySearch(platform))
    .add(userSearch(platform))
    .add(contactSearch(platform))
    .add(contractSearch(platform));
  registerContactHooks(platform);
  registerGroupHooks(platform);
  registerAccountTeamHooks();
  registerFinanceHooks();
  registerTaskHooks();
  registerTimelineHooks(platform);
  registerDocumentHooks(platform);
  registerWorkflowNotifications(platform);
  registerNotificationHousekeeping();
  addWorker(registerReminderJobs);
  registerReminderHooks(platform);
  registerContractSearch(platform);
  addWorker(registerBusinessReminderJobs);
  registerDemoData();

  // Collected first, so every route is seen; the objects are the ones later hooks complete.
  const routeTable: RouteTableEntry[] = [];
  app.addHook("onRoute", (route) => {
    routeTable.push(route);
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.removeContentTypeParser("text/plain");
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
  });
  // Idempotent reads get one retry when the database connection dropped under them.
  app.addHook("onRoute", (route) => {
    if (route.method !== "GET" || route.websocket) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function retryingRead(request, reply) {
      try {
        return await handler.call(this, request, reply);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 150));
        return handler.call(this, request, reply);
      }
    } as RouteHandlerMethod;
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Relata API",
        version: "0.1.0",
        description: "REST API of Relata, the CRM for companies that sell to corporate clients.",
      },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "relata_session" } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.addHook("onRoute", (route) => {
    // The documentation routes are public by nature.
    if (route.url.startsWith("/api/docs") && route.config?.permission === undefined)
      route.config = { ...route.config, permission: "public" };
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list" }, staticCSP: true });

  registerErrorHandling(app);
  registerAuth(app, platform);
  registerIdempotency(app, platform);
  registerGracefulShutdown(app);

  app.get("/api/openapi.json", { config: { permission: "public" }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes(pool));
  await app.register(authRoutes(platform));
  await app.register(auditRoutes(platform));
  await app.register(adminRoutes(platform));
  await app.register(companyRoutes(platform));
  await app.register(contactRoutes(platform));
  await app.register(viewRoutes(platform));
  await app.register(importRoutes(platform));
  await app.register(groupRoutes(platform));
  await app.register(customFieldRoutes(platform));
  await app.register(dimensionRoutes(platform));
  await app.register(accountTeamRoutes(platform));
  await app.register(financeRoutes(platform));
  await app.register(timelineRoutes(platform));
  await app.register(documentRoutes(platform));
  await app.register(taskRoutes(platform));
  await app.register(notificationRoutes(platform));
  await app.register(productRoutes(platform));
  await app.register(contractRoutes(platform));
  await app.register(billingRoutes(platform));
  await app.register(valueRoutes(platform));
  await app.register(reminderRoutes(platform));
  await app.register(competitorRoutes(platform));
  await app.register(orderRoutes(platform));
  await app.register(searchRoutes(search));
  await app.register(liveRoutes(platform, hub, topics));

  const webApp = existsSync(path.join(config.webDist, "index.html"));
  if (webApp) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: false,
      // Built assets have content hashes in their names: cache them for good; the page itself never.
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header(
          "cache-control",
          filePath.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  }
  // Unknown API paths and missing files are 404; any other GET is a client-side route of the web app.
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split("?")[0]!;
    const isFile = pathname.startsWith("/assets/") || /\.[a-z0-9]{1,8}$/i.test(pathname);
    if (webApp && request.method === "GET" && !isFile && !pathname.startsWith("/api/") && !pathname.startsWith("/health/")) {
      return reply.type("text/html").header("cache-control", "no-cache").sendFile("index.html");
    }
    return reply.code(404).send({ code: "not_found", message: "No such endpoint", requestId: request.id });
  });

  // … and one made on another node as soon as its event arrives (the cache's TTL bounds the rest).
  hub.onEvent((event) => {
    if (touchesActors([event])) platform.actors.clear();
    forgetPeerRevenue(event.name);
  });
  // Money figures per currency are registered on first use; after a restart, for every currency the data holds.
  app.addHook("onReady", async () => registerStoredCurrencies(db));
  app.addHook("onReady", async () => hub.start());
  app.addHook("onClose", async () => hub.stop());
  return Object.assign(app, { platform, hub, routeTable }) as RelataApp;
}

export type { PublishedEvent };
