import { z } from "zod";
import { currencyCode, id, isoDate, isoDateTime, limits, optionalText } from "./common";

// ---------------------------------------------------------------------------------------------
// Currencies and amounts

/** ISO 4217 codes the runtime knows (Intl); an unknown three-letter code is refused. */
const knownCurrencies: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [],
);
/** An ISO 4217 currency code, upper case, that exists ("EUR", not "EUX"). */
export const isoCurrency = currencyCode.refine((code) => knownCurrencies.size === 0 || knownCurrencies.has(code), {
  message: "is not an ISO 4217 currency code",
});

/** A signed amount as a decimal string, at most 15 digits before and 2 after the point ("-1250000.50"). */
export const signedAmount = z
  .string()
  .trim()
  .regex(/^-?\d{1,15}(\.\d{1,2})?$/, "must be an amount with at most 2 decimals");
/** An amount that cannot be negative. */
export const unsignedAmount = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,2})?$/, "must be a positive amount with at most 2 decimals");
/** A percentage 0–100 (at most 2 decimals are kept). */
export const percentage = z.number().min(0, "must be 0 or more").max(100, "must be 100 or less");

// ---------------------------------------------------------------------------------------------
// Financial statements

/** A fiscal year, e.g. 2024. */
export const fiscalYear = z.number().int().min(1900).max(2200);
/** A quarter 1–4; null: the statement covers the whole fiscal year. */
export const fiscalQuarter = z.number().int().min(1).max(4).nullable();

