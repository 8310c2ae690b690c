import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CustomFieldOption, CustomFieldType, LocalizedLabel } from "@relata/contracts";
import { timestamps } from "../access/access.schema";

/** A titled group of custom fields on the card and forms of one kind of record. */
export const customSections = pgTable(
  "custom_sections",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    object: text("object").notNull(),
    labels: jsonb("labels").$type<LocalizedLabel>().notNull(),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (table) => [index("custom_sections_object_idx").on(table.object, table.position)],
);

/**
 * A custom field: values live in the record's `custom` JSONB under `key`, validated by the
 * service against this definition. Archived fields keep their values but leave forms and lists.
 */
export const customFields = pgTable(
  "custom_fields",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    object: text("object").notNull(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => customSections.id, { onDelete: "restrict" }),
    key: text("key").notNull(),
    type: text("type").$type<CustomFieldType>().notNull(),
    labels: jsonb("labels").$type<LocalizedLabel>().notNull(),
    required: boolean("required").notNull().default(false),
    position: integer("position").notNull().default(0),
    options: jsonb("options").$type<CustomFieldOption[]>().notNull().default([]),
    archived: boolean("archived").notNull().default(false),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("custom_fields_key_unique").on(table.object, table.key),
    index("custom_fields_section_idx").on(table.sectionId, table.position),
  ],
);
