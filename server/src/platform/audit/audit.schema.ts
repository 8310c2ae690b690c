import { bigint, bigserial, customType, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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

/**
 * Audit rows of transactions still running. The business tables' trigger writes here, without
 * any lock; at commit a deferred constraint trigger moves the transaction's rows, in order, into
 * `audit_log`, whose chain trigger takes the chain lock. So the one lock every writer shares is
 * held only from that move to the commit — not from a transaction's first audited row to its end
 * (which made every long transaction, a contract fulfilment say, queue behind the one before).
 * Empty outside running transactions (`relata doctor` checks).
 */
export const auditPending = pgTable(
  "audit_pending",
  {
    seq: bigserial("seq", { mode: "bigint" }).primaryKey(),
    tx: bigint("tx", { mode: "bigint" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    requestId: text("request_id"),
    tableName: text("table_name").notNull(),
    recordId: text("record_id"),
    operation: text("operation").notNull(),
    changed: text("changed").array().notNull().default([]),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
  },
  (table) => [index("audit_pending_tx_idx").on(table.tx, table.seq)],
);
