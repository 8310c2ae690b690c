/**
 * The contact forms: which fields, how they render, and the bridge between the form's flat values
 * (custom fields as `custom:<key>`) and the API's body (`custom: { key }`). The body helpers are
 * pure (unit-tested).
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { contactEmailTypes, contactFunctions, contactPhoneTypes, messagingKinds, type Contact, type CustomField } from "@relata/contracts";
import { languageNames } from "../../i18n";
import type { CandidateLink, FieldHints, FieldOption, FormSchema, Values } from "../../components/record-form";
import { useDimensions } from "../../components/dimensions";
import { customFormValues, splitCustom } from "../../components/custom-fields";
import { companyLoader } from "./api";
import { messagingLabel } from "./labels";

export const contactLabelPrefix = "contacts:field.";

/** Where a likely duplicate contact opens. */
export const contactCandidateLink: CandidateLink = (candidate) => ({ to: "/contacts/$contactId", params: { contactId: candidate.id } });

/** The contact's own fields in form order (custom fields follow). */
export const contactFormFields = [
  "companyId",
  "firstName",
  "lastName",
  "title",
  "department",
  "function",
  "clientUnit",
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

const reach = "contacts:section.reach";
const preferences = "contacts:section.preferences";

type Translate = (key: string) => string;

/** The choices of the contact's dimension fields (the administrators' value lists). */
export type ContactDimensionChoices = { function: FieldOption[]; clientUnit: FieldOption[] };

/**
 * How the contact's own fields render (the type labels of the typed lists in the UI language).
 * Without `choices` (histories, merges) functions are the ones the list starts with.
 */
export function contactHints(t: Translate, choices?: ContactDimensionChoices): FieldHints {
  return {
    companyId: { widget: "reference", reference: companyLoader, description: "contacts:field.companyHint", wide: true },
    firstName: { placeholder: "contacts:field.firstNamePlaceholder" },
    lastName: { placeholder: "contacts:field.lastNamePlaceholder" },
    function: { options: choices?.function ?? contactFunctions.map((value) => ({ value, label: t(`contacts:function.${value}`) })) },
    clientUnit: {
      label: "finance:field.clientUnit",
      description: "finance:field.contactClientUnitHint",
      options: choices?.clientUnit ?? [],
    },
    reportsToId: { widget: "contactReportsTo", description: "contacts:field.reportsToHint" },
    emails: {
      widget: "emailList",
      section: reach,
      wide: true,
      options: contactEmailTypes.map((type) => ({ value: type, label: t(`contacts:emailType.${type}`) })),
    },
    phones: {
      widget: "phoneList",
      section: reach,
      wide: true,
      options: contactPhoneTypes.map((type) => ({ value: type, label: t(`contacts:phoneType.${type}`) })),
    },
    messaging: {
      widget: "messagingList",
      section: reach,
      wide: true,
      options: messagingKinds.map((kind) => ({ value: kind, label: messagingLabel(kind, t) })),
    },
    birthday: { widget: "date", section: preferences, past: true },
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

/**
 * The contact's hints in the UI language, plus those of its custom fields (`customFormParts`);
 * dimension choices are the lists' active values, plus the archived one `current` still holds.
 */
export function useContactHints(custom?: FieldHints, current?: Pick<Contact, "function" | "clientUnit">): FieldHints {
  const { t, i18n } = useTranslation();
  const dimensionOptions = useDimensions(i18n.language).options;
  const archived = t("finance:dimensions.archivedBadge");
  const currentFunction = current?.function;
  const currentUnit = current?.clientUnit;
  return useMemo(() => {
    const choices = {
      function: dimensionOptions("function", currentFunction, archived),
      clientUnit: dimensionOptions("client_unit", currentUnit, archived),
    };
    return { ...contactHints(t, choices), ...custom };
  }, [t, custom, dimensionOptions, currentFunction, currentUnit, archived]);
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Fields the forms never show (set by the flows around them). */
const hiddenKeys = new Set(["custom", "roles", "ignoreDuplicates"]);

/**
 * A schema for RecordForm: the contract's fields plus the custom fields' (`customFormParts(…).shape`);
 * validation runs the contract schema on the API body and the custom fields' own schemas, issues
 * named like the form's fields.
 */
export function contactFormSchema(base: ObjectSchema, customShape: Record<string, z.ZodType> = {}): FormSchema {
  const shape: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(base.shape)) if (!hiddenKeys.has(name)) shape[name] = schema;
  Object.assign(shape, customShape);
  const custom = z.object(customShape);
  return {
    shape,
    safeParse(value: unknown) {
      const values = (value ?? {}) as Values;
      const { own } = splitCustom(values);
      const body = toApiBody(own);
      const mine = base.safeParse(body);
      const theirs = custom.safeParse(values);
      const issues = [...(mine.success ? [] : mine.error.issues), ...(theirs.success ? [] : theirs.error.issues)];
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

/** Form values → API body: list rows left empty dropped, custom fields gathered under `custom`. */
export function toApiBody(values: Values): Values {
  const { own, custom } = splitCustom(values);
  const body: Values = {};
  for (const [name, value] of Object.entries(own)) {
    if (name === "emails") body.emails = filledRows(value, "address");
    else if (name === "phones") body.phones = filledRows(value, "number");
    else if (name === "messaging") body.messaging = filledRows(value, "handle");
    else body[name] = value;
  }
  if (custom) body.custom = custom;
  return body;
}

/** A contact → form values (phones without the server's E.164 form, custom values flat). */
export function toFormValues(contact: Contact, fields: readonly CustomField[] = []): Values & { version: number } {
  return {
    ...contact,
    phones: contact.phones.map(({ type, number }) => ({ type, number })),
    emails: contact.emails.map(({ type, address }) => ({ type, address })),
    messaging: contact.messaging.map(({ kind, handle }) => ({ kind, handle })),
    ...customFormValues(fields, contact.custom),
  };
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
