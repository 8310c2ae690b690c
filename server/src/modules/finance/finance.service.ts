/**
 * Financial health of a company: statements per period, credit ratings (history kept), the
 * credit limit, and the deposit the rules ask for. Reading needs read on the company, writing
 * update on the company (route permission first, then the record's own scope: invisible → 404,
 * visible but not changeable → 403, before anything is written). Financial data never enters
 * the company record, its list, export or search index; events carry ids only.
 */
import {
  agencyRatings,
  scalePosition,
  type CreditAgency,
  type CreditLimitPut,
  type CreditRatingCreate,
  type CreditRatingPatch,
  type FinancialStatementCreate,
  type FinancialStatementPatch,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type DomainEvent, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import type { Actor, UserActor } from "../../platform/access/actor";
import { NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import { companyFor, registerCompanyMergeStep, type CompanyMergeStep, type CompanyPlacement } from "../companies";
import * as repo from "./finance.repository";
import { arBehaviour, evaluateDepositRequirement, evaluateDepositRules, loadRuleSet, ratingFacts } from "./finance.deposit";
import { presentCreditLimit, presentRating, presentStatement } from "./finance.presenter";

export type Context = UnitOfWorkContext & { actor: UserActor };
type Company = CompanyPlacement;

/** An event on the company's card (its screens refresh the finance panel), to those who may read the company. */
const financeEvent = (name: string, company: Company, recordId: string): DomainEvent => ({
  name: `finance.${name}`,
  object: "company",
  recordId: company.id,
  topics: [`company:${company.id}`],
  access: { ownerId: company.ownerId, teamId: company.teamId, orgUnitId: company.orgUnitId, securityLevel: company.securityLevel },
  payload: { id: recordId },
});

const run = <T>(platform: Platform, context: Context, companyId: string, work: (uow: UnitOfWork, company: Company) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, async (uow) =>
    work(uow, await companyFor(uow.tx, context.actor, companyId, "update")),
  );

/** Financial health's part in other modules' writes: a merged-away company's statements, ratings and limit move to the kept one. */
const moveFinanceOnMerge: CompanyMergeStep = (uow, { sourceId, targetId }) => repo.moveFinance(uow.tx, sourceId, targetId);
export function registerFinanceHooks() {
  registerCompanyMergeStep(moveFinanceOnMerge);
}

// ─── the card ────────────────────────────────────────────────────────────────

/** Everything the financial-health panel shows, in one call. */
export async function companyFinance(platform: Platform, actor: Actor, companyId: string) {
  const company = await companyFor(platform.db, actor, companyId);
  const [statements, ratings, credit, rules, ar] = await Promise.all([
    repo.listStatements(platform.db, companyId),
    repo.listRatings(platform.db, companyId),
    repo.findCredit(platform.db, companyId),
    loadRuleSet(platform.db),
    arBehaviour(platform.db, companyId),
  ]);
  return {
    companyId,
    currency: company.currency,
    statements: statements.map(presentStatement),
    ratings: ratings.map(presentRating),
    creditLimit: presentCreditLimit(companyId, credit),
    deposit: evaluateDepositRules(rules, ratingFacts(ratings), ar),
  };
}

export async function depositRequirement(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  return evaluateDepositRequirement(platform.db, companyId);
}

// ─── statements ──────────────────────────────────────────────────────────────

export async function listStatements(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  return { items: (await repo.listStatements(platform.db, companyId)).map(presentStatement) };
}

const periodTaken = (quarter: number | null) =>
  Validation([{ field: quarter === null ? "fiscalYear" : "quarter", message: "the company already has a statement for this period" }]);

async function assertPeriodFree(uow: UnitOfWork, companyId: string, fiscalYear: number, quarter: number | null, exceptId?: string) {
  if (await repo.statementForPeriod(uow.tx, companyId, fiscalYear, quarter, exceptId)) throw periodTaken(quarter);
}

/** Two writers racing onto one period: the unique index decides, and the loser hears why (400, like the check). */
async function periodGuard<T>(quarter: number | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (databaseErrorCode(error) === "23505") throw periodTaken(quarter);
    throw error;
  }
}

const figures = (input: FinancialStatementPatch) => ({
  ...(input.revenue !== undefined ? { revenue: input.revenue } : {}),
  ...(input.profit !== undefined ? { profit: input.profit } : {}),
  ...(input.assets !== undefined ? { assets: input.assets } : {}),
  ...(input.liabilities !== undefined ? { liabilities: input.liabilities } : {}),
  ...(input.equity !== undefined ? { equity: input.equity } : {}),
  ...(input.source !== undefined ? { source: input.source } : {}),
  ...(input.note !== undefined ? { note: input.note } : {}),
});

export async function createStatement(platform: Platform, context: Context, companyId: string, input: FinancialStatementCreate) {
  const quarter = input.quarter ?? null;
  return periodGuard(quarter, () =>
    run(platform, context, companyId, async (uow, company) => {
      await assertPeriodFree(uow, companyId, input.fiscalYear, quarter);
      const row = await repo.insertStatement(uow.tx, {
        companyId,
        fiscalYear: input.fiscalYear,
        quarter,
        currency: input.currency,
        ...figures(input),
      });
      await uow.emit(financeEvent("statement_created", company, row.id));
      return presentStatement(row);
    }),
  );
}

export async function updateStatement(
  platform: Platform,
  context: Context,
  companyId: string,
  statementId: string,
  version: number,
  input: FinancialStatementPatch,
) {
  return run(platform, context, companyId, async (uow, company) => {
    const current = await repo.lockStatement(uow.tx, companyId, statementId);
    if (!current) throw NotFound("Financial statement");
    if (current.version !== version) throw PreconditionFailed();
    const fiscalYear = input.fiscalYear ?? current.fiscalYear;
    const quarter = input.quarter !== undefined ? input.quarter : current.quarter;
    return periodGuard(quarter, async () => {
      if (fiscalYear !== current.fiscalYear || quarter !== current.quarter)
        await assertPeriodFree(uow, companyId, fiscalYear, quarter, statementId);
      const row = await repo.updateStatement(uow.tx, statementId, version, {
        fiscalYear,
        quarter,
        ...(input.currency !== undefined ? { currency: input.currency } : {}),
        ...figures(input),
      });
      if (!row) throw PreconditionFailed();
      await uow.emit(financeEvent("statement_updated", company, row.id));
      return presentStatement(row);
    });
  });
}

export async function deleteStatement(
  platform: Platform,
  context: Context,
  companyId: string,
  statementId: string,
  version: number | undefined,
) {
  await run(platform, context, companyId, async (uow, company) => {
    const current = await repo.lockStatement(uow.tx, companyId, statementId);
    if (!current) throw NotFound("Financial statement");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await repo.deleteStatement(uow.tx, statementId);
    await uow.emit(financeEvent("statement_deleted", company, statementId));
  });
}

// ─── ratings ─────────────────────────────────────────────────────────────────

export async function listRatings(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  return { items: (await repo.listRatings(platform.db, companyId)).map(presentRating) };
}

/** A rating is announced on its date or later: a date after tomorrow (UTC, for clients east of it) is a typo. */
function checkRatedOn(ratedOn: string) {
  const latest = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (ratedOn > latest) throw Validation([{ field: "ratedOn", message: "cannot be in the future" }]);
}

function positionOf(agency: CreditAgency, rating: string) {
  const position = scalePosition(agency, rating);
  if (position === undefined)
    throw Validation([{ field: "rating", message: `is not a rating of ${agency} (${agencyRatings(agency).join(", ")})` }]);
  return position;
}

export async function createRating(platform: Platform, context: Context, companyId: string, input: CreditRatingCreate) {
  const position = positionOf(input.agency, input.rating);
  checkRatedOn(input.ratedOn);
  return run(platform, context, companyId, async (uow, company) => {
    const row = await repo.insertRating(uow.tx, {
      companyId,
      agency: input.agency,
      rating: input.rating,
      scalePosition: position,
      ratedOn: input.ratedOn,
      outlook: input.outlook ?? null,
      note: input.note ?? null,
    });
    await uow.emit(financeEvent("rating_created", company, row.id));
    return presentRating(row);
  });
}

export async function updateRating(
  platform: Platform,
  context: Context,
  companyId: string,
  ratingId: string,
  version: number,
  input: CreditRatingPatch,
) {
  if (input.ratedOn !== undefined) checkRatedOn(input.ratedOn);
  return run(platform, context, companyId, async (uow, company) => {
    const current = await repo.lockRating(uow.tx, companyId, ratingId);
    if (!current) throw NotFound("Credit rating");
    if (current.version !== version) throw PreconditionFailed();
    const rating = input.rating ?? current.rating;
    const row = await repo.updateRating(uow.tx, ratingId, version, {
      rating,
      scalePosition: positionOf(current.agency as CreditAgency, rating),
      ...(input.ratedOn !== undefined ? { ratedOn: input.ratedOn } : {}),
      ...(input.outlook !== undefined ? { outlook: input.outlook } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
    });
    if (!row) throw PreconditionFailed();
    await uow.emit(financeEvent("rating_updated", company, row.id));
    return presentRating(row);
  });
}

export async function deleteRating(platform: Platform, context: Context, companyId: string, ratingId: string, version: number | undefined) {
  await run(platform, context, companyId, async (uow, company) => {
    const current = await repo.lockRating(uow.tx, companyId, ratingId);
    if (!current) throw NotFound("Credit rating");
    if (version !== undefined && version !== current.version) throw PreconditionFailed();
    await repo.deleteRating(uow.tx, ratingId);
    await uow.emit(financeEvent("rating_deleted", company, ratingId));
  });
}

// ─── credit limit ────────────────────────────────────────────────────────────

export async function getCreditLimit(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  return presentCreditLimit(companyId, await repo.findCredit(platform.db, companyId));
}

/** Sets or clears the limit; `version` is its ETag (0 while the company never had one). */
export async function putCreditLimit(platform: Platform, context: Context, companyId: string, version: number, input: CreditLimitPut) {
  return run(platform, context, companyId, async (uow, company) => {
    const values = {
      amount: input.amount,
      currency: input.amount === null ? (input.currency ?? null) : input.currency!,
      note: input.note ?? null,
    };
    const current = await repo.lockCredit(uow.tx, companyId);
    if ((current?.version ?? 0) !== version) throw PreconditionFailed();
    const row = current
      ? await repo.updateCredit(uow.tx, companyId, version, values)
      : await repo.insertCredit(uow.tx, { companyId, ...values });
    if (!row) throw PreconditionFailed();
    await uow.emit(financeEvent("credit_limit_changed", company, companyId));
    return presentCreditLimit(companyId, row);
  });
}
