import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps, users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";

/**
 * A document on a record (a company or a contact; later records use the same record type/id).
 * `company_id` decides who sees it: the record's company (a contact's primary company), kept
 * current when the contact moves or records merge. No foreign key on the record itself, so a
 * merge's projections can move documents after the merged-away record is gone.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    recordType: text("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    /** The highest revision number (revisions are numbered 1..n). */
    revisionCount: integer("revision_count").notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    ...timestamps,
  },
  (table) => [
    index("documents_company_idx").on(table.companyId, table.updatedAt),
    index("documents_record_idx").on(table.recordType, table.recordId),
  ],
);

/** One uploaded file of a document; never changed. The file itself is stored by its SHA-256. */
export const documentRevisions = pgTable(
  "document_revisions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    fileName: text("file_name").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    sha256: text("sha256").notNull(),
    note: text("note"),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("document_revisions_number_idx").on(table.documentId, table.number),
    index("document_revisions_sha256_idx").on(table.sha256),
    index("document_revisions_author_idx").on(table.authorId),
  ],
);

/** A review comment on one revision, optionally pinned to a point of its preview. */
export const documentComments = pgTable(
  "document_comments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    revisionId: uuid("revision_id")
      .notNull()
      .references(() => documentRevisions.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    body: text("body").notNull(),
    anchorPage: integer("anchor_page"),
    anchorX: real("anchor_x"),
    anchorY: real("anchor_y"),
    resolved: boolean("resolved").notNull().default(false),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "restrict" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    index("document_comments_revision_idx").on(table.revisionId, table.createdAt),
    index("document_comments_document_idx").on(table.documentId),
  ],
);

/** A link that lets anyone holding its token read one revision until it expires or is revoked. Only the token's hash is kept. */
export const documentShares = pgTable(
  "document_shares",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    revisionId: uuid("revision_id")
      .notNull()
      .references(() => documentRevisions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "restrict" }),
    opens: integer("opens").notNull().default(0),
    lastOpenedAt: timestamp("last_opened_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    ...timestamps,
  },
  (table) => [uniqueIndex("document_shares_token_idx").on(table.tokenHash), index("document_shares_document_idx").on(table.documentId)],
);
