import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { orgUnits, teams, timestamps, users } from "../../platform/access/access.schema";

export const companies = pgTable(
  "companies",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id, { onDelete: "set null" }),
    securityLevel: integer("security_level").notNull().default(0),
    ...timestamps,
  },
  (table) => [
    index("companies_owner_idx").on(table.ownerId),
    index("companies_team_idx").on(table.teamId),
    index("companies_org_unit_idx").on(table.orgUnitId),
    index("companies_name_idx").on(table.name, table.id),
    index("companies_updated_idx").on(table.updatedAt, table.id),
  ],
);
