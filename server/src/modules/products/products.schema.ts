import { sql } from "drizzle-orm";
import { boolean, integer, numeric, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";

/** The catalogue contracts sell from. A service product gives an entitlement for `service_months`. */
export const products = pgTable(
  "products",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    code: text("code").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull(),
    unit: text("unit").notNull(),
    kind: text("kind").notNull(),
    serviceMonths: integer("service_months"),
    warrantyMonths: integer("warranty_months"),
    description: text("description"),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (table) => [uniqueIndex("products_code_idx").on(sql`lower(${table.code})`)],
);

/** A product's list price (and unit cost, when known) per currency. */
export const productPrices = pgTable(
  "product_prices",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    listPrice: numeric("list_price", { precision: 17, scale: 2 }).notNull(),
    unitCost: numeric("unit_cost", { precision: 17, scale: 2 }),
  },
  (table) => [primaryKey({ columns: [table.productId, table.currency] })],
);
