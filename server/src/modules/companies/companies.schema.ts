import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import type { Address, CompanyEmail, CompanyPhone, CustomValues } from "@relata/contracts";
import { orgUnits, teams, timestamps, users } from "../../platform/access/access.schema";

/**
 * The sort order of stages and grades (lead → former; key → C), spelled out here so that the
 * rank indexes below and the list's ORDER BY are the same expression (a test checks them
 * against the contracts' lists).
 */
export const stageOrder = ["lead", "prospect", "customer", "former"] as const;
export const gradeSortOrder = ["key", "A", "B", "C"] as const;
const textArray = (values: readonly string[]) => sql.raw(`ARRAY[${values.map((value) => `'${value}'`).join(",")}]::text[]`);
export const stageRankOf = (stage: AnyPgColumn) => sql<number>`array_position(${textArray(stageOrder)}, ${stage})`;
export const gradeRankOf = (override: AnyPgColumn, grade: AnyPgColumn) =>
  sql<number | null>`array_position(${textArray(gradeSortOrder)}, coalesce(${override}, ${grade}))`;

export const companies = pgTable(
  "companies",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    /** relata_fold(name) without legal-form suffixes ("ACME Corp." → "acme"): the key of fuzzy duplicate matching. */
    nameKey: text("name_key")
      .notNull()
      .generatedAlwaysAs(sql`relata_company_key(name)`),
    kind: text("kind").notNull().default("client"),
    stage: text("stage").notNull().default("lead"),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true }).notNull().defaultNow(),
    status: text("status").notNull().default("active"),
    /** Assigned by the grade rules; `gradeOverride`, set by hand, wins when present. */
    grade: text("grade"),
    gradeOverride: text("grade_override"),
    category: text("category"),
    industry: text("industry"),
    sizeBand: text("size_band"),
    registrationNumber: text("registration_number"),
    website: text("website"),
    /** Lower-case host of the website without "www." (duplicate matching). */
    domain: text("domain"),
    phones: jsonb("phones").$type<CompanyPhone[]>().notNull().default([]),
    emails: jsonb("emails").$type<CompanyEmail[]>().notNull().default([]),
    addresses: jsonb("addresses").$type<Address[]>().notNull().default([]),
    /** ISO 3166-1 alpha-2. */
    country: text("country"),
    /** ISO 4217. */
    currency: text("currency"),
    /** Keys of dimension values (`line_of_business`, `client_unit`), checked against the lists when written. */
    lineOfBusiness: text("line_of_business"),
    clientUnit: text("client_unit"),
    description: text("description"),
    custom: jsonb("custom").$type<CustomValues>().notNull().default({}),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id, { onDelete: "set null" }),
    securityLevel: integer("security_level").notNull().default(0),
    ...timestamps,
  },
  (table) => [
    // "My companies" and a country's companies are lists sorted by name: a page is a range of these,
    // whatever the country's place in the name order (a Chinese name sorts after every Latin one).
    // Migration 0019 INCLUDEs the access columns, so the capped count reads the index alone.
    index("companies_owner_name_idx").on(table.ownerId, table.name, table.id),
    index("companies_team_idx").on(table.teamId),
    index("companies_org_unit_idx").on(table.orgUnitId),
    index("companies_name_idx").on(table.name, table.id),
    index("companies_name_key_idx").on(table.nameKey),
    index("companies_updated_idx").on(table.updatedAt, table.id),
    index("companies_stage_idx").on(table.stage, table.id),
    // The list sorted by stage or grade reads a page from these instead of sorting every visible row.
    index("companies_stage_rank_idx").on(stageRankOf(table.stage), table.id),
    index("companies_grade_rank_idx").on(gradeRankOf(table.gradeOverride, table.grade), table.id),
    index("companies_country_name_idx").on(table.country, table.name, table.id),
    index("companies_grade_idx").on(sql`coalesce(${table.gradeOverride}, ${table.grade})`),
    index("companies_domain_idx").on(table.domain),
    index("companies_line_of_business_idx").on(table.lineOfBusiness),
    index("companies_client_unit_idx").on(table.clientUnit),
    index("companies_registration_idx").on(sql`upper(regexp_replace(${table.registrationNumber}, '[^0-9A-Za-z]', '', 'g'))`),
  ],
);

/** Every change of lifecycle stage, with when and who (the card's stage timeline). */
export const companyStageChanges = pgTable(
  "company_stage_changes",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fromStage: text("from_stage"),
    toStage: text("to_stage").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid("changed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (table) => [index("company_stage_changes_company_idx").on(table.companyId, table.changedAt)],
);

/**
 * Grade rules, edited by administrators: a company gets the best grade whose thresholds it meets
 * (revenue over the last 12 months in the company's currency, and months since it became a customer).
 */
export const gradeRules = pgTable("grade_rules", {
  grade: text("grade").primaryKey(),
  minRevenue12m: numeric("min_revenue_12m", { precision: 18, scale: 2 }),
  minTenureMonths: integer("min_tenure_months"),
  enabled: boolean("enabled").notNull().default(true),
  ...timestamps,
});

/** A merged-away company: where it went, who merged it and what it was (links to the old id still resolve). */
export const companyMerges = pgTable(
  "company_merges",
  {
    mergedId: uuid("merged_id").primaryKey(),
    intoId: uuid("into_id")
      .notNull()
      .references((): AnyPgColumn => companies.id, { onDelete: "cascade" }),
    mergedBy: uuid("merged_by").references(() => users.id, { onDelete: "set null" }),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
    snapshot: jsonb("snapshot").notNull(),
  },
  (table) => [index("company_merges_into_idx").on(table.intoId)],
);

/** Normalized contact points of companies and contacts (email, E.164 phone, domain, registration number): duplicate matching. */
export const contactPoints = pgTable(
  "contact_points",
  {
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    kind: text("kind").notNull(),
    value: text("value").notNull(),
  },
  (table) => [
    uniqueIndex("contact_points_unique").on(table.object, table.recordId, table.kind, table.value),
    index("contact_points_lookup_idx").on(table.kind, table.value),
  ],
);
