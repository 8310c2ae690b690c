import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ImportMapping } from "@relata/contracts";
import { timestamps, users } from "../../platform/access/access.schema";

/**
 * A CSV import: the file (kept under the data directory by its content hash), the column mapping,
 * the duplicate policy and its progress. Rows are applied in chunks, each in one transaction that
 * also advances `nextLine`, so a resumed import continues exactly after the last committed chunk.
 */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    object: text("object").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    fileHash: text("file_hash").notNull(),
    fileSize: integer("file_size").notNull(),
    headers: jsonb("headers").$type<string[]>().notNull(),
    mapping: jsonb("mapping").$type<ImportMapping>().notNull().default({}),
    duplicates: text("duplicates").notNull().default("skip"),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status").notNull().default("uploaded"),
    totalRows: integer("total_rows").notNull().default(0),
    nextLine: integer("next_line").notNull().default(2),
    processedRows: integer("processed_rows").notNull().default(0),
    createdRows: integer("created_rows").notNull().default(0),
    updatedRows: integer("updated_rows").notNull().default(0),
    skippedRows: integer("skipped_rows").notNull().default(0),
    errorRows: integer("error_rows").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    failure: text("failure"),
    ...timestamps,
  },
  (table) => [index("imports_created_by_idx").on(table.createdBy, table.createdAt)],
);

/** A row the import could not apply: its line in the file, the field and why. */
export const importErrors = pgTable(
  "import_errors",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    field: text("field").notNull(),
    message: text("message").notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.line, table.field] })],
);

/** A user's saved column mapping for one kind of import, reused on the next file with the same headers. */
export const importMappings = pgTable(
  "import_mappings",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    object: text("object").notNull(),
    name: text("name").notNull(),
    mapping: jsonb("mapping").$type<ImportMapping>().notNull(),
    ...timestamps,
  },
  (table) => [index("import_mappings_user_idx").on(table.userId, table.object)],
);
