import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { RatingCondition } from "@relata/contracts";
import { timestamps } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/** A company's financial statement for a fiscal year (quarter null) or one quarter; one per company and period. */
export const financialStatements = pgTable(
  "financial_statements",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    quarter: integer("quarter"),
    revenue: numeric("revenue", { precision: 17, scale: 2 }),
    profit: numeric("profit", { precision: 17, scale: 2 }),
    assets: numeric("assets", { precision: 17, scale: 2 }),
    liabilities: numeric("liabilities", { precision: 17, scale: 2 }),
    equity: numeric("equity", { precision: 17, scale: 2 }),
    /** ISO 4217. */
    currency: text("currency").notNull(),
    source: text("source"),
    note: text("note"),
    ...timestamps,
  },
  // The whole year has no quarter: coalesce makes "one full-year statement per year" unique too.
  (table) => [uniqueIndex("financial_statements_period_idx").on(table.companyId, table.fiscalYear, sql`coalesce(${table.quarter}, 0)`)],
);

/** Every rating a company was given (history kept); the newest by date is the current one. */
export const creditRatings = pgTable(
  "credit_ratings",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    agency: text("agency").notNull(),
    /** In the agency's notation. */
    rating: text("rating").notNull(),
    /** Position on the common scale, 1 = AAA … 22 = D (rules compare these). */
    scalePosition: integer("scale_position").notNull(),
    ratedOn: date("rated_on").notNull(),
    outlook: text("outlook"),
    note: text("note"),
    ...timestamps,
  },
  (table) => [index("credit_ratings_company_idx").on(table.companyId, table.ratedOn, table.createdAt)],
);

/**
 * The credit limit we extend to a company. A row of its own rather than columns on companies:
 * editing it does not move the company's version, and financial data stays out of the company
 * record (its payload, list, export and search).
 */
export const companyCredit = pgTable("company_credit", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  amount: numeric("amount", { precision: 17, scale: 2 }),
  currency: text("currency"),
  note: text("note"),
  ...timestamps,
});

/** Deposit rules, tried in `position` order; the first enabled rule whose conditions hold applies. */
export const depositRules = pgTable(
  "deposit_rules",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    rating: jsonb("rating").$type<RatingCondition>(),
    /** AR conditions: the longest overdue invoice, the overdue share of open AR, the average days to pay. */
    maxOverdueDays: integer("max_overdue_days"),
    maxOverdueShare: numeric("max_overdue_share", { precision: 5, scale: 2 }),
    maxAverageDaysToPay: integer("max_average_days_to_pay"),
    depositPercent: numeric("deposit_percent", { precision: 5, scale: 2 }).notNull(),
    collectionMethod: text("collection_method").notNull(),
    ...timestamps,
  },
  (table) => [index("deposit_rules_position_idx").on(table.position)],
);

/** The one row of the deposit rule set: what applies when no rule matches, and the set's version (its ETag). */
export const depositSettings = pgTable("deposit_settings", {
  id: integer("id").primaryKey().default(1),
  defaultDepositPercent: numeric("default_deposit_percent", { precision: 5, scale: 2 }).notNull().default("0"),
  defaultCollectionMethod: text("default_collection_method").notNull().default("transfer"),
  ...timestamps,
});
