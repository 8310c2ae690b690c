/**
 * What the screens read: a company's links, the group structure, the integrated view and the
 * views by dimension. Totals are read from the stored rollups when the caller may see the whole
 * subtree; otherwise they are summed in SQL over the companies the caller may read (the access
 * condition of the company list, through the closure) — never computed from hidden rows and
 * filtered afterwards. Each answer reads one snapshot (a read-only repeatable-read transaction).
 */
import type {
  CompanyRelation,
  GroupByDimension,
  GroupDimension,
  GroupDimensionBucket,
  GroupFigures,
  GroupStructure,
  ShareBand,
} from "@relata/contracts";
import type { Db } from "../../db/connection";
import type { Platform } from "../../platform/context";
import type { Actor } from "../../platform/access/actor";
import { NotFound } from "../../platform/errors";
import { registeredFigures, rootOf } from "../../platform/rollups";
import * as repo from "./groups.repository";
import { presentFigures, presentLink } from "./groups.presenter";

/** The structure chart carries at most this many companies (upper levels first); `truncated` says when more exist. */
export const groupNodesMax = 10_000;

type Executor = Parameters<Parameters<Db["transaction"]>[0]>[0];

function snapshot<T>(platform: Platform, read: (tx: Executor) => Promise<T>): Promise<T> {
  return platform.db.transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
}

async function readable(db: Executor | Db, actor: Actor, companyId: string) {
  const company = await repo.findReadable(db, actor, companyId);
  if (!company) throw NotFound("Company");
  return company;
}

export async function listLinks(platform: Platform, actor: Actor, companyId: string) {
  return snapshot(platform, async (tx) => {
    await readable(tx, actor, companyId);
    const rows = await repo.linksOf(tx, actor, companyId);
    return { items: rows.map(presentLink), version: await repo.parentVersion(tx, companyId) };
  });
}

/** `GET /api/companies/:id/group/figures`: every registered figure over the company's subtree, as far as the actor may see it. */
export async function integratedView(platform: Platform, actor: Actor, companyId: string): Promise<GroupFigures> {
  return snapshot(platform, async (tx) => {
    await readable(tx, actor, companyId);
    const { total, visible } = await repo.subtreeVisibility(tx, actor, companyId);
    const totals = total === visible ? await repo.rollupValues(tx, companyId) : await repo.visibleSubtreeSums(tx, actor, companyId);
    return { companyId, companies: visible, figures: presentFigures(registeredFigures(), await repo.ownValues(tx, companyId), totals) };
  });
}

/**
 * `GET /api/companies/:id/group`: the whole group holding the company. Hidden companies are left
 * out; a visible company under a hidden one hangs under its nearest visible ancestor (`indirect`).
 * Two queries whatever the size: the nodes, then their figures.
 */
export async function groupStructure(platform: Platform, actor: Actor, companyId: string): Promise<GroupStructure> {
  return snapshot(platform, async (tx) => {
    await readable(tx, actor, companyId);
    const rootId = await rootOf(tx, companyId);
    const { total, visible } = await repo.subtreeVisibility(tx, actor, rootId);
    const rows = await repo.structureRows(tx, actor, rootId, groupNodesMax);
    const figureRows = await repo.structureFigures(tx, actor, rootId, total === visible);
    const figures = registeredFigures();
    const byCompany = new Map<string, { own: repo.KeyValue[]; totals: repo.KeyValue[] }>();
    for (const row of figureRows) {
      const entry = byCompany.get(row.companyId) ?? { own: [], totals: [] };
      entry.own.push({ key: row.key, value: row.own });
      entry.totals.push({ key: row.key, value: row.total });
      byCompany.set(row.companyId, entry);
    }
    const included = new Set(rows.map((row) => row.id));
    const tops = rows.filter((row) => row.parentId === null);
    return {
      companyId,
      rootId: tops.length === 1 ? tops[0]!.id : null,
      truncated: visible > rows.length,
      figureDefinitions: figures.map(({ key, kind }) => ({ key, kind })),
      nodes: rows.map((row) => {
        const values = byCompany.get(row.id);
        return {
          id: row.id,
          name: row.name,
          country: row.country,
          stage: row.stage as GroupStructure["nodes"][number]["stage"],
          grade: row.grade as GroupStructure["nodes"][number]["grade"],
          lineOfBusiness: row.lineOfBusiness,
          clientUnit: row.clientUnit,
          depth: row.level,
          parentId: row.parentId,
          figures: presentFigures(figures, values?.own ?? [], values?.totals ?? []),
        };
      }),
      edges: rows
        .filter((row) => row.parentId !== null && included.has(row.parentId))
        .map((row) => {
          const direct = row.distance === 1;
          return {
            source: row.parentId!,
            target: row.id,
            relation: direct ? (row.relation as CompanyRelation) : null,
            share: direct && row.share !== null ? Number(row.share) : null,
            indirect: !direct,
          };
        }),
    };
  });
}

const contactDimensions = new Set<GroupDimension>(["function", "reportingLine"]);

/** `GET /api/companies/:id/group/by/:dimension`: the integrated view of the subtree grouped by one dimension. */
export async function groupByDimension(
  platform: Platform,
  actor: Actor,
  companyId: string,
  dimension: GroupDimension,
): Promise<GroupByDimension> {
  return snapshot(platform, async (tx) => {
    await readable(tx, actor, companyId);
    const contacts = contactDimensions.has(dimension);
    const rows =
      dimension === "function"
        ? await repo.contactsByFunction(tx, actor, companyId)
        : dimension === "reportingLine"
          ? await repo.contactsByReportingLine(tx, actor, companyId)
          : await repo.companyBuckets(tx, actor, companyId, dimension as repo.CompanyDimension);
    const figures = registeredFigures().filter((figure) => !contacts || figure.key === "contacts");
    const buckets = new Map<string, GroupDimensionBucket>();
    for (const row of rows) {
      const id = row.bucket ?? "\u0000null";
      const bucket = buckets.get(id) ?? {
        key: row.bucket,
        label: row.label,
        ...(dimension === "ownership" ? ownership(row.bucket) : {}),
        members: row.members,
        values: Object.fromEntries(figures.map((figure) => [figure.key, 0])),
      };
      if (row.key !== null && row.value !== null && row.key in bucket.values) bucket.values[row.key] = Number(row.value);
      buckets.set(id, bucket);
    }
    return {
      companyId,
      dimension,
      unit: contacts ? "contact" : "company",
      figureDefinitions: figures.map(({ key, kind }) => ({ key, kind })),
      buckets: [...buckets.values()].sort(
        (a, b) => Number(a.key === null) - Number(b.key === null) || b.members - a.members || (a.key ?? "").localeCompare(b.key ?? ""),
      ),
    };
  });
}

function ownership(key: string | null): { relation: CompanyRelation | null; shareBand: ShareBand | null } {
  if (key === null || key === "root") return { relation: null, shareBand: null };
  const [relation, band] = key.split("/");
  return { relation: relation as CompanyRelation, shareBand: band as ShareBand };
}
