import type { FastifyInstance } from "fastify";

/**
 * Graceful shutdown: once `close()` starts, every answer still in flight also closes its
 * connection. Otherwise a keep-alive connection that was busy when the server stopped listening
 * stays open after its answer, and close() waits for the keep-alive timeout (72 s).
 */
export function registerGracefulShutdown(app: FastifyInstance) {
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });
}
