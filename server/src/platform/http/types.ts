import type { AccessAction, AccessObject } from "@relata/contracts";
import type { Actor, UserActor } from "../access/actor";
import type { SessionRow } from "../auth/auth.repository";
import type { IdempotencyClaim } from "../events/unit-of-work";

/**
 * Every route declares who may call it: anyone, any signed-in user, or holders of a
 * function permission (object + action). Record-level rules are applied by services.
 */
export type RoutePermission = "public" | "authenticated" | { object: AccessObject; action: AccessAction };

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: UserActor | undefined;
    session: SessionRow | undefined;
    idempotency: (IdempotencyClaim & { stored: boolean }) | undefined;
  }
}

export type { Actor };
