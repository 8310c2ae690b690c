import { sql } from "drizzle-orm";
import { date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/**
 * The account team: our users assigned to a company (any node of a client's group) in a role,
 * optionally for a period. One row per company, user and role; its history is in the audit trail.
 */
export const accountTeamMembers = pgTable(
  "account_team_members",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    role: text("role").notNull(),
    note: text("note"),
    startsOn: date("starts_on"),
    endsOn: date("ends_on"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("account_team_members_unique_idx").on(table.companyId, table.userId, table.role),
    index("account_team_members_user_idx").on(table.userId),
  ],
);
