import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";
import { products } from "../products/products.schema";
import { contractItems, contracts, fulfilments } from "../contracts/contracts.schema";

/**
 * The revenue ledger: one signed entry per fulfilment (positive) or credit note (negative), in
 * the currency of its contract or invoice. Revenue figures and client value read it.
 */
export const revenueEntries = pgTable(
  "revenue_entries",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").references(() => contracts.id, { onDelete: "cascade" }),
    fulfilmentId: uuid("fulfilment_id").references(() => fulfilments.id, { onDelete: "cascade" }),
    creditNoteId: uuid("credit_note_id"),
    productId: uuid("product_id").references(() => products.id, { onDelete: "restrict" }),
    currency: text("currency").notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    /** The cost of what was sold, when the product's unit cost is known. */
    cost: numeric("cost", { precision: 17, scale: 2 }),
    bookedOn: date("booked_on").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("revenue_entries_company_idx").on(table.companyId, table.bookedOn)],
);

export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").references(() => contracts.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    status: text("status").notNull().default("draft"),
    currency: text("currency").notNull(),
    issuedOn: date("issued_on"),
    dueOn: date("due_on"),
    /** For a contract's monthly draft: the month it gathers (YYYY-MM). */
    billingPeriod: text("billing_period"),
    total: numeric("total", { precision: 17, scale: 2 }).notNull().default("0"),
    paid: numeric("paid", { precision: 17, scale: 2 }).notNull().default("0"),
    credited: numeric("credited", { precision: 17, scale: 2 }).notNull().default("0"),
    paidOn: date("paid_on"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("invoices_number_idx").on(table.number),
    index("invoices_company_idx").on(table.companyId, table.status, table.dueOn),
    uniqueIndex("invoices_monthly_draft_idx")
      .on(table.contractId, table.billingPeriod)
      .where(sql`${table.status} = 'draft' AND ${table.billingPeriod} IS NOT NULL`),
    check(
      "invoices_settled_check",
      sql`${table.paid} >= 0 AND ${table.credited} >= 0 AND ${table.paid} + ${table.credited} <= ${table.total}`,
    ),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    /** The line's place on its invoice (1, 2, …): lines written in one statement share their creation time. */
    position: integer("position").notNull().default(0),
    description: text("description").notNull(),
    quantity: numeric("quantity", { precision: 15, scale: 3 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 17, scale: 2 }).notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    contractItemId: uuid("contract_item_id").references(() => contractItems.id, { onDelete: "cascade" }),
    fulfilmentId: uuid("fulfilment_id").references(() => fulfilments.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("invoice_lines_invoice_idx").on(table.invoiceId)],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    /** What is not applied to any invoice yet (credit on the client's account). */
    unapplied: numeric("unapplied", { precision: 17, scale: 2 }).notNull(),
    receivedOn: date("received_on").notNull(),
    method: text("method").notNull().default("transfer"),
    reference: text("reference"),
    ...timestamps,
  },
  (table) => [
    index("payments_company_received_idx").on(table.companyId, table.receivedOn, table.createdAt),
    check("payments_unapplied_check", sql`${table.unapplied} >= 0 AND ${table.unapplied} <= ${table.amount}`),
  ],
);

export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    /** The payment's date (the date the invoice's share was paid). */
    appliedOn: date("applied_on").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("payment_allocations_invoice_idx").on(table.invoiceId), index("payment_allocations_payment_idx").on(table.paymentId)],
);

export const creditNotes = pgTable(
  "credit_notes",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    currency: text("currency").notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
    issuedOn: date("issued_on").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("credit_notes_number_idx").on(table.number),
    index("credit_notes_invoice_idx").on(table.invoiceId),
    index("credit_notes_company_idx").on(table.companyId, table.issuedOn),
  ],
);

/** Invoice and credit-note numbers (INV-000001, CN-000001): gaps are possible, repeats are not. */
export const invoiceNumberSeq = pgSequence("invoice_number_seq");
export const creditNoteNumberSeq = pgSequence("credit_note_number_seq");
