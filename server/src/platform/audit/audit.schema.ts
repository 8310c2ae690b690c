import { bigserial, customType, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/**
 * Append-only, hash-chained audit trail. Rows are written by triggers on business tables and
 * by the app for events (sign-in, export); the app role may only INSERT and SELECT.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    requestId: text("request_id"),
    tableName: text("table_name").notNull(),
    recordId: text("record_id"),
    operation: text("operation").notNull(),
    changed: text("changed").array().notNull().default([]),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    prevHash: bytea("prev_hash").notNull(),
    hash: bytea("hash").notNull(),
  },
  (table) => [
    index("audit_log_record_idx").on(table.tableName, table.recordId, table.id),
    index("audit_log_actor_idx").on(table.actorId, table.id),
  ],
);
