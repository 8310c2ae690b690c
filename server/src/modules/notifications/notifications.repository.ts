import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { companies, notificationPreferences, notifications, users } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { visibleCompanies } from "../companies";

type Executor = Db | Tx;
export type NotificationInsert = typeof notifications.$inferInsert;

const createdAtKey = sql<string>`to_char(${notifications.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const view = {
  id: notifications.id,
  kind: notifications.kind,
  params: notifications.params,
  link: notifications.link,
  actorId: notifications.actorId,
  actorName: users.name,
  companyId: notifications.companyId,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
  createdAtKey,
};
export type NotificationView = Awaited<ReturnType<typeof listNotifications>>[number];

const select = (db: Executor) => db.select(view).from(notifications).leftJoin(users, eq(users.id, notifications.actorId));

/** A user's notifications, newest first, after the cursor (created at, id). */
export async function listNotifications(
  db: Executor,
  userId: string,
  options: { unreadOnly: boolean; limit: number; after: { createdAt: string; id: string } | undefined },
) {
  const { after } = options;
  return select(db)
    .where(
      and(
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.createdAt, sql`${after.createdAt}::timestamptz`),
              and(eq(notifications.createdAt, sql`${after.createdAt}::timestamptz`), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit + 1);
}

export async function findNotification(db: Executor, userId: string, id: string) {
  const [row] = await select(db).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row;
}

export async function countUnread(db: Executor, userId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}

/** Sets or clears `read_at` of one of the user's notifications; undefined when it is not theirs. */
export async function setRead(db: Executor, userId: string, id: string, read: boolean) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: read ? sql`coalesce(${notifications.readAt}, now())` : null })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return row;
}

export async function markAllRead(db: Executor, userId: string) {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Of these users, the active ones whose preference lets `kind` reach their inbox (no row: the default, on). */
export async function recipients(db: Executor, userIds: string[], kind: string) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, kind)))
    .where(
      and(
        sql`${users.id} = ANY(${sql.param(userIds)}::uuid[])`,
        eq(users.active, true),
        sql`coalesce(${notificationPreferences.inApp}, true)`,
      ),
    );
}

export async function companyVisibleTo(db: Executor, actor: Actor, companyId: string) {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.id, companyId), visibleCompanies(actor)));
  return row !== undefined;
}

export async function insertNotifications(db: Executor, values: NotificationInsert[]) {
  if (values.length === 0) return [];
  return db.insert(notifications).values(values).returning({ id: notifications.id, userId: notifications.userId });
}

export async function preferencesOf(db: Executor, userId: string) {
  return db
    .select({ kind: notificationPreferences.kind, inApp: notificationPreferences.inApp, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export async function upsertPreferences(db: Executor, userId: string, items: { kind: string; inApp: boolean; email: boolean }[]) {
  await db
    .insert(notificationPreferences)
    .values(items.map((item) => ({ userId, ...item })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: sql`now()` },
    });
}

/** Housekeeping: read notifications after 90 days, any after a year. */
export async function pruneNotifications(db: Executor) {
  await db
    .delete(notifications)
    .where(
      or(
        and(sql`${notifications.readAt} IS NOT NULL`, lt(notifications.createdAt, sql`now() - interval '90 days'`)),
        lt(notifications.createdAt, sql`now() - interval '365 days'`),
      ),
    );
}
