import { z } from "zod";
import {
  countryCode,
  currencyCode,
  duplicateCandidate,
  email,
  id,
  isoDateTime,
  limits,
  listQuery,
  name,
  optionalText,
  ownerFilter,
  phoneNumber,
  withCustomFilters,
  withoutPaging,
} from "./common";
import { securityLevel } from "./access";
import { customValues } from "./custom-fields";
import { dimensionField, dimensionKeysFilter } from "./dimensions";

export const companyKinds = ["client", "partner", "distributor", "supplier", "competitor", "other"] as const;
export type CompanyKind = (typeof companyKinds)[number];
/** Lifecycle, in order; any move is allowed (a former client may come back as a prospect) and recorded. */
export const lifecycleStages = ["lead", "prospect", "customer", "former"] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];
export const companyStatuses = ["active", "frozen", "inactive"] as const;
export type CompanyStatus = (typeof companyStatuses)[number];
/** Best first. */
export const companyGrades = ["key", "A", "B", "C"] as const;
export type CompanyGrade = (typeof companyGrades)[number];
export const sizeBands = ["1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+"] as const;
export type SizeBand = (typeof sizeBands)[number];
export const addressTypes = ["visiting", "postal", "billing", "delivery", "other"] as const;
export const companyPhoneTypes = ["main", "mobile", "fax", "support", "other"] as const;
export const companyEmailTypes = ["general", "billing", "support", "sales", "other"] as const;

export const address = z
  .object({
    type: z.enum(addressTypes),
    line1: z.string().trim().min(1).max(limits.nameMax),
    line2: optionalText(),
    postalCode: optionalText(20),
    city: optionalText(),
    region: optionalText(),
    country: countryCode.nullable().optional(),
  })
  .strict();
export type Address = z.output<typeof address>;
export const companyPhone = z.object({ type: z.enum(companyPhoneTypes), number: phoneNumber }).strict();
/** As stored and returned: `e164` is filled in by the server (null when the number cannot be normalized). */
export type CompanyPhone = { type: (typeof companyPhoneTypes)[number]; number: string; e164: string | null };
export const companyEmail = z.object({ type: z.enum(companyEmailTypes), address: email }).strict();
export type CompanyEmail = z.output<typeof companyEmail>;

