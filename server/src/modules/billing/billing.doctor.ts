/**
 * The consistency checks of `relata doctor` for contracts and billing: every stored total
 * against a recount from the rows it sums (item fulfilled quantities, contract values, invoice
 * totals / paid / credited / status, payments' unapplied amounts, one revenue entry and one
 * invoice line per fulfilment). It first registers the money figures of every currency the data
 * holds, so the rollup check that follows (groups) recounts them too.
 */
import { sql } from "drizzle-orm";
import type { DoctorCheck } from "../../platform/audit/doctor";
import type { Executor } from "../../platform/rollups";
import { registerStoredCurrencies } from "./billing.figures";

const checks: { text: string; query: ReturnType<typeof sql> }[] = [
  {
    text: "contract items' fulfilled quantities equal their fulfilments",
    query: sql`SELECT i.id::text AS id, i.fulfilled_quantity::text AS stored, coalesce(sum(f.quantity), 0)::text AS expected
                 FROM contract_items i LEFT JOIN fulfilments f ON f.contract_item_id = i.id
                GROUP BY i.id HAVING i.fulfilled_quantity <> coalesce(sum(f.quantity), 0)`,
  },
  {
    text: "contract values equal the sum of their items",
    query: sql`SELECT c.id::text AS id, c.value::text AS stored,
                      coalesce(sum(round(i.quantity * i.unit_price * (100 - i.discount_percent) / 100, 2)), 0)::text AS expected
                 FROM contracts c LEFT JOIN contract_items i ON i.contract_id = c.id
                GROUP BY c.id HAVING c.value <> coalesce(sum(round(i.quantity * i.unit_price * (100 - i.discount_percent) / 100, 2)), 0)`,
  },
  {
    text: "invoice totals equal their lines",
    query: sql`SELECT v.id::text AS id, v.total::text AS stored, coalesce(sum(l.amount), 0)::text AS expected
                 FROM invoices v LEFT JOIN invoice_lines l ON l.invoice_id = v.id
                GROUP BY v.id HAVING v.total <> coalesce(sum(l.amount), 0)`,
  },
  {
    text: "invoices' paid amounts equal the payments applied to them",
    query: sql`SELECT v.id::text AS id, v.paid::text AS stored, coalesce(sum(a.amount), 0)::text AS expected
                 FROM invoices v LEFT JOIN payment_allocations a ON a.invoice_id = v.id
                GROUP BY v.id HAVING v.paid <> coalesce(sum(a.amount), 0)`,
  },
  {
    text: "invoices' credited amounts equal their credit notes",
    query: sql`SELECT v.id::text AS id, v.credited::text AS stored, coalesce(sum(n.amount), 0)::text AS expected
                 FROM invoices v LEFT JOIN credit_notes n ON n.invoice_id = v.id
                GROUP BY v.id HAVING v.credited <> coalesce(sum(n.amount), 0)`,
  },
  {
    text: "invoices are paid exactly when nothing is outstanding",
    query: sql`SELECT id::text AS id, status AS stored, CASE WHEN total - paid - credited = 0 THEN 'paid' ELSE 'issued' END AS expected
                 FROM invoices WHERE status IN ('issued', 'paid')
                  AND (status = 'paid') <> (total - paid - credited = 0)`,
  },
  {
    text: "payments' unapplied amounts equal the amount less what was applied",
    query: sql`SELECT p.id::text AS id, p.unapplied::text AS stored, (p.amount - coalesce(sum(a.amount), 0))::text AS expected
                 FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
                GROUP BY p.id HAVING p.unapplied <> p.amount - coalesce(sum(a.amount), 0)`,
  },
  {
    text: "every fulfilment has its revenue entry and invoice line, for its amount",
    // Each side summed once and joined (a correlated sum per fulfilment reads the whole ledger per row).
    query: sql`WITH revenue AS (SELECT fulfilment_id, sum(amount) AS amount FROM revenue_entries
                                 WHERE fulfilment_id IS NOT NULL GROUP BY fulfilment_id),
                    billed AS (SELECT fulfilment_id, sum(amount) AS amount FROM invoice_lines
                                WHERE fulfilment_id IS NOT NULL GROUP BY fulfilment_id)
               SELECT f.id::text AS id, f.amount::text AS stored,
                      coalesce(r.amount, 0)::text || ' / ' || coalesce(b.amount, 0)::text AS expected
                 FROM fulfilments f
                 LEFT JOIN revenue r ON r.fulfilment_id = f.id
                 LEFT JOIN billed b ON b.fulfilment_id = f.id
                WHERE f.amount <> coalesce(r.amount, 0) OR f.amount <> coalesce(b.amount, 0)`,
  },
];

export async function billingDoctorChecks(db: Executor): Promise<DoctorCheck[]> {
  await registerStoredCurrencies(db);
  const results: DoctorCheck[] = [];
  for (const check of checks) {
    const found = await db.execute<{ id: string; stored: string; expected: string }>(check.query);
    results.push({
      ok: found.rows.length === 0,
      text: check.text,
      ...(found.rows.length > 0 ? { details: found.rows.map((row) => `${row.id}: stored ${row.stored}, expected ${row.expected}`) } : {}),
    });
  }
  return results;
}

/** Every finding as one line each (empty: no drift). */
export async function billingDrift(db: Executor): Promise<string[]> {
  return (await billingDoctorChecks(db)).filter((check) => !check.ok).flatMap((check) => [check.text, ...(check.details ?? [])]);
}
