import { and, asc, desc, eq, ne, notInArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/connection";
import { companyCredit, creditRatings, depositRules, depositSettings, financialStatements } from "../../db/schema";
import type { Tx } from "../../platform/events/unit-of-work";

export type Executor = Db | Tx;
export type StatementRow = typeof financialStatements.$inferSelect;
export type StatementInsert = typeof financialStatements.$inferInsert;
export type RatingRow = typeof creditRatings.$inferSelect;
export type RatingInsert = typeof creditRatings.$inferInsert;
export type CreditRow = typeof companyCredit.$inferSelect;
export type DepositRuleRow = typeof depositRules.$inferSelect;
export type DepositRuleInsert = typeof depositRules.$inferInsert;
export type DepositSettingsRow = typeof depositSettings.$inferSelect;

const bumped = (table: { version: AnyPgColumn }) => ({
  updatedAt: sql`now()`,
  version: sql`${table.version} + 1`,
});

// ─── statements ──────────────────────────────────────────────────────────────

/** By period, oldest first; a year's full statement after its quarters. */
export async function listStatements(db: Executor, companyId: string) {
  return db
    .select()
    .from(financialStatements)
    .where(eq(financialStatements.companyId, companyId))
    .orderBy(asc(financialStatements.fiscalYear), sql`${financialStatements.quarter} ASC NULLS LAST`);
}

export async function lockStatement(db: Executor, companyId: string, id: string) {
  const [row] = await db
    .select()
    .from(financialStatements)
    .where(and(eq(financialStatements.id, id), eq(financialStatements.companyId, companyId)))
    .for("update");
  return row;
}

/** Another statement of the company for the same period. */
export async function statementForPeriod(db: Executor, companyId: string, fiscalYear: number, quarter: number | null, exceptId?: string) {
  const [row] = await db
    .select({ id: financialStatements.id })
    .from(financialStatements)
    .where(
      and(
        eq(financialStatements.companyId, companyId),
        eq(financialStatements.fiscalYear, fiscalYear),
        sql`coalesce(${financialStatements.quarter}, 0) = ${quarter ?? 0}`,
        exceptId ? ne(financialStatements.id, exceptId) : undefined,
      ),
    );
  return row;
}

export async function insertStatement(db: Executor, values: StatementInsert) {
  const [row] = await db.insert(financialStatements).values(values).returning();
  return row!;
}

export async function updateStatement(db: Executor, id: string, version: number, values: Partial<StatementInsert>) {
  const [row] = await db
    .update(financialStatements)
    .set({ ...values, ...bumped(financialStatements) })
    .where(and(eq(financialStatements.id, id), eq(financialStatements.version, version)))
    .returning();
  return row;
}

export async function deleteStatement(db: Executor, id: string) {
  await db.delete(financialStatements).where(eq(financialStatements.id, id));
}

// ─── ratings ─────────────────────────────────────────────────────────────────

/** Newest first: by rating date, then by when it was recorded. */
export async function listRatings(db: Executor, companyId: string) {
  return db
    .select()
    .from(creditRatings)
    .where(eq(creditRatings.companyId, companyId))
    .orderBy(desc(creditRatings.ratedOn), desc(creditRatings.createdAt), desc(creditRatings.id));
}

export async function lockRating(db: Executor, companyId: string, id: string) {
  const [row] = await db
    .select()
    .from(creditRatings)
    .where(and(eq(creditRatings.id, id), eq(creditRatings.companyId, companyId)))
    .for("update");
  return row;
}

export async function insertRating(db: Executor, values: RatingInsert) {
  const [row] = await db.insert(creditRatings).values(values).returning();
  return row!;
}

export async function updateRating(db: Executor, id: string, version: number, values: Partial<RatingInsert>) {
  const [row] = await db
    .update(creditRatings)
    .set({ ...values, ...bumped(creditRatings) })
    .where(and(eq(creditRatings.id, id), eq(creditRatings.version, version)))
    .returning();
  return row;
}

export async function deleteRating(db: Executor, id: string) {
  await db.delete(creditRatings).where(eq(creditRatings.id, id));
}

// ─── credit limit ────────────────────────────────────────────────────────────

export async function findCredit(db: Executor, companyId: string) {
  const [row] = await db.select().from(companyCredit).where(eq(companyCredit.companyId, companyId));
  return row;
}

export async function lockCredit(db: Executor, companyId: string) {
  const [row] = await db.select().from(companyCredit).where(eq(companyCredit.companyId, companyId)).for("update");
  return row;
}

/** The first limit of a company; a concurrent first write makes this insert nothing (undefined). */
export async function insertCredit(db: Executor, values: typeof companyCredit.$inferInsert) {
  const [row] = await db.insert(companyCredit).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateCredit(db: Executor, companyId: string, version: number, values: Partial<typeof companyCredit.$inferInsert>) {
  const [row] = await db
    .update(companyCredit)
    .set({ ...values, ...bumped(companyCredit) })
    .where(and(eq(companyCredit.companyId, companyId), eq(companyCredit.version, version)))
    .returning();
  return row;
}

// ─── deposit rules ───────────────────────────────────────────────────────────

export async function listDepositRules(db: Executor) {
  return db.select().from(depositRules).orderBy(asc(depositRules.position), asc(depositRules.id));
}

export async function depositSettingsRow(db: Executor, lock = false) {
  const query = db.select().from(depositSettings).where(eq(depositSettings.id, 1));
  const [row] = lock ? await query.for("update") : await query;
  return row!;
}

export async function deleteDepositRulesExcept(db: Executor, keepIds: string[]) {
  await db.delete(depositRules).where(keepIds.length > 0 ? notInArray(depositRules.id, keepIds) : undefined);
}

export async function updateDepositRule(db: Executor, id: string, values: Partial<DepositRuleInsert>) {
  await db
    .update(depositRules)
    .set({ ...values, ...bumped(depositRules) })
    .where(eq(depositRules.id, id));
}

export async function insertDepositRule(db: Executor, values: DepositRuleInsert) {
  await db.insert(depositRules).values(values);
}

export async function updateDepositSettings(db: Executor, values: { defaultDepositPercent: string; defaultCollectionMethod: string }) {
  await db
    .update(depositSettings)
    .set({ ...values, ...bumped(depositSettings) })
    .where(eq(depositSettings.id, 1));
}

// ─── merge ───────────────────────────────────────────────────────────────────

/**
 * A merge: ratings all move (history); statements move unless the target has one for that
 * period (the target's stays, the source's goes — the audit trail keeps it); the credit limit
 * moves only when the target has none.
 */
export async function moveFinance(db: Executor, sourceId: string, targetId: string) {
  await db.update(creditRatings).set({ companyId: targetId }).where(eq(creditRatings.companyId, sourceId));
  await db.execute(sql`DELETE FROM ${financialStatements} s
    WHERE s.company_id = ${sourceId}::uuid AND EXISTS (SELECT 1 FROM ${financialStatements} t
      WHERE t.company_id = ${targetId}::uuid AND t.fiscal_year = s.fiscal_year AND coalesce(t.quarter, 0) = coalesce(s.quarter, 0))`);
  await db.update(financialStatements).set({ companyId: targetId }).where(eq(financialStatements.companyId, sourceId));
  if (await findCredit(db, targetId)) await db.delete(companyCredit).where(eq(companyCredit.companyId, sourceId));
  else await db.update(companyCredit).set({ companyId: targetId }).where(eq(companyCredit.companyId, sourceId));
}
