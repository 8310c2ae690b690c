import type { Company } from "@relata/contracts";
import type { CompanyRow } from "./companies.repository";
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
