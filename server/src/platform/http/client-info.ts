import type { FastifyRequest } from "fastify";
import type { ClientInfo } from "../auth/auth.service";
import type { UnitOfWorkContext } from "../events/unit-of-work";
import { requireActor } from "./auth.plugin";

export function clientInfo(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers["user-agent"], requestId: request.id };
}

/** The unit-of-work context of a signed-in request: actor, request id, idempotency claim. */
export function workContext(request: FastifyRequest): UnitOfWorkContext & { actor: ReturnType<typeof requireActor> } {
  return { actor: requireActor(request), requestId: request.id, idempotency: request.idempotency };
}
