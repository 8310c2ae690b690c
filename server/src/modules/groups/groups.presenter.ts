import type { CompanyLink, CompanyRelation, FigureValue } from "@relata/contracts";
import type { Figure } from "../../platform/rollups";
import type { KeyValue, LinkView } from "./groups.repository";

const amount = (value: string | null | undefined) => (value === null || value === undefined ? 0 : Number(value));

export function presentLink(row: LinkView): CompanyLink {
  return {
    id: row.id,
    companyId: row.companyId,
    parentId: row.parentId,
    parentName: row.parentName,
    relation: row.relation as CompanyRelation,
    share: row.share === null ? null : Number(row.share),
    validFrom: row.validFrom,
    validTo: row.validTo,
    current: row.current,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Every registered figure, in registration order, with its own value and total (0 where nothing is stored). */
export function presentFigures(figures: readonly Figure[], own: readonly KeyValue[], totals: readonly KeyValue[]): FigureValue[] {
  const ownBy = new Map(own.map((row) => [row.key, row.value]));
  const totalBy = new Map(totals.map((row) => [row.key, row.value]));
  return figures.map((figure) => ({
    key: figure.key,
    kind: figure.kind,
    own: amount(ownBy.get(figure.key)),
    total: amount(totalBy.get(figure.key)),
  }));
}