const website = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/)?[^\s/$.?#][^\s]*\.[^\s]{2,}$/i, "must be a web address such as example.com")
  .nullable()
  .optional();

export const company = z.object({
  id,
  name: z.string(),
  kind: z.enum(companyKinds),
  stage: z.enum(lifecycleStages),
  stageChangedAt: isoDateTime,
  status: z.enum(companyStatuses),
  /** The effective grade: the override when set, else what the rules assign (null: no rule met). */
  grade: z.enum(companyGrades).nullable(),
  gradeAssigned: z.enum(companyGrades).nullable(),
  gradeOverride: z.enum(companyGrades).nullable(),
  category: z.string().nullable(),
  industry: z.string().nullable(),
  sizeBand: z.enum(sizeBands).nullable(),
  registrationNumber: z.string().nullable(),
  website: z.string().nullable(),
  domain: z.string().nullable(),
  phones: z.array(z.object({ type: z.enum(companyPhoneTypes), number: z.string(), e164: z.string().nullable() })),
  emails: z.array(z.object({ type: z.enum(companyEmailTypes), address: z.string() })),
  addresses: z.array(
    z.object({
      type: z.enum(addressTypes),
      line1: z.string(),
      line2: z.string().nullable(),
      postalCode: z.string().nullable(),
      city: z.string().nullable(),
      region: z.string().nullable(),
      country: z.string().nullable(),
    }),
  ),
  country: z.string().nullable(),
  currency: z.string().nullable(),
  /** Key of a `line_of_business` dimension value (null: none). */
  lineOfBusiness: z.string().nullable(),
  /** Key of a `client_unit` dimension value: the client's organisational unit this company is (null: none). */
  clientUnit: z.string().nullable(),
  description: z.string().nullable(),
  custom: customValues,
  ownerId: id,
  ownerName: z.string(),
  teamId: id.nullable(),
  orgUnitId: id.nullable(),
  securityLevel,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Company = z.infer<typeof company>;

/** Fields a person may set on a company (create and patch); placement rules apply to owner, team and level. */
const companyFields = {
  kind: z.enum(companyKinds).optional(),
  stage: z.enum(lifecycleStages).optional(),
  status: z.enum(companyStatuses).optional(),
  gradeOverride: z.enum(companyGrades).nullable().optional(),
  category: optionalText(),
  industry: optionalText(),
  sizeBand: z.enum(sizeBands).nullable().optional(),
  registrationNumber: optionalText(50),
  website,
  phones: z.array(companyPhone).max(20).optional(),
  emails: z.array(companyEmail).max(20).optional(),
  addresses: z.array(address).max(20).optional(),
  country: countryCode.nullable().optional(),
  currency: currencyCode.nullable().optional(),
  /** A non-archived key of the `line_of_business` list (400 naming the field otherwise). */
  lineOfBusiness: dimensionField,
  /** A non-archived key of the `client_unit` list (400 naming the field otherwise). */
  clientUnit: dimensionField,
  description: optionalText(limits.textMax),
  /** Only the keys sent change; null clears a value. */
  custom: customValues.optional(),
  ownerId: id.optional(),
  teamId: id.nullable().optional(),
  securityLevel: securityLevel.optional(),
};

/** The first contact of a new company (a lead needs only a name and one contact name). */
export const firstContact = z
  .object({
    firstName: optionalText(100),
    lastName: z.string().trim().min(1).max(100),
    title: optionalText(),
    email: email.optional(),
    phone: phoneNumber.optional(),
  })
  .strict();

export const companyCreate = z
  .object({
    name,
    ...companyFields,
    contact: firstContact.optional(),
    /** Save although likely duplicates exist (otherwise 409 "duplicate" with the candidates). */
    ignoreDuplicates: z.boolean().optional(),
  })
  .strict();
export type CompanyCreate = z.output<typeof companyCreate>;

export const companyPatch = z.object({ name: name.optional(), ...companyFields, ignoreDuplicates: z.boolean().optional() }).strict();
export type CompanyPatch = z.output<typeof companyPatch>;

/** `POST /api/companies/duplicates`: the likely duplicates of a company being typed (nothing is saved). */
export const companyDuplicateCheck = z
  .object({
    name: z.string().trim().max(limits.nameMax).optional(),
    registrationNumber: z.string().trim().max(50).optional(),
    website: z.string().trim().max(500).optional(),
    emails: z.array(z.string().trim().max(limits.emailMax)).max(20).optional(),
    phones: z.array(z.string().trim().max(40)).max(20).optional(),
    /** The company being edited, left out of the candidates. */
    excludeId: id.optional(),
  })
  .strict();
export const duplicateCandidates = z.object({ candidates: z.array(duplicateCandidate) });

/** Sort keys: built-in columns, or `custom.<key>` of a custom field; `-` for descending. */
export const companySortPattern = /^-?(name|updatedAt|createdAt|stage|grade|country|custom\.[a-z][a-z0-9_]{0,39})$/;
export type CompanySort = string;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((value, ctx) => {
      const parts = value.split(",").filter(Boolean);
      for (const part of parts)
        if (!(values as readonly string[]).includes(part)) {
          ctx.addIssue({ code: "custom", message: `must be one or more of ${values.join(", ")}` });
          return z.NEVER;
        }
      return parts as T[number][];
    })
    .optional();

const companyListBase = listQuery.extend({
  sort: z.string().regex(companySortPattern, "must be a sortable column").default("name"),
  /** "me": the signed-in user (My clients). */
  "filter[ownerId]": ownerFilter,
  "filter[teamId]": id.optional(),
  "filter[orgUnitId]": id.optional(),
  "filter[securityLevel]": z
    .enum(["0", "1", "2", "3"])
    .transform((value) => Number(value))
    .optional(),
  "filter[kind]": csv(companyKinds),
  "filter[stage]": csv(lifecycleStages),
  "filter[status]": csv(companyStatuses),
  "filter[grade]": csv(companyGrades),
  "filter[sizeBand]": csv(sizeBands),
  "filter[country]": z
    .string()
    .regex(/^[A-Za-z]{2}(,[A-Za-z]{2})*$/, "must be two-letter country codes, comma separated")
    .transform((value) => value.toUpperCase().split(","))
    .optional(),
  "filter[industry]": z.string().trim().max(limits.nameMax).optional(),
  "filter[category]": z.string().trim().max(limits.nameMax).optional(),
  /** Dimension keys, comma separated (any of them). */
  "filter[lineOfBusiness]": dimensionKeysFilter,
  "filter[clientUnit]": dimensionKeysFilter,
  /** Companies whose country is one of the countries of these regions (keys, comma separated). */
  "filter[region]": dimensionKeysFilter,
});
export const companyListQuery = withCustomFilters(companyListBase);
export type CompanyListQuery = z.output<typeof companyListQuery>;
/** `GET /api/companies/export.csv`: the list's q, filters and sort; no paging (capped at limits.exportRowsMax rows). */
export const companyExportQuery = withCustomFilters(companyListBase.omit(withoutPaging));

export const bulkIds = z.array(id).min(1).max(limits.bulkIdsMax);
export const companyBulk = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), ids: bulkIds }).strict(),
  z.object({ action: z.literal("assign"), ownerId: id, ids: bulkIds }).strict(),
  z.object({ action: z.literal("stage"), stage: z.enum(lifecycleStages), ids: bulkIds }).strict(),
  z.object({ action: z.literal("status"), status: z.enum(companyStatuses), ids: bulkIds }).strict(),
]);
export type CompanyBulk = z.output<typeof companyBulk>;

