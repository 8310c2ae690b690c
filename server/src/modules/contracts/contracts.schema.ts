import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";
import { products } from "../products/products.schema";

export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    title: text("title").notNull(),
    status: text("status").notNull().default("draft"),
    ourSignerId: uuid("our_signer_id").references(() => users.id, { onDelete: "set null" }),
    clientSignerIds: uuid("client_signer_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    signedOn: date("signed_on"),
    startOn: date("start_on"),
    endOn: date("end_on"),
    currency: text("currency").notNull(),
    /** The sum of the items' amounts (kept by the service when items change). */
    value: numeric("value", { precision: 17, scale: 2 }).notNull().default("0"),
    paymentMethod: text("payment_method").notNull().default("transfer"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    billingSchedule: text("billing_schedule").notNull().default("per_fulfilment"),
    documentRevisionId: uuid("document_revision_id"),
    renewalTerms: text("renewal_terms"),
    reminderLeadDays: integer("reminder_lead_days").notNull().default(30),
    ...timestamps,
  },
  (table) => [uniqueIndex("contracts_number_idx").on(sql`lower(${table.number})`), index("contracts_company_idx").on(table.companyId)],
);

export const contractItems = pgTable(
  "contract_items",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    quantity: numeric("quantity", { precision: 15, scale: 3 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 17, scale: 2 }).notNull(),
    discountPercent: numeric("discount_percent", { precision: 5, scale: 2 }).notNull().default("0"),
    deliveryOn: date("delivery_on"),
    fulfilledQuantity: numeric("fulfilled_quantity", { precision: 15, scale: 3 }).notNull().default("0"),
    fulfilledOn: date("fulfilled_on"),
    serviceMonths: integer("service_months"),
    ...timestamps,
  },
  (table) => [
    index("contract_items_contract_idx").on(table.contractId, table.position),
    check("contract_items_fulfilled_check", sql`${table.fulfilledQuantity} >= 0 AND ${table.fulfilledQuantity} <= ${table.quantity}`),
    check("contract_items_quantity_check", sql`${table.quantity} > 0`),
  ],
);

/** One delivery of (part of) an item; the Idempotency-Key it came with is unique per item. */
export const fulfilments = pgTable(
  "fulfilments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    contractItemId: uuid("contract_item_id")
      .notNull()
      .references(() => contractItems.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    quantity: numeric("quantity", { precision: 15, scale: 3 }).notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    currency: text("currency").notNull(),
    fulfilledOn: date("fulfilled_on").notNull(),
    note: text("note"),
    idempotencyKey: text("idempotency_key"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("fulfilments_key_idx").on(table.contractItemId, table.idempotencyKey),
    index("fulfilments_company_idx").on(table.companyId, table.fulfilledOn),
  ],
);

/** An entitlement from a fulfilled service item: product, client, period, warranty end. */
export const serviceItems = pgTable(
  "service_items",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    contractItemId: uuid("contract_item_id")
      .notNull()
      .references(() => contractItems.id, { onDelete: "cascade" }),
    fulfilmentId: uuid("fulfilment_id")
      .notNull()
      .references(() => fulfilments.id, { onDelete: "cascade" }),
    quantity: numeric("quantity", { precision: 15, scale: 3 }).notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    warrantyEndsOn: date("warranty_ends_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("service_items_company_idx").on(table.companyId, table.endsOn)],
);
