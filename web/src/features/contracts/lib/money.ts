/**
 * What the contract screens compute before the server does (the remaining quantity of an item, a
 * line's amount, how a payment spreads over invoices), on the shared exact decimal arithmetic of
 * `@relata/contracts` — never floats — plus the chart rows of the receivables and value tabs.
 */
import type { ContractItem, ContractStatus, Invoice, Product, PurchaseTrends, ReceivablesByCurrency } from "@relata/contracts";
import { agingBuckets, contractTransitions, fromUnits, lineAmountUnits, sum, toUnits } from "@relata/contracts";

/** What of an item is still to be fulfilled ("0" when all of it was). */
export function remainingQuantity(item: Pick<ContractItem, "quantity" | "fulfilledQuantity">): string {
  const open = (toUnits(item.quantity, 3) ?? 0n) - (toUnits(item.fulfilledQuantity, 3) ?? 0n);
  return fromUnits(open > 0n ? open : 0n, 3);
}

/** The fulfilled share of an item, 0–1 (for a progress bar). */
export function fulfilledShare(item: Pick<ContractItem, "quantity" | "fulfilledQuantity">): number {
  const total = toUnits(item.quantity, 3) ?? 0n;
  if (total <= 0n) return 0;
  const done = toUnits(item.fulfilledQuantity, 3) ?? 0n;
  return Math.min(1, Number((done * 10000n) / total) / 10000);
}

/** The product's list price in a currency, or null when it has none there. */
export function listPriceIn(product: Pick<Product, "prices"> | undefined, currency: string): string | null {
  return product?.prices.find((price) => price.currency === currency)?.listPrice ?? null;
}

/**
 * A line's amount while its form is being filled in: quantity × unit price − discount %, in cents
 * rounded half up (the server's rule), as a decimal string with two digits; null while an input
 * is not a number or the quantity or price is negative.
 */
export function previewLineAmount(quantity: string, unitPrice: string, discountPercent = "0"): string | null {
  const milli = toUnits(quantity, 3);
  const cents = toUnits(unitPrice, 2);
  const basisPoints = toUnits(discountPercent || "0", 2);
  if (milli === null || cents === null || basisPoints === null || milli < 0n || cents < 0n) return null;
  return fromUnits(lineAmountUnits(milli, cents, basisPoints), 2, 2);
}

/** The statuses a contract can move to next. */
export function nextStatuses(status: ContractStatus): readonly ContractStatus[] {
  return contractTransitions[status];
}

type OpenInvoice = Pick<Invoice, "id" | "currency" | "status" | "outstanding" | "dueOn" | "issuedOn" | "number">;

/** Issued invoices in `currency` with something outstanding, the one due first first. */
export function openInvoicesIn(invoices: readonly OpenInvoice[], currency: string): OpenInvoice[] {
  return invoices
    .filter((invoice) => invoice.currency === currency && invoice.status === "issued" && (toUnits(invoice.outstanding, 2) ?? 0n) > 0n)
    .sort((a, b) => (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999") || a.number.localeCompare(b.number));
}

/** Spreads a payment over open invoices, oldest due first, each at most its outstanding amount. */
export function allocateOldestFirst(amount: string, invoices: readonly OpenInvoice[]): Record<string, string> {
  let left = toUnits(amount, 2) ?? 0n;
  const out: Record<string, string> = {};
  for (const invoice of invoices) {
    if (left <= 0n) break;
    const outstanding = toUnits(invoice.outstanding, 2) ?? 0n;
    const applied = outstanding < left ? outstanding : left;
    if (applied <= 0n) continue;
    out[invoice.id] = fromUnits(applied, 2, 2);
    left -= applied;
  }
  return out;
}

/** The sum of decimal amounts (empty and invalid entries count as 0). */
export function sumAmounts(amounts: readonly string[]): string {
  return fromUnits(sum(amounts.map((amount) => toUnits(amount || "0", 2) ?? 0n)), 2, 2);
}

const bucketColor = { current: "teal.6", d1_30: "yellow.6", d31_60: "orange.6", d61_90: "red.5", d90_plus: "red.8" } as const;

/** The aging buckets of one currency as chart rows (amounts in the currency's unit), greener to redder. */
export function agingRows(receivable: Pick<ReceivablesByCurrency, "buckets">, label: (bucket: string) => string) {
  return agingBuckets.map((bucket) => ({
    bucket: label(bucket),
    key: bucket,
    amount: Number(receivable.buckets[bucket]),
    color: bucketColor[bucket],
  }));
}

/**
 * Purchase trends of one currency as chart rows: one row per month (every month of the window,
 * empty ones included, oldest first), one column per category.
 */
export function trendRows(trends: Pick<PurchaseTrends, "items" | "months">, currency: string, now = new Date()) {
  const items = trends.items.filter((item) => item.currency === currency);
  const categories = [...new Set(items.map((item) => item.category))].sort((a, b) => a.localeCompare(b));
  const months: string[] = [];
  for (let back = trends.months - 1; back >= 0; back--) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(`${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  const rows = months.map((month) => {
    const row: Record<string, string | number> = { month };
    for (const category of categories) row[category] = 0;
    return row;
  });
  const byMonth = new Map(rows.map((row) => [row.month as string, row]));
  for (const item of items) {
    const row = byMonth.get(item.month);
    if (row) row[item.category] = Math.round(((row[item.category] as number) + Number(item.amount)) * 100) / 100;
  }
  return { rows, categories };
}

/** The currencies a trend answer has, the one with the most revenue first. */
export function trendCurrencies(trends: Pick<PurchaseTrends, "items">): string[] {
  const totals = new Map<string, number>();
  for (const item of trends.items) totals.set(item.currency, (totals.get(item.currency) ?? 0) + Number(item.amount));
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([currency]) => currency);
}

/** A quantity as people write it: "2.500" → "2.5", "3.000" → "3" (unparsable text as it is). */
export function quantityText(quantity: string): string {
  const units = toUnits(quantity, 3);
  return units === null ? quantity : fromUnits(units, 3);
}
