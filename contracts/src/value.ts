import { z } from "zod";
import { id, isoDate } from "./common";

// ---------------------------------------------------------------------------------------------
// Client value

export const valueSegments = ["key", "long_standing", "new", "average", "none"] as const;
export type ValueSegment = (typeof valueSegments)[number];

/** Administrator-editable segment thresholds (`GET/PUT /api/settings/value-segments`, If-Match). */
export const valueSegmentSettingsPut = z
  .object({
    /** A value score at or above this makes a key client. */
    keyMinScore: z.number().int().min(1).max(100),
    /** Buying for at least this many months (since the first revenue) makes a long-standing client. */
    longStandingMinMonths: z.number().int().min(1).max(600),
    /** A first revenue within this many months makes a new client. */
    newMaxMonths: z.number().int().min(1).max(120),
  })
  .strict();
export type ValueSegmentSettingsPut = z.output<typeof valueSegmentSettingsPut>;
export const valueSegmentSettings = valueSegmentSettingsPut.extend({ version: z.number().int() });
export type ValueSegmentSettings = z.infer<typeof valueSegmentSettings>;

/** Money figures in one currency. */
export const valueMoney = z.object({
  currency: z.string(),
  revenue12m: z.string(),
  revenueLifetime: z.string(),
  /** Revenue − cost over 12 months, of the revenue whose cost is known (null when no cost is known). */
  margin12m: z.string().nullable(),
  /** Share of the 12-month revenue whose cost is known, 0–1. */
  marginCoverage: z.number(),
  openReceivables: z.string(),
  overdueReceivables: z.string(),
});
export type ValueMoney = z.infer<typeof valueMoney>;

export const clientValue = z.object({
  companyId: id,
  scope: z.enum(["company", "group"]),
  asOf: isoDate,
  /** The currency the scores are computed in: the one with the most revenue over 12 months. */
  primaryCurrency: z.string().nullable(),
  money: z.array(valueMoney),
  firstPurchaseOn: isoDate.nullable(),
  lastPurchaseOn: isoDate.nullable(),
  /** Purchases over the last 12 months: fulfilments, and manual invoices (one per day invoiced). */
  purchases12m: z.number().int(),
  averageDaysToPay: z.number().nullable(),
  /** 1–5 each (0: no purchase yet). */
  scores: z.object({
    recency: z.number().int(),
    frequency: z.number().int(),
    monetary: z.number().int(),
    /** Credit health from payment behaviour: nothing overdue 5 … long overdue 1. */
    creditHealth: z.number().int(),
  }),
  /** 0–100. */
  valueScore: z.number().int(),
  segment: z.enum(valueSegments),
  thresholds: valueSegmentSettings,
});
export type ClientValue = z.infer<typeof clientValue>;

export const valueQuery = z.object({ scope: z.enum(["company", "group"]).optional() }).strict();

export const purchaseTrend = z.object({
  /** YYYY-MM. */
  month: z.string(),
  category: z.string(),
  currency: z.string(),
  amount: z.string(),
});
export const purchaseTrends = z.object({ companyId: id, months: z.number().int(), items: z.array(purchaseTrend) });
export type PurchaseTrends = z.infer<typeof purchaseTrends>;
export const trendsQuery = z
  .object({ months: z.coerce.number().int().min(1).max(60).optional(), scope: z.enum(["company", "group"]).optional() })
  .strict();

export const productSuggestion = z.object({
  productId: id,
  code: z.string(),
  name: z.string(),
  category: z.string(),
  /** How many clients that bought what this one bought also bought this. */
  buyers: z.number().int(),
});
export const productSuggestions = z.object({ companyId: id, items: z.array(productSuggestion) });
