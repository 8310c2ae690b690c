import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { errorBody, liveClientMessage } from "@relata/contracts";
import type { Platform } from "../context";
import type { RealtimeHub, Subscriber } from "./hub";
import type { TopicRegistry } from "./topics";
import { Forbidden, Unauthenticated } from "../errors";

const maxTopicsPerSocket = 500;

/**
 * `/api/live`: one authenticated WebSocket per tab. The client subscribes to topics; the hub
 * pushes committed events it may see. Same-origin only (no cross-site WebSocket hijacking).
 */
export function liveRoutes(platform: Platform, hub: RealtimeHub, topics: TopicRegistry) {
  return async (app: FastifyInstance) => {
    app.route({
      method: "GET",
      url: "/api/live",
      config: { permission: "authenticated" },
      schema: {
        tags: ["live"],
        summary: "WebSocket of live events (subscribe to topics); a plain GET answers 426",
        response: { 426: errorBody },
      },
      preValidation: async (request: FastifyRequest) => {
        const origin = request.headers.origin;
        const expected = platform.config.publicOrigin ?? `${request.protocol}://${request.host}`;
        if (origin !== undefined && origin !== expected) throw Forbidden("Cross-origin WebSocket refused");
        if (!request.actor) throw Unauthenticated();
      },
      handler: (_request, reply) => reply.code(426).send({ code: "validation", message: "Connect with a WebSocket" }),
      wsHandler: (socket: WebSocket, request: FastifyRequest) => {
        const actor = request.actor!;
        const subscriber: Subscriber = {
          actor,
          sessionId: request.session?.id,
          topics: new Set(),
          send: (message) => {
            if (socket.readyState === socket.OPEN) socket.send(message);
          },
          close: (code, reason) => socket.close(code, reason),
        };
        const remove = hub.add(subscriber);
        socket.on("close", remove);
        socket.on("error", remove);
        socket.send(JSON.stringify({ type: "ready" }));
        socket.on("message", (data: Buffer) => {
          void (async () => {
            let parsed;
            try {
              parsed = liveClientMessage.safeParse(JSON.parse(String(data)));
            } catch {
              parsed = undefined;
            }
            if (!parsed?.success) {
              socket.send(JSON.stringify({ type: "error", message: "invalid message" }));
              return;
            }
            const message = parsed.data;
            if (message.type === "ping") {
              socket.send(JSON.stringify({ type: "pong" }));
            } else if (message.type === "unsubscribe") {
              for (const topic of message.topics) subscriber.topics.delete(topic);
              socket.send(JSON.stringify({ type: "unsubscribed", topics: message.topics }));
            } else {
              const granted: string[] = [];
              const denied: string[] = [];
              for (const topic of message.topics) {
                if (subscriber.topics.size < maxTopicsPerSocket && (await topics.mayWatch(subscriber.actor, topic))) {
                  subscriber.topics.add(topic);
                  granted.push(topic);
                } else {
                  denied.push(topic);
                }
              }
              socket.send(JSON.stringify({ type: "subscribed", topics: granted, denied }));
            }
          })();
        });
      },
    });
  };
}
