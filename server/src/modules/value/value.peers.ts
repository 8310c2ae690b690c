/**
 * The monetary score ranks a client's 12-month revenue among every client with revenue in that
 * currency. Summing the year's ledger per client on each card view was most of the value
 * endpoint's time at 100,000 clients, so the sorted distribution is kept per (currency, window)
 * for a minute and dropped at once when an event says the ledger changed (on any node: events
 * arrive through the hub). A generation number keeps a reply computed before the change from
 * being stored after it.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../../platform/rollups";
import { cents } from "@relata/contracts";

const ttlMs = 60_000;
/** Events after which the year's revenue per client may differ. */
const ledgerEvent = /^(contract\.item\.fulfilled|invoice\.|credit_note\.|company\.(merged|deleted))/;

type Distribution = { at: number; sorted: bigint[] };
/** Per database handle (a test process may hold several databases). */
let caches = new WeakMap<Executor, Map<string, Distribution>>();
let generation = 0;

export function forgetPeerRevenue(eventName?: string) {
  if (eventName !== undefined && !ledgerEvent.test(eventName)) return;
  generation += 1;
  caches = new WeakMap();
}

/** Sorted 12-month revenue (cents) of every client with some, in `currency`. */
async function distribution(db: Executor, currency: string, yearAgo: string, asOf: string): Promise<bigint[]> {
  const key = `${currency}|${yearAgo}|${asOf}`;
  const cache = caches.get(db) ?? new Map<string, Distribution>();
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.sorted;
  const started = generation;
  const result = await db.execute<{ revenue: string }>(sql`
    SELECT sum(amount)::text AS revenue FROM revenue_entries
     WHERE currency = ${currency} AND booked_on > ${yearAgo}::date AND booked_on <= ${asOf}::date
     GROUP BY company_id HAVING sum(amount) > 0`);
  const sorted = result.rows.map((row) => cents(row.revenue)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (generation === started) caches.set(db, cache.set(key, { at: Date.now(), sorted }));
  return sorted;
}

/** How many clients have less 12-month revenue than `revenue` (`below`) of how many with any (`peers`). */
export async function peerRank(db: Executor, currency: string, revenue: string, yearAgo: string, asOf: string) {
  const sorted = await distribution(db, currency, yearAgo, asOf);
  const mine = cents(revenue);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < mine) low = middle + 1;
    else high = middle;
  }
  return { below: low, peers: sorted.length };
}
