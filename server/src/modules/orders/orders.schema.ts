import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";
import { contracts } from "../contracts/contracts.schema";
import { products } from "../products/products.schema";

export const orderNumberSeq = pgSequence("order_number_seq");

/** A client's order: lines in one currency, a status that moves only along the allowed transitions. */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    status: text("status").notNull().default("entered"),
    currency: text("currency").notNull(),
    total: numeric("total", { precision: 17, scale: 2 }).notNull().default("0"),
    orderedOn: date("ordered_on").notNull(),
    contractId: uuid("contract_id").references(() => contracts.id, { onDelete: "set null" }),
    note: text("note"),
    createdBy: uuid("created_by"),
    ...timestamps,
  },
  (table) => [uniqueIndex("orders_number_idx").on(table.number), index("orders_company_idx").on(table.companyId, table.orderedOn)],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    quantity: numeric("quantity", { precision: 15, scale: 3 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 17, scale: 2 }).notNull(),
    amount: numeric("amount", { precision: 17, scale: 2 }).notNull(),
  },
  (table) => [
    index("order_lines_order_idx").on(table.orderId, table.position),
    check("order_lines_quantity_check", sql`${table.quantity} > 0`),
  ],
);

/** Every status an order went through: when and by whom (the first row is its entry). */
export const orderStatusChanges = pgTable(
  "order_status_changes",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid("changed_by"),
    note: text("note"),
  },
  (table) => [index("order_status_changes_order_idx").on(table.orderId, table.changedAt)],
);
