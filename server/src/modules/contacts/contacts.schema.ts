import { sql } from "drizzle-orm";
import { boolean, date, index, jsonb, pgTable, text, uuid, type AnyPgColumn, timestamp } from "drizzle-orm/pg-core";
import type { ContactEmail, ContactPhone, CustomValues, MessagingHandle } from "@relata/contracts";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/**
 * People at client companies. A contact belongs to one primary company, whose placement (owner,
 * team, org unit, security level) decides who may see it; further roles at other companies are
 * `contact_roles`.
 */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "restrict" }),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull(),
    /** relata_fold("first last"): the key of fuzzy duplicate matching and name search. */
    nameKey: text("name_key")
      .notNull()
      .generatedAlwaysAs(sql`relata_fold(btrim(first_name || ' ' || last_name))`),
    title: text("title"),
    department: text("department"),
    /** Keys of dimension values (`function`, `client_unit`), checked against the lists when written. */
    function: text("function"),
    clientUnit: text("client_unit"),
    reportsToId: uuid("reports_to_id").references((): AnyPgColumn => contacts.id, { onDelete: "set null" }),
    emails: jsonb("emails").$type<ContactEmail[]>().notNull().default([]),
    phones: jsonb("phones").$type<ContactPhone[]>().notNull().default([]),
    messaging: jsonb("messaging").$type<MessagingHandle[]>().notNull().default([]),
    birthday: date("birthday"),
    preferredLanguage: text("preferred_language"),
    preferredChannel: text("preferred_channel"),
    consentEmail: boolean("consent_email").notNull().default(false),
    consentSms: boolean("consent_sms").notNull().default(false),
    consentCalls: boolean("consent_calls").notNull().default(false),
    notes: text("notes"),
    custom: jsonb("custom").$type<CustomValues>().notNull().default({}),
    ...timestamps,
  },
  (table) => [
    index("contacts_company_idx").on(table.companyId, table.lastName, table.id),
    index("contacts_reports_to_idx").on(table.reportsToId),
    index("contacts_name_idx").on(table.lastName, table.firstName, table.id),
    index("contacts_updated_idx").on(table.updatedAt, table.id),
    index("contacts_function_idx").on(table.function),
    index("contacts_client_unit_idx").on(table.clientUnit),
  ],
);

/** A contact's role at a company other than (or in addition to) the primary one. */
export const contactRoles = pgTable(
  "contact_roles",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    title: text("title"),
    department: text("department"),
    startedOn: date("started_on"),
    endedOn: date("ended_on"),
    ...timestamps,
  },
  (table) => [index("contact_roles_contact_idx").on(table.contactId), index("contact_roles_company_idx").on(table.companyId)],
);

/** A merged-away contact and where it went. */
export const contactMerges = pgTable("contact_merges", {
  mergedId: uuid("merged_id").primaryKey(),
  intoId: uuid("into_id")
    .notNull()
    .references(() => contacts.id, { onDelete: "cascade" }),
  mergedBy: uuid("merged_by").references(() => users.id, { onDelete: "set null" }),
  mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
  snapshot: jsonb("snapshot").notNull(),
});