/** A company's financial statement for one period (a fiscal year, or one quarter of it); one per company and period. */
export const financialStatement = z.object({
  id,
  companyId: id,
  fiscalYear: z.number().int(),
  quarter: z.number().int().nullable(),
  /** Amounts as decimal strings in `currency`; null where the statement does not say. */
  revenue: z.string().nullable(),
  profit: z.string().nullable(),
  assets: z.string().nullable(),
  liabilities: z.string().nullable(),
  equity: z.string().nullable(),
  currency: z.string(),
  /** Where the figures come from (annual report, registry, agency…). */
  source: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type FinancialStatement = z.infer<typeof financialStatement>;

const statementFigures = {
  revenue: signedAmount.nullable().optional(),
  profit: signedAmount.nullable().optional(),
  assets: signedAmount.nullable().optional(),
  liabilities: signedAmount.nullable().optional(),
  equity: signedAmount.nullable().optional(),
  source: optionalText(),
  note: optionalText(limits.textMax),
};

/** `POST /api/companies/:id/financial-statements`: 400 (naming fiscalYear, or quarter) when the company already has a statement for that period. */
export const financialStatementCreate = z
  .object({ fiscalYear, quarter: fiscalQuarter.optional(), currency: isoCurrency, ...statementFigures })
  .strict();
export type FinancialStatementCreate = z.output<typeof financialStatementCreate>;

/** `PATCH /api/companies/:id/financial-statements/:statementId` (If-Match); moving it onto another statement's period is a 400 like a duplicate create. */
export const financialStatementPatch = z
  .object({ fiscalYear: fiscalYear.optional(), quarter: fiscalQuarter.optional(), currency: isoCurrency.optional(), ...statementFigures })
  .strict();
export type FinancialStatementPatch = z.output<typeof financialStatementPatch>;

export const financialStatementParams = z.object({ id, statementId: id }).strict();

// ---------------------------------------------------------------------------------------------
// Credit ratings

/**
 * The rating scale every agency's notation is placed on, best first: position 1 is AAA, 22 is D
 * (default). Rules compare ratings by this position, whatever agency gave them.
 */
export const ratingScale = [
  "AAA",
  "AA+",
  "AA",
  "AA-",
  "A+",
  "A",
  "A-",
  "BBB+",
  "BBB",
  "BBB-",
  "BB+",
  "BB",
  "BB-",
  "B+",
  "B",
  "B-",
  "CCC+",
  "CCC",
  "CCC-",
  "CC",
  "C",
  "D",
] as const;
export type ScaleRating = (typeof ratingScale)[number];

/** Moody's notation, step for step on the scale (it has no D: C is its lowest). */
export const moodysNotation = [
  "Aaa",
  "Aa1",
  "Aa2",
  "Aa3",
  "A1",
  "A2",
  "A3",
  "Baa1",
  "Baa2",
  "Baa3",
  "Ba1",
  "Ba2",
  "Ba3",
  "B1",
  "B2",
  "B3",
  "Caa1",
  "Caa2",
  "Caa3",
  "Ca",
  "C",
] as const;

/** Rating agencies: `internal` is our own assessment; `other` any agency using the AAA…D notation. */
export const creditAgencies = ["sp", "moodys", "fitch", "internal", "other"] as const;
export type CreditAgency = (typeof creditAgencies)[number];

/** The ratings an agency gives, in its own notation, best first. */
export const agencyRatings = (agency: CreditAgency): readonly string[] => (agency === "moodys" ? moodysNotation : ratingScale);

/** Where a rating of this agency sits on the scale (1 = AAA … 22 = D); undefined when the agency has no such rating. */
export function scalePosition(agency: CreditAgency, rating: string): number | undefined {
  const index = agencyRatings(agency).indexOf(rating);
  return index < 0 ? undefined : index + 1;
}

export const ratingOutlooks = ["positive", "stable", "negative", "developing"] as const;
export type RatingOutlook = (typeof ratingOutlooks)[number];

/** One rating of a company by an agency on a date. All are kept: the newest (by date) is the current one. */
export const creditRating = z.object({
  id,
  companyId: id,
  agency: z.enum(creditAgencies),
  /** In the agency's notation ("BBB+", "Baa1"). */
  rating: z.string(),
  /** Position on the common scale (1 = AAA … 22 = D). */
  scalePosition: z.number().int(),
  /** The common-scale equivalent ("Baa1" → "BBB+"). */
  scaleRating: z.enum(ratingScale),
  ratedOn: isoDate,
  outlook: z.enum(ratingOutlooks).nullable(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type CreditRating = z.infer<typeof creditRating>;

const ratingFields = {
  outlook: z.enum(ratingOutlooks).nullable().optional(),
  note: optionalText(limits.textMax),
};

/** `POST /api/companies/:id/credit-ratings`: the rating must exist in the agency's notation; the date cannot be in the future. */
export const creditRatingCreate = z
  .object({ agency: z.enum(creditAgencies), rating: z.string().trim().min(1).max(10), ratedOn: isoDate, ...ratingFields })
  .strict()
  .superRefine((value, ctx) => {
    if (scalePosition(value.agency, value.rating) === undefined)
      ctx.addIssue({ code: "custom", path: ["rating"], message: `is not a rating of ${value.agency}` });
  });
export type CreditRatingCreate = z.output<typeof creditRatingCreate>;

/** `PATCH /api/companies/:id/credit-ratings/:ratingId` (If-Match): corrects a rating; the agency never changes. */
export const creditRatingPatch = z
  .object({ rating: z.string().trim().min(1).max(10).optional(), ratedOn: isoDate.optional(), ...ratingFields })
  .strict();
export type CreditRatingPatch = z.output<typeof creditRatingPatch>;

export const creditRatingParams = z.object({ id, ratingId: id }).strict();

// ---------------------------------------------------------------------------------------------
// Credit limit

/** The credit we extend to a company; version 0 (and null amount) until one is set. */
export const creditLimit = z.object({
  companyId: id,
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: isoDateTime.nullable(),
  version: z.number().int(),
});
export type CreditLimit = z.infer<typeof creditLimit>;

/** `PUT /api/companies/:id/credit-limit` (If-Match, "0" the first time): amount and currency together; amount null clears the limit. */
export const creditLimitPut = z
  .object({
    amount: unsignedAmount.nullable(),
    currency: isoCurrency.nullable().optional(),
    note: optionalText(limits.textMax),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.amount !== null && !value.currency)
      ctx.addIssue({ code: "custom", path: ["currency"], message: "is required with an amount" });
  });
export type CreditLimitPut = z.output<typeof creditLimitPut>;

// ---------------------------------------------------------------------------------------------
// Deposit rules

/** How a client pays what the deposit rule asks of it. */
export const collectionMethods = ["transfer", "card", "direct_debit", "cash", "letter_of_credit", "prepayment"] as const;
export type CollectionMethod = (typeof collectionMethods)[number];

/**
 * What a deposit rule asks of the company's rating:
 * - `ratings`: its current rating from `agency` is one of `ratings` (that agency's notation);
 * - `scale`: its current rating (from `agency`, or the newest of any agency) lies between
 *   `from` and `to` on the scale, both included (`from` the better end: "BB+".."D" = BB+ or worse);
 * - `unrated`: it has no rating (from `agency`, or from any agency).
 */
export const ratingCondition = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("ratings"),
      agency: z.enum(creditAgencies),
      ratings: z.array(z.string().trim().min(1).max(10)).min(1).max(30),
    })
    .strict()
    .superRefine((value, ctx) => {
      for (const [index, rating] of value.ratings.entries())
        if (scalePosition(value.agency, rating) === undefined)
          ctx.addIssue({ code: "custom", path: ["ratings", index], message: `is not a rating of ${value.agency}` });
    }),
  z
    .object({
      type: z.literal("scale"),
      agency: z.enum(creditAgencies).nullable().optional(),
      from: z.enum(ratingScale),
      to: z.enum(ratingScale),
    })
    .strict()
    .refine((value) => ratingScale.indexOf(value.from) <= ratingScale.indexOf(value.to), {
      path: ["to"],
      message: "must not be better than from",
    }),
  z.object({ type: z.literal("unrated"), agency: z.enum(creditAgencies).nullable().optional() }).strict(),
]);
export type RatingCondition = z.output<typeof ratingCondition>;

/**
 * One deposit rule. Rules are tried in order; the first enabled rule whose conditions hold
 * gives the deposit. A rule without a rating condition holds for any rating. The AR conditions
 * (the client's longest overdue receivable at most `maxOverdueDays` days; overdue receivables at
 * most `maxOverdueShare` % of the open ones) are stored now and evaluated once billing exists;
 * until then the result says they were not evaluated and the rule is decided on its rating.
 */
