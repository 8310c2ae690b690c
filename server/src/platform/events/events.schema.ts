import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, integer } from "drizzle-orm/pg-core";

/** Transactional outbox: every committed domain event, for live push, jobs and webhooks. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    name: text("name").notNull(),
    object: text("object").notNull(),
    recordId: text("record_id"),
    actorId: uuid("actor_id"),
    topics: text("topics").array().notNull(),
    access: jsonb("access").$type<Record<string, unknown>>(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index("outbox_at_idx").on(table.at)],
);

/** Idempotency-Key records: the first outcome of a POST, replayed to retries for 24 h. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actorKey: text("actor_key").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    bodyHash: text("body_hash").notNull(),
    state: text("state").notNull().default("in_progress"),
    status: integer("status"),
    headers: jsonb("headers").$type<Record<string, string>>(),
    body: text("body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: uuid("locked_by"),
  },
  (table) => [primaryKey({ columns: [table.actorKey, table.key] }), index("idempotency_keys_created_idx").on(table.createdAt)],
);
