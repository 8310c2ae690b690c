/**
 * The contact forms: which fields, how they render, and the bridge between the form's flat values
 * (custom fields as `custom:<key>`) and the API's body (`custom: { key }`). The body helpers are
 * pure (unit-tested).
 */
import { useMemo } from "react";
import { z } from "zod";
import type { Contact } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { languageNames } from "../../i18n";
import type { FieldHints, FormSchema, Values } from "../../components/record-form";
import { companyLoader } from "./api";
import { customHint, customKeyOf, customName, customSchema, isCustomName, type CustomDef } from "./custom-fields";

export const contactLabelPrefix = "contacts:field.";

/** The contact's own fields in form order (custom fields follow). */
export const contactFormFields = [
  "companyId",
  "firstName",
  "lastName",
  "title",
  "department",
  "function",
  "reportsToId",
  "emails",
  "phones",
  "messaging",
  "birthday",
  "preferredLanguage",
  "preferredChannel",
  "consentEmail",
  "consentSms",
  "consentCalls",
  "notes",
] as const;

/** Fields the duplicate check looks at. */
export const duplicateFields = ["firstName", "lastName", "companyId", "emails", "phones"] as const;

const reach = "contacts:section.reach";
const preferences = "contacts:section.preferences";

/** How the contact's own fields render. */
export function contactHints(): FieldHints {
  return {
    companyId: { widget: "reference", reference: companyLoader, description: "contacts:field.companyHint", wide: true },
    firstName: { placeholder: "contacts:field.firstNamePlaceholder" },
    lastName: { placeholder: "contacts:field.lastNamePlaceholder" },
    function: { optionLabels: "contacts:function" },
    reportsToId: { widget: "contactReportsTo", description: "contacts:field.reportsToHint" },
    emails: { widget: "contactEmails", section: reach, wide: true },
    phones: { widget: "contactPhones", section: reach, wide: true },
    messaging: { widget: "contactMessaging", section: reach, wide: true },
    birthday: { widget: "contactDate", section: preferences },
    preferredLanguage: {
      section: preferences,
      options: Object.entries(languageNames).map(([value, label]) => ({ value, label })),
    },
    preferredChannel: { section: preferences, optionLabels: "contacts:channel" },
    consentEmail: { section: "contacts:section.consent", description: "contacts:field.consentEmailHint" },
    consentSms: { section: "contacts:section.consent", description: "contacts:field.consentSmsHint" },
    consentCalls: { section: "contacts:section.consent", description: "contacts:field.consentCallsHint" },
    notes: { section: "contacts:section.notes", wide: true },
  };
}

/** The hints of the contact's fields plus its custom fields (in their sections, after the own fields). */
export function useContactHints(defs: CustomDef[], language: string, options: { customOnly?: boolean } = {}): FieldHints {
  return useMemo(() => {
    const hints: FieldHints = options.customOnly ? {} : contactHints();
    defs.forEach((def, index) => (hints[customName(def.key)] = customHint("contact", def, language, 100 + index)));
    return hints;
  }, [defs, language, options.customOnly]);
}

/** Names of the form's fields: the own ones given, then the custom ones. */
export function formFieldNames(own: readonly string[], defs: CustomDef[]): string[] {
  return [...own, ...defs.map((def) => customName(def.key))];
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Fields the forms never show (set by the flows around them). */
const hiddenKeys = new Set(["custom", "roles", "ignoreDuplicates"]);

/**
 * A schema for RecordForm: the contract's fields plus one per custom field; validation runs the
 * contract schema on the API body and each custom field's own schema, issues named like the form.
 */
export function contactFormSchema(base: ObjectSchema, defs: CustomDef[], mode: "create" | "edit"): FormSchema {
  const customShape: Record<string, z.ZodType> = {};
  for (const def of defs) customShape[customName(def.key)] = customSchema(def, mode);
  const shape: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(base.shape)) if (!hiddenKeys.has(name)) shape[name] = schema;
  Object.assign(shape, customShape);
  const custom = z.object(customShape);
  return {
    shape,
    safeParse(value: unknown) {
      const values = (value ?? {}) as Values;
      const body = toApiBody(values);
      delete body.custom;
      const own = base.safeParse(body);
      const mine = custom.safeParse(Object.fromEntries(Object.entries(values).filter(([name]) => isCustomName(name))));
      const issues = [...(own.success ? [] : own.error.issues), ...(mine.success ? [] : mine.error.issues)];
      return issues.length ? { success: false, error: { issues } } : { success: true };
    },
  };
}