export const depositRule = z
  .object({
    /** Absent on a new rule; kept by the server across saves. */
    id: id.optional(),
    name: z.string().trim().min(1).max(limits.nameMax),
    enabled: z.boolean(),
    rating: ratingCondition.nullable(),
    maxOverdueDays: z.number().int().min(0, "must be 0 or more").max(3650).nullable(),
    maxOverdueShare: percentage.nullable(),
    /** The client's average days from invoice to payment (last 12 months) at most this; omitted on a save: kept as stored. */
    maxAverageDaysToPay: z.number().int().min(0, "must be 0 or more").max(3650).nullable().optional(),
    depositPercent: percentage,
    collectionMethod: z.enum(collectionMethods),
  })
  .strict();
export type DepositRule = z.output<typeof depositRule>;

/** What applies when no rule holds. */
export const depositDefault = z.object({ depositPercent: percentage, collectionMethod: z.enum(collectionMethods) }).strict();
export type DepositDefault = z.output<typeof depositDefault>;

/** `GET /api/settings/deposit-rules`: the rules in order (each with its id), the default and the set's version (ETag). */
export const depositRules = z.object({
  rules: z.array(depositRule.required({ id: true })),
  default: depositDefault,
  version: z.number().int(),
});
export type DepositRules = z.infer<typeof depositRules>;

/** `PUT /api/settings/deposit-rules` (If-Match): the whole ordered set; rules sent without an id are new. */
export const depositRulesPut = z
  .object({ rules: z.array(depositRule).max(100), default: depositDefault })
  .strict()
  .refine(
    (value) => {
      const ids = value.rules.flatMap((rule) => (rule.id ? [rule.id] : []));
      return new Set(ids).size === ids.length;
    },
    { path: ["rules"], message: "lists a rule id more than once" },
  );
export type DepositRulesPut = z.output<typeof depositRulesPut>;

/** How one rule fared in an evaluation (in rule order, up to the one that matched). */
export const depositRuleCheck = z.object({
  ruleId: id,
  name: z.string(),
  /** `matched`; `rating_not_met`: its rating condition does not hold; `ar_not_met`: its AR conditions do not; `disabled`: skipped. */
  outcome: z.enum(["matched", "rating_not_met", "ar_not_met", "disabled"]),
  /** `none`: no AR condition; `met` / `not_met`: checked on the client's AR behaviour; `not_evaluated`: not checked (no AR given, or the rule was skipped). */
  arCondition: z.enum(["none", "not_evaluated", "met", "not_met"]),
});
export type DepositRuleCheck = z.infer<typeof depositRuleCheck>;

/** A rating as an evaluation used it. */
export const ratingUsed = z.object({
  id,
  agency: z.enum(creditAgencies),
  rating: z.string(),
  scaleRating: z.enum(ratingScale),
  ratedOn: isoDate,
});

/**
 * The deposit a company must pay now and why: the rule that matched (with the rating it matched
 * on) or "no rule matched → default"; `checks` shows how each rule before it fared.
 */
export const depositResult = z.object({
  depositPercent: z.number(),
  collectionMethod: z.enum(collectionMethods),
  /** `rule`: a rule matched; `default`: no rule matched, the default applies. */
  source: z.enum(["rule", "default"]),
  rule: z.object({ id, name: z.string(), position: z.number().int() }).nullable(),
  /** The rating the matched rule's condition was checked on (null: default, no rating condition, or unrated). */
  rating: ratingUsed.nullable(),
  /** The company's current rating (newest of any agency), whatever the rules looked at. */
  currentRating: ratingUsed.nullable(),
  /** False when a rule checked had AR conditions that were not evaluated. */
  arEvaluated: z.boolean(),
  /**
   * The client's AR behaviour the AR conditions were checked on: the longest overdue invoice (days
   * past due), the overdue share of open AR (%, the worst currency; null with nothing open) and the
   * average days to pay over the last 12 months (null without paid invoices).
   */
  ar: z
    .object({ maxDaysOverdue: z.number().int(), overdueShare: z.number().nullable(), averageDaysToPay: z.number().nullable() })
    .nullable()
    .optional(),
  checks: z.array(depositRuleCheck),
  /** The version of the rule set evaluated. */
  rulesVersion: z.number().int(),
});
export type DepositResult = z.infer<typeof depositResult>;

// ---------------------------------------------------------------------------------------------
// The card

/**
 * `GET /api/companies/:id/finance`: everything the financial-health panel shows, in one call:
 * statements by period (oldest first, for the trend chart), ratings (newest first), the credit
 * limit and the deposit result with its reason.
 */
export const companyFinance = z.object({
  companyId: id,
  /** The company's own currency (statements carry theirs). */
  currency: z.string().nullable(),
  statements: z.array(financialStatement),
  ratings: z.array(creditRating),
  creditLimit,
  deposit: depositResult,
});
export type CompanyFinance = z.infer<typeof companyFinance>;
