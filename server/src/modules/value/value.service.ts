/**
 * Client value per company or group (the company and its descendants), always current: computed
 * on read from the ledger, fulfilments and invoices (indexed by company and date), so nothing
 * stored can drift with time. Revenue 12 months / lifetime and margin per currency, RFM and
 * credit-health scores → a value score, the segment by the administrator's thresholds, purchase
 * trends by category and month, and "clients like this also bought" suggestions.
 */
import { eq, sql } from "drizzle-orm";
import type { ValueSegmentSettingsPut } from "@relata/contracts";
import { cents, money } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { PreconditionFailed } from "../../platform/errors";
import type { Executor } from "../../platform/rollups";
import { companyFor } from "../companies";
import { receivableFacts, scopeIds } from "../billing/billing.service";
import { agingByCurrency } from "../billing/billing.aging";
import { addDays, daysBetween, today } from "../billing/dates";
import { peerRank } from "./value.peers";
import { valueSettings } from "./value.schema";
import { creditHealthScore, frequencyScore, monetaryScore, monthsBetween, recencyScore, segmentOf, valueScore } from "./value.scores";

export const valueSettingsTopic = "list:value-segments";

async function settingsRow(db: Executor, lock = false) {
  const query = db.select().from(valueSettings).where(eq(valueSettings.id, 1));
  const [row] = lock ? await query.for("update") : await query;
  return row!;
}

const presentSettings = (row: typeof valueSettings.$inferSelect) => ({
  keyMinScore: row.keyMinScore,
  longStandingMinMonths: row.longStandingMinMonths,
  newMaxMonths: row.newMaxMonths,
  version: row.version,
});

export const getValueSettings = async (platform: Platform) => presentSettings(await settingsRow(platform.db));

export async function putValueSettings(platform: Platform, context: UnitOfWorkContext, version: number, input: ValueSegmentSettingsPut) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await settingsRow(uow.tx, true);
    if (current.version !== version) throw PreconditionFailed();
    const [row] = await uow.tx
      .update(valueSettings)
      .set({ ...input, updatedAt: sql`now()`, version: version + 1 })
      .where(eq(valueSettings.id, 1))
      .returning();
    await uow.emit({ name: "setting.value_segments_changed", object: "setting", recordId: null, topics: [valueSettingsTopic] });
    return presentSettings(row!);
  });
}

const idsParam = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

/** The value of a set of companies (one company, or a group's subtree) as of a date. */
export async function valueOf(db: Executor, ids: readonly string[], asOf: string) {
  const yearAgo = addDays(asOf, -365);
  const money12 = await db.execute<{
    currency: string;
    revenue12m: string;
    lifetime: string;
    margin: string | null;
    costed: string;
  }>(sql`
    SELECT currency,
           coalesce(sum(amount) FILTER (WHERE booked_on > ${yearAgo}::date AND booked_on <= ${asOf}::date), 0)::text AS "revenue12m",
           coalesce(sum(amount) FILTER (WHERE booked_on <= ${asOf}::date), 0)::text AS lifetime,
           (sum(amount - cost) FILTER (WHERE cost IS NOT NULL AND booked_on > ${yearAgo}::date AND booked_on <= ${asOf}::date))::text AS margin,
           coalesce(sum(amount) FILTER (WHERE cost IS NOT NULL AND booked_on > ${yearAgo}::date AND booked_on <= ${asOf}::date), 0)::text AS costed
      FROM revenue_entries WHERE company_id = ANY(${idsParam(ids)}) GROUP BY currency ORDER BY currency`);
  // A purchase: a fulfilment, or the lines of a manual invoice issued on one day (both book revenue; credit notes do not count).
  const [purchases] = (
    await db.execute<{ first: string | null; last: string | null; recent: number }>(sql`
      SELECT min(booked_on)::text AS first, max(booked_on)::text AS last,
             count(DISTINCT coalesce(fulfilment_id::text, 'invoiced ' || booked_on)) FILTER (WHERE booked_on > ${yearAgo}::date)::int AS recent
        FROM revenue_entries
       WHERE company_id = ANY(${idsParam(ids)}) AND booked_on <= ${asOf}::date AND credit_note_id IS NULL AND amount > 0`)
  ).rows;
  const { facts, unapplied } = await receivableFacts(db, ids);
  const ar = agingByCurrency(facts, unapplied, asOf);
  const arOf = (currency: string) => ar.find((row) => row.currency === currency);
  const moneyRows = money12.rows.map((row) => {
    const revenue = cents(row.revenue12m);
    return {
      currency: row.currency,
      revenue12m: money(revenue),
      revenueLifetime: money(cents(row.lifetime)),
      margin12m: row.margin === null ? null : money(cents(row.margin)),
      marginCoverage: revenue > 0n ? Math.round((Number(cents(row.costed)) / Number(revenue)) * 1000) / 1000 : 0,
      openReceivables: arOf(row.currency)?.open ?? "0.00",
      overdueReceivables: arOf(row.currency)?.overdue ?? "0.00",
    };
  });
  for (const row of ar)
    if (!moneyRows.some((m) => m.currency === row.currency))
      moneyRows.push({
        currency: row.currency,
        revenue12m: "0.00",
        revenueLifetime: "0.00",
        margin12m: null,
        marginCoverage: 0,
        openReceivables: row.open,
        overdueReceivables: row.overdue,
      });
  const primary = [...moneyRows].sort(
    (a, b) => Number(cents(b.revenue12m) - cents(a.revenue12m)) || a.currency.localeCompare(b.currency),
  )[0];
  let below = 0;
  let peers = 0;
  if (primary && cents(primary.revenue12m) > 0n) {
    ({ below, peers } = await peerRank(db, primary.currency, primary.revenue12m, yearAgo, asOf));
  }
  const primaryAr = primary ? arOf(primary.currency) : undefined;
  const open = primaryAr ? Number(cents(primaryAr.open)) : 0;
  const overdueShare = open > 0 ? Number(cents(primaryAr!.overdue)) / open : 0;
  const scores = {
    recency: recencyScore(purchases?.last ? daysBetween(purchases.last, asOf) : null),
    frequency: frequencyScore(purchases?.recent ?? 0, Boolean(purchases?.first)),
    monetary: purchases?.first ? monetaryScore(primary ? Number(cents(primary.revenue12m)) : 0, below, peers) : 0,
    creditHealth: creditHealthScore(primaryAr?.maxDaysOverdue ?? 0, overdueShare),
  };
  return {
    primaryCurrency: primary?.currency ?? null,
    money: moneyRows,
    firstPurchaseOn: purchases?.first ?? null,
    lastPurchaseOn: purchases?.last ?? null,
    purchases12m: purchases?.recent ?? 0,
    averageDaysToPay: primaryAr?.averageDaysToPay ?? null,
    scores,
    valueScore: valueScore(scores),
  };
}

