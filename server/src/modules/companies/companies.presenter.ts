import type { Company } from "@relata/contracts";
import type { CompanyExportRow, CompanyRow } from "./companies.repository";
import type { CsvColumn } from "../../platform/http/csv";
import type { RecordAccess } from "../../platform/access/policy";

export function presentCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.ownerId,
    teamId: row.teamId,
    orgUnitId: row.orgUnitId,
    securityLevel: row.securityLevel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function companyAccess(row: CompanyRow): RecordAccess {
  return { ownerId: row.ownerId, teamId: row.teamId, orgUnitId: row.orgUnitId, securityLevel: row.securityLevel };
}

/** Columns of the CSV export: names beside the ids they stand for. */
export const companyCsvColumns: CsvColumn<CompanyExportRow>[] = [
  { header: "id", value: (row) => row.id },
  { header: "name", value: (row) => row.name },
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
