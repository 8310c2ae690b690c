import { and, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditLog, users } from "../../db/schema";
import type { Tx } from "../events/unit-of-work";

type Executor = Db | Tx;

/** An audit row for something that is not a row change: sign-in, sign-out, export. */
export async function recordAuditEvent(
  db: Executor,
  entry: {
    actorId: string | null;
    requestId?: string | undefined;
    tableName: string;
    recordId: string | null;
    operation: string;
    after?: Record<string, unknown>;
  },
) {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    requestId: entry.requestId ?? null,
    tableName: entry.tableName,
    recordId: entry.recordId,
    operation: entry.operation,
    changed: [],
    after: entry.after ?? null,
    prevHash: Buffer.alloc(32),
    hash: Buffer.alloc(32),
  });
}

export type AuditFilter = {
  tableName?: string | undefined;
  recordId?: string | undefined;
  /** Any of these records (a company and the companies merged into it). */
  recordIds?: string[] | undefined;
  /** Any of these records of these tables (a contact and the roles it held); alternatives to tableName + recordIds. */
  records?: { tableName: string; recordIds: string[] }[] | undefined;
  actorId?: string | undefined;
  operation?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
};

export async function listAudit(db: Executor, filter: AuditFilter) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      requestId: auditLog.requestId,
      tableName: auditLog.tableName,
      recordId: auditLog.recordId,
      operation: auditLog.operation,
      changed: auditLog.changed,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        filter.tableName ? eq(auditLog.tableName, filter.tableName) : undefined,
        filter.recordId ? eq(auditLog.recordId, filter.recordId) : undefined,
        filter.recordIds ? inArray(auditLog.recordId, filter.recordIds) : undefined,
        filter.records
          ? or(
              sql`false`, // records without ids match nothing
              ...filter.records
                .filter((records) => records.recordIds.length > 0)
                .map((records) => and(eq(auditLog.tableName, records.tableName), inArray(auditLog.recordId, records.recordIds))),
            )
          : undefined,
        filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
        filter.operation ? eq(auditLog.operation, filter.operation) : undefined,
        filter.from ? gte(auditLog.at, new Date(filter.from)) : undefined,
        filter.to ? lte(auditLog.at, new Date(filter.to)) : undefined,
        filter.beforeId ? lt(auditLog.id, BigInt(filter.beforeId)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
}

export type ChainProblem = { id: string; reason: "prev_hash" | "hash" };

/** Recomputes the whole chain in the database; returns the rows where it breaks. */
export async function verifyAuditChain(db: Executor): Promise<{ rows: number; problems: ChainProblem[] }> {
  const broken = await db.execute<{ id: string; prev_ok: boolean }>(sql`
    WITH chain AS (
      SELECT a.id, a.prev_hash, a.hash,
             coalesce(lag(a.hash) OVER (ORDER BY a.id), decode(repeat('00', 32), 'hex')) AS expected_prev,
             sha256(a.prev_hash || convert_to(audit_row_text(a), 'UTF8')) AS recomputed
        FROM audit_log a
    )
    SELECT id::text, prev_hash = expected_prev AS prev_ok
      FROM chain
     WHERE prev_hash <> expected_prev OR hash <> recomputed
     ORDER BY id
     LIMIT 100`);
  const total = await db.execute<{ n: string }>(sql`SELECT count(*)::text AS n FROM audit_log`);
  return {
    rows: Number(total.rows[0]?.n ?? 0),
    problems: broken.rows.map((row) => ({ id: row.id, reason: row.prev_ok ? "hash" : "prev_hash" })),
  };
}
