/**
 * The in-app inbox. Other modules call `notify` inside their unit of work: one row per
 * recipient, written only if their write commits, and a live event on each recipient's own
 * topic `user:<id>` (which nobody else may subscribe to). The event carries the notification's
 * id only; the inbox is read through the API, where every row is the reader's own.
 */
import {
  notificationKinds,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationParams,
  type NotificationPreferences,
  type NotificationPreferencesUpdate,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { actorId, type UserActor } from "../../platform/access/actor";
import { loadUserActor } from "../../platform/auth/auth.repository";
import { NotFound } from "../../platform/errors";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { addHousekeeping } from "../../platform/jobs/jobs";
import * as repo from "./notifications.repository";
import { presentNotification } from "./notifications.presenter";

type Context = UnitOfWorkContext & { actor: UserActor };

export type NotifyInput = {
  userIds: string[];
  kind: NotificationKind;
  params: Record<string, string | number | null>;
  /** A path inside the app ("/companies/…"); anything else is refused. */
  link: string | null;
  /** The company it is about: a recipient who may not read it gets the notification without its name and link. */
  companyId?: string | null;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Same-app paths only: a notification can never send its reader to another site. */
const appPath = /^\/(?![/\\])[^\s]{0,1999}$/;
const paramKey = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const paramMax = 1000;

function cleanParams(params: Record<string, string | number | null>): NotificationParams {
  const clean: NotificationParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (!paramKey.test(key)) throw new Error(`notification parameter ${key} is not a plain name`);
    clean[key] =
      typeof value === "string"
        ? value.replace(/\u0000/g, "").slice(0, paramMax)
        : typeof value === "number" && Number.isFinite(value)
          ? value
          : null;
  }
  return clean;
}

const eventOf = (userId: string, name: string, payload: Record<string, unknown>) => ({
  name,
  object: "user" as const,
  recordId: userId,
  topics: [`user:${userId}`],
  payload,
});

/**
 * Sends a notification to users, in the caller's transaction. Skipped: the actor themself,
 * inactive users and those who turned this kind off. Only what the web needs to say it in the
 * reader's language is stored (`kind`, `params`, `link`).
 */
export async function notify(uow: UnitOfWork, input: NotifyInput): Promise<void> {
  if (!notificationKinds.includes(input.kind)) throw new Error(`unknown notification kind ${input.kind}`);
  if (input.link !== null && !appPath.test(input.link)) throw new Error("a notification's link must be a path inside the app");
  const self = actorId(uow.actor);
  const ids = [...new Set(input.userIds)].filter((id) => uuidPattern.test(id) && id !== self);
  const recipients = await repo.recipients(uow.tx, ids, input.kind);
  if (recipients.length === 0) return;
  const params = cleanParams(input.params);
  const companyId = input.companyId ?? null;
  const rows: repo.NotificationInsert[] = [];
  for (const { id } of recipients) {
    let visible = true;
    if (companyId) {
      const reader = await loadUserActor(uow.tx, id, undefined);
      visible = reader !== undefined && (await repo.companyVisibleTo(uow.tx, reader, companyId));
    }
    if (visible) rows.push({ userId: id, kind: input.kind, params, link: input.link, actorId: self, companyId });
    else {
      // The company's name and page stay with those who may read it.
      const { company: _hidden, ...rest } = params;
      const link = input.link && /^\/companies\//.test(input.link) ? null : input.link;
      rows.push({ userId: id, kind: input.kind, params: rest, link, actorId: self, companyId: null });
    }
  }
  for (const row of await repo.insertNotifications(uow.tx, rows))
    await uow.emit(eventOf(row.userId, "notification.created", { notificationId: row.id }));
}

export async function listNotifications(platform: Platform, actor: UserActor, query: NotificationListQuery) {
  const cursor = decodeCursor(query.cursor, 2, ([at, id]) => cursorValue.instant(at) && cursorValue.id(id));
  const rows = await repo.listNotifications(platform.db, actor.userId, {
    unreadOnly: query.unread ?? false,
    limit: query.limit,
    after: cursor ? { createdAt: cursor[0] as string, id: cursor[1] as string } : undefined,
  });
  return toPage(rows, query.limit, presentNotification, (row) => [row.createdAtKey, row.id]);
}

export async function unreadCount(platform: Platform, actor: UserActor) {
  return { count: await repo.countUnread(platform.db, actor.userId) };
}

/** Marks one of the caller's notifications read or unread (someone else's is 404, like a missing one). */
export async function setRead(platform: Platform, context: Context, id: string, read: boolean) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    if (!(await repo.setRead(uow.tx, actor.userId, id, read))) throw NotFound("Notification");
    await uow.emit(eventOf(actor.userId, read ? "notification.read" : "notification.unread", { notificationId: id }));
    return presentNotification((await repo.findNotification(uow.tx, actor.userId, id))!);
  });
}

export async function markAllRead(platform: Platform, context: Context) {
  const { actor } = context;
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const count = await repo.markAllRead(uow.tx, actor.userId);
    if (count > 0) await uow.emit(eventOf(actor.userId, "notification.read_all", { count }));
    return { count };
  });
}

const defaults = { inApp: true, email: false };

export async function preferences(platform: Platform, actor: UserActor): Promise<NotificationPreferences> {
  const stored = new Map((await repo.preferencesOf(platform.db, actor.userId)).map((row) => [row.kind, row]));
  return {
    items: notificationKinds.map((kind) => {
      const row = stored.get(kind);
      return { kind, inApp: row?.inApp ?? defaults.inApp, email: row?.email ?? defaults.email };
    }),
  };
}

/** Sets the given kinds' switches to the values sent (absolute values: two tabs saving the same switch agree). */
export async function setPreferences(platform: Platform, context: Context, input: NotificationPreferencesUpdate) {
  const { actor } = context;
  await unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.upsertPreferences(uow.tx, actor.userId, input.items);
    await uow.emit(eventOf(actor.userId, "notification.preferences_changed", {}));
  });
  return preferences(platform, actor);
}

export async function pruneNotifications(platform: Platform) {
  await repo.pruneNotifications(platform.db);
}

export function registerNotificationHousekeeping() {
  addHousekeeping(pruneNotifications);
}
