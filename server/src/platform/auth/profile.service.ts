import { eq, sql } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Platform } from "../context";
import type { UserActor } from "../access/actor";
import type { ClientInfo } from "./auth.service";
import { unitOfWork } from "../events/unit-of-work";
import { Validation } from "../errors";

/** Own profile: only presentation fields. Role, team, unit and manager are not reachable here. */
export async function updateProfile(
  platform: Platform,
  actor: UserActor,
  input: { name?: string | undefined; locale?: string | undefined; timeZone?: string | undefined },
  client: ClientInfo,
) {
  if (input.timeZone !== undefined && !Intl.supportedValuesOf("timeZone").includes(input.timeZone) && input.timeZone !== "UTC") {
    throw Validation([{ field: "timeZone", message: "is not a known IANA time zone" }]);
  }
  await unitOfWork(platform.db, platform.projections, { actor, requestId: client.requestId }, async (uow) => {
    await uow.tx
      .update(users)
      .set({ ...input, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(eq(users.id, actor.userId));
    await uow.emit({ name: "user.updated", object: "user", recordId: actor.userId, topics: [`user:${actor.userId}`, "list:users"] });
  });
}
