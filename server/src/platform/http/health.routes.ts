import type { FastifyInstance } from "fastify";
import type pg from "pg";

/** Liveness never touches the database; readiness answers 503 while it is unreachable. */
export function healthRoutes(pool: pg.Pool) {
  return async (app: FastifyInstance) => {
    app.get("/health/live", { config: { permission: "public" }, schema: { hide: true } }, async () => ({ status: "ok" }));
    app.get("/health/ready", { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => {
      try {
        await pool.query("SELECT 1");
        return { status: "ready" };
      } catch {
        return reply.code(503).header("retry-after", "2").send({ status: "unavailable" });
      }
    });
  };
}
