import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/** The one row of the reminder defaults (an administrator setting; its version is the ETag). */
export const reminderSettings = pgTable("reminder_settings", {
  id: integer("id").primaryKey().default(1),
  /** Days before a contract's end or an item's delivery date (a new contract's default lead). */
  contractLeadDays: integer("contract_lead_days").notNull().default(30),
  /** Days before an invoice's due date. */
  invoiceLeadDays: integer("invoice_lead_days").notNull().default(3),
  /** Days after the due date of each collection step; the last one escalates. */
  collectionSteps: integer("collection_steps")
    .array()
    .notNull()
    .default(sql`'{0,7,30}'::integer[]`),
  ...timestamps,
});

/**
 * One planned reminder step of a business record (a contract's end, an item's delivery, an
 * invoice's due date or a collection step, a competitor contract's expiry): unique per record
 * and step, so it is sent at most once for the date it is about.
 */
export const businessReminders = pgTable(
  "business_reminders",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    step: text("step").notNull(),
    /** The date the reminder is about (end, delivery, due date). */
    aboutOn: date("about_on").notNull(),
    fireAt: timestamp("fire_at", { withTimezone: true }).notNull(),
    escalate: boolean("escalate").notNull().default(false),
    /** pending → sent, or skipped (its time had passed behind a later step when it was planned). */
    state: text("state").notNull().default("pending"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    taskId: uuid("task_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("business_reminders_subject_idx").on(table.subjectType, table.subjectId, table.step),
    index("business_reminders_due_idx")
      .on(table.fireAt)
      .where(sql`${table.state} = 'pending'`),
    index("business_reminders_company_idx").on(table.companyId),
  ],
);
