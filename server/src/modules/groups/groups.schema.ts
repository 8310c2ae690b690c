import { sql } from "drizzle-orm";
import { boolean, date, index, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";

/**
 * Parent links between companies (group hierarchies). A company has at most one current link;
 * ended links stay as history. The current links make the tree whose closure is `company_tree`.
 * `company_id` and `parent_id` reference companies through DEFERRABLE foreign keys declared in
 * the migration (the deletion of a company removes its links in the same transaction).
 */
export const companyLinks = pgTable(
  "company_links",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id").notNull(),
    parentId: uuid("parent_id").notNull(),
    /** subsidiary | branch | joint_venture | affiliate */
    relation: text("relation").notNull(),
    /** Ownership share in percent, null when not recorded. */
    share: numeric("share", { precision: 5, scale: 2 }),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    /** In the tree now; false once ended (valid_to reached, removed, or replaced by a move). */
    current: boolean("current").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("company_links_current_idx")
      .on(table.companyId)
      .where(sql`${table.current}`),
    index("company_links_company_idx").on(table.companyId, table.validFrom),
    index("company_links_parent_idx").on(table.parentId),
    index("company_links_expiry_idx")
      .on(table.validTo)
      .where(sql`${table.current} AND ${table.validTo} IS NOT NULL`),
  ],
);
