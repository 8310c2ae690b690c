/**
 * Rollups over the company tree. Modules register figures (a count or an amount per company:
 * contacts, open opportunities, contract value…) and keep each company's own value current in
 * their unit of work (`adjustFigure` with a delta, or `refreshFigure`, which recounts a few
 * companies from the source rows). Every change is applied at once to the company's own value
 * (`company_figures`) and to the totals of the company and all its ancestors
 * (`company_rollups`, via the closure `company_tree`), in the same transaction: totals are
 * never recomputed on read. Tree changes move whole subtrees' totals (`detach` / `attach`).
 *
 * Rules for modules: a figure's value must be what `recompute` gives from the source rows
 * (`relata doctor` and the tests compare them). A company merge moves every own figure of the
 * merged-away company to the one it merges into, so a module's merge step moves its rows
 * without adjusting figures.
 */
import type { FigureKind } from "@relata/contracts";
import type { UnitOfWork } from "../events/unit-of-work";
import * as repo from "./rollups.repository";
import { isZeroDecimal, negateDecimal, subtractDecimals } from "@relata/contracts";
import type { Executor } from "./rollups.repository";

export type Figure = {
  /** Stable key, e.g. `contacts`, `open_opportunities`; the web labels it `groups:figures.<key>`. */
  key: string;
  kind: FigureKind;
  /**
   * The true own values from the source rows: of these companies, or of every company with a
   * nonzero value. Amounts come as PostgreSQL gives `numeric` (decimal text), so money stays exact.
   */
  recompute: (db: Executor, companyIds?: readonly string[]) => Promise<Map<string, FigureValue>>;
};

/** A figure's value: an integer count, or a decimal amount as text (exact, unlike a float). */
export type FigureValue = number | string;

const figures = new Map<string, Figure>();

/** Registers a figure (again with the same key: replaced). Registration order is display order. */
export function registerFigure(figure: Figure): void {
  figures.set(figure.key, figure);
}

export function registeredFigures(): Figure[] {
  return [...figures.values()];
}

/**
 * Who hears that totals changed: the groups module announces the companies on their live topics
 * (the platform knows nothing of who may see a company).
 */
export type RollupAnnouncer = (uow: UnitOfWork, companyIds: readonly string[]) => Promise<void>;
let announcer: RollupAnnouncer | undefined;

export function setRollupAnnouncer(announce: RollupAnnouncer): void {
  announcer = announce;
}

/**
 * The tree lock: tree changes hold it exclusively, figure changes shared, so a subtree's totals
 * never move while a figure inside it changes (each would apply to the wrong ancestors).
 */
export async function lockTree(uow: UnitOfWork, mode: "shared" | "exclusive"): Promise<void> {
  await repo.lockTreeRows(uow.tx, mode);
}

function known(key: string): Figure {
  const figure = figures.get(key);
  if (!figure) throw new Error(`no figure "${key}" is registered`);
  return figure;
}

async function applyAndAnnounce(uow: UnitOfWork, key: string, deltas: ReadonlyMap<string, FigureValue>) {
  const changed = await repo.applyDeltas(uow.tx, key, deltas);
  if (changed.length > 0 && announcer) await announcer(uow, changed);
}

/** Changes a company's own value of `key` by `delta` (and the totals of it and its ancestors). */
export async function adjustFigure(uow: UnitOfWork, companyId: string, key: string, delta: FigureValue): Promise<void> {
  known(key);
  if (isZeroDecimal(delta)) return;
  await lockTree(uow, "shared");
  await applyAndAnnounce(uow, key, new Map([[companyId, delta]]));
}

/**
 * Recounts the own value of `key` for these companies from the source rows (`recompute`) and
 * applies the difference. For writers that know which companies a change touched but not by how
 * much (several events for one change, bulk writes): running it twice changes nothing.
 */
export async function refreshFigure(uow: UnitOfWork, key: string, companyIds: readonly string[]): Promise<void> {
  const figure = known(key);
  const ids = [...new Set(companyIds)];
  if (ids.length === 0) return;
  await lockTree(uow, "shared");
  // Locked before counting: a concurrent writer's rows are then committed and counted, or not yet written.
  const stored = await repo.lockOwnValues(uow.tx, key, ids);
  const actual = await figure.recompute(uow.tx, ids);
  const deltas = new Map<string, string>();
  for (const id of ids) {
    const delta = subtractDecimals(actual.get(id) ?? 0, stored.get(id) ?? "0");
    if (!isZeroDecimal(delta)) deltas.set(id, delta);
  }
  await applyAndAnnounce(uow, key, deltas);
}

/**
 * Tree primitives for the module that owns the links (the caller holds the tree lock
 * exclusively). `detach`: the company's subtree leaves its ancestors; `attach`: it joins a parent.
 */
export const detach = (uow: UnitOfWork, companyId: string) => repo.detachSubtree(uow.tx, companyId);
export const attach = (uow: UnitOfWork, companyId: string, parentId: string) => repo.attachSubtree(uow.tx, companyId, parentId);

/**
 * A merge: every own figure of `fromId` moves to `toId` (and to the totals of `toId`'s
 * ancestors). `fromId` must be out of the tree and without descendants; its rows go.
 */
export async function moveFigures(uow: UnitOfWork, fromId: string, toId: string): Promise<void> {
  for (const [key, value] of await repo.ownValues(uow.tx, fromId)) {
    await repo.applyDeltas(uow.tx, key, new Map([[fromId, negateDecimal(value)]]));
    await applyAndAnnounce(uow, key, new Map([[toId, value]]));
  }
  await repo.deleteFigureRows(uow.tx, fromId);
}

/**
 * A deleted company leaves the rollups: its own values leave its ancestors' totals and its rows
 * go. It must be out of the tree's middle (no descendants); the caller detaches it first or after.
 */
export async function dropFigures(uow: UnitOfWork, companyId: string): Promise<void> {
  for (const [key, value] of await repo.ownValues(uow.tx, companyId))
    await applyAndAnnounce(uow, key, new Map([[companyId, negateDecimal(value)]]));
  await repo.deleteFigureRows(uow.tx, companyId);
  await repo.deleteTreeRows(uow.tx, companyId);
}

export type RollupCheck = { figure: string; drift: repo.Drift[] };

/**
 * The doctor's check: every registered figure recomputed from its source rows against the own
 * values, and every rollup against the own values summed over the closure. Empty drift = consistent.
 */
export async function checkRollups(db: Executor): Promise<RollupCheck[]> {
  const checks: RollupCheck[] = [];
  for (const figure of figures.values())
    checks.push({ figure: figure.key, drift: await repo.ownFigureDrift(db, figure.key, await figure.recompute(db)) });
  checks.push({ figure: "rollups", drift: await repo.rollupDrift(db) });
  return checks;
}
