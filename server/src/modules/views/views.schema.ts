import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { SavedViewState } from "@relata/contracts";
import { timestamps, users } from "../../platform/access/access.schema";

/** A user's named list setup (search, filters, sort, columns); private to that user. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    object: text("object").notNull(),
    name: text("name").notNull(),
    state: jsonb("state").$type<SavedViewState>().notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index("saved_views_user_object_idx").on(table.userId, table.object, table.name),
    // At most one default per user and list.
    uniqueIndex("saved_views_default_unique")
      .on(table.userId, table.object)
      .where(sql`${table.isDefault}`),
  ],
);
