/**
 * Receivables arithmetic, pure (unit-tested): aging buckets by days past due, DSO and average
 * days to pay, per currency. Amounts in cents.
 */
import type { AgingBucket, ReceivablesByCurrency } from "@relata/contracts";
import { money } from "@relata/contracts";
import { addDays, daysBetween } from "./dates";

export type InvoiceFact = {
  currency: string;
  status: string;
  total: bigint;
  outstanding: bigint;
  issuedOn: string | null;
  dueOn: string | null;
  paidOn: string | null;
};

export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "d1_30";
  if (daysPastDue <= 60) return "d31_60";
  if (daysPastDue <= 90) return "d61_90";
  return "d90_plus";
}

/** DSO over this many days: open AR ÷ what was invoiced in them × the days. */
export const dsoWindowDays = 90;

export function agingByCurrency(
  invoices: readonly InvoiceFact[],
  unapplied: ReadonlyMap<string, bigint>,
  asOf: string,
): ReceivablesByCurrency[] {
  const currencies = [...new Set([...invoices.map((invoice) => invoice.currency), ...unapplied.keys()])].sort();
  const windowStart = addDays(asOf, -dsoWindowDays);
  const yearStart = addDays(asOf, -365);
  return currencies.map((currency) => {
    const buckets: Record<AgingBucket, bigint> = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d90_plus: 0n };
    let open = 0n;
    let overdue = 0n;
    let openInvoices = 0;
    let maxDaysOverdue = 0;
    let invoiced = 0n;
    let payDays = 0;
    let paidCount = 0;
    for (const invoice of invoices) {
      if (invoice.currency !== currency || invoice.status === "draft" || invoice.status === "void" || !invoice.issuedOn) continue;
      if (invoice.issuedOn > windowStart && invoice.issuedOn <= asOf) invoiced += invoice.total;
      if (invoice.paidOn && invoice.outstanding === 0n && invoice.paidOn > yearStart && invoice.paidOn <= asOf) {
        payDays += Math.max(0, daysBetween(invoice.issuedOn, invoice.paidOn));
        paidCount += 1;
      }
      if (invoice.outstanding <= 0n) continue;
      const pastDue = invoice.dueOn ? daysBetween(invoice.dueOn, asOf) : 0;
      buckets[bucketOf(pastDue)] += invoice.outstanding;
      open += invoice.outstanding;
      openInvoices += 1;
      if (pastDue > 0) {
        overdue += invoice.outstanding;
        maxDaysOverdue = Math.max(maxDaysOverdue, pastDue);
      }
    }
    return {
      currency,
      open: money(open),
      overdue: money(overdue),
      buckets: {
        current: money(buckets.current),
        d1_30: money(buckets.d1_30),
        d31_60: money(buckets.d31_60),
        d61_90: money(buckets.d61_90),
        d90_plus: money(buckets.d90_plus),
      },
      openInvoices,
      maxDaysOverdue,
      unapplied: money(unapplied.get(currency) ?? 0n),
      dso: invoiced > 0n ? Math.round((Number(open) / Number(invoiced)) * dsoWindowDays * 10) / 10 : null,
      averageDaysToPay: paidCount > 0 ? Math.round((payDays / paidCount) * 10) / 10 : null,
    };
  });
}
