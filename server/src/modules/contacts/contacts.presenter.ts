import type { Contact, ContactRole } from "@relata/contracts";
import type { CsvColumn } from "../../platform/http/csv";
import type { RecordAccess } from "../../platform/access/policy";
import { customCsvColumns, type CustomFieldDef } from "../../platform/custom-fields";
import type { ContactExportRow, ContactRow, RoleRow } from "./contacts.repository";
import type { ContactForCard } from "./contacts.vcard";

const dateText = (value: string | null) => (value === null ? null : value.slice(0, 10));

export const fullNameOf = (row: { firstName: string; lastName: string }) => `${row.firstName} ${row.lastName}`.trim();

export function presentRole(row: RoleRow): ContactRole {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    title: row.title,
    department: row.department,
    startedOn: dateText(row.startedOn),
    endedOn: dateText(row.endedOn),
    version: row.version,
  };
}

export function presentContact(row: ContactRow, roles: readonly RoleRow[]): Contact {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    firstName: row.firstName,
    lastName: row.lastName,
    fullName: fullNameOf(row),
    title: row.title,
    department: row.department,
    function: row.function,
    clientUnit: row.clientUnit,
    reportsToId: row.reportsToId,
    reportsToName: row.reportsToName,
    emails: row.emails,
    phones: row.phones,
    messaging: row.messaging,
    birthday: dateText(row.birthday),
    preferredLanguage: row.preferredLanguage,
    preferredChannel: row.preferredChannel as Contact["preferredChannel"],
    consentEmail: row.consentEmail,
    consentSms: row.consentSms,
    consentCalls: row.consentCalls,
    notes: row.notes,
    custom: row.custom,
    roles: roles.filter((role) => role.contactId === row.id).map(presentRole),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Who may see a contact: its primary company's placement. */
export function contactAccess(row: RecordAccess): RecordAccess {
  return { ownerId: row.ownerId, teamId: row.teamId, orgUnitId: row.orgUnitId, securityLevel: row.securityLevel };
}

export function cardOf(row: ContactRow): ContactForCard {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    companyName: row.companyName,
    title: row.title,
    department: row.department,
    emails: row.emails,
    phones: row.phones,
    birthday: dateText(row.birthday),
    preferredLanguage: row.preferredLanguage,
    notes: row.notes,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const joined = (values: readonly string[]) => values.join("; ");

/** Columns of the CSV export: names beside the ids they stand for, then one column per active custom field. */
export function contactCsvColumns(defs: readonly CustomFieldDef[]): CsvColumn<ContactExportRow>[] {
  return [
    { header: "id", value: (row) => row.id },
    { header: "first_name", value: (row) => row.firstName },
    { header: "last_name", value: (row) => row.lastName },
    { header: "title", value: (row) => row.title },
    { header: "department", value: (row) => row.department },
    { header: "function", value: (row) => row.function },
    { header: "client_unit", value: (row) => row.clientUnit },
    { header: "company_id", value: (row) => row.companyId },
    { header: "company_name", value: (row) => row.companyName },
    { header: "reports_to_id", value: (row) => row.reportsToId },
    { header: "reports_to_name", value: (row) => row.reportsToName },
    { header: "emails", value: (row) => joined(row.emails.map((email) => email.address)) },
    { header: "phones", value: (row) => joined(row.phones.map((phone) => phone.number)) },
    { header: "messaging", value: (row) => joined(row.messaging.map((handle) => `${handle.kind}: ${handle.handle}`)) },
    { header: "birthday", value: (row) => dateText(row.birthday) },
    { header: "preferred_language", value: (row) => row.preferredLanguage },
    { header: "preferred_channel", value: (row) => row.preferredChannel },
    { header: "consent_email", value: (row) => row.consentEmail },
    { header: "consent_sms", value: (row) => row.consentSms },
    { header: "consent_calls", value: (row) => row.consentCalls },
    { header: "notes", value: (row) => row.notes },
    { header: "owner_id", value: (row) => row.ownerId },
    { header: "owner_name", value: (row) => row.ownerName },
    { header: "created_at", value: (row) => row.createdAt },
    { header: "updated_at", value: (row) => row.updatedAt },
    { header: "version", value: (row) => row.version },
    ...customCsvColumns<ContactExportRow>(defs, (row) => row.custom),
  ];
}
