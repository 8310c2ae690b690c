/**
 * Contracts in global search: number and title, found by whoever may read their company. The
 * entry is kept by a projection on the contract's events, in the writing transaction; merges
 * move it with the company's other entries (the platform's `moveSearchEntries`).
 */
import { eq } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import type { DomainEvent, UnitOfWork } from "../../platform/events/unit-of-work";
import { indexedSearchProvider, upsertSearchEntry, type SearchProvider } from "../../platform/search";
import { companies } from "../companies/companies.schema";
import { companyAccessColumns } from "../companies";
import { contracts } from "./contracts.schema";

export async function indexContract(uow: UnitOfWork, contractId: string) {
  const [row] = await uow.tx
    .select({
      id: contracts.id,
      companyId: contracts.companyId,
      number: contracts.number,
      title: contracts.title,
      companyName: companies.name,
    })
    .from(contracts)
    .innerJoin(companies, eq(companies.id, contracts.companyId))
    .where(eq(contracts.id, contractId));
  if (!row) return;
  await upsertSearchEntry(uow.tx, {
    object: "contract",
    recordId: row.id,
    companyId: row.companyId,
    title: `${row.number} ${row.title}`,
    subtitle: row.companyName,
    text: row.number.replace(/[./_-]/g, " "),
  });
}

export function registerContractSearch(platform: Platform) {
  const project = async (event: DomainEvent, uow: UnitOfWork) => {
    const contractId = event.payload?.contractId;
    if (typeof contractId === "string") await indexContract(uow, contractId);
  };
  for (const name of ["contract.created", "contract.updated"]) platform.projections.on(name, project);
}

export function contractSearch(platform: Platform): SearchProvider {
  return indexedSearchProvider(platform.db, {
    object: "contract",
    access: "company",
    scope: { table: companies, id: companies.id, access: companyAccessColumns },
  });
}
