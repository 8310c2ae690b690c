import {
  ratingScale,
  type CollectionMethod,
  type CreditAgency,
  type CreditLimit,
  type CreditRating,
  type DepositRules,
  type FinancialStatement,
  type RatingOutlook,
  type ScaleRating,
} from "@relata/contracts";
import type { CreditRow, DepositRuleRow, DepositSettingsRow, RatingRow, StatementRow } from "./finance.repository";

const dateText = (value: string) => value.slice(0, 10);

export function presentStatement(row: StatementRow): FinancialStatement {
  return {
    id: row.id,
    companyId: row.companyId,
    fiscalYear: row.fiscalYear,
    quarter: row.quarter,
    revenue: row.revenue,
    profit: row.profit,
    assets: row.assets,
    liabilities: row.liabilities,
    equity: row.equity,
    currency: row.currency,
    source: row.source,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function presentRating(row: RatingRow): CreditRating {
  return {
    id: row.id,
    companyId: row.companyId,
    agency: row.agency as CreditAgency,
    rating: row.rating,
    scalePosition: row.scalePosition,
    scaleRating: ratingScale[row.scalePosition - 1] as ScaleRating,
    ratedOn: dateText(row.ratedOn),
    outlook: row.outlook as RatingOutlook | null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** A company without a limit yet: version 0, the ETag its first PUT sends. */
export function presentCreditLimit(companyId: string, row: CreditRow | undefined): CreditLimit {
  return {
    companyId,
    amount: row?.amount ?? null,
    currency: row?.currency ?? null,
    note: row?.note ?? null,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    version: row?.version ?? 0,
  };
}

export function presentDepositRules(rows: readonly DepositRuleRow[], settings: DepositSettingsRow): DepositRules {
  return {
    rules: rows.map((row) => ({
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      rating: row.rating ?? null,
      maxOverdueDays: row.maxOverdueDays,
      maxOverdueShare: row.maxOverdueShare === null ? null : Number(row.maxOverdueShare),
      maxAverageDaysToPay: row.maxAverageDaysToPay,
      depositPercent: Number(row.depositPercent),
      collectionMethod: row.collectionMethod as CollectionMethod,
    })),
    default: {
      depositPercent: Number(settings.defaultDepositPercent),
      collectionMethod: settings.defaultCollectionMethod as CollectionMethod,
    },
    version: settings.version,
  };
}