export async function clientValue(platform: Platform, actor: Actor, companyId: string, scope: "company" | "group" = "company") {
  await companyFor(platform.db, actor, companyId);
  const asOf = today();
  const ids = await scopeIds(platform.db, companyId, scope);
  const [value, settings] = await Promise.all([valueOf(platform.db, ids, asOf), settingsRow(platform.db)]);
  const thresholds = presentSettings(settings);
  const months = value.firstPurchaseOn ? monthsBetween(value.firstPurchaseOn, asOf) : null;
  return { companyId, scope, asOf, ...value, segment: segmentOf(value.valueScore, months, thresholds), thresholds };
}

export async function purchaseTrends(
  platform: Platform,
  actor: Actor,
  companyId: string,
  months = 12,
  scope: "company" | "group" = "company",
) {
  await companyFor(platform.db, actor, companyId);
  const ids = await scopeIds(platform.db, companyId, scope);
  const from = `${addDays(today(), 0).slice(0, 7)}-01`;
  const result = await platform.db.execute<{ month: string; category: string; currency: string; amount: string }>(sql`
    SELECT to_char(r.booked_on, 'YYYY-MM') AS month, p.category, r.currency, sum(r.amount)::text AS amount
      FROM revenue_entries r JOIN products p ON p.id = r.product_id
     WHERE r.company_id = ANY(${idsParam(ids)})
       AND r.booked_on >= (${from}::date - make_interval(months => ${months - 1}))
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return { companyId, months, items: result.rows.map((row) => ({ ...row, amount: money(cents(row.amount)) })) };
}

/** Products bought by clients that bought what this one bought, which this one has not: by how many such clients bought them. */
export async function productSuggestions(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const ids = idsParam([companyId]);
  const result = await platform.db.execute<{ product_id: string; code: string; name: string; category: string; buyers: number }>(sql`
    WITH mine AS (SELECT DISTINCT product_id FROM fulfilments f JOIN contract_items i ON i.id = f.contract_item_id
                   WHERE f.company_id = ANY(${ids})),
         peers AS (SELECT DISTINCT f.company_id FROM fulfilments f JOIN contract_items i ON i.id = f.contract_item_id
                    WHERE i.product_id IN (SELECT product_id FROM mine) AND NOT f.company_id = ANY(${ids}))
    SELECT p.id AS product_id, p.code, p.name, p.category, count(DISTINCT f.company_id)::int AS buyers
      FROM fulfilments f JOIN contract_items i ON i.id = f.contract_item_id JOIN products p ON p.id = i.product_id
     WHERE f.company_id IN (SELECT company_id FROM peers) AND p.active AND i.product_id NOT IN (SELECT product_id FROM mine)
     GROUP BY p.id, p.code, p.name, p.category ORDER BY buyers DESC, p.code LIMIT 10`);
  return {
    companyId,
    items: result.rows.map((row) => ({
      productId: row.product_id,
      code: row.code,
      name: row.name,
      category: row.category,
      buyers: row.buyers,
    })),
  };
}
