// Constants the web app's first screens need, without zod: importing them from here keeps the
// schema library out of the sign-in page's JavaScript. The rest of the contracts re-export them.

export const locales = ["en", "zh-CN", "sv"] as const;
export type Locale = (typeof locales)[number];

/** Kinds of records that carry custom fields. */
export const customFieldObjects = ["company", "contact"] as const;
export type CustomFieldObject = (typeof customFieldObjects)[number];

/** Kinds of records a CSV import creates. */
export const importObjects = ["company", "contact"] as const;
export type ImportObject = (typeof importObjects)[number];

/** A list's total is counted up to this many records; past it, it is the database's estimate (a count is a scan of every match). */
export const listCountCap = 1_000;

/** Limits shared by the server (validation) and the web app (forms). */
export const limits = {
  pageSizeMax: 200,
  pageSizeDefault: 50,
  nameMax: 200,
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 128,
  textMax: 10_000,
  idsMax: 200,
  /** Ids in one bulk action. */
  bulkIdsMax: 500,
  /** Rows in one CSV export at most (further rows are left out). */
  exportRowsMax: 100_000,
  searchQueryMax: 100,
  searchLimitMax: 20,
  searchLimitDefault: 8,
  savedViewsPerObjectMax: 100,
} as const;

export * from "./zones";
