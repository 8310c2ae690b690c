import { z } from "zod";
import { id, isoDate, isoDateTime } from "./common";
import { companyGrades, lifecycleStages } from "./companies";

/** How a company relates to its parent in a group. */
export const companyRelations = ["subsidiary", "branch", "joint_venture", "affiliate"] as const;
export type CompanyRelation = (typeof companyRelations)[number];

/**
 * One parent link of a company, current or ended. A company has at most one current link;
 * ended links (validTo reached, removed, or replaced by a move) are kept as history.
 * `parentName` is null when the caller may not see the parent company.
 */
export const companyLink = z.object({
  id,
  companyId: id,
  parentId: id,
  parentName: z.string().nullable(),
  relation: z.enum(companyRelations),
  /** Ownership share in percent (0–100, two decimals), null when unknown. */
  share: z.number().nullable(),
  validFrom: isoDate,
  /** Null: open-ended. A current link may carry a future end date; the link ends on that day. */
  validTo: isoDate.nullable(),
  /** Part of the group tree now. */
  current: z.boolean(),
  createdBy: id.nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type CompanyLink = z.infer<typeof companyLink>;

/**
 * `GET /api/companies/:id/links`: the company's parent links, current first, then newest first.
 * `version` (also the ETag) is the company's parent version — it grows with every link change —
 * and is what `PUT`/`DELETE …/parent` take as `If-Match` (0 while the company never had a parent).
 */
export const companyLinks = z.object({ items: z.array(companyLink), version: z.number().int() });
export type CompanyLinks = z.infer<typeof companyLinks>;

/**
 * `PUT /api/companies/:id/parent` (+ `If-Match`: the parent version from `GET …/links`): set or move the
 * company's parent. The same parent as now updates the current link (fields left out keep their
 * values); another parent ends the current link (history) and starts a new one. A parent inside the company's own subtree (or
 * the company itself) is refused, naming `parentId`. `validFrom` defaults to today and may not
 * be in the future; a `validTo` on or before today records the link as already ended.
 */
export const companyParentPut = z
  .object({
    parentId: id,
    relation: z.enum(companyRelations),
    share: z
      .number()
      .min(0, "must be between 0 and 100")
      .max(100, "must be between 0 and 100")
      .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, "must have at most two decimals")
      .nullable()
      .optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.nullable().optional(),
  })
  .strict()
  .refine((value) => !value.validFrom || !value.validTo || value.validTo > value.validFrom, {
    path: ["validTo"],
    message: "must be after validFrom",
  });
export type CompanyParentPut = z.output<typeof companyParentPut>;

/** `PUT /api/companies/:id/parent` answer: the link now recorded (current unless validTo has passed) and the new parent version (ETag). */
export const companyParentResult = z.object({ link: companyLink, version: z.number().int() });

/** How a figure is shown: a count of things, or money (in the installation's base currency). */
export const figureKinds = ["count", "money"] as const;
export type FigureKind = (typeof figureKinds)[number];

/**
 * A figure registered by a module (contacts, open opportunities, contract value…). Screens list
 * whatever figures the server returns, in this order, labelled by `key` (i18n `groups:figures.<key>`,
 * falling back to the key itself).
 */
export const figureDefinition = z.object({ key: z.string(), kind: z.enum(figureKinds) });
export type FigureDefinition = z.infer<typeof figureDefinition>;

/** One figure of a company: its own value and the total over its (visible) subtree. */
export const figureValue = z.object({ key: z.string(), kind: z.enum(figureKinds), own: z.number(), total: z.number() });
export type FigureValue = z.infer<typeof figureValue>;

/**
 * `GET /api/companies/:id/group/figures`: the integrated view — every registered figure rolled
 * up over the company and all its descendants. Only companies the caller may read count: a
 * hidden company's figures are left out (and nothing tells that it exists).
 */
export const groupFigures = z.object({
  companyId: id,
  /** Companies counted: the company and its visible descendants. */
  companies: z.number().int(),
  figures: z.array(figureValue),
});
export type GroupFigures = z.infer<typeof groupFigures>;

/**
 * A company in the structure chart. Only companies the caller may read appear; a hidden
 * company is left out and its visible descendants hang under the nearest visible ancestor
 * (their edge is then `indirect`).
 */
export const groupNode = z.object({
  id,
  name: z.string(),
  country: z.string().nullable(),
  stage: z.enum(lifecycleStages),
  grade: z.enum(companyGrades).nullable(),
  lineOfBusiness: z.string().nullable(),
  clientUnit: z.string().nullable(),
  /** Levels below the group root (0 = the root of the whole group). */
  depth: z.number().int(),
  /** The nearest visible ancestor, null for a top node. */
  parentId: id.nullable(),
  /** Own and subtree totals of every registered figure; totals count visible companies only. */
  figures: z.array(figureValue),
});
export type GroupNode = z.infer<typeof groupNode>;

/** A parent → child edge. `indirect`: hidden companies lie between them (relation and share are then null). */
export const groupEdge = z.object({
  source: id,
  target: id,
  relation: z.enum(companyRelations).nullable(),
  share: z.number().nullable(),
  indirect: z.boolean(),
});
export type GroupEdge = z.infer<typeof groupEdge>;

/**
 * `GET /api/companies/:id/group`: the whole group tree containing the company (from its
 * root), for the structure charts. `rootId` is the chart's single top node (the group's root
 * when the caller may see it), null when the visible part of the group has several tops. Every
 * change in a group (links, figures) is announced on its root's `company:<id>` topic: a chart
 * listens to `company:<companyId>` and `company:<rootId>`. At most 10,000 nodes (upper levels
 * first); `truncated` says more exist.
 */
export const groupStructure = z.object({
  companyId: id,
  rootId: id.nullable(),
  truncated: z.boolean(),
  figureDefinitions: z.array(figureDefinition),
  nodes: z.array(groupNode),
  edges: z.array(groupEdge),
});
export type GroupStructure = z.infer<typeof groupStructure>;

/**
 * Dimensions of the "views by": company dimensions group the integrated view's figures by
 * the companies' value; contact dimensions (`function`, `reportingLine`) count the contacts of
 * the subtree's companies.
 */
export const groupDimensions = ["country", "ownership", "lineOfBusiness", "clientUnit", "function", "reportingLine"] as const;
export type GroupDimension = (typeof groupDimensions)[number];
export const groupDimensionParams = z.object({ id, dimension: z.enum(groupDimensions) }).strict();

/** Ownership bands: 100 %, more than 50 %, at most 50 %, share not recorded. */
export const shareBands = ["full", "majority", "minority", "unknown"] as const;
export type ShareBand = (typeof shareBands)[number];

/**
 * One group of a "view by". `key` is the dimension value (null: not set): a country code, a
 * value-list key, a contact function, the id of the top contact of a reporting line, or for
 * ownership `<relation>/<band>` (`root` for the company the view is about, whose own link
 * lies outside the subtree). `label` is a display name when the server has one (value-list
 * label, top contact's name).
 */
export const groupDimensionBucket = z.object({
  key: z.string().nullable(),
  label: z.string().nullable(),
  /** For ownership. */
  relation: z.enum(companyRelations).nullable().optional(),
  shareBand: z.enum(shareBands).nullable().optional(),
  /** Companies (company dimensions) or contacts (contact dimensions) in the group. */
  members: z.number().int(),
  /** Figure key → summed own values of the group's companies (contact dimensions: `contacts` only). */
  values: z.record(z.string(), z.number()),
});
export type GroupDimensionBucket = z.infer<typeof groupDimensionBucket>;

/** `GET /api/companies/:id/group/by/:dimension`: the integrated view of the subtree grouped by one dimension; largest groups first. */
export const groupByDimension = z.object({
  companyId: id,
  dimension: z.enum(groupDimensions),
  /** What `members` counts. */
  unit: z.enum(["company", "contact"]),
  figureDefinitions: z.array(figureDefinition),
  buckets: z.array(groupDimensionBucket),
});
export type GroupByDimension = z.infer<typeof groupByDimension>;
