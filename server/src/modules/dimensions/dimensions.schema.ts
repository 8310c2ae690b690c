import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { LocalizedLabel } from "@relata/contracts";
import { timestamps } from "../../platform/access/access.schema";

/**
 * Values of the dimension lists administrators maintain (line of business, function, client
 * unit, region). Records hold a value's `key`, which never changes; archiving keeps it on the
 * records that hold it but takes it out of the choices.
 */
export const dimensionValues = pgTable(
  "dimension_values",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    labels: jsonb("labels").$type<LocalizedLabel>().notNull(),
    position: integer("position").notNull().default(0),
    archived: boolean("archived").notNull().default(false),
    /** Regions only: the ISO 3166-1 alpha-2 codes of the countries the region covers. */
    countries: text("countries")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("dimension_values_kind_key_idx").on(table.kind, table.key),
    index("dimension_values_kind_position_idx").on(table.kind, table.position),
  ],
);
