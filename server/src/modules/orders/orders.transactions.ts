/**
 * One transaction history per client: orders, fulfilments, invoices (issued or paid), payments
 * and credit notes, newest first by business date, keyset-paged on (date, created at, kind, id),
 * optionally filtered by type; `scope=group` adds the companies below it in its group that the
 * actor may read (scoped in SQL). Amounts are signed as the client's balance sees them:
 * invoices raise it, payments and credit notes lower it; orders and fulfilments are shown positive.
 */
import { sql, type SQL } from "drizzle-orm";
import type { TransactionQuery, TransactionType } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import type { UserActor } from "../../platform/access/actor";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import { companyFor, visibleCompanies } from "../companies";
import { scopeIds } from "../billing/billing.service";

type Row = {
  type: TransactionType;
  id: string;
  company_id: string;
  company_name: string;
  on: string;
  reference: string | null;
  description: string | null;
  amount: string;
  currency: string;
  status: string | null;
  contract_id: string | null;
  created_key: string;
  /** Written in one transaction (a fulfilment and its invoice), later steps of the chain come first. */
  rank: number;
};

const sources: Record<TransactionType, SQL> = {
  order: sql`SELECT 'order' AS type, o.id, o.company_id, o.ordered_on AS on_date, o.number AS reference, o.note AS description,
      o.total AS amount, o.currency, o.status, o.contract_id, o.created_at FROM orders o`,
  fulfilment: sql`SELECT 'fulfilment', f.id, f.company_id, f.fulfilled_on, c.number, p.name || ' × ' || f.quantity::text,
      f.amount, f.currency, NULL, f.contract_id, f.created_at
      FROM fulfilments f JOIN contracts c ON c.id = f.contract_id
      JOIN contract_items i ON i.id = f.contract_item_id JOIN products p ON p.id = i.product_id`,
  invoice: sql`SELECT 'invoice', v.id, v.company_id, v.issued_on, v.number, NULL, v.total, v.currency, v.status, v.contract_id, v.created_at
      FROM invoices v WHERE v.status IN ('issued', 'paid')`,
  payment: sql`SELECT 'payment', y.id, y.company_id, y.received_on, y.reference, y.method, -y.amount, y.currency, NULL, NULL, y.created_at
      FROM payments y`,
  credit_note: sql`SELECT 'credit_note', n.id, n.company_id, n.issued_on, n.number, n.reason, -n.amount, n.currency, NULL, NULL, n.created_at
      FROM credit_notes n`,
};

const isDate = (value: unknown): value is string => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);

export async function listTransactions(platform: Platform, actor: UserActor, companyId: string, query: TransactionQuery) {
  await companyFor(platform.db, actor, companyId);
  const cursor = decodeCursor(
    query.cursor,
    4,
    ([on, at, rank, id]) =>
      isDate(on) && cursorValue.instant(at) && typeof rank === "number" && Number.isInteger(rank) && cursorValue.id(id),
  );
  const ids = await scopeIds(platform.db, companyId, query.scope ?? "company");
  const types = query.type?.length ? query.type : (Object.keys(sources) as TransactionType[]);
  const union = sql.join(
    types.map((type) => sources[type]),
    sql` UNION ALL `,
  );
  const result = await platform.db.execute<Row>(sql`
    SELECT t.type, t.id, t.company_id, companies.name AS company_name, t.on_date::text AS on, t.reference, t.description,
           t.amount::text AS amount, t.currency, t.status, t.contract_id,
           to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key, r.rank
      FROM (${union}) AS t (type, id, company_id, on_date, reference, description, amount, currency, status, contract_id, created_at)
      JOIN companies ON companies.id = t.company_id
      JOIN (VALUES ('order', 0), ('fulfilment', 1), ('invoice', 2), ('payment', 3), ('credit_note', 4)) AS r (type, rank) ON r.type = t.type
     WHERE t.company_id = ANY(${sql.param(ids)}::uuid[])
       AND ${visibleCompanies(actor, "read")}
       ${cursor ? sql`AND (t.on_date, t.created_at, r.rank, t.id) < (${cursor[0]}::date, ${cursor[1]}::timestamptz, ${cursor[2]}::int, ${cursor[3]}::uuid)` : sql``}
     ORDER BY t.on_date DESC, t.created_at DESC, r.rank DESC, t.id DESC
     LIMIT ${query.limit + 1}`);
  return toPage(
    result.rows,
    query.limit,
    (row) => ({
      type: row.type,
      id: row.id,
      companyId: row.company_id,
      companyName: row.company_name,
      on: row.on,
      reference: row.reference,
      description: row.description,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      contractId: row.contract_id,
      createdAt: new Date(row.created_key).toISOString(),
    }),
    (row) => [row.on, row.created_key, row.rank, row.id],
  );
}
