import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The global search index: one row per searchable record, kept current in the writing
 * transaction. `companyId` is the company whose placement decides visibility (the record itself
 * for companies); `body` is folded text (relata_fold) behind a trigram index.
 */
export const searchEntries = pgTable(
  "search_entries",
  {
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    companyId: uuid("company_id").notNull(),
    title: text("title").notNull(),
    subtitle: text("subtitle"),
    body: text("body").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.object, table.recordId] }), index("search_entries_company_idx").on(table.companyId)],
);
