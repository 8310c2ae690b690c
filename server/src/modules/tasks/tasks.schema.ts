import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/**
 * A task: something a user has to do, assigned by them or a colleague, optionally due at a time
 * and about a record. `company_id` decides who else may see it (those who may read the company);
 * `related_type`/`related_id` name the record it is about (the company itself, a contact, a
 * timeline entry or a document of that company).
 */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    title: text("title").notNull(),
    description: text("description"),
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    /** Null when the system made it (a workflow) or the creator's account was removed. */
    creatorId: uuid("creator_id").references(() => users.id, { onDelete: "set null" }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** low | normal | high | urgent. */
    priority: text("priority").notNull().default("normal"),
    /** open | done | cancelled. */
    status: text("status").notNull().default("open"),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    companyId: uuid("company_id").references(() => companies.id, { onDelete: "cascade" }),
    /** company | contact | timeline_entry | document (null: about nothing in particular). */
    relatedType: text("related_type"),
    relatedId: uuid("related_id"),
    /** Minutes before the due time to remind the assignee (0: at the due time); null: no reminder. */
    remindMinutesBefore: integer("remind_minutes_before").default(0),
    /** When the reminder is due (derived from the due time and the lead; null: none). */
    remindAt: timestamp("remind_at", { withTimezone: true }),
    /** When the reminder for the current `remind_at` was settled: sent, or already past when it was set (cleared when it moves). */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    index("tasks_assignee_idx").on(table.assigneeId, table.status, table.dueAt),
    index("tasks_creator_idx").on(table.creatorId, table.status),
    index("tasks_company_idx").on(table.companyId, table.status, table.dueAt),
    // The reminder sweep looks only at open tasks whose reminder is still to be sent.
    index("tasks_reminder_due_idx")
      .on(table.remindAt)
      .where(sql`${table.remindedAt} IS NULL AND ${table.status} = 'open'`),
  ],
);