/** One result per distinct id, in the order sent; invisible ids fail as not_found like missing ones. */
export const bulkResult = z.object({
  results: z.array(
    z.object({
      id,
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResult>;

export const stageChange = z.object({
  id,
  fromStage: z.enum(lifecycleStages).nullable(),
  toStage: z.enum(lifecycleStages),
  changedAt: isoDateTime,
  changedBy: id.nullable(),
  changedByName: z.string().nullable(),
});
export type StageChange = z.infer<typeof stageChange>;

/**
 * `POST /api/companies/:id/merge`: merge `sourceId` into this company. Every related record
 * (contacts, roles, and later opportunities, contracts…) moves here; the source is removed and
 * recorded in company_merges; `take` lists fields whose value comes from the source.
 */
export const companyMerge = z
  .object({
    sourceId: id,
    take: z
      .array(
        z.enum([
          "name",
          "kind",
          "stage",
          "status",
          "category",
          "industry",
          "sizeBand",
          "registrationNumber",
          "website",
          "country",
          "currency",
          "description",
          "ownerId",
        ]),
      )
      .max(20)
      .optional(),
  })
  .strict();

/** `POST /api/companies/handover`: every company of `fromUserId` (and its open work) to `toUserId`, in one step. */
export const companyHandover = z
  .object({ fromUserId: id, toUserId: id, teamId: id.nullable().optional() })
  .strict()
  .refine((value) => value.fromUserId !== value.toUserId, { path: ["toUserId"], message: "must differ from fromUserId" });
export const handoverResult = z.object({ companies: z.number().int(), contacts: z.number().int() });

/** Grade rules: a company gets the best grade whose thresholds it meets (both, where both are set). */
export const gradeRule = z
  .object({
    grade: z.enum(companyGrades),
    minRevenue12m: z
      .string()
      .regex(/^\d{1,15}(\.\d{1,2})?$/, "must be an amount")
      .nullable(),
    minTenureMonths: z.number().int().min(0).max(1200).nullable(),
    enabled: z.boolean(),
  })
  .strict();
export type GradeRule = z.infer<typeof gradeRule>;
export const gradeRules = z.object({ rules: z.array(gradeRule), version: z.number().int() });
export const gradeRulesPut = z
  .object({ rules: z.array(gradeRule).max(companyGrades.length) })
  .strict()
  .refine((value) => new Set(value.rules.map((rule) => rule.grade)).size === value.rules.length, {
    path: ["rules"],
    message: "one rule per grade",
  });
