import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/** A contract a client (typically a prospect) has with a competitor: what, for how much, until when. */
export const competitorContracts = pgTable(
  "competitor_contracts",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    competitor: text("competitor").notNull(),
    product: text("product").notNull(),
    value: numeric("value", { precision: 17, scale: 2 }),
    currency: text("currency"),
    startsOn: date("starts_on"),
    expiresOn: date("expires_on"),
    notes: text("notes"),
    reminderLeadDays: integer("reminder_lead_days").notNull(),
    createdBy: uuid("created_by"),
    ...timestamps,
  },
  (table) => [
    index("competitor_contracts_company_idx").on(table.companyId),
    index("competitor_contracts_expiry_idx").on(table.expiresOn, table.id),
    check("competitor_contracts_value_check", sql`${table.value} IS NULL OR ${table.currency} IS NOT NULL`),
    check(
      "competitor_contracts_dates_check",
      sql`${table.startsOn} IS NULL OR ${table.expiresOn} IS NULL OR ${table.expiresOn} >= ${table.startsOn}`,
    ),
  ],
);
