import { z } from "zod";
import {
  booleanFilter,
  email,
  id,
  isoDate,
  isoDateTime,
  limits,
  listQuery,
  optionalText,
  ownerFilter,
  phoneNumber,
  withCustomFilters,
} from "./common";
import { locales } from "./auth";
import { customValues } from "./custom-fields";
import { dimensionField, dimensionKeysFilter } from "./dimensions";

export const contactEmailTypes = ["work", "personal", "other"] as const;
export const contactPhoneTypes = ["work", "mobile", "home", "other"] as const;
export const messagingKinds = ["wechat", "whatsapp", "teams", "slack", "telegram", "skype", "linkedin", "other"] as const;
export const contactChannels = ["email", "phone", "sms", "messaging", "mail", "meeting"] as const;
/**
 * The functions the `function` dimension list starts with (administrators add, relabel and
 * archive values there); a contact's function is a key of that list.
 */
export const contactFunctions = [
  "executive",
  "it",
  "finance",
  "procurement",
  "operations",
  "sales",
  "marketing",
  "hr",
  "legal",
  "engineering",
  "service",
  "other",
] as const;

export const contactEmail = z.object({ type: z.enum(contactEmailTypes), address: email }).strict();
export type ContactEmail = z.output<typeof contactEmail>;
export const contactPhone = z.object({ type: z.enum(contactPhoneTypes), number: phoneNumber }).strict();
/** As stored and returned: `e164` is filled in by the server (null when the number cannot be normalized). */
export type ContactPhone = { type: (typeof contactPhoneTypes)[number]; number: string; e164: string | null };
/** PostgreSQL text cannot hold NUL; refusing it here names the field instead of failing later. */
const noNul = (text: z.ZodString) => text.regex(/^[^\u0000]*$/, "must not contain NUL characters");
export const messagingHandle = z.object({ kind: z.enum(messagingKinds), handle: noNul(z.string().trim().min(1).max(200)) }).strict();
export type MessagingHandle = z.output<typeof messagingHandle>;

/** A role of the contact at a company besides the primary one. */
export const contactRole = z.object({
  id,
  companyId: id,
  companyName: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  startedOn: isoDate.nullable(),
  endedOn: isoDate.nullable(),
  version: z.number().int(),
});
export type ContactRole = z.infer<typeof contactRole>;
export const contactRoleInput = z
  .object({
    companyId: id,
    title: optionalText(),
    department: optionalText(),
    startedOn: isoDate.nullable().optional(),
    endedOn: isoDate.nullable().optional(),
  })
  .strict();
export const contactRolePatch = contactRoleInput.omit({ companyId: true }).strict();

