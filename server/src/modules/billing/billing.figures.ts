/**
 * The figures contracts and billing keep on every company (and, through the rollups, on every
 * group): lifetime revenue and open receivables per currency (`revenue.EUR`,
 * `receivables.EUR`), and the number of service items. Money is never summed across
 * currencies, so each currency is a figure of its own, registered the first time it is used
 * (and, in a fresh process such as `relata doctor`, for every currency the data holds).
 * Money figures are amounts in the currency's units, passed as `numeric` text (the rollups
 * subtract them exactly).
 * Writers recount the companies they touched in their transaction (`refreshFigure`).
 */
import { sql } from "drizzle-orm";
import type { UnitOfWork } from "../../platform/events/unit-of-work";
import { refreshFigure, registerFigure, registeredFigures, uuidArray, type Executor } from "../../platform/rollups";

export const serviceItemsFigure = "service_items";
export const revenueFigure = (currency: string) => `revenue.${currency}`;
export const receivablesFigure = (currency: string) => `receivables.${currency}`;

const values = (rows: { company_id: string; value: string }[]) => new Map(rows.map((row) => [row.company_id, row.value]));
const among = (companyIds?: readonly string[]) => (companyIds ? sql`AND company_id = ANY(${uuidArray(companyIds)})` : sql``);

/** The SQL of the open amount of an invoice (issued and not fully paid or credited). */
export const openAmountSql = sql`(total - paid - credited)`;

async function revenueOf(db: Executor, currency: string, companyIds?: readonly string[]) {
  const result = await db.execute<{ company_id: string; value: string }>(sql`
    SELECT company_id, sum(amount)::text AS value FROM revenue_entries
     WHERE currency = ${currency} ${among(companyIds)} GROUP BY company_id HAVING sum(amount) <> 0`);
  return values(result.rows);
}

async function receivablesOf(db: Executor, currency: string, companyIds?: readonly string[]) {
  const result = await db.execute<{ company_id: string; value: string }>(sql`
    SELECT company_id, sum(${openAmountSql})::text AS value FROM invoices
     WHERE status = 'issued' AND currency = ${currency} ${among(companyIds)} GROUP BY company_id HAVING sum(${openAmountSql}) <> 0`);
  return values(result.rows);
}

async function serviceItemsOf(db: Executor, companyIds?: readonly string[]) {
  const result = await db.execute<{ company_id: string; value: string }>(sql`
    SELECT company_id, count(*)::text AS value FROM service_items WHERE true ${among(companyIds)} GROUP BY company_id`);
  return values(result.rows);
}

registerFigure({ key: serviceItemsFigure, kind: "count", recompute: serviceItemsOf });

/** Registers the money figures of a currency (once). */
export function registerCurrency(currency: string) {
  if (registeredFigures().some((figure) => figure.key === revenueFigure(currency))) return;
  registerFigure({ key: revenueFigure(currency), kind: "money", recompute: (db, ids) => revenueOf(db, currency, ids) });
  registerFigure({ key: receivablesFigure(currency), kind: "money", recompute: (db, ids) => receivablesOf(db, currency, ids) });
}

/** Registers the figures of every currency the ledger, the invoices or the stored figures hold. */
export async function registerStoredCurrencies(db: Executor) {
  const result = await db.execute<{ currency: string }>(sql`
    SELECT currency FROM revenue_entries UNION SELECT currency FROM invoices
    UNION SELECT substring(key FROM '^(?:revenue|receivables)\\.(.+)$') FROM company_figures WHERE key ~ '^(revenue|receivables)\\.'`);
  for (const row of result.rows) if (row.currency) registerCurrency(row.currency);
}

/** Recounts the money figures of a currency for these companies (after a write that touched them). */
export async function refreshMoney(uow: UnitOfWork, currency: string, companyIds: readonly string[]) {
  registerCurrency(currency);
  await refreshFigure(uow, revenueFigure(currency), companyIds);
  await refreshFigure(uow, receivablesFigure(currency), companyIds);
}

export const refreshServiceItems = (uow: UnitOfWork, companyIds: readonly string[]) => refreshFigure(uow, serviceItemsFigure, companyIds);
