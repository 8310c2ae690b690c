import { limits, type SavedViewObject, type SavedViewState } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { UserActor } from "../../platform/access/actor";
import { Conflict, NotFound, PreconditionFailed } from "../../platform/errors";
import * as repo from "./views.repository";
import { presentView } from "./views.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };

/** Saved views are private: every query is bound to the caller, so another user's id is a 404. */
export async function listViews(platform: Platform, actor: UserActor, object: SavedViewObject | undefined) {
  return (await repo.listOwn(platform.db, actor.userId, object)).map(presentView);
}

export async function createView(
  platform: Platform,
  context: Context,
  input: { object: SavedViewObject; name: string; state: SavedViewState; isDefault?: boolean | undefined },
) {
  const userId = context.actor.userId;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockOwnList(uow.tx, userId, input.object);
    if ((await repo.countOwn(uow.tx, userId, input.object)) >= limits.savedViewsPerObjectMax) {
      throw Conflict(`You can keep at most ${limits.savedViewsPerObjectMax} views of one list; delete one first`);
    }
    // One default per list: a new default replaces the old one in this transaction.
    if (input.isDefault) await repo.clearDefault(uow.tx, userId, input.object);
    const row = await repo.insertView(uow.tx, {
      userId,
      object: input.object,
      name: input.name,
      state: input.state,
      isDefault: input.isDefault ?? false,
    });
    return presentView(row);
  });
}

export async function updateView(
  platform: Platform,
  context: Context,
  id: string,
  version: number,
  input: { name?: string | undefined; state?: SavedViewState | undefined; isDefault?: boolean | undefined },
) {
  const userId = context.actor.userId;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.findOwn(uow.tx, userId, id);
    if (!current) throw NotFound("View");
    await repo.lockOwnList(uow.tx, userId, current.object);
    if (current.version !== version) throw PreconditionFailed();
    if (input.isDefault) await repo.clearDefault(uow.tx, userId, current.object, id);
    const row = await repo.updateView(uow.tx, id, version, input);
    if (!row) throw PreconditionFailed();
    return presentView(row);
  });
}

export async function deleteView(platform: Platform, context: Context, id: string, version: number | undefined) {
  const userId = context.actor.userId;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await repo.findOwn(uow.tx, userId, id);
    if (!current) throw NotFound("View");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await repo.deleteView(uow.tx, id);
  });
}
