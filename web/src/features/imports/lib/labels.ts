import type { ImportObject } from "@relata/contracts";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Built-in fields the catalogs name, per object (the server's labels are English). */
export const builtinFields: Record<ImportObject, readonly string[]> = {
  company: [
    "name",
    "kind",
    "stage",
    "status",
    "grade",
    "category",
    "industry",
    "sizeBand",
    "registrationNumber",
    "website",
    "phone",
    "email",
    "street",
    "street2",
    "postalCode",
    "city",
    "region",
    "country",
    "currency",
    "description",
    "ownerEmail",
  ],
  contact: [
    "fullName",
    "firstName",
    "lastName",
    "companyName",
    "companyRegistrationNumber",
    "title",
    "department",
    "function",
    "email",
    "phone",
    "mobile",
    "birthday",
    "preferredLanguage",
    "preferredChannel",
    "consentEmail",
    "consentSms",
    "consentCalls",
    "notes",
  ],
};

/**
 * A field's name for the reader: built-in fields from the catalog, custom fields as the server
 * labels them (already in the user's language), anything else as it is.
 */
export function fieldLabel(t: Translate, object: ImportObject, field: string, serverLabels?: ReadonlyMap<string, string>): string {
  if (field === "row") return t("imports:field.row");
  if (builtinFields[object].includes(field)) return t(`imports:field.${object}.${field}`);
  return serverLabels?.get(field) ?? field;
}
