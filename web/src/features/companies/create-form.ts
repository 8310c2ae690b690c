/** The "New company" form: flat fields (the first contact's and custom values among them) ↔ the create body. Pure (unit-tested). */
import { companyCreate, firstContact, type Me } from "@relata/contracts";
import { customFormField, splitCustom } from "../../components/custom-fields";
import type { DuplicateCheckInput } from "./api";

/** The first contact's fields sit flat in the form, named `contact<Field>`. */
export const contactFields = {
  contactFirstName: "firstName",
  contactLastName: "lastName",
  contactTitle: "title",
  contactEmail: "email",
  contactPhone: "phone",
};

/** The create body's company fields (the contact and custom values are added from their flat form fields). */
export const createBase = companyCreate.omit({ contact: true, ignoreDuplicates: true, custom: true }).extend({
  contactFirstName: firstContact.shape.firstName,
  contactLastName: firstContact.shape.lastName.optional(),
  contactTitle: firstContact.shape.title,
  contactEmail: firstContact.shape.email,
  contactPhone: firstContact.shape.phone,
});

/** A lead needs only a name and one contact name; "all fields" shows everything a company has. */
export const essentialFields = ["name", "contactFirstName", "contactLastName"];
export const allCompanyFields = [
  "name",
  "kind",
  "stage",
  "status",
  "contactFirstName",
  "contactLastName",
  "contactTitle",
  "contactEmail",
  "contactPhone",
  "website",
  "registrationNumber",
  "industry",
  "lineOfBusiness",
  "clientUnit",
  "category",
  "sizeBand",
  "country",
  "currency",
  "phones",
  "emails",
  "addresses",
  "description",
];
export const responsibilityFields = ["ownerId", "teamId", "securityLevel"];

export const hasText = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** A new company's starting values. */
export function defaults(me: Me): Record<string, unknown> {
  return {
    name: "",
    kind: "client",
    stage: "lead",
    status: "active",
    ownerId: me.id,
    teamId: me.teamIds[0] ?? null,
    securityLevel: 0,
    phones: [],
    emails: [],
    addresses: [],
  };
}
const defaultKeys = new Set(["kind", "stage", "status", "ownerId", "teamId", "securityLevel"]);

/** Whether anything was typed (changed starting values alone are not worth a "discard?" question). */
export function hasInput(values: Record<string, unknown>): boolean {
  return Object.entries(values).some(
    ([name, value]) =>
      !defaultKeys.has(name) &&
      value !== null &&
      value !== undefined &&
      (typeof value !== "string" || value.trim() !== "") &&
      !(Array.isArray(value) && value.length === 0),
  );
}

/** Flat form body → the API's create body: `contact: {…}` and `custom: {…}`. */
export function createBody(values: Record<string, unknown>): Record<string, unknown> {
  const { own, custom } = splitCustom(values);
  const body: Record<string, unknown> = {};
  const contact: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(own)) {
    if (name in contactFields) {
      if (value !== null && value !== undefined && value !== "") contact[contactFields[name as keyof typeof contactFields]] = value;
    } else body[name] = value;
  }
  if (Object.keys(contact).length) body.contact = contact;
  if (custom) body.custom = custom;
  return body;
}

/** Server field names → the flat form's. */
export function formField(field: string): string {
  const contact = /^contact\.(\w+)/.exec(field);
  if (contact) {
    const entry = Object.entries(contactFields).find(([, api]) => api === contact[1]);
    if (entry) return entry[0];
  }
  return customFormField(field);
}

/** What the duplicate check looks at, from the form as typed (undefined: nothing to ask about). */
export function duplicateInput(values: Record<string, unknown>): DuplicateCheckInput | undefined {
  const input: DuplicateCheckInput = {};
  if (hasText(values.name) && (values.name as string).trim().length >= 2) input.name = (values.name as string).trim();
  if (hasText(values.website)) input.website = (values.website as string).trim();
  if (hasText(values.registrationNumber)) input.registrationNumber = (values.registrationNumber as string).trim();
  const emails = Array.isArray(values.emails) ? (values.emails as { address?: string }[]).map((item) => item.address ?? "") : [];
  const phones = Array.isArray(values.phones) ? (values.phones as { number?: string }[]).map((item) => item.number ?? "") : [];
  if (emails.some(hasText)) input.emails = emails.filter(hasText).map((item) => item.trim());
  if (phones.some(hasText)) input.phones = phones.filter(hasText).map((item) => item.trim());
  return Object.keys(input).length ? input : undefined;
}
