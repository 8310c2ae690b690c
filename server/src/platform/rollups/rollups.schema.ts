import { index, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/*
 * Derived tables of the rollup mechanism, kept in the writing transaction (never recomputed on
 * read) and checked by `relata doctor`. Like the search index they are not audited: the rows
 * they derive from are. Their references to companies are declared in the migration as
 * DEFERRABLE INITIALLY DEFERRED foreign keys: a company's rows must be gone by commit, yet
 * still be readable by the projections of its deletion (which subtract its figures).
 */

/**
 * The closure of the current company tree: one row per (ancestor, descendant) pair at any
 * distance ≥ 1. A company is not its own ancestor here; "subtree of c" is c plus its descendants.
 */
export const companyTree = pgTable(
  "company_tree",
  {
    ancestorId: uuid("ancestor_id").notNull(),
    descendantId: uuid("descendant_id").notNull(),
    depth: integer("depth").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ancestorId, table.descendantId] }),
    index("company_tree_descendant_idx").on(table.descendantId, table.depth),
  ],
);

/** A company's own value of each registered figure (contacts, open opportunities…); a missing row is 0. */
export const companyFigures = pgTable(
  "company_figures",
  {
    companyId: uuid("company_id").notNull(),
    key: text("key").notNull(),
    value: numeric("value").notNull().default("0"),
  },
  (table) => [primaryKey({ columns: [table.companyId, table.key] }), index("company_figures_key_idx").on(table.key)],
);

/** The total of each figure over a company and all its descendants; a missing row is 0. */
export const companyRollups = pgTable(
  "company_rollups",
  {
    companyId: uuid("company_id").notNull(),
    key: text("key").notNull(),
    value: numeric("value").notNull().default("0"),
  },
  (table) => [primaryKey({ columns: [table.companyId, table.key] })],
);
