import type { DimensionKind, DimensionValue } from "@relata/contracts";
import type { DimensionRow } from "./dimensions.repository";

export function presentDimensionValue(row: DimensionRow): DimensionValue {
  return {
    id: row.id,
    kind: row.kind as DimensionKind,
    key: row.key,
    labels: row.labels,
    position: row.position,
    archived: row.archived,
    countries: row.countries,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