export const contact = z.object({
  id,
  companyId: id,
  companyName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  fullName: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  /** Key of a `function` dimension value (initially one of `contactFunctions`). */
  function: z.string().nullable(),
  /** Key of a `client_unit` dimension value: the client's organisational unit the person works in. */
  clientUnit: z.string().nullable(),
  reportsToId: id.nullable(),
  reportsToName: z.string().nullable(),
  emails: z.array(z.object({ type: z.enum(contactEmailTypes), address: z.string() })),
  phones: z.array(z.object({ type: z.enum(contactPhoneTypes), number: z.string(), e164: z.string().nullable() })),
  messaging: z.array(z.object({ kind: z.enum(messagingKinds), handle: z.string() })),
  birthday: isoDate.nullable(),
  preferredLanguage: z.string().nullable(),
  preferredChannel: z.enum(contactChannels).nullable(),
  consentEmail: z.boolean(),
  consentSms: z.boolean(),
  consentCalls: z.boolean(),
  notes: z.string().nullable(),
  custom: customValues,
  roles: z.array(contactRole),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Contact = z.infer<typeof contact>;

const contactFields = {
  firstName: noNul(z.string().trim().max(100)).optional(),
  title: optionalText(),
  department: optionalText(),
  /** A key of the `function` list: while the list has values, only its non-archived keys (400 naming the field otherwise). */
  function: dimensionField,
  /** A non-archived key of the `client_unit` list. */
  clientUnit: dimensionField,
  /** Another contact of the same primary company; no cycles. */
  reportsToId: id.nullable().optional(),
  emails: z.array(contactEmail).max(20).optional(),
  phones: z.array(contactPhone).max(20).optional(),
  messaging: z.array(messagingHandle).max(20).optional(),
  birthday: isoDate.nullable().optional(),
  preferredLanguage: z.enum(locales).nullable().optional(),
  preferredChannel: z.enum(contactChannels).nullable().optional(),
  consentEmail: z.boolean().optional(),
  consentSms: z.boolean().optional(),
  consentCalls: z.boolean().optional(),
  notes: optionalText(limits.textMax),
  custom: customValues.optional(),
};

export const contactCreate = z
  .object({
    companyId: id,
    lastName: noNul(z.string().trim().min(1).max(100)),
    ...contactFields,
    roles: z.array(contactRoleInput).max(20).optional(),
    ignoreDuplicates: z.boolean().optional(),
  })
  .strict();
export type ContactCreate = z.output<typeof contactCreate>;
/** Moving a contact to another primary company clears reports-to when it points outside. */
export const contactPatch = z
  .object({
    companyId: id.optional(),
    lastName: noNul(z.string().trim().min(1).max(100)).optional(),
    ...contactFields,
    ignoreDuplicates: z.boolean().optional(),
  })
  .strict();
export type ContactPatch = z.output<typeof contactPatch>;

export const contactDuplicateCheck = z
  .object({
    firstName: z.string().trim().max(100).optional(),
    lastName: z.string().trim().max(100).optional(),
    companyId: id.optional(),
    emails: z.array(z.string().trim().max(limits.emailMax)).max(20).optional(),
    phones: z.array(z.string().trim().max(40)).max(20).optional(),
    excludeId: id.optional(),
  })
  .strict();

export const contactSortPattern = /^-?(name|updatedAt|createdAt|company|custom\.[a-z][a-z0-9_]{0,39})$/;
export const contactListQuery = withCustomFilters(
  listQuery.extend({
    sort: z.string().regex(contactSortPattern, "must be a sortable column").default("name"),
    /** Contacts whose primary company or an additional role is at this company. */
    "filter[companyId]": id.optional(),
    /** Contacts of the companies this user owns ("me": the signed-in user). */
    "filter[ownerId]": ownerFilter,
    /** Contacts of the companies of this team / org unit (the primary company's placement). */
    "filter[teamId]": id.optional(),
    "filter[orgUnitId]": id.optional(),
    /** Function keys, comma separated (any of them). */
    "filter[function]": dimensionKeysFilter,
    /** Client unit keys, comma separated (any of them). */
    "filter[clientUnit]": dimensionKeysFilter,
    "filter[consentEmail]": booleanFilter,
    "filter[consentSms]": booleanFilter,
    "filter[consentCalls]": booleanFilter,
    "filter[preferredLanguage]": z.enum(locales).optional(),
    "filter[preferredChannel]": z.enum(contactChannels).optional(),
  }),
);
export type ContactListQuery = z.output<typeof contactListQuery>;

/** `POST /api/contacts/:id/merge`: merge `sourceId` into this contact (roles, reports, history kept). */
export const contactMerge = z
  .object({
    sourceId: id,
    take: z
      .array(
        z.enum(["firstName", "lastName", "title", "department", "function", "birthday", "preferredLanguage", "preferredChannel", "notes"]),
      )
      .max(20)
      .optional(),
  })
  .strict();

/** The org chart of a company's people: every visible contact with its reports-to. */
export const orgChartNode = z.object({
  id,
  fullName: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  reportsToId: id.nullable(),
});
export const orgChart = z.object({ nodes: z.array(orgChartNode) });

/** vCard 4.0 import result (POST /api/companies/:id/contacts/import.vcf, body text/vcard). */
export const vcardImportResult = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ card: z.number().int(), message: z.string() })),
});
