import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/**
 * The timeline of a company: what happened with the client, written by our people (interactions,
 * events, actions, decisions, notes) or by the system (stage, grade, owner changes; documents).
 * An entry's visibility is its company's. `body_html` is sanitized HTML; `body_text` its plain text.
 */
export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    systemKind: text("system_kind"),
    systemData: jsonb("system_data").$type<Record<string, unknown>>(),
    /** Null for entries the system made on its own (a nightly re-grade). */
    authorId: uuid("author_id").references(() => users.id, { onDelete: "restrict" }),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    direction: text("direction"),
    durationMinutes: integer("duration_minutes"),
    subject: text("subject"),
    bodyHtml: text("body_html"),
    bodyText: text("body_text").notNull().default(""),
    outcome: text("outcome"),
    nextStep: text("next_step"),
    nextStepDueAt: timestamp("next_step_due_at", { withTimezone: true }),
    nextStepAssigneeId: uuid("next_step_assignee_id").references(() => users.id, { onDelete: "restrict" }),
    /** The follow-up task made from the next step (the tasks module's record). */
    taskId: uuid("task_id"),
    relatedType: text("related_type"),
    relatedId: uuid("related_id"),
    /** Everyone ever @mentioned in the body: each is notified once, when first mentioned (an edit notifies only new ones). */
    mentionedIds: uuid("mentioned_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    pinned: boolean("pinned").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index("timeline_entries_company_idx").on(table.companyId, table.occurredAt, table.id),
    index("timeline_entries_author_idx").on(table.authorId),
    index("timeline_entries_related_idx").on(table.relatedType, table.relatedId),
    index("timeline_entries_pinned_idx")
      .on(table.companyId)
      .where(sql`${table.pinned}`),
  ],
);

/**
 * The contacts an entry involves. `contact_id` references contacts through a DEFERRABLE foreign
 * key declared in the migration: when a contact is merged away or deleted, the timeline's
 * projection of that event (same transaction) moves or removes its links before commit.
 */
export const timelineEntryContacts = pgTable(
  "timeline_entry_contacts",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => timelineEntries.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.entryId, table.contactId] }), index("timeline_entry_contacts_contact_idx").on(table.contactId)],
);