type Row = Record<string, unknown>;
const blank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** Rows the user added and left empty are not sent. */
function filledRows(rows: unknown, key: string): unknown {
  if (!Array.isArray(rows)) return rows;
  return (rows as Row[]).filter((row) => !blank(row?.[key]));
}

/** Form values → API body: list rows cleaned, custom fields gathered under `custom`. */
export function toApiBody(values: Values): Values {
  const body: Values = {};
  const custom: Values = {};
  for (const [name, value] of Object.entries(values)) {
    if (isCustomName(name)) custom[customKeyOf(name)] = value;
    else if (name === "emails") body.emails = filledRows(value, "address");
    else if (name === "phones") body.phones = filledRows(value, "number");
    else if (name === "messaging") body.messaging = filledRows(value, "handle");
    else body[name] = value;
  }
  if (Object.keys(custom).length) body.custom = custom;
  return body;
}

/** A contact → form values (phones without the server's E.164 form, custom values flat). */
export function toFormValues(contact: Contact, defs: CustomDef[]): Values & { version: number } {
  const values: Values & { version: number } = {
    ...contact,
    phones: contact.phones.map(({ type, number }) => ({ type, number })),
    emails: contact.emails.map(({ type, address }) => ({ type, address })),
    messaging: contact.messaging.map(({ kind, handle }) => ({ kind, handle })),
  };
  for (const def of defs) values[customName(def.key)] = contact.custom?.[def.key] ?? null;
  return values;
}

/** Server errors on `custom.<key>` name the form's `custom:<key>` field. */
export function withFormFieldNames(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.details.some((detail) => detail.field.startsWith("custom."))) return error;
  const details = error.details.map((detail) =>
    detail.field.startsWith("custom.") ? { ...detail, field: customName(detail.field.slice("custom.".length).split(/[.[]/)[0]!) } : detail,
  );
  return new ApiError(error.status, {
    code: error.code === "network" ? undefined : error.code,
    message: error.message,
    details,
    candidates: error.candidates,
    requestId: error.requestId,
  });
}

/** What the duplicate check is asked about the values being typed (undefined: too little to ask). */
export function duplicateQuery(values: Values, excludeId?: string) {
  const firstName = typeof values.firstName === "string" ? values.firstName.trim() : "";
  const lastName = typeof values.lastName === "string" ? values.lastName.trim() : "";
  const emails = ((values.emails as Row[] | undefined) ?? [])
    .map((row) => (typeof row?.address === "string" ? row.address.trim() : ""))
    .filter((address) => /.+@.+\..+/.test(address));
  const phones = ((values.phones as Row[] | undefined) ?? [])
    .map((row) => (typeof row?.number === "string" ? row.number.trim() : ""))
    .filter((number) => number.replace(/\D/g, "").length >= 5);
  if (lastName.length < 2 && emails.length === 0 && phones.length === 0) return undefined;
  const query: { firstName?: string; lastName?: string; companyId?: string; emails?: string[]; phones?: string[]; excludeId?: string } = {};
  if (firstName) query.firstName = firstName;
  if (lastName) query.lastName = lastName;
  if (typeof values.companyId === "string" && values.companyId) query.companyId = values.companyId;
  if (emails.length) query.emails = emails;
  if (phones.length) query.phones = phones;
  if (excludeId) query.excludeId = excludeId;
  return query;
}
