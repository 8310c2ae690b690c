import type { Address, Company, CompanyEmail, CompanyGrade, CompanyPhone, GradeRule, StageChange } from "@relata/contracts";
import { companyGrades } from "@relata/contracts";
import type { CompanyExportRow, CompanyRow, CompanyView } from "./companies.repository";
import type { CsvColumn } from "../../platform/http/csv";
import type { RecordAccess } from "../../platform/access/policy";

type Grade = CompanyGrade | null;

/** An address with every field (null where empty): as it is stored and as the API shows it. */
export function completeAddress(address: Address): Company["addresses"][number] {
  return {
    type: address.type,
    line1: address.line1,
    line2: address.line2 ?? null,
    postalCode: address.postalCode ?? null,
    city: address.city ?? null,
    region: address.region ?? null,
    country: address.country ?? null,
  };
}

export function presentCompany(row: CompanyView): Company {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as Company["kind"],
    stage: row.stage as Company["stage"],
    stageChangedAt: row.stageChangedAt.toISOString(),
    status: row.status as Company["status"],
    grade: (row.gradeOverride ?? row.grade) as Grade,
    gradeAssigned: row.grade as Grade,
    gradeOverride: row.gradeOverride as Grade,
    category: row.category,
    industry: row.industry,
    sizeBand: row.sizeBand as Company["sizeBand"],
    registrationNumber: row.registrationNumber,
    website: row.website,
    domain: row.domain,
    phones: row.phones.map((phone) => ({ type: phone.type, number: phone.number, e164: phone.e164 ?? null })),
    emails: row.emails.map((email) => ({ type: email.type, address: email.address })),
    addresses: row.addresses.map(completeAddress),
    country: row.country,
    currency: row.currency,
    lineOfBusiness: row.lineOfBusiness,
    clientUnit: row.clientUnit,
    description: row.description,
    custom: row.custom,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    teamId: row.teamId,
    orgUnitId: row.orgUnitId,
    securityLevel: row.securityLevel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function companyAccess(row: Pick<CompanyRow, "ownerId" | "teamId" | "orgUnitId" | "securityLevel">): RecordAccess {
  return { ownerId: row.ownerId, teamId: row.teamId, orgUnitId: row.orgUnitId, securityLevel: row.securityLevel };
}

export function presentStageChange(row: {
  id: string;
  fromStage: string | null;
  toStage: string;
  changedAt: Date;
  changedBy: string | null;
  changedByName: string | null;
}): StageChange {
  return {
    id: row.id,
    fromStage: row.fromStage as StageChange["fromStage"],
    toStage: row.toStage as StageChange["toStage"],
    changedAt: row.changedAt.toISOString(),
    changedBy: row.changedBy,
    changedByName: row.changedByName,
  };
}

/** Every grade in order, with its stored rule or an empty, disabled one. */
export function presentGradeRules(
  rows: { grade: string; minRevenue12m: string | null; minTenureMonths: number | null; enabled: boolean; version: number }[],
) {
  const byGrade = new Map(rows.map((row) => [row.grade, row]));
  const rules: GradeRule[] = companyGrades.map((grade) => {
    const row = byGrade.get(grade);
    return {
      grade,
      minRevenue12m: row?.minRevenue12m ?? null,
      minTenureMonths: row?.minTenureMonths ?? null,
      enabled: row?.enabled ?? false,
    };
  });
  return { rules, version: Math.max(0, ...rows.map((row) => row.version)) };
}

const phonesText = (phones: CompanyPhone[]) => phones.map((phone) => `${phone.type}: ${phone.number}`).join("; ");
const emailsText = (emails: CompanyEmail[]) => emails.map((email) => `${email.type}: ${email.address}`).join("; ");
const addressesText = (addresses: Address[]) =>
  addresses
    .map(
      (a) =>
        `${a.type}: ${[a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean).join(", ")}`,
    )
    .join("; ");

/** Columns of the CSV export: every field, names beside the ids they stand for (custom fields follow). */
export const companyCsvColumns: CsvColumn<CompanyExportRow>[] = [
  { header: "id", value: (row) => row.id },
  { header: "name", value: (row) => row.name },
  { header: "kind", value: (row) => row.kind },
  { header: "stage", value: (row) => row.stage },
  { header: "stage_changed_at", value: (row) => row.stageChangedAt },
  { header: "status", value: (row) => row.status },
  { header: "grade", value: (row) => row.gradeOverride ?? row.grade },
  { header: "grade_assigned", value: (row) => row.grade },
  { header: "grade_override", value: (row) => row.gradeOverride },
  { header: "category", value: (row) => row.category },
  { header: "industry", value: (row) => row.industry },
  { header: "size_band", value: (row) => row.sizeBand },
  { header: "registration_number", value: (row) => row.registrationNumber },
  { header: "website", value: (row) => row.website },
  { header: "domain", value: (row) => row.domain },
  { header: "phones", value: (row) => phonesText(row.phones) },
  { header: "emails", value: (row) => emailsText(row.emails) },
  { header: "addresses", value: (row) => addressesText(row.addresses) },
  { header: "country", value: (row) => row.country },
  { header: "currency", value: (row) => row.currency },
  { header: "line_of_business", value: (row) => row.lineOfBusiness },
  { header: "client_unit", value: (row) => row.clientUnit },
  { header: "description", value: (row) => row.description },
  { header: "owner_id", value: (row) => row.ownerId },
  { header: "owner_name", value: (row) => row.ownerName },
  { header: "team_id", value: (row) => row.teamId },
  { header: "team_name", value: (row) => row.teamName },
  { header: "org_unit_id", value: (row) => row.orgUnitId },
  { header: "org_unit_name", value: (row) => row.orgUnitName },
  { header: "security_level", value: (row) => row.securityLevel },
  { header: "created_at", value: (row) => row.createdAt },
  { header: "updated_at", value: (row) => row.updatedAt },
  { header: "version", value: (row) => row.version },
];
